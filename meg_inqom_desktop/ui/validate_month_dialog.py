"""« Valider la période suivante » for one dossier or several: each dossier's next month in MEG,
what it will lock (entries, totals per journal), then an explicit « Verrouiller
définitivement ».

The lock button is never the default one: Enter closes the dialog (« Annuler » is the
default), so a stray key never locks a month. A month that is not over is not offered; the
current month is locked only once « Le mois en cours est complet » is ticked. Reading MEG and
locking run as tasks with a progress line; « Annuler » stops them (a month MEG has locked
stays locked: MEG cannot undo it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.ui import colors, formatting, labels
from meg_inqom_desktop.ui.async_tools import Tasks, async_slot
from meg_inqom_desktop.ui.geometry import fit_to_screen
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP
from meg_inqom_desktop.ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.dossier_board import MonthToValidate, ValidationOutcome
    from meg_inqom_desktop.app.setup import JournalTotals

CONTEXT = "ValidateMonthDialog"
ZERO = Decimal("0.00")


def _sum(item: MonthToValidate, side: str) -> Decimal:
    if item.preview is None:
        return ZERO
    return sum((getattr(t, side) for t in item.preview.totals), ZERO)


class ValidateMonthDialog(QDialog):
    """See the module docstring; ``sync_requested(sirets)`` after « Synchroniser »."""

    sync_requested = Signal(list)
    locked = Signal(list)  # the ValidationOutcome list

    def __init__(
        self, connector: Connector, sirets: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("validateMonthDialog")
        self.setWindowTitle(self.tr("Valider la période suivante"))
        fit_to_screen(self, 900, 560)
        self.connector = connector
        self.sirets = list(sirets)
        self.tasks = Tasks()
        self.items: list[MonthToValidate] = []
        self.outcomes: dict[str, ValidationOutcome] = {}
        self._locking = False
        intro = QLabel(
            self.tr(
                "Pour chaque dossier, le mois qui suit le dernier mois validé dans MEG. Le "
                "valider verrouille ses écritures dans MEG, définitivement ; la synchronisation "
                "les importe ensuite. Seuls les mois terminés sont proposés."
            )
        )
        intro.setWordWrap(True)
        self.model: RowsModel[MonthToValidate] = RowsModel(
            [
                (QT_TRANSLATE_NOOP(CONTEXT, "Dossier"), lambda i: i.dossier.display_name),
                (QT_TRANSLATE_NOOP(CONTEXT, "Mois"), self._month_text),
                (QT_TRANSLATE_NOOP(CONTEXT, "Écritures à verrouiller"), self._count_text),
                (
                    QT_TRANSLATE_NOOP(CONTEXT, "Débit"),
                    lambda i: formatting.money(_sum(i, "debit")) if i.preview else "",
                ),
                (
                    QT_TRANSLATE_NOOP(CONTEXT, "Crédit"),
                    lambda i: formatting.money(_sum(i, "credit")) if i.preview else "",
                ),
                (QT_TRANSLATE_NOOP(CONTEXT, "État"), self._state_text),
            ],
            context=CONTEXT,
            right_aligned=(2, 3, 4),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.journals: RowsModel[JournalTotals] = RowsModel(
            [
                (QT_TRANSLATE_NOOP(CONTEXT, "Journal"), lambda t: t.journal),
                (QT_TRANSLATE_NOOP(CONTEXT, "Écritures"), lambda t: str(t.entry_count)),
                (QT_TRANSLATE_NOOP(CONTEXT, "Débit"), lambda t: formatting.money(t.debit)),
                (QT_TRANSLATE_NOOP(CONTEXT, "Crédit"), lambda t: formatting.money(t.credit)),
            ],
            context=CONTEXT,
            right_aligned=(1, 2, 3),
        )
        self.journal_table = QTableView()
        self.journal_table.setModel(self.journals)
        self.journal_table.verticalHeader().setVisible(False)
        self.journal_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.journal_table.horizontalHeader().setStretchLastSection(True)
        self.journal_title = QLabel("")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.current_month = QCheckBox(
            self.tr("Le mois en cours est complet : toutes ses écritures sont saisies")
        )
        self.current_month.setObjectName("currentMonthComplete")
        self.current_month.setVisible(False)
        self.current_month.toggled.connect(self._refresh)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setDefault(True)
        self.sync_button = QPushButton(self.tr("Synchroniser ces dossiers"))
        self.sync_button.setAutoDefault(False)
        self.sync_button.setVisible(False)
        self.lock_button = QPushButton(self.tr("Verrouiller définitivement"))
        self.lock_button.setObjectName("lock")
        self.lock_button.setAutoDefault(False)  # Enter never locks: « Annuler » is the default
        self.lock_button.setDefault(False)
        self.lock_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.lock_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.journal_title)
        layout.addWidget(self.journal_table, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.current_month)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.lock_button.clicked.connect(self.on_lock)
        self.sync_button.clicked.connect(self._sync)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_journals())
        self.cancel_button.setFocus()

    # -- texts --------------------------------------------------------------------------------

    def _month_text(self, item: MonthToValidate) -> str:
        if item.month is None:
            return ""
        text = labels.month(item.month.month)
        return text + self.tr(" (en cours)") if item.month.current else text

    def _count_text(self, item: MonthToValidate) -> str:
        return str(item.entry_count) if item.preview is not None else ""

    def _state_text(self, item: MonthToValidate) -> str:
        outcome = self.outcomes.get(item.dossier.siret)
        if outcome is not None:
            if outcome.ok:
                return self.tr("✓ verrouillé : {0} écritures").format(outcome.count)
            return f"✗ {outcome.error}"
        if item.error:
            return f"✗ {item.error}"
        if item.month is None:
            return self.tr("À jour : aucun mois terminé à valider")
        if item.needs_confirmation and not self.current_month.isChecked():
            return self.tr("Mois en cours : cochez la case ci-dessous s'il est complet")
        return self.tr("Prêt à verrouiller")

    def lockable(self) -> list[MonthToValidate]:
        """The rows « Verrouiller définitivement » would lock now."""
        confirmed = self.current_month.isChecked()
        return [
            i
            for i in self.items
            if i.month is not None
            and not i.error
            and i.dossier.siret not in self.outcomes
            and (confirmed or not i.needs_confirmation)
        ]

    def _refresh(self) -> None:
        self.model.set_rows(self.items)
        wanted = self.lockable()
        count = sum(i.entry_count for i in wanted)
        if wanted:
            self.summary.setText(
                self.tr("{0} dossier(s) : {1} écritures seront verrouillées dans MEG.").format(
                    len(wanted), count
                )
            )
        elif self.items and not self.outcomes:
            self.summary.setText(self.tr("Rien à verrouiller."))
        self.lock_button.setEnabled(bool(wanted) and not self._locking)
        self.lock_button.setText(
            self.tr("Verrouiller définitivement ({0} écritures)").format(count)
            if wanted
            else self.tr("Verrouiller définitivement")
        )
        self._show_journals()

    def _show_journals(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None
        if item is None and self.items:
            item = self.items[0]
        totals = list(item.preview.totals) if item and item.preview else []
        self.journals.set_rows(totals)
        self.journal_title.setText(
            self.tr("Totaux par journal — {0}").format(item.dossier.display_name)
            if item is not None
            else ""
        )

    # -- work ---------------------------------------------------------------------------------

    def _progress(self, text: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.status.setText(text.format(done, total))

        return report

    def start(self) -> asyncio.Task[list[MonthToValidate]]:
        """Read MEG for every dossier (the dialog shows it as it comes)."""
        return self.tasks.start("work", self.load())

    async def load(self) -> list[MonthToValidate]:
        """Each dossier's next month and its preview."""
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Lecture de MEG…"))
        try:
            self.items = await self.connector.next_months(
                self.sirets, progress=self._progress(self.tr("Lecture de MEG : {0} / {1}"))
            )
        except asyncio.CancelledError:
            self.status.setText(self.tr("Lecture annulée."))
            raise
        finally:
            self.progress.setVisible(False)
        self.status.setText("")
        self.current_month.setVisible(any(i.needs_confirmation for i in self.items))
        self._refresh()
        if self.items:
            self.table.selectRow(0)
        return self.items

    @async_slot()
    async def on_lock(self) -> None:
        await self.lock()

    async def lock(self) -> list[ValidationOutcome]:
        """Lock the lockable rows' months (the person clicked « Verrouiller définitivement »)."""
        wanted = self.lockable()
        if not wanted:
            return []
        self._locking = True
        self.lock_button.setEnabled(False)
        self.current_month.setEnabled(False)
        self.progress.setVisible(True)
        task = self.tasks.start(
            "work",
            self.connector.validate_months(
                wanted,
                current_month_complete=self.current_month.isChecked(),
                progress=self._progress(self.tr("Verrouillage : {0} / {1}")),
            ),
        )
        try:
            outcomes: list[ValidationOutcome] = await task
        except asyncio.CancelledError:
            self.status.setText(
                self.tr("Verrouillage interrompu : les mois déjà verrouillés le restent.")
            )
            self.progress.setVisible(False)
            return []
        self.progress.setVisible(False)
        self._locking = False
        self.outcomes.update({o.dossier.siret: o for o in outcomes})
        ok = [o for o in outcomes if o.ok]
        self.status.setText(
            self.tr("{0} mois verrouillé(s), {1} écritures.").format(
                len(ok), sum(o.count for o in ok)
            )
        )
        self.status.setStyleSheet(colors.style("ok" if len(ok) == len(outcomes) else "error"))
        self.cancel_button.setText(self.tr("Fermer"))
        self.sync_button.setVisible(bool(ok))
        self.lock_button.setVisible(False)
        self._refresh()
        self.locked.emit(outcomes)
        return outcomes

    def _sync(self) -> None:
        done = [s for s, o in self.outcomes.items() if o.ok]
        self.sync_requested.emit(done)
        self.accept()

    @async_slot()
    async def on_cancel(self) -> None:
        await self.cancel()

    async def cancel(self) -> None:
        """Stop what runs (reading MEG, locking after the current dossier), then close."""
        self.tasks.cancel("work")
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel_all()
        super().closeEvent(event)

    def keyPressEvent(self, event: object) -> None:
        """Enter and Return act on the default button only (« Annuler »), never on the lock."""
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.cancel_button.click()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
