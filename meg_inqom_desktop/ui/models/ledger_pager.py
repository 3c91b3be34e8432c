"""Keyset-paged reads of the ledger for the Journal and Grand livre table models (no Qt here).

The queries run on the ``entry_line`` table, whose denormalised columns and indexes serve each
filter (dossier, provenance, journal, period, account prefix, free text). A page is fetched
after the key of the last row shown, so the thousandth page costs what the first costs.
Totals are computed separately (they scan the filtered lines) and are meant to run off the
GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from meg_inqom_desktop.store.db import DB


@dataclass(frozen=True)
class LedgerFilter:
    """The filters of the Journal and Grand livre views (None or "": no filter)."""

    dossier_id: int | None = None
    provenance: str | None = None
    journal: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    account: str | None = None  # prefix
    text: str | None = None

    def with_(self, **changes: Any) -> LedgerFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class LedgerLine:
    """One line as the views show it (amounts in integer cents)."""

    line_id: int
    entry_id: int
    line_no: int
    date: date
    journal: str
    piece_ref: str
    account: str
    account_label: str
    aux_account: str
    label: str
    debit_cents: int
    credit_cents: int
    provenance: str
    balance_cents: int = 0  # running balance (grand livre only)
    subtotal: bool = False  # a "Total compte" row of the grand livre


@dataclass(frozen=True)
class Totals:
    lines: int
    debit_cents: int
    credit_cents: int

    @property
    def balance_cents(self) -> int:
        return self.debit_cents - self.credit_cents


_COLUMNS = (
    "id, entry_id, line_no, date, journal_code, piece_ref, account, account_label, "
    "aux_account, label, debit_cents, credit_cents, provenance"
)


def _where(flt: LedgerFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.dossier_id is not None:
        clauses.append("dossier_id = ?")
        params.append(flt.dossier_id)
    if flt.provenance:
        clauses.append("provenance = ?")
        params.append(flt.provenance)
    if flt.journal:
        clauses.append("journal_code = ?")
        params.append(flt.journal)
    if flt.date_from:
        clauses.append("date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("date <= ?")
        params.append(flt.date_to.isoformat())
    if flt.account:
        # a prefix range keeps the (dossier, account, ...) index usable
        clauses.append("account >= ? AND account < ?")
        params.extend([flt.account, flt.account + "\uffff"])
    if flt.text:
        clauses.append("(label LIKE ? ESCAPE '\\' OR piece_ref LIKE ? ESCAPE '\\')")
        pattern = "%" + flt.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([pattern + "%", pattern + "%"])
    return clauses, params


def _to_line(row: tuple[Any, ...]) -> LedgerLine:
    day = row[3]
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return LedgerLine(
        line_id=row[0],
        entry_id=row[1],
        line_no=row[2],
        date=day,
        journal=row[4],
        piece_ref=row[5],
        account=row[6],
        account_label=row[7],
        aux_account=row[8],
        label=row[9],
        debit_cents=row[10],
        credit_cents=row[11],
        provenance=row[12],
    )


JournalKey = tuple[str, int, int]  # (date iso, entry id, line no)


def journal_page(flt: LedgerFilter, after: JournalKey | None, limit: int) -> list[LedgerLine]:
    """Lines in date / entry / line order after ``after`` (keyset paging)."""
    clauses, params = _where(flt)
    if after is not None:
        clauses.append("(date, entry_id, line_no) > (?, ?, ?)")
        params.extend(after)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT {_COLUMNS} FROM entry_line {where} ORDER BY date, entry_id, line_no LIMIT ?"
    cursor = DB.execute_sql(sql, [*params, limit])
    return [_to_line(row) for row in cursor.fetchall()]


def journal_key(line: LedgerLine) -> JournalKey:
    return (line.date.isoformat(), line.entry_id, line.line_no)


GrandLivreKey = tuple[str, str, int, int]  # (account, date iso, entry id, line no)


def grand_livre_page(
    flt: LedgerFilter, after: GrandLivreKey | None, limit: int
) -> list[LedgerLine]:
    """Lines in account / date / entry / line order after ``after`` (keyset paging)."""
    clauses, params = _where(flt)
    if after is not None:
        clauses.append("(account, date, entry_id, line_no) > (?, ?, ?, ?)")
        params.extend(after)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (
        f"SELECT {_COLUMNS} FROM entry_line {where} "
        "ORDER BY account, date, entry_id, line_no LIMIT ?"
    )
    cursor = DB.execute_sql(sql, [*params, limit])
    return [_to_line(row) for row in cursor.fetchall()]


def grand_livre_key(line: LedgerLine) -> GrandLivreKey:
    return (line.account, line.date.isoformat(), line.entry_id, line.line_no)


def totals(flt: LedgerFilter) -> Totals:
    """Count and sums of the filtered lines (scans them: call it off the GUI thread)."""
    clauses, params = _where(flt)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (
        "SELECT COUNT(*), COALESCE(SUM(debit_cents), 0), COALESCE(SUM(credit_cents), 0) "
        f"FROM entry_line {where}"
    )
    count, debit, credit = DB.execute_sql(sql, params).fetchone()
    return Totals(lines=int(count), debit_cents=int(debit), credit_cents=int(credit))


def totals_by_journal(flt: LedgerFilter) -> list[tuple[str, Totals]]:
    """Sums per journal code of the filtered lines."""
    clauses, params = _where(flt)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (
        "SELECT journal_code, COUNT(*), SUM(debit_cents), SUM(credit_cents) "
        f"FROM entry_line {where} GROUP BY journal_code ORDER BY journal_code"
    )
    rows = DB.execute_sql(sql, params).fetchall()
    return [(code, Totals(int(n), int(d), int(c))) for code, n, d, c in rows]


def distinct_values(column: str, dossier_id: int | None) -> list[str]:
    """Distinct provenances or journal codes of a dossier, for the filter combo boxes."""
    if column not in ("provenance", "journal_code"):
        raise ValueError(column)
    if dossier_id is None:
        rows = DB.execute_sql(f"SELECT DISTINCT {column} FROM entry ORDER BY 1").fetchall()
    else:
        rows = DB.execute_sql(
            f"SELECT DISTINCT {column} FROM entry WHERE dossier_id = ? ORDER BY 1", [dossier_id]
        ).fetchall()
    return [r[0] for r in rows]
