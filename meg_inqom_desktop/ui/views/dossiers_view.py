"""The dossier list with each dossier's status (last sync, next slot, new entries, rejections)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from meg_inqom_desktop.store.dossiers import DossierStatus
from meg_inqom_desktop.sync.schedule import following_slot
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector

STATUS_FR = {
    "success": QT_TRANSLATE_NOOP("DossiersView", "réussie"),
    "partial": QT_TRANSLATE_NOOP("DossiersView", "partielle"),
    "failed": QT_TRANSLATE_NOOP("DossiersView", "échec"),
    "cancelled": QT_TRANSLATE_NOOP("DossiersView", "annulée"),
    "running": QT_TRANSLATE_NOOP("DossiersView", "en cours"),
    "skipped": QT_TRANSLATE_NOOP("DossiersView", "sautée"),
    "": QT_TRANSLATE_NOOP("DossiersView", "jamais"),
}


class DossiersView(QWidget):
    """A table of dossiers; ``selected(dossier_id)`` when the selection changes."""

    selected = Signal(int)

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.model: RowsModel[DossierStatus] = RowsModel(
            [
                (QT_TRANSLATE_NOOP("DossiersView", "Dossier"), lambda d: d.dossier.display_name),
                (QT_TRANSLATE_NOOP("DossiersView", "Dernière synchro"), self._last),
                (QT_TRANSLATE_NOOP("DossiersView", "Prochaine"), self._next),
                (QT_TRANSLATE_NOOP("DossiersView", "Nouvelles"), lambda d: str(d.last_new)),
                (QT_TRANSLATE_NOOP("DossiersView", "À traiter"), lambda d: str(d.open_items)),
            ],
            context="DossiersView",
            right_aligned=(3, 4),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection)

    def _last(self, d: DossierStatus) -> str:
        status = self.tr(STATUS_FR.get(d.last_status, d.last_status))
        return f"{formatting.moment(d.last_sync)} ({status})" if d.last_sync else status

    def _next(self, d: DossierStatus) -> str:
        if not d.dossier.active:
            return self.tr("suspendu")
        slots = self.connector.settings.slot_times()
        return formatting.moment(following_slot(datetime.now(UTC), slots))

    def reload(self) -> None:
        current = self.current_id()
        rows = self.connector.dossier_statuses()
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        ids = [r.id for r in rows]
        if rows:
            self.table.selectRow(ids.index(current) if current in ids else 0)

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.row_object(rows[0].row()).id

    def current_siret(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_object(rows[0].row()).dossier.siret if rows else None

    def _selection(self, *_args: Any) -> None:
        current = self.current_id()
        if current is not None:
            self.selected.emit(current)
