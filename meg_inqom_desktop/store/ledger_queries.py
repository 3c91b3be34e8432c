"""Read the ledger: Journal, Grand livre and Balance, with filters and keyset paging.

Designed for table models that page lazily over millions of lines:

* lines are ordered by :class:`LineKey` ``(date, entry_id, line_no)``; a page is "``limit``
  lines after key K" (:func:`journal_page`), one index range scan whatever the depth;
* :func:`journal_totals` gives the size and totals of a filtered set;
* the Grand livre pages within one account carry a running balance; the opening balance of a
  page is summed by SQL over the account's covering index, or passed in by the caller that
  already knows it (the balance of the last row of the previous page).

Filters: provenance(s), journal(s), period, account prefix, free text (labels, piece refs,
auxiliary account). Queries are plain SQL through the ``DB`` proxy; a single provenance or
journal uses its index, several are applied as a residual filter (``+col IN``) so the scan
stays in date order. Amounts come back as ``Decimal`` with two places.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.domain.money import CENT
from meg_inqom_desktop.store.db import index_hint, is_postgres
from meg_inqom_desktop.store.ledger_sql import (
    _COLUMNS,
    _INDEX_ACCOUNT,
    _ORDER,
    PAGE_SIZE,
    AccountTotals,
    LedgerFilter,
    LedgerLine,
    LineKey,
    Totals,
    _amount,
    _line,
    _order_index,
    _prefix_range,
    _rows,
    _where,
)

__all__ = [
    "NARROW_PREFIX_LINES",
    "PAGE_SIZE",
    "TEXT_WINDOW",
    "AccountTotals",
    "DocumentInfo",
    "GrandLivrePage",
    "LedgerFilter",
    "LedgerLine",
    "LineKey",
    "Totals",
    "account_totals",
    "accounts_present",
    "balance",
    "entries_per_month",
    "entry_documents",
    "grand_livre_page",
    "journal_page",
    "journal_totals",
    "journals_present",
    "opening_balance",
    "page_query",
    "provenances_present",
]


@dataclass(frozen=True)
class GrandLivrePage:
    """Lines of one account with their running balance; ``opening`` is the balance before."""

    account: str
    opening: Decimal
    lines: list[LedgerLine]

    @property
    def closing(self) -> Decimal:
        if not self.lines or self.lines[-1].balance is None:
            return self.opening
        return self.lines[-1].balance


def _no_index() -> str:
    """`` NOT INDEXED`` on SQLite (a full scan then a sort); PostgreSQL's planner decides."""
    return "" if is_postgres() else " NOT INDEXED"


NARROW_PREFIX_LINES = 5000
"""Below this many lines, an account-prefix filter reads its lines from the account index and
sorts them; above, it filters the date-ordered scan (which finds a page quickly)."""


def _narrow_prefix(f: LedgerFilter) -> bool:
    """True when the account prefix selects few lines (bounded count on the covering index)."""
    if not f.account_prefix:
        return False
    low, high = _prefix_range(f.account_prefix)
    (count,) = _rows(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM entry_line{index_hint(_INDEX_ACCOUNT)}"
        " WHERE dossier_id = ? AND account >= ? AND account < ? LIMIT ?)",
        [f.dossier_id, low, high, NARROW_PREFIX_LINES],
    )[0]
    return int(count) < NARROW_PREFIX_LINES


def _page_parts(
    f: LedgerFilter, account: str | None, after: LineKey | None
) -> tuple[str, str, list[Any]]:
    """(index, WHERE clause, parameters) of the lines of a page, keyset bound included."""
    # the key implies the period's start: dropping it lets sqlite start the index range at
    # the key instead of at the period start (else a deep page scans from there)
    if after is not None and (f.date_from is None or after.date >= f.date_from):
        f = replace(f, date_from=None)
    narrow = account is None and _narrow_prefix(f)
    where, params = _where(f, account=account, index_account=narrow)
    if after is not None:
        where += " AND (l.date, l.entry_id, l.line_no) > (?, ?, ?)"
        params.extend(after.params())
    return _order_index(f, account, narrow), where, params


def page_query(
    f: LedgerFilter,
    *,
    account: str | None = None,
    after: LineKey | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[str, list[Any]]:
    """SQL and parameters of one page of lines (public for EXPLAIN checks and benchmarks)."""
    index, where, params = _page_parts(f, account, after)
    sql = (
        f"SELECT {_COLUMNS} FROM entry_line l{index_hint(index)}"
        f" JOIN entry e ON e.id = l.entry_id WHERE {where} ORDER BY {_ORDER} LIMIT ?"
    )
    return sql, [*params, limit]


TEXT_WINDOW = 20_000
"""A text filter first looks at this many lines in order; if they hold less than a page (a
rare word), the page comes from one scan of the table then a sort, instead of walking the
whole ordered index with a table lookup per line (about 4x slower on a million lines)."""


def _text_edge(
    f: LedgerFilter, account: str | None, after: LineKey | None
) -> tuple[Any, ...] | None:
    """Key of the last line of the text window (None: fewer candidates than the window)."""
    index, base_where, base_params = _page_parts(replace(f, text=""), account, after)
    rows = _rows(
        f"SELECT l.date, l.entry_id, l.line_no FROM entry_line l{index_hint(index)}"
        f" WHERE {base_where} ORDER BY {_ORDER} LIMIT 1 OFFSET ?",
        [*base_params, TEXT_WINDOW - 1],
    )
    return rows[0] if rows else None


def _text_page(
    f: LedgerFilter, account: str | None, after: LineKey | None, limit: int
) -> list[tuple[Any, ...]]:
    edge = _text_edge(f, account, after)
    if edge is None:  # few candidates: the ordered walk is short
        sql, params = page_query(f, account=account, after=after, limit=limit)
        return _rows(sql, params)
    index, where, params = _page_parts(f, account, after)
    rows = _rows(
        f"SELECT {_COLUMNS} FROM entry_line l{index_hint(index)}"
        f" JOIN entry e ON e.id = l.entry_id WHERE {where}"
        f" AND (l.date, l.entry_id, l.line_no) <= (?, ?, ?) ORDER BY {_ORDER} LIMIT ?",
        [*params, *edge, limit],
    )
    if len(rows) >= limit:
        return rows
    return _rows(
        f"SELECT {_COLUMNS} FROM (SELECT * FROM entry_line l{_no_index()} WHERE {where}"
        f" ORDER BY {_ORDER} LIMIT ?) l JOIN entry e ON e.id = l.entry_id ORDER BY {_ORDER}",
        [*params, limit],
    )


def _lines_page(
    f: LedgerFilter, account: str | None, after: LineKey | None, limit: int
) -> list[tuple[Any, ...]]:
    if f.text:
        return _text_page(f, account, after, limit)
    sql, params = page_query(f, account=account, after=after, limit=limit)
    return _rows(sql, params)


# --- Journal -----------------------------------------------------------------------------


def journal_page(
    f: LedgerFilter, *, after: LineKey | None = None, limit: int = PAGE_SIZE
) -> list[LedgerLine]:
    """Up to ``limit`` lines after ``after`` (from the start when None), in Journal order."""
    return [_line(r) for r in _lines_page(f, None, after, limit)]


def journal_totals(f: LedgerFilter, *, account: str | None = None) -> Totals:
    """Total debit, credit and line count of the filtered lines."""
    where, params = _where(f, account=account, index_account=True)
    debit, credit, count = _rows(
        "SELECT COALESCE(SUM(l.debit_cents), 0), COALESCE(SUM(l.credit_cents), 0), COUNT(*)"
        f" FROM entry_line l WHERE {where}",
        params,
    )[0]
    return Totals(_amount(debit), _amount(credit), int(count))


# --- Grand livre -------------------------------------------------------------------------


def opening_balance(
    f: LedgerFilter, account: str, key: LineKey | None, *, inclusive: bool = False
) -> Decimal:
    """Balance of the account's filtered lines before ``key`` (up to it when ``inclusive``)."""
    if key is None:
        return Decimal("0.00")
    where, params = _where(f, account=account)
    op = "<=" if inclusive else "<"
    (total,) = _rows(
        "SELECT COALESCE(SUM(l.debit_cents - l.credit_cents), 0) FROM entry_line l"
        f"{index_hint(_INDEX_ACCOUNT)} WHERE {where}"
        f" AND (l.date, l.entry_id, l.line_no) {op} (?, ?, ?)",
        [*params, *key.params()],
    )[0]
    return _amount(total)


def _with_balances(rows: list[tuple[Any, ...]], opening: Decimal) -> list[LedgerLine]:
    running = int(opening.scaleb(2))  # in cents
    out = []
    for r in rows:
        running += r[13] - r[14]
        out.append(_line(r, CENT * running))
    return out


def grand_livre_page(
    f: LedgerFilter,
    account: str,
    *,
    after: LineKey | None = None,
    limit: int = PAGE_SIZE,
    opening: Decimal | None = None,
) -> GrandLivrePage:
    """Up to ``limit`` lines of ``account`` after ``after``, each with its running balance.

    ``opening`` is the balance just before the page; give it when known (the ``balance`` of
    the previous page's last line) to spare the SQL sum.
    """
    rows = _lines_page(f, account, after, limit)
    if opening is None:
        opening = opening_balance(f, account, after, inclusive=True)
    return GrandLivrePage(account, opening, _with_balances(rows, opening))


def account_totals(f: LedgerFilter) -> list[AccountTotals]:
    """Per account (in account order): debit, credit, line count of the filtered lines.

    This is both the Grand livre's list of accounts and the Balance (trial balance).
    """
    where, params = _where(f, index_account=True)
    # totals from the covering account index when the filter only needs its columns; the
    # label is the one of the account's latest line (one lookup per account, not per line)
    covered = not (f.provenances or f.journals or f.text)
    hint = index_hint(_INDEX_ACCOUNT) if covered else ""
    rows = _rows(
        "SELECT t.account, (SELECT l2.account_label FROM entry_line l2"
        f"{index_hint(_INDEX_ACCOUNT)} WHERE l2.dossier_id = ? AND l2.account = t.account"
        f" ORDER BY l2.date DESC, l2.entry_id DESC, l2.line_no DESC LIMIT 1), t.d, t.c, t.n"
        " FROM (SELECT l.account AS account, SUM(l.debit_cents) AS d,"
        f" SUM(l.credit_cents) AS c, COUNT(*) AS n FROM entry_line l{hint} WHERE {where}"
        " GROUP BY l.account) t ORDER BY t.account",
        [f.dossier_id, *params],
    )
    return [
        AccountTotals(acc, label or "", _amount(debit), _amount(credit), int(count))
        for acc, label, debit, credit, count in rows
    ]


def balance(f: LedgerFilter) -> tuple[list[AccountTotals], Totals]:
    """Trial balance: accounts with their totals, and the grand total."""
    accounts = account_totals(f)
    debit = sum((a.debit for a in accounts), Decimal("0.00"))
    credit = sum((a.credit for a in accounts), Decimal("0.00"))
    return accounts, Totals(debit, credit, sum(a.count for a in accounts))


# --- choices for the filters -------------------------------------------------------------


def _distinct(table: str, column: str, dossier_id: int) -> list[str]:
    """Distinct values of an indexed ``(dossier_id, column, ...)`` prefix by index skips."""
    sql = (
        f"WITH RECURSIVE v(x) AS (SELECT MIN({column}) FROM {table} WHERE dossier_id = ?"
        f" UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE dossier_id = ?"
        f" AND {column} > v.x) FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
    )
    return [r[0] for r in _rows(sql, [dossier_id, dossier_id])]


def provenances_present(dossier_id: int) -> list[str]:
    """Provenance codes that have entries in the dossier."""
    return _distinct("entry", "provenance", dossier_id)


def journals_present(dossier_id: int) -> list[str]:
    return _distinct("entry_line", "journal_code", dossier_id)


def accounts_present(dossier_id: int) -> list[str]:
    return _distinct("entry_line", "account", dossier_id)


def entries_per_month(
    dossier_id: int | None, provenance: str | None = None
) -> dict[str, dict[str, int]]:
    """``{"2026-01": {"VT": 12, ...}, ...}`` over the dossier's entries (all when None), of one
    provenance when given."""
    sql = "SELECT substr(CAST(date AS TEXT), 1, 7), journal_code, COUNT(*) FROM entry WHERE 1 = 1"
    params: list[Any] = []
    if dossier_id is not None:
        sql += " AND dossier_id = ?"
        params.append(dossier_id)
    if provenance is not None:
        sql += " AND provenance = ?"
        params.append(provenance)
    out: dict[str, dict[str, int]] = {}
    for month, journal, count in _rows(sql + " GROUP BY 1, 2 ORDER BY 1, 2", params):
        out.setdefault(month, {})[journal] = int(count)
    return out


@dataclass(frozen=True)
class DocumentInfo:
    """A stored pièce of an entry (its bytes are in the content store under ``sha256``)."""

    id: int
    entry_id: int
    source_id: str
    filename: str
    media_type: str
    size: int
    sha256: str


def entry_documents(entry_id: int) -> list[DocumentInfo]:
    """The pièces of an entry, in the order they were stored."""
    rows = _rows(
        "SELECT id, entry_id, source_id, filename, media_type, size, sha256 FROM document"
        " WHERE entry_id = ? ORDER BY id",
        [entry_id],
    )
    return [DocumentInfo(*row) for row in rows]
