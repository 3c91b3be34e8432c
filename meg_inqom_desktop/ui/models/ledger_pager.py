"""The Journal and Grand livre views' reads, over the store's keyset-paged ledger queries.

:mod:`meg_inqom_desktop.store.ledger_queries` does the SQL (indexes chosen per filter, keyset
paging, running balances, totals, filter choices); this module adapts its filter and lines to
what the table models show (amounts in integer cents) and has no Qt. Totals scan the filtered
lines: call them off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.store import ledger_queries as q


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


def to_store(flt: LedgerFilter) -> q.LedgerFilter:
    """The store's filter for ``flt`` (which must name a dossier)."""
    if flt.dossier_id is None:
        raise ValueError("a dossier is required")
    return q.LedgerFilter(
        dossier_id=flt.dossier_id,
        provenances=(flt.provenance,) if flt.provenance else (),
        journals=(flt.journal,) if flt.journal else (),
        date_from=flt.date_from,
        date_to=flt.date_to,
        account_prefix=flt.account or "",
        text=flt.text or "",
    )


def _cents(value: Decimal) -> int:
    return int(value.scaleb(2))


def _line(x: q.LedgerLine, balance_cents: int = 0) -> LedgerLine:
    return LedgerLine(
        line_id=x.id,
        entry_id=x.entry_id,
        line_no=x.line_no,
        date=x.date,
        journal=x.journal_code,
        piece_ref=x.piece_ref,
        account=x.account,
        account_label=x.account_label,
        aux_account=x.aux_account,
        label=x.label,
        debit_cents=_cents(x.debit),
        credit_cents=_cents(x.credit),
        provenance=x.provenance,
        balance_cents=balance_cents,
    )


def line_key(line: LedgerLine) -> q.LineKey:
    return q.LineKey(line.date, line.entry_id, line.line_no)


def journal_page(flt: LedgerFilter, after: q.LineKey | None, limit: int) -> list[LedgerLine]:
    """Lines in Journal order (date, entry, line) after ``after`` (keyset paging)."""
    if flt.dossier_id is None:
        return []
    return [_line(x) for x in q.journal_page(to_store(flt), after=after, limit=limit)]


def accounts(flt: LedgerFilter) -> list[str]:
    """The dossier's accounts (an index skip scan), narrowed to the account prefix."""
    if flt.dossier_id is None:
        return []
    found = q.accounts_present(flt.dossier_id)
    return [a for a in found if a.startswith(flt.account)] if flt.account else found


def grand_livre_page(
    flt: LedgerFilter,
    account: str,
    after: q.LineKey | None,
    limit: int,
    opening_cents: int | None,
) -> tuple[int, list[LedgerLine]]:
    """One page of an account with running balances; returns (opening, lines) in cents."""
    store_filter = to_store(flt)
    if opening_cents is not None:
        opening: Decimal | None = Decimal(opening_cents).scaleb(-2)
    elif after is None and flt.date_from is not None:
        # the account's first page of a period starts from the balance brought forward
        before_period = replace(store_filter, date_from=None, date_to=None)
        opening = q.opening_balance(
            before_period, account, q.LineKey(flt.date_from, 0, 0), inclusive=False
        )
    else:
        opening = None
    page = q.grand_livre_page(store_filter, account, after=after, limit=limit, opening=opening)
    lines = [_line(x, _cents(x.balance or Decimal(0))) for x in page.lines]
    return _cents(page.opening), lines


def totals(flt: LedgerFilter) -> Totals:
    """Count and sums of the filtered lines (scans them: call it off the GUI thread)."""
    if flt.dossier_id is None:
        return Totals(0, 0, 0)
    t = q.journal_totals(to_store(flt))
    return Totals(lines=t.count, debit_cents=_cents(t.debit), credit_cents=_cents(t.credit))


def distinct_values(column: str, dossier_id: int | None) -> list[str]:
    """Provenances or journal codes present in a dossier, for the filter combo boxes."""
    if dossier_id is None:
        return []
    if column == "provenance":
        return q.provenances_present(dossier_id)
    if column == "journal_code":
        return q.journals_present(dossier_id)
    raise ValueError(column)


def iter_journal(flt: LedgerFilter, page_size: int = 5000) -> Iterator[LedgerLine]:
    """Every filtered line in Journal order (for exports), page after page."""
    after: q.LineKey | None = None
    while True:
        page = journal_page(flt, after, page_size)
        yield from page
        if len(page) < page_size:
            return
        after = line_key(page[-1])
