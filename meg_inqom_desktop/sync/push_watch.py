"""Watching Inqom after the post: what changed there since the last look.

At every push run, ``entry-lines/changes`` is read since the last look (``SyncCursor`` source
``inqom_changes``, with an overlap: the processing below depends only on what Inqom holds now,
so seeing a change twice does no harm) over the dates of the dossier's records:

* an entry this ledger posted or adopted that Inqom no longer holds → ``deleted``, in « À
  traiter » (« supprimée dans Inqom le … »: Reposter / Ignorer); nothing is posted again
  without a person deciding. If Inqom held it twice and one copy is left, that one is
  adopted instead;
* one whose content changed (read again to compare: a lettering changes nothing) → « modifiée
  dans Inqom » (Garder la version Inqom / Renvoyer celle de MEG), unless it is the version a
  person already chose to keep;
* an entry created elsewhere (another workstation, a restored or reset ledger, Inqom's own MEG
  connector) that matches an entry waiting here → adopted, or held when only near; one that
  matches an entry already posted from here → « présente deux fois dans Inqom ».
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from meg_inqom_desktop.inqom.mapping import JournalNotMapped
from meg_inqom_desktop.store.db import utcnow
from meg_inqom_desktop.store.ledger_writes import get_cursor, set_cursor
from meg_inqom_desktop.store.rejections import RejectionItem
from meg_inqom_desktop.sync import inqom_notes as notes
from meg_inqom_desktop.sync.inqom_match import AMBIGUOUS, EntryView, match
from meg_inqom_desktop.sync.push_look import CHANGES_SOURCE, meg_description
from meg_inqom_desktop.sync.push_readback import Changed, fold_changes, views_from_lines
from meg_inqom_desktop.sync.push_records import (
    ATTACHING,
    DELETED,
    HELD,
    INQOM_KIND,
    PUSHED,
    UNLOOKED,
    PushItem,
    close_items,
    inqom_items,
    load_items,
    mark_pushed,
    records_on,
    records_span,
    set_aside,
)

if TYPE_CHECKING:
    from meg_inqom_desktop.sync.push import Pusher

log = logging.getLogger(__name__)

# Changes are read from the last look minus this, up to now plus this: the clocks of this
# workstation and of Inqom may differ by that much without a change being missed.
OVERLAP = timedelta(minutes=10)


class Watcher:
    """The watch of one push run."""

    def __init__(self, pusher: Pusher) -> None:
        self.p = pusher
        self.flagged: list[tuple[int | None, str, RejectionItem]] = []

    async def run(self) -> None:
        dossier_id = self.p.dossier.id
        raw = get_cursor(dossier_id, CHANGES_SOURCE)
        now = utcnow()
        span = records_span(dossier_id)
        if raw is not None and span is not None:
            since = datetime.fromisoformat(raw)
            changes = await self.p.readback.changes(
                span[0], span[1], since - OVERLAP, now + OVERLAP
            )
            self.p.count("inqom_changes_read", len(changes))
            if changes:
                await self._process(fold_changes(changes), since, now)
        set_cursor(dossier_id, CHANGES_SOURCE, now.isoformat())

    async def _process(self, changed: dict[int, Changed], since: datetime, now: datetime) -> None:
        ours = {eid: c for eid, c in changed.items() if eid in self.p.taken}
        others = {eid: c for eid, c in changed.items() if eid not in self.p.taken}
        created = {eid: c for eid, c in others.items() if c.created and c.lines}
        removed = {eid: c for eid, c in others.items() if c.deleted}
        if not ours and not created and not removed:
            return
        await self.p.load_reference()
        await self._ours(ours, since, now)
        await self._close_duplicates(removed)
        await self._created(created)
        set_aside(self.p.dossier.id, self.flagged, self.p.run_id)
        self.p.counts.push_rejected += len(self.flagged)

    # -- entries this ledger posted or adopted -------------------------------------------
    async def _ours(self, ours: dict[int, Changed], since: datetime, now: datetime) -> None:
        """Deletions and edits of our entries (our own posts, seen as created just as we
        posted them, need no read)."""
        items = {i.record_id: i for i in load_items([self.p.taken[eid] for eid in ours])}
        todo: dict[int, tuple[PushItem, Changed]] = {}
        for eid, change in ours.items():
            item = items.get(self.p.taken[eid])
            if item is None or item.inqom_entry_id != eid or item.status not in (PUSHED, ATTACHING):
                continue  # decided already (deleted, ignored, to resend, reposted)
            if change.created and not change.updated and not change.deleted:
                (posted,) = views_from_lines(change.lines.values())
                if posted.signature == self.p.view_of(item).signature:
                    continue
            todo[eid] = (item, change)
        current: dict[tuple[date, int | None], dict[int, EntryView]] = {}
        for _item, change in todo.values():
            key = (change.day, change.journal_id)
            if key not in current:
                found = await self.p.readback.entries(change.day, change.day, change.journal_id)
                current[key] = {v.inqom_id: v for v in found}
        for eid, (item, change) in todo.items():
            now_view = current[(change.day, change.journal_id)].get(eid)
            if now_view is None:
                if not self._adopt_twin(item, eid):
                    self._flag_deleted(item, eid, since, now)
            else:
                self._check_edit(item, now_view)

    def _adopt_twin(self, item: PushItem, gone: int) -> bool:
        """Our copy deleted while Inqom held the entry twice: the copy left is adopted."""
        for rid, _src, data, _open in inqom_items(
            self.p.dossier.id, notes.DUPLICATE, source_ids=[item.entry.source_id]
        ):
            other = int(data.get("other", 0))
            if other and other != gone and data.get("ours") == gone:
                status = ATTACHING if item.documents else PUSHED
                mark_pushed([(item, other)], [(status, 0)])
                self.p.taken.pop(gone, None)
                self.p.taken[other] = item.record_id
                close_items([rid])
                return True
        return False

    def _flag_deleted(self, item: PushItem, eid: int, since: datetime, now: datetime) -> None:
        what = self._describe(item)
        message = notes.deleted_message(what, eid, since, now)
        data = notes.payload(inqom_id=eid)
        self.flagged.append(
            (
                item.record_id,
                DELETED,
                RejectionItem(INQOM_KIND, item.entry.source_id, notes.DELETED, message, data),
            )
        )
        self.p.count("inqom_deleted")

    def _check_edit(self, item: PushItem, now_view: EntryView) -> None:
        mine = self.p.view_of(item)
        if now_view.signature == mine.signature:
            return
        known = {
            data.get("kept") or (data.get("now") if still_open else None)
            for _r, _s, data, still_open in inqom_items(
                self.p.dossier.id,
                notes.EDITED,
                open_only=False,
                source_ids=[item.entry.source_id],
            )
        }
        if notes.sig_text(now_view) in known:
            return  # the version a person chose to keep, or already waiting for one
        message = notes.edited_message(meg_description(item, mine), now_view)
        data = notes.payload(inqom_id=now_view.inqom_id, now=notes.sig_text(now_view))
        self.flagged.append(
            (None, "", RejectionItem(INQOM_KIND, item.entry.source_id, notes.EDITED, message, data))
        )
        self.p.count("inqom_edited")

    def _describe(self, item: PushItem) -> str:
        try:
            return meg_description(item, self.p.view_of(item))
        except (AssertionError, JournalNotMapped):
            return f"{item.entry.journal.code} {item.entry.piece_ref}"

    # -- entries created elsewhere -------------------------------------------------------
    async def _created(self, created: dict[int, Changed]) -> None:
        others = [v for c in created.values() for v in views_from_lines(c.lines.values())]
        others = [v for v in others if v.inqom_id not in self.p.taken]  # adopted just now
        if not others:
            return
        days = sorted({v.day for v in others})
        waiting = load_items(records_on(self.p.dossier.id, days, UNLOOKED))
        waiting = [i for i in waiting if i.inqom_entry_id is None]
        ready = self.p.ready(waiting)
        await self.p.ensure_accounts(ready)
        views = {i.record_id: self.p.view_of(i) for i in ready}
        result = match(list(views.values()), others)
        by_id = {i.record_id: i for i in ready}
        pairs = [(by_id[m.key], v) for m, v in result.sure]
        if pairs:
            mark_pushed(
                [(item, v.inqom_id) for item, v in pairs],
                [_documents_state(item, v) for item, v in pairs],
            )
            for item, v in pairs:
                self.p.taken[v.inqom_id] = item.record_id
            self.p.counts.adopted += len(pairs)
            self.p.count("inqom_adopted_from_changes", len(pairs))
        for held in result.held:
            item = by_id[held.meg.key]
            code = notes.AMBIGUOUS if held.reason == AMBIGUOUS else notes.NEAR
            message = notes.held_message(code, meg_description(item, held.meg), held.candidates)
            data = notes.payload(candidates=[notes.candidate(c) for c in held.candidates])
            self.flagged.append(
                (
                    item.record_id,
                    HELD,
                    RejectionItem(INQOM_KIND, item.entry.source_id, code, message, data),
                )
            )
        self._duplicates(result.leftover)

    def _duplicates(self, leftover: list[EntryView]) -> None:
        """Inqom entries created elsewhere that copy one posted from here."""
        if not leftover:
            return
        days = sorted({v.day for v in leftover})
        posted = load_items(records_on(self.p.dossier.id, days, (PUSHED, ATTACHING)))
        pool = list(leftover)
        for item in posted:
            if item.inqom_entry_id is None:
                continue
            try:
                mine = self.p.view_of(item)
            except (AssertionError, JournalNotMapped):
                continue
            twin = next(
                (v for v in pool if v.signature == mine.signature and v.reference_agrees(mine)),
                None,
            )
            if twin is None:
                continue
            pool.remove(twin)
            message = notes.duplicate_message(
                meg_description(item, mine), item.inqom_entry_id, twin
            )
            data = notes.payload(ours=item.inqom_entry_id, other=twin.inqom_id)
            self.flagged.append(
                (
                    None,
                    "",
                    RejectionItem(INQOM_KIND, item.entry.source_id, notes.DUPLICATE, message, data),
                )
            )
            self.p.count("inqom_duplicates")
            log.warning(
                "entry %s is twice in Inqom (%s, %s)",
                item.entry.source_id,
                item.inqom_entry_id,
                twin.inqom_id,
            )

    async def _close_duplicates(self, removed: dict[int, Changed]) -> None:
        """« Présente deux fois » items whose other copy Inqom no longer holds are closed."""
        if not removed:
            return
        done = []
        for rid, _src, data, _open in inqom_items(self.p.dossier.id, notes.DUPLICATE):
            change = removed.get(int(data.get("other", 0)))
            if change is None:
                continue
            other = int(data["other"])
            if await self.p.readback.entry(other, change.day, change.journal_id) is None:
                done.append(rid)
        close_items(done)


def _documents_state(item: PushItem, view: EntryView) -> tuple[str, int]:
    """An adopted entry's pièces: Inqom's when its lines show one; else look before sending."""
    if view.document_id is not None:
        return (PUSHED, len(item.documents))
    return (ATTACHING if item.documents else PUSHED, 0)
