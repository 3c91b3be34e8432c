"""Every top-level window and dialog, rendered offscreen on a 1366×768 screen and on a
1920×1080 screen at 150 % (1280×720 logical): nothing cut (labels, buttons, combos, field
placeholders, tabs, column headers) and no window off the screen.

Qt's screen is fixed when a process starts, so each screen is a subprocess running
``layout_windows.py``; the checks themselves are ``layout_check.py``, tested here first on
widgets built to be cut."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from layout_check import problems
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.ui.models.rows_model import RowsModel

HERE = Path(__file__).resolve().parent
WINDOWS = [
    "main_window_journal",
    "main_window_grand_livre",
    "main_window_todo",
    "main_window_history",
    "piece_viewer",
    "settings_dialog",
    "fec_export_dialog",
    "about_dialog",
    "error_dialog",
    "fec_import_dialog",
    "validate_month_dialog",
    "dossier_dialog",
    "wizard_0_prerequisites",
    "wizard_1_meg",
    "wizard_2_validate",
    "wizard_3_connect",
]


def test_the_checks_see_what_is_cut(qapp, qtbot) -> None:
    window = QWidget()
    window.setWindowTitle("essai")
    qtbot.addWidget(window)
    label = QLabel("Un libellé bien trop long pour sa place")
    label.setFixedWidth(60)
    combo = QComboBox()
    combo.addItems(["Toutes", "Import FEC"])
    combo.setFixedWidth(70)  # « Import Fl »
    edit = QLineEdit()
    edit.setPlaceholderText("Proxy du système (ex. http://proxy:3128)")
    edit.setFixedWidth(120)
    table = QTableView()
    model: RowsModel[str] = RowsModel([("Déclencheur", lambda r: r)])
    model.set_rows(["manuelle"])
    table.setModel(model)
    table.horizontalHeader().resizeSection(0, 30)
    row = QHBoxLayout()
    for widget in (label, combo, edit):
        row.addWidget(widget)
    layout = QVBoxLayout(window)
    layout.addLayout(row)
    layout.addWidget(table)
    window.move(-40, 10)  # the title bar off the screen
    window.show()
    qapp.processEvents()
    found = problems(window, QRect(0, 0, 1366, 768))
    assert len(found) == 5, found
    assert found[0].startswith("essai: window ")
    assert any("label « Un libellé bien trop long" in p for p in found)
    assert any("combo item « Import FEC » cut" in p for p in found)
    assert any("placeholder « Proxy du système" in p for p in found)
    assert any("header « Déclencheur » cut" in p for p in found)


@pytest.mark.parametrize(
    ("screen", "scale"), [("screen_1366x768.json", "1"), ("screen_1920x1080.json", "1.5")]
)
def test_every_window_fits_the_screen(screen: str, scale: str, tmp_path: Path) -> None:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={HERE / 'data' / screen}"
    env["QT_SCALE_FACTOR"] = scale
    env["MEG_INQOM_LAYOUT_SHOTS"] = str(tmp_path)
    env["MEG_INQOM_LAYOUT_PREFIX"] = f"{Path(screen).stem}_x{scale}"
    done = subprocess.run(
        [sys.executable, str(HERE / "layout_windows.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    logical = {"1": [0, 0, 1366, 768], "1.5": [0, 0, 1280, 720]}[scale]
    assert result["screen"] == logical
    assert result["windows"] == WINDOWS
    assert result["problems"] == []
    assert len(list(tmp_path.glob("*.png"))) == len(WINDOWS)
