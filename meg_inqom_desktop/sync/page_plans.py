"""The ledger side of a pull: feed pages read into plans, plans stored with their pièces.

No network here. The puller (``sync.pull``) hands a page's bytes to a :class:`Planner`, which
reads and checks every entry (one of another SIRET is refused, one dated before the dossier's
start date is skipped) and keeps the good ones in memory under a plan number; the puller gets
back a :class:`PagePlan`: the pièces to download, the page's cursor. Once the pièces are
downloaded, ``Planner.store`` writes them under their content-addressed names, then stores the
page in ONE transaction: the entries (new, unchanged or conflict), the items set aside as
``Rejection`` rows (French reason + raw payload) and the cursor.

A planner lives either in the app's process or in the ledger worker process
(``sync.ledger_worker``), which takes the reading and the writing off the event loop during
a big pull; everything crossing between the two is plain picklable data.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from meg_inqom_desktop.domain.entry import Document, Entry
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.meg import mapping, wire
from meg_inqom_desktop.meg.client import read_entry_page
from meg_inqom_desktop.meg.mapping import ItemFailure
from meg_inqom_desktop.store.ledger_writes import (
    RejectionItem,
    page_transaction,
    record_rejections,
    upsert_entries,
)
from meg_inqom_desktop.sync.documents import PendingFile, commit_files

CURSOR_SOURCE = "meg"
MIN_WEIGHT = 16_384  # the weight of a pièce whose size MEG does not declare


@dataclass(frozen=True)
class PlanContext:
    """What a planner needs to know of the run (sent once to the ledger worker)."""

    dossier_id: int
    siret: str
    start_date: date | None
    run_id: int


@dataclass(frozen=True)
class DocDownload:
    """A pièce to fetch for an entry of a plan."""

    entry_id: str  # the entry's MEG id
    piece_ref: str
    document: Document
    url: str | None


@dataclass(frozen=True)
class PagePlan:
    """A page read and checked: what to download before it can be stored."""

    plan_id: int
    downloads: tuple[DocDownload, ...]
    next_cursor: str
    has_more: bool
    before_start: int  # entries dated before the dossier's start date (skipped)
    weight: int = 0  # the pièces' declared bytes (what the page may hold in memory)


@dataclass(frozen=True)
class Refusal:
    """Why an entry of a plan is set aside after all (a pièce could not be had)."""

    code: str
    message: str


@dataclass(frozen=True)
class StoreOutcome:
    """What storing a plan did."""

    new: int
    unchanged: int
    conflicts: int
    rejected: int
    done: int  # entries stored or set aside
    documents: int = 0  # pièces downloaded by the ledger worker for this page
    bytes: int = 0
    http: dict[str, Any] | None = None  # the worker's MEG requests and retries (run record)


@dataclass
class Candidate:
    """A well-formed entry of the right dossier, with its pièces' download URLs."""

    entry: Entry
    raw: Any
    urls: dict[str, str]


def raw_text(raw: Any) -> str:
    try:
        return json.dumps(raw, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(raw)


def _failure_item(failure: ItemFailure, raw: Any) -> RejectionItem:
    known = not failure.source_id.startswith("#")
    who = failure.source_id if known else f"n° {failure.source_id[1:]} de la page"
    code = failure.codes[0] if failure.codes else "invalid_entry"
    return RejectionItem(
        "entry",
        failure.source_id if known else "",
        code,
        f"Écriture MEG {who} mise de côté : {failure.reason}.",
        raw_text(raw if raw is not None else failure.raw),
    )


def _json_ready(item: Any) -> Any:
    """A validated wire entry back to JSON-ready data (for a rejection's raw payload)."""
    try:
        return wire.ENTRY.dump_python(item, mode="json")
    except Exception:  # pragma: no cover - a raw dict that did not validate stays as it is
        return item


def split_entries(
    items: Sequence[Any], siret: str, *, validated: bool = False
) -> tuple[list[Candidate], list[RejectionItem]]:
    """Candidates and items set aside with reasons; ``validated``: items already passed the
    wire schema (a whole page parsed at once), else raw JSON entries checked one by one."""
    candidates: list[Candidate] = []
    rejected: list[RejectionItem] = []
    for index, raw in enumerate(items):
        item = raw if validated else mapping.parse_wire_entry(raw, index)
        if isinstance(item, ItemFailure):
            rejected.append(_failure_item(item, raw))
            continue
        entry, failure = mapping.check_entry(item, siret=siret)
        if failure is None and entry is not None:
            candidates.append(Candidate(entry, raw, mapping.download_urls([item])))
            continue
        result = _failure_item(failure, raw)  # type: ignore[arg-type]
        if validated:
            result = replace(result, raw_payload=raw_text(_json_ready(item)))
        rejected.append(result)
    return candidates, rejected


def read_page(body: bytes, siret: str) -> tuple[list[Candidate], list[RejectionItem], str, bool]:
    """A feed page's candidates, items set aside, next cursor and ``has_more``.

    One bad entry never spoils the page (it is checked alone); an unreadable envelope raises
    :class:`RetryableBody` (the page is fetched again).
    """
    page = read_entry_page(body)
    candidates, rejected = split_entries(page.entries, siret, validated=page.checked)
    return candidates, rejected, page.next_cursor, page.has_more


@dataclass
class _Held:
    candidates: list[Candidate]
    rejected: list[RejectionItem]


class Planner:
    """The plans of one run, in the process that stores them."""

    def __init__(self, context: PlanContext, content: Any) -> None:
        self.context = context
        self.content = content
        self._plans: dict[int, _Held] = {}
        self._ids = itertools.count(1)

    def plan_page(self, body: bytes) -> PagePlan:
        """Read a feed page (raises :class:`RetryableBody` when unreadable)."""
        candidates, rejected, next_cursor, has_more = read_page(body, self.context.siret)
        return self._plan(candidates, rejected, next_cursor, has_more)

    def plan_raws(self, raws: Sequence[Any]) -> PagePlan:
        """Entries set aside earlier, from their raw payloads (no cursor)."""
        candidates, rejected = split_entries(raws, self.context.siret)
        return self._plan(candidates, rejected, "", False)

    def _plan(
        self,
        candidates: list[Candidate],
        rejected: list[RejectionItem],
        next_cursor: str,
        has_more: bool,
    ) -> PagePlan:
        start = self.context.start_date
        kept = [
            c for c in candidates if start is None or c.entry.date is None or c.entry.date >= start
        ]
        plan_id = next(self._ids)
        self._plans[plan_id] = _Held(kept, rejected)
        downloads = tuple(
            DocDownload(c.entry.source_id, c.entry.piece_ref, d, c.urls.get(d.source_id))
            for c in kept
            for d in c.entry.documents
        )
        weight = sum(max(d.document.size, MIN_WEIGHT) for d in downloads)
        skipped = len(candidates) - len(kept)
        return PagePlan(plan_id, downloads, next_cursor, has_more, skipped, weight)

    def drop(self, plan_id: int) -> None:
        """Forget a plan that will not be stored (cancelled run)."""
        self._plans.pop(plan_id, None)

    async def store(
        self,
        plan_id: int,
        refusals: Mapping[str, Refusal],
        files: Sequence[PendingFile],
        cursor: str | None,
    ) -> StoreOutcome:
        """Write the plan's pièces, then store it in one transaction (with ``cursor``)."""
        held = self._plans.pop(plan_id)
        if files:  # on disk under their final names before the page's transaction
            await commit_files(self.content, files)
        entries: list[Entry] = []
        rejected = list(held.rejected)
        for cand in held.candidates:
            refusal = refusals.get(cand.entry.source_id)
            if refusal is None:
                entries.append(cand.entry)
            else:
                rejected.append(
                    RejectionItem(
                        "entry",
                        cand.entry.source_id,
                        refusal.code,
                        refusal.message,
                        raw_text(cand.raw),
                    )
                )
        ctx = self.context
        with page_transaction():
            result = upsert_entries(
                ctx.dossier_id,
                entries,
                provenance=MEG,
                cursor=(CURSOR_SOURCE, cursor) if cursor is not None else None,
            )
            if rejected:
                record_rejections(ctx.dossier_id, rejected, provenance=MEG, run_id=ctx.run_id)
        return StoreOutcome(
            result.new,
            result.unchanged,
            result.conflicts,
            len(rejected),
            len(entries) + len(rejected),
        )
