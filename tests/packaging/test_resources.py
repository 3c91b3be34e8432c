"""The resources locator (source tree, wheel, PyInstaller bundle) and the committed icon set."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from meg_inqom_desktop import resources

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    resources.resources_root.cache_clear()
    yield
    resources.resources_root.cache_clear()


def test_source_tree_resources_are_found() -> None:
    assert resources.resources_root() == ROOT / "resources"
    assert resources.app_icon_svg().is_file()
    assert resources.app_icon_ico().is_file() and resources.app_icon_icns().is_file()


def test_bundle_resources_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_root() == tmp_path / "resources"
    assert resources.tray_icon_svg("error") == tmp_path / "resources/icons/tray-error.svg"


def test_wheel_layout_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed from a wheel: ``meg_inqom_desktop/_resources`` beside the module."""
    package = tmp_path / "site-packages" / "meg_inqom_desktop"
    (package / "_resources" / "icons").mkdir(parents=True)
    shutil.copy(resources.__file__, package / "resources.py")
    monkeypatch.setattr(resources, "__file__", str(package / "resources.py"))
    assert resources.resources_root() == package / "_resources"


def test_missing_resources_say_where_they_were_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "pkg" / "resources.py"))
    with pytest.raises(FileNotFoundError, match="_resources"):
        resources.resources_root()


def test_unknown_sizes_and_states_are_refused() -> None:
    with pytest.raises(ValueError, match=r"^no 17px app icon"):
        resources.app_icon_png(17)
    with pytest.raises(ValueError, match=r"^unknown tray state 'busy'"):
        resources.tray_icon_svg("busy")  # type: ignore[arg-type]


def test_every_png_exists_with_its_size() -> None:
    for path, size in zip(resources.app_icon_pngs(), resources.APP_PNG_SIZES, strict=True):
        with Image.open(path) as image:
            assert image.size == (size, size), path
            assert image.mode == "RGBA"
    for state in resources.TRAY_STATES:
        assert resources.tray_icon_svg(state).is_file()
        pngs = resources.tray_icon_pngs(state)
        for path, size in zip(pngs, resources.TRAY_PNG_SIZES, strict=True):
            with Image.open(path) as image:
                assert image.size == (size, size), path
                # transparent corners: the glyph sits on any panel colour
                assert image.getpixel((0, 0))[3] == 0, path


def test_tray_states_are_told_apart_by_colour() -> None:
    """The error icon is mostly red, idle and syncing mostly blue (and not the same picture)."""

    def dominant(state: resources.TrayState) -> str:
        with Image.open(resources.tray_icon_pngs(state)[-1]) as image:
            raw = image.convert("RGBA").tobytes()
        pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
        red = sum(1 for r, g, b, a in pixels if a > 200 and r > 170 and g < 90 and b < 90)
        blue = sum(1 for r, g, b, a in pixels if a > 200 and b > 170 and r < 90)
        return "red" if red > blue else "blue"

    assert dominant("error") == "red"
    assert dominant("idle") == dominant("syncing") == "blue"
    idle, syncing = (resources.tray_icon_pngs(s)[-1].read_bytes() for s in ("idle", "syncing"))
    assert idle != syncing


def test_ico_and_icns_hold_the_expected_sizes() -> None:
    with Image.open(resources.app_icon_ico()) as ico:
        sizes = set(ico.info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    with Image.open(resources.app_icon_icns()) as icns:
        assert icns.size == (512, 512) or (512, 512) in {s[:2] for s in icns.info["sizes"]}
