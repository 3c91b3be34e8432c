"""Pull one dossier's validated entries and pièces from MEG into the local ledger (flow 2).

One process, one event loop, two tasks:

* the **reader** asks MEG for the feed's pages one after the other from the stored cursor
  (``MegClient.feed_page``: entries parsed, checked, mapped; bad ones set aside), keeps the
  entries dated from the dossier's start date, and starts downloading each page's pièces at
  once (at most ``download_concurrency`` at a time, size cap, sniffed type and sha256 checked
  by the client; a pièce already in the content store is not downloaded again);
* the **writer** takes the pages strictly in feed order; for each, once its pièces are in,
  the content store writes them under their final names, then ONE transaction stores the
  good entries (new, unchanged or conflict), sets the others aside as ``Rejection`` rows
  (French reason + the entry as MEG sent it) and advances the cursor. Before it, each entry
  is cross-checked with the electronic invoices its pièces carry (:mod:`.invoice_checks`, in a
  worker thread): a disagreement goes to « À traiter » without holding the entry back.

So pages and pièces flow without waiting for the disk, memory stays bounded (pages and pièce
bytes ahead of the writer), and a run cut anywhere resumes where the last stored page ended.
Entries set aside earlier are read again from their payload at the start of each run and
their rejection is resolved when they get through; a pièce that failed for a passing reason
gets one more chance at the end of the run.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.errors import RecoverableError
from meg_inqom_desktop.meg.client import FeedPage, MegClient, read_entries
from meg_inqom_desktop.meg.mapping import ItemFailure, payload_text
from meg_inqom_desktop.net.errors import NetworkError
from meg_inqom_desktop.store.content_store import ContentStore, Piece
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.ledger_writes import (
    RejectionItem,
    get_cursor,
    page_transaction,
    record_rejections,
    resolve_rejections,
    upsert_entries,
)
from meg_inqom_desktop.store.models import DossierRow, Rejection
from meg_inqom_desktop.sync.invoice_checks import KIND as INVOICE_KIND
from meg_inqom_desktop.sync.invoice_checks import InvoiceReview, review_invoices
from meg_inqom_desktop.sync.runs import Phase, Progress, ProgressCallback, RunCounts

if TYPE_CHECKING:
    from meg_inqom_desktop.sync.engine import EngineOptions

log = logging.getLogger(__name__)

CURSOR_SOURCE = "meg"
TRANSIENT_CODES = ("document_unavailable",)
RETRY_BATCH = 100
MIN_WEIGHT = 16_384  # the memory counted for a pièce whose size MEG does not declare


@dataclass
class _Page:
    """A page on its way to the ledger: its entries, and the download of their pièces."""

    feed: FeedPage  # what MEG sent (an entry's payload is kept with its rejection)
    entries: list[Entry]
    cursor: str | None  # None: entries read again from their rejections
    downloads: asyncio.Task[tuple[dict[str, RejectionItem], list[Piece]]]
    weight: int


@dataclass
class _Room:
    """Pièce bytes read ahead and not stored yet (as MEG declares them), bounded."""

    limit: int
    used: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def take(self, amount: int) -> None:
        self.used += amount

    def give(self, amount: int) -> None:
        self.used -= amount
        self.changed.set()

    async def wait(self) -> None:
        while self.used >= self.limit:
            self.changed.clear()
            await self.changed.wait()


def _failure_item(failure: ItemFailure) -> RejectionItem:
    known = not failure.source_id.startswith("#")
    who = failure.source_id if known else f"n° {failure.source_id[1:]} de la page"
    return RejectionItem(
        "entry",
        failure.source_id if known else "",
        failure.codes[0] if failure.codes else "invalid_entry",
        f"Écriture MEG {who} mise de côté : {failure.reason}.",
        payload_text(failure.raw),
    )


class Puller:
    """One run's pull of one dossier (see the module docstring)."""

    def __init__(
        self,
        dossier: DossierRow,
        meg: MegClient,
        content: ContentStore,
        counts: RunCounts,
        run_id: int,
        progress: ProgressCallback,
        options: EngineOptions,
    ) -> None:
        self.dossier = dossier
        self.meg = meg
        self.content = content
        self.counts = counts
        self.run_id = run_id
        self.progress = progress
        self.options = options
        self.start_date: date | None = dossier.start_date
        self.gate = asyncio.Semaphore(max(1, options.download_concurrency))
        self.room = _Room(options.bytes_in_flight)
        self.entries_done = 0
        self.before_start = 0

    async def run(self) -> None:
        await self.retry_rejected()
        rejected_before = self.counts.rejected
        self._emit(Phase.PULL)
        await self._pipeline(get_cursor(self.dossier.id, CURSOR_SOURCE))
        if self.counts.rejected > rejected_before:  # passing failures: one more chance now
            await self.retry_rejected(TRANSIENT_CODES)
        self.counts.details["before_start_date"] = self.before_start
        self.counts.rejected = len(self._open_rejections())

    # -- the two tasks ----------------------------------------------------------------------

    async def _pipeline(self, cursor: str | None) -> None:
        queue: asyncio.Queue[_Page | BaseException | None] = asyncio.Queue(
            maxsize=max(1, self.options.pages_in_flight)
        )

        async def read() -> None:
            next_cursor = cursor
            try:
                while True:
                    await self.room.wait()
                    page = await self.meg.feed_page(next_cursor, limit=self.options.page_size)
                    await queue.put(self._prepare(page, page.next_cursor))
                    if not page.has_more:
                        break
                    next_cursor = page.next_cursor
                await queue.put(None)
            except Exception as exc:  # handed to the writer, which raises it in feed order
                await queue.put(exc)

        reader = asyncio.ensure_future(read())
        try:
            while (item := await queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                await self._store(item)
            await reader
        finally:
            reader.cancel()
            pending: list[asyncio.Future[Any]] = [reader]
            while not queue.empty():
                left = queue.get_nowait()
                if isinstance(left, _Page):
                    left.downloads.cancel()
                    pending.append(left.downloads)
            await asyncio.gather(*pending, return_exceptions=True)

    def _prepare(self, page: FeedPage, cursor: str | None) -> _Page:
        """Keep the entries from the start date on and start downloading their pièces."""
        start = self.start_date
        kept = [e for e in page.entries if start is None or e.date is None or e.date >= start]
        self.before_start += len(page.entries) - len(kept)
        weight = sum(max(d.size, MIN_WEIGHT) for e in kept for d in e.documents)
        self.room.take(weight)
        task = asyncio.ensure_future(self._download(kept, page.download_urls))
        return _Page(page, kept, cursor, task, weight)

    async def _store(self, page: _Page) -> None:
        """Write the page's pièces, then store it in one transaction (with its cursor)."""
        try:
            refusals, pieces = await page.downloads
            if pieces:
                await self.content.add(pieces)
        finally:
            self.room.give(page.weight)
        entries = [e for e in page.entries if e.source_id not in refusals]
        fresh = {p.sha256: p.data for p in pieces}
        invoices = await asyncio.to_thread(
            review_invoices, entries, self.dossier.siret, fresh, self.content
        )
        rejected = [_failure_item(f) for f in page.feed.failures]
        rejected += [
            replace(refusals[e.source_id], raw_payload=page.feed.payload(e.source_id))
            for e in page.entries
            if e.source_id in refusals
        ]
        with page_transaction():
            result = upsert_entries(
                self.dossier.id,
                entries,
                provenance=MEG,
                cursor=(CURSOR_SOURCE, page.cursor) if page.cursor is not None else None,
            )
            if rejected:
                record_rejections(self.dossier.id, rejected, provenance=MEG, run_id=self.run_id)
            self._record_invoices(invoices)
        self.counts.new += result.new
        self.counts.unchanged += result.unchanged
        self.counts.conflicts += result.conflicts
        self.counts.rejected += len(rejected)
        self.entries_done += len(entries) + len(rejected)
        self._emit(Phase.PULL)

    def _record_invoices(self, review: InvoiceReview) -> None:
        """Invoices that disagree with their entry go to « À traiter » (the entries are stored
        all the same); entries whose invoices agree clear their earlier item."""
        if review.items:
            record_rejections(self.dossier.id, review.items, provenance=MEG, run_id=self.run_id)
            details = self.counts.details
            details["invoices_to_review"] = details.get("invoices_to_review", 0) + len(review.items)
        if review.agreeing:
            resolve_rejections(
                self.dossier.id, provenance=MEG, kind=INVOICE_KIND, source_ids=review.agreeing
            )

    # -- pièces -----------------------------------------------------------------------------

    async def _download(
        self, entries: Sequence[Entry], urls: dict[str, str]
    ) -> tuple[dict[str, RejectionItem], list[Piece]]:
        """The page's pièces (in memory until the page is stored), and the entries set aside
        because one of their pièces could not be had."""
        pieces: list[Piece] = []
        wanted = [e for e in entries if e.documents]
        outcomes = await asyncio.gather(*(self._entry_pieces(e, urls, pieces) for e in wanted))
        refusals = {e.source_id: r for e, r in zip(wanted, outcomes, strict=True) if r}
        return refusals, pieces

    async def _entry_pieces(
        self, entry: Entry, urls: dict[str, str], pieces: list[Piece]
    ) -> RejectionItem | None:
        async def one(document_index: int) -> None:
            document = entry.documents[document_index]
            if document.sha256 and self.content.exists(document.sha256):
                return
            async with self.gate:
                got = await self.meg.download_document(document, url=urls.get(document.source_id))
            pieces.append(Piece(got.data, got.sha256))
            self.counts.documents += 1
            self.counts.bytes += got.size

        outcomes = await asyncio.gather(
            *(one(i) for i in range(len(entry.documents))), return_exceptions=True
        )
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        for exc in errors:
            passing = isinstance(exc, NetworkError) and exc.retry_later
            if not (isinstance(exc, RecoverableError) or passing):
                raise exc
        if not errors:
            return None
        who = f"Écriture MEG {entry.source_id} ({entry.piece_ref}) mise de côté"
        refused = next((e for e in errors if isinstance(e, RecoverableError)), None)
        if refused is not None:  # too large, wrong type, wrong checksum, missing at MEG
            return RejectionItem(
                "entry", entry.source_id, "document_refused", f"{who} : {refused.message}"
            )
        message = getattr(errors[0], "message", str(errors[0]))
        return RejectionItem(
            "entry",
            entry.source_id,
            "document_unavailable",
            f"{who} pour l'instant : une pièce n'a pas pu être téléchargée ({message}). "
            "Nouvel essai à la prochaine synchronisation.",
        )

    # -- entries set aside earlier ----------------------------------------------------------

    def _open_rejections(self, codes: Sequence[str] | None = None) -> list[Rejection]:
        with convert_db_errors():
            query = Rejection.select().where(
                (Rejection.dossier == self.dossier.id)
                & (Rejection.kind == "entry")
                & (Rejection.provenance == MEG.code)
                & (Rejection.resolved_at.is_null())
                & (Rejection.source_id != "")
            )
            if codes is not None:
                query = query.where(Rejection.reason_code.in_(list(codes)))
            return list(query.order_by(Rejection.id))

    async def retry_rejected(self, codes: Sequence[str] | None = None) -> int:
        """Read again the entries set aside earlier (from their payload); returns how many."""
        rows = self._open_rejections(codes)
        if not rows:
            return 0
        self._emit(Phase.RETRY, len(rows))
        for start in range(0, len(rows), RETRY_BATCH):
            payloads = []
            for row in rows[start : start + RETRY_BATCH]:
                try:
                    payloads.append(json.loads(row.raw_payload))
                except ValueError:
                    payloads.append(row.raw_payload)
            page = read_entries(payloads, self.meg.siret)
            self.counts.details["retried"] = self.counts.details.get("retried", 0) + len(payloads)
            await self._store(self._prepare(page, None))
        return len(rows)

    def _emit(self, phase: str, total: int | None = None) -> None:
        self.progress(
            Progress(
                phase,
                self.dossier.id,
                self.dossier.name or self.dossier.siret,
                entries_done=self.entries_done,
                entries_total=total,
                documents=self.counts.documents,
                bytes=self.counts.bytes,
            )
        )
