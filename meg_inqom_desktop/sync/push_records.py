"""Push records: the local memory of what was sent to Inqom, and its state changes.

``PushRecord.status``: ``pending`` → ``sending`` (committed before the POST) → ``pushed``
(Inqom's entry id kept) → ``attaching`` while a pièce is being uploaded → ``pushed`` again;
``rejected`` when Inqom cannot take the entry (a ``Rejection`` says why). Every change here is
its own short transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from meg_inqom_desktop.domain.entry import Document as DomainDocument
from meg_inqom_desktop.domain.entry import Entry as DomainEntry
from meg_inqom_desktop.domain.entry import EntryLine as DomainLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.money import from_cents
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, utcnow, write_transaction
from meg_inqom_desktop.store.ledger_writes import (
    RejectionItem,
    record_rejections,
    resolve_rejections,
)
from meg_inqom_desktop.store.models import DocumentRow, EntryLineRow, EntryRow, PushRecord

PENDING, SENDING, PUSHED = "pending", "sending", "pushed"
ATTACHING, REJECTED = "attaching", "rejected"


@dataclass
class PushItem:
    """One entry to push: its record, its domain entry and its pièces."""

    record_id: int
    entry_id: int
    entry: DomainEntry
    documents: list[DocumentRow] = field(default_factory=list)


def account_key(line: DomainLine) -> str:
    """Our key for a line's account: the auxiliary account under its root (401FACME), or the
    general account."""
    if line.aux_account:
        return f"{line.account[:3]}{line.aux_account}"
    return line.account


def ensure_records(dossier_id: int) -> int:
    """A ``pending`` record for every MEG entry of the dossier that has none; returns how many."""
    with convert_db_errors(), write_transaction():
        cur = execute(
            'INSERT INTO "push_record" (entry_id, dossier_id, status, documents_attached,'
            " attempts, error) SELECT e.id, e.dossier_id, 'pending', 0, 0, '' FROM \"entry\" e"
            ' LEFT JOIN "push_record" p ON p.entry_id = e.id'
            " WHERE e.dossier_id = ? AND e.provenance = ? AND p.id IS NULL",
            (dossier_id, MEG.code),
        )
    return int(cur.rowcount or 0)


def load_items(record_ids: Sequence[int]) -> list[PushItem]:
    """Records → entries with lines and documents, in entry order."""
    if not record_ids:
        return []
    with convert_db_errors():
        records = list(PushRecord.select().where(PushRecord.id.in_(list(record_ids))))
        entry_ids = [r.entry_id for r in records]
        entries = {e.id: e for e in EntryRow.select().where(EntryRow.id.in_(entry_ids))}
        lines: dict[int, list[EntryLineRow]] = {}
        for ln in (
            EntryLineRow.select()
            .where(EntryLineRow.entry.in_(entry_ids))
            .order_by(EntryLineRow.line_no)
        ):
            lines.setdefault(ln.entry_id, []).append(ln)
        docs: dict[int, list[DocumentRow]] = {}
        for d in (
            DocumentRow.select().where(DocumentRow.entry.in_(entry_ids)).order_by(DocumentRow.id)
        ):
            docs.setdefault(d.entry_id, []).append(d)
    items = []
    for rec in sorted(records, key=lambda r: r.entry_id):
        row = entries[rec.entry_id]
        entry = DomainEntry(
            source_id=row.source_id,
            journal=Journal(row.journal_code, row.journal_label),
            date=row.date,
            piece_ref=row.piece_ref,
            label=row.label,
            lines=tuple(
                DomainLine(
                    account=ln.account,
                    label=ln.label,
                    debit=from_cents(ln.debit_cents),
                    credit=from_cents(ln.credit_cents),
                    account_label=ln.account_label,
                    aux_account=ln.aux_account,
                    aux_label=ln.aux_label,
                    source_id=ln.source_id,
                )
                for ln in lines.get(row.id, [])
            ),
            provenance=MEG,
            piece_date=row.piece_date,
            documents=tuple(
                DomainDocument(d.source_id, d.filename, d.media_type, d.size, d.sha256)
                for d in docs.get(row.id, [])
            ),
        )
        items.append(PushItem(rec.id, row.id, entry, docs.get(row.id, [])))
    return items


def set_status(record_ids: Sequence[int], status: str, **extra: Any) -> None:
    if not record_ids:
        return
    with convert_db_errors(), write_transaction():
        query = PushRecord.update(status=status, **extra).where(PushRecord.id.in_(list(record_ids)))
        query.execute()


def mark_sending(items: Sequence[PushItem]) -> None:
    with convert_db_errors(), write_transaction():
        PushRecord.update(
            status=SENDING, attempts=PushRecord.attempts + 1, sent_at=utcnow(), error=""
        ).where(PushRecord.id.in_([i.record_id for i in items])).execute()


def mark_pushed(pairs: Sequence[tuple[PushItem, int]]) -> None:
    """Record Inqom's entry ids and resolve the items' push rejections, in one transaction."""
    now = utcnow()
    with convert_db_errors(), write_transaction():
        for item, inqom_id in pairs:
            PushRecord.update(
                status=PUSHED, inqom_entry_id=inqom_id, confirmed_at=now, error=""
            ).where(PushRecord.id == item.record_id).execute()
        if pairs:
            dossier_id = PushRecord.get_by_id(pairs[0][0].record_id).dossier_id
            resolve_rejections(
                dossier_id,
                provenance=MEG,
                kind="push",
                source_ids=[i.entry.source_id for i, _ in pairs],
            )


def reject(
    dossier_id: int, items: Sequence[PushItem], code: str, message: str, run_id: int
) -> None:
    if not items:
        return
    with convert_db_errors(), write_transaction():
        PushRecord.update(status=REJECTED, error=message[:2000]).where(
            PushRecord.id.in_([i.record_id for i in items])
        ).execute()
        record_rejections(
            dossier_id,
            [RejectionItem("push", i.entry.source_id, code, message) for i in items],
            provenance=MEG,
            run_id=run_id,
        )


def unsettled_dossiers() -> tuple[int, ...]:
    """Dossiers with a push left ``sending`` or ``attaching`` (a crash or a lost answer):
    their next run reads Inqom back before anything is sent again."""
    with convert_db_errors():
        rows = (
            PushRecord.select(PushRecord.dossier)
            .where(PushRecord.status.in_((SENDING, ATTACHING)))
            .distinct()
        )
        return tuple(sorted(int(r.dossier_id) for r in rows))
