"""Journal, Grand livre and Balance queries: filters, keyset paging, balances, totals, plans."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.store import ledger_queries as q
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.ledger_sql import _amount, _line
from meg_inqom_desktop.store.ledger_writes import upsert_entries
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.store.paths import DataPaths

from .conftest import make_entry

ACCOUNTS = ["401000", "411000", "411100", "445660", "512000", "606000", "706000"]
LABELS = ["Vente", "Achat", "Loyer 100%", "frais_bq", "Règlement"]
PROVENANCES = ["meg", "fec"]
JOURNALS = ["VT", "AC", "BQ"]
D0 = date(2026, 1, 1)


@dataclass(frozen=True)
class RefLine:
    """What the Python reference keeps of a stored line."""

    key: q.LineKey
    provenance: str
    journal: str
    account: str
    label: str
    piece_ref: str
    cents: int  # signed


def _make(
    prov: str, journal: str, day: int, piece: str, lines: list[tuple[str, str, int]]
) -> tuple[str, Entry]:
    debits = [EntryLine(account=a, label=lbl, debit=Decimal(c).scaleb(-2)) for a, lbl, c in lines]
    counterpart = EntryLine(
        account="999999", label="Contrepartie", credit=Decimal(sum(c for *_, c in lines)).scaleb(-2)
    )
    entry = Entry(
        source_id="",
        journal=Journal(journal),
        date=D0 + timedelta(days=day),
        piece_ref=piece,
        label="",
        lines=(*debits, counterpart),
    )
    return prov, entry


def _entry_strategy() -> st.SearchStrategy[tuple[str, Entry]]:
    line = st.tuples(
        st.sampled_from(ACCOUNTS),
        st.sampled_from(LABELS),
        st.integers(min_value=1, max_value=10_000_000),
    )
    return st.builds(
        _make,
        st.sampled_from(PROVENANCES),
        st.sampled_from(JOURNALS),
        st.integers(min_value=0, max_value=20),  # few days: many lines share a date
        st.sampled_from(["F-1", "F-2", "AV_3"]),
        st.lists(line, min_size=1, max_size=3),
    )


_dossier_counter = itertools.count(1)


def _store(entries: list[tuple[str, Entry]]) -> tuple[int, list[RefLine]]:
    """A new dossier holding ``entries``; returns its id and the reference lines."""
    dossier_id = DossierRow.create(siret=f"T{next(_dossier_counter):013d}").id
    ref: list[RefLine] = []
    for n, (prov, entry) in enumerate(entries):
        stored = entry._replace(source_id=f"s{n}")
        (entry_id,) = upsert_entries(dossier_id, [stored], provenance=prov).new_entry_ids
        for no, ln in enumerate(stored.lines, start=1):
            assert stored.date is not None
            ref.append(
                RefLine(
                    q.LineKey(stored.date, entry_id, no),
                    prov,
                    stored.journal.code,
                    ln.account,
                    ln.label,
                    stored.piece_ref,
                    int((ln.debit - ln.credit) * 100),
                )
            )
    ref.sort(key=lambda r: r.key)
    return dossier_id, ref


def _matches(f: q.LedgerFilter, r: RefLine) -> bool:
    text = f.text.lower()
    return (
        (not f.provenances or r.provenance in f.provenances)
        and (not f.journals or r.journal in f.journals)
        and (f.date_from is None or r.key.date >= f.date_from)
        and (f.date_to is None or r.key.date <= f.date_to)
        and r.account.startswith(f.account_prefix)
        and (not text or text in r.label.lower() or text in r.piece_ref.lower())
    )


def _filter_strategy(dossier_id: int) -> st.SearchStrategy[q.LedgerFilter]:
    day = st.none() | st.integers(min_value=0, max_value=20).map(lambda d: D0 + timedelta(d))
    return st.builds(
        q.LedgerFilter,
        st.just(dossier_id),
        st.lists(st.sampled_from(PROVENANCES), max_size=2, unique=True).map(tuple),
        st.lists(st.sampled_from(JOURNALS), max_size=2, unique=True).map(tuple),
        day,
        day,
        st.sampled_from(["", "4", "41", "411", "411000", "6", "9"]),
        st.sampled_from(["", "ven", "100%", "_bq", "f-1", "zzz"]),
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(_entry_strategy(), min_size=0, max_size=25),
    data=st.data(),
    limit=st.integers(min_value=1, max_value=7),
)
def test_keyset_pages_give_the_whole_ordered_set(
    ledger: DataPaths, entries: list[tuple[str, Entry]], data: st.DataObject, limit: int
) -> None:
    dossier_id, ref = _store(entries)
    f = data.draw(_filter_strategy(dossier_id))
    expected = [r.key for r in ref if _matches(f, r)]
    # an account prefix reads the account index (narrow) or filters the date scan (wide)
    threshold = data.draw(st.sampled_from([q.NARROW_PREFIX_LINES, 0]))
    # a text filter reads a window of lines first, then falls back to a full scan
    window = data.draw(st.sampled_from([q.TEXT_WINDOW, 1, 3]))
    saved = q.NARROW_PREFIX_LINES, q.TEXT_WINDOW
    q.NARROW_PREFIX_LINES, q.TEXT_WINDOW = threshold, window
    try:
        _check_paging(f, ref, expected, data, limit)
    finally:
        q.NARROW_PREFIX_LINES, q.TEXT_WINDOW = saved


def _check_paging(
    f: q.LedgerFilter,
    ref: list[RefLine],
    expected: list[q.LineKey],
    data: st.DataObject,
    limit: int,
) -> None:

    forward: list[q.LineKey] = []
    after = None
    while page := q.journal_page(f, after=after, limit=limit):
        assert len(page) <= limit
        forward.extend(ln.key for ln in page)
        after = page[-1].key
    assert forward == expected

    totals = q.journal_totals(f)
    signed = [r.cents for r in ref if _matches(f, r)]
    assert totals.count == len(expected)
    assert totals.debit == Decimal(sum(c for c in signed if c > 0)).scaleb(-2)
    assert totals.credit == Decimal(-sum(c for c in signed if c < 0)).scaleb(-2)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(_entry_strategy(), min_size=1, max_size=25),
    data=st.data(),
    limit=st.integers(min_value=1, max_value=6),
)
def test_grand_livre_running_balance_and_account_totals(
    ledger: DataPaths, entries: list[tuple[str, Entry]], data: st.DataObject, limit: int
) -> None:
    dossier_id, ref = _store(entries)
    f = data.draw(_filter_strategy(dossier_id))
    accounts = q.account_totals(f)
    selected = [r for r in ref if _matches(f, r)]
    assert [a.account for a in accounts] == sorted({r.account for r in selected})
    for acc in accounts:
        lines = [r for r in selected if r.account == acc.account]
        assert acc.count == len(lines)
        assert acc.balance == Decimal(sum(r.cents for r in lines)).scaleb(-2)
        running = list(itertools.accumulate(r.cents for r in lines))
        # forward, letting the SQL compute each page's opening balance
        got: list[tuple[q.LineKey, Decimal | None]] = []
        after = None
        while (page := q.grand_livre_page(f, acc.account, after=after, limit=limit)).lines:
            assert page.opening == (Decimal(running[len(got) - 1]).scaleb(-2) if got else 0)
            got.extend((ln.key, ln.balance) for ln in page.lines)
            after = page.lines[-1].key
            assert page.closing == page.lines[-1].balance
        assert got == [(r.key, Decimal(b).scaleb(-2)) for r, b in zip(lines, running, strict=True)]
        # forward again, carrying the balance from page to page (what a model does)
        carried: list[Decimal | None] = []
        after, opening = None, None
        while (
            page := q.grand_livre_page(f, acc.account, after=after, limit=limit, opening=opening)
        ).lines:
            carried.extend(ln.balance for ln in page.lines)
            after, opening = page.lines[-1].key, page.lines[-1].balance
        assert carried == [b for _, b in got]
    trial, totals = q.balance(f)
    assert trial == accounts
    assert totals.debit - totals.credit == Decimal(sum(r.cents for r in selected)).scaleb(-2)


def test_rows_carry_entry_columns_and_exact_amounts(dossier_id: int) -> None:
    upsert_entries(dossier_id, [make_entry("A7", "1234.56", piece_ref="F-9")], provenance="meg")
    (debit, credit) = q.journal_page(q.LedgerFilter(dossier_id))
    assert (debit.number, debit.piece_ref, debit.journal_code, debit.provenance) == (
        "A7",
        "F-9",
        "VT",
        "meg",
    )
    assert debit.debit == Decimal("1234.56") and str(debit.credit) == "0.00"
    assert credit.amount == Decimal("-1234.56")
    assert debit.balance is None
    assert debit.key == q.LineKey(date(2026, 3, 15), debit.entry_id, 1)


def _two_places(cents: int) -> str:
    """Reference: the text of ``cents`` hundredths (``-0.05``, ``0.00``, ``1234.56``)."""
    whole, hundredths = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{hundredths:02d}"


store_cents = st.integers(min_value=-(2**63), max_value=2**63 - 1)  # a BIGINT column


@given(debit=store_cents, credit=store_cents, opening=store_cents, day=st.dates())
def test_a_row_becomes_a_line_with_exact_two_place_amounts(
    debit: int, credit: int, opening: int, day: date
) -> None:
    """Each column lands in its field; amounts and the running balance are the exact Decimals
    of exponent -2 (``--json`` prints ``"0.00"``, never ``"0"``) over the whole range of the
    store's integer cents."""
    row = (7, 3, 2, day.isoformat(), "meg", "VT", "N1", "P1", "411000", "Clients")
    row += ("C1", "Dupont", "Vente", debit, credit, "AB")
    line = _line(row)
    assert line == (
        7,
        3,
        2,
        day,
        *row[4:13],
        Decimal(debit) / 100,
        Decimal(credit) / 100,
        "AB",
        None,
    )
    assert (str(line.debit), str(line.credit)) == (_two_places(debit), _two_places(credit))
    assert str(_amount(opening)) == _two_places(opening)
    (with_balance,) = q._with_balances([row], _amount(opening))
    assert with_balance[:16] == line[:16]
    assert str(with_balance.balance) == _two_places(opening + debit - credit)


def test_choices_for_filters(dossier_id: int) -> None:
    upsert_entries(
        dossier_id,
        [
            make_entry("1", day=date(2024, 12, 31), journal="AC"),
            make_entry("2", day=date(2026, 1, 1), credit_account="706100"),
        ],
        provenance="meg",
    )
    upsert_entries(dossier_id, [make_entry("1", day=date(2025, 6, 1))], provenance="fec")
    assert q.provenances_present(dossier_id) == ["fec", "meg"]
    assert q.journals_present(dossier_id) == ["AC", "VT"]
    assert q.accounts_present(dossier_id) == ["411000", "706000", "706100"]
    assert q.provenances_present(dossier_id + 1) == []


def test_text_filter_treats_wildcards_literally(dossier_id: int) -> None:
    upsert_entries(
        dossier_id,
        [make_entry("1", label="Remise 100%"), make_entry("2", label="Remise 1000")],
        provenance="meg",
    )
    assert q.journal_totals(q.LedgerFilter(dossier_id, text="100%")).count == 2
    assert q.journal_totals(q.LedgerFilter(dossier_id, text="remise")).count == 4


# The query-plan tests below read SQLite's planner (EXPLAIN QUERY PLAN, INDEXED BY): they run
# on SQLite only. PostgreSQL plans from its statistics; bench/bench_ledger_postgres.py measures
# the same pages on a million lines there.
SQLITE_PLANNER = pytest.mark.parametrize("ledger", ["sqlite"], indirect=True)


def _plan(sql: str, params: list[object]) -> str:
    return " | ".join(r[3] for r in DB.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


@SQLITE_PLANNER
@pytest.mark.parametrize(
    ("flt", "index"),
    [
        (
            {"provenances": ("meg",), "date_from": D0, "date_to": date(2026, 3, 31)},
            "ix_line_provenance",
        ),
        ({"journals": ("BQ",)}, "ix_line_journal"),
        ({"provenances": ("meg", "fec")}, "ix_line_date"),
        ({"account_prefix": "41", "text": "x"}, "ix_line_date"),
    ],
)
def test_journal_pages_use_an_ordered_index(
    dossier_id: int, flt: dict[str, object], index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a fresh database (no ANALYZE statistics): an index range in order, no sort."""
    monkeypatch.setattr(q, "NARROW_PREFIX_LINES", 0)  # account prefixes count as wide here
    f = q.LedgerFilter(dossier_id, **flt)  # type: ignore[arg-type]
    key = q.LineKey(date(2026, 2, 1), 10, 1)
    for after in (None, key):
        sql, params = q.page_query(f, after=after)
        plan = _plan(sql, params)
        assert f"USING INDEX {index} " in plan
        assert "TEMP B-TREE" not in plan
        assert "SCAN e" not in plan
        if after is not None:  # the index range starts at the key, not at the period start
            assert "(date,entry_id,line_no)>(?,?,?)" in plan


@SQLITE_PLANNER
def test_grand_livre_uses_the_account_index(dossier_id: int) -> None:
    f = q.LedgerFilter(dossier_id, date_from=D0)
    key = q.LineKey(date(2026, 2, 1), 3, 1)
    sql, params = q.page_query(f, account="512000", after=key)
    plan = _plan(sql, params)
    assert "USING INDEX ix_line_account" in plan
    assert "(date,entry_id,line_no)>(?,?,?)" in plan
    assert "TEMP B-TREE" not in plan
    where, params = q._where(f, account="512000")
    opening = _plan(
        "SELECT SUM(l.debit_cents - l.credit_cents) FROM entry_line l WHERE "
        + where
        + " AND (l.date, l.entry_id, l.line_no) < (?, ?, ?)",
        [*params, *key.params()],
    )
    assert "ix_line_account" in opening


@SQLITE_PLANNER
def test_a_narrow_account_prefix_reads_the_account_index(dossier_id: int) -> None:
    upsert_entries(dossier_id, [make_entry("1")], provenance="meg")
    sql, params = q.page_query(q.LedgerFilter(dossier_id, account_prefix="411"))
    plan = _plan(sql, params)
    assert "USING INDEX ix_line_account (dossier_id=? AND account>? AND account<?)" in plan


@SQLITE_PLANNER
def test_balance_reads_the_covering_account_index(dossier_id: int) -> None:
    f = q.LedgerFilter(dossier_id, date_from=D0, account_prefix="4")
    upsert_entries(dossier_id, [make_entry("1", day=D0)], provenance="meg")
    where, params = q._where(f, index_account=True)
    plan = _plan(
        "SELECT l.account, SUM(l.debit_cents) FROM entry_line l INDEXED BY ix_line_account"
        f" WHERE {where} GROUP BY l.account",
        params,
    )
    assert "USING COVERING INDEX ix_line_account" in plan
    assert "TEMP B-TREE" not in plan
    ((label_row),) = [a for a in q.account_totals(f) if a.account == "411000"]
    assert label_row.count == 1


def test_account_label_is_the_latest_lines_label(dossier_id: int) -> None:
    def labelled(sid: str, day: date, label: str) -> Entry:
        return Entry(
            source_id=sid,
            journal=Journal("BQ"),
            date=day,
            piece_ref="R",
            label="",
            lines=(
                EntryLine("512000", "x", debit=Decimal("5.00"), account_label=label),
                EntryLine("411000", "x", credit=Decimal("5.00"), account_label="Clients"),
            ),
        )

    upsert_entries(
        dossier_id,
        [labelled("2", date(2026, 5, 1), "Banque Populaire"), labelled("1", D0, "Banque")],
        provenance="meg",
    )
    totals = {a.account: a for a in q.account_totals(q.LedgerFilter(dossier_id))}
    assert totals["512000"].label == "Banque Populaire"
    assert (totals["512000"].balance_debit, totals["411000"].balance_credit) == (
        Decimal("10.00"),
        Decimal("10.00"),
    )
    only = q.journal_totals(q.LedgerFilter(dossier_id), account="512000")
    assert (only.debit, only.credit, only.count) == (Decimal("10.00"), Decimal("0.00"), 2)


def test_empty_results(dossier_id: int) -> None:
    f = q.LedgerFilter(dossier_id)
    assert q.journal_page(f) == []
    page = q.grand_livre_page(f, "512000")
    assert (page.lines, page.opening, page.closing) == ([], Decimal("0.00"), Decimal("0.00"))
    assert q.balance(f) == ([], q.Totals(Decimal("0.00"), Decimal("0.00"), 0))
    assert q.journal_totals(f) == q.Totals(Decimal("0.00"), Decimal("0.00"), 0)
