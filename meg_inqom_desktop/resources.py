"""Where the app's read-only resources (icons, API contracts, ...) are, however it was installed.

The project keeps them in ``resources/`` at the root of the source tree. Three layouts exist:

* PyInstaller bundle: ``<sys._MEIPASS>/resources`` (the spec copies the folder there);
* installed wheel: ``meg_inqom_desktop/_resources`` (hatch ``force-include`` maps it there);
* source tree or editable install: ``<repo>/resources`` beside the package.

No Qt here: the GUI turns these paths into ``QIcon``s itself.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Literal

TrayState = Literal["idle", "syncing", "error"]
TRAY_STATES: tuple[TrayState, ...] = ("idle", "syncing", "error")
APP_PNG_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)
TRAY_PNG_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64)


def _candidates() -> list[Path]:
    found: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        found.append(Path(meipass) / "resources")
    package = Path(__file__).resolve().parent
    found.append(package / "_resources")
    found.append(package.parent / "resources")
    return found


@cache
def resources_root() -> Path:
    """The folder holding the resources; raises ``FileNotFoundError`` if none is there."""
    for folder in _candidates():
        if (folder / "icons").is_dir():
            return folder
    tried = ", ".join(str(p) for p in _candidates())
    raise FileNotFoundError(f"resources folder not found (tried {tried})")


def resource_path(*parts: str) -> Path:
    """A file or folder inside the resources folder (not checked for existence)."""
    return resources_root().joinpath(*parts)


def icons_dir() -> Path:
    return resource_path("icons")


def app_icon_svg() -> Path:
    """The scalable application icon."""
    return icons_dir() / "app.svg"


def app_icon_png(size: int) -> Path:
    """The application icon drawn at ``size`` pixels (one of :data:`APP_PNG_SIZES`)."""
    if size not in APP_PNG_SIZES:
        raise ValueError(f"no {size}px app icon; sizes: {APP_PNG_SIZES}")
    return icons_dir() / "png" / f"app-{size}.png"


def app_icon_pngs() -> list[Path]:
    """Every PNG size of the application icon, smallest first (for ``QIcon.addFile``)."""
    return [app_icon_png(size) for size in APP_PNG_SIZES]


def app_icon_ico() -> Path:
    """The Windows icon container (also used by the PyInstaller executables)."""
    return icons_dir() / "app.ico"


def app_icon_icns() -> Path:
    """The macOS icon container."""
    return icons_dir() / "app.icns"


def tray_icon_svg(state: TrayState) -> Path:
    """The scalable tray icon for a sync state: ``idle``, ``syncing`` or ``error``."""
    if state not in TRAY_STATES:
        raise ValueError(f"unknown tray state {state!r}; states: {TRAY_STATES}")
    return icons_dir() / f"tray-{state}.svg"


def tray_icon_pngs(state: TrayState) -> list[Path]:
    """Every PNG size of a tray icon, smallest first (for platforms without the SVG plugin)."""
    tray_icon_svg(state)  # validates the state
    return [icons_dir() / "png" / f"tray-{state}-{size}.png" for size in TRAY_PNG_SIZES]
