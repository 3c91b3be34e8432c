"""MEG's feed pages read into domain entries: bad entries set aside one by one, the rest kept.

:func:`read_feed_page` reads a page's body (at most ``MegClient.MAX_PAGE_BYTES``): in one pass
from JSON to checked entries when the page is clean; otherwise entry by entry, the bad ones
returned as :class:`~meg_inqom_desktop.meg.mapping.ItemFailure`. :func:`skim_page` goes through
a page too large to be read (``meg.page_skim``) and sets its one entry aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

import httpx2
from pydantic import ValidationError

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.meg import mapping, wire
from meg_inqom_desktop.meg.errors import PageTooLarge
from meg_inqom_desktop.meg.mapping import ItemFailure, truncated_payload
from meg_inqom_desktop.meg.page_skim import PageSkimmer, SkimError
from meg_inqom_desktop.net.http import RetryableBody


@dataclass(frozen=True)
class FeedPage:
    """One page of the feed: good entries, set-aside ones, and where to resume."""

    entries: list[Entry]
    failures: list[ItemFailure]
    next_cursor: str
    has_more: bool
    download_urls: dict[str, str] = field(default_factory=dict)  # document id → URL
    wire_entries: dict[str, wire.Entry] = field(default_factory=dict)  # MEG id → as sent
    body_size: int = 0  # bytes of the page as received (what its parsed entries weigh)

    def payload(self, source_id: str) -> str:
        """The entry as MEG sent it (JSON), kept with a rejection to read it again later."""
        return mapping.payload_text(self.wire_entries[source_id])


async def read_capped(response: httpx2.Response, cap: int, limit: int) -> bytearray:
    """The whole body, or :class:`PageTooLarge` as soon as it exceeds ``cap`` bytes
    (``limit``: the entries asked for; 0 for an answer that is not a feed page)."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise PageTooLarge(int(declared), cap, limit)
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > cap:
            raise PageTooLarge(len(body), cap, limit)
    return body


async def skim_page(response: httpx2.Response, cap: int, limit: int) -> FeedPage:
    """A page too large to be read, gone through (see ``meg.page_skim``): its one entry set
    aside by id, and where the feed goes on."""
    skimmer = PageSkimmer()
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        skimmer.feed(chunk)
    try:
        next_cursor, has_more, ids, count = skimmer.result()
    except SkimError as exc:
        raise PageTooLarge(size, cap, limit, detail=str(exc)) from exc
    if count != 1 or len(ids) > 1:  # several entries (or none) in it: no way to tell
        raise PageTooLarge(size, cap, limit, entries=count)
    source_id = ids[0][:200] if ids else "#1"
    reason = (
        f"l'écriture fait {size / 2**20:.0f} Mo, plus que les {cap / 2**20:.0f} Mo qu'une page "
        "peut faire : elle n'a pas été lue ; signalez-la au support de MEG"
    )
    failure = ItemFailure(
        source_id, (reason,), ("entry_too_large",), truncated_payload(source_id, size)
    )
    return FeedPage([], [failure], next_cursor, has_more)


def read_feed_page(body: bytes | bytearray, siret: str) -> FeedPage:
    """A feed page's body read into domain entries; entries failing the schema or validation
    (or of another company) are set aside with their reasons, the rest of the page goes on.

    One pass from JSON to checked entries when the page is clean; otherwise the entries are
    checked one by one. An unreadable envelope is :class:`RetryableBody` (fetched again).
    """
    try:
        page = wire.ENTRY_PAGE.validate_json(body)
        clean = _feed_page(page["entries"], [], page["next_cursor"], page["has_more"], siret)
        return replace(clean, body_size=len(body))
    except ValidationError:
        pass
    try:
        raw = wire.RAW_ENTRY_PAGE.validate_json(body)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if not first["type"].startswith("json"):
            where = ".".join(str(p) for p in first["loc"])
            raise RetryableBody(f"page d'écritures : champ « {where} » {first['msg']}") from exc
        # Python's reader takes what pydantic's refuses in one entry (an unpaired surrogate
        # escape, a huge integer...): that entry is then set aside, not the whole page.
        try:
            raw = wire.RAW_ENTRY_PAGE.validate_python(json.loads(body))
        except (ValueError, RecursionError, ValidationError):
            raise RetryableBody(f"JSON malformé : {first['msg']}") from exc
    items, failures = _parse_items(raw["entries"])
    mixed = _feed_page(items, failures, raw["next_cursor"], raw["has_more"], siret)
    return replace(mixed, body_size=len(body))


def read_entries(payloads: list[Any], siret: str) -> FeedPage:
    """Entries set aside earlier, read again from the payloads MEG sent (no cursor)."""
    items, failures = _parse_items(payloads)
    return _feed_page(items, failures, "", False, siret)


def _parse_items(raws: list[Any]) -> tuple[list[wire.Entry], list[ItemFailure]]:
    items: list[wire.Entry] = []
    failures: list[ItemFailure] = []
    for index, raw in enumerate(raws):
        parsed = mapping.parse_wire_entry(raw, index)
        if isinstance(parsed, ItemFailure):
            failures.append(parsed)
        else:
            items.append(parsed)
    return items, failures


def _feed_page(
    items: list[wire.Entry],
    failures: list[ItemFailure],
    next_cursor: str,
    has_more: bool,
    siret: str,
) -> FeedPage:
    entries: list[Entry] = []
    kept: dict[str, wire.Entry] = {}
    for item in items:
        entry, failure = mapping.check_entry(item, siret=siret)
        if entry is not None:
            entries.append(entry)
            kept[entry.source_id] = item
        if failure is not None:
            failures.append(replace(failure, raw=item))
    return FeedPage(entries, failures, next_cursor, has_more, mapping.download_urls(items), kept)
