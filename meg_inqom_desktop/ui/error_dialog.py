"""The unexpected-error dialog, the ``sys.excepthook`` that opens it, and « Ouvrir le dossier des
journaux ».

The dialog says what happened in plain French, reassures that stored data is safe, and offers
« Copier le rapport » (``app/support_report.py``: versions, OS, SIRETs, last log lines, no
token) and « Ouvrir le dossier des journaux ». :func:`install_excepthook` logs every uncaught
exception (main thread and worker threads) and shows the dialog on the GUI thread; a second
error while the dialog is open is only logged.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.app.support_report import build_report, scrub
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.ui.about_dialog import qt_versions
from meg_inqom_desktop.ui.icons import app_icon

log = logging.getLogger(__name__)

ExcHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def open_logs_folder(paths: DataPaths) -> bool:
    """Show the log folder in the system's file manager; False if the OS refused."""
    paths.logs.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.logs)))


def _what_happened(error: BaseException | None) -> str:
    if error is None:
        return ""
    title = getattr(error, "title", None)
    message = getattr(error, "message", None)
    if title and message:
        return scrub(f"{title} : {message}")
    return scrub(f"{type(error).__name__} : {error}")


class ErrorDialog(QDialog):
    """What happened, the report (hidden until asked), copy it, open the logs."""

    def __init__(
        self,
        paths: DataPaths,
        error: BaseException | None = None,
        parent: QWidget | None = None,
        process: str = "gui",
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setWindowTitle(self.tr("Erreur inattendue"))
        self.setWindowIcon(app_icon())
        self.report = build_report(paths, error=error, versions=qt_versions(), process=process)

        icon = QLabel()
        style = self.style()
        icon.setPixmap(
            style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48)
        )
        headline = QLabel(
            "<b>" + self.tr("L'application a rencontré une erreur inattendue.") + "</b>"
        )
        explanation = QLabel(
            self.tr(
                "Les écritures et les pièces déjà enregistrées ne sont pas touchées. Vous pouvez "
                "continuer ou redémarrer l'application. Si l'erreur revient, copiez le rapport "
                "et envoyez-le au support : il ne contient ni mot de passe ni jeton, seulement "
                "les versions, le système, les SIRET des dossiers et les dernières lignes du "
                "journal."
            )
        )
        explanation.setWordWrap(True)
        self.what = QLabel(_what_happened(error))
        self.what.setWordWrap(True)
        self.what.setVisible(bool(self.what.text()))

        self.details = QPlainTextEdit(self.report)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 220)
        self.details.setVisible(False)

        text = QVBoxLayout()
        for widget in (headline, self.what, explanation):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self.tr("Copier le rapport"))
        self.copy_button.clicked.connect(self.copy_report)
        self.show_button = QPushButton(self.tr("Afficher le rapport"))
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self.details.setVisible)
        logs = QPushButton(self.tr("Ouvrir le dossier des journaux"))
        logs.clicked.connect(lambda: open_logs_folder(self.paths))
        for button in (self.copy_button, self.show_button, logs):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Rapport copié"))


class _ExceptHook:
    """Log, then show one :class:`ErrorDialog` at a time on the GUI thread."""

    def __init__(self, paths: DataPaths, parent: Callable[[], QWidget | None] | None) -> None:
        self.paths = paths
        self.parent = parent or (lambda: None)
        self.dialog: ErrorDialog | None = None
        self.previous_sys = sys.excepthook
        self.previous_threading = threading.excepthook
        self.loop_restore: Callable[[], None] | None = None

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous_sys(kind, error, tb)
            return
        log.critical("erreur inattendue", exc_info=(kind, error, tb))
        app = QApplication.instance()
        if app is None:
            self.previous_sys(kind, error, tb)
            return
        if error.__traceback__ is None and tb is not None:
            error = error.with_traceback(tb)
        QTimer.singleShot(0, app, lambda: self.show(error))

    def on_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def show(self, error: BaseException) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # logged already; one dialog at a time
        try:
            self.dialog = ErrorDialog(self.paths, error, self.parent())
            self.dialog.open()
        except Exception:  # never let the error dialog itself take the app down
            log.exception("the unexpected-error dialog could not be shown")

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous_sys
        if threading.excepthook == self.on_thread:
            threading.excepthook = self.previous_threading
        if self.loop_restore is not None:
            self.loop_restore()
            self.loop_restore = None


def install_excepthook(
    paths: DataPaths,
    parent: Callable[[], QWidget | None] | None = None,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Callable[[], None]:
    """Route uncaught exceptions to the log and the error dialog; returns ``uninstall``.

    With ``loop`` (the qasync loop), an exception nobody awaited in a task or callback of that
    loop goes the same way (else asyncio would only log it).
    """
    hook = _ExceptHook(paths, parent)
    sys.excepthook = hook
    threading.excepthook = hook.on_thread
    if loop is not None:
        previous = loop.get_exception_handler()

        def on_loop_error(current: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            error = context.get("exception")
            if isinstance(error, Exception):
                hook(type(error), error, error.__traceback__)
            elif previous is not None:
                previous(current, context)
            else:
                current.default_exception_handler(context)

        loop.set_exception_handler(on_loop_error)
        hook.loop_restore = lambda: loop.set_exception_handler(previous)
    return hook.uninstall
