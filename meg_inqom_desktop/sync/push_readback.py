"""Reading Inqom back: what it holds for a date range and journal, what changed since a moment.

Inqom has no idempotency key and its entry-line reads do not return ``ExternalId``, so the
push recognises entries by content (:mod:`.inqom_match`). This module turns Inqom's entry
lines into :class:`~meg_inqom_desktop.sync.inqom_match.EntryView` (one per Inqom entry) and
counts the pages it reads. Reads go through the Inqom client, so they share its rate limiter.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from meg_inqom_desktop.inqom import wire
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.sync.inqom_match import EntryView, match


def _day(value: Any) -> date:
    day = value.date() if isinstance(value, datetime) else value
    assert isinstance(day, date)
    return day


def views_from_lines(lines: Iterable[wire.EntryLineRead]) -> list[EntryView]:
    """Inqom entry lines grouped into one view per Inqom entry (lines in Inqom's order)."""
    grouped: dict[int, list[wire.EntryLineRead]] = defaultdict(list)
    for line in lines:
        grouped[line.Entry.Id].append(line)
    views = []
    for entry_id, its in grouped.items():
        first = its[0]
        doc = next((ln.AccountingDocument for ln in its if ln.AccountingDocument), None)
        views.append(
            EntryView(
                journal_id=first.Journal.Id if first.Journal and first.Journal.Id else 0,
                day=_day(first.Entry.Date),
                lines=tuple(
                    (ln.AccountNumber, ln.DebitAmount, ln.CreditAmount, ln.Label) for ln in its
                ),
                reference=doc.Reference if doc is not None else None,
                inqom_id=entry_id,
                document_id=doc.Id if doc is not None else None,
            )
        )
    return views


CREATED = {"creation", "create", "addition", "add", "insert"}
DELETED_KINDS = {"deletion", "delete", "remove"}


@dataclass
class Changed:
    """What the changes say of one Inqom entry."""

    day: date
    journal_id: int | None
    lines: dict[int, wire.EntryLineRead] = field(default_factory=dict)
    created: bool = False
    updated: bool = False
    deleted: bool = False


def fold_changes(changes: list[wire.EntryLineRead]) -> dict[int, Changed]:
    """Changes in Inqom's order → per entry, the lines as the last change left them."""
    out: dict[int, Changed] = {}
    for line in changes:
        day = line.Entry.Date
        day = day.date() if isinstance(day, datetime) else day
        assert isinstance(day, date)
        entry = out.setdefault(
            line.Entry.Id, Changed(day, line.Journal.Id if line.Journal else None)
        )
        kind = (line.TypeOfChange or "").casefold()
        if kind in DELETED_KINDS:
            entry.lines.pop(line.Id, None)
            entry.deleted = True
        else:
            entry.lines[line.Id] = line
            entry.created = entry.created or kind in CREATED
            entry.updated = entry.updated or kind not in CREATED
    return out


PAGES_IN_FLIGHT = 4  # pages of one read asked for at a time (the rate limiter paces them)
DOCUMENTED_PAGE = 100  # lines per entry-lines page (Inqom's guide; one page: its size unknown)


class ReadBack:
    """Reads one Inqom folder back (one instance per run); ``pages`` counts the reads."""

    def __init__(self, inqom: InqomClient, folder: int) -> None:
        self.inqom = inqom
        self.folder = folder
        self.pages = 0

    async def lines(
        self, start: date, end: date, journal_id: int | None = None
    ) -> list[wire.EntryLineRead]:
        """Every line of the range (and journal). The count route says how many pages there
        are, so they are asked for several at a time (the client's rate limiter paces them;
        the answers' latency overlaps); if the last one is full (lines were added since the
        count), the following ones are read until an empty page."""
        count = await self.inqom.entry_lines_count(self.folder, start, end, journal_id=journal_id)
        self.pages += 1
        total = count.TotalPagesCount
        if total <= 0:
            return []
        gate = asyncio.Semaphore(PAGES_IN_FLIGHT)

        async def page(number: int) -> list[wire.EntryLineRead]:
            async with gate:
                result = await self.inqom.entry_lines(
                    self.folder, start, end, page=number, journal_id=journal_id
                )
            self.pages += 1
            return list(result.EntryLines)

        pages = await asyncio.gather(*(page(n) for n in range(1, total + 1)))
        out = [line for lines in pages for line in lines]
        size = len(pages[0]) if total > 1 else DOCUMENTED_PAGE
        number = total
        while size and len(pages[-1]) >= size:
            number += 1
            pages = [await page(number)]
            out.extend(pages[-1])
        return out

    async def entries(
        self, start: date, end: date, journal_id: int | None = None
    ) -> list[EntryView]:
        """The Inqom entries of the range (and journal)."""
        return views_from_lines(await self.lines(start, end, journal_id))

    async def entry(self, inqom_id: int, day: date, journal_id: int | None) -> EntryView | None:
        """One Inqom entry as it is now (None if Inqom no longer has it)."""
        return next(
            (v for v in await self.entries(day, day, journal_id) if v.inqom_id == inqom_id), None
        )

    async def has_document(self, inqom_id: int, day: date | None) -> bool:
        """True if the Inqom entry already carries a pièce."""
        if day is None:
            return False
        view = await self.entry(inqom_id, day, None)
        return view is not None and view.document_id is not None

    async def changes(
        self, start: date, end: date, after: datetime | None, before: datetime
    ) -> list[wire.EntryLineRead]:
        """Lines added, changed or deleted between ``after`` and ``before`` (server time), in
        Inqom's order, for entries dated within ``start``..``end``."""
        out: list[wire.EntryLineRead] = []
        page = 1
        while True:
            result = await self.inqom.entry_line_changes(
                self.folder, start, end, changed_after=after, changed_before=before, page=page
            )
            self.pages += 1
            if not result.EntryLines:
                return out
            out.extend(result.EntryLines)
            page += 1

    async def find(self, megs: Sequence[EntryView], taken: set[int]) -> dict[int, EntryView]:
        """MEG views (``key`` = record id) → the Inqom entry surely holding each, among those
        not ``taken`` (already known as some record's); read over the entries' dates."""
        if not megs:
            return {}
        start = min(m.day for m in megs)
        end = max(m.day for m in megs)
        inqoms = [v for v in await self.entries(start, end) if v.inqom_id not in taken]
        return {meg.key: found for meg, found in match(megs, inqoms).sure}
