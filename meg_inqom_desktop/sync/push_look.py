"""Looking in Inqom before posting into a month this ledger has never looked at, and sending
MEG's version over an entry a person chose to restore.

A first push, a reset or reinstalled ledger, a restored backup, another workstation or
Inqom's own MEG connector: in each case Inqom may already hold entries this ledger has no
record of. So before the first post into a month whose records are all still ``pending`` /
``rejected`` (every month, when this ledger has never watched Inqom's changes for the
dossier), the month is read back per journal (``entry-lines``, paged) and each MEG entry is
matched by content (:mod:`.inqom_match`): a sure match is **adopted** (recorded as pushed with
Inqom's id, not posted; its pièces are not sent when Inqom's lines carry one), a near match
or several candidates are **held** in « À traiter », the rest is posted. The read happens
right before the month's first post, so another writer's posts of that month up to then are
seen; and right before each batch posted into such a month, Inqom's changes since the look
are read again (one request), so another writer's posts of the meantime are adopted too.

Inqom has no lock, so two writers may look at the same month at the same moment. The first
post into a looked month is therefore one entry drawn at random (:meth:`Looker.claim`), then
the month's changes are read: the writer whose entry Inqom numbered first goes on, a later one
adopts what it sees and leaves the month (its next run adopts the rest). Both drew the same
entry only by chance (one in the month's size): it is then in Inqom twice, and the watch of
both reports it.
"""

from __future__ import annotations

import logging
import random
from calendar import monthrange
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.inqom.mapping import entry_to_wire, resolve_journal
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import utcnow
from meg_inqom_desktop.store.ledger_writes import get_cursor
from meg_inqom_desktop.store.models import PushRecord
from meg_inqom_desktop.store.rejections import RejectionItem
from meg_inqom_desktop.sync import inqom_notes as notes
from meg_inqom_desktop.sync.inqom_match import AMBIGUOUS, EntryView, match
from meg_inqom_desktop.sync.push_readback import fold_changes, views_from_lines
from meg_inqom_desktop.sync.push_records import (
    DELETED,
    FORCE,
    HELD,
    INQOM_KIND,
    PUSHED,
    UPDATE,
    PushItem,
    account_key,
    load_items,
    mark_pushed,
    month_of,
    months_to_look,
    set_aside,
)

if TYPE_CHECKING:
    from meg_inqom_desktop.sync.push import Pusher

log = logging.getLogger(__name__)

CHANGES_SOURCE = "inqom_changes"  # SyncCursor.source of the watch (push_watch)
RECHECK_MARGIN = timedelta(minutes=10)  # clocks of this workstation and Inqom may differ


def by_month(items: Sequence[PushItem]) -> Iterator[list[PushItem]]:
    """Runs of consecutive items of the same month (items sorted by date)."""
    run: list[PushItem] = []
    for item in items:
        if run and month_of(run[0].entry.date or date.min) != month_of(item.entry.date or date.min):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _bounds(month: tuple[int, int]) -> tuple[date, date]:
    return date(month[0], month[1], 1), date(month[0], month[1], monthrange(*month)[1])


def meg_description(item: PushItem, view: EntryView) -> str:
    return notes.meg_text(item.entry.journal.code, item.entry.piece_ref, item.entry.date, view)


class Looker:
    """The look of one push run; which months need one is decided when it is created."""

    def __init__(self, pusher: Pusher) -> None:
        self.p = pusher
        dossier_id = pusher.dossier.id
        self.first = get_cursor(dossier_id, CHANGES_SOURCE) is None
        self.months = months_to_look(dossier_id, every_month=self.first)
        self.pools: dict[tuple[tuple[int, int], int], list[EntryView]] = {}
        self.looked: dict[tuple[int, int], datetime] = {}  # month → when this run looked

    async def look(self, items: Sequence[PushItem]) -> list[PushItem]:
        """Items of one month: adopt or hold what Inqom holds; returns the items to post."""
        if not items or items[0].entry.date is None:
            return list(items)
        month = month_of(items[0].entry.date)
        checked = [i for i in items if i.status != FORCE]
        if month not in self.months or not checked:
            return list(items)
        views = {i.record_id: self.p.view_of(i) for i in checked}
        start, end = _bounds(month)
        journals = sorted({v.journal_id for v in views.values()})
        self.looked.setdefault(month, utcnow())
        for journal_id in journals:
            if (month, journal_id) not in self.pools:
                found = await self.p.readback.entries(start, end, journal_id)
                self.pools[(month, journal_id)] = [
                    v for v in found if v.inqom_id not in self.p.taken
                ]
                self.p.count("inqom_looked")
        pool = [v for j in journals for v in self.pools[(month, j)]]
        keep = self._settle(checked, views, pool)
        return [i for i in items if i.status == FORCE or i.record_id in keep]

    async def recheck(self, batch: Sequence[PushItem]) -> list[PushItem]:
        """Right before posting into a month looked at in this run: what another writer
        created there since the look is adopted instead of posted again (the window left to
        two writers posting the same entry shrinks to one request)."""
        if not batch or batch[0].entry.date is None:
            return list(batch)
        month = month_of(batch[0].entry.date)
        since = self.looked.get(month)
        checked = [i for i in batch if i.status != FORCE]
        if since is None or not checked:
            return list(batch)
        created = await self._created_since(month, since)
        self.p.count("inqom_rechecked")
        if not created:
            return list(batch)
        views = {i.record_id: self.p.view_of(i) for i in checked}
        keep = self._settle(checked, views, created)
        return [i for i in batch if i.status == FORCE or i.record_id in keep]

    async def claim(self, to_post: Sequence[PushItem]) -> list[PushItem]:
        """The first post into a month looked at in this run, made safe against another
        writer doing the same at the same moment (Inqom has no lock): first, what others
        created there since the look is adopted, and if there was any, this run leaves the
        month to them (the next run adopts what they post). Else one entry, chosen at random,
        is posted alone, then the month's changes are read: if another writer's entry there
        is older than it, that writer goes on and this run leaves the month (two writers
        posting at once each post a different entry, adopted by the other; the same one only
        by chance, then reported as « présente deux fois »). Returns the items left to post."""
        if not to_post or to_post[0].entry.date is None:
            return list(to_post)
        month = month_of(to_post[0].entry.date)
        since = self.looked.get(month)
        if since is None or not [i for i in to_post if i.status != FORCE]:
            return list(to_post)
        before = self.p.counts.adopted
        rest = await self.recheck(to_post)
        if self.p.counts.adopted > before:
            return self._leave(month, rest)
        candidates = [i for i in rest if i.status != FORCE]
        if not candidates:
            return rest
        probe = random.choice(candidates)
        await self.p.send([probe])
        mine = next((e for e, r in self.p.taken.items() if r == probe.record_id), None)
        rest = [i for i in rest if i is not probe]
        if mine is None:
            return rest  # refused or unknown: the month goes on as usual
        others = await self._created_since(month, since)
        if not others:
            return rest
        checked = [i for i in rest if i.status != FORCE]
        adopted_before = set(self.p.taken)
        keep = self._settle(checked, {i.record_id: self.p.view_of(i) for i in checked}, others)
        rest = [i for i in rest if i.status == FORCE or i.record_id in keep]
        # another writer of these entries (not a bank feed or an accountant's own entry):
        # one of ours it posted, or a copy of the entry drawn here
        drawn = self.p.view_of(probe).signature
        rivals = (set(self.p.taken) - adopted_before) | {
            v.inqom_id for v in others if v.signature == drawn
        }
        if any(r < mine for r in rivals):
            return self._leave(month, rest)
        return rest

    def _leave(self, month: tuple[int, int], rest: Sequence[PushItem]) -> list[PushItem]:
        """Another writer is posting this month now: its entries are left for it."""
        waiting = [i for i in rest if i.status != FORCE]
        if waiting:
            self.p.count("inqom_left_to_other_writer", len(waiting))
            self.p.done += len(waiting)
            log.warning(
                "dossier %s: another writer is posting %04d-%02d into Inqom; %d entries left",
                self.p.dossier.id,
                month[0],
                month[1],
                len(waiting),
            )
        return [i for i in rest if i.status == FORCE]

    async def _created_since(self, month: tuple[int, int], since: datetime) -> list[EntryView]:
        start, end = _bounds(month)
        changes = await self.p.readback.changes(
            start, end, since - RECHECK_MARGIN, utcnow() + RECHECK_MARGIN
        )
        return [
            v
            for c in fold_changes(changes).values()
            if c.created and c.lines
            for v in views_from_lines(c.lines.values())
            if v.inqom_id not in self.p.taken
        ]

    def _settle(
        self, checked: Sequence[PushItem], views: dict[int, EntryView], pool: list[EntryView]
    ) -> set[int]:
        """Adopt the sure matches, hold the others found; returns the record ids to post."""
        result = match(list(views.values()), pool)
        by_id = {i.record_id: i for i in checked}
        self._adopt([(by_id[m.key], i) for m, i in result.sure])
        flagged = []
        for held in result.held:
            item = by_id[held.meg.key]
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
        set_aside(self.p.dossier.id, flagged, self.p.run_id)
        self.p.counts.push_rejected += len(flagged)
        self.p.count("inqom_held", len(flagged))
        self.p.done += len(flagged)
        return {m.key for m in result.unmatched}

    def _adopt(self, pairs: Sequence[tuple[PushItem, EntryView]]) -> None:
        """Record the items as pushed with Inqom's ids (their pièces: Inqom's, if it has one)."""
        if not pairs:
            return
        mark_pushed(
            [(item, view.inqom_id) for item, view in pairs],
            [(PUSHED, len(item.documents) if view.document_id else 0) for item, view in pairs],
        )
        adopted = {view.inqom_id for _i, view in pairs}
        for item, view in pairs:
            self.p.taken[view.inqom_id] = item.record_id
        for key, pool in self.pools.items():
            self.pools[key] = [v for v in pool if v.inqom_id not in adopted]
        self.p.counts.adopted += len(pairs)
        self.p.done += len(pairs)

    def finish(self) -> None:
        """Say in the run record whether this was the dossier's first look."""
        if self.first:
            self.p.counts.details["first_look"] = True


async def send_updates(pusher: Pusher) -> None:
    """Entries a person chose to restore (« Renvoyer celle de MEG »): MEG's version is sent
    over Inqom's entry (``PUT``), then read back; what did not take returns to « À traiter »."""
    with convert_db_errors():
        ids = [
            r.id
            for r in PushRecord.select(PushRecord.id).where(
                (PushRecord.dossier == pusher.dossier.id) & (PushRecord.status == UPDATE)
            )
        ]
    if not ids:
        return
    await pusher.load_reference()
    items = load_items(ids)
    await pusher.ensure_accounts(items)
    assert pusher.journals is not None and pusher.accounts is not None
    accounts = pusher.accounts
    flagged = []
    for item in items:
        assert item.inqom_entry_id is not None and item.entry.date is not None
        journal = resolve_journal(item.entry.journal, pusher.journals)
        body = entry_to_wire(item.entry, journal.Id, lambda ln: accounts[account_key(ln)])
        view = pusher.view_of(item)
        error = ""
        try:
            await pusher.inqom.update_entries(pusher.folder, [{"Id": item.inqom_entry_id, **body}])
        except MegInqomError as exc:  # refused: say so (a lost answer is settled by reading)
            error = f"{exc.title} : {exc.message}"
        now = await pusher.readback.entry(item.inqom_entry_id, item.entry.date, journal.Id)
        if now is not None and now.signature == view.signature:
            mark_pushed([(item, item.inqom_entry_id)])
            pusher.count("inqom_restored")
            continue
        what = meg_description(item, view)
        if now is None:
            message = notes.deleted_message(what, item.inqom_entry_id, None, utcnow())
            code, status = notes.DELETED, DELETED
        else:
            message = notes.edited_message(what, now)
            code, status = notes.EDITED, PUSHED
        if error:
            message = f"La version MEG n'a pas pu être remise dans Inqom ({error}). {message}"
        flagged.append(
            (item.record_id, status, RejectionItem(INQOM_KIND, item.entry.source_id, code, message))
        )
    set_aside(pusher.dossier.id, flagged, pusher.run_id)
    pusher.counts.push_rejected += len(flagged)
