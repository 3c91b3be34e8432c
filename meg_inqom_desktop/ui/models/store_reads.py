"""Small store reads the GUI needs beside the ledger pages (no Qt): dossier status lines,
items to handle, sync runs, entries per month and journal, an entry's pièces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from meg_inqom_desktop.store.models import (
    Conflict,
    DocumentRow,
    DossierRow,
    EntryRow,
    Rejection,
    SyncRun,
)


@dataclass(frozen=True)
class DossierStatus:
    id: int
    siret: str
    name: str
    local_only: bool
    active: bool
    last_sync: datetime | None
    last_status: str
    last_new: int
    open_rejections: int


def dossier_statuses() -> list[DossierStatus]:
    """Every dossier with its last run and its count of open rejections."""
    out: list[DossierStatus] = []
    for d in DossierRow.select().order_by(DossierRow.name, DossierRow.siret):
        run = (
            SyncRun.select()
            .where((SyncRun.dossier == d.id) & (SyncRun.status != "skipped"))
            .order_by(SyncRun.started_at.desc())
            .first()
        )
        open_rej = (
            Rejection.select()
            .where((Rejection.dossier == d.id) & Rejection.resolved_at.is_null())
            .count()
        )
        out.append(
            DossierStatus(
                id=d.id,
                siret=d.siret,
                name=d.name or d.siret,
                local_only=d.local_only,
                active=d.active,
                last_sync=run.finished_at or run.started_at if run else None,
                last_status=run.status if run else "",
                last_new=run.new if run else 0,
                open_rejections=open_rej,
            )
        )
    return out


def dossier_count() -> int:
    return DossierRow.select().count()


@dataclass(frozen=True)
class TodoItem:
    kind: str  # "rejection" or "conflict"
    id: int
    dossier: str
    what: str
    reason: str
    seen: datetime | None
    attempts: int


def todo_items(dossier_id: int | None = None) -> list[TodoItem]:
    """Open rejections and conflicts, newest first."""
    items: list[TodoItem] = []
    rq = (
        Rejection.select(Rejection, DossierRow)
        .join(DossierRow)
        .where(Rejection.resolved_at.is_null())
    )
    if dossier_id is not None:
        rq = rq.where(Rejection.dossier == dossier_id)
    for r in rq.order_by(Rejection.last_seen_at.desc()).limit(5000):
        items.append(
            TodoItem(
                "rejection",
                r.id,
                r.dossier.name,
                f"{r.kind} {r.source_id}".strip(),
                r.message,
                r.last_seen_at,
                r.attempts,
            )
        )
    cq = Conflict.select(Conflict, EntryRow).join(EntryRow).where(Conflict.resolved_at.is_null())
    if dossier_id is not None:
        cq = cq.where(Conflict.dossier == dossier_id)
    for c in cq.order_by(Conflict.detected_at.desc()).limit(5000):
        items.append(
            TodoItem(
                "conflict",
                c.id,
                c.dossier.name,
                f"{c.entry.journal_code} {c.entry.piece_ref}",
                "L'écriture a changé dans MEG depuis son import.",
                c.detected_at,
                1,
            )
        )
    return items


def sync_runs(dossier_id: int | None = None, limit: int = 500) -> list[SyncRun]:
    q = SyncRun.select().order_by(SyncRun.started_at.desc()).limit(limit)
    if dossier_id is not None:
        q = q.where(SyncRun.dossier == dossier_id)
    return list(q)


def entries_per_month(dossier_id: int | None) -> dict[str, dict[str, int]]:
    """``{"2026-01": {"VT": 12, ...}, ...}`` over the dossier's entries."""
    sql = "SELECT substr(date, 1, 7), journal_code, COUNT(*) FROM entry"
    params: list[object] = []
    if dossier_id is not None:
        sql += " WHERE dossier_id = ?"
        params.append(dossier_id)
    sql += " GROUP BY 1, 2 ORDER BY 1, 2"
    out: dict[str, dict[str, int]] = {}
    for month, journal, count in EntryRow._meta.database.execute_sql(sql, params).fetchall():
        out.setdefault(month, {})[journal] = int(count)
    return out


def entry_documents(entry_id: int) -> list[DocumentRow]:
    return list(DocumentRow.select().where(DocumentRow.entry == entry_id).order_by(DocumentRow.id))
