"""SyncService on the sandbox: joins, cancel, listeners, scheduler target, history, texts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from waiting import wait_until_async

from meg_inqom_desktop.app.clients import client_provider
from meg_inqom_desktop.app.sync_service import SyncService
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.models import SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync import runs
from meg_inqom_desktop.sync.runs import Progress, RunCounts, RunStatus
from meg_inqom_desktop.sync.scheduler import SkipReason


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[SyncService, Any, list[int]]]:
    handle = start_sandbox(rate_limit=None)
    paths = resolve_data_paths(tmp_path / "data").ensure()
    open_database(paths)
    ids = []
    for siret in list(handle.state.meg.companies)[5:6] + list(handle.state.meg.companies)[1:2]:
        rec, _ = dossiers.get_or_create_dossier(siret, name=handle.state.meg_company(siret).name)
        ids.append(rec.id)  # local only: pull only, fast
    provider = client_provider(
        paths,
        sandbox=handle,
        store=CredentialStore("svc-test", backend=EphemeralKeyring()),
        limiter=TokenBucket(10_000, 1_000),
        meg_policy=RetryPolicy(base=0.01, max_delay=0.05),
    )
    svc = SyncService(provider, ContentStore(paths.documents, durable=False))
    try:
        yield svc, handle, ids
    finally:
        close_database()
        handle.stop()


def _feed_size(handle: Any, dossier_id: int) -> int:
    """How many validated entries MEG's feed holds for the dossier."""
    siret = DB.execute_sql("SELECT siret FROM dossier WHERE id = ?", (dossier_id,)).fetchone()[0]
    return len(handle.state.meg_company(siret).feed)


def test_second_request_joins_the_running_run(service: tuple[SyncService, Any, list[int]]) -> None:
    svc, handle, ids = service

    async def scenario() -> None:
        first = svc.sync_dossier(ids[0])
        second = svc.sync_dossier(ids[0])
        assert first is second and svc.is_running(ids[0]) and svc.is_running()
        all_task = svc.start_all()
        assert svc.start_all() is all_task
        result = await first
        results = await all_task
        assert result.status == "success" and result.counts.new == _feed_size(handle, ids[0])
        # sync_all joined the running run of the first dossier instead of starting another
        assert results[0] is result and results[1].counts.new == _feed_size(handle, ids[1])
        assert not svc.is_running()
        await svc.aclose()

    asyncio.run(scenario())
    assert SyncRun.select().count() == 2


def test_cancel_records_cancelled_and_listeners(
    service: tuple[SyncService, Any, list[int]],
) -> None:
    svc, handle, ids = service
    handle.set_faults("meg.documents:latency=50ms")
    events: list[Progress] = []
    broken_calls = []

    def broken(event: Progress) -> None:
        broken_calls.append(event)
        raise RuntimeError("a listener that fails must not break the sync")

    async def scenario() -> None:
        svc.add_listener(events.append)
        svc.add_listener(broken)
        task = svc.sync_dossier(ids[0])
        await wait_until_async(lambda: any(e.phase == "pull" for e in events), 30, "the pull")
        await svc.cancel()
        assert task.cancelled()
        svc.remove_listener(broken)
        await svc.aclose()

    asyncio.run(scenario())
    handle.set_faults(None)
    run = SyncRun.get()
    assert run.status == RunStatus.CANCELLED and run.finished_at is not None
    assert broken_calls and events[-1].phase == "done"


def test_scheduler_target(service: tuple[SyncService, Any, list[int]]) -> None:
    svc, _handle, ids = service
    assert svc.last_success_utc() is None  # never synced: a catch-up is due
    slot = datetime(2026, 11, 28, 9, tzinfo=UTC)
    assert asyncio.run(svc.run_scheduled("catch_up", slot)) is True
    last = svc.last_success_utc()
    assert last is not None and last == min(runs.last_success(i) for i in ids)  # type: ignore[type-var]
    svc.record_skipped("schedule", slot, SkipReason.NO_NETWORK)
    skipped = SyncRun.get(SyncRun.status == "skipped")
    assert skipped.dossier is None and "réseau" in skipped.error_message
    history = svc.history()
    assert history[0].status == "skipped" and len(history) == 3
    assert {h.trigger for h in history[1:]} == {"catch_up"}
    assert svc.open_rejections() == []
    assert svc.recover() == 0


def test_texts() -> None:
    from meg_inqom_desktop.sync.engine import RunResult

    ok = RunResult(1, 1, "ACME SARL", "success", RunCounts(new=12, documents=9), summary="A")
    bad = RunResult(2, 2, "BETA", "failed", RunCounts(), summary="B")
    assert SyncService.summary([ok, bad]) == "A\nB"
    assert SyncService.notify_text([ok], "off") is None
    assert SyncService.notify_text([ok], "errors") is None
    assert SyncService.notify_text([ok, bad], "errors") == "A\nB"
    assert SyncService.notify_text([ok], "all") == "A"
