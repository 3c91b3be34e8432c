"""Walking MEG's feed page by page in tests (the product reads it in ``sync.pull``)."""

from __future__ import annotations

from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.meg.feed import FeedPage


async def walk_feed(meg: MegClient, cursor: str | None = None, limit: int = 500) -> list[FeedPage]:
    """Every page after ``cursor`` until the end of the feed."""
    pages = []
    while True:
        page = await meg.feed_page(cursor, limit=limit)
        pages.append(page)
        if not page.has_more:
            return pages
        cursor = page.next_cursor
