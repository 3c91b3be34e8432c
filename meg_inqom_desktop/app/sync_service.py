"""The runs of one process, behind :class:`~meg_inqom_desktop.app.connector.Connector`.

* one run per dossier at a time: a second request for a dossier being synced joins the running
  task (``Synchroniser maintenant`` twice never starts two syncs);
* ``sync_all`` runs every active dossier one after the other;
* ``cancel`` cancels the running tasks; the engine leaves the database consistent;
* progress listeners receive the engine's :class:`~meg_inqom_desktop.sync.runs.Progress` events;
* it is the scheduler's target (last success, scheduled runs, skipped slots recorded).

No Qt here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from meg_inqom_desktop.app.sign_in import record_failure
from meg_inqom_desktop.net.errors import AuthorizationError
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.dossiers import list_dossiers
from meg_inqom_desktop.sync import runs
from meg_inqom_desktop.sync.engine import ClientProvider, EngineOptions, RunResult, run_dossier
from meg_inqom_desktop.sync.runs import Progress, ProgressCallback, RunStatus
from meg_inqom_desktop.sync.scheduler import SKIP_MESSAGES

log = logging.getLogger(__name__)


class SyncService:
    """Runs dossier syncs; see the module docstring."""

    def __init__(
        self,
        provider: ClientProvider,
        content_store: ContentStore,
        *,
        options: EngineOptions | None = None,
    ) -> None:
        self.provider = provider
        self.content_store = content_store
        self.options = options or EngineOptions()
        self._tasks: dict[int, asyncio.Task[RunResult]] = {}
        self._listeners: list[ProgressCallback] = []
        self._all_task: asyncio.Task[list[RunResult]] | None = None

    # -- listeners -------------------------------------------------------------------------
    def add_listener(self, callback: ProgressCallback) -> None:
        self._listeners.append(callback)

    def remove_listener(self, callback: ProgressCallback) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, event: Progress) -> None:
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:  # a broken listener must not break the sync
                log.exception("progress listener failed")

    # -- running ---------------------------------------------------------------------------
    def is_running(self, dossier_id: int | None = None) -> bool:
        if dossier_id is not None:
            task = self._tasks.get(dossier_id)
            return task is not None and not task.done()
        return any(not t.done() for t in self._tasks.values())

    def sync_dossier(
        self, dossier_id: int, trigger: str = "manual", slot: datetime | None = None
    ) -> asyncio.Task[RunResult]:
        """The running task of the dossier, or a new one (await it for the result)."""
        task = self._tasks.get(dossier_id)
        if task is not None and not task.done():
            return task
        task = asyncio.ensure_future(self._run(dossier_id, trigger, slot))
        self._tasks[dossier_id] = task
        return task

    async def _run(self, dossier_id: int, trigger: str, slot: datetime | None) -> RunResult:
        result = await run_dossier(
            dossier_id,
            self.provider,
            self.content_store,
            trigger=trigger,
            slot=slot,
            progress=self._emit,
            options=self.options,
        )
        if isinstance(result.error, AuthorizationError):  # the person must act: « À traiter »
            record_failure(dossier_id, result.error)
        return result

    async def sync_all(
        self,
        trigger: str = "manual",
        slot: datetime | None = None,
        dossier_ids: Iterable[int] | None = None,
    ) -> list[RunResult]:
        """Every active dossier (or the given ones), one after the other."""
        ids = list(dossier_ids) if dossier_ids is not None else _active_ids()
        results: list[RunResult] = []
        for dossier_id in ids:
            results.append(await self.sync_dossier(dossier_id, trigger, slot))
        return results

    def start_all(self, trigger: str = "manual") -> asyncio.Task[list[RunResult]]:
        """``sync_all`` as a task; a second call while it runs joins it."""
        if self._all_task is None or self._all_task.done():
            self._all_task = asyncio.ensure_future(self.sync_all(trigger))
        return self._all_task

    async def cancel(self, dossier_id: int | None = None) -> None:
        """Cancel the running sync(s) and wait until they stopped (database consistent)."""
        tasks: list[asyncio.Future[Any]] = [
            t
            for d, t in self._tasks.items()
            if not t.done() and (dossier_id is None or d == dossier_id)
        ]
        if dossier_id is None and self._all_task is not None and not self._all_task.done():
            tasks.append(self._all_task)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def aclose(self) -> None:
        await self.cancel()
        await self.provider.aclose()

    # -- scheduler target ------------------------------------------------------------------
    def last_success_utc(self) -> datetime | None:
        """The oldest last success over active dossiers (None if one never succeeded)."""
        ids = _active_ids()
        if not ids:
            return runs.utcnow_for_scheduler()
        oldest: datetime | None = None
        for dossier_id in ids:
            last = runs.last_success(dossier_id)
            if last is None:
                return None
            oldest = last if oldest is None or last < oldest else oldest
        return oldest

    async def run_scheduled(self, trigger: str, slot: datetime | None) -> bool:
        results = await self.sync_all(trigger, slot)
        return all(r.ok for r in results)

    def record_skipped(self, trigger: str, slot: datetime | None, reason: str) -> None:
        runs.record_skipped(None, trigger, slot, reason, SKIP_MESSAGES.get(reason, reason))


def _active_ids() -> list[int]:
    return [d.id for d in list_dossiers(active_only=True)]


def notify_text(results: Iterable[RunResult], level: str) -> str | None:
    """What the tray says after a sync, for the ``notifications`` setting (off/errors/all)."""
    items = list(results)
    if level == "off" or not items:
        return None
    failed = [r for r in items if r.status == RunStatus.FAILED]
    if level == "errors" and not failed and not any(r.counts.rejected for r in items):
        return None
    return "\n".join(r.summary for r in items)
