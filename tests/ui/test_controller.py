"""Which window opens at start, tray actions, closing to the tray or quitting."""

from __future__ import annotations

from ui_ledger_seed import seed_dossier

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.settings import load_settings
from meg_inqom_desktop.ui.controller import AppController
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.wizard.wizard import SetupWizard


def _controller(paths) -> AppController:  # type: ignore[no-untyped-def]
    return AppController(Connector(paths), start_scheduler=False)


def test_wizard_when_no_dossier_main_window_otherwise(qapp, qtbot, ledger_paths) -> None:
    controller = _controller(ledger_paths)
    shown = controller.start()
    qtbot.addWidget(shown)
    assert isinstance(shown, SetupWizard) and not shown.flow.add_dossier
    shown.reject()
    seed_dossier()
    again = _controller(ledger_paths)
    window = again.start()
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and window.isVisible()
    # "Ajouter un dossier" reruns the wizard without the prerequisites
    window.add_dossier_requested.emit()
    assert again.wizard is not None and again.wizard.flow.add_dossier
    qtbot.addWidget(again.wizard)


def test_tray_open_and_pause(qapp, qtbot, ledger_paths) -> None:
    seed_dossier()
    controller = _controller(ledger_paths)
    window = controller.start()
    qtbot.addWidget(window)
    window.hide()
    controller.tray.open_action.trigger()
    assert window.isVisible()
    controller.tray.pause_action.trigger()
    assert load_settings(ledger_paths.settings).paused
    controller.tray.pause_action.trigger()
    assert not load_settings(ledger_paths.settings).paused


def test_close_keeps_the_app_in_the_tray_when_there_is_one(qapp, qtbot, ledger_paths) -> None:
    seed_dossier()
    controller = _controller(ledger_paths)
    window = controller.start()
    qtbot.addWidget(window)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    window.tray.available = True
    window.close()
    assert not window.isVisible() and quits == []  # hidden, still running in the tray
    window.show()
    window.tray.available = False  # no tray on this system: closing quits
    window.close()
    assert quits == [True]


def test_help_menu_gets_the_support_actions(qapp, qtbot, ledger_paths) -> None:
    seed_dossier()
    window = _controller(ledger_paths).start()
    qtbot.addWidget(window)
    actions = window._add_support_actions()
    assert [a.text() for a in actions] == [
        "Ouvrir le dossier des journaux",
        "Copier un rapport pour le support",
    ]
    assert window._add_support_actions() == actions  # added once
