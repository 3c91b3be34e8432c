"""The ledger worker's own side: the process ``sync.ledger_worker`` starts (see there).

It reads the app's requests from the loopback connection: ``open`` (the ledger, the pièces
folder, the run's context, and how to reach MEG), ``plan`` (read a page; with ``fetch``, start
downloading its pièces at once), ``store`` (write a page: in order, one after the other, and
never one after a page that failed), ``close``. The MEG access token is asked of the app when
needed (``token?``) and kept in memory only.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import pickle
import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.net.http import RetryableBody
from meg_inqom_desktop.sync.documents import PendingFile
from meg_inqom_desktop.sync.downloads import PieceDownloader
from meg_inqom_desktop.sync.ledger_worker import HEADER, SETUP_ENV, WorkerMeg, frame
from meg_inqom_desktop.sync.page_plans import PagePlan, Planner, Refusal, StoreOutcome

log = logging.getLogger(__name__)

Reply = tuple[str, int, Any]


class LentToken:
    """The ``BearerAuth`` of the worker's MEG client: the app's token, asked for when none is
    held or when MEG refused the one held."""

    def __init__(self, ask: Any) -> None:
        self.token = ""
        self._ask = ask
        self._lock = asyncio.Lock()

    async def access_token(self) -> str:
        async with self._lock:
            if not self.token:
                self.token = await self._ask("")
        return self.token

    async def invalidate(self, stale: str) -> None:
        async with self._lock:
            if stale == self.token:
                self.token = await self._ask(stale)


def _error_reply(req_id: int, exc: Exception) -> Reply:
    if isinstance(exc, RetryableBody):  # the page is unreadable: the app fetches it again
        return ("retry", req_id, exc.detail)
    if isinstance(exc, MegInqomError):
        return ("err", req_id, exc)
    log.exception("request %s failed", req_id)  # a bug: the app records it in the run
    return ("err", req_id, MegInqomError("Erreur interne", f"{type(exc).__name__} : {exc}"))


def _answer(req_id: int, run: Any) -> Reply:
    try:
        return ("ok", req_id, run())
    except Exception as exc:
        return _error_reply(req_id, exc)


class WorkerSession:
    """One connection to the app: the ledger, the plans and the pièces being fetched."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.planner: Planner | None = None
        self.meg: Any = None
        self.downloader: PieceDownloader | None = None
        self.prefetch: dict[int, asyncio.Task[tuple[dict[str, Refusal], list[PendingFile]]]] = {}
        self.stores: asyncio.Queue[tuple[int, Any]] = asyncio.Queue()
        self.token_waiters: dict[int, asyncio.Future[tuple[str, Any]]] = {}
        self.token_ids = itertools.count(1)

    def send(self, reply: Reply) -> None:
        try:
            self.writer.write(frame(reply))
        except (pickle.PicklingError, TypeError, AttributeError):
            error = MegInqomError("Erreur interne", repr(reply[2]))
            self.writer.write(frame(("err", reply[1], error)))

    def _planner(self) -> Planner:
        if self.planner is None:
            raise MegInqomError("Erreur interne", "le registre n'est pas ouvert")
        return self.planner

    # --- requests ------------------------------------------------------------------------

    def open(self, args: Any) -> None:
        from meg_inqom_desktop.store.content_store import ContentStore
        from meg_inqom_desktop.store.database import open_database
        from meg_inqom_desktop.store.paths import DataPaths

        database, documents, durable, context, meg = args
        root = Path(database).parent
        open_database(DataPaths(root=root, logs=root / "logs"), create=False)
        content = ContentStore(Path(documents), durable=durable)
        self.planner = Planner(context, content)
        if isinstance(meg, WorkerMeg):
            self.meg = self._meg_client(meg)
            self.downloader = PieceDownloader(self.meg, content, meg.concurrency)

    def _meg_client(self, meg: WorkerMeg) -> Any:
        from meg_inqom_desktop.meg.client import MegClient
        from meg_inqom_desktop.net.http import HttpCaller, build_client

        caller = HttpCaller(
            build_client(meg.settings),
            "MEG",
            meg.policy,
            auth=LentToken(self.ask_token),
            siret=meg.siret,
        )
        return MegClient(meg.base_url, meg.siret, caller, max_document_bytes=meg.max_document_bytes)

    async def ask_token(self, stale: str) -> str:
        """A token from the app (a fresh one when ``stale`` was refused by MEG)."""
        token_id = next(self.token_ids)
        waiter: asyncio.Future[tuple[str, Any]] = asyncio.get_running_loop().create_future()
        self.token_waiters[token_id] = waiter
        self.send(("token?", token_id, stale))
        await self.writer.drain()
        status, value = await waiter
        if status != "ok":
            raise value
        return str(value)

    def plan(self, body: bytes, fetch: bool) -> PagePlan:
        plan = self._planner().plan_page(body)
        if fetch and self.downloader is not None and plan.downloads:
            task = asyncio.ensure_future(self.downloader.download(plan.downloads))
            self.prefetch[plan.plan_id] = task
            plan = replace(plan, downloads=())
        return plan

    async def store(
        self,
        plan_id: int,
        refusals: dict[str, Refusal],
        files: list[PendingFile],
        cursor: str | None,
    ) -> StoreOutcome:
        fetched = self.prefetch.pop(plan_id, None)
        mine: list[PendingFile] = []
        if fetched is not None:  # the pièces this process downloaded for the page
            more, mine = await fetched
            refusals = {**more, **refusals}
        outcome = await self._planner().store(plan_id, refusals, [*files, *mine], cursor)
        http = None
        if self.meg is not None:
            stats = self.meg.stats
            http = stats.snapshot()
            for counter in (stats.requests, stats.retries, stats.reasons):
                counter.clear()
        return replace(
            outcome, documents=len(mine), bytes=sum(len(f.data) for f in mine), http=http
        )

    # --- loops ---------------------------------------------------------------------------

    async def storer(self) -> None:
        """Stores, in order; after a failure, every later store answers that failure."""
        failed: Reply | None = None
        while True:
            req_id, args = await self.stores.get()
            try:
                if failed is not None:  # never store a page after one that failed
                    self.send((failed[0], req_id, failed[2]))
                    continue
                try:
                    outcome = await self.store(*args)
                except Exception as exc:  # every failure goes back to the app
                    failed = _error_reply(req_id, exc)
                    self.send(failed)
                else:
                    self.send(("ok", req_id, outcome))
            finally:
                self.stores.task_done()
            await self.writer.drain()

    async def serve(self) -> None:
        """Pages are read as soon as they arrive; stores run in their own task, so a page is
        read while the previous one waits for the disk."""
        store_task = asyncio.ensure_future(self.storer())
        try:
            while True:
                head = await self.reader.readexactly(HEADER.size)
                size = HEADER.unpack(head)[0]
                req_id, op, args = pickle.loads(await self.reader.readexactly(size))
                if op == "store":
                    self.stores.put_nowait((req_id, args))
                    continue
                if op == "token":
                    waiter = self.token_waiters.pop(req_id, None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(args)
                    continue
                if op == "close":
                    await self.stores.join()
                    self.send(("ok", req_id, None))
                    await self.writer.drain()
                    return
                if op == "open":
                    self.send(_answer(req_id, lambda args=args: self.open(args)))
                elif op == "plan":
                    self.send(_answer(req_id, lambda args=args: self.plan(*args)))
                else:
                    error = MegInqomError("Erreur interne", f"demande inconnue : {op}")
                    self.send(("err", req_id, error))
                await self.writer.drain()
        except (asyncio.IncompleteReadError, OSError):
            pass  # the app went away: nothing to answer to
        finally:
            for task in [store_task, *self.prefetch.values()]:
                task.cancel()
            await asyncio.gather(store_task, *self.prefetch.values(), return_exceptions=True)
            if self.meg is not None:
                with contextlib.suppress(Exception):
                    await self.meg.aclose()
            self.writer.close()


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the app already died before prctl
            os._exit(0)


async def _run(port: int, nonce: bytes) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(nonce)
    await WorkerSession(reader, writer).serve()


def worker_main() -> int:
    """The worker process: answer the app's requests until it closes the connection."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the app's to handle
    logging.basicConfig(level=logging.WARNING, format="ledger worker: %(message)s")
    setup = json.loads(os.environ.pop(SETUP_ENV))
    try:
        asyncio.run(_run(int(setup["port"]), bytes.fromhex(setup["nonce"])))
    finally:
        from meg_inqom_desktop.store.database import close_database

        close_database()
    return 0


if __name__ == "__main__":
    sys.exit(worker_main())
