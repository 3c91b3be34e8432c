"""Journal and Grand livre models over a real store, without any widget."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from ui_ledger_seed import seed_dossier, seed_entries

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.ledger_queries import LedgerFilter, LedgerLine
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.ui.models.ledger_models import GrandLivreModel, JournalModel, SubtotalRow


def cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _store_lines(dossier_id: int, provenance: str | None = None) -> list[tuple[int, int]]:
    sql = "SELECT entry_id, line_no FROM entry_line WHERE dossier_id = ?"
    params: list[object] = [dossier_id]
    if provenance:
        sql += " AND provenance = ?"
        params.append(provenance)
    return sorted(tuple(r) for r in DB.execute_sql(sql, params).fetchall())


def test_journal_model_pages_lazily_and_matches_store(qapp, ledger_paths: DataPaths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 150)
    model = JournalModel(Connector(ledger_paths), page_size=50)
    model.set_filter(LedgerFilter(dossier_id=dossier))
    assert model.rowCount() == 50
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 100
    model.fetch_all()
    assert not model.canFetchMore()
    got = sorted((x.entry_id, x.line_no) for x in model.lines())
    assert got == _store_lines(dossier)
    dates = [(x.date, x.entry_id, x.line_no) for x in model.lines()]
    assert dates == sorted(dates)


def test_journal_provenance_filter_rows_match_store(qapp, ledger_paths: DataPaths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 90)
    model = JournalModel(Connector(ledger_paths), page_size=40)
    model.set_filter(LedgerFilter(dossier_id=dossier, provenances=("meg",)))
    model.fetch_all()
    assert {x.provenance for x in model.lines()} == {"meg"}
    assert sorted((x.entry_id, x.line_no) for x in model.lines()) == _store_lines(dossier, "meg")
    assert model.index(0, 7).data() == "MEG"


def test_french_display_of_amounts_and_dates(qapp, ledger_paths: DataPaths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 200)
    model = JournalModel(Connector(ledger_paths))
    model.set_filter(LedgerFilter(dossier_id=dossier, text="Facture 199"))
    assert model.rowCount() == 2
    debit_row = next(r for r in range(2) if model.line(r).debit)
    assert model.index(debit_row, 5).data() == "1\u202f013,93"
    assert model.index(debit_row, 6).data() == ""
    assert model.index(0, 0).data() == "19/07/2026"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Débit"


def test_grand_livre_running_balance_and_account_totals(qapp, ledger_paths: DataPaths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 60)
    connector = Connector(ledger_paths)
    model = GrandLivreModel(connector, page_size=7)
    model.set_filter(LedgerFilter(dossier_id=dossier, account_prefix="411"))
    model.fetch_all()
    rows = model.lines()
    total = rows[-1]
    assert isinstance(total, SubtotalRow) and total.account == "411000"
    real = [r for r in rows if isinstance(r, LedgerLine)]
    debit, credit = DB.execute_sql(
        "SELECT SUM(debit_cents), SUM(credit_cents) FROM entry_line "
        "WHERE dossier_id = ? AND account = '411000'",
        [dossier],
    ).fetchone()
    assert (total.debit, total.credit) == (cents(debit), cents(credit))
    assert real[-1].balance == total.balance == cents(debit - credit)
    totals = connector.totals(LedgerFilter(dossier_id=dossier, account_prefix="411"))
    assert totals.count == len(real)


def test_grand_livre_subtotal_between_accounts(qapp, ledger_paths: DataPaths) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 30)
    model = GrandLivreModel(Connector(ledger_paths), page_size=4)
    model.set_filter(LedgerFilter(dossier_id=dossier, journals=("VT",)))
    model.fetch_all()
    subtotals = [r.account for r in model.lines() if isinstance(r, SubtotalRow)]
    assert subtotals == ["411000", "706000"]
    first_sub = next(r for r in model.lines() if isinstance(r, SubtotalRow))
    assert model.display(first_sub, "label") == "Total compte 411000"


def test_grand_livre_period_starts_from_the_opening_balance(qapp, ledger_paths: DataPaths) -> None:
    from datetime import date

    dossier = seed_dossier()
    seed_entries(dossier, 90)
    start = date(2026, 2, 1)
    model = GrandLivreModel(Connector(ledger_paths), page_size=9)
    model.set_filter(LedgerFilter(dossier_id=dossier, account_prefix="411000", date_from=start))
    model.fetch_all()
    rows = [r for r in model.lines() if isinstance(r, LedgerLine)]
    debit_before, credit_before = DB.execute_sql(
        "SELECT COALESCE(SUM(debit_cents), 0), COALESCE(SUM(credit_cents), 0) FROM entry_line "
        "WHERE dossier_id = ? AND account = '411000' AND date < ?",
        [dossier, start.isoformat()],
    ).fetchone()
    opening = debit_before - credit_before
    assert opening != 0
    assert rows[0].balance == cents(opening) + rows[0].debit - rows[0].credit
    total = DB.execute_sql(
        "SELECT SUM(debit_cents) - SUM(credit_cents) FROM entry_line "
        "WHERE dossier_id = ? AND account = '411000'",
        [dossier],
    ).fetchone()[0]
    assert rows[-1].balance == cents(total)
