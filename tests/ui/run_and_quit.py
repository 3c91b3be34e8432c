"""Start the app as ``meg-inqom-desktop --sandbox`` does (``application.run``), wait for its
main window, then end it as a person would: ``menu`` (Fichier → Quitter) or ``close`` (the
window's close button; offscreen there is no tray, so closing quits).

Run by ``test_application_run.py`` in a subprocess: ``python run_and_quit.py DATA HOW``.
"""

from __future__ import annotations

import asyncio
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from meg_inqom_desktop.ui import application
from meg_inqom_desktop.ui.main_window import MainWindow

DATA, HOW = sys.argv[1], sys.argv[2]
QUIT_AFTER_S = 60.0


def end_when_shown() -> None:
    loop = asyncio.get_event_loop()
    app = QApplication.instance()
    shown = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if "qasync" not in type(loop).__module__ or not loop.is_running() or not shown:
        QTimer.singleShot(50, end_when_shown)
        return
    if HOW == "menu":
        next(
            a for a in shown[0].menuBar().actions()[0].menu().actions() if a.text() == "Quitter"
        ).trigger()
    else:
        shown[0].close()


app = QApplication(["meg-inqom-desktop"])
QTimer.singleShot(0, end_when_shown)
QTimer.singleShot(int(QUIT_AFTER_S * 1000), lambda: os._exit(3))  # never ended: fail
sys.exit(application.run(["meg-inqom-desktop", "--sandbox", "--data-dir", DATA]))
