"""What the dashboard's context menu and buttons do to dossiers: sync, resynchronise from MEG
(offered too after a run MEG refused for a lost feed position), validate the next month, open
in Inqom, import a FEC, edit, pause or resume, remove.

Each action is a plain coroutine (tests await it); dialogs are shown with ``open()``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from meg_inqom_desktop.ui.async_tools import ask_confirmation, show_message
from meg_inqom_desktop.ui.error_presenter import Reaction, present

if TYPE_CHECKING:
    from meg_inqom_desktop.sync.engine import RunResult
    from meg_inqom_desktop.ui.dossier_dialog import DossierDialog
    from meg_inqom_desktop.ui.main_window import MainWindow
    from meg_inqom_desktop.ui.validate_month_dialog import ValidateMonthDialog

log = logging.getLogger(__name__)


class DossierActions(QObject):
    """The actions of a :class:`MainWindow` on its dossiers."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.connector = window.connector

    def run(self, name: str, sirets: list[str]) -> None:
        """Carry out a context menu action (``DossiersView.action_requested``)."""
        w = self.window
        if not sirets:
            return
        if name == "sync":
            w.tasks.start("sync", w.sync_now(dossier_ids=self._ids(sirets)))
        elif name == "resync":
            w.tasks.start("sync", self.resync(sirets[0]))
        elif name == "validate":
            self.validate(sirets)
        elif name == "open_inqom":
            self.open_in_inqom(sirets[0])
        elif name == "edit":
            self.edit(sirets[0])
        elif name in ("pause", "resume"):
            w.tasks.start("dossiers", self.set_active(sirets, name == "resume"))
        elif name == "remove":
            w.tasks.start("dossiers", self.remove(sirets[0]))
        elif name == "fec_import":
            w.open_fec_import(sirets[0])

    def _ids(self, sirets: list[str]) -> list[int]:
        return [self.connector.dossier(s).id for s in sirets]

    async def _say(self, title: str, text: str, *, error: bool = False) -> None:
        await show_message(self.window, title, text, error=error)

    # -- MEG ----------------------------------------------------------------------------------

    async def refresh_meg_state(self, sirets: list[str] | None = None) -> None:
        """« Actualiser l'état MEG »: the dossiers' months (all when None) in the dashboard."""
        w = self.window
        status = w.statusBar()
        w.refresh_button.setEnabled(False)
        status.showMessage(self.tr("Lecture de l'état MEG…"))

        def progress(done: int, total: int) -> None:
            status.showMessage(
                self.tr("Lecture de l'état MEG : {0} / {1} dossiers…").format(done, total)
            )

        try:
            rows = await self.connector.refresh_dashboard(sirets, progress=progress)
        except Exception as exc:
            shown = present(exc)
            if shown.reaction is Reaction.BUG:
                raise
            status.showMessage(f"{shown.title} : {shown.message}")
            return
        finally:
            w.refresh_button.setEnabled(True)
        w.dossiers.set_rows(rows)
        failed = sum(1 for r in rows if r.plan_error)
        status.showMessage(
            self.tr("État MEG lu ; {0} dossier(s) sans réponse de MEG (voir l'infobulle).").format(
                failed
            )
            if failed
            else self.tr("État MEG lu.")
        )

    def validate(self, sirets: list[str]) -> ValidateMonthDialog:
        """« Valider la période suivante »: the dialog reads MEG for these dossiers."""
        from meg_inqom_desktop.ui.validate_month_dialog import ValidateMonthDialog

        dialog = ValidateMonthDialog(self.connector, sirets, self.window)
        dialog.sync_requested.connect(
            lambda done: self.window.tasks.start(
                "sync", self.window.sync_now(dossier_ids=self._ids(done))
            )
        )
        dialog.locked.connect(
            lambda _outcomes: self.window.tasks.start(
                "meg_state", self.window.refresh_meg_state(sirets)
            )
        )
        dialog.open()
        dialog.start()
        return dialog

    async def resync(self, siret: str) -> list[RunResult]:
        """« Resynchroniser depuis MEG »: forget where MEG's feed stopped, then sync: every
        entry is read again, those already stored are recognised (never stored twice)."""
        w = self.window
        if self.connector.syncing():
            await self._say(
                self.tr("Synchronisation en cours"),
                self.tr(
                    "Une synchronisation est en cours : attendez sa fin (ou annulez-la), puis "
                    "relancez « Resynchroniser depuis MEG »."
                ),
            )
            return []
        record = self.connector.dossier(siret)
        await self.connector.in_thread(self.connector.resync_from_meg, siret)
        return await w.sync_now(record.id, trigger="resync")

    def offer_resync(self, results: list[RunResult]) -> None:
        """After a run that failed because MEG lost the feed's position: ask, in its own
        task, whether to « Resynchroniser depuis MEG » now (the question does not hold the
        finished sync)."""
        lost = [r for r in results if r.error is not None and r.error.code == "invalid_cursor"]
        if lost:
            self.window.tasks.start("offer_resync", self._offer_resync(lost[0]))

    async def _offer_resync(self, result: RunResult) -> list[RunResult]:
        record = next((d for d in self.connector.dossiers() if d.id == result.dossier_id), None)
        if record is None:
            return []
        if not await ask_confirmation(
            self.window,
            self.tr("Resynchroniser depuis MEG"),
            self.tr(
                "MEG ne reconnaît plus la position de la synchronisation du dossier {0}.\n\n"
                "« Resynchroniser depuis MEG » relit toutes ses écritures validées depuis la "
                "date de début du dossier : celles déjà reçues sont reconnues, aucune n'est "
                "enregistrée ni envoyée à Inqom deux fois."
            ).format(record.display_name),
            self.tr("Resynchroniser depuis MEG"),
            self.tr("Plus tard"),
        ):
            return []
        return await self.resync(record.siret)

    def open_in_inqom(self, siret: str) -> str:
        """Open the dossier's Inqom folder in the browser; returns the address."""
        url = self.connector.inqom_web_url(siret)
        record = self.connector.dossier(siret)
        if not QDesktopServices.openUrl(QUrl(url)):
            self.window.statusBar().showMessage(
                self.tr("Le navigateur ne s'est pas ouvert : {0}").format(url)
            )
        else:
            self.window.statusBar().showMessage(
                self.tr("Inqom ouvert dans le navigateur : dossier « {0} » (n° {1}).").format(
                    record.inqom_folder_name or record.display_name, record.inqom_folder_id
                )
            )
        return url

    # -- the dossiers themselves --------------------------------------------------------------

    def edit(self, siret: str) -> DossierDialog:
        from meg_inqom_desktop.ui.dossier_dialog import DossierDialog

        dialog = DossierDialog(self.connector, siret, self.window)
        dialog.saved.connect(lambda _record: self.window.reload())
        dialog.open()
        return dialog

    async def set_active(self, sirets: list[str], active: bool) -> None:
        """Pause (False) or resume the syncs of these dossiers."""
        for siret in sirets:
            await self.connector.in_thread(self.connector.update_dossier, siret, active=active)
        self.window.reload()

    async def remove(self, siret: str, *, confirmed: bool | None = None) -> bool:
        """Remove the dossier after the question that says what happens to its data."""
        from meg_inqom_desktop.ui.dossier_dialog import confirm_removal

        w = self.window
        record = self.connector.dossier(siret)
        if self.connector.syncing():
            await self._say(
                self.tr("Synchronisation en cours"),
                self.tr(
                    "Une synchronisation est en cours : attendez sa fin (ou annulez-la) "
                    "avant de retirer un dossier."
                ),
            )
            return False
        if confirmed is None:
            confirmed = await confirm_removal(self.connector, siret, w)
        if not confirmed:
            return False
        try:
            await self.connector.in_thread(self.connector.remove_dossier, siret)
        except Exception as exc:
            shown = present(exc)
            if shown.reaction is Reaction.BUG:
                raise
            await self._say(shown.title, shown.message, error=True)
            return False
        w.statusBar().showMessage(self.tr("Dossier {0} retiré.").format(record.display_name))
        w.reload()
        return True
