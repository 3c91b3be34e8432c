"""The sync engine end to end on the sandbox over loopback (no HTTP mocks)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from meg_inqom_desktop.store.ledger_writes import set_cursor
from meg_inqom_desktop.store.models import Conflict, EntryRow, PushRecord, Rejection, SyncRun
from meg_inqom_desktop.sync.runs import Phase, Progress
from tests.sync.conftest import DATABASES

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

# open rejections of items set aside (invoices to review are not: their entries are stored)
OPEN_SET_ASIDE = Rejection.resolved_at.is_null() & (Rejection.kind != "invoice")


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_full_sync_then_nothing_new(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    result = env.sync(dossier_id)
    assert result.status == "success", result.error
    feed = env.feed_ids(siret)
    stored = env.stored_ids(dossier_id)
    assert sorted(stored) == sorted(feed) and len(set(stored)) == len(stored)
    assert result.counts.new == len(feed) and result.counts.pushed == len(feed)
    ext = env.inqom_external_ids(siret)
    assert set(ext) == set(feed) and max(ext.values()) == 1
    docs = env.check_documents(dossier_id)
    assert docs == sum(len(e.documents) for e in env.state.meg.companies[siret].feed) > 0
    assert env.check_inqom_documents(dossier_id, siret) == docs
    assert result.summary.startswith(f"MEG : {len(feed)} écritures et")
    run = SyncRun.get_by_id(result.run_id)
    assert (run.status, run.new, run.pushed) == ("success", len(feed), len(feed))

    again = env.sync(dossier_id)
    assert again.status == "success"
    assert (again.counts.new, again.counts.pushed, again.counts.documents) == (0, 0, 0)
    assert again.counts.unchanged == 0  # the cursor resumes after the last page
    assert "rien de nouveau" in again.summary
    assert env.inqom_external_ids(siret) == ext


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_new_validated_period_adds_exactly_its_entries(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    assert env.sync(dossier_id).ok
    company = env.state.meg.companies[siret]
    month = next(m for m in company.months() if m not in company.validated)
    with env.state.lock:
        locked = company.validate_months([month], datetime.now(UTC))
    assert locked
    result = env.sync(dossier_id)
    assert result.status == "success"
    assert result.counts.new == len(locked) and result.counts.pushed == len(locked)
    stored = env.stored_ids(dossier_id)
    assert sorted(stored) == sorted(env.feed_ids(siret))
    assert max(env.inqom_external_ids(siret).values()) == 1


def test_local_only_dossier_does_not_push(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier(push=False)
    result = env.sync(dossier_id)
    assert result.status == "success" and result.counts.pushed == 0
    assert result.counts.new == len(env.feed_ids(siret))
    assert env.state.inqom_posted_entries(siret) == []
    assert PushRecord.select().count() == 0


def test_progress_events(env: SyncEnv) -> None:
    dossier_id, _siret = env.add_dossier()
    events: list[Progress] = []

    async def run() -> None:
        service = env.service()
        service.add_listener(events.append)
        await service.sync_dossier(dossier_id)
        await service.aclose()

    asyncio.run(run())
    phases = [e.phase for e in events]
    assert phases[0] == Phase.START and phases[-1] == Phase.DONE
    assert Phase.PULL in phases and Phase.PUSH in phases
    pulls = [e.entries_done for e in events if e.phase == Phase.PULL]
    assert pulls == sorted(pulls)
    assert events[-1].documents > 0 and events[-1].bytes > 0 and events[-1].pushed > 0
    assert "écritures" in events[-1].message


def test_bad_data_set_aside_with_reasons(bad_env: SyncEnv) -> None:
    env = bad_env
    dossier_id, siret = env.add_dossier(0)
    result = env.sync(dossier_id)
    assert result.status == "partial", result.error
    bad = env.state.meg.bad_entry_ids
    rejections = {r.source_id: r for r in Rejection.select().where(Rejection.kind == "entry")}
    assert set(rejections) == set(bad.values())
    codes = {kind: rejections[eid].reason_code for kind, eid in bad.items()}
    assert codes == {
        "unbalanced": "unbalanced",
        "malformed": "schema",
        "wrong_siret": "wrong_siret",
        "not_pdf": "document_refused",
    }
    assert "équilibrée" in rejections[bad["unbalanced"]].message
    assert "SIRET" in rejections[bad["wrong_siret"]].message
    assert "PDF" in rejections[bad["not_pdf"]].message
    assert all(r.raw_payload for r in rejections.values())
    good = [i for i in env.feed_ids(siret) if i not in set(bad.values())]
    assert sorted(env.stored_ids(dossier_id)) == sorted(good)
    assert set(env.inqom_external_ids(siret)) == set(good)
    assert result.counts.rejected == 4 and "4 éléments mis de côté" in result.summary
    # tried again next run: still set aside, same rows, attempts counted
    again = env.sync(dossier_id)
    assert again.counts.rejected == 4 and again.counts.new == 0
    rows = list(Rejection.select().where(Rejection.kind == "entry"))
    assert len(rows) == 4 and all(r.attempts == 2 for r in rows)


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_rejected_document_resolved_when_it_succeeds(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    env.sandbox.set_faults("meg.documents:notpdf#3")
    first = env.sync(dossier_id)
    env.sandbox.set_faults(None)
    assert first.status == "partial" and first.counts.rejected == 3
    open_rows = Rejection.select().where(OPEN_SET_ASIDE)
    assert {r.reason_code for r in open_rows} == {"document_refused"}
    second = env.sync(dossier_id)
    assert second.status == "success" and second.counts.new == 3
    assert Rejection.select().where(OPEN_SET_ASIDE).count() == 0
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))
    assert max(env.inqom_external_ids(siret).values()) == 1
    env.check_inqom_documents(dossier_id, siret)


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_changed_entry_is_a_conflict_not_a_copy(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier(push=False)
    assert env.sync(dossier_id).ok
    company = env.state.meg.companies[siret]
    changed = company.feed[3]
    with env.state.lock:
        changed.label = changed.label + " (corrigé)"
    set_cursor(dossier_id, "meg", "")  # read the whole feed again
    result = env.sync(dossier_id)
    assert result.counts.conflicts == 1 and result.counts.new == 0
    assert result.counts.unchanged == len(company.feed) - 1
    assert EntryRow.select().where(EntryRow.dossier == dossier_id).count() == len(company.feed)
    conflict = Conflict.get()
    assert conflict.entry.source_id == changed.id


def test_locked_inqom_period_rejected_then_pushed(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    feed = env.state.meg.companies[siret].feed
    year = feed[-1].date.year
    env.state.lock_inqom_period(siret, year)
    first = env.sync(dossier_id)
    assert first.status == "partial"
    locked_ids = [e.id for e in feed if e.date.year == year]
    assert locked_ids and first.counts.push_rejected == len(locked_ids)
    rows = list(Rejection.select().where(Rejection.kind == "push"))
    assert {r.source_id for r in rows} == set(locked_ids)
    assert all("verrouillé" in r.message for r in rows)
    assert not set(locked_ids) & set(env.inqom_external_ids(siret))
    with env.state.lock:
        for period in env.state.inqom_folder(siret).periods:
            period.Locked = False
    second = env.sync(dossier_id)
    assert second.status == "success" and second.counts.pushed == len(locked_ids)
    assert Rejection.select().where(OPEN_SET_ASIDE).count() == 0
    ext = env.inqom_external_ids(siret)
    assert set(ext) == set(env.feed_ids(siret)) and max(ext.values()) == 1


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_sending_records_are_read_back_not_resent(env: SyncEnv) -> None:
    """A crash between the POST and its record: the next run finds the entries in Inqom."""
    dossier_id, siret = env.add_dossier()
    assert env.sync(dossier_id).ok
    before = {r.id: r.inqom_entry_id for r in PushRecord.select()}
    victims = list(before)[10:70]
    PushRecord.update(status="sending", inqom_entry_id=None).where(
        PushRecord.id.in_(victims)
    ).execute()
    result = env.sync(dossier_id)
    assert result.status == "success" and result.counts.pushed == 0
    assert result.counts.details["push_found_on_read_back"] == len(victims)
    after = {r.id: r.inqom_entry_id for r in PushRecord.select()}
    assert after == before
    assert max(env.inqom_external_ids(siret).values()) == 1


@pytest.mark.parametrize("env", DATABASES, indirect=True)
def test_cancel_leaves_database_consistent(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()

    async def run_and_cancel(after_events: int) -> str:
        service = env.service()
        seen = 0
        task = service.sync_dossier(dossier_id)

        def listener(_event: Progress) -> None:
            nonlocal seen
            seen += 1
            if seen == after_events:
                task.cancel()

        service.add_listener(listener)
        try:
            result = await task
            status = result.status
        except asyncio.CancelledError:
            status = "cancelled"
        await service.aclose()
        return status

    statuses = [asyncio.run(run_and_cancel(n)) for n in (2, 3, 5, 8)]
    assert "cancelled" in statuses
    runs = list(SyncRun.select().where(SyncRun.status == "cancelled"))
    assert runs and all(r.finished_at is not None for r in runs)
    final = env.sync(dossier_id)
    assert final.status == "success"
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))
    ext = env.inqom_external_ids(siret)
    assert set(ext) == set(env.feed_ids(siret)) and max(ext.values()) == 1
    env.check_documents(dossier_id)
    env.check_inqom_documents(dossier_id, siret)
