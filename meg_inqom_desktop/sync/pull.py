"""Pull one dossier's validated entries and pièces from MEG into the local ledger (flow 2).

For each page of the feed (from the stored cursor; the first run starts at the beginning of
the feed and keeps the entries dated from the dossier's start date):

1. each entry is read and validated (one of another SIRET is refused), the whole page at
   once, or entry by entry when one of them is malformed;
2. its pièces are downloaded BEFORE the page's transaction (size cap, sniffed type, sha256
   checked by the client) into the content-addressed store; a pièce already there is not
   downloaded again;
3. one transaction stores the good entries (new, unchanged or conflict), sets the others aside
   as ``Rejection`` rows (French reason + raw payload) and advances the cursor.

Entries set aside are tried again at the start of the next run (from their raw payload) and
their rejection is resolved when they get through. While a page's pièces download, the next
page is already being fetched.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx2

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.errors import RecoverableError
from meg_inqom_desktop.meg import mapping, wire
from meg_inqom_desktop.meg.mapping import ItemFailure
from meg_inqom_desktop.net.errors import NetworkError
from meg_inqom_desktop.net.http import RetryableBody, read_json
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.ledger_writes import (
    RejectionItem,
    get_cursor,
    page_transaction,
    record_rejections,
    upsert_entries,
)
from meg_inqom_desktop.store.models import Dossier, Rejection
from meg_inqom_desktop.sync.documents import MemorySink, PendingFile, commit_files
from meg_inqom_desktop.sync.runs import Phase, Progress, ProgressCallback, RunCounts

log = logging.getLogger(__name__)

CURSOR_SOURCE = "meg"
TRANSIENT_CODES = ("document_unavailable",)


@dataclass
class Candidate:
    """A well-formed entry of the right dossier, with its pièces' download URLs."""

    entry: Entry
    raw: Any
    urls: dict[str, str]


@dataclass
class SyncPage:
    """A feed page split into candidates and items set aside."""

    candidates: list[Candidate]
    rejected: list[RejectionItem]
    next_cursor: str = ""
    has_more: bool = False


@dataclass
class PullState:
    dossier: Dossier
    meg: Any
    content: Any
    counts: RunCounts
    run_id: int
    progress: ProgressCallback
    concurrency: int
    entries_done: int = 0
    before_start: int = 0
    sem: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(6))
    commit_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _raw_text(raw: Any) -> str:
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
        _raw_text(raw if raw is not None else failure.raw),
    )


def _json_ready(item: Any) -> Any:
    """A validated wire entry back to JSON-ready data (for a rejection's raw payload)."""
    try:
        return wire.ENTRY.dump_python(item, mode="json")
    except Exception:  # pragma: no cover - a raw dict that did not validate stays as it is
        return item


def _check(item: Any, raw: Any, siret: str) -> Candidate | RejectionItem:
    entry, failure = mapping.check_entry(item, siret=siret)
    if failure is not None or entry is None:
        return _failure_item(failure, raw)  # type: ignore[arg-type]
    return Candidate(entry, raw, mapping.download_urls([item]))


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
        result = _check(item, raw, siret)
        if isinstance(result, Candidate):
            candidates.append(result)
        else:
            if validated:
                result = replace(result, raw_payload=_raw_text(_json_ready(item)))
            rejected.append(result)
    return candidates, rejected


async def fetch_page(meg: Any, cursor: str | None, limit: int) -> SyncPage:
    """One feed page; one bad entry never spoils the page (it is checked alone)."""
    params: dict[str, Any] = {"limit": limit}
    if cursor:
        params["cursor"] = cursor

    async def consume(response: httpx2.Response) -> SyncPage:
        ctype = response.headers.get("content-type", "")
        if "json" not in ctype:
            raise RetryableBody(f"type de contenu inattendu : {ctype or 'aucun'}")
        try:  # fast path: the whole page at once
            fast = wire.ENTRY_PAGE.validate_json(response.content)
        except ValueError:
            pass
        else:
            candidates, rejected = split_entries(fast["entries"], meg.siret, validated=True)
            return SyncPage(candidates, rejected, fast["next_cursor"], fast["has_more"])
        data = read_json(response)  # slow path: the page's frame, then entry by entry
        if not (
            isinstance(data, dict)
            and isinstance(data.get("entries"), list)
            and isinstance(data.get("next_cursor"), str)
            and isinstance(data.get("has_more"), bool)
        ):
            raise RetryableBody("page d'écritures illisible (entries, next_cursor, has_more)")
        candidates, rejected = split_entries(data["entries"], meg.siret)
        return SyncPage(candidates, rejected, data["next_cursor"], data["has_more"])

    page: SyncPage = await meg.caller.call(
        "GET",
        f"{meg.base_url}/companies/{quote(meg.siret)}/entries",
        route="GET /companies/{siret}/entries",
        consume=consume,
        params=params,
    )
    return page


async def _download_one(
    state: PullState, cand: Candidate, doc: Any, pending: list[PendingFile]
) -> None:
    if state.content.exists(doc.sha256):
        return
    sink = MemorySink()
    async with state.sem:  # bounds the downloads in flight
        got = await state.meg.download_document(doc, sink, url=cand.urls.get(doc.source_id))
    pending.append(sink.finish(got.sha256))
    state.counts.documents += 1
    state.counts.bytes += got.size


async def _documents(
    state: PullState, cand: Candidate, pending: list[PendingFile]
) -> RejectionItem | None:
    """Download the candidate's pièces; a rejection if one cannot be had."""
    mine: list[PendingFile] = []
    outcomes = await asyncio.gather(
        *(_download_one(state, cand, d, mine) for d in cand.entry.documents),
        return_exceptions=True,
    )
    pending.extend(mine)  # even when a sibling failed (stored, harmless)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    for exc in errors:
        if not isinstance(exc, RecoverableError | NetworkError) or (
            isinstance(exc, NetworkError) and not getattr(exc, "retry_later", True)
        ):
            raise exc
    refused = next((e for e in errors if isinstance(e, RecoverableError)), None)
    if refused is not None:  # refused pièce (size, type, checksum, missing)
        return RejectionItem(
            "entry",
            cand.entry.source_id,
            "document_refused",
            f"Écriture MEG {cand.entry.source_id} ({cand.entry.piece_ref}) mise de côté : "
            f"{refused.message}",
            _raw_text(cand.raw),
        )
    if errors:
        exc = errors[0]
        message = getattr(exc, "message", str(exc))
        return RejectionItem(
            "entry",
            cand.entry.source_id,
            "document_unavailable",
            f"Écriture MEG {cand.entry.source_id} ({cand.entry.piece_ref}) mise de côté pour "
            f"l'instant : une pièce n'a pas pu être téléchargée ({message}). Nouvel essai "
            "à la prochaine synchronisation.",
            _raw_text(cand.raw),
        )
    return None


async def _prepare(
    state: PullState, candidates: list[Candidate], rejected: list[RejectionItem]
) -> tuple[list[Entry], list[RejectionItem]]:
    """Filter by start date and download pièces: entries to store, items to set aside."""
    start: date | None = state.dossier.start_date
    kept = []
    for cand in candidates:
        if start is not None and cand.entry.date is not None and cand.entry.date < start:
            state.before_start += 1
            continue
        kept.append(cand)
    pending: list[PendingFile] = []
    with_docs = [c for c in kept if c.entry.documents]  # most entries have none: no task
    outcomes = await asyncio.gather(*(_documents(state, c, pending) for c in with_docs))
    refused = {id(c): r for c, r in zip(with_docs, outcomes, strict=True) if r is not None}
    results = [refused.get(id(c)) for c in kept]
    if pending:  # on disk under their final names before the page's transaction
        async with state.commit_lock:  # one page's writes at a time (no journal contention)
            await commit_files(state.content, pending)
    entries = [c.entry for c, r in zip(kept, results, strict=True) if r is None]
    return entries, rejected + [r for r in results if r is not None]


def _store(
    state: PullState, entries: list[Entry], rejected: list[RejectionItem], cursor: str | None
) -> None:
    """One transaction: entries, rejections, cursor."""
    with page_transaction():
        result = upsert_entries(
            state.dossier.id,
            entries,
            provenance=MEG,
            cursor=(CURSOR_SOURCE, cursor) if cursor is not None else None,
        )
        if rejected:
            record_rejections(state.dossier.id, rejected, provenance=MEG, run_id=state.run_id)
    state.counts.new += result.new
    state.counts.unchanged += result.unchanged
    state.counts.conflicts += result.conflicts
    state.counts.rejected += len(rejected)
    state.entries_done += len(entries) + len(rejected)


def _emit(state: PullState, phase: str, total: int | None = None) -> None:
    state.progress(
        Progress(
            phase,
            state.dossier.id,
            state.dossier.name or state.dossier.siret,
            entries_done=state.entries_done,
            entries_total=total,
            documents=state.counts.documents,
            bytes=state.counts.bytes,
        )
    )


def _open_rejections(dossier_id: int, codes: Sequence[str] | None = None) -> list[Rejection]:
    with convert_db_errors():
        query = Rejection.select().where(
            (Rejection.dossier == dossier_id)
            & (Rejection.kind == "entry")
            & (Rejection.provenance == MEG.code)
            & (Rejection.resolved_at.is_null())
            & (Rejection.source_id != "")
        )
        if codes is not None:
            query = query.where(Rejection.reason_code.in_(list(codes)))
        return list(query.order_by(Rejection.id))


async def retry_rejected(state: PullState, codes: Sequence[str] | None = None) -> int:
    """Try again the entries set aside earlier (from their raw payload); returns how many."""
    rows = _open_rejections(state.dossier.id, codes)
    if not rows:
        return 0
    raws = []
    for row in rows:
        try:
            raws.append(json.loads(row.raw_payload))
        except ValueError:
            raws.append(row.raw_payload)
    _emit(state, Phase.RETRY, len(rows))
    for start in range(0, len(raws), 100):
        candidates, rejected = split_entries(raws[start : start + 100], state.meg.siret)
        entries, rejected = await _prepare(state, candidates, rejected)
        state.counts.details["retried"] = (
            state.counts.details.get("retried", 0) + len(candidates) + len(rejected)
        )
        _store(state, entries, rejected, None)
    return len(rows)


Prepared = tuple[SyncPage, "asyncio.Task[tuple[list[Entry], list[RejectionItem]]]"]


async def _pipeline(state: PullState, cursor: str | None, page_size: int, in_flight: int) -> None:
    """Fetch pages one after the other and download their pièces while earlier pages finish;
    store the pages strictly in feed order (each with its cursor)."""
    queue: asyncio.Queue[Prepared | BaseException | None] = asyncio.Queue(
        maxsize=max(1, in_flight - 1)
    )

    async def produce() -> None:
        next_cursor = cursor
        try:
            while True:
                page = await fetch_page(state.meg, next_cursor, page_size)
                task = asyncio.ensure_future(_prepare(state, page.candidates, page.rejected))
                try:
                    await queue.put((page, task))
                except BaseException:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
                    raise
                if not page.has_more:
                    await queue.put(None)
                    return
                next_cursor = page.next_cursor
        except Exception as exc:  # handed to the consumer, which raises it in order
            await queue.put(exc)

    async def consume() -> None:
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            page, task = item
            entries, rejected = await task
            _store(state, entries, rejected, page.next_cursor)
            _emit(state, Phase.PULL)

    producer = asyncio.ensure_future(produce())
    try:
        await consume()
        await producer
    finally:
        pending: list[asyncio.Future[Any]] = [producer]
        while not queue.empty():
            item = queue.get_nowait()
            if isinstance(item, tuple):
                pending.append(item[1])
        for fut in pending:
            if not fut.done():
                fut.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def pull_dossier(
    dossier: Dossier,
    meg: Any,
    content_store: Any,
    counts: RunCounts,
    run_id: int,
    progress: ProgressCallback,
    options: Any,
) -> None:
    """Pull the dossier's feed into the ledger (see the module docstring)."""
    concurrency = max(1, int(getattr(options, "download_concurrency", 6)))
    page_size = int(getattr(options, "page_size", 200))
    state = PullState(
        dossier,
        meg,
        content_store,
        counts,
        run_id,
        progress,
        concurrency,
        sem=asyncio.Semaphore(concurrency),
    )
    await retry_rejected(state)
    rejected_before = counts.rejected
    cursor = get_cursor(dossier.id, CURSOR_SOURCE)
    _emit(state, Phase.PULL)
    await _pipeline(state, cursor, page_size, int(getattr(options, "pages_in_flight", 4)))
    # pièces that failed for a passing reason during this run get one more chance now
    if counts.rejected > rejected_before:
        await retry_rejected(state, TRANSIENT_CODES)
    counts.details["before_start_date"] = state.before_start
    counts.rejected = len(_open_rejections(dossier.id))
