"""What waits for the accountant in « À traiter »: items set aside, conflicts, invoices that
disagree with their entry, and entries whose Inqom side needs a decision (kind ``inqom``, with
the actions they offer)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from meg_inqom_desktop.domain.inqom_review import ACTIONS
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.models import Conflict, DossierRow, EntryRow, Rejection

LIMIT = 5000  # per kind: more is not a list anyone reads, the counts say the rest


@dataclass(frozen=True)
class TodoItem:
    """An open rejection (``kind`` "rejection") or a pending conflict ("conflict").

    An electronic invoice that disagrees with its entry is a rejection of ``rejection_kind``
    "invoice" (the entry is stored all the same): ``invoice`` and ``entry`` hold the two
    figures of each finding, one per line, to show side by side. An entry whose Inqom side
    needs a decision is of ``kind`` "inqom", with its reason ``code`` and the ``actions`` it
    offers (:mod:`meg_inqom_desktop.domain.inqom_review`).
    """

    kind: str
    id: int
    dossier: str
    what: str
    reason: str
    seen: datetime | None
    attempts: int
    rejection_kind: str = ""  # entry, document, fec_line, push, invoice, inqom
    invoice: str = ""
    entry: str = ""
    code: str = ""
    actions: tuple[str, ...] = ()


def _figures(raw_payload: str) -> tuple[str, str]:
    """The invoice's and the entry's figures of an invoice item, one finding per line."""
    try:
        found = json.loads(raw_payload)
        pairs = [(str(f.get("invoice", "")), str(f.get("entry", ""))) for f in found]
    except (ValueError, TypeError, AttributeError):
        return "", ""
    pairs = [p for p in pairs if any(p)]
    return "\n".join(p[0] or "—" for p in pairs), "\n".join(p[1] or "—" for p in pairs)


def todo_items(dossier_id: int | None = None) -> list[TodoItem]:
    """Open rejections and conflicts, newest first."""
    items: list[TodoItem] = []
    with convert_db_errors():
        rq = (
            Rejection.select(Rejection, DossierRow)
            .join(DossierRow)
            .where(Rejection.resolved_at.is_null())
        )
        if dossier_id is not None:
            rq = rq.where(Rejection.dossier == dossier_id)
        for r in rq.order_by(Rejection.last_seen_at.desc()).limit(LIMIT):
            invoice = r.kind == "invoice"
            inqom = r.kind == "inqom"
            figures = _figures(r.raw_payload) if invoice else ("", "")
            items.append(
                TodoItem(
                    "inqom" if inqom else "rejection",
                    r.id,
                    (r.dossier.name or r.dossier.siret) if r.dossier else "",
                    f"{'Inqom' if inqom else r.kind} {r.source_id}".strip(),
                    r.message,
                    r.last_seen_at,
                    r.attempts,
                    r.kind,
                    *figures,
                    code=r.reason_code if inqom else "",
                    actions=ACTIONS.get(r.reason_code, ()) if inqom else (),
                )
            )
        cq = (
            Conflict.select(Conflict, EntryRow, DossierRow)
            .join(EntryRow)
            .switch(Conflict)
            .join(DossierRow)
            .where(Conflict.resolved_at.is_null())
        )
        if dossier_id is not None:
            cq = cq.where(Conflict.dossier == dossier_id)
        for c in cq.order_by(Conflict.detected_at.desc()).limit(LIMIT):
            items.append(
                TodoItem(
                    "conflict",
                    c.id,
                    c.dossier.name or c.dossier.siret,
                    f"{c.entry.journal_code} {c.entry.piece_ref}",
                    "L'écriture a changé dans MEG depuis son import.",
                    c.detected_at,
                    1,
                )
            )
    return items
