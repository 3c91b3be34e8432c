"""Run records and progress events of the sync.

``Progress`` is the plain event the engine emits (the GUI and the command line both consume
it); ``RunCounts`` what a run did; the functions here write and read ``SyncRun`` rows (one per
dossier and run, plus rows for skipped slots) and give the French summary of a run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from meg_inqom_desktop.store.audit import who
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import utcnow
from meg_inqom_desktop.store.models import SyncRun


class Phase:
    """Phases of a dossier's run, in order."""

    START = "start"
    RETRY = "retry"  # entries set aside earlier, tried again
    PULL = "pull"
    DOCUMENTS = "documents"
    PUSH = "push"
    ATTACH = "attach"  # pièces of pushed entries sent to Inqom
    DONE = "done"


PHASE_LABELS = {
    Phase.START: "Préparation",
    Phase.RETRY: "Reprise des écritures mises de côté",
    Phase.PULL: "Import MEG",
    Phase.DOCUMENTS: "Pièces",
    Phase.PUSH: "Envoi vers Inqom",
    Phase.ATTACH: "Envoi des pièces vers Inqom",
    Phase.DONE: "Terminé",
}


class RunStatus:
    RUNNING = "running"
    SUCCESS = "success"
    PARTIAL = "partial"  # done, with items set aside
    FAILED = "failed"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


TRIGGERS = ("schedule", "catch_up", "manual", "cli", "setup", "recovery", "resync")


@dataclass(frozen=True)
class Progress:
    """One progress event: where a dossier's run is."""

    phase: str
    dossier_id: int
    dossier_name: str = ""
    entries_done: int = 0
    entries_total: int | None = None  # unknown while paging
    documents: int = 0
    bytes: int = 0
    pushed: int = 0
    message: str = ""

    @property
    def label(self) -> str:
        return PHASE_LABELS.get(self.phase, self.phase)


ProgressCallback = Callable[[Progress], None]


def ignore_progress(_event: Progress) -> None:
    """A progress callback that drops the events."""


@dataclass
class RunCounts:
    """What a run did (stored on ``SyncRun``)."""

    new: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: int = 0
    pushed: int = 0
    documents: int = 0
    bytes: int = 0
    retries: int = 0
    push_rejected: int = 0
    adopted: int = 0  # found already in Inqom and recorded, not posted
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def start_run(
    dossier_id: int | None, trigger: str, slot: datetime | None = None
) -> tuple[int, datetime]:
    """A ``running`` SyncRun row; returns its id and start time."""
    with convert_db_errors():
        row = SyncRun.create(
            dossier=dossier_id, trigger=trigger, slot=slot, status="running", holder=who().label
        )
    return int(row.id), row.started_at


def finish_run(
    run_id: int,
    status: str,
    counts: RunCounts,
    *,
    error_title: str = "",
    error_message: str = "",
) -> None:
    """Close a run with its status, counts and error (if any)."""
    with convert_db_errors():
        SyncRun.update(
            finished_at=utcnow(),
            status=status,
            new=counts.new,
            unchanged=counts.unchanged,
            conflicts=counts.conflicts,
            rejected=counts.rejected + counts.push_rejected,
            pushed=counts.pushed,
            documents=counts.documents,
            bytes=counts.bytes,
            retries=counts.retries,
            error_title=error_title[:255],
            error_message=error_message,
            details=json.dumps(
                {**counts.details, **({"adopted": counts.adopted} if counts.adopted else {})},
                ensure_ascii=False,
                default=str,
            ),
            progress="",
        ).where(SyncRun.id == run_id).execute()


PROGRESS_EVERY = 2.0  # seconds between two progress writes of a run


def progress_recorder(
    run_id: int, progress: ProgressCallback, clock: Callable[[], float] = time.monotonic
) -> ProgressCallback:
    """``progress`` that also keeps the run's latest event in its row (at most every
    :data:`PROGRESS_EVERY` seconds, and at each change of phase), so the other workstations
    of a firm database follow it live (:func:`live_runs`)."""
    last_at = float("-inf")
    last_phase = ""

    def recorded(event: Progress) -> None:
        nonlocal last_at, last_phase
        now = clock()
        due = now - last_at >= PROGRESS_EVERY or event.phase != last_phase
        if due and event.phase != Phase.DONE:
            last_at, last_phase = now, event.phase
            with convert_db_errors():
                SyncRun.update(progress=json.dumps(asdict(event), ensure_ascii=False)).where(
                    (SyncRun.id == run_id) & (SyncRun.status == RunStatus.RUNNING)
                ).execute()
        progress(event)

    return recorded


@dataclass(frozen=True)
class LiveRun:
    """A run in progress, maybe in another process or on another workstation."""

    run_id: int
    dossier_id: int | None
    holder: str
    started_at: datetime
    trigger: str
    progress: Progress | None


def live_runs() -> list[LiveRun]:
    """The runs in progress, oldest first, with their latest recorded progress."""
    with convert_db_errors():
        rows = list(
            SyncRun.select()
            .where(SyncRun.status == RunStatus.RUNNING)
            .order_by(SyncRun.started_at, SyncRun.id)
        )
    out = []
    for row in rows:
        event = None
        if row.progress:
            try:
                event = Progress(**json.loads(row.progress))
            except (TypeError, ValueError):
                event = None
        out.append(LiveRun(row.id, row.dossier_id, row.holder, row.started_at, row.trigger, event))
    return out


def record_skipped(
    dossier_id: int | None, trigger: str, slot: datetime | None, reason: str, message: str
) -> int:
    """A ``skipped`` SyncRun row with its reason (paused, no network, already running)."""
    now = utcnow()
    with convert_db_errors():
        row = SyncRun.create(
            dossier=dossier_id,
            trigger=trigger,
            slot=slot,
            started_at=now,
            finished_at=now,
            status=RunStatus.SKIPPED,
            error_title="Synchronisation ignorée",
            error_message=message,
            details=json.dumps({"skipped": reason}),
        )
    return int(row.id)


def close_interrupted_runs(dossier_id: int | None = None) -> int:
    """Runs left ``running`` by a process that died, marked failed: every one (a workstation's
    own ledger, at start-up, with its data folder locked), or the dossier's (a firm database,
    by the process that has just taken the dossier's lease)."""
    where = SyncRun.status == RunStatus.RUNNING
    if dossier_id is not None:
        where &= SyncRun.dossier == dossier_id
    with convert_db_errors():
        return int(
            SyncRun.update(
                status=RunStatus.FAILED,
                finished_at=utcnow(),
                error_title="Synchronisation interrompue",
                error_message="L'application s'est arrêtée pendant la synchronisation ; "
                "elle reprendra là où elle s'était arrêtée.",
            )
            .where(where)
            .execute()
        )


def last_success(dossier_id: int) -> datetime | None:
    """Start of the latest run of the dossier that completed (success or partial)."""
    with convert_db_errors():
        row = (
            SyncRun.select(SyncRun.started_at)
            .where(
                (SyncRun.dossier == dossier_id)
                & (SyncRun.status.in_((RunStatus.SUCCESS, RunStatus.PARTIAL)))
            )
            .order_by(SyncRun.started_at.desc())
            .first()
        )
    return None if row is None else row.started_at


@dataclass(frozen=True)
class RunInfo:
    """A run of the history, as the GUI and ``meg-inqom runs`` show it."""

    id: int
    dossier_id: int | None
    dossier_name: str
    trigger: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    new: int
    unchanged: int
    conflicts: int
    rejected: int
    pushed: int
    documents: int
    bytes: int
    retries: int
    error_title: str
    error_message: str
    details: dict[str, Any]
    holder: str = ""  # « POSTE-3 / jdupont »: who ran it (a firm database has several)

    @property
    def adopted(self) -> int:
        """Entries found already in Inqom and recorded, not posted (apart from ``pushed``)."""
        return int(self.details.get("adopted", 0) or 0)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"adopted": self.adopted}


def list_runs(dossier_id: int | None = None, limit: int = 50) -> list[RunInfo]:
    """The latest runs first (optionally for one dossier)."""
    from meg_inqom_desktop.store.models import DossierRow

    query = SyncRun.select().order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(limit)
    if dossier_id is not None:
        query = query.where(SyncRun.dossier == dossier_id)
    out: list[RunInfo] = []
    with convert_db_errors():
        names = {
            d.id: d.name or d.siret
            for d in DossierRow.select(DossierRow.id, DossierRow.name, DossierRow.siret)
        }
        for run in query:
            try:
                details = json.loads(run.details) if run.details else {}
            except ValueError:
                details = {}
            out.append(
                RunInfo(
                    id=run.id,
                    dossier_id=run.dossier_id,
                    dossier_name=names.get(run.dossier_id, "") if run.dossier_id else "",
                    trigger=run.trigger,
                    started_at=run.started_at,
                    finished_at=run.finished_at,
                    status=run.status,
                    new=run.new,
                    unchanged=run.unchanged,
                    conflicts=run.conflicts,
                    rejected=run.rejected,
                    pushed=run.pushed,
                    documents=run.documents,
                    bytes=run.bytes,
                    retries=run.retries,
                    error_title=run.error_title,
                    error_message=run.error_message,
                    details=details,
                    holder=run.holder,
                )
            )
    return out


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def summary_text(dossier_name: str, counts: RunCounts, status: str, error: str = "") -> str:
    """The French one-liner of a run, e.g. ``MEG : 12 écritures et 9 pièces importées pour X``."""
    if status == RunStatus.FAILED:
        return f"Échec de la synchronisation de {dossier_name} : {error}".rstrip(" :")
    if status == RunStatus.CANCELLED:
        return f"Synchronisation de {dossier_name} annulée."
    attached = int(counts.details.get("documents_attached", 0))
    if counts.new == 0 and counts.documents == 0 and (counts.pushed or attached):
        text = (
            f"Inqom : {_plural(counts.pushed, 'écriture', 'écritures')} et "
            f"{_plural(attached, 'pièce', 'pièces')} "
            f"{'envoyée' if counts.pushed + attached <= 1 else 'envoyées'} "
            f"pour {dossier_name} (rien de nouveau dans MEG)"
        )
        counts_pushed_said = True
    elif counts.new == 0 and counts.documents == 0:
        text = f"MEG : rien de nouveau pour {dossier_name}"
        counts_pushed_said = False
    else:
        counts_pushed_said = False
        text = (
            f"MEG : {_plural(counts.new, 'écriture', 'écritures')} et "
            f"{_plural(counts.documents, 'pièce', 'pièces')} "
            f"{'importée' if counts.new + counts.documents <= 1 else 'importées'} "
            f"pour {dossier_name}"
        )
    extras: list[str] = []
    if counts.new == 0 and counts.unchanged and not counts_pushed_said:  # read again: a resync
        extras.append(
            f"{_plural(counts.unchanged, 'écriture relue', 'écritures relues')}, "
            f"{'déjà' if counts.unchanged <= 1 else 'toutes déjà'} dans le registre local"
        )
    if counts.adopted:
        present = "déjà présente" if counts.adopted <= 1 else "déjà présentes"
        if counts_pushed_said:
            extras.append(f"{counts.adopted} {present} dans Inqom")
        else:
            sent = _plural(counts.pushed, "écriture envoyée", "écritures envoyées")
            extras.append(f"{sent}, {counts.adopted} {present} dans Inqom")
    elif counts.pushed and not counts_pushed_said:
        extras.append(f"{_plural(counts.pushed, 'écriture envoyée', 'écritures envoyées')} à Inqom")
    if attached and not counts_pushed_said:
        extras.append(f"{_plural(attached, 'pièce jointe', 'pièces jointes')} dans Inqom")
    if counts.conflicts:
        extras.append(_plural(counts.conflicts, "conflit", "conflits"))
    left = counts.details.get("inqom_left_to_other_writer", 0)
    if left:
        extras.append(
            f"{left} laissées à un autre poste qui envoie le même mois au même moment "
            "(reprises à la prochaine synchronisation)"
        )
    rejected = counts.rejected + counts.push_rejected
    if rejected:
        extras.append(_plural(rejected, "élément mis de côté", "éléments mis de côté"))
    if extras:
        text += " (" + ", ".join(extras) + ")"
    text += "."
    if counts.details.get("first_look") and counts.adopted > max(counts.pushed, 0):
        text += (
            " La plupart étaient déjà dans Inqom sans trace sur ce poste : normal après une "
            "remise à zéro ou une réinstallation ; sinon, un autre poste ou le connecteur MEG "
            "d'Inqom synchronise aussi ce dossier (un seul doit envoyer)."
        )
    return text


def utcnow_for_scheduler() -> datetime:
    """Now, for a service without dossiers (nothing to catch up)."""
    return utcnow()
