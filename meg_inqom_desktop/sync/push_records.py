"""Push records: the local memory of what was sent to Inqom, and its state changes.

``PushRecord.status``: ``pending`` → ``sending`` (committed before the POST) → ``pushed``
(Inqom's entry id kept) → ``attaching`` while a pièce is being uploaded, or when Inqom may
already hold one (look first) → ``pushed`` again; ``rejected`` when Inqom cannot take the entry
(a ``Rejection`` of kind ``push`` says why).

An entry found already in Inqom is **adopted**: ``pushed`` with Inqom's id and ``attempts``
0 (never sent from here). What a person must decide waits in « À traiter » as a ``Rejection``
of kind ``inqom`` (:data:`INQOM_KIND`): ``held`` (Inqom has a near match, or several
candidates), ``deleted`` (deleted in Inqom after the post). A decision makes the record
``force`` (post without looking again), ``update`` (send MEG's version over Inqom's entry),
``ignored`` (never posted) or ``pushed``. Every change here is its own short transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from peewee import fn

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
from meg_inqom_desktop.store.models import (
    DocumentRow,
    EntryLineRow,
    EntryRow,
    PushRecord,
    Rejection,
)

PENDING, SENDING, PUSHED = "pending", "sending", "pushed"
ATTACHING, REJECTED = "attaching", "rejected"
HELD, DELETED, IGNORED = "held", "deleted", "ignored"
FORCE, UPDATE = "force", "update"
TO_POST = (PENDING, REJECTED, FORCE)  # the push posts these (``force`` without looking)
UNLOOKED = (PENDING, REJECTED)  # a period with only these has not been looked at in Inqom
INQOM_KIND = "inqom"  # Rejection.kind of what Inqom's side asks a person to decide


@dataclass
class PushItem:
    """One entry to push: its record, its domain entry and its pièces."""

    record_id: int
    entry_id: int
    entry: DomainEntry
    documents: list[DocumentRow] = field(default_factory=list)
    status: str = PENDING
    inqom_entry_id: int | None = None


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
    """Records → entries with lines and documents, in entry order (rows read as tuples: a
    first push or a relink loads tens of thousands)."""
    if not record_ids:
        return []
    with convert_db_errors():
        records: list[Any] = list(
            PushRecord.select(
                PushRecord.id, PushRecord.entry, PushRecord.status, PushRecord.inqom_entry_id
            )
            .where(PushRecord.id.in_(list(record_ids)))
            .tuples()
        )
        entry_ids = [r[1] for r in records]
        entry_rows: Any = (
            EntryRow.select(
                EntryRow.id,
                EntryRow.source_id,
                EntryRow.journal_code,
                EntryRow.journal_label,
                EntryRow.date,
                EntryRow.piece_ref,
                EntryRow.label,
                EntryRow.piece_date,
            )
            .where(EntryRow.id.in_(entry_ids))
            .tuples()
        )
        entries: dict[int, Any] = {e[0]: e for e in entry_rows}
        lines: dict[int, list[DomainLine]] = {}
        query: Any = (
            EntryLineRow.select(
                EntryLineRow.entry,
                EntryLineRow.account,
                EntryLineRow.label,
                EntryLineRow.debit_cents,
                EntryLineRow.credit_cents,
                EntryLineRow.account_label,
                EntryLineRow.aux_account,
                EntryLineRow.aux_label,
                EntryLineRow.source_id,
            )
            .where(EntryLineRow.entry.in_(entry_ids))
            .order_by(EntryLineRow.entry, EntryLineRow.line_no)
            .tuples()
        )
        for entry_id, account, label, debit, credit, acc_label, aux, aux_label, src in query:
            lines.setdefault(entry_id, []).append(
                DomainLine(
                    account=account,
                    label=label,
                    debit=from_cents(debit),
                    credit=from_cents(credit),
                    account_label=acc_label,
                    aux_account=aux,
                    aux_label=aux_label,
                    source_id=src,
                )
            )
        docs: dict[int, list[DocumentRow]] = {}
        for d in (
            DocumentRow.select().where(DocumentRow.entry.in_(entry_ids)).order_by(DocumentRow.id)
        ):
            docs.setdefault(d.entry_id, []).append(d)
    journals: dict[tuple[str, str], Journal] = {}
    items = []
    for record_id, entry_id, status, inqom_id in sorted(records, key=lambda r: r[1]):
        _id, source_id, code, journal_label, day, piece_ref, label, piece_date = entries[entry_id]
        journal = journals.get((code, journal_label))
        if journal is None:
            journal = journals[(code, journal_label)] = Journal(code, journal_label)
        entry = DomainEntry(
            source_id=source_id,
            journal=journal,
            date=day,
            piece_ref=piece_ref,
            label=label,
            lines=tuple(lines.get(entry_id, ())),
            provenance=MEG,
            piece_date=piece_date,
            documents=tuple(
                DomainDocument(d.source_id, d.filename, d.media_type, d.size, d.sha256)
                for d in docs.get(entry_id, [])
            ),
        )
        items.append(
            PushItem(
                record_id,
                entry_id,
                entry,
                docs.get(entry_id, []),
                status,
                None if inqom_id is None else int(inqom_id),
            )
        )
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


def mark_pushed(
    pairs: Sequence[tuple[PushItem, int]], documents: Sequence[tuple[str, int]] = ()
) -> None:
    """Record Inqom's entry ids and resolve the items' push rejections, in one transaction.

    ``documents`` (adopted entries): per pair, the status and the pièces counted as attached
    (``attaching`` with 0: Inqom may hold one, look before uploading)."""
    now = utcnow()
    with convert_db_errors(), write_transaction():
        for n, (item, inqom_id) in enumerate(pairs):
            values: dict[str, Any] = {
                "status": PUSHED,
                "inqom_entry_id": inqom_id,
                "confirmed_at": now,
                "error": "",
            }
            if documents:
                values["status"], values["documents_attached"] = documents[n]
            PushRecord.update(**values).where(PushRecord.id == item.record_id).execute()
        if pairs:
            dossier_id = PushRecord.get_by_id(pairs[0][0].record_id).dossier_id
            resolve_rejections(
                dossier_id,
                provenance=MEG,
                kind="push",
                source_ids=[i.entry.source_id for i, _ in pairs],
            )


def reject(
    dossier_id: int, items: Sequence[PushItem], code: str, message: str, run_id: int | None
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


def set_aside(
    dossier_id: int,
    flagged: Sequence[tuple[int | None, str, RejectionItem]],
    run_id: int | None,
) -> None:
    """Items for a person in « À traiter » (kind :data:`INQOM_KIND`), each with the record
    status it leaves (``None``: unchanged), in one transaction."""
    if not flagged:
        return
    with convert_db_errors(), write_transaction():
        for record_id, status, _item in flagged:
            if record_id is not None and status:
                PushRecord.update(status=status).where(PushRecord.id == record_id).execute()
        record_rejections(
            dossier_id, [item for _r, _s, item in flagged], provenance=MEG, run_id=run_id
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


def month_of(day: date) -> tuple[int, int]:
    return (day.year, day.month)


def taken_inqom_ids(dossier_id: int) -> dict[int, int]:
    """Inqom entry id → push record id, for every Inqom entry this ledger knows as its own."""
    with convert_db_errors():
        return {
            int(r.inqom_entry_id or 0): int(r.id)
            for r in PushRecord.select(PushRecord.id, PushRecord.inqom_entry_id).where(
                (PushRecord.dossier == dossier_id) & PushRecord.inqom_entry_id.is_null(False)
            )
        }


def months_to_look(dossier_id: int, *, every_month: bool) -> set[tuple[int, int]]:
    """Months holding entries to post that this ledger has never looked at in Inqom: no
    record of the month is past ``pending``/``rejected`` (``every_month``: all of them)."""
    waiting: set[tuple[int, int]] = set()
    known: set[tuple[int, int]] = set()
    with convert_db_errors():
        rows: Any = (
            PushRecord.select(PushRecord.status, PushRecord.inqom_entry_id, EntryRow.date)
            .join(EntryRow, on=(PushRecord.entry == EntryRow.id))
            .where(PushRecord.dossier == dossier_id)
            .tuples()
        )
        for status, inqom_id, day in rows:
            if status in UNLOOKED and inqom_id is None:
                waiting.add(month_of(day))
            else:
                known.add(month_of(day))
    return waiting if every_month else waiting - known


def records_span(dossier_id: int) -> tuple[date, date] | None:
    """First and last entry dates among the dossier's push records (None: no record)."""
    with convert_db_errors():
        row = (
            PushRecord.select(fn.MIN(EntryRow.date), fn.MAX(EntryRow.date))
            .join(EntryRow, on=(PushRecord.entry == EntryRow.id))
            .where(PushRecord.dossier == dossier_id)
            .tuples()
            .first()
        )
    if row is None or row[0] is None:
        return None
    return row[0], row[1]


def records_on(dossier_id: int, days: Sequence[date], statuses: Sequence[str]) -> list[int]:
    """Ids of the dossier's records in ``statuses`` whose entry is dated one of ``days``."""
    if not days:
        return []
    with convert_db_errors():
        return [
            int(r.id)
            for r in PushRecord.select(PushRecord.id)
            .join(EntryRow, on=(PushRecord.entry == EntryRow.id))
            .where(
                (PushRecord.dossier == dossier_id)
                & PushRecord.status.in_(list(statuses))
                & EntryRow.date.in_(sorted(set(days)))
            )
        ]


def inqom_items(
    dossier_id: int, code: str, *, open_only: bool = True, source_ids: Sequence[str] = ()
) -> list[tuple[int, str, dict[str, Any], bool]]:
    """(rejection id, MEG id, payload, open) of the dossier's « À traiter » items of kind
    :data:`INQOM_KIND` with reason ``code``, newest first."""
    query = Rejection.select().where(
        (Rejection.dossier == dossier_id)
        & (Rejection.kind == INQOM_KIND)
        & (Rejection.reason_code == code)
    )
    if open_only:
        query = query.where(Rejection.resolved_at.is_null())
    if source_ids:
        query = query.where(Rejection.source_id.in_(list(source_ids)))
    out = []
    with convert_db_errors():
        for row in query.order_by(Rejection.id.desc()):
            try:
                data = json.loads(row.raw_payload) if row.raw_payload else {}
            except ValueError:
                data = {}
            out.append((int(row.id), str(row.source_id), data, row.resolved_at is None))
    return out


def close_items(rejection_ids: Sequence[int], **payload: Any) -> None:
    """Mark « À traiter » items resolved (``payload``: values merged into their JSON)."""
    if not rejection_ids:
        return
    with convert_db_errors(), write_transaction():
        for row in Rejection.select().where(Rejection.id.in_(list(rejection_ids))):
            values: dict[str, Any] = {"resolved_at": utcnow()}
            if payload:
                try:
                    data = json.loads(row.raw_payload) if row.raw_payload else {}
                except ValueError:
                    data = {}
                values["raw_payload"] = json.dumps({**data, **payload}, ensure_ascii=False)
            Rejection.update(**values).where(Rejection.id == row.id).execute()
