"""Translations: English compiled and complete, selectable; amounts and dates by language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from PySide6.QtCore import QCoreApplication

from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.i18n import i18n_dir, install_language


def test_english_ts_is_complete_and_compiled() -> None:
    ts = i18n_dir() / "meg_inqom_en.ts"
    tree = ET.parse(ts)
    unfinished = [
        m.find("source").text
        for m in tree.iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []
    assert (i18n_dir() / "meg_inqom_en.qm").stat().st_size > 1000


def test_language_switch_changes_strings_amounts_and_dates(qapp) -> None:
    try:
        assert install_language(qapp, "en")
        assert QCoreApplication.translate("MainWindow", "Synchroniser maintenant") == "Sync now"
        assert formatting.amount(123456) == "1,234.56"
        assert formatting.day(date(2026, 11, 28)) == "2026-11-28"
    finally:
        install_language(qapp, "fr")
    assert QCoreApplication.translate("MainWindow", "Synchroniser maintenant") == (
        "Synchroniser maintenant"
    )
    assert formatting.amount(123456) == "1\u202f234,56"
    assert formatting.day(date(2026, 11, 28)) == "28/11/2026"


def test_every_ui_string_is_in_the_english_ts(tmp_path) -> None:
    """A new ``self.tr`` string needs: pyside6-lupdate, ``resources/i18n/fill_en.py``,
    pyside6-lrelease (the commands are in that script's docstring)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    ui = Path(__file__).resolve().parents[2] / "meg_inqom_desktop" / "ui"
    fresh = tmp_path / "fresh.ts"
    shutil.copy(i18n_dir() / "meg_inqom_en.ts", fresh)
    subprocess.run(
        [str(lupdate), *sorted(map(str, ui.rglob("*.py"))), "-ts", str(fresh), "-no-obsolete"],
        check=True,
        capture_output=True,
    )
    unfinished = [
        m.find("source").text
        for m in ET.parse(fresh).iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []
