"""Resolving a conflict from "À traiter": keep the stored entry or replace it by the new one.

The ledger write is :func:`meg_inqom_desktop.store.ledger_writes.resolve_conflict`. This module
adds what the accountant must know afterwards: an entry replaced locally that Inqom already
holds (``PushRecord`` ``pushed``, or ``sending``: outcome unknown, maybe held) keeps its old
version in Inqom. Updates are never pushed to Inqom, so the push record is flagged with a
French note in ``error`` and the caller shows a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import DB, utcnow
from meg_inqom_desktop.store.ledger_writes import resolve_conflict as store_resolve_conflict
from meg_inqom_desktop.store.models import Conflict, PushRecord

ACTIONS = ("keep", "replace")

# push statuses whose entry Inqom holds, or may hold (POST sent, answer lost)
HELD_BY_INQOM = ("pushed", "sending")

STALE_NOTE = (
    "Remplacée localement le {day} par la nouvelle version venue de MEG : Inqom garde "
    "l'ancienne version (les mises à jour ne sont pas envoyées)."
)


@dataclass(frozen=True)
class ConflictResolution:
    """What ``resolve`` did; ``inqom_has_old_version``: warn the accountant."""

    conflict_id: int
    entry_id: int
    action: str
    inqom_has_old_version: bool = False
    inqom_entry_id: int | None = None


def resolve(conflict_id: int, action: str) -> ConflictResolution:
    """Keep or replace (``action`` in :data:`ACTIONS`); flags a replaced entry Inqom holds."""
    if action not in ACTIONS:
        raise ValueError(f"unknown conflict action {action!r}")
    with convert_db_errors():
        conflict = Conflict.get_or_none(Conflict.id == conflict_id)
    entry_id = int(conflict.entry_id) if conflict is not None else 0
    store_resolve_conflict(conflict_id, action)  # raises InvalidInput if gone or already done
    if action == "keep":
        return ConflictResolution(conflict_id, entry_id, action)
    with convert_db_errors(), DB.atomic():
        record = PushRecord.get_or_none(PushRecord.entry == entry_id)
        if record is None or not (
            record.status in HELD_BY_INQOM or record.inqom_entry_id is not None
        ):
            return ConflictResolution(conflict_id, entry_id, action)
        note = STALE_NOTE.format(day=utcnow().strftime("%d/%m/%Y"))
        PushRecord.update(error=note).where(PushRecord.id == record.id).execute()
    return ConflictResolution(
        conflict_id,
        entry_id,
        action,
        inqom_has_old_version=True,
        inqom_entry_id=record.inqom_entry_id,
    )
