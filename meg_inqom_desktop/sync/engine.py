"""One dossier's sync run: retry what was set aside, pull MEG's feed, push to Inqom, record.

``run_dossier`` is the whole of flow 2 for one dossier (DESIGN.md): it opens a ``SyncRun``,
pulls (``sync.pull``), pushes new entries unless the dossier is local only (``sync.push``) and
closes the run with its counts, retries and error. Every database write is a short transaction
of its own, so a cancellation (``asyncio.CancelledError``) or a crash at any await leaves the
database consistent: a page is stored with its cursor or not at all, a push record left in
``sending`` is read back from Inqom before anything is sent again.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.store import audit
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.leases import Busy, request_run, take_lease
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.sync.pull import Puller
from meg_inqom_desktop.sync.push import push_dossier
from meg_inqom_desktop.sync.runs import (
    Phase,
    Progress,
    ProgressCallback,
    RunCounts,
    RunStatus,
    close_interrupted_runs,
    finish_run,
    ignore_progress,
    progress_recorder,
    start_run,
    summary_text,
)

log = logging.getLogger(__name__)


class Connections(Protocol):
    """The clients of one dossier (built by a :class:`ClientProvider`)."""

    @property
    def meg(self) -> MegClient: ...

    @property
    def inqom(self) -> InqomClient | None:  # None for a local-only dossier
        ...

    def retry_stats(self) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


class ClientProvider(Protocol):
    """Builds authorised clients for a dossier (real services, or the sandbox)."""

    async def connect(self, dossier: DossierRow) -> Connections: ...

    async def network_ok(self) -> bool: ...

    async def aclose(self) -> None: ...


@dataclass
class RunResult:
    """What a dossier's run did; ``summary`` is the French line the tray and CLI show."""

    run_id: int
    dossier_id: int
    dossier_name: str
    status: str
    counts: RunCounts
    error: MegInqomError | None = None
    summary: str = ""
    started_at: datetime | None = None

    @property
    def ok(self) -> bool:
        """Not a failure: done (maybe with items set aside), or skipped because another
        process holds the dossier's lease and syncs it."""
        return self.status in (RunStatus.SUCCESS, RunStatus.PARTIAL, RunStatus.SKIPPED)


@dataclass
class EngineOptions:
    """Tunables of a run (tests and benchmarks shrink or grow them)."""

    page_size: int = 200
    download_concurrency: int = 6
    # Read ahead: pages whose pièces download while earlier pages are stored, and the pièce
    # bytes (as declared by MEG) that may wait in memory for their page's transaction.
    pages_in_flight: int = 16
    bytes_in_flight: int = 64_000_000
    push_batch: int = 50
    push: bool = True


def load_dossier(dossier_id: int) -> DossierRow:
    with convert_db_errors():
        return DossierRow.get_by_id(dossier_id)


async def run_dossier(
    dossier_id: int,
    provider: ClientProvider,
    content_store: ContentStore,
    *,
    trigger: str = "manual",
    slot: datetime | None = None,
    progress: ProgressCallback = ignore_progress,
    options: EngineOptions | None = None,
) -> RunResult:
    """Sync one dossier end to end; never raises for a remote or data problem (the run records
    it), re-raises ``CancelledError`` after recording the run as cancelled."""
    opts = options or EngineOptions()
    dossier = load_dossier(dossier_id)
    name = dossier.name or dossier.siret
    lease = await asyncio.to_thread(take_lease, dossier.id)
    if isinstance(lease, Busy):  # another workstation or the firm's service syncs it now
        summary = f"{name} : {lease.text}"
        if trigger in ("manual", "cli"):  # a person asked: one more pass when its run ends
            request_run(dossier.id)
            summary += ", qui refera un passage dès la fin du sien"
        log.info("dossier %s skipped: %s", dossier.id, lease.text)
        progress(Progress(Phase.DONE, dossier.id, name, message=summary))
        return RunResult(0, dossier.id, name, RunStatus.SKIPPED, RunCounts(), None, summary)
    with lease:
        if lease.held_remotely:
            close_interrupted_runs(dossier.id)  # a dead holder's run; ours from now on
        result = await _run(
            dossier, lease.guard(progress), provider, content_store, trigger, slot, opts
        )
        while (
            result.status != RunStatus.FAILED and lease.requested()
        ):  # asked again meanwhile: one more pass (its own run in the history)
            again = await _run(
                dossier, lease.guard(progress), provider, content_store, trigger, slot, opts
            )
            result = _passes(result, again)
        return result


# what each pass of one call adds up to (``unchanged`` is the last pass's view)
SUMMED = (
    "new",
    "conflicts",
    "rejected",
    "pushed",
    "adopted",
    "push_rejected",
    "documents",
    "bytes",
    "retries",
)


def _passes(first: RunResult, then: RunResult) -> RunResult:
    """What two passes of one call did: their work added up (``unchanged`` and the outcome
    are the last pass's), so a caller's summary keeps what the first pass brought."""
    counts = RunCounts(
        **{key: getattr(first.counts, key) + getattr(then.counts, key) for key in SUMMED},
        unchanged=then.counts.unchanged,
        details={**first.counts.details, **then.counts.details},
    )
    status = first.status if then.status == RunStatus.SUCCESS else then.status
    error = then.error or first.error
    summary = summary_text(then.dossier_name, counts, status, error.message if error else "")
    return replace(then, status=status, counts=counts, error=error, summary=summary)


async def _run(
    dossier: DossierRow,
    progress: ProgressCallback,
    provider: ClientProvider,
    content_store: ContentStore,
    trigger: str,
    slot: datetime | None,
    opts: EngineOptions,
) -> RunResult:
    counts = RunCounts()
    run_id, started = start_run(dossier.id, trigger, slot)
    progress = progress_recorder(run_id, progress)
    name = dossier.name or dossier.siret
    progress(Progress(Phase.START, dossier.id, name))
    conns: Connections | None = None
    status = RunStatus.FAILED
    error: MegInqomError | None = None
    try:
        conns = await provider.connect(dossier)
        await Puller(dossier, conns.meg, content_store, counts, run_id, progress, opts).run()
        if opts.push and not dossier.local_only and conns.inqom is not None:
            await push_dossier(
                dossier, conns.inqom, content_store, counts, run_id, progress, opts.push_batch
            )
        status = RunStatus.PARTIAL if counts.rejected or counts.push_rejected else RunStatus.SUCCESS
    except asyncio.CancelledError:
        status = RunStatus.CANCELLED
        _close(run_id, status, counts, conns, None)
        _audit(dossier, "sync_cancelled", "Synchronisation annulée.", run_id, trigger, status)
        if conns is not None:
            await asyncio.shield(_aclose(conns))
        progress(Progress(Phase.DONE, dossier.id, name, message="Annulé"))
        raise
    except MegInqomError as exc:
        log.warning("sync of dossier %s failed: %s", dossier.id, exc)
        error = exc
    except Exception as exc:  # a bug must not kill the service: record it, keep the loop alive
        log.exception("sync of dossier %s crashed", dossier.id)
        error = MegInqomError("Erreur interne", f"{type(exc).__name__} : {exc}")
    _close(run_id, status, counts, conns, error)
    if conns is not None:
        await _aclose(conns)
    summary = summary_text(name, counts, status, error.message if error else "")
    _audit(dossier, "sync", summary, run_id, trigger, status)
    progress(
        Progress(
            Phase.DONE,
            dossier.id,
            name,
            entries_done=counts.new + counts.unchanged,
            documents=counts.documents,
            bytes=counts.bytes,
            pushed=counts.pushed,
            message=summary,
        )
    )
    return RunResult(run_id, dossier.id, name, status, counts, error, summary, started)


def _audit(
    dossier: DossierRow, action: str, detail: str, run_id: int, trigger: str, status: str
) -> None:
    """The run in the audit trail (who ran or cancelled which sync)."""
    audit.record(
        action,
        detail,
        siret=dossier.siret,
        dossier_name=dossier.name,
        data={"run": run_id, "trigger": trigger, "status": status},
    )


def _close(
    run_id: int,
    status: str,
    counts: RunCounts,
    conns: Connections | None,
    error: MegInqomError | None,
) -> None:
    if conns is not None:
        try:
            stats = conns.retry_stats()
        except Exception:  # pragma: no cover - stats are informative only
            stats = {}
        counts.details["http"] = stats
        counts.retries = sum(
            sum(v.get("retries", {}).values()) for v in stats.values() if isinstance(v, dict)
        )
    finish_run(
        run_id,
        status,
        counts,
        error_title=error.title if error else "",
        error_message=error.message if error else "",
    )


async def _aclose(conns: Connections) -> None:
    try:
        await conns.aclose()
    except Exception:  # pragma: no cover - closing is best effort
        log.debug("closing clients failed", exc_info=True)
