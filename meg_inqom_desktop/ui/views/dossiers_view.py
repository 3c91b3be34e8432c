"""The dossier dashboard: every dossier with its MEG months, authorizations, items to handle
and syncs, sortable and filtered by a search field; several can be selected at once.

``selected(dossier_id)`` when the current dossier changes; ``action_requested(name, sirets)``
when a context menu action is chosen (``sync``, ``resync``, ``validate``, ``open_inqom``,
``fec_import``, ``edit``, ``pause``, ``resume``, ``remove``): the main window carries them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.ui.models.dashboard_model import NAME, SORT_ROLE, DashboardModel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.dossier_board import DossierDashboard


class DossiersView(QWidget):
    """The dashboard table with its search field; see the module docstring."""

    selected = Signal(int)
    action_requested = Signal(str, list)  # action name, SIRETs

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.model = DashboardModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setObjectName("dossierSearch")
        self.search.setPlaceholderText(self.tr("Filtrer les dossiers (nom, SIRET, état…)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("dashboard")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection)
        self.menu: QMenu | None = None
        self._current: int | None = None

    # -- content ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the dashboard again from the connector (MEG as last asked)."""
        self.set_rows(self.connector.dashboard())

    def set_rows(self, rows: list[DossierDashboard]) -> None:
        """Show these rows, keeping the selection (the first dossier when there was none)."""
        keep = set(self.selected_ids()) or ({self._current} if self._current else set())
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        selection = self.table.selectionModel()
        first = None
        for row in range(self.proxy.rowCount()):
            if self._row(row).id in keep:
                index = self.proxy.index(row, 0)
                flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                selection.select(index, flags)
                first = row if first is None else first
        if first is None and self.proxy.rowCount():
            self.table.selectRow(0)
        elif first is not None:
            self.table.setCurrentIndex(self.proxy.index(first, 0))
        self._selection()

    def _row(self, proxy_row: int) -> DossierDashboard:
        source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0))
        return self.model.row_object(source.row())

    def selected_rows(self) -> list[DossierDashboard]:
        """The selected dossiers, in the order shown."""
        selection = self.table.selectionModel()
        if selection is None:
            return []
        return [self._row(i.row()) for i in sorted(selection.selectedRows(), key=lambda i: i.row())]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def selected_sirets(self) -> list[str]:
        return [r.dossier.siret for r in self.selected_rows()]

    def current_id(self) -> int | None:
        rows = self.selected_rows()
        return rows[0].id if rows else None

    def current_siret(self) -> str | None:
        rows = self.selected_rows()
        return rows[0].dossier.siret if rows else None

    def select_sirets(self, sirets: list[str]) -> None:
        """Select these dossiers (tests and the window's own actions)."""
        self.table.clearSelection()
        selection = self.table.selectionModel()
        for row in range(self.proxy.rowCount()):
            if self._row(row).dossier.siret in sirets:
                flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                selection.select(self.proxy.index(row, 0), flags)

    def _selection(self, *_args: Any) -> None:
        current = self.current_id()
        if current is not None and current != self._current:
            self._current = current
            self.selected.emit(current)
        elif current is None:
            self._current = None

    # -- context menu -------------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """The menu of the selected dossiers (built anew each time it opens)."""
        rows = self.selected_rows()
        sirets = [r.dossier.siret for r in rows]
        one = len(rows) == 1
        menu = QMenu(self)
        entries: list[tuple[str | None, str, bool]] = [
            (self.tr("Synchroniser"), "sync", bool(rows)),
            (self.tr("Resynchroniser depuis MEG"), "resync", one),
            (self.tr("Valider la période suivante…"), "validate", bool(rows)),
            (
                self.tr("Ouvrir dans Inqom"),
                "open_inqom",
                one
                and rows[0].dossier.inqom_folder_id is not None
                and not rows[0].dossier.local_only,
            ),
            (self.tr("Importer un FEC…"), "fec_import", one),
            (None, "", False),
            (self.tr("Modifier…"), "edit", one),
        ]
        if any(r.dossier.active for r in rows):
            entries.append((self.tr("Suspendre la synchronisation"), "pause", True))
        if any(not r.dossier.active for r in rows):
            entries.append((self.tr("Reprendre la synchronisation"), "resume", True))
        entries.append((self.tr("Retirer…"), "remove", one))
        for text, name, enabled in entries:
            if text is None:
                menu.addSeparator()
                continue
            action = QAction(text, menu)
            action.setObjectName(name)
            action.setEnabled(enabled)
            action.triggered.connect(
                lambda _checked=False, n=name: self.action_requested.emit(n, sirets)
            )
            menu.addAction(action)
        return menu

    def _context_menu(self, position: QPoint) -> None:
        if not self.selected_rows():
            return
        self.menu = self.context_menu()
        self.menu.popup(self.table.viewport().mapToGlobal(position))
