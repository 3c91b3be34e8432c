"""Downloading a plan's pièces: bounded concurrency, per-entry refusals, bytes kept in memory.

Used by the puller in the app's process and by the ledger worker for the pages it fetches
itself. A pièce already in the content store is not downloaded again. The MEG client checks
each pièce (size cap, sniffed type, sha256); a pièce refused or unavailable sets its whole
entry aside (a :class:`Refusal`), the other entries of the page go on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from meg_inqom_desktop.errors import RecoverableError
from meg_inqom_desktop.net.errors import NetworkError
from meg_inqom_desktop.sync.documents import MemorySink, PendingFile
from meg_inqom_desktop.sync.page_plans import DocDownload, Refusal


class PieceDownloader:
    """Downloads pièces through ``meg`` (a ``MegClient``), at most ``concurrency`` at once."""

    def __init__(self, meg: Any, content: Any, concurrency: int) -> None:
        self.meg = meg
        self.content = content
        self.concurrency = max(1, concurrency)
        self.sem = asyncio.Semaphore(self.concurrency)
        self.documents = 0  # downloaded so far
        self.bytes = 0

    async def _one(self, item: DocDownload, pending: list[PendingFile]) -> None:
        doc = item.document
        if self.content.exists(doc.sha256):
            return
        sink = MemorySink()
        async with self.sem:  # bounds the downloads in flight
            got = await self.meg.download_document(doc, sink, url=item.url)
        pending.append(sink.finish(got.sha256))
        self.documents += 1
        self.bytes += got.size

    async def _entry(self, items: list[DocDownload], pending: list[PendingFile]) -> Refusal | None:
        """Download one entry's pièces; a refusal if one cannot be had."""
        mine: list[PendingFile] = []
        outcomes = await asyncio.gather(
            *(self._one(item, mine) for item in items), return_exceptions=True
        )
        pending.extend(mine)  # even when a sibling failed (stored, harmless)
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        for exc in errors:
            if not isinstance(exc, RecoverableError | NetworkError) or (
                isinstance(exc, NetworkError) and not getattr(exc, "retry_later", True)
            ):
                raise exc
        if not errors:
            return None
        who = f"Écriture MEG {items[0].entry_id} ({items[0].piece_ref}) mise de côté"
        refused = next((e for e in errors if isinstance(e, RecoverableError)), None)
        if refused is not None:  # refused pièce (size, type, checksum, missing)
            return Refusal("document_refused", f"{who} : {refused.message}")
        message = getattr(errors[0], "message", str(errors[0]))
        return Refusal(
            "document_unavailable",
            f"{who} pour l'instant : une pièce n'a pas pu être téléchargée ({message}). Nouvel "
            "essai à la prochaine synchronisation.",
        )

    async def download(
        self, downloads: Sequence[DocDownload]
    ) -> tuple[dict[str, Refusal], list[PendingFile]]:
        """The pièces (in memory until the store) and the entries refused for a pièce."""
        by_entry: dict[str, list[DocDownload]] = {}
        for item in downloads:
            by_entry.setdefault(item.entry_id, []).append(item)
        pending: list[PendingFile] = []
        keys = list(by_entry)
        outcomes = await asyncio.gather(*(self._entry(by_entry[k], pending) for k in keys))
        refusals = {k: r for k, r in zip(keys, outcomes, strict=True) if r is not None}
        return refusals, pending
