"""Journal and Grand livre tabs: filters, the lazy table, totals, copy and CSV export."""

from __future__ import annotations

import asyncio
import csv
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.domain.provenance import provenance as provenance_of
from meg_inqom_desktop.store.ledger_queries import LedgerFilter, Totals
from meg_inqom_desktop.store.paths import export_file
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.async_tools import Tasks, async_slot, show_message
from meg_inqom_desktop.ui.error_presenter import present
from meg_inqom_desktop.ui.models.ledger_models import GrandLivreModel, JournalModel, SubtotalRow

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector

ALL = ""
_HORIZONTAL = Qt.Orientation.Horizontal


def _pydate(qd: QDate) -> date:
    return date(qd.year(), qd.month(), qd.day())


class ExportCancelled(Exception):
    """The person cancelled a CSV export (raised by its progress callback)."""


def export_csv(
    model: JournalModel | GrandLivreModel,
    flt: LedgerFilter | None,
    path: Path,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every line of the filtered view (not only those loaded) to ``path``, as the view
    shows them; returns the rows written. Runs in a worker thread: ``progress(rows)`` is
    called after each page and may raise :class:`ExportCancelled`. Written whole or not at
    all (:func:`export_file`): a file that cannot be written is an ``ExportFailed`` naming
    its folder."""
    export_model = type(model)(model.connector, page_size=5000)
    export_model.set_filter(flt)
    keys = [key for key, _ in export_model.COLUMNS]
    written = 0
    with export_file(path, "Le fichier CSV", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([export_model.headerData(i, _HORIZONTAL) for i in range(len(keys))])
        while True:
            for row in range(written, export_model.rowCount()):
                line = export_model.line(row)
                writer.writerow([export_model.display(line, key) for key in keys])
            written = export_model.rowCount()
            if progress is not None:
                progress(written)
            if not export_model.canFetchMore():
                break
            export_model.fetchMore()
    return written


class LedgerView(QWidget):
    """One tab: ``kind`` is "journal" or "grand_livre"."""

    open_entry = Signal(int)  # entry id, on double click
    totals_changed = Signal(object)
    message = Signal(str)  # a line for the status bar

    def __init__(self, connector: Connector, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connector = connector
        self.kind = kind
        self.tasks = Tasks()
        self.model: JournalModel | GrandLivreModel = (
            JournalModel(connector, parent=self)
            if kind == "journal"
            else GrandLivreModel(connector, parent=self)
        )
        self.dossier_id: int | None = None
        self.provenance = QComboBox()
        self.provenance.setObjectName("provenance")
        self.journal = QComboBox()
        self.period = QCheckBox(self.tr("Période"))
        today = date.today()
        self.date_from = QDateEdit(QDate(today.year, 1, 1))
        self.date_to = QDateEdit(QDate(today.year, 12, 31))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.account = QLineEdit()
        self.account.setPlaceholderText(self.tr("Compte (début)"))
        self.account.setMaximumWidth(120)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Rechercher un libellé ou une pièce"))
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Provenance"), self.provenance),
            (self.tr("Journal"), self.journal),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.period)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("→"))
        filters.addWidget(self.date_to)
        filters.addStretch(1)
        search = QHBoxLayout()
        search.addWidget(self.account)
        search.addWidget(self.text, 1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        label_col = [k for k, _ in self.model.COLUMNS].index("label")
        header.setSectionResizeMode(label_col, QHeaderView.ResizeMode.Stretch)
        widths = {
            "date": 84,
            "journal": 56,
            "piece": 110,
            "account": 76,
            "debit": 96,
            "credit": 96,
            "balance": 100,
            "provenance": 86,
        }
        for col, (key, _title) in enumerate(self.model.COLUMNS):
            if key in widths:
                self.table.setColumnWidth(col, widths[key])
        self.totals_label = QLabel("")
        self.copy_button = QPushButton(self.tr("Copier"))
        self.csv_button = QPushButton(self.tr("Exporter en CSV…"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals_label, 1)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(search)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(300)
        self._text_timer.timeout.connect(self.apply_filters)
        self.provenance.currentIndexChanged.connect(self.apply_filters)
        self.journal.currentIndexChanged.connect(self.apply_filters)
        self.period.toggled.connect(self._period_toggled)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.account.textChanged.connect(self._text_timer.start)
        self.text.textChanged.connect(self._text_timer.start)
        self.table.doubleClicked.connect(self._double_clicked)
        self.copy_button.clicked.connect(self.copy_selection)
        self.csv_button.clicked.connect(self._ask_csv)
        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.table)
        copy.activated.connect(self.copy_selection)
        self._loading = False

    # -- filters -----------------------------------------------------------------------------
    def set_dossier(self, dossier_id: int | None) -> None:
        """Show a dossier's lines; fills the provenance and journal lists from the store."""
        self.dossier_id = dossier_id
        self._loading = True
        choices = self.connector.filter_choices(dossier_id) if dossier_id is not None else None
        for combo, values in (
            (self.provenance, choices.provenances if choices else []),
            (self.journal, choices.journals if choices else []),
        ):
            current = combo.currentData()
            combo.clear()
            combo.addItem(self.tr("Toutes") if combo is self.provenance else self.tr("Tous"), ALL)
            for value in values:
                text = provenance_of(value).label if combo is self.provenance else value
                combo.addItem(text, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
        self._loading = False
        self.apply_filters()

    def set_provenance(self, code: str) -> None:
        """Select a provenance by its code ("meg", "fec"; "" for all)."""
        index = self.provenance.findData(code)
        if index < 0:
            raise ValueError(f"unknown provenance {code!r}")
        self.provenance.setCurrentIndex(index)

    def current_filter(self) -> LedgerFilter | None:
        """The filters as the store reads them (None while no dossier is shown)."""
        if self.dossier_id is None:
            return None
        provenance = self.provenance.currentData() or ""
        journal = self.journal.currentData() or ""
        return LedgerFilter(
            dossier_id=self.dossier_id,
            provenances=(provenance,) if provenance else (),
            journals=(journal,) if journal else (),
            date_from=_pydate(self.date_from.date()) if self.period.isChecked() else None,
            date_to=_pydate(self.date_to.date()) if self.period.isChecked() else None,
            account_prefix=self.account.text().strip(),
            text=self.text.text().strip(),
        )

    def _period_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.apply_filters()

    def apply_filters(self) -> None:
        """Reset the model on the current filters (one page read) and refresh the totals."""
        if self._loading:
            return
        flt = self.current_filter()
        self.model.set_filter(flt)
        if flt is None:
            self.totals_label.setText("")
            return
        self.totals_label.setText(self.tr("Calcul des totaux…"))
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self.tasks.cancel_all()
        self.tasks.start("totals", self.update_totals())

    async def update_totals(self) -> Totals | None:
        """Totals of the filtered lines, computed in a worker thread."""
        flt = self.model.ledger_filter
        if flt is None:
            return None
        result = await self.connector.in_thread(self.connector.totals, flt)
        if flt == self.model.ledger_filter:
            self.totals_label.setText(
                self.tr("{0} lignes — Débit {1} — Crédit {2} — Solde {3}").format(
                    f"{result.count:,}".replace(",", "\u202f"),
                    formatting.money(result.debit),
                    formatting.money(result.credit),
                    formatting.money(result.balance),
                )
            )
            self.totals_changed.emit(result)
        return result

    # -- actions -----------------------------------------------------------------------------
    def _double_clicked(self, index: Any) -> None:
        line = self.model.line(index.row())
        if not isinstance(line, SubtotalRow):
            self.open_entry.emit(line.entry_id)

    def selection_text(self) -> str:
        """The selected rows as tab-separated text with a header row."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        keys = [key for key, _ in self.model.COLUMNS]
        out = ["\t".join(self.model.headerData(i, _HORIZONTAL) for i in range(len(keys)))]
        for row in rows:
            line = self.model.line(row)
            out.append("\t".join(self.model.display(line, key) for key in keys))
        return "\n".join(out)

    def copy_selection(self) -> None:
        QGuiApplication.clipboard().setText(self.selection_text())

    def _ask_csv(self) -> None:
        dialog = QFileDialog(self, self.tr("Exporter en CSV"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Fichiers CSV (*.csv)"))
        dialog.selectFile(f"{self.kind}.csv")
        dialog.fileSelected.connect(self._export_csv_to)
        dialog.open()

    @async_slot(str)
    async def _export_csv_to(self, name: str) -> None:
        await self.export_csv_to(Path(name))

    async def export_csv_to(self, path: Path) -> int | None:
        """Export the filtered view to ``path`` in a worker thread, behind a progress dialog
        with « Annuler »; says what was written (rows, file) or why nothing was."""
        flt = self.current_filter()
        total = (await self.connector.in_thread(self.connector.totals, flt)).count if flt else 0
        dialog = QProgressDialog(
            self.tr("Export CSV de {0}…").format(path.name), self.tr("Annuler"), 0, total, self
        )
        dialog.setWindowTitle(self.tr("Exporter en CSV"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # a small export shows no dialog
        cancel = threading.Event()
        dialog.canceled.connect(cancel.set)
        loop = asyncio.get_running_loop()

        def progress(rows: int) -> None:  # in the worker thread
            if cancel.is_set():
                raise ExportCancelled
            loop.call_soon_threadsafe(dialog.setValue, min(rows, total))

        try:
            rows = await self.connector.in_thread(export_csv, self.model, flt, path, progress)
        except ExportCancelled:
            self.message.emit(self.tr("Export CSV annulé : aucun fichier écrit."))
            return None
        except Exception as exc:  # the file cannot be written, the database failed
            shown = present(exc)
            self.message.emit(shown.title)
            await show_message(self, shown.title, shown.message, error=True)
            return None
        finally:
            dialog.reset()
            dialog.deleteLater()
        self.message.emit(
            self.tr("{0} lignes exportées dans {1}.").format(
                f"{rows:,}".replace(",", "\u202f"), path
            )
        )
        return rows
