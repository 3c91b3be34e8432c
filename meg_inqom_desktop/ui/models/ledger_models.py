"""Journal and Grand livre table models: lazy, keyset-paged, so a million lines never load at once.

The view asks for more rows as it scrolls (``canFetchMore`` / ``fetchMore``); each fetch reads
one page after the key of the last row held. Changing a filter resets the model and reads one
page. Amounts and dates are formatted by :mod:`meg_inqom_desktop.ui.formatting`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from meg_inqom_desktop.domain.provenance import provenance as provenance_of
from meg_inqom_desktop.ui import formatting
from meg_inqom_desktop.ui.models import ledger_pager as pager
from meg_inqom_desktop.ui.models.ledger_pager import LedgerFilter, LedgerLine

PAGE_SIZE = 200
LINE_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("LedgerModel", text)


class _PagedLedgerModel(QAbstractTableModel):
    """Shared behaviour: rows held so far, a filter, fetch one page after the last key."""

    COLUMNS: tuple[tuple[str, str], ...] = ()  # (key, French header)
    AMOUNT_KEYS = frozenset({"debit", "credit", "balance"})

    def __init__(self, page_size: int = PAGE_SIZE, parent: Any = None) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self._filter = LedgerFilter()
        self._rows: list[LedgerLine] = []
        self._exhausted = True
        self._active = False

    # -- filter ------------------------------------------------------------------------------
    @property
    def ledger_filter(self) -> LedgerFilter:
        return self._filter

    def set_filter(self, flt: LedgerFilter) -> None:
        """Show the lines matching ``flt`` (reads the first page at once)."""
        self.beginResetModel()
        self._filter = flt
        self._active = True
        self._reset_state()
        self._rows = []
        self._exhausted = False
        self._append_page()
        self.endResetModel()

    def refresh(self) -> None:
        """Read again from the start with the same filter (after a sync)."""
        if self._active:
            self.set_filter(self._filter)

    def clear(self) -> None:
        self.beginResetModel()
        self._active = False
        self._rows = []
        self._exhausted = True
        self.endResetModel()

    # -- paging ------------------------------------------------------------------------------
    def _reset_state(self) -> None:
        """Hook for the grand livre's running balance."""

    def _read_page(self) -> list[LedgerLine]:
        raise NotImplementedError

    def _append_page(self) -> int:
        page = self._read_page()
        if len(page) < self.page_size:
            self._exhausted = True
        rows = self._decorate(page)
        self._rows.extend(rows)
        return len(rows)

    def _decorate(self, page: list[LedgerLine]) -> list[LedgerLine]:
        return page

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._read_page()
        if len(page) < self.page_size:
            self._exhausted = True
        rows = self._decorate(page)
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

    def line(self, row: int) -> LedgerLine:
        return self._rows[row]

    def lines(self) -> list[LedgerLine]:
        """The rows held so far (a copy)."""
        return list(self._rows)

    def column_key(self, column: int) -> str:
        return self.COLUMNS[column][0]

    def display(self, line: LedgerLine, key: str) -> str:
        """The text of one cell (also used by copy and CSV export)."""
        if line.subtotal:
            if key == "account":
                return line.account
            if key == "label":
                return _tr(QT_TRANSLATE_NOOP("LedgerModel", "Total compte {0}")).format(
                    line.account
                )
            if key in ("debit", "credit", "balance"):
                value = {"debit": line.debit_cents, "credit": line.credit_cents}.get(
                    key, line.balance_cents
                )
                return formatting.amount(value)
            return ""
        getters: dict[str, Callable[[LedgerLine], str]] = {
            "date": lambda x: formatting.day(x.date),
            "journal": lambda x: x.journal,
            "piece": lambda x: x.piece_ref,
            "account": lambda x: x.account,
            "account_label": lambda x: x.account_label,
            "label": lambda x: x.label,
            "debit": lambda x: formatting.amount(x.debit_cents, blank_zero=True),
            "credit": lambda x: formatting.amount(x.credit_cents, blank_zero=True),
            "balance": lambda x: formatting.amount(x.balance_cents),
            "provenance": lambda x: provenance_of(x.provenance).label,
        }
        return getters[key](line)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        line = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(line, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.AMOUNT_KEYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and line.subtotal:
            font = QFont()
            font.setBold(True)
            return font
        if role == LINE_ROLE:
            return line
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

    def _read_page(self) -> list[LedgerLine]:
        after = pager.line_key(self._rows[-1]) if self._rows else None
        return pager.journal_page(self._filter, after, self.page_size)


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

    def _reset_state(self) -> None:
        self._accounts = pager.accounts(self._filter)
        self._account_index = 0
        self._after: object = None
        self._balance: int | None = None  # running balance; None: ask the store (opening)
        self._debit = 0
        self._credit = 0
        self._last_real: LedgerLine | None = None

    def _append_page(self) -> int:
        rows = self._read_rows()
        self._rows.extend(rows)
        return len(rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        rows = self._read_rows()
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def _read_rows(self) -> list[LedgerLine]:
        """About one page: lines of the current account, then its total row, then the next
        account's lines, until ``page_size`` rows or the last account."""
        out: list[LedgerLine] = []
        while len(out) < self.page_size and self._account_index < len(self._accounts):
            account = self._accounts[self._account_index]
            want = self.page_size - len(out)
            _opening, lines = pager.grand_livre_page(
                self._filter,
                account,
                self._after,
                want,
                self._balance,  # type: ignore[arg-type]
            )
            for line in lines:
                self._debit += line.debit_cents
                self._credit += line.credit_cents
            out.extend(lines)
            if lines:
                self._last_real = lines[-1]
                self._after = pager.line_key(lines[-1])
                self._balance = lines[-1].balance_cents
            if len(lines) < want:  # account finished
                if self._last_real is not None and self._last_real.account == account:
                    out.append(self._subtotal(account))
                self._account_index += 1
                self._after = None
                self._balance = None
                self._debit = self._credit = 0
        if self._account_index >= len(self._accounts):
            self._exhausted = True
        return out

    def _subtotal(self, account: str) -> LedgerLine:
        last = self._last_real
        assert last is not None
        return LedgerLine(
            line_id=-1,
            entry_id=-1,
            line_no=0,
            date=last.date,
            journal="",
            piece_ref="",
            account=account,
            account_label=last.account_label,
            aux_account="",
            label="",
            debit_cents=self._debit,
            credit_cents=self._credit,
            provenance="",
            balance_cents=last.balance_cents,
            subtotal=True,
        )
