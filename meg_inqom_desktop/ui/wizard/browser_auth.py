"""The browser authorization block (after Nextcloud's login page): open the browser, copy the
link, a waiting line, cancel. The test suite plays the browser through ``url_ready``.

With ``reuse`` (the wizard), an authorization already given by the person is used without a
browser: « Autorisation MEG déjà donnée par … », with « Utiliser un autre compte » to sign in
with another account."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from meg_inqom_desktop.ui.async_tools import async_slot
from meg_inqom_desktop.ui.error_presenter import present

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.setup import AuthorizationHandle

log = logging.getLogger(__name__)


class BrowserAuthWidget(QWidget):
    """Starts ``connector.authorize(service, siret)`` and waits for the browser to come back."""

    url_ready = Signal(str)
    authorized = Signal()
    failed = Signal(str)

    def __init__(
        self,
        connector: Connector,
        service: str,
        service_label: str,
        parent: QWidget | None = None,
        *,
        reuse: bool = True,
        start_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.connector = connector
        self.service = service
        self.service_label = service_label
        self.reuse = reuse
        self.siret = ""
        self.url = ""
        self.account: str | None = None  # whose authorization, once given
        self._handle: AuthorizationHandle | None = None
        self.start_button = QPushButton(
            start_text or self.tr("Autoriser l'accès à {0}").format(service_label)
        )
        self.other_button = QPushButton(self.tr("Utiliser un autre compte"))
        self.open_button = QPushButton(self.tr("Ouvrir le navigateur"))
        self.copy_button = QPushButton(self.tr("Copier le lien"))
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        for button in (self.other_button, self.open_button, self.copy_button, self.cancel_button):
            button.setVisible(False)
        row = QHBoxLayout()
        buttons = (
            self.start_button,
            self.other_button,
            self.open_button,
            self.copy_button,
            self.cancel_button,
        )
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.start_button.clicked.connect(self.on_start)
        self.other_button.clicked.connect(self.on_other_account)
        self.open_button.clicked.connect(self.open_browser)
        self.copy_button.clicked.connect(self.copy_link)
        self.cancel_button.clicked.connect(self.cancel)

    @async_slot()
    async def on_start(self) -> None:
        await self.authorize()

    @async_slot()
    async def on_other_account(self) -> None:
        await self.authorize(reuse=False)

    async def authorize(self, *, reuse: bool | None = None) -> bool:
        """Run one authorization (or reuse the one kept, see the module docstring): True once
        the service granted access."""
        reuse = self.reuse if reuse is None else reuse
        self._set_waiting(True)
        self.status.setText(self.tr("Préparation de l'autorisation…"))
        try:
            handle = self._handle = await self.connector.authorize(
                self.service, self.siret, reuse=reuse
            )
            if handle.existing is not None:
                await handle.wait()
                return self._done(
                    handle.existing,
                    self.tr("✓ Autorisation {0} déjà donnée par {1}.").format(
                        self.service_label, handle.existing
                    ),
                )
            self.url = handle.url
            self.status.setText(
                self.tr(
                    "En attente de votre autorisation dans le navigateur… Si rien ne "
                    "s'ouvre, cliquez sur « Copier le lien » et collez-le dans votre "
                    "navigateur."
                )
            )
            if not handle.browser_opened:
                self.status.setText(
                    self.tr(
                        "Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien » "
                        "et collez-le dans votre navigateur. En attente…"
                    )
                )
            self.url_ready.emit(self.url)
            await handle.wait()
        except asyncio.CancelledError:
            self.status.setText(self.tr("Autorisation annulée."))
            self._set_waiting(False)
            return False
        except Exception as exc:  # shown to the user, then the step may be retried
            shown = present(exc)
            self.status.setText(f"✗ {shown.title} : {shown.message}")
            self._set_waiting(False)
            self.failed.emit(shown.message)
            return False
        finally:
            self._handle = None
        account = handle.account or ""
        return self._done(account, self.tr("✓ Accès autorisé ({0}).").format(account))

    def _done(self, account: str, text: str) -> bool:
        self.account = account
        self._set_waiting(False)
        self.other_button.setVisible(self.reuse)
        self.status.setText(text)
        self.authorized.emit()
        return True

    def open_browser(self) -> None:
        if self.url and not QDesktopServices.openUrl(QUrl(self.url)):
            self.status.setText(
                self.tr("Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien ».")
            )

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.url)
        self.status.setText(self.tr("Lien copié : collez-le dans votre navigateur."))

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def _set_waiting(self, waiting: bool) -> None:
        self.start_button.setEnabled(not waiting)
        self.other_button.setEnabled(not waiting)
        for button in (self.open_button, self.copy_button, self.cancel_button):
            button.setVisible(waiting)
