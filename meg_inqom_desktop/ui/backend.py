"""The GUI's single door to the application services (``app.setup``, ``app.sync_service``).

Widgets never call ``app/`` modules directly: they await the coroutines of :class:`Backend`,
which tests await too. Store reads that only the GUI needs (dossier status lines, rejections,
runs, entries per month) live in :mod:`meg_inqom_desktop.ui.models.store_reads`.

One process syncs a data folder at a time (DESIGN.md): the backend takes the data folder's
:class:`~meg_inqom_desktop.app.instance_lock.InstanceLock` at start and keeps it for the app's
lifetime, like ``meg-inqom serve`` does. Held for the lifetime rather than around each sync,
because the GUI's scheduler and ``serve``'s would otherwise both wake at the same slots and
race for the folder, and because crash recovery (``SyncService.recover``: runs left
``running`` closed, partial pièce files deleted) is only safe in the process that owns the
folder: a process recovering while another one syncs would close a live run and delete a
pièce being written. When another process holds the lock, the GUI still opens and reads the
ledger; :meth:`Backend.sync` raises :class:`DataFolderLocked` until the lock can be taken (it
tries again at each sync, so stopping ``serve`` is enough; no restart needed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from meg_inqom_desktop.app.instance_lock import InstanceLock
from meg_inqom_desktop.app.settings import Settings, load_settings, save_settings
from meg_inqom_desktop.errors import DataFolderLocked
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.paths import DataPaths

log = logging.getLogger(__name__)


@dataclass
class BackendConfig:
    paths: DataPaths
    sandbox: Any = None  # a SandboxHandle when started with --sandbox
    open_browser: bool = True  # False in tests: the test plays the browser
    client_options: dict[str, Any] = field(default_factory=dict)  # tests: limiter, retry policy


@dataclass(frozen=True)
class StartReport:
    """What :meth:`Backend.start` found: the lock, and what a crash left behind."""

    lock_held: bool
    closed_runs: int = 0
    unsettled_dossiers: tuple[int, ...] = ()  # push records left ``sending``: next run reads back


class Backend:
    """Coroutines the pages and the main window await; one instance per running app."""

    def __init__(self, config: BackendConfig) -> None:
        self.config = config
        self.paths = config.paths
        self.settings: Settings = load_settings(self.paths.settings)
        self._sync_service: Any = None
        self._content_store: Any = None
        self._sandbox_kwargs: dict[str, Any] | None = None
        self._lock = InstanceLock(self.paths.lock)
        self.lock_error: DataFolderLocked | None = None
        self._recovery: asyncio.Future[tuple[int, tuple[int, ...]]] | None = None

    # -- the data folder's lock, crash recovery ---------------------------------------------
    @property
    def lock_held(self) -> bool:
        return self._lock.held

    def take_lock(self) -> bool:
        """Take the data folder's lock if free (kept until :meth:`aclose`); True when held."""
        if self._lock.held:
            return True
        try:
            self._lock.acquire()
        except DataFolderLocked as exc:
            self.lock_error = exc
            return False
        self.lock_error = None
        return True

    async def start(self) -> StartReport:
        """At start: take the lock and, if taken, recover from a crash (off the GUI thread)."""
        if not self.take_lock():
            log.warning("data folder synced by another process: %s", self.lock_error)
            return StartReport(lock_held=False)
        closed, unsettled = await self._recover()
        return StartReport(lock_held=True, closed_runs=closed, unsettled_dossiers=unsettled)

    async def _recover(self) -> tuple[int, tuple[int, ...]]:
        """``SyncService.recover()`` once, with the lock held, in a worker thread (a second
        caller while it runs awaits the same work)."""
        if self._recovery is None:
            service = self.sync_service

            def work() -> tuple[int, tuple[int, ...]]:
                from meg_inqom_desktop.store.models import PushRecord

                with DB.connection_context():
                    closed = int(service.recover())
                    rows = (
                        PushRecord.select(PushRecord.dossier)
                        .where(PushRecord.status == "sending")
                        .distinct()
                    )
                    return closed, tuple(sorted(int(r.dossier_id) for r in rows))

            self._recovery = asyncio.ensure_future(asyncio.to_thread(work))
        try:
            closed, unsettled = await asyncio.shield(self._recovery)
        except Exception:
            self._recovery = None  # tried again at the next sync
            raise
        if closed or unsettled:
            log.info("recovered: %d run(s) closed, push to read back for %s", closed, unsettled)
        return closed, unsettled

    async def _ensure_can_sync(self) -> None:
        """Raise :class:`DataFolderLocked` while another process holds the data folder."""
        if not self.take_lock():
            assert self.lock_error is not None
            raise self.lock_error
        await self._recover()

    @property
    def locked_owner(self) -> str:
        """The pid of the process holding the data folder ("" if unknown or not locked)."""
        if self.lock_error is None:
            return ""
        return str(self.lock_error.context.get("owner") or "")

    # -- settings ----------------------------------------------------------------------------
    def save_settings(self, settings: Settings) -> Settings:
        self.settings = save_settings(self.paths.settings, settings)
        return self.settings

    # -- setup -------------------------------------------------------------------------------
    @staticmethod
    def siret_problem(text: str) -> str | None:
        from meg_inqom_desktop.domain.siret import siret_problem  # stdnum: loaded when needed

        return siret_problem(text)

    def _setup(self) -> Any:
        from meg_inqom_desktop.app import setup  # network stack: loaded when first needed

        return setup

    def _endpoints(self) -> dict[str, Any]:
        """``endpoints`` and ``store`` keywords for the sandbox (empty: production)."""
        if self.config.sandbox is None:
            return {}
        if self._sandbox_kwargs is None:
            setup = self._setup()
            endpoints = setup.endpoints_from_sandbox(self.config.sandbox)
            from meg_inqom_desktop.app.clients import sandbox_store

            # one store for setup and sync: the sandbox's tokens may live in memory only
            self._sandbox_kwargs = {"endpoints": endpoints, "store": sandbox_store(endpoints)}
        return dict(self._sandbox_kwargs)

    async def authorize(self, service: str, siret: str) -> Any:
        """Start the browser authorization; returns a handle with ``url``, completion, cancel."""
        setup = self._setup()
        extra: dict[str, Any] = {} if self.config.open_browser else {"open_browser": None}
        return await setup.authorize(service, siret, paths=self.paths, **self._endpoints(), **extra)

    async def meg_status(self, siret: str) -> Any:
        return await self._setup().meg_status(siret, paths=self.paths, **self._endpoints())

    async def preview_period(self, siret: str, start: date, end: date) -> Any:
        return await self._setup().preview_period(
            siret, start, end, paths=self.paths, **self._endpoints()
        )

    async def validate_period(self, siret: str, start: date, end: date) -> Any:
        return await self._setup().validate_period(
            siret, start, end, paths=self.paths, **self._endpoints()
        )

    async def list_inqom_folders(self, siret: str) -> list[Any]:
        return list(
            await self._setup().list_inqom_folders(siret, paths=self.paths, **self._endpoints())
        )

    async def connect_dossier(self, **kwargs: Any) -> Any:
        return await self._setup().connect_dossier(paths=self.paths, **self._endpoints(), **kwargs)

    # -- sync --------------------------------------------------------------------------------
    def _make_provider(self) -> Any:
        """The engine's client provider for the real services or the sandbox."""
        from meg_inqom_desktop.app.clients import client_provider

        return client_provider(
            self.paths,
            sandbox=self.config.sandbox,
            **self._endpoints(),
            **self.config.client_options,
        )

    @property
    def content_store(self) -> Any:
        if self._content_store is None:
            from meg_inqom_desktop.store.content_store import ContentStore

            self._content_store = ContentStore(self.paths.documents)
        return self._content_store

    @property
    def sync_service(self) -> Any:
        if self._sync_service is None:
            from meg_inqom_desktop.app.sync_service import SyncService

            self._sync_service = SyncService(self._make_provider(), self.content_store)
        return self._sync_service

    def sync_running(self) -> bool:
        return self._sync_service is not None and bool(self._sync_service.is_running())

    async def sync(self, dossier_id: int | None = None, *, trigger: str = "manual") -> list[Any]:
        """Sync one dossier or every active one; a second call joins the running run.

        Raises :class:`DataFolderLocked` when another process syncs this data folder."""
        await self._ensure_can_sync()
        service = self.sync_service
        if dossier_id is None:
            return list(await service.start_all(trigger))
        return [await service.sync_dossier(dossier_id, trigger)]

    async def cancel_sync(self) -> None:
        if self._sync_service is not None:
            await self._sync_service.cancel()

    def add_progress_listener(self, listener: Callable[[Any], None]) -> None:
        service = self.sync_service
        service.remove_listener(listener)
        service.add_listener(listener)

    def notify_text(self, results: list[Any]) -> str | None:
        """The tray's text after a sync, per the ``notifications`` setting (None: stay quiet)."""
        from meg_inqom_desktop.app.sync_service import SyncService

        text: str | None = SyncService.notify_text(results, self.settings.notifications)
        return text

    async def aclose(self) -> None:
        try:
            if self._sync_service is not None:
                await self._sync_service.aclose()
        finally:
            self._lock.release()

    # -- À traiter ---------------------------------------------------------------------------
    async def resolve_conflict(self, conflict_id: int, action: str) -> Any:
        """Keep (``"keep"``) or replace (``"replace"``) the stored entry, in a worker thread;
        returns an :class:`~meg_inqom_desktop.app.conflicts.ConflictResolution`."""
        from meg_inqom_desktop.app import conflicts

        def work() -> Any:
            with DB.connection_context():
                return conflicts.resolve(conflict_id, action)

        return await asyncio.to_thread(work)

    # -- files off the GUI thread -----------------------------------------------------------
    async def read_document(self, sha256: str) -> bytes:
        """The pièce's bytes, read in a worker thread."""
        path = self.document_path(sha256)
        return await asyncio.to_thread(path.read_bytes)

    def document_path(self, sha256: str) -> Path:
        return Path(self.content_store.path_for(sha256))
