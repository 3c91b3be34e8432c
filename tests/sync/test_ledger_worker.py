"""The ledger worker process (sync/ledger_worker*.py): same ledger as an in-process pull,
token lent on demand, in-process fallback, no page stored after a failed one, and a
connection that does not prove the secret is never read."""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.store.models import Rejection
from meg_inqom_desktop.sync import ledger_worker
from meg_inqom_desktop.sync.engine import EngineOptions
from meg_inqom_desktop.sync.ledger_worker import HEADER, frame
from meg_inqom_desktop.sync.ledger_worker_process import WorkerSession
from meg_inqom_desktop.sync.page_plans import StoreOutcome
from meg_inqom_desktop.sync.runs import Phase, Progress

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

# every page read by the worker (ready before the first page), which downloads every pièce
IN_WORKER = EngineOptions(ledger_worker="always", worker_download_share=1.0, page_size=25)


def test_pull_in_the_worker_stores_everything_once(env: SyncEnv) -> None:
    env.options = IN_WORKER
    dossier_id, siret = env.add_dossier()
    result = env.sync(dossier_id)
    assert result.status == "success", result.error
    feed = env.feed_ids(siret)
    pages = -(-len(feed) // IN_WORKER.page_size)
    assert result.counts.details["ledger_worker_pages"] == pages > 1
    stored = env.stored_ids(dossier_id)
    assert sorted(stored) == sorted(feed) and len(set(stored)) == len(stored)
    docs = env.check_documents(dossier_id)
    assert docs == sum(len(e.documents) for e in env.state.meg.companies[siret].feed) > 0
    # the worker downloaded them: counted in the run, its requests in the run record
    assert result.counts.documents == docs and result.counts.bytes > 0
    meg_requests = result.counts.details["http"]["meg"]["requests"]
    assert meg_requests["GET /documents/{id}"] == docs
    assert env.check_inqom_documents(dossier_id, siret) == docs
    ext = env.inqom_external_ids(siret)
    assert set(ext) == set(feed) and max(ext.values()) == 1

    again = env.sync(dossier_id)
    assert (again.counts.new, again.counts.documents, again.counts.pushed) == (0, 0, 0)


def test_worker_sets_aside_bad_entries_and_refused_pieces(env: SyncEnv) -> None:
    env.options = IN_WORKER
    dossier_id, siret = env.add_dossier(push=False)
    env.sandbox.set_faults("meg.documents:notpdf#3")
    first = env.sync(dossier_id)
    env.sandbox.set_faults(None)
    assert first.status == "partial" and first.counts.rejected == 3
    rows = list(Rejection.select().where(Rejection.resolved_at.is_null()))
    assert {r.reason_code for r in rows} == {"document_refused"}
    assert all("pdf" in r.message.lower() and r.raw_payload for r in rows)
    second = env.sync(dossier_id)
    assert second.status == "success" and second.counts.new == 3
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))


def test_worker_asks_the_app_for_a_fresh_token(
    env: SyncEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MEG refuses the worker's token mid-pull: the app refreshes it and lends the new one."""
    lent: list[str] = []
    real_lend = ledger_worker.LedgerWorker._lend_token

    async def lend(self: Any, req_id: int, stale: str) -> None:
        lent.append(stale)
        await real_lend(self, req_id, stale)

    monkeypatch.setattr(ledger_worker.LedgerWorker, "_lend_token", lend)
    env.options = IN_WORKER
    dossier_id, siret = env.add_dossier(push=False)
    env.sandbox.set_faults("meg.documents:latency=20ms")
    expired = 0

    def expire(event: Progress) -> None:
        nonlocal expired
        if event.phase == Phase.PULL and event.entries_done:
            expired += 1
            env.state.expire_access_tokens()

    async def run() -> Any:
        service = env.service()
        service.add_listener(expire)
        try:
            return await service.sync_dossier(dossier_id)
        finally:
            await service.aclose()

    result = asyncio.run(run())
    assert result.status == "success", result.error
    assert expired >= 2
    assert lent[0] == "" and len([t for t in lent if t]) >= 1  # first token, then refreshed
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))
    env.check_documents(dossier_id)
    retries = result.counts.details["http"]["meg"]["requests"]
    assert retries["GET /documents/{id}"] >= env.check_documents(dossier_id)


def test_a_worker_that_cannot_start_leaves_the_pull_in_process(
    env: SyncEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        ledger_worker, "worker_command", lambda: [sys.executable, "-c", "raise SystemExit(3)"]
    )
    env.options = IN_WORKER
    dossier_id, siret = env.add_dossier(push=False)
    result = env.sync(dossier_id)
    assert result.status == "success", result.error
    assert result.counts.details["ledger_worker_pages"] == 0
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))


def test_a_connection_without_the_secret_is_never_read(
    env: SyncEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another local program connecting first (wrong secret, then a pickle that would create
    a file if it were loaded) is dropped; the real worker is used."""
    marker = tmp_path / "unpickled"
    real_spawn = ledger_worker._spawn

    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (marker,))

    def spawn(port: int, nonce: bytes) -> Any:
        intruder = socket.create_connection(("127.0.0.1", port))
        intruder.sendall(os.urandom(len(nonce)) + frame(("ok", 1, Evil())))
        spawn.intruder = intruder  # type: ignore[attr-defined]
        return real_spawn(port, nonce)

    monkeypatch.setattr(ledger_worker, "_spawn", spawn)
    env.options = IN_WORKER
    dossier_id, siret = env.add_dossier(push=False)
    result = env.sync(dossier_id)
    spawn.intruder.close()  # type: ignore[attr-defined]
    assert result.status == "success", result.error
    assert result.counts.details["ledger_worker_pages"] > 0
    assert not marker.exists()
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))


class _FailingPlanner:
    """Fails the store of plan 2; records which stores ran."""

    def __init__(self) -> None:
        self.stored: list[int] = []

    async def store(self, plan_id: int, *_args: Any) -> StoreOutcome:
        self.stored.append(plan_id)
        if plan_id == 2:
            raise MegInqomError("Disque plein", "plus de place")
        return StoreOutcome(1, 0, 0, 0, 1)


def test_no_page_is_stored_after_one_that_failed() -> None:
    async def scenario() -> tuple[list[Any], list[int]]:
        planner = _FailingPlanner()
        served: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            session = WorkerSession(reader, writer)
            session.planner = planner  # type: ignore[assignment]
            await session.serve()
            served.set_result(None)

        server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for plan_id in (1, 2, 3, 4):
            writer.write(frame((plan_id, "store", (plan_id, {}, [], f"c{plan_id}"))))
        writer.write(frame((9, "close", ())))
        await writer.drain()
        replies = []
        for _ in range(5):
            head = await reader.readexactly(HEADER.size)
            replies.append(pickle.loads(await reader.readexactly(HEADER.unpack(head)[0])))
        writer.close()
        await served
        server.close()
        return replies, planner.stored

    replies, stored = asyncio.run(scenario())
    assert stored == [1, 2]  # 3 and 4 never reached the ledger
    assert [(kind, req) for kind, req, _ in replies] == [
        ("ok", 1),
        ("err", 2),
        ("err", 3),
        ("err", 4),
        ("ok", 9),
    ]
    assert all(r[2].title == "Disque plein" for r in replies[1:4])


@pytest.mark.parametrize("mode", ["always", "never"])
def test_read_ahead_bounded_to_one_page_still_completes(env: SyncEnv, mode: str) -> None:
    """Each page's pièces alone exceed the memory allowed ahead: pages go one at a time."""
    env.options = EngineOptions(ledger_worker=mode, page_size=25, bytes_in_flight=1)
    dossier_id, siret = env.add_dossier(push=False)
    result = env.sync(dossier_id)
    assert result.status == "success", result.error
    assert sorted(env.stored_ids(dossier_id)) == sorted(env.feed_ids(siret))
    env.check_documents(dossier_id)


def test_cancel_with_the_worker_leaves_the_ledger_consistent(env: SyncEnv) -> None:
    env.options = IN_WORKER
    dossier_id, siret = env.add_dossier()
    env.sandbox.set_faults("meg.documents:latency=10ms")

    async def run_and_cancel(after_pages: int) -> str:
        service = env.service()
        task = service.sync_dossier(dossier_id)
        pages = 0

        def listener(event: Progress) -> None:
            nonlocal pages
            if event.phase == Phase.PULL and event.entries_done:
                pages += 1
                if pages == after_pages:
                    task.cancel()

        service.add_listener(listener)
        try:
            status = (await task).status
        except asyncio.CancelledError:
            status = "cancelled"
        await service.aclose()
        return status

    statuses = [asyncio.run(run_and_cancel(n)) for n in (1, 3)]
    assert statuses == ["cancelled", "cancelled"]
    env.sandbox.set_faults(None)
    final = env.sync(dossier_id)
    assert final.status == "success", final.error
    stored = env.stored_ids(dossier_id)
    assert sorted(stored) == sorted(env.feed_ids(siret)) and len(set(stored)) == len(stored)
    ext = env.inqom_external_ids(siret)
    assert set(ext) == set(env.feed_ids(siret)) and max(ext.values()) == 1
    env.check_documents(dossier_id)
    env.check_inqom_documents(dossier_id, siret)
