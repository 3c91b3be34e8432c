"""The main window: dossiers with their status, "Synchroniser maintenant", and the Journal,
Grand livre, À traiter and Historique tabs.

When another process (``meg-inqom serve``) syncs the data folder, a banner says so and what to
do; the tabs stay readable. Conflicts of "À traiter" are resolved here through the connector."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.errors import DataFolderLocked
from meg_inqom_desktop.ui.async_tools import Tasks, async_slot, show_message
from meg_inqom_desktop.ui.error_presenter import Reaction, present
from meg_inqom_desktop.ui.firm_activity import FirmActivity
from meg_inqom_desktop.ui.icons import app_icon
from meg_inqom_desktop.ui.progress import set_progress
from meg_inqom_desktop.ui.tray import Tray
from meg_inqom_desktop.ui.views.dossiers_view import DossiersView
from meg_inqom_desktop.ui.views.history_view import HistoryView
from meg_inqom_desktop.ui.views.ledger_view import LedgerView
from meg_inqom_desktop.ui.views.todo_view import TodoView

if TYPE_CHECKING:  # dialogs are imported when first opened (faster start)
    from meg_inqom_desktop.app.conflicts import ConflictResolution
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.settings import Settings
    from meg_inqom_desktop.sync.engine import RunResult
    from meg_inqom_desktop.sync.runs import Progress
    from meg_inqom_desktop.ui.fec_export_dialog import FecExportDialog
    from meg_inqom_desktop.ui.fec_import_dialog import FecImportDialog
    from meg_inqom_desktop.ui.settings_dialog import SettingsDialog
    from meg_inqom_desktop.ui.views.piece_viewer import PieceViewer

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
        self.setWindowTitle(self.tr("MEG → Inqom"))
        self.setWindowIcon(app_icon())
        self.resize(1280, 800)
        self.dossiers = DossiersView(connector)
        self.sync_button = QPushButton(self.tr("Synchroniser maintenant"))
        self.sync_button.setObjectName("syncNow")
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
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.lock_banner)
        left_layout.addWidget(QLabel(self.tr("Dossiers")))
        left_layout.addWidget(self.dossiers, 1)
        row = QHBoxLayout()
        row.addWidget(self.sync_button, 1)
        row.addWidget(self.cancel_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.progress_label)
        self.firm_activity = FirmActivity(connector)  # other workstations' runs (firm mode)
        left_layout.addWidget(self.firm_activity)
        self.journal = LedgerView(connector, "journal")
        self.grand_livre = LedgerView(connector, "grand_livre")
        self.todo = TodoView(connector)
        self.history = HistoryView(connector)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.journal, self.tr("Journal"))
        self.tabs.addTab(self.grand_livre, self.tr("Grand livre"))
        self.tabs.addTab(self.todo, self.tr("À traiter"))
        self.tabs.addTab(self.history, self.tr("Historique"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 850])
        self.setCentralWidget(splitter)
        self._menus()
        self.dossiers.selected.connect(self.show_dossier)
        self.sync_button.clicked.connect(self.on_sync_now)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.journal.open_entry.connect(self.on_open_entry)
        self.grand_livre.open_entry.connect(self.on_open_entry)
        self.todo.retry_requested.connect(self.on_retry)
        self.todo.conflict_action_requested.connect(self.on_conflict_action)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current_tab())
        self._dossier_id: int | None = None
        self._stale: set[QWidget] = set()
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
            (self.tr("Importer un FEC…"), self.open_fec_import),
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
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        about = QAction(self.tr("À propos"), self)
        about.triggered.connect(self.open_about)
        help_menu.addAction(about)
        help_menu.addSeparator()
        self._help_menu = help_menu
        help_menu.aboutToShow.connect(self._add_support_actions)  # loaded on first opening
        self._support_actions: list[QAction] = []

    # -- content -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the dossier list again (and with it the selected dossier's tabs)."""
        self.dossiers.reload()
        if self.dossiers.current_id() is None:
            self.show_dossier(None)
        if self.connector.lock_error is not None and not self.connector.lock_held:
            self.show_sync_locked()

    def show_dossier(self, dossier_id: int | None) -> None:
        """Show a dossier: the visible tab now, the others when they are shown."""
        self._dossier_id = dossier_id
        self._stale = {self.journal, self.grand_livre, self.todo, self.history}
        self._refresh_current_tab()

    def refresh_all_tabs(self) -> None:
        for tab in (self.journal, self.grand_livre, self.todo, self.history):
            self._refresh(tab)

    def _refresh_current_tab(self) -> None:
        self._refresh(self.tabs.currentWidget())

    def _refresh(self, tab: QWidget) -> None:
        if tab not in self._stale:
            return
        self._stale.discard(tab)
        if isinstance(tab, LedgerView):
            tab.set_dossier(self._dossier_id)
        elif isinstance(tab, (TodoView, HistoryView)):
            tab.reload(self._dossier_id)

    # -- sync --------------------------------------------------------------------------------
    @async_slot()
    async def on_sync_now(self) -> None:
        await self.tasks.start("sync", self.sync_now())

    @async_slot()
    async def on_retry(self) -> None:
        """Réessayer (À traiter): sync the dossier shown (every dossier if none is)."""
        await self.tasks.start("sync", self.sync_now(self._dossier_id))

    async def sync_now(
        self, dossier_id: int | None = None, trigger: str = "manual"
    ) -> list[RunResult]:
        """Sync every active dossier (or one) with progress; one tray notification at the end."""
        self.sync_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.tray.set_state("syncing", self.tr("Synchronisation en cours…"))
        results: list[RunResult] = []
        self._cancel_requested = False
        try:
            self.connector.add_progress_listener(self._on_progress)
            results = await self.connector.sync(dossier_id, trigger=trigger)
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
        """Annuler: stop the sync wherever it is (still taking the lock, or running)."""
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
        self._stale = {self.journal, self.grand_livre, self.todo, self.history}
        self._refresh(self.todo)
        self._refresh_current_tab()
        self.dossiers.reload()
        self.todo.show_notice(text, warning=outcome.inqom_has_old_version)
        return outcome

    # -- pièces, dialogs ---------------------------------------------------------------------
    @async_slot(int)
    async def on_open_entry(self, entry_id: int) -> None:
        await self.open_piece(entry_id)

    async def open_piece(self, entry_id: int) -> PieceViewer:
        """Open the entry's pièce in the in-app viewer."""
        from meg_inqom_desktop.ui.views.piece_viewer import PieceViewer

        viewer = PieceViewer(self.connector, self.connector.entry_documents(entry_id), self)
        viewer.open()
        await viewer.load()
        return viewer

    def open_fec_export(self) -> FecExportDialog:
        from meg_inqom_desktop.ui.fec_export_dialog import FecExportDialog

        dialog = FecExportDialog(self.connector, self.dossiers.current_siret(), self)
        dialog.open()
        return dialog

    def open_fec_import(self) -> FecImportDialog:
        from meg_inqom_desktop.ui.fec_import_dialog import FecImportDialog

        dialog = FecImportDialog(self.connector, self.dossiers.current_siret(), self)
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
        """Closing keeps the app in the tray when there is one; otherwise it quits."""
        if self.tray.available and not self.quitting:
            event.ignore()
            self.hide()
            return
        event.accept()
        self.quit_requested.emit()
