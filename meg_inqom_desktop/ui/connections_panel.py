"""Paramètres › Connexions: who is signed in to MEG and Inqom on this workstation, until when,
and « Se connecter à MEG / Inqom » to sign in (again, or with another account).

One line per authorization (service, account, what it reaches, validity); never a token. The
list is read off the GUI thread (the keyring may block) when the panel is shown and after each
sign-in.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from meg_inqom_desktop.ui import colors
from meg_inqom_desktop.ui.async_tools import Tasks
from meg_inqom_desktop.ui.wizard.browser_auth import BrowserAuthWidget

if TYPE_CHECKING:
    from meg_inqom_desktop.app.accounts import AuthorizationInfo
    from meg_inqom_desktop.app.connector import Connector

PARIS = ZoneInfo("Europe/Paris")


class ConnectionsPanel(QGroupBox):
    """The sign-ins kept on this workstation, with a sign-in button per service."""

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Connexions"))
        self.connector = connector
        self.tasks = Tasks()
        self.lines = QLabel(self.tr("Lecture du trousseau…"))
        self.lines.setWordWrap(True)
        self.sign_in = {
            service: BrowserAuthWidget(
                connector,
                service,
                label,
                reuse=False,
                start_text=self.tr("Se connecter à {0}").format(label),
            )
            for service, label in (("meg", "MEG"), ("inqom", "Inqom"))
        }
        layout = QVBoxLayout(self)
        layout.addWidget(self.lines)
        for widget in self.sign_in.values():
            widget.authorized.connect(self.refresh)
            layout.addWidget(widget)

    def refresh(self) -> None:
        """Read the authorizations again (in the background, when an event loop runs)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # widgets driven without a loop (tests): nothing to read with
            return
        self.tasks.start("reload", self.reload())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    async def reload(self) -> list[AuthorizationInfo]:
        """Show the authorizations kept (read in a worker thread)."""
        try:
            infos = await self.connector.in_thread(self.connector.authorizations)
        except Exception as exc:  # no keyring: say it, the buttons say the rest
            self.lines.setText(getattr(exc, "message", "") or str(exc))
            self.lines.setStyleSheet(colors.style("error"))
            return []
        self.lines.setStyleSheet("")
        self.lines.setText("\n".join(self._line(i) for i in infos) or self.tr("Aucune connexion."))
        return infos

    def _line(self, info: AuthorizationInfo) -> str:
        if info.renewable:
            until = self.tr("renouvelée automatiquement")
        else:
            day = self._day(info.expires_at)
            until = (
                self.tr("expirée le {0}")
                if info.state == "expired"
                else self.tr("valable jusqu'au {0}")
            ).format(day)
        reach = (
            self.tr("{0} dossier(s)").format(len(info.reaches))
            if info.reaches
            else self.tr("aucun dossier encore")
        )
        mark = "⚠ " if info.state != "ok" else ""
        return f"{mark}{info.label} — {info.account} — {reach} — {until}"

    @staticmethod
    def _day(timestamp: float | None) -> str:
        if timestamp is None:
            return ""
        return datetime.fromtimestamp(timestamp, UTC).astimezone(PARIS).strftime("%d/%m/%Y")
