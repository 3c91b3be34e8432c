"""Reading past an entry too large to be read: a feed page skimmed, never held in memory.

When a page of ONE entry is still larger than the client reads (``MegClient.MAX_PAGE_BYTES``),
:class:`PageSkimmer` goes through its JSON as it arrives and keeps only what lets the feed go
on: ``next_cursor``, ``has_more`` and the entry's ``id`` (texts of at most :data:`KEEP` bytes;
longer ones are skipped, not stored). The entry itself is set aside by the caller. Strings are
skipped with ``bytes.find``, so a 2 GB label costs a few passes of C code, not a Python loop
per byte.
"""

from __future__ import annotations

import json
import re

KEEP = 4096  # longest text kept (a cursor, an id); anything longer is skipped
_STOP = re.compile(rb'["{}\[\]:,]')


class SkimError(ValueError):
    """The skimmed page is not a feed page the app can go on from."""


class PageSkimmer:
    """Feed it a page's bytes in chunks (:meth:`feed`), then read :meth:`result`."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escape = False  # the previous chunk ended inside a string on a backslash
        self.text = bytearray()
        self.text_too_long = False
        self.keys: dict[int, bytes | None] = {}
        self.value = False  # after a colon at the current depth
        self.scalar = bytearray()
        self.entries = 0
        self.next_cursor: str | None = None
        self.has_more: bool | None = None
        self.ids: list[str] = []

    # -- input ----------------------------------------------------------------------------

    def feed(self, chunk: bytes) -> None:
        pos, end = 0, len(chunk)
        if self.escape and end:
            self.escape = False
            self._keep(chunk[:1])
            pos = 1
        while pos < end:
            if self.in_string:
                pos = self._string(chunk, pos, end)
                continue
            found = _STOP.search(chunk, pos)
            stop = found.start() if found is not None else end
            if self.value and self.depth == 1 and len(self.scalar) < 16:
                self.scalar += chunk[pos:stop].strip()[:16]
            if found is None:
                return
            self._structure(chunk[stop : stop + 1])
            pos = stop + 1

    def _string(self, chunk: bytes, pos: int, end: int) -> int:
        quote = chunk.find(b'"', pos)
        limit = quote if quote >= 0 else end
        while (slash := chunk.find(b"\\", pos, limit)) >= 0:
            if slash + 1 >= end:  # the escaped character is in the next chunk
                self._keep(chunk[pos : slash + 1])
                self.escape = True
                return end
            self._keep(chunk[pos : slash + 2])
            pos = slash + 2
            if slash + 1 == quote:  # that quote was escaped: find the next one
                quote = chunk.find(b'"', pos)
                limit = quote if quote >= 0 else end
        if quote < 0:
            self._keep(chunk[pos:end])
            return end
        self._keep(chunk[pos:quote])
        self.in_string = False
        self._string_done()
        return quote + 1

    def _keep(self, part: bytes) -> None:
        if self.text_too_long:
            return
        if len(self.text) + len(part) > KEEP:
            self.text_too_long = True
            self.text.clear()
            return
        self.text += part

    # -- structure ------------------------------------------------------------------------

    def _structure(self, char: bytes) -> None:
        if char == b'"':
            self.in_string = True
            self.text.clear()
            self.text_too_long = False
        elif char in (b"{", b"["):
            self.value = False
            self.depth += 1
            self.keys[self.depth] = None
            if char == b"{" and self.depth == 3 and self.keys.get(1) == b"entries":
                self.entries += 1
        elif char in (b"}", b"]"):
            self._scalar_done()
            self.depth -= 1
            self.value = False
        elif char == b":":
            self.value = True
            self.scalar.clear()
        else:  # ","
            self._scalar_done()
            self.value = False

    def _string_done(self) -> None:
        text = None if self.text_too_long else bytes(self.text)
        if not self.value:
            self.keys[self.depth] = text
            return
        self.value = False
        key = self.keys.get(self.depth)
        if text is None:
            return
        if self.depth == 1 and key == b"next_cursor":
            self.next_cursor = _decode(text)
        elif self.depth == 3 and key == b"id" and self.keys.get(1) == b"entries":
            self.ids.append(_decode(text))

    def _scalar_done(self) -> None:
        flag = bytes(self.scalar)
        if (
            self.value
            and self.depth == 1
            and self.keys.get(1) == b"has_more"
            and flag
            in (
                b"true",
                b"false",
            )
        ):
            self.has_more = flag == b"true"
        self.scalar.clear()

    # -- output ---------------------------------------------------------------------------

    def result(self) -> tuple[str, bool, list[str], int]:
        """``(next_cursor, has_more, entry ids, entry count)``; :class:`SkimError` if the page
        does not say where the feed goes on."""
        if self.depth != 0 or self.in_string:
            raise SkimError("page incomplète")
        if self.next_cursor is None or self.has_more is None:
            raise SkimError("page sans « next_cursor » ni « has_more » lisibles")
        return self.next_cursor, self.has_more, self.ids, self.entries


def _decode(text: bytes) -> str:
    try:
        value = json.loads(b'"' + text + b'"')
    except ValueError as exc:
        raise SkimError("texte illisible") from exc
    if not isinstance(value, str):  # pragma: no cover - a JSON string always decodes to str
        raise SkimError("texte illisible")
    return value
