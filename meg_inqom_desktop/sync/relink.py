"""Rebuild a dossier's push records from what Inqom holds (``meg-inqom dossiers relink``).

Every MEG entry of the dossier is looked up in Inqom by content, month by month and journal
by journal (:mod:`.inqom_match`), whatever its record says. A dry run only counts; for real,
each record becomes what Inqom shows: the Inqom entry found (adopted), held for a person
(a near match, several candidates), deleted in Inqom (its Inqom entry is gone: « À traiter »,
never reposted without a decision), or pending (not in Inqom: the next sync posts it).
Nothing is written to Inqom, not even the third-party accounts: an account Inqom does not
have yet cannot be on an entry it holds.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.inqom.mapping import JournalNotMapped
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import utcnow, write_transaction
from meg_inqom_desktop.store.ledger_writes import set_cursor
from meg_inqom_desktop.store.models import DossierRow, InqomAccount, PushRecord
from meg_inqom_desktop.store.rejections import RejectionItem
from meg_inqom_desktop.sync import inqom_notes as notes
from meg_inqom_desktop.sync.inqom_match import AMBIGUOUS, EntryView, match
from meg_inqom_desktop.sync.push import Pusher
from meg_inqom_desktop.sync.push_look import CHANGES_SOURCE, by_month, meg_description
from meg_inqom_desktop.sync.push_records import (
    ATTACHING,
    DELETED,
    HELD,
    IGNORED,
    INQOM_KIND,
    PENDING,
    PUSHED,
    PushItem,
    account_key,
    ensure_records,
    load_items,
    mark_pushed,
    set_aside,
    set_status,
)
from meg_inqom_desktop.sync.runs import RunCounts, ignore_progress


@dataclass
class RelinkReport:
    """What the relink found (and, when ``applied``, recorded)."""

    dossier: str
    applied: bool
    entries: int = 0
    unchanged: int = 0  # recorded already as the Inqom entry found
    linked: int = 0  # found in Inqom, recorded now (or to be)
    held: int = 0  # near match or several candidates: « À traiter »
    gone: int = 0  # recorded as pushed, no longer in Inqom: « À traiter »
    missing: int = 0  # not in Inqom: the next sync posts them
    skipped: int = 0  # Inqom cannot take them (no open period, no journal) or ignored
    requests: int = 0
    changes: list[str] = field(default_factory=list)  # MEG ids whose record changes


def _candidates(key: str, numbers: set[str]) -> str | None:
    """Inqom's number for our key, without creating anything: the same, or the key with one
    digit inserted after its root (Inqom's renumbering of third parties: 401X → 4011X)."""
    if key in numbers:
        return key
    found = [n for n in numbers if len(n) == len(key) + 1 and n[:3] == key[:3] and n[4:] == key[3:]]
    return found[0] if len(found) == 1 else None


async def relink(
    dossier: DossierRow, inqom: InqomClient, content: ContentStore, *, apply: bool
) -> RelinkReport:
    """Look every MEG entry of ``dossier`` up in Inqom; record the outcome when ``apply``."""
    report = RelinkReport(dossier.name or dossier.siret, apply)
    pusher = Pusher(dossier, inqom, content, RunCounts(), None, ignore_progress)
    ensure_records(dossier.id)
    await pusher.load_reference()
    assert pusher.accounts is not None
    numbers = {a.Number for a in await inqom.accounts(pusher.folder)}
    with convert_db_errors():
        ids = [
            int(r.id)
            for r in PushRecord.select(PushRecord.id).where(PushRecord.dossier == dossier.id)
        ]
    items = sorted(load_items(ids), key=lambda i: (i.entry.date or date.min, i.entry_id))
    report.entries = len(items)
    learned: dict[str, str] = {}
    for item in items:
        for line in item.entry.lines:
            key = account_key(line)
            if key not in pusher.accounts:
                number = _candidates(key, numbers)
                if number is not None:
                    pusher.accounts[key] = learned[key] = number
    for month in by_month([i for i in items if _postable(pusher, i)]):
        await _month(pusher, month, report, apply)
    report.skipped = report.entries - sum(
        (report.unchanged, report.linked, report.held, report.gone, report.missing)
    )
    report.requests = pusher.readback.pages
    if apply:
        with convert_db_errors(), write_transaction():
            for key, number in learned.items():
                InqomAccount.insert(
                    dossier=dossier.id, account=key, inqom_number=number
                ).on_conflict(
                    conflict_target=[InqomAccount.dossier, InqomAccount.account],
                    update={InqomAccount.inqom_number: number},
                ).execute()
        set_cursor(dossier.id, CHANGES_SOURCE, utcnow().isoformat())
    return report


def _postable(pusher: Pusher, item: PushItem) -> bool:
    if item.status == IGNORED or item.entry.date is None:
        return False
    assert pusher.periods is not None and pusher.journals is not None
    try:
        pusher.view_of(item)
    except JournalNotMapped:
        return False
    return any(p.contains(item.entry.date) for p in pusher.periods)


async def _month(pusher: Pusher, items: list[PushItem], report: RelinkReport, apply: bool) -> None:
    day = items[0].entry.date
    assert day is not None
    start, end = day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])
    views = {i.record_id: pusher.view_of(i) for i in items}
    inqoms: list[EntryView] = []
    for journal_id in sorted({v.journal_id for v in views.values()}):
        inqoms += await pusher.readback.entries(start, end, journal_id)
    present = {v.inqom_id for v in inqoms}
    result = match(list(views.values()), inqoms)
    by_id = {i.record_id: i for i in items}
    adopt: list[tuple[PushItem, EntryView]] = []
    for meg, found in result.sure:
        item = by_id[meg.key]
        if item.inqom_entry_id == found.inqom_id and item.status in (PUSHED, ATTACHING):
            report.unchanged += 1
        else:
            report.linked += 1
            report.changes.append(item.entry.source_id)
            adopt.append((item, found))
    flagged: list[tuple[int | None, str, RejectionItem]] = []
    for held in result.held:
        item = by_id[held.meg.key]
        if item.inqom_entry_id in {c.inqom_id for c in held.candidates}:
            report.unchanged += 1  # ours is one of them: the watch follows it
            continue
        report.held += 1
        report.changes.append(item.entry.source_id)
        code = notes.AMBIGUOUS if held.reason == AMBIGUOUS else notes.NEAR
        message = notes.held_message(code, meg_description(item, held.meg), held.candidates)
        data = notes.payload(candidates=[notes.candidate(c) for c in held.candidates])
        flagged.append(
            (
                item.record_id,
                HELD,
                RejectionItem(INQOM_KIND, item.entry.source_id, code, message, data),
            )
        )
    pending: list[int] = []
    for meg in result.unmatched:
        item = by_id[meg.key]
        if item.inqom_entry_id is not None and item.inqom_entry_id in present:
            report.unchanged += 1  # still in Inqom, edited there: the watch reports it
        elif item.inqom_entry_id is not None:
            report.gone += 1
            report.changes.append(item.entry.source_id)
            message = notes.deleted_message(
                meg_description(item, meg), item.inqom_entry_id, None, utcnow()
            )
            data = notes.payload(inqom_id=item.inqom_entry_id)
            flagged.append(
                (
                    item.record_id,
                    DELETED,
                    RejectionItem(INQOM_KIND, item.entry.source_id, notes.DELETED, message, data),
                )
            )
        else:
            report.missing += 1
            if item.status != PENDING:
                report.changes.append(item.entry.source_id)
                pending.append(item.record_id)
    if apply:
        if adopt:
            mark_pushed(
                [(item, v.inqom_id) for item, v in adopt],
                [(PUSHED, len(item.documents) if v.document_id else 0) for item, v in adopt],
            )
        set_aside(pusher.dossier.id, flagged, None)
        set_status(pending, PENDING)
