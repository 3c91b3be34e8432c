"""Pull one dossier's validated entries and pièces from MEG into the local ledger (flow 2).

For each page of the feed (from the stored cursor; the first run starts at the beginning of
the feed and keeps the entries dated from the dossier's start date):

1. the page is read and each entry validated (``sync.page_plans``: one of another SIRET is
   refused, a malformed one is checked alone and set aside, the rest of the page goes on);
2. its pièces are downloaded BEFORE the page's transaction (size cap, sniffed type, sha256
   checked by the client); a pièce already in the content store is not downloaded again;
3. the pièces are written under their content-addressed names, then one transaction stores
   the good entries (new, unchanged or conflict), sets the others aside as ``Rejection`` rows
   (French reason + raw payload) and advances the cursor.

Entries set aside are tried again at the start of the next run (from their raw payload) and
their rejection is resolved when they get through. While a page's pièces download, the next
page is already being fetched. When the feed has more than one page, steps 1 and 3 move to
the ledger worker process (``sync.ledger_worker``) as soon as it is up, so the event loop only
does the network.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import httpx2
import peewee
from pydantic import ValidationError

from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.meg import wire
from meg_inqom_desktop.net.errors import MalformedResponse
from meg_inqom_desktop.net.http import RetryableBody
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.ledger_writes import get_cursor
from meg_inqom_desktop.store.models import DossierRow, Rejection
from meg_inqom_desktop.sync.documents import PendingFile
from meg_inqom_desktop.sync.downloads import PieceDownloader
from meg_inqom_desktop.sync.ledger_worker import LedgerWorker, WorkerMeg
from meg_inqom_desktop.sync.page_plans import (
    CURSOR_SOURCE,
    PagePlan,
    PlanContext,
    Planner,
    Refusal,
    StoreOutcome,
)
from meg_inqom_desktop.sync.runs import Phase, Progress, ProgressCallback, RunCounts

log = logging.getLogger(__name__)

TRANSIENT_CODES = ("document_unavailable",)


class PlanHome(Protocol):
    """Where plans are made and stored: this process, or the ledger worker."""

    async def plan_page(self, body: bytes, *, fetch: bool = False) -> PagePlan: ...

    async def store(
        self,
        plan_id: int,
        refusals: dict[str, Refusal],
        files: list[PendingFile],
        cursor: str | None,
    ) -> StoreOutcome: ...


class InlineHome:
    """Plans made and stored in this process."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner

    async def plan_page(self, body: bytes, *, fetch: bool = False) -> PagePlan:
        return self.planner.plan_page(body)  # the pièces are always fetched by the puller

    async def store(
        self,
        plan_id: int,
        refusals: dict[str, Refusal],
        files: list[PendingFile],
        cursor: str | None,
    ) -> StoreOutcome:
        return await self.planner.store(plan_id, refusals, files, cursor)


@dataclass
class PullState:
    dossier: DossierRow
    meg: Any
    content: Any
    counts: RunCounts
    run_id: int
    progress: ProgressCallback
    downloader: PieceDownloader
    inline: InlineHome
    worker_mode: str = "auto"  # "auto": for feeds of several pages; "never"; "always"
    worker_share: float = 0.5  # of the pages whose pièces the worker downloads itself
    worker: LedgerWorker | None = None
    entries_done: int = 0
    before_start: int = 0
    worker_documents: int = 0
    worker_pages: int = 0  # pages read and stored by the ledger worker
    worker_bytes: int = 0
    _share_due: float = 0.0

    def home(self) -> tuple[PlanHome, bool]:
        """Where the next page is read (the worker once it is up, else this process), and
        whether its pièces are downloaded there (``worker_share`` of the worker's pages)."""
        if self.worker is None or not self.worker.ready:
            return self.inline, False
        fetch = False
        if self.worker.can_download:
            self._share_due += self.worker_share
            if self._share_due >= 1.0:
                self._share_due -= 1.0
                fetch = True
        return self.worker, fetch

    def start_worker(self) -> None:
        if self.worker is not None or self.worker_mode == "never":
            return
        # the worker opens the same SQLite file (a server database would need its own setup)
        database = getattr(DB.obj, "database", "")
        if not isinstance(DB.obj, peewee.SqliteDatabase) or not database or database == ":memory:":
            return
        self.worker = LedgerWorker.start(
            Path(database),
            Path(self.content.root),
            bool(getattr(self.content, "durable", True)),
            self.inline.planner.context,
            meg=WorkerMeg.of(self.meg, self.downloader.concurrency) if self.worker_share else None,
            auth=getattr(getattr(self.meg, "caller", None), "auth", None),
        )

    def update_counts(self) -> None:
        self.counts.documents = self.downloader.documents + self.worker_documents
        self.counts.bytes = self.downloader.bytes + self.worker_bytes


async def fetch_page(
    state: PullState, cursor: str | None, limit: int
) -> tuple[PlanHome, asyncio.Task[PagePlan], wire.PageFrame]:
    """One feed page: where it goes on, and its reading started where plans are made now
    (the next page can be asked for meanwhile)."""
    meg = state.meg
    params: dict[str, Any] = {"limit": limit}
    if cursor:
        params["cursor"] = cursor

    async def consume(
        response: httpx2.Response,
    ) -> tuple[PlanHome, asyncio.Task[PagePlan], wire.PageFrame]:
        ctype = response.headers.get("content-type", "")
        if "json" not in ctype:
            raise RetryableBody(f"type de contenu inattendu : {ctype or 'aucun'}")
        body = response.content
        try:
            frame = wire.PAGE_FRAME.validate_json(body)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            if first["type"].startswith("json"):
                raise RetryableBody(f"JSON malformé : {first['msg']}") from exc
            raise RetryableBody("page d'écritures illisible (next_cursor, has_more)") from exc
        home, fetch = state.home()
        return home, asyncio.ensure_future(home.plan_page(body, fetch=fetch)), frame

    page: tuple[PlanHome, asyncio.Task[PagePlan], wire.PageFrame] = await meg.caller.call(
        "GET",
        f"{meg.base_url}/companies/{quote(meg.siret)}/entries",
        route="GET /companies/{siret}/entries",
        consume=consume,
        params=params,
    )
    return page


async def _read_plan(reading: asyncio.Future[PagePlan]) -> PagePlan:
    try:
        return await reading
    except RetryableBody as exc:  # the frame was readable, the entries are not
        raise MalformedResponse("MEG", exc.detail, route="GET /companies/{siret}/entries") from exc


async def _store(
    state: PullState,
    home: PlanHome,
    plan: PagePlan,
    refusals: dict[str, Refusal],
    files: list[PendingFile],
    cursor: str | None,
) -> None:
    _apply(state, plan, await home.store(plan.plan_id, refusals, files, cursor))


def _apply(state: PullState, plan: PagePlan, outcome: StoreOutcome) -> None:
    counts = state.counts
    counts.new += outcome.new
    counts.unchanged += outcome.unchanged
    counts.conflicts += outcome.conflicts
    counts.rejected += outcome.rejected
    state.entries_done += outcome.done
    state.before_start += plan.before_start
    state.worker_documents += outcome.documents
    state.worker_bytes += outcome.bytes
    if outcome.http:  # the worker's requests and retries, in the run record with ours
        stats = state.meg.stats
        for name in ("requests", "retries", "reasons"):
            getattr(stats, name).update(outcome.http.get(name, {}))
    state.update_counts()


def _emit(state: PullState, phase: str, total: int | None = None) -> None:
    state.update_counts()
    state.progress(
        Progress(
            phase,
            state.dossier.id,
            state.dossier.name or state.dossier.siret,
            entries_done=state.entries_done,
            entries_total=total,
            documents=state.counts.documents,
            bytes=state.counts.bytes,
        )
    )


def _open_rejections(dossier_id: int, codes: Sequence[str] | None = None) -> list[Rejection]:
    with convert_db_errors():
        query = Rejection.select().where(
            (Rejection.dossier == dossier_id)
            & (Rejection.kind == "entry")
            & (Rejection.provenance == MEG.code)
            & (Rejection.resolved_at.is_null())
            & (Rejection.source_id != "")
        )
        if codes is not None:
            query = query.where(Rejection.reason_code.in_(list(codes)))
        return list(query.order_by(Rejection.id))


async def retry_rejected(state: PullState, codes: Sequence[str] | None = None) -> int:
    """Try again the entries set aside earlier (from their raw payload); returns how many.

    Always in this process: they are few, and their plans hold no cursor.
    """
    rows = _open_rejections(state.dossier.id, codes)
    if not rows:
        return 0
    raws = []
    for row in rows:
        try:
            raws.append(json.loads(row.raw_payload))
        except ValueError:
            raws.append(row.raw_payload)
    _emit(state, Phase.RETRY, len(rows))
    planner = state.inline.planner
    for start in range(0, len(raws), 100):
        batch = raws[start : start + 100]
        plan = planner.plan_raws(batch)
        try:
            refusals, files = await state.downloader.download(plan.downloads)
        except BaseException:
            planner.drop(plan.plan_id)
            raise
        state.counts.details["retried"] = state.counts.details.get("retried", 0) + len(batch)
        await _store(state, state.inline, plan, refusals, files, None)
    return len(rows)


Downloaded = tuple[PagePlan, dict[str, Refusal], list[PendingFile]]
Planned = tuple[PlanHome, "asyncio.Task[Downloaded]"]


class _Backlog:
    """Pièce bytes read ahead and not stored yet (declared sizes): the feed is read ahead of
    the downloads so that pages without pièces never leave the downloads idle, but the
    memory held by pièces waiting for their page's transaction stays bounded."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.bytes = 0
        self._changed = asyncio.Event()

    def add(self, amount: int) -> None:
        self.bytes += amount
        self._changed.set()

    async def wait_room(self) -> None:
        while self.bytes >= self.limit:
            self._changed.clear()
            await self._changed.wait()


def _release(backlog: _Backlog, weight: int, _done: object) -> None:
    backlog.add(-weight)


async def _plan_and_download(
    state: PullState, reading: asyncio.Task[PagePlan], backlog: _Backlog
) -> Downloaded:
    try:
        plan = await _read_plan(reading)
    finally:
        reading.cancel()  # no-op once done; else the pull stops: nobody wants the plan
    backlog.add(plan.weight)
    refusals, files = await state.downloader.download(plan.downloads)
    return plan, refusals, files


async def _pipeline(
    state: PullState, cursor: str | None, page_size: int, in_flight: int, backlog: _Backlog
) -> None:
    """Fetch pages one after the other and download their pièces while earlier pages finish
    (up to ``in_flight`` pages and the backlog's bytes ahead); store the pages strictly in
    feed order (each with its cursor)."""
    queue: asyncio.Queue[Planned | BaseException | None] = asyncio.Queue(
        maxsize=max(1, in_flight - 1)
    )

    async def produce() -> None:
        next_cursor = cursor
        try:
            while True:
                await backlog.wait_room()
                home, reading, frame = await fetch_page(state, next_cursor, page_size)
                if frame["has_more"] and state.worker_mode == "auto":
                    state.start_worker()  # a feed of several pages: worth a second core
                task = asyncio.ensure_future(_plan_and_download(state, reading, backlog))
                try:
                    await queue.put((home, task))
                except BaseException:
                    task.cancel()
                    reading.cancel()  # in case the task was cancelled before it started
                    await asyncio.gather(task, reading, return_exceptions=True)
                    raise
                if not frame["has_more"]:
                    await queue.put(None)
                    return
                next_cursor = frame["next_cursor"]
        except Exception as exc:  # handed to the consumer, which raises it in order
            await queue.put(exc)

    # Stores sent to the worker and not answered yet (it runs them in order and stops at the
    # first failure, so a page is never stored after one that failed).
    stored: collections.deque[tuple[PagePlan, asyncio.Future[StoreOutcome]]] = collections.deque()

    async def settle(keep: int) -> None:
        while len(stored) > keep or (stored and stored[0][1].done()):
            plan, outcome = stored.popleft()
            _apply(state, plan, await outcome)
            _emit(state, Phase.PULL)

    async def consume() -> None:
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            home, task = item
            plan, refusals, files = await task
            if home is state.inline:  # awaited: in-process stores must not interleave
                await settle(0)
                await _store(state, home, plan, refusals, files, plan.next_cursor)
                backlog.add(-plan.weight)
                _emit(state, Phase.PULL)
                continue
            state.worker_pages += 1
            request = home.store(plan.plan_id, refusals, files, plan.next_cursor)
            outcome = asyncio.ensure_future(request)
            # room for the producer as soon as the page is written (not when consume gets
            # back to it: it may be waiting for the very page the producer cannot fetch)
            outcome.add_done_callback(functools.partial(_release, backlog, plan.weight))
            stored.append((plan, outcome))
            await settle(max(1, in_flight))
        await settle(0)

    producer = asyncio.ensure_future(produce())
    try:
        await consume()
        await producer
    finally:
        pending: list[asyncio.Future[Any]] = [producer, *(f for _, f in stored)]
        while not queue.empty():
            item = queue.get_nowait()
            if isinstance(item, tuple):
                pending.append(item[1])
        for fut in pending:
            if not fut.done():
                fut.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def pull_dossier(
    dossier: DossierRow,
    meg: Any,
    content_store: Any,
    counts: RunCounts,
    run_id: int,
    progress: ProgressCallback,
    options: Any,
) -> None:
    """Pull the dossier's feed into the ledger (see the module docstring)."""
    concurrency = max(1, int(getattr(options, "download_concurrency", 6)))
    page_size = int(getattr(options, "page_size", 200))
    context = PlanContext(dossier.id, meg.siret, dossier.start_date, run_id)
    state = PullState(
        dossier,
        meg,
        content_store,
        counts,
        run_id,
        progress,
        PieceDownloader(meg, content_store, concurrency),
        InlineHome(Planner(context, content_store)),
        worker_mode=str(getattr(options, "ledger_worker", "auto")),
        worker_share=float(getattr(options, "worker_download_share", 0.5)),
    )
    finished = False
    try:
        if state.worker_mode == "always":
            state.start_worker()
            if state.worker is not None:
                await state.worker.wait_ready()
        await retry_rejected(state)
        rejected_before = counts.rejected
        cursor = get_cursor(dossier.id, CURSOR_SOURCE)
        _emit(state, Phase.PULL)
        backlog = _Backlog(int(getattr(options, "bytes_in_flight", 64_000_000)))
        in_flight = int(getattr(options, "pages_in_flight", 16))
        await _pipeline(state, cursor, page_size, in_flight, backlog)
        # pièces that failed for a passing reason during this run get one more chance now
        if counts.rejected > rejected_before:
            await retry_rejected(state, TRANSIENT_CODES)
        finished = True
    finally:
        if state.worker is not None:  # a cancelled run does not wait for pages still queued
            await asyncio.shield(state.worker.aclose(graceful=finished))
    state.update_counts()
    counts.details["before_start_date"] = state.before_start
    counts.details["ledger_worker_pages"] = state.worker_pages
    counts.rejected = len(_open_rejections(dossier.id))
