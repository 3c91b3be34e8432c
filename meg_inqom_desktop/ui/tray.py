"""The tray icon: idle / syncing / error, its menu, one notification per sync.

``notified(title, message)`` is emitted for every notification, shown or not (tests wait for
it). When the system has no tray, :attr:`Tray.available` is False and the app keeps a normal
window instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from meg_inqom_desktop.ui.error_presenter import present
from meg_inqom_desktop.ui.icons import tray_icon

APP_TITLE = "MEG → Inqom"


class Tray(QObject):
    """Tray icon and menu; signals ask the application to act."""

    notified = Signal(str, str)
    sync_requested = Signal()
    open_requested = Signal()
    pause_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.state = "idle"
        self.icon = QSystemTrayIcon(tray_icon("idle"), self)
        self.icon.setToolTip(APP_TITLE)
        self.menu = QMenu()
        self.sync_action = QAction(self.tr("Synchroniser maintenant"), self)
        self.open_action = QAction(self.tr("Ouvrir"), self)
        self.pause_action = QAction(self.tr("Suspendre"), self)
        self.pause_action.setCheckable(True)
        self.quit_action = QAction(self.tr("Quitter"), self)
        for action in (self.sync_action, self.open_action, self.pause_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.sync_action.triggered.connect(self.sync_requested.emit)
        self.open_action.triggered.connect(self.open_requested.emit)
        self.pause_action.toggled.connect(self.pause_toggled.emit)
        self.quit_action.triggered.connect(self.quit_requested.emit)
        self.icon.activated.connect(self._activated)
        if self.available:
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def set_state(self, state: str, tooltip: str = "") -> None:
        """``idle``, ``syncing`` or ``error``."""
        self.state = state
        self.icon.setIcon(tray_icon(state))
        self.icon.setToolTip(f"{APP_TITLE}\n{tooltip}" if tooltip else APP_TITLE)
        self.sync_action.setEnabled(state != "syncing")

    def set_paused(self, paused: bool) -> None:
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def notify(self, title: str, message: str, *, error: bool = False) -> None:
        """Show one notification (when a tray exists) and emit ``notified``."""
        if self.available and QSystemTrayIcon.supportsMessages():
            icon = (
                QSystemTrayIcon.MessageIcon.Critical
                if error
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.icon.showMessage(title, message, icon, 10_000)
        self.notified.emit(title, message)

    def notify_error(self, exc: BaseException) -> None:
        """An error notified with what to do (the presenter's title and message)."""
        shown = present(exc)
        self.set_state("error", shown.title)
        self.notify(shown.title, shown.message, error=True)

    def hide(self) -> None:
        self.icon.hide()
