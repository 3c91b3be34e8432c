"""The ledger worker: a child process that reads feed pages and stores them during a big pull.

Why: during a big pull (a first sync of a company with tens of thousands of entries) the
app's event loop is fully busy with the downloads alone; reading and checking the pages and
writing them to the ledger cost as much again. Measured on the 20,000-entry benchmark
(``bench/bench_sync_pull.py``, two cores, the sandbox in a third process), the pull reached
0.63-0.67 of raw httpx in one process, ~0.70 with the pages read and stored by the worker,
and ~0.8 once the worker also downloads the pièces of half of its pages (HTTP responses cost
the app's loop as much CPU as the rest together). It also keeps that work off the GUI's
thread. A feed of one page never starts it.

How: the app listens on a loopback port, starts the worker (the same program with
``--ledger-worker`` when it is a bundle, ``python -m meg_inqom_desktop.sync.ledger_worker_process``
otherwise) and gives it the port and a one-time secret in its environment; the worker
connects and sends the secret, and nothing else is read from the connection before it
matches. Then requests (length-prefixed pickles): open the ledger, plan a page (optionally
downloading its pièces), store a plan (in order), close. The worker asks the app for a MEG
access token when it needs one (first download, or MEG refused the one it had); the token
travels over that connection only and lives in the worker's memory. The worker ends when the
connection closes, and on Linux when the app dies (``PR_SET_PDEATHSIG``). A page's transaction
is whole in either process, so a worker killed at any moment leaves the ledger as a crashed
app would.

If the worker cannot start (or answer the first request), the pull goes on in the app's
process; once it is up, a failure of the worker fails the run (the next run starts over from
the stored cursor).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import itertools
import json
import logging
import os
import pickle
import secrets
import struct
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meg_inqom_desktop.errors import FatalError, MegInqomError
from meg_inqom_desktop.net.http import HttpSettings, RetryableBody, RetryPolicy
from meg_inqom_desktop.sync.documents import PendingFile
from meg_inqom_desktop.sync.page_plans import PagePlan, PlanContext, Refusal, StoreOutcome

log = logging.getLogger(__name__)

WORKER_FLAG = "--ledger-worker"
# Where the worker finds the port and the one-time secret (an environment variable: readable
# by the same user only, unlike the command line; a windowed program may have no stdin).
SETUP_ENV = "MEG_INQOM_LEDGER_WORKER"
HEADER = struct.Struct("!I")  # the length of the pickle that follows
_NONCE_BYTES = 32
_START_TIMEOUT = 30.0  # seconds for the worker to connect and open the ledger


class LedgerWorkerStopped(FatalError):
    title = "Enregistrement interrompu"
    code = "ledger_worker_stopped"


def worker_command() -> list[str]:
    """How to start the worker: this program itself when frozen, else the Python module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "meg_inqom_desktop.sync.ledger_worker_process"]


def frame(obj: Any) -> bytes:
    """One message: its length, then its pickle."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


@dataclass(frozen=True)
class WorkerMeg:
    """How the worker reaches MEG for the pièces it downloads (its access token is lent by
    the app on demand, through the connection: never written anywhere)."""

    base_url: str
    siret: str
    settings: HttpSettings
    policy: RetryPolicy
    max_document_bytes: int
    concurrency: int

    @classmethod
    def of(cls, meg: Any, concurrency: int) -> WorkerMeg | None:
        """From the app's ``MegClient``; None when it cannot be copied (the app downloads)."""
        settings = getattr(meg, "http_settings", None)
        caller = getattr(meg, "caller", None)
        if settings is None or caller is None or getattr(caller, "auth", None) is None:
            return None
        return cls(
            meg.base_url,
            meg.siret,
            settings,
            caller.policy,
            meg.max_document_bytes,
            concurrency,
        )


class LedgerWorker:
    """The app's side of the worker: start it, send requests, close it."""

    def __init__(self, auth: Any = None) -> None:
        self._auth = auth  # the app's MEG token session, lent to the worker on demand
        self._lending: set[asyncio.Task[None]] = set()
        self.can_download = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._ids = itertools.count(1)
        self._read_task: asyncio.Task[None] | None = None
        self._start_task: asyncio.Task[bool] | None = None
        self._failure: MegInqomError | None = None
        self.ready = False

    # --- start ---------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        database: Path,
        documents: Path,
        durable: bool,
        context: PlanContext,
        *,
        meg: WorkerMeg | None = None,
        auth: Any = None,
    ) -> LedgerWorker:
        """Spawn the worker; returns at once (``ready`` turns true once it can take work).

        With ``meg`` and ``auth`` (the app's token session), the worker may download the
        pièces of the pages it reads (``plan_page(fetch=True)``)."""
        worker = cls(auth if meg is not None else None)
        worker._start_task = asyncio.ensure_future(
            worker._start(database, documents, durable, context, meg if auth else None)
        )
        return worker

    async def wait_ready(self) -> bool:
        """Wait for the start to end: True if the worker is up, False if it could not start."""
        if self._start_task is None:
            return self.ready
        return await asyncio.shield(self._start_task)

    async def _start(
        self,
        database: Path,
        documents: Path,
        durable: bool,
        context: PlanContext,
        meg: WorkerMeg | None,
    ) -> bool:
        loop = asyncio.get_running_loop()
        nonce = secrets.token_bytes(_NONCE_BYTES)
        accepted: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]]
        accepted = loop.create_future()

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                got = await asyncio.wait_for(reader.readexactly(_NONCE_BYTES), 10)
            except (asyncio.IncompleteReadError, TimeoutError, OSError):
                got = b""
            if accepted.done() or not hmac.compare_digest(got, nonce):
                writer.close()  # not our worker (or a second connection): never read it
                return
            accepted.set_result((reader, writer))

        server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
        try:
            port = server.sockets[0].getsockname()[1]
            self._proc = _spawn(port, nonce)
            reader, writer = await self._connected(accepted)
        except Exception:
            log.warning("ledger worker did not start; the pull goes on in-process", exc_info=True)
            await self._kill(grace=0)
            return False
        finally:
            server.close()
        self._reader, self._writer = reader, writer
        self._read_task = asyncio.ensure_future(self._read_replies())
        try:
            await asyncio.wait_for(
                self._request("open", str(database), str(documents), durable, context, meg),
                _START_TIMEOUT,
            )
        except Exception:
            log.warning("ledger worker could not open the ledger; in-process pull", exc_info=True)
            await self.aclose()
            return False
        self.ready = True
        self.can_download = meg is not None
        log.info("ledger worker %s ready", self._proc.pid if self._proc else "?")
        return True

    async def _connected(
        self, accepted: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]]
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The worker's connection; fails early if the worker exits before connecting."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _START_TIMEOUT
        while not accepted.done():
            if self._proc is not None and self._proc.poll() is not None:
                raise ChildProcessError(f"ledger worker exited with {self._proc.returncode}")
            if loop.time() > deadline:
                raise TimeoutError("ledger worker did not connect")
            await asyncio.wait([accepted], timeout=0.05)
        return accepted.result()

    # --- requests ------------------------------------------------------------------------

    async def _request(self, op: str, *args: Any) -> Any:
        if self._failure is not None:
            raise self._failure
        assert self._writer is not None
        req_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[req_id] = future
        self._writer.write(frame((req_id, op, args)))
        try:
            await self._writer.drain()
        except OSError as exc:
            self._fail(exc)
        return await future

    async def plan_page(self, body: bytes, *, fetch: bool = False) -> PagePlan:
        """Read a page in the worker; ``fetch``: the worker downloads its pièces too (the
        plan then lists none to download)."""
        plan: PagePlan = await self._request("plan", body, fetch and self.can_download)
        return plan

    async def store(
        self,
        plan_id: int,
        refusals: Mapping[str, Refusal],
        files: Sequence[PendingFile],
        cursor: str | None,
    ) -> StoreOutcome:
        outcome: StoreOutcome = await self._request(
            "store", plan_id, dict(refusals), list(files), cursor
        )
        return outcome

    async def _read_replies(self) -> None:
        assert self._reader is not None
        try:
            while True:
                head = await self._reader.readexactly(HEADER.size)
                body = await self._reader.readexactly(HEADER.unpack(head)[0])
                kind, req_id, value = pickle.loads(body)
                if kind == "token?":  # the worker needs a (fresh) MEG access token
                    task = asyncio.ensure_future(self._lend_token(req_id, value))
                    self._lending.add(task)
                    task.add_done_callback(self._lending.discard)
                    continue
                future = self._pending.pop(req_id, None)
                if future is None or future.done():
                    continue
                if kind == "ok":
                    future.set_result(value)
                elif kind == "retry":
                    future.set_exception(RetryableBody(value))
                else:
                    future.set_exception(value)
        except (asyncio.IncompleteReadError, OSError, pickle.UnpicklingError, ValueError) as exc:
            self._fail(exc)

    async def _lend_token(self, req_id: int, stale: str) -> None:
        answer: tuple[str, Any]
        try:
            if self._auth is None:
                raise MegInqomError("Erreur interne", "aucune session MEG à prêter")
            if stale:
                await self._auth.invalidate(stale)
            answer = ("ok", await self._auth.access_token())
        except MegInqomError as exc:  # e.g. authorization revoked: the worker's call fails
            answer = ("err", exc)
        except Exception as exc:
            answer = ("err", MegInqomError("Erreur interne", f"{type(exc).__name__} : {exc}"))
        if self._writer is not None and self._failure is None:
            self._writer.write(frame((req_id, "token", answer)))
            with contextlib.suppress(OSError):
                await self._writer.drain()

    def _fail(self, exc: BaseException) -> None:
        if self._failure is None:
            self._failure = LedgerWorkerStopped(
                message="Le processus qui enregistre les écritures s'est arrêté "
                f"({type(exc).__name__}). Rien n'est perdu : relancez la synchronisation, elle "
                "reprendra où elle s'est arrêtée. Si cela se reproduit, envoyez le rapport "
                "(menu Aide).",
            )
        for future in self._pending.values():
            if not future.done():
                future.set_exception(self._failure)
        self._pending.clear()

    # --- close ---------------------------------------------------------------------------

    async def aclose(self, *, graceful: bool = True) -> None:
        """Make sure the worker ends. ``graceful``: after the requests already sent; else at
        once (a cancelled or failed run): pages waiting to be stored are dropped, the one
        being written is finished or not at all (its transaction is whole either way)."""
        if self._start_task is not None and not self._start_task.done():
            self._start_task.cancel()
            with contextlib.suppress(BaseException):
                await self._start_task
        if graceful and self._writer is not None and self._failure is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._request("close"), 30)
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
        if self._read_task is not None:
            self._read_task.cancel()
            with contextlib.suppress(BaseException):
                await self._read_task
        for task in list(self._lending):
            task.cancel()
        self._fail(ConnectionError("closed"))
        await self._kill()

    async def _kill(self, grace: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            await asyncio.to_thread(proc.wait, grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            await asyncio.to_thread(proc.wait)


def _spawn(port: int, nonce: bytes) -> subprocess.Popen[bytes]:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    env = dict(os.environ)
    env[SETUP_ENV] = json.dumps({"port": port, "nonce": nonce.hex()})
    return subprocess.Popen(
        worker_command(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=None if sys.stderr is not None else subprocess.DEVNULL,
        creationflags=flags,
        env=env,
    )
