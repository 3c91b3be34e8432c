"""A person's decision on an « À traiter » item about Inqom's side (no Qt, no network).

The decision is recorded at once; what needs Inqom (post, send MEG's version again) is done
by the next sync of the dossier (``needs_sync``: the window starts it). Actions per reason
code (:mod:`meg_inqom_desktop.domain.inqom_review`):

* ``adopt``: the entry is Inqom's first candidate (recorded as pushed, not posted);
* ``post`` / ``repost``: post MEG's entry as a new Inqom entry, without looking again;
* ``ignore``: leave it out of Inqom (never posted by this ledger);
* ``keep_inqom``: Inqom's edited version stands (and is not reported again);
* ``resend_meg``: send MEG's version over Inqom's entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from meg_inqom_desktop.domain.inqom_review import ACTIONS
from meg_inqom_desktop.errors import InvalidInput
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import utcnow, write_transaction
from meg_inqom_desktop.store.models import DocumentRow, EntryRow, PushRecord, Rejection
from meg_inqom_desktop.sync.push_records import (
    ATTACHING,
    FORCE,
    IGNORED,
    INQOM_KIND,
    PUSHED,
    UPDATE,
)


@dataclass(frozen=True)
class InqomDecision:
    """What :func:`decide` recorded; ``needs_sync``: Inqom must be written (next sync)."""

    item_id: int
    action: str
    needs_sync: bool
    message: str


MESSAGES = {
    "adopt": "Écriture reliée à l'écriture Inqom n° {id} : elle ne sera pas envoyée.",
    "post": "L'écriture MEG sera envoyée à Inqom à la synchronisation.",
    "repost": "L'écriture sera envoyée de nouveau à Inqom à la synchronisation.",
    "ignore": "L'écriture reste hors d'Inqom ; elle ne sera plus proposée.",
    "keep_inqom": "La version d'Inqom est gardée ; elle ne sera plus signalée.",
    "resend_meg": "La version de MEG sera remise dans Inqom à la synchronisation.",
}


def _refuse(message: str) -> InvalidInput:
    return InvalidInput("Décision impossible", message)


def decide(item_id: int, action: str) -> InqomDecision:
    """Record ``action`` on the open item ``item_id``; :class:`InvalidInput` (French) when
    the item is gone, already handled, or does not offer that action."""
    with convert_db_errors(), write_transaction():
        item = Rejection.get_or_none(Rejection.id == item_id)
        if item is None or item.kind != INQOM_KIND or item.resolved_at is not None:
            raise _refuse("Cet élément a déjà été traité : actualisez la liste.")
        if action not in ACTIONS.get(item.reason_code, ()):
            raise _refuse(f"« {action} » ne s'applique pas à cet élément.")
        entry = EntryRow.get_or_none(
            (EntryRow.dossier == item.dossier_id) & (EntryRow.source_id == item.source_id)
        )
        record = None if entry is None else PushRecord.get_or_none(PushRecord.entry == entry.id)
        if record is None:
            raise _refuse("L'écriture n'est plus dans le grand livre local.")
        data = json.loads(item.raw_payload) if item.raw_payload else {}
        text = MESSAGES[action]
        values: dict[str, object] = {}
        if action == "adopt":
            first = (data.get("candidates") or [{}])[0]
            if not first.get("id"):
                raise _refuse("Aucune écriture Inqom à adopter.")
            pieces = DocumentRow.select().where(DocumentRow.entry == entry).count()
            values = {
                "status": PUSHED if first.get("document") or not pieces else ATTACHING,
                "inqom_entry_id": int(first["id"]),
                "documents_attached": pieces if first.get("document") else 0,
                "confirmed_at": utcnow(),
                "error": "",
            }
            text = text.format(id=first["id"])
        elif action in ("post", "repost"):
            values = {"status": FORCE, "inqom_entry_id": None, "documents_attached": 0}
        elif action == "ignore":
            values = {"status": IGNORED}
        elif action == "resend_meg":
            values = {"status": UPDATE}
        if values:
            PushRecord.update(**values).where(PushRecord.id == record.id).execute()
        decided = {**data, "decision": action}
        if action == "keep_inqom":
            decided["kept"] = data.get("now")
        Rejection.update(
            resolved_at=utcnow(), raw_payload=json.dumps(decided, ensure_ascii=False)
        ).where(Rejection.id == item.id).execute()
    needs_sync = action in ("post", "repost", "resend_meg") or values.get("status") == ATTACHING
    return InqomDecision(item_id, action, needs_sync, text)
