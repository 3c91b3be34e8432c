"""The front door (``app.connector.Connector``) on the sandbox: the data folder's lock and
crash recovery, runs that join or cancel, listeners, the scheduler's target, the ledger,
À traiter and FEC, as the GUI and the command line both use them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from waiting import wait_until_async

from meg_inqom_desktop.app.clients import ClientTuning
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.sync_service import notify_text
from meg_inqom_desktop.errors import DataFolderLocked
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.store.audit import who
from meg_inqom_desktop.store.ledger_queries import LedgerFilter
from meg_inqom_desktop.store.models import SyncRun
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths
from meg_inqom_desktop.sync import runs
from meg_inqom_desktop.sync.engine import RunResult
from meg_inqom_desktop.sync.runs import Progress, RunCounts, RunStatus
from meg_inqom_desktop.sync.scheduler import SkipReason


def connector(paths: DataPaths, handle: Any, database: str | None = None) -> Connector:
    return Connector(
        paths,
        database=database,
        sandbox=handle,
        store=CredentialStore("connector-test", backend=EphemeralKeyring()),
        tuning=ClientTuning(
            meg_policy=RetryPolicy(base=0.01, max_delay=0.05),
            limiter=TokenBucket(10_000, 1_000),
        ),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Connector, Any, list[int]]]:
    """A connector on the data folder's SQLite ledger, or on a firm's PostgreSQL database
    (its password in the keyring, as Paramètres → « Base du cabinet » keeps it)."""
    database = None
    if request.param == "postgresql":
        from postgres_cluster import FIRM_PASSWORD

        from meg_inqom_desktop.app.firm import store_password

        database = request.getfixturevalue("postgres").new_firm_database()
        store_password(database, FIRM_PASSWORD)
    handle = start_sandbox(rate_limit=None)
    paths = resolve_data_paths(tmp_path / "data").ensure()
    front = connector(paths, handle, database)
    with front.opened():
        ids = []
        for siret in list(handle.state.meg.companies)[5:6] + list(handle.state.meg.companies)[1:2]:
            name = handle.state.meg_company(siret).name
            record, created = front.add_dossier(siret, name=name, local_only=True)  # pull only
            assert created
            ids.append(record.id)
        try:
            yield front, handle, ids
        finally:
            handle.stop()


def _feed_size(front: Connector, handle: Any, dossier_id: int) -> int:
    """How many validated entries MEG's feed holds for the dossier."""
    siret = next(d.siret for d in front.dossiers() if d.id == dossier_id)
    return len(handle.state.meg_company(siret).feed)


def test_second_request_joins_the_running_run(app: tuple[Connector, Any, list[int]]) -> None:
    front, handle, ids = app
    leading, other = [d.id for d in front.dossiers(active_only=True)]  # the order of a sync

    async def scenario() -> None:
        service = front.sync_service
        first = service.sync_dossier(leading)
        assert service.sync_dossier(leading) is first and front.syncing()
        both = asyncio.ensure_future(front.sync())  # every dossier: joins the running run
        result = await first
        results = await both
        assert result.status == "success"
        assert result.counts.new == _feed_size(front, handle, leading)
        assert results[0] is result and results[1].dossier_id == other
        assert results[1].counts.new == _feed_size(front, handle, other)
        assert not front.syncing()
        await front.aclose()

    asyncio.run(scenario())
    assert SyncRun.select().count() == 2
    statuses = {s.id: s for s in front.dossier_statuses()}
    assert [statuses[i].last_status for i in ids] == ["success", "success"]
    assert all(statuses[i].entries > 0 and statuses[i].last_success for i in ids)


def test_cancel_records_cancelled_and_listeners(app: tuple[Connector, Any, list[int]]) -> None:
    front, handle, ids = app
    handle.set_faults("meg.documents:latency=50ms")
    events: list[Progress] = []
    broken_calls = []

    def broken(event: Progress) -> None:
        broken_calls.append(event)
        raise RuntimeError("a listener that fails must not break the sync")

    async def scenario() -> None:
        front.add_progress_listener(events.append)
        front.add_progress_listener(events.append)  # added once however often it is called
        front.add_progress_listener(broken)
        task = asyncio.ensure_future(front.sync(ids[0]))
        await wait_until_async(lambda: any(e.phase == "pull" for e in events), 30, "the pull")
        (live,) = await wait_until_async(
            lambda: [r for r in front.live_runs() if r.progress is not None], 30, "live progress"
        )  # what another workstation sees of this run
        assert live.dossier_id == ids[0] and live.holder == who().label
        assert live.progress is not None and live.progress.dossier_id == ids[0]
        await front.cancel_sync()
        with pytest.raises(asyncio.CancelledError):
            await task
        front.remove_progress_listener(broken)
        await front.aclose()

    asyncio.run(scenario())
    handle.set_faults(None)
    run = SyncRun.get()
    assert run.status == RunStatus.CANCELLED and run.finished_at is not None
    assert run.progress == "" and not front.live_runs()
    assert [e.action for e in front.audit_events() if e.action.startswith("sync")] == [
        "sync_cancelled"
    ]
    assert broken_calls and events[-1].phase == "done"
    assert len([e for e in events if e.phase == "start"]) == 1


def test_scheduler_target(app: tuple[Connector, Any, list[int]]) -> None:
    front, _handle, ids = app
    service = front.sync_service
    assert service.last_success_utc() is None  # never synced: a catch-up is due
    slot = datetime(2026, 11, 28, 9, tzinfo=UTC)
    assert asyncio.run(service.run_scheduled("catch_up", slot)) is True
    last = service.last_success_utc()
    assert last is not None and last == min(runs.last_success(i) for i in ids)  # type: ignore[type-var]
    service.record_skipped("schedule", slot, SkipReason.NO_NETWORK)
    skipped = SyncRun.get(SyncRun.status == "skipped")
    assert skipped.dossier is None and "réseau" in skipped.error_message
    history = front.history()
    assert history[0].status == "skipped" and len(history) == 3
    assert {h.trigger for h in history[1:]} == {"catch_up"}
    # nothing set aside; only the demo's Factur-X pièces that disagree with their entries
    assert {(t.kind, t.rejection_kind) for t in front.todo_items()} == {("rejection", "invoice")}


def test_the_ledger_through_the_front_door(app: tuple[Connector, Any, list[int]]) -> None:
    front, handle, ids = app
    results = asyncio.run(front.sync(ids[0]))
    assert results[0].ok
    flt = LedgerFilter(dossier_id=ids[0])
    lines = front.journal_page(flt, limit=50)
    totals = front.totals(flt)
    assert len(lines) == min(50, totals.count) and totals.debit == totals.credit > 0
    assert front.filter_choices(ids[0]).provenances == ["meg"]
    account = front.accounts(flt)[0]
    page = front.grand_livre_page(flt, account, limit=10)
    assert page.lines and all(ln.account == account for ln in page.lines)
    lines = front.journal_page(flt, limit=500)
    with_docs = next(ln for ln in lines if front.entry_documents(ln.entry_id))
    document = front.entry_documents(with_docs.entry_id)[0]
    data = asyncio.run(front.read_document(document.sha256))
    assert data.startswith(b"%PDF-") and front.document_path(document.sha256).is_file()
    per_month = front.entries_per_month(ids[0])
    assert sum(n for months in per_month.values() for n in months.values()) == results[0].counts.new
    siret = next(d.siret for d in front.dossiers() if d.id == ids[0])
    (event,) = [e for e in front.audit_events(siret=siret) if e.action == "sync"]  # who ran it
    assert (event.action, event.detail, event.person) == ("sync", results[0].summary, who().person)
    assert event.data["run"] == results[0].run_id and not front.live_runs()
    handle.stop()


def test_fec_export_then_import_through_the_front_door(
    app: tuple[Connector, Any, list[int]], tmp_path: Path
) -> None:
    front, _handle, ids = app
    asyncio.run(front.sync(ids[0]))
    siret = next(d.siret for d in front.dossiers() if d.id == ids[0])
    year = front.journal_page(LedgerFilter(dossier_id=ids[0]), limit=1)[0].date.year
    exported = front.export_fec(siret, year, tmp_path / "out")
    assert exported.entries > 0 and exported.path.is_file()
    scan = front.check_fec(exported.path)
    assert scan.readable and not scan.report.errors
    imported = front.import_fec(exported.path, siret)
    assert imported.entries_new == exported.entries and imported.lines_rejected == 0
    flt = LedgerFilter(dossier_id=ids[0], provenances=("fec",))
    assert front.totals(flt).count == exported.lines


def test_the_data_folder_has_one_syncing_process(tmp_path: Path) -> None:
    paths = resolve_data_paths(tmp_path / "data").ensure()
    first, second = Connector(paths), Connector(paths)
    with first.opened(lock=True):
        run_id, _started = runs.start_run(None, "manual")  # left "running" by a crash, say
        with pytest.raises(DataFolderLocked), second.opened(lock=True):
            pass
        assert not second.take_lock() and second.locked_owner
        with pytest.raises(DataFolderLocked):
            asyncio.run(second.sync())
    with second.opened(lock=True):  # free again: the next process recovers once
        report = second.recover()
        assert report.lock_held and report.closed_runs == 1
        assert second.recover() is report
        assert SyncRun.get_by_id(run_id).status == RunStatus.FAILED


def test_texts() -> None:
    ok = RunResult(1, 1, "ACME SARL", "success", RunCounts(new=12, documents=9), summary="A")
    bad = RunResult(2, 2, "BETA", "failed", RunCounts(), summary="B")
    assert notify_text([ok], "off") is None
    assert notify_text([ok], "errors") is None
    assert notify_text([ok, bad], "errors") == "A\nB"
    assert notify_text([ok], "all") == "A"
