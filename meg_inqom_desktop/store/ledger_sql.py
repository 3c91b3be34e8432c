"""Building blocks of the ledger queries: filter, key and row types, WHERE clauses, indexes.

:mod:`meg_inqom_desktop.store.ledger_queries` is the API; import the types from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from meg_inqom_desktop.domain.money import CENT
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import as_date, execute, is_postgres

PAGE_SIZE = 200


def _amount(cents: int) -> Decimal:
    """Integer cents -> two-place Decimal (the product keeps the exponent of ``CENT``; exact for
    any BIGINT: 19 digits, within the 28 of the decimal context)."""
    return CENT * cents


class LineKey(NamedTuple):
    """Position of a line in Journal and Grand livre order."""

    date: date
    entry_id: int
    line_no: int

    def params(self) -> tuple[str, int, int]:
        return (self.date.isoformat(), self.entry_id, self.line_no)


@dataclass(frozen=True)
class LedgerFilter:
    """What the Journal / Grand livre / Balance show. Empty tuples and None mean "all"."""

    dossier_id: int
    provenances: tuple[str, ...] = ()
    journals: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    account_prefix: str = ""
    text: str = ""


class LedgerLine(NamedTuple):
    """One line as the Journal and Grand livre show it (``balance`` only in the Grand livre).

    Immutable (a named tuple: cheap to build by the hundred per page, indexable by column).
    """

    id: int
    entry_id: int
    line_no: int
    date: date
    provenance: str
    journal_code: str
    number: str
    piece_ref: str
    account: str
    account_label: str
    aux_account: str
    aux_label: str
    label: str
    debit: Decimal
    credit: Decimal
    lettering: str
    balance: Decimal | None = None

    @property
    def key(self) -> LineKey:
        return LineKey(self.date, self.entry_id, self.line_no)

    @property
    def amount(self) -> Decimal:
        """Signed: debit positive, credit negative."""
        return self.debit - self.credit


@dataclass(frozen=True)
class Totals:
    debit: Decimal
    credit: Decimal
    count: int

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True)
class AccountTotals:
    """One account of the Grand livre index or of the Balance."""

    account: str
    label: str
    debit: Decimal
    credit: Decimal
    count: int

    @property
    def balance(self) -> Decimal:
        """Solde: positive = débiteur, negative = créditeur."""
        return self.debit - self.credit

    @property
    def balance_debit(self) -> Decimal:
        return self.balance if self.balance > 0 else Decimal("0.00")

    @property
    def balance_credit(self) -> Decimal:
        return -self.balance if self.balance < 0 else Decimal("0.00")


# --- SQL building ------------------------------------------------------------------------

_COLUMNS = (
    "l.id, l.entry_id, l.line_no, l.date, l.provenance, l.journal_code, e.number, l.piece_ref,"
    " l.account, l.account_label, l.aux_account, l.aux_label, l.label, l.debit_cents,"
    " l.credit_cents, l.lettering"
)
_ORDER = "l.date, l.entry_id, l.line_no"


def _prefix_range(prefix: str) -> tuple[str, str]:
    """[low, high) bounds of the strings starting with ``prefix`` (binary collation)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(
    f: LedgerFilter, *, account: str | None = None, index_account: bool = False
) -> tuple[str, list[Any]]:
    """WHERE clause (without the keyword) and its parameters for a filter."""
    parts = ["l.dossier_id = ?"]
    params: list[Any] = [f.dossier_id]
    # SQLite: a unary "+" keeps a column's index out of the planner's choice (a residual
    # filter keeps the date-ordered scan); PostgreSQL's planner decides from statistics.
    residual = "" if is_postgres() else "+"
    for column, values in (("provenance", f.provenances), ("journal_code", f.journals)):
        if len(values) == 1:
            parts.append(f"l.{column} = ?")
            params.append(values[0])
        elif values:  # several: residual filter, keeps the date-ordered index scan
            parts.append(f"{residual}l.{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if f.date_from is not None:
        parts.append("l.date >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to is not None:
        parts.append("l.date <= ?")
        params.append(f.date_to.isoformat())
    if account is not None:
        parts.append("l.account = ?")
        params.append(account)
    if f.account_prefix:
        low, high = _prefix_range(f.account_prefix)
        plus = "" if index_account else residual
        parts.append(f"{plus}l.account >= ? AND {plus}l.account < ?")
        params.extend((low, high))
    if f.text:
        cond, text_params = _text_condition(f.text)
        parts.append(cond)
        params.extend(text_params)
    return " AND ".join(parts), params


def _text_condition(text: str) -> tuple[str, list[Any]]:
    """Free text in the line's labels, piece ref or auxiliary account, case-insensitive
    (SQLite's LIKE folds ASCII letters only; PostgreSQL's ILIKE every letter)."""
    like = "ILIKE" if is_postgres() else "LIKE"
    cond = " OR ".join(
        f"l.{col} {like} ? ESCAPE '\\'"
        for col in ("label", "piece_ref", "account_label", "aux_account", "aux_label")
    )
    return f"({cond})", [_like(text)] * 5


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with convert_db_errors():
        rows: list[tuple[Any, ...]] = execute(sql, params).fetchall()
    return rows


_new_tuple = tuple.__new__


def _line(r: tuple[Any, ...], balance: Decimal | None = None) -> LedgerLine:
    """A row of ``_COLUMNS`` as a :class:`LedgerLine` (hot path: 200 per page; indexing each
    column is cheaper than slicing and unpacking, ``CENT *`` than a call of :func:`_amount`)."""
    return _new_tuple(
        LedgerLine,
        (
            r[0],
            r[1],
            r[2],
            as_date(r[3]),
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            CENT * r[13],
            CENT * r[14],
            r[15],
            balance,
        ),
    )


# indexes of store/models.py (EntryLine)
_INDEX_DATE = "ix_line_date"
_INDEX_PROVENANCE = "ix_line_provenance"
_INDEX_JOURNAL = "ix_line_journal"
_INDEX_ACCOUNT = "ix_line_account"


def _order_index(f: LedgerFilter, account: str | None, narrow_prefix: bool = False) -> str:
    """The index that yields the lines in key order with the most equality columns.

    Forced with ``INDEXED BY``: without ANALYZE statistics (a new database) sqlite may walk
    the date index and filter a rare provenance out of a million lines. A narrow account
    prefix reads the account index instead (a few thousand lines sorted).
    """
    if account is not None or narrow_prefix:
        return _INDEX_ACCOUNT
    if len(f.journals) == 1:
        return _INDEX_JOURNAL
    if len(f.provenances) == 1:
        return _INDEX_PROVENANCE
    return _INDEX_DATE
