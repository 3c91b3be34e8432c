"""Before Qt starts on Linux: are the system libraries of its X11 platform plugin there?

On a fresh Debian, Qt only says « xcb-cursor0 is needed » and aborts, while the libraries
missing were ``libxcb-icccm4`` and ``libxcb-keysyms1``. Here the app loads Qt's xcb plugin
itself first; when that fails it asks ``ldd`` which libraries are missing (all of them, not
only the first) and says which packages to install, for Debian/Ubuntu and for Fedora. No Qt
is imported here: this runs before ``QApplication`` exists, and prints to the terminal.

When everything is there the check costs one library load, which Qt then reuses.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# shared library -> (Debian/Ubuntu package, Fedora package): what Qt's xcb plugin, QtGui and
# QtCore link against (``readelf -d``), minus what every desktop has (libc, libstdc++, zlib)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
_SONAME = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*)")


def wants_xcb(env: Mapping[str, str]) -> bool:
    """True when Qt would use its X11 (xcb) plugin: asked for, or an X display without a
    Wayland one (Qt then prefers Wayland)."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6 (None if not found)."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def _load(path: str) -> object:
    import ctypes

    return ctypes.CDLL(path)


def _ldd(path: Path) -> str:
    import subprocess  # only when a library is missing

    try:
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=20)
    except subprocess.SubprocessError as exc:  # it hung
        raise OSError(str(exc)) from exc
    return done.stdout


def missing_libraries(
    plugin: Path,
    *,
    load: Callable[[str], object] = _load,
    ldd: Callable[[Path], str] = _ldd,
) -> list[str]:
    """The shared libraries the plugin cannot find (empty when it loads)."""
    try:
        load(str(plugin))
    except OSError as exc:
        first = _SONAME.findall(str(exc))
        try:
            listing = ldd(plugin)
        except OSError:  # no ldd, or it hung: the loader's first complaint
            return first[:1]
        found = [line.split("=>")[0].strip() for line in listing.splitlines()]
        missing = [
            name
            for name, line in zip(found, listing.splitlines(), strict=True)
            if "not found" in line
        ]
        return sorted(set(missing)) or first[:1]
    return []


def advice(missing: list[str]) -> str:
    """What to tell the person: the libraries missing and the exact packages to install."""
    debian = sorted({PACKAGES[m][0] for m in missing if m in PACKAGES})
    fedora = sorted({PACKAGES[m][1] for m in missing if m in PACKAGES})
    unknown = [m for m in missing if m not in PACKAGES]
    lines = [
        "MEG → Inqom ne peut pas ouvrir de fenêtre : des bibliothèques du système manquent "
        f"pour l'affichage X11 de Qt ({', '.join(missing)}).",
        "Installez-les, puis relancez l'application :",
    ]
    if debian:
        lines.append(f"  Debian, Ubuntu : sudo apt install {' '.join(debian)}")
        lines.append(f"  Fedora : sudo dnf install {' '.join(fedora)}")
    if unknown:
        lines.append(
            "  Autres bibliothèques : installez le paquet qui fournit "
            + ", ".join(unknown)
            + " (ou demandez-le à votre service informatique)."
        )
    return "\n".join(lines) + "\n"


def platform_problem(env: Mapping[str, str] | None = None) -> str | None:
    """On Linux with X11: the advice when Qt's xcb plugin cannot load, else None."""
    if not sys.platform.startswith("linux") or not wants_xcb(os.environ if env is None else env):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return advice(missing) if missing else None


def import_problem(exc: ImportError) -> str:
    """The advice when importing PySide6 itself failed on a missing system library."""
    missing = _SONAME.findall(str(exc))
    if missing:
        return advice(missing[:1])
    return (
        f"MEG → Inqom ne peut pas démarrer : Qt (PySide6) ne se charge pas ({exc}). "
        "Réinstallez l'application.\n"
    )
