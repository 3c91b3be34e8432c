"""The GUI's single door to the application services (``app.setup``, ``app.sync_service``).

Widgets never call ``app/`` modules directly: they await the coroutines of :class:`Backend`,
which tests await too. Store reads that only the GUI needs (dossier status lines, rejections,
runs, entries per month) live in :mod:`meg_inqom_desktop.ui.models.store_reads`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from meg_inqom_desktop.app.settings import Settings, load_settings, save_settings
from meg_inqom_desktop.store.paths import DataPaths

log = logging.getLogger(__name__)


@dataclass
class BackendConfig:
    paths: DataPaths
    sandbox: Any = None  # a SandboxHandle when started with --sandbox
    open_browser: bool = True  # False in tests: the test plays the browser


class Backend:
    """Coroutines the pages and the main window await; one instance per running app."""

    def __init__(self, config: BackendConfig) -> None:
        self.config = config
        self.paths = config.paths
        self.settings: Settings = load_settings(self.paths.settings)
        self._sync_service: Any = None
        self._content_store: Any = None
        self._sandbox_kwargs: dict[str, Any] | None = None

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

        return client_provider(self.paths, sandbox=self.config.sandbox, **self._endpoints())

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
        """Sync one dossier or every active one; a second call joins the running run."""
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
        if self._sync_service is not None:
            await self._sync_service.aclose()

    # -- files off the GUI thread -----------------------------------------------------------
    async def read_document(self, sha256: str) -> bytes:
        """The pièce's bytes, read in a worker thread."""
        path = self.document_path(sha256)
        return await asyncio.to_thread(path.read_bytes)

    def document_path(self, sha256: str) -> Path:
        return Path(self.content_store.path_for(sha256))
