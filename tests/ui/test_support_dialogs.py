"""About dialog, unexpected-error dialog, the excepthook, « Ouvrir le dossier des journaux »."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from meg_inqom_desktop import __version__
from meg_inqom_desktop.app.logging_setup import setup_logging
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths
from meg_inqom_desktop.ui.about_dialog import AboutDialog, about_text
from meg_inqom_desktop.ui.error_dialog import ErrorDialog, install_excepthook, open_logs_folder

TOKEN = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.fixture
def paths(data_dir: Path) -> Iterator[DataPaths]:
    root = logging.getLogger()
    before = list(root.handlers)
    result = resolve_data_paths(data_dir)
    setup_logging(result, "gui")
    yield result
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


class UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def record(self, url: QUrl) -> None:
        self.urls.append(url)


def test_about_shows_the_package_version(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(paths=paths)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()
    dialog.copy_info()
    copied = QGuiApplication.clipboard().text()
    assert copied == about_text(paths)
    assert f"meg-inqom-desktop) {__version__}" in copied and "Qt 6." in copied
    assert str(paths.logs) in copied


def test_error_dialog_copies_a_report_without_token(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    logging.getLogger("meg_inqom_desktop.sync").info("synchronisation de 73282932000074")
    try:
        raise RuntimeError(f"boom with access_token={TOKEN}")
    except RuntimeError as exc:
        dialog = ErrorDialog(paths, exc)
    qtbot.addWidget(dialog)
    assert "RuntimeError" in dialog.what.text() and TOKEN not in dialog.what.text()
    dialog.copy_report()
    report = QGuiApplication.clipboard().text()
    assert report == dialog.report
    assert __version__ in report and "Qt : 6." in report and "PySide6 : " in report
    assert "synchronisation de 73282932000074" in report
    assert "Traceback" in report and TOKEN not in report
    assert not dialog.details.isVisible()
    dialog.show()
    dialog.show_button.click()
    assert dialog.details.isVisible()


def test_excepthook_logs_and_shows_one_dialog(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    uninstall = install_excepthook(paths)
    hook = uninstall.__self__  # type: ignore[attr-defined]
    try:
        try:
            raise ValueError("unexpected")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
        first = hook.dialog
        # an error in a worker thread while the dialog is open: logged, no second dialog
        shown: list[BaseException] = []
        show = hook.show
        hook.show = lambda error: (shown.append(error), show(error))
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 1)  # the GUI thread has handled it
        assert isinstance(shown[0], ZeroDivisionError)
        assert hook.dialog is first
        first.close()
    finally:
        uninstall()
    assert sys.excepthook is not hook
    text = (paths.logs / "gui.log").read_text(encoding="utf-8")
    assert "CRITICAL" in text and "ValueError: unexpected" in text
    assert "ZeroDivisionError" in text


def test_open_logs_folder_asks_the_desktop_for_the_log_folder(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "record")
    try:
        assert open_logs_folder(paths) is True
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in recorder.urls] == [str(paths.logs)]


def test_about_finds_the_data_folder_through_its_parent(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from PySide6.QtWidgets import QWidget

    window = QWidget()
    window.connector = SimpleNamespace(paths=paths)  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    dialog = AboutDialog(window)
    assert dialog.paths == paths
    assert dialog.parent() is window


def test_an_unretrieved_task_error_reaches_the_dialog(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    loop = asyncio.new_event_loop()
    uninstall = install_excepthook(paths, loop=loop)
    hook = uninstall.__self__  # type: ignore[attr-defined]
    try:
        loop.call_exception_handler(
            {"message": "Task exception was never retrieved", "exception": LookupError("x")}
        )
        qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
        assert "LookupError" in hook.dialog.what.text()
        hook.dialog.close()
        loop.call_exception_handler({"message": "no exception here"})  # default handler
    finally:
        uninstall()
        loop.close()
    assert loop.get_exception_handler() is None


def test_help_menu_support_actions(qtbot, paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from meg_inqom_desktop.ui.support_menu import add_support_actions

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("Aide")
    logs, report = add_support_actions(menu, window, paths)
    assert [a.text() for a in menu.actions()] == [
        "Ouvrir le dossier des journaux",
        "Copier un rapport pour le support",
    ]
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "record")
    try:
        logs.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in recorder.urls] == [str(paths.logs)]
    report.trigger()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("=== Rapport meg-inqom-desktop ===") and __version__ in text
