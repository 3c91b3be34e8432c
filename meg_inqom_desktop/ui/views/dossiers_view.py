"""The dossier list with each dossier's status (last sync, next slot, new entries, rejections)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from meg_inqom_desktop.sync.schedule import following_slot
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.models.rows_model import RowsModel
from meg_inqom_desktop.ui.models.store_reads import DossierStatus, dossier_statuses

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

    def __init__(self, slots: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.slots = slots
        self.model = RowsModel(
            [
                (QT_TRANSLATE_NOOP("DossiersView", "Dossier"), lambda d: d.name),
                (QT_TRANSLATE_NOOP("DossiersView", "Dernière synchro"), self._last),
                (QT_TRANSLATE_NOOP("DossiersView", "Prochaine"), self._next),
                (QT_TRANSLATE_NOOP("DossiersView", "Nouvelles"), lambda d: str(d.last_new)),
                (QT_TRANSLATE_NOOP("DossiersView", "Rejets"), lambda d: str(d.open_rejections)),
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
        if not d.active:
            return self.tr("suspendu")
        return formatting.moment(following_slot(datetime.now(UTC), self.slots))

    def reload(self) -> None:
        current = self.current_id()
        rows = dossier_statuses()
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
        return int(self.model.row_object(rows[0].row()).id)

    def current_siret(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return str(self.model.row_object(rows[0].row()).siret) if rows else None

    def _selection(self, *_args: Any) -> None:
        current = self.current_id()
        if current is not None:
            self.selected.emit(current)
