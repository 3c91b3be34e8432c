"""The GUI's single door to the application services (``app.setup``, ``app.sync_service``).

Widgets never call ``app/`` modules directly: they await the coroutines of :class:`Backend`,
which tests await too. Store reads that only the GUI needs (dossier status lines, rejections,
runs, entries per month) live in :mod:`meg_inqom_desktop.ui.models.store_reads`.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from meg_inqom_desktop.app.settings import Settings, load_settings, save_settings
from meg_inqom_desktop.domain.siret import siret_problem
from meg_inqom_desktop.store.paths import DataPaths

log = logging.getLogger(__name__)


def _module(name: str) -> Any:
    return importlib.import_module(f"meg_inqom_desktop.{name}")


@dataclass
class BackendConfig:
    paths: DataPaths
    sandbox: Any = None  # a SandboxHandle when started with --sandbox


class Backend:
    """Coroutines the pages and the main window await; one instance per running app."""

    def __init__(self, config: BackendConfig) -> None:
        self.config = config
        self.paths = config.paths
        self.settings: Settings = load_settings(self.paths.settings)
        self._sync_service: Any = None

    # -- settings ----------------------------------------------------------------------------
    def save_settings(self, settings: Settings) -> Settings:
        self.settings = save_settings(self.paths.settings, settings)
        return self.settings

    # -- setup -------------------------------------------------------------------------------
    @staticmethod
    def siret_problem(text: str) -> str | None:
        return siret_problem(text)

    def _setup(self) -> Any:
        return _module("app.setup")

    def _endpoints(self) -> dict[str, Any]:
        setup = self._setup()
        if self.config.sandbox is not None and hasattr(setup, "endpoints_from_sandbox"):
            return {"endpoints": setup.endpoints_from_sandbox(self.config.sandbox)}
        if self.config.sandbox is not None:
            return {"endpoints": self.config.sandbox}
        return {}

    async def authorize(self, service: str, siret: str) -> Any:
        """Start the browser authorization; returns a handle with ``url``, completion, cancel."""
        setup = self._setup()
        result = setup.authorize(service, siret, paths=self.paths, **self._endpoints())
        if asyncio.iscoroutine(result):
            result = await result
        return result

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
    @property
    def sync_service(self) -> Any:
        if self._sync_service is None:
            module = _module("app.sync_service")
            self._sync_service = module.SyncService(self.paths, **self._endpoints())
        return self._sync_service

    async def sync(self, dossier_id: int | None = None, *, trigger: str = "manual") -> Any:
        """Sync one dossier or all; a second call joins the running run."""
        service = self.sync_service
        if dossier_id is None:
            return await service.sync_all(trigger=trigger)
        return await service.sync_one(dossier_id, trigger=trigger)

    def cancel_sync(self) -> None:
        if self._sync_service is not None:
            self._sync_service.cancel()

    def add_progress_listener(self, listener: Callable[[Any], None]) -> None:
        self.sync_service.add_listener(listener)

    # -- files off the GUI thread -----------------------------------------------------------
    async def read_document(self, sha256: str) -> bytes:
        """The pièce's bytes, read in a worker thread."""
        path = self.document_path(sha256)
        return await asyncio.to_thread(path.read_bytes)

    def document_path(self, sha256: str) -> Path:
        try:
            content_store = _module("store.content_store")
            if hasattr(content_store, "document_path"):
                return Path(content_store.document_path(self.paths, sha256))
        except ImportError:
            pass
        return self.paths.documents / sha256[:2] / sha256[2:]
