"""The main window: the dossier dashboard at the top (« Synchroniser maintenant », « Valider la
période suivante », « Actualiser l'état MEG », a context menu per dossier), and below it the
Journal, Grand livre, À traiter and Historique tabs of the selected dossier.

When another process (``meg-inqom serve``) syncs the data folder, a banner says so and what to
do; the tabs stay readable. Conflicts of "À traiter" are resolved here through the connector.
The tabs are built when first shown, so the window paints before their code loads.

Closing the window while a sync runs: with a tray icon the window hides and the sync goes on;
without one, the window asks, cancels the sync cleanly (the run is recorded « annulée ») and
only then quits.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.errors import DataFolderLocked
from meg_inqom_desktop.ui.async_tools import Tasks, ask_confirmation, async_slot, show_message
from meg_inqom_desktop.ui.error_presenter import Reaction, present
from meg_inqom_desktop.ui.firm_activity import FirmActivity
from meg_inqom_desktop.ui.geometry import fit_to_screen
from meg_inqom_desktop.ui.icons import app_icon
from meg_inqom_desktop.ui.progress import set_progress
from meg_inqom_desktop.ui.tray import Tray
from meg_inqom_desktop.ui.views.dossier_tabs import DossierTabs
from meg_inqom_desktop.ui.views.dossiers_view import DossiersView

if TYPE_CHECKING:  # tabs and dialogs are imported when first shown (faster start)
    from meg_inqom_desktop.app.conflicts import ConflictResolution
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.settings import Settings
    from meg_inqom_desktop.sync.engine import RunResult
    from meg_inqom_desktop.sync.runs import Progress
    from meg_inqom_desktop.ui.dossier_actions import DossierActions
    from meg_inqom_desktop.ui.fec_export_dialog import FecExportDialog
    from meg_inqom_desktop.ui.fec_import_dialog import FecImportDialog
    from meg_inqom_desktop.ui.settings_dialog import SettingsDialog
    from meg_inqom_desktop.ui.views.history_view import HistoryView
    from meg_inqom_desktop.ui.views.ledger_view import LedgerView
    from meg_inqom_desktop.ui.views.piece_viewer import PieceViewer
    from meg_inqom_desktop.ui.views.todo_view import TodoView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """``add_dossier_requested`` asks the application to run the wizard again."""

    add_dossier_requested = Signal()
    quit_requested = Signal()
    sync_finished = Signal(object)  # list of run results
    settings_changed = Signal(object)  # the saved Settings

    def __init__(self, connector: Connector, tray: Tray, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.tray = tray
        self.tasks = Tasks()
        self.quitting = False
        self._cancel_requested = False
        self._actions: DossierActions | None = None
        self.setWindowTitle(self.tr("MEG → Inqom"))
        self.setWindowIcon(app_icon())
        fit_to_screen(self, 1360, 820)
        self.dossiers = DossiersView(connector)
        self.sync_button = QPushButton(self.tr("Synchroniser maintenant"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setToolTip(self.tr("Synchronise tous les dossiers actifs."))
        self.validate_button = QPushButton(self.tr("Valider la période suivante…"))
        self.validate_button.setObjectName("validateNext")
        self.validate_button.setToolTip(
            self.tr("Pour les dossiers sélectionnés : le mois suivant dans MEG, à verrouiller.")
        )
        self.refresh_button = QPushButton(self.tr("Actualiser l'état MEG"))
        self.refresh_button.setObjectName("refreshMeg")
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel("")
        self.progress_label.setWordWrap(True)
        self.lock_banner = QLabel("")
        self.lock_banner.setObjectName("syncLockedBanner")
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.lock_banner.setMargin(6)
        self.lock_banner.setVisible(False)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(self.lock_banner)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Dossiers")))
        buttons.addStretch(1)
        for button in (self.refresh_button, self.validate_button, self.sync_button):
            buttons.addWidget(button)
        buttons.addWidget(self.cancel_button)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.dossiers, 1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label, 3)
        top_layout.addLayout(progress_row)
        self.firm_activity = FirmActivity(connector)  # other workstations' runs (firm mode)
        top_layout.addWidget(self.firm_activity)
        self.tabs = DossierTabs(
            (
                self.tr("Journal"),
                self.tr("Grand livre"),
                self.tr("À traiter"),
                self.tr("Historique"),
            ),
            self._build_view,
            self._show_in,
        )
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 440])
        self.setCentralWidget(self.splitter)
        self._menus()
        self.dossiers.selected.connect(self.show_dossier)
        self.dossiers.action_requested.connect(self._dossier_action)
        self.sync_button.clicked.connect(self.on_sync_now)
        self.validate_button.clicked.connect(self._validate_selected)
        self.refresh_button.clicked.connect(self.on_refresh_meg)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.statusBar().showMessage(self.tr("Prêt."))
        if connector.firm_mode:  # where the shared ledger is, always in sight
            self.statusBar().addPermanentWidget(
                QLabel(self.tr("Base du cabinet : {0}").format(connector.database_label()))
            )
        self.firm_activity.finished_elsewhere.connect(lambda _ids: self.reload())
        self.firm_activity.start()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        actions = (
            (self.tr("Ajouter un dossier…"), self.add_dossier_requested.emit),
            (self.tr("Importer un FEC…"), lambda: self.open_fec_import()),
            (self.tr("Exporter le FEC…"), self.open_fec_export),
            (self.tr("Paramètres…"), self.open_settings),
            (None, None),
            (self.tr("Quitter"), self.quit_requested.emit),
        )
        for text, slot in actions:
            if text is None:
                file_menu.addSeparator()
                continue
            action = QAction(text, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.dossier_menu = self.menuBar().addMenu(self.tr("&Dossier"))
        self.dossier_menu.aboutToShow.connect(self._fill_dossier_menu)
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        about = QAction(self.tr("À propos"), self)
        about.triggered.connect(self.open_about)
        help_menu.addAction(about)
        help_menu.addSeparator()
        self._help_menu = help_menu
        help_menu.aboutToShow.connect(self._add_support_actions)  # loaded on first opening
        self._support_actions: list[QAction] = []

    def _fill_dossier_menu(self) -> None:
        """The « Dossier » menu: the context menu of the selected dossiers."""
        self.dossier_menu.clear()
        for action in self.dossiers.context_menu().actions():
            self.dossier_menu.addAction(action)

    # -- tabs, built when first shown ---------------------------------------------------------
    def _build_view(self, name: str) -> QWidget:
        if name in ("journal", "grand_livre"):
            from meg_inqom_desktop.ui.views.ledger_view import LedgerView

            ledger = LedgerView(self.connector, name)
            ledger.open_entry.connect(self.on_open_entry)
            ledger.message.connect(self.show_status)
            return ledger
        if name == "todo":
            from meg_inqom_desktop.ui.views.todo_view import TodoView

            todo = TodoView(self.connector)
            todo.retry_requested.connect(self.on_retry)
            todo.conflict_action_requested.connect(self.on_conflict_action)
            return todo
        from meg_inqom_desktop.ui.views.history_view import HistoryView

        return HistoryView(self.connector)

    @staticmethod
    def _show_in(view: Any, name: str, dossier_id: int | None) -> None:
        if name in ("journal", "grand_livre"):
            view.set_dossier(dossier_id)
        else:
            view.reload(dossier_id)

    @property
    def journal(self) -> LedgerView:
        view: LedgerView = self.tabs.shown("journal")
        return view

    @property
    def grand_livre(self) -> LedgerView:
        view: LedgerView = self.tabs.shown("grand_livre")
        return view

    @property
    def todo(self) -> TodoView:
        view: TodoView = self.tabs.shown("todo")
        return view

    @property
    def history(self) -> HistoryView:
        view: HistoryView = self.tabs.shown("history")
        return view

    @property
    def dossier_actions(self) -> DossierActions:
        """What the dashboard's context menu does (sync, resync, validate, edit, remove…)."""
        if self._actions is None:
            from meg_inqom_desktop.ui.dossier_actions import DossierActions

            self._actions = DossierActions(self)
        return self._actions

    def _dossier_action(self, name: str, sirets: list[str]) -> None:
        self.dossier_actions.run(name, sirets)

    def _validate_selected(self) -> None:
        sirets = self.dossiers.selected_sirets()
        if sirets:
            self.dossier_actions.validate(sirets)

    # -- content -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the dossier list again (and with it the selected dossier's tabs)."""
        self.dossiers.reload()
        self.show_dossier(self.dossiers.current_id())
        if self.connector.lock_error is not None and not self.connector.lock_held:
            self.show_sync_locked()

    def show_dossier(self, dossier_id: int | None) -> None:
        """Show a dossier: the visible tab now (once the window has painted), the others when
        they are shown."""
        self.tabs.show_dossier(dossier_id)

    def event(self, event: QEvent) -> bool:
        """The first paint shows the window with its dossiers; the visible tab (its code and
        its queries) comes right after, so the window appears as soon as it can."""
        if event.type() == QEvent.Type.Paint and not self.tabs.ready:
            self.tabs.ready = True
            QTimer.singleShot(0, self.tabs.refresh_current)
        return super().event(event)

    def refresh_all_tabs(self) -> None:
        self.tabs.refresh_all()

    @async_slot()
    async def on_refresh_meg(self) -> None:
        await self.refresh_meg_state()

    async def refresh_meg_state(self, sirets: list[str] | None = None) -> None:
        """Ask MEG for the dossiers' months (all when None) and show them in the dashboard."""
        await self.dossier_actions.refresh_meg_state(sirets)

    # -- sync --------------------------------------------------------------------------------
    @async_slot()
    async def on_sync_now(self) -> None:
        await self.tasks.start("sync", self.sync_now())

    @async_slot()
    async def on_retry(self) -> None:
        """Réessayer (À traiter): sync the dossier shown (every dossier if none is)."""
        await self.tasks.start("sync", self.sync_now(self.tabs.dossier_id))

    async def sync_now(
        self,
        dossier_id: int | None = None,
        trigger: str = "manual",
        *,
        dossier_ids: list[int] | None = None,
    ) -> list[RunResult]:
        """Sync every active dossier (or one, or these) with progress; one tray notification
        at the end."""
        self.sync_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.tray.set_state("syncing", self.tr("Synchronisation en cours…"))
        results: list[RunResult] = []
        self._cancel_requested = False
        try:
            self.connector.add_progress_listener(self._on_progress)
            if dossier_ids is not None and len(dossier_ids) != 1:
                results = await self.connector.sync(trigger=trigger, dossier_ids=dossier_ids)
            else:
                one = dossier_ids[0] if dossier_ids else dossier_id
                results = await self.connector.sync(one, trigger=trigger)
        except DataFolderLocked:
            self.show_sync_locked()
            self.progress_label.setText(self.tr("Synchronisation non lancée."))
            self.tray.set_state("idle", self.lock_banner.text())
            return []
        except asyncio.CancelledError:
            if not self._cancel_requested:
                raise
            self.progress_label.setText(self.tr("Synchronisation annulée."))
            self.tray.set_state("idle")
            self.reload()
            return []
        except Exception as exc:
            shown = present(exc)
            self.tray.notify_error(exc)
            self.progress_label.setText(f"{shown.title} : {shown.message}")
            if shown.reaction in (Reaction.DIALOG, Reaction.BUG):
                await show_message(self, shown.title, shown.message, error=True)
            return []
        finally:
            self.connector.remove_progress_listener(self._on_progress)
            self.sync_button.setEnabled(True)
            self.cancel_button.setVisible(False)
            self.progress.setVisible(False)
        self.lock_banner.setVisible(False)  # this process syncs the folder now
        failed = [r for r in results if not r.ok]
        text = "\n".join(r.summary for r in results).strip()
        self.progress_label.setText(text)
        self.tray.set_state("error" if failed else "idle", text)
        notice = self.connector.notify_text(results)
        if notice:
            title = (
                self.tr("Synchronisation : erreurs à traiter")
                if failed
                else self.tr("Synchronisation terminée")
            )
            self.tray.notify(title, notice, error=bool(failed))
        self.reload()
        if trigger != "resync" and self.isVisible():  # hidden in the tray: its notification
            self.dossier_actions.offer_resync(results)
        self.sync_finished.emit(results)
        return results

    def _on_progress(self, event: Progress) -> None:
        set_progress(self.progress, self.progress_label, event)

    def show_sync_locked(self) -> None:
        """The banner: another process syncs this data folder; what to do."""
        owner = self.connector.locked_owner
        who = self.tr(", processus {0}").format(owner) if owner else ""
        self.lock_banner.setText(
            self.tr(
                "Synchronisation impossible depuis cette fenêtre : un autre processus (par "
                "exemple « meg-inqom serve »{0}) synchronise déjà ce dossier de données. Le "
                "journal, le grand livre et l'historique restent consultables. Pour "
                "synchroniser ici, arrêtez l'autre processus ou attendez qu'il se termine, "
                "puis cliquez sur « Synchroniser maintenant »."
            ).format(who)
        )
        self.lock_banner.setVisible(True)

    @async_slot()
    async def on_cancel(self) -> None:
        await self.cancel_sync()

    async def cancel_sync(self) -> None:
        """Annuler: stop the sync wherever it is (still taking the lock, or running) and wait
        until it stopped (its run recorded « annulée », the ledger consistent)."""
        self._cancel_requested = True
        self.progress_label.setText(self.tr("Annulation…"))
        self.tasks.cancel("sync")
        await self.connector.cancel_sync()

    # -- À traiter: conflicts ----------------------------------------------------------------
    @async_slot(int, str)
    async def on_conflict_action(self, conflict_id: int, action: str) -> None:
        await self.resolve_conflict(conflict_id, action)

    async def resolve_conflict(self, conflict_id: int, action: str) -> ConflictResolution | None:
        """Keep or replace; the outcome (and Inqom's old version, if any) shown in the tab."""
        try:
            outcome = await self.connector.resolve_conflict(conflict_id, action)
        except Exception as exc:
            shown = present(exc)
            if shown.reaction is Reaction.BUG:
                raise
            self.todo.show_notice(f"{shown.title} : {shown.message}", warning=True)
            return None
        if outcome.inqom_has_old_version:
            text = self.tr(
                "Écriture remplacée dans le grand livre local. Attention : elle avait déjà été "
                "envoyée à Inqom, qui garde l'ancienne version (les mises à jour ne sont pas "
                "envoyées). Corrigez-la dans Inqom si nécessaire."
            )
        elif action == "replace":
            text = self.tr("Écriture remplacée par la nouvelle version venue de MEG.")
        else:
            text = self.tr("Version enregistrée conservée ; la nouvelle version est écartée.")
        self.tabs.mark_stale()
        self.tabs.refresh("todo")
        self.tabs.refresh_current()
        self.dossiers.reload()
        self.todo.show_notice(text, warning=outcome.inqom_has_old_version)
        return outcome

    def show_status(self, text: str) -> None:
        """A line in the status bar for a while (what an export wrote, for instance)."""
        self.statusBar().showMessage(text, 15_000)

    # -- pièces, dialogs ---------------------------------------------------------------------
    @async_slot(int)
    async def on_open_entry(self, entry_id: int) -> None:
        await self.open_piece(entry_id)

    async def open_piece(self, entry_id: int) -> PieceViewer | None:
        """Open the entry's pièce in the in-app viewer (a status line when it has none)."""
        documents = self.connector.entry_documents(entry_id)
        if not documents:
            self.statusBar().showMessage(self.tr("Aucune pièce pour cette écriture."), 10_000)
            return None
        from meg_inqom_desktop.ui.views.piece_viewer import PieceViewer

        viewer = PieceViewer(self.connector, documents, self)
        viewer.open()
        await viewer.load()
        return viewer

    def open_fec_export(self) -> FecExportDialog:
        from meg_inqom_desktop.ui.fec_export_dialog import FecExportDialog

        dialog = FecExportDialog(self.connector, self.dossiers.current_siret(), self)
        dialog.open()
        return dialog

    def open_fec_import(self, siret: str | None = None) -> FecImportDialog:
        """Fichier → « Importer un FEC… » (the selected dossier) or a dossier's menu (it)."""
        from meg_inqom_desktop.ui.fec_import_dialog import FecImportDialog

        siret = siret or self.dossiers.current_siret()
        dialog = FecImportDialog(self.connector, siret, self)
        dialog.imported.connect(lambda _dossier_id: self.reload())
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        from meg_inqom_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.connector, self)
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        return dialog

    def _settings_saved(self, settings: Settings) -> None:
        self.dossiers.reload()
        self.settings_changed.emit(settings)

    def _add_support_actions(self) -> list[QAction]:
        """« Ouvrir le dossier des journaux », « Copier un rapport pour le support »."""
        if not self._support_actions:
            from meg_inqom_desktop.ui.support_menu import add_support_actions

            self._support_actions = add_support_actions(self._help_menu, self, self.connector.paths)
        return self._support_actions

    def open_about(self) -> None:
        try:
            from meg_inqom_desktop.ui.about_dialog import AboutDialog  # packaging's dialog
        except ImportError:
            return
        dialog = AboutDialog(self, self.connector.paths)
        dialog.open()

    # -- window ------------------------------------------------------------------------------
    def bring_forward(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing keeps the app in the tray when there is one; otherwise it quits, after
        asking and cancelling a running sync cleanly."""
        if self.tray.available and not self.quitting:
            event.ignore()
            self.hide()
            return
        if not self.quitting and self.connector.syncing():
            event.ignore()
            self.tasks.start("close", self.close_during_sync())
            return
        event.accept()
        self.quit_requested.emit()

    async def close_during_sync(self, *, confirmed: bool | None = None) -> bool:
        """Without a tray: ask, cancel the sync and wait for it, then quit (True)."""
        if confirmed is None:
            confirmed = await ask_confirmation(
                self,
                self.tr("Synchronisation en cours"),
                self.tr(
                    "Une synchronisation est en cours. Quitter l'arrête proprement : ce qui "
                    "est déjà importé est conservé et la prochaine synchronisation reprendra "
                    "là où celle-ci s'est arrêtée."
                ),
                self.tr("Arrêter et quitter"),
                self.tr("Continuer la synchronisation"),
            )
        if not confirmed:
            return False
        self.statusBar().showMessage(self.tr("Arrêt de la synchronisation…"))
        await self.cancel_sync()
        self.quitting = True
        self.close()
        return True
