"""The "À traiter" tab: rejections and conflicts with their reasons, and "Réessayer"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.models.rows_model import RowsModel
from meg_inqom_desktop.ui.models.store_reads import todo_items


class TodoView(QWidget):
    """``retry_requested`` asks the window to sync the dossier again."""

    retry_requested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(
            [
                (
                    QT_TRANSLATE_NOOP("TodoView", "Type"),
                    lambda t: self.tr("Rejet") if t.kind == "rejection" else self.tr("Conflit"),
                ),
                (QT_TRANSLATE_NOOP("TodoView", "Dossier"), lambda t: t.dossier),
                (QT_TRANSLATE_NOOP("TodoView", "Élément"), lambda t: t.what),
                (QT_TRANSLATE_NOOP("TodoView", "Raison"), lambda t: t.reason),
                (QT_TRANSLATE_NOOP("TodoView", "Vu le"), lambda t: formatting.moment(t.seen)),
                (QT_TRANSLATE_NOOP("TodoView", "Essais"), lambda t: str(t.attempts)),
            ],
            context="TodoView",
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel("")
        self.retry = QPushButton(self.tr("Réessayer"))
        self.retry.clicked.connect(self.retry_requested.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.retry)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _kind(self, item: Any) -> str:
        return self.tr("Rejet") if item.kind == "rejection" else self.tr("Conflit")

    def reload(self, dossier_id: int | None) -> int:
        items = todo_items(dossier_id)
        self.model.set_rows(items)
        self.count.setText(
            self.tr("Rien à traiter.")
            if not items
            else self.tr("{0} élément(s) à traiter.").format(len(items))
        )
        self.retry.setEnabled(bool(items))
        return len(items)
