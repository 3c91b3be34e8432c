"""Idempotent upsert, conflicts, rejections and cursors of the ledger store."""

from __future__ import annotations

import itertools
import threading
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Document
from meg_inqom_desktop.domain.provenance import FEC_IMPORT, MEG
from meg_inqom_desktop.errors import DatabaseError, InvalidEntry, InvalidInput
from meg_inqom_desktop.store import ledger_writes as lw
from meg_inqom_desktop.store.db import DB, insert_rows
from meg_inqom_desktop.store.models import Conflict, DocumentRow, DossierRow, EntryRow, Rejection
from meg_inqom_desktop.store.models import EntryLineRow as LineRow

from .conftest import make_entry

_counter = itertools.count(1)

DOC = Document(source_id="d1", filename="facture.pdf", size=1234, sha256="ab" * 32)


def test_new_entries_are_stored_with_lines_in_cents_and_documents(dossier_id: int) -> None:
    entry = make_entry("m1", "1234.56", documents=(DOC,))
    result = lw.upsert_entries(dossier_id, [entry, make_entry("m2", "0.01")], provenance=MEG)
    assert (result.new, result.unchanged, result.conflicts) == (2, 0, 0)
    assert len(result.new_entry_ids) == 2
    row = EntryRow.get_by_id(result.new_entry_ids[0])
    assert (row.source_id, row.provenance, row.journal_code, row.total_cents) == (
        "m1",
        "meg",
        "VT",
        123456,
    )
    assert row.fingerprint == entry.fingerprint()
    assert row.date == date(2026, 3, 15)
    lines = list(LineRow.select().where(LineRow.entry == row.id).order_by(LineRow.line_no))
    assert [(ln.line_no, ln.account, ln.debit_cents, ln.credit_cents) for ln in lines] == [
        (1, "411000", 123456, 0),
        (2, "706000", 0, 123456),
    ]
    assert {(ln.dossier_id, ln.provenance, ln.journal_code, ln.piece_ref) for ln in lines} == {
        (dossier_id, "meg", "VT", "F-001")
    }
    doc = DocumentRow.get(DocumentRow.entry == row.id)
    assert (doc.filename, doc.size, doc.sha256, doc.dossier_id) == (
        "facture.pdf",
        1234,
        "ab" * 32,
        dossier_id,
    )


def test_pulling_the_same_entries_again_adds_nothing(dossier_id: int) -> None:
    batch = [make_entry(f"m{i}", f"{i}.00") for i in range(1, 30)]
    first = lw.upsert_entries(dossier_id, batch, provenance=MEG)
    again = lw.upsert_entries(dossier_id, batch, provenance=MEG)
    assert first.new == 29
    assert (again.new, again.unchanged, again.conflicts) == (0, 29, 0)
    assert EntryRow.select().count() == 29
    assert LineRow.select().count() == 58


def test_a_changed_entry_becomes_one_conflict_never_an_overwrite(dossier_id: int) -> None:
    lw.upsert_entries(dossier_id, [make_entry("m1", "10.00")], provenance=MEG)
    changed = make_entry("m1", "12.00")
    first = lw.upsert_entries(dossier_id, [changed], provenance=MEG)
    second = lw.upsert_entries(dossier_id, [changed], provenance=MEG)
    assert (first.new, first.unchanged, first.conflicts) == (0, 0, 1)
    assert second.conflict_ids == first.conflict_ids
    assert Conflict.select().count() == 1
    assert EntryRow.select().count() == 1
    assert EntryRow.get().total_cents == 1000, "stored entry untouched"
    pending = lw.list_conflicts(dossier_id)
    assert [c.id for c in pending] == list(first.conflict_ids)
    assert pending[0].new_entry == changed
    assert pending[0].new_fingerprint == changed.fingerprint()
    # a third version is a second conflict of the same entry
    third = lw.upsert_entries(dossier_id, [make_entry("m1", "13.00")], provenance=MEG)
    assert third.conflicts == 1
    assert Conflict.select().count() == 2


def test_keeping_the_stored_version_silences_that_new_version(dossier_id: int) -> None:
    lw.upsert_entries(dossier_id, [make_entry("m1", "10.00")], provenance=MEG)
    changed = make_entry("m1", "12.00")
    (cid,) = lw.upsert_entries(dossier_id, [changed], provenance=MEG).conflict_ids
    lw.resolve_conflict(cid, "keep")
    assert lw.list_conflicts(dossier_id) == []
    assert lw.list_conflicts(dossier_id, pending_only=False)[0].resolution == "kept"
    again = lw.upsert_entries(dossier_id, [changed], provenance=MEG)
    assert (again.unchanged, again.conflicts) == (1, 0)
    assert EntryRow.get().total_cents == 1000
    with pytest.raises(InvalidInput):
        lw.resolve_conflict(cid, "replace")


def test_replacing_rewrites_the_entry_lines_and_documents(dossier_id: int) -> None:
    lw.upsert_entries(dossier_id, [make_entry("m1", "10.00", documents=(DOC,))], provenance=MEG)
    other_doc = Document(source_id="d2", filename="avoir.pdf", sha256="cd" * 32)
    changed = make_entry(
        "m1", "12.00", day=date(2026, 4, 1), debit_account="512000", documents=(other_doc,)
    )
    (cid,) = lw.upsert_entries(dossier_id, [changed], provenance=MEG).conflict_ids
    lw.resolve_conflict(cid, "replace")
    row = EntryRow.get()
    assert (row.total_cents, row.date, row.fingerprint) == (
        1200,
        date(2026, 4, 1),
        changed.fingerprint(),
    )
    lines = LineRow.select().order_by(LineRow.line_no)
    assert [(ln.account, ln.debit_cents, ln.date) for ln in lines] == [
        ("512000", 1200, date(2026, 4, 1)),
        ("706000", 0, date(2026, 4, 1)),
    ]
    assert [d.source_id for d in DocumentRow.select()] == ["d2"]
    assert lw.upsert_entries(dossier_id, [changed], provenance=MEG).unchanged == 1


def test_identity_is_per_dossier_and_provenance(dossier_id: int) -> None:
    other = DossierRow.create(siret="35600000000048").id  # La Poste: valid by exception
    entry = make_entry("42")
    assert lw.upsert_entries(dossier_id, [entry], provenance=MEG).new == 1
    assert lw.upsert_entries(dossier_id, [entry], provenance=FEC_IMPORT).new == 1
    assert lw.upsert_entries(other, [entry], provenance="meg").new == 1
    assert EntryRow.select().count() == 3


def test_duplicates_inside_one_batch(dossier_id: int) -> None:
    a = make_entry("m1", "10.00")
    b = make_entry("m1", "11.00")
    result = lw.upsert_entries(dossier_id, [a, a, b], provenance=MEG)
    assert (result.new, result.unchanged, result.conflicts) == (1, 1, 1)
    assert EntryRow.select().count() == 1


def test_duplicates_of_a_stored_entry_are_compared_with_the_stored_version(
    dossier_id: int,
) -> None:
    a = make_entry("m1", "10.00")
    lw.upsert_entries(dossier_id, [a], provenance=MEG)
    b = make_entry("m1", "11.00")
    result = lw.upsert_entries(dossier_id, [a, b, a, b], provenance=MEG)
    assert (result.new, result.unchanged, result.conflicts) == (0, 2, 2)
    assert len(result.conflict_ids) == 1  # both copies of the new version: one conflict
    assert EntryRow.select().count() == 1
    assert LineRow.select().count() == 2


def test_a_bulk_insert_error_is_converted_and_writes_nothing(dossier_id: int) -> None:
    orphan = (9999, 1, dossier_id, "meg", "VT", "2026-03-15", "F-1", "411000", "", "", "",
              "Vente", 100, 0, "", None, None, "", "")  # fmt: skip
    with pytest.raises(DatabaseError), lw.page_transaction():  # the entry does not exist
        insert_rows("entry_line", lw._LINE_COLUMNS, [orphan])
    assert LineRow.select().count() == 0


def test_an_unstorable_entry_fails_the_whole_call(dossier_id: int) -> None:
    good = make_entry("ok")
    no_date = make_entry("nodate")._replace(date=None)
    with pytest.raises(InvalidEntry):
        lw.upsert_entries(dossier_id, [good, no_date], provenance=MEG)
    sub_cent = make_entry("subcent", "1.005")
    with pytest.raises(InvalidEntry):
        lw.upsert_entries(dossier_id, [good, sub_cent], provenance=MEG)
    assert EntryRow.select().count() == 0
    assert LineRow.select().count() == 0


def test_cursor_advances_with_its_page(dossier_id: int) -> None:
    assert lw.get_cursor(dossier_id, "meg") is None
    lw.upsert_entries(dossier_id, [make_entry("m1")], provenance=MEG, cursor=("meg", "p1"))
    assert lw.get_cursor(dossier_id, "meg") == "p1"
    with lw.page_transaction():
        lw.upsert_entries(dossier_id, [make_entry("m2")], provenance=MEG)
        lw.set_cursor(dossier_id, "meg", "p2")
    assert lw.get_cursor(dossier_id, "meg") == "p2"


def test_a_failed_page_rolls_back_entries_and_cursor(dossier_id: int) -> None:
    lw.set_cursor(dossier_id, "meg", "p1")
    with pytest.raises(RuntimeError), lw.page_transaction():
        lw.upsert_entries(dossier_id, [make_entry("m1")], provenance=MEG)
        lw.set_cursor(dossier_id, "meg", "p2")
        raise RuntimeError("network gone mid-page")
    assert lw.get_cursor(dossier_id, "meg") == "p1"
    assert EntryRow.select().count() == 0


def test_database_errors_inside_writes_are_converted(dossier_id: int) -> None:
    with pytest.raises(DatabaseError):
        lw.upsert_entries(dossier_id + 999, [make_entry("m1")], provenance=MEG)  # FK violated


def test_rejections_are_counted_then_resolved_when_the_item_succeeds(dossier_id: int) -> None:
    item = lw.RejectionItem("entry", "m1", "unbalanced", "Écriture déséquilibrée", '{"id": 1}')
    first = lw.record_rejection(dossier_id, item, provenance=MEG)
    second = lw.record_rejection(dossier_id, item, provenance=MEG)
    assert first == second
    row = Rejection.get_by_id(first)
    assert (row.attempts, row.resolved_at) == (2, None)
    assert row.last_seen_at >= row.created_at
    # the same source id from another provenance is another item
    lw.record_rejection(dossier_id, item, provenance=FEC_IMPORT)
    assert Rejection.select().count() == 2
    lw.upsert_entries(dossier_id, [make_entry("m1")], provenance=MEG)
    assert Rejection.get_by_id(first).resolved_at is not None
    assert Rejection.select().where(Rejection.resolved_at.is_null()).count() == 1
    # failing again later reopens it
    lw.record_rejection(dossier_id, item, provenance=MEG)
    row = Rejection.get_by_id(first)
    assert (row.attempts, row.resolved_at) == (3, None)
    assert lw.resolve_rejections(dossier_id, provenance=MEG, kind="entry", source_ids=["m1"]) == 1


def test_rejections_without_source_id_are_separate_rows(dossier_id: int) -> None:
    item = lw.RejectionItem("document", "", "too_large", "Pièce trop volumineuse")
    ids = lw.record_rejections(dossier_id, [item, item], provenance=MEG)
    assert len(set(ids)) == 2


def test_totals_use_exact_cents(dossier_id: int) -> None:
    amounts = ["0.10", "0.20", "1000000.01"]
    lw.upsert_entries(
        dossier_id, [make_entry(f"m{i}", a) for i, a in enumerate(amounts)], provenance=MEG
    )
    total = sum(row.total_cents for row in EntryRow.select())
    assert total == int(sum(Decimal(a) for a in amounts) * 100)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=30),
    changed=st.sets(st.integers(min_value=0, max_value=29)),
)
def test_upsert_is_idempotent_and_flags_exactly_the_changed_entries(
    ledger: object, amounts: list[int], changed: set[int]
) -> None:
    dossier_id = DossierRow.create(siret=f"P{next(_counter):013d}").id
    batch = [make_entry(f"m{i}", str(Decimal(a).scaleb(-2))) for i, a in enumerate(amounts)]
    first = lw.upsert_entries(dossier_id, batch, provenance=MEG)
    assert (first.new, first.unchanged, first.conflicts) == (len(batch), 0, 0)
    again = lw.upsert_entries(dossier_id, batch, provenance=MEG)
    assert (again.new, again.unchanged, again.conflicts) == (0, len(batch), 0)
    edits = {i for i in changed if i < len(batch)}
    second = [
        make_entry(f"m{i}", str(Decimal(a + 1).scaleb(-2))) if i in edits else batch[i]
        for i, a in enumerate(amounts)
    ]
    result = lw.upsert_entries(dossier_id, second, provenance=MEG)
    assert (result.new, result.unchanged, result.conflicts) == (
        0,
        len(batch) - len(edits),
        len(edits),
    )
    stored = {
        r.source_id: r.total_cents for r in EntryRow.select().where(EntryRow.dossier == dossier_id)
    }
    assert stored == {f"m{i}": a for i, a in enumerate(amounts)}, "nothing overwritten"


def test_readers_only_ever_see_whole_pages(dossier_id: int) -> None:
    """A reader thread (the GUI) during a writing thread (the sync): balanced totals only."""
    from meg_inqom_desktop.store import ledger_queries as q

    stop = threading.Event()
    seen: list[tuple[Decimal, Decimal, int]] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while True:
                done = stop.is_set()
                t = q.journal_totals(q.LedgerFilter(dossier_id))
                seen.append((t.debit, t.credit, t.count))
                if done:
                    break
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            DB.close()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for page in range(30):
            with lw.page_transaction():
                lw.upsert_entries(
                    dossier_id,
                    [make_entry(f"p{page}-{i}", f"{i + 1}.00") for i in range(20)],
                    provenance=MEG,
                )
                lw.set_cursor(dossier_id, "meg", str(page))
    finally:
        stop.set()
        reader.join(timeout=30)
    assert not errors
    assert seen[-1][2] == 30 * 40, "the last read, after the writer, sees every page"
    assert all(debit == credit and count % 40 == 0 for debit, credit, count in seen)
    assert lw.get_cursor(dossier_id, "meg") == "29"
