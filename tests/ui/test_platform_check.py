"""The X11 libraries Qt needs, checked before Qt starts: every missing one named, with the
exact Debian/Ubuntu and Fedora packages to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from meg_inqom_desktop.ui import application, platform_check
from meg_inqom_desktop.ui.platform_check import (
    PACKAGES,
    advice,
    import_problem,
    missing_libraries,
    wants_xcb,
    xcb_plugin,
)

LDD = """\
\tlinux-vdso.so.1 (0x00007f4bbba62000)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f4bbb994000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f4bbb931000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def _refuses(name: str):  # type: ignore[no-untyped-def]
    def load(path: str) -> object:
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")

    return load


def test_every_missing_library_is_named_from_ldd() -> None:
    plugin = Path("/opt/PySide6/Qt/plugins/platforms/libqxcb.so")
    found = missing_libraries(plugin, load=_refuses("libxcb-icccm.so.4"), ldd=lambda _p: LDD)
    assert found == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries(plugin, load=lambda _p: object(), ldd=lambda _p: LDD) == []

    def no_ldd(_path: Path) -> str:
        raise FileNotFoundError("ldd")

    assert missing_libraries(plugin, load=_refuses("libxcb-icccm.so.4"), ldd=no_ldd) == [
        "libxcb-icccm.so.4"
    ]


def test_the_advice_gives_the_exact_packages() -> None:
    text = advice(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "(libxcb-icccm.so.4, libxcb-keysyms.so.1)" in text
    assert "  Debian, Ubuntu : sudo apt install libxcb-icccm4 libxcb-keysyms1\n" in text
    assert "  Fedora : sudo dnf install xcb-util-keysyms xcb-util-wm\n" in text
    odd = advice(["libfoo.so.3"])
    assert "apt install" not in odd and "libfoo.so.3" in odd
    broken = import_problem(ImportError("libEGL.so.1: cannot open shared object file"))
    assert "sudo apt install libegl1" in broken and "sudo dnf install libglvnd-egl" in broken


def test_which_sessions_use_x11() -> None:
    assert wants_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not wants_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"})
    assert wants_xcb({"DISPLAY": ":0"})
    assert not wants_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not wants_xcb({})


def _needed(path: Path) -> set[str]:
    """The DT_NEEDED names of an ELF64 little-endian shared library (what ``readelf -d``
    lists), read here so the test needs no binutils."""
    import struct

    data = path.read_bytes()
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    out = set()
    for _name, kind, _f, _a, offset, size, link, _i, _al, entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for at in range(offset, offset + size, entsize):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                out.add(data[strtab + value : end].decode())
    return out


def test_the_table_covers_what_qts_xcb_plugin_links_against() -> None:
    """Every system library the installed plugin links against has its packages."""
    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    needed = _needed(plugin) | _needed(plugin.parents[2] / "lib" / "libQt6XcbQpa.so.6")
    assert "libxcb-icccm.so.4" in needed and "libxcb-keysyms.so.1" in needed
    base = ("libQt6", "libstdc++", "libm.", "libc.", "libgcc")
    system = {n for n in needed if not n.startswith(base)}
    assert system - set(PACKAGES) == set()


def test_the_app_stops_with_the_advice_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = advice(["libxcb-icccm.so.4"])
    monkeypatch.setattr(platform_check, "platform_problem", lambda: text)
    assert application.run(["meg-inqom-desktop"]) == 1
    assert capsys.readouterr().err == text
