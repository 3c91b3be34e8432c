"""The pièces of pushed entries: attached once, never to an Inqom entry that carries one.

Each pièce upload is recorded (``attaching`` with the count done) before it is sent. A record
left ``attaching`` with nothing counted (a crash during the upload), one adopted from Inqom,
or one this run did not post (a restored or stale ledger: another may have attached its pièce
since) is looked up in Inqom first: a pièce there stands, no second one is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from peewee import fn

from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.inqom.mapping import ATTACHABLE
from meg_inqom_desktop.net.errors import MalformedResponse, OutcomeUnknown
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.models import DocumentRow, PushRecord
from meg_inqom_desktop.store.rejections import RejectionItem, record_rejections
from meg_inqom_desktop.sync.push_records import ATTACHING, PUSHED, PushItem, load_items, set_status

if TYPE_CHECKING:
    from meg_inqom_desktop.sync.push import Pusher

# the upload may have been applied: a lost answer, or an answer we could not read
UNKNOWN_OUTCOME = (OutcomeUnknown, MalformedResponse)
MAX_UNKNOWN_OUTCOMES = 8  # lost answers in a row before the run gives up


async def attach_documents(p: Pusher) -> None:
    """Attach the pièces of pushed entries that still miss some."""
    with convert_db_errors():
        rows = list(
            PushRecord.select(
                PushRecord.id,
                (fn.COUNT(DocumentRow.id) - PushRecord.documents_attached).alias("missing"),
            )
            .join(DocumentRow, on=(DocumentRow.entry == PushRecord.entry))
            .where(
                (PushRecord.dossier == p.dossier.id) & (PushRecord.status.in_((PUSHED, ATTACHING)))
            )
            .group_by(PushRecord.id)
            .having(PushRecord.documents_attached < fn.COUNT(DocumentRow.id))
        )
    ids = [r.id for r in rows]
    p.attach_total = sum(int(getattr(r, "missing", 0)) for r in rows)
    p.attached = 0
    if ids:
        p.emit_attach()
    for start in range(0, len(ids), 200):
        items = load_items(ids[start : start + 200])
        carried = await _carried(p, [i for i in items if i.record_id not in p.fresh])
        for item in items:
            await _attach(p, item, item.record_id in carried)


async def _carried(p: Pusher, items: Sequence[PushItem]) -> set[int]:
    """Records (not posted in this run, no pièce sent yet) whose Inqom entry already
    carries a pièce: another ledger, or this one before a restore, attached it. One
    read per entry date."""
    with convert_db_errors():
        waiting = {
            int(r.id)
            for r in PushRecord.select(PushRecord.id).where(
                PushRecord.id.in_([i.record_id for i in items])
                & (PushRecord.documents_attached == 0)
            )
        }
    days: dict[date, list[PushItem]] = {}
    for item in items:
        if item.record_id in waiting and item.entry.date is not None:
            days.setdefault(item.entry.date, []).append(item)
    out: set[int] = set()
    for day, its in days.items():
        docs = {v.inqom_id for v in await p.readback.entries(day, day) if v.document_id}
        out |= {i.record_id for i in its if i.inqom_entry_id in docs}
    return out


async def _attach(p: Pusher, item: PushItem, carried: bool) -> None:
    rec = PushRecord.get_by_id(item.record_id)
    assert rec.inqom_entry_id is not None, "pièces are attached to pushed entries only"
    inqom_id = int(rec.inqom_entry_id)
    done = rec.documents_attached
    # a previous run may have uploaded the first pièce before dying, another ledger may
    # have attached it, or the entry was adopted: Inqom's pièce stands, no second one
    if done == 0 and (
        carried
        or (rec.status == ATTACHING and await p.readback.has_document(inqom_id, item.entry.date))
    ):
        if rec.status != ATTACHING or rec.attempts == 0:  # not our upload: all of them stand
            set_status([item.record_id], PUSHED, documents_attached=len(item.documents))
            _handled(p, len(item.documents))
            return
        done = 1  # our own first upload, then a crash: the later ones are still to send
        set_status([item.record_id], PUSHED, documents_attached=done)
        _handled(p, 1)
    for index in range(done, len(item.documents)):
        doc = item.documents[index]
        if doc.media_type not in ATTACHABLE:  # a TIFF, an XML invoice: kept here only
            _not_attachable(p, item, doc.filename)
            set_status([item.record_id], PUSHED, documents_attached=index + 1)
            _handled(p, 1)
            continue
        set_status([item.record_id], ATTACHING, documents_attached=index)
        with p.content.open(doc.sha256) as fh:
            data = fh.read()
        for attempt in range(MAX_UNKNOWN_OUTCOMES + 1):
            try:
                await p.inqom.attach_document(
                    p.folder,
                    inqom_id,
                    content=data,
                    filename=doc.filename,
                    day=item.entry.piece_date or item.entry.date,
                    reference=item.entry.piece_ref,
                    media_type=doc.media_type,
                )
                break
            except UNKNOWN_OUTCOME:
                # the first pièce shows on the entry's lines; later ones cannot be told
                # apart, so they are sent again (a duplicate pièce, never a lost one)
                if index == 0 and await p.readback.has_document(inqom_id, item.entry.date):
                    break
                if attempt == MAX_UNKNOWN_OUTCOMES:
                    raise
        set_status([item.record_id], PUSHED, documents_attached=index + 1)
        p.count("documents_attached")
        _handled(p, 1)


def _handled(p: Pusher, n: int) -> None:
    """``n`` missing pièces dealt with (sent, found in Inqom, or kept here): progress."""
    p.attached += n
    p.emit_attach()


def _not_attachable(p: Pusher, item: PushItem, filename: str) -> None:
    """À traiter: a pièce Inqom does not take stays in the local ledger only."""
    message = (
        f"La pièce {filename} de l'écriture {item.entry.piece_ref} reste dans le registre "
        "local : Inqom n'accepte en pièce jointe que les PDF, PNG et JPEG. Joignez-la "
        "dans Inqom sous l'un de ces formats si besoin."
    )
    record_rejections(
        p.dossier.id,
        [RejectionItem("document", f"{item.entry.source_id}/{filename}", "inqom_type", message)],
        provenance=MEG,
        run_id=p.run_id,
    )
