"""« Qui a fait quoi » (in Historique): the audit trail of the ledger, filterable by dossier and
by person. On a firm database it is the whole firm's: every workstation, the sync service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.store.audit import AuditRecord
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector

EVENTS_SHOWN = 1000


class AuditView(QWidget):
    """The trail, latest first; ``reload(dossier_id)`` follows the dossier chosen in the
    window, the combos narrow it to one dossier or all, and to one person or all."""

    def __init__(self, connector: Connector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.model: RowsModel[AuditRecord] = RowsModel(
            [
                (QT_TRANSLATE_NOOP("AuditView", "Quand"), lambda e: formatting.moment(e.at)),
                (QT_TRANSLATE_NOOP("AuditView", "Poste"), lambda e: e.workstation),
                (QT_TRANSLATE_NOOP("AuditView", "Personne"), lambda e: e.person),
                (QT_TRANSLATE_NOOP("AuditView", "Dossier"), lambda e: e.dossier_name),
                (QT_TRANSLATE_NOOP("AuditView", "Action"), lambda e: e.action_label),
                (QT_TRANSLATE_NOOP("AuditView", "Détail"), lambda e: e.detail),
            ],
            context="AuditView",
        )
        self.dossier = QComboBox()
        self.dossier.setObjectName("auditDossier")
        self.person = QComboBox()
        self.person.setObjectName("auditPerson")
        self.count = QLabel("")
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Dossier :")))
        filters.addWidget(self.dossier, 2)
        filters.addWidget(QLabel(self.tr("Personne :")))
        filters.addWidget(self.person, 1)
        filters.addWidget(self.count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self._filling = False
        self.dossier.currentIndexChanged.connect(lambda _i: self._show())
        self.person.currentIndexChanged.connect(lambda _i: self._show())

    def reload(self, dossier_id: int | None) -> None:
        """Fill the combos again (a new dossier, a new person) and show the dossier chosen in
        the window (all of them when none is)."""
        self._filling = True
        try:
            person = self.person.currentData() or ""
            self.dossier.clear()
            self.dossier.addItem(self.tr("Tous les dossiers"), "")
            chosen = 0
            for record in self.connector.dossiers():
                self.dossier.addItem(record.name or record.siret, record.siret)
                if record.id == dossier_id:
                    chosen = self.dossier.count() - 1
            self.dossier.setCurrentIndex(chosen)
            self.person.clear()
            self.person.addItem(self.tr("Toutes les personnes"), "")
            for name in self.connector.audit_people():
                self.person.addItem(name, name)
            self.person.setCurrentIndex(max(0, self.person.findData(person)))
        finally:
            self._filling = False
        self._show()

    def _show(self) -> None:
        if self._filling:
            return
        events = self.connector.audit_events(
            siret=self.dossier.currentData() or "",
            person=self.person.currentData() or "",
            limit=EVENTS_SHOWN,
        )
        self.model.set_rows(events)
        self.count.setText(self.tr("Actions affichées : {0}").format(len(events)))
        self.table.resizeColumnsToContents()
