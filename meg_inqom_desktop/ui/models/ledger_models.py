"""Journal and Grand livre table models: lazy, keyset-paged, so a million lines never load at once.

The view asks for more rows as it scrolls (``canFetchMore`` / ``fetchMore``); each fetch reads
one page after the key of the last row held, through the connector's ledger reads. Changing a
filter resets the model and reads one page. Rows are the store's
:class:`~meg_inqom_desktop.store.ledger_queries.LedgerLine`; the Grand livre adds a
:class:`SubtotalRow` after each account's lines. Amounts and dates are formatted by
:mod:`meg_inqom_desktop.ui.formatting`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from meg_inqom_desktop.domain.provenance import provenance as provenance_of
from meg_inqom_desktop.store.ledger_queries import LedgerFilter, LedgerLine, LineKey
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector

PAGE_SIZE = 200
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
ZERO = Decimal("0.00")

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SubtotalRow:
    """The Grand livre's « Total compte » row: the account's sums and its closing balance."""

    account: str
    account_label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


Row = LedgerLine | SubtotalRow


def _tr(text: str) -> str:
    return QCoreApplication.translate("LedgerModel", text)


class _PagedLedgerModel(QAbstractTableModel):
    """Shared behaviour: rows held so far, a filter, fetch one page after the last key."""

    COLUMNS: tuple[tuple[str, str], ...] = ()  # (key, French header)
    AMOUNT_KEYS = frozenset({"debit", "credit", "balance"})

    def __init__(
        self, connector: Connector, page_size: int = PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.connector = connector
        self.page_size = page_size
        self._filter: LedgerFilter | None = None
        self._rows: list[Row] = []
        self._exhausted = True

    # -- filter ------------------------------------------------------------------------------
    @property
    def ledger_filter(self) -> LedgerFilter | None:
        return self._filter

    def set_filter(self, flt: LedgerFilter | None) -> None:
        """Show the lines matching ``flt`` (reads the first page at once); None: nothing."""
        self.beginResetModel()
        self._filter = flt
        self._rows = []
        self._exhausted = flt is None
        if flt is not None:
            self._reset_state(flt)
            self._rows.extend(self._read_rows(flt))
        self.endResetModel()

    def refresh(self) -> None:
        """Read again from the start with the same filter (after a sync)."""
        self.set_filter(self._filter)

    # -- paging ------------------------------------------------------------------------------
    def _reset_state(self, flt: LedgerFilter) -> None:
        """Hook for the Grand livre's accounts and running balance."""

    def _read_rows(self, flt: LedgerFilter) -> list[Row]:
        """About one page of rows after those held (sets ``_exhausted`` at the end)."""
        raise NotImplementedError

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or self._filter is None:
            return
        rows = self._read_rows(self._filter)
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def fetch_all(self, limit: int | None = None) -> None:
        """Read pages until the end (or ``limit`` rows): for tests and small views."""
        while self.canFetchMore() and (limit is None or len(self._rows) < limit):
            self.fetchMore()

    # -- model -------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(self.COLUMNS[section][1])
            if role == Qt.ItemDataRole.TextAlignmentRole and (
                self.COLUMNS[section][0] in self.AMOUNT_KEYS
            ):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def line(self, row: int) -> Row:
        return self._rows[row]

    def lines(self) -> list[Row]:
        """The rows held so far (a copy)."""
        return list(self._rows)

    def column_key(self, column: int) -> str:
        return self.COLUMNS[column][0]

    def display(self, row: Row, key: str) -> str:
        """The text of one cell (also used by copy and CSV export)."""
        if isinstance(row, SubtotalRow):
            texts = {
                "account": row.account,
                "label": _tr(QT_TRANSLATE_NOOP("LedgerModel", "Total compte {0}")).format(
                    row.account
                ),
                "debit": formatting.money(row.debit),
                "credit": formatting.money(row.credit),
                "balance": formatting.money(row.balance),
            }
            return texts.get(key, "")
        getters: dict[str, Callable[[LedgerLine], str]] = {
            "date": lambda x: formatting.day(x.date),
            "journal": lambda x: x.journal_code,
            "piece": lambda x: x.piece_ref,
            "account": lambda x: x.account,
            "account_label": lambda x: x.account_label,
            "label": lambda x: x.label,
            "debit": lambda x: formatting.money(x.debit, blank_zero=True),
            "credit": lambda x: formatting.money(x.credit, blank_zero=True),
            "balance": lambda x: formatting.money(x.balance or ZERO),
            "provenance": lambda x: provenance_of(x.provenance).label,
        }
        return getters[key](row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.AMOUNT_KEYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and isinstance(row, SubtotalRow):
            font = QFont()
            font.setBold(True)
            return font
        if role == LINE_ROLE:
            return row
        return None


class JournalModel(_PagedLedgerModel):
    """Journal: lines in date order, with their entry's journal, pièce and provenance."""

    COLUMNS = (
        ("date", QT_TRANSLATE_NOOP("LedgerModel", "Date")),
        ("journal", QT_TRANSLATE_NOOP("LedgerModel", "Journal")),
        ("piece", QT_TRANSLATE_NOOP("LedgerModel", "Pièce")),
        ("account", QT_TRANSLATE_NOOP("LedgerModel", "Compte")),
        ("label", QT_TRANSLATE_NOOP("LedgerModel", "Libellé")),
        ("debit", QT_TRANSLATE_NOOP("LedgerModel", "Débit")),
        ("credit", QT_TRANSLATE_NOOP("LedgerModel", "Crédit")),
        ("provenance", QT_TRANSLATE_NOOP("LedgerModel", "Provenance")),
    )

    def _read_rows(self, flt: LedgerFilter) -> list[Row]:
        last = self._rows[-1] if self._rows else None
        after = last.key if isinstance(last, LedgerLine) else None
        page = self.connector.journal_page(flt, after, self.page_size)
        if len(page) < self.page_size:
            self._exhausted = True
        return list(page)


class GrandLivreModel(_PagedLedgerModel):
    """Grand livre: lines by account with a running balance and a total row per account."""

    COLUMNS = (
        ("account", QT_TRANSLATE_NOOP("LedgerModel", "Compte")),
        ("date", QT_TRANSLATE_NOOP("LedgerModel", "Date")),
        ("journal", QT_TRANSLATE_NOOP("LedgerModel", "Journal")),
        ("piece", QT_TRANSLATE_NOOP("LedgerModel", "Pièce")),
        ("label", QT_TRANSLATE_NOOP("LedgerModel", "Libellé")),
        ("debit", QT_TRANSLATE_NOOP("LedgerModel", "Débit")),
        ("credit", QT_TRANSLATE_NOOP("LedgerModel", "Crédit")),
        ("balance", QT_TRANSLATE_NOOP("LedgerModel", "Solde")),
    )

    def _reset_state(self, flt: LedgerFilter) -> None:
        self._accounts = self.connector.accounts(flt)
        self._account_index = 0
        self._after: LineKey | None = None
        self._balance: Decimal | None = None  # running balance; None: the store's opening
        self._debit = ZERO
        self._credit = ZERO
        self._last: LedgerLine | None = None

    def _read_rows(self, flt: LedgerFilter) -> list[Row]:
        """About one page: lines of the current account, then its total row, then the next
        account's lines, until ``page_size`` rows or the last account."""
        out: list[Row] = []
        while len(out) < self.page_size and self._account_index < len(self._accounts):
            account = self._accounts[self._account_index]
            want = self.page_size - len(out)
            page = self.connector.grand_livre_page(flt, account, self._after, want, self._balance)
            for line in page.lines:
                self._debit += line.debit
                self._credit += line.credit
            out.extend(page.lines)
            if page.lines:
                self._last = page.lines[-1]
                self._after = page.lines[-1].key
                self._balance = page.lines[-1].balance
            if len(page.lines) < want:  # account finished
                if self._last is not None and self._last.account == account:
                    out.append(self._subtotal(account, self._last))
                self._account_index += 1
                self._after = None
                self._balance = None
                self._debit = self._credit = ZERO
        if self._account_index >= len(self._accounts):
            self._exhausted = True
        return out

    def _subtotal(self, account: str, last: LedgerLine) -> SubtotalRow:
        closing = last.balance if last.balance is not None else self._debit - self._credit
        return SubtotalRow(account, last.account_label, self._debit, self._credit, closing)
