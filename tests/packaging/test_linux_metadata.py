"""Linux menu entry and AppStream metadata: well-formed, consistent with each other and valid
for the desktop tools (``appstreamcli``; ``desktop-file-validate`` too where installed)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from meg_inqom_desktop import __version__

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
APP_ID = "io.github.meg_inqom.MegInqomDesktop"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_gui_with_the_app_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "meg-inqom-desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_matches_the_desktop_entry_and_the_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "MIT"
    binaries = {b.text for b in root.iter("binary")}
    assert binaries == {"meg-inqom-desktop", "meg-inqom"}
    releases = [r.get("version") for r in root.iter("release")]
    assert __version__.split("+")[0] in releases, "add a <release> for the package version"


def test_appstreamcli_accepts_the_metainfo() -> None:
    tool = shutil.which("appstreamcli")
    assert tool, "appstreamcli (Debian package appstream) is part of the build machine"
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
