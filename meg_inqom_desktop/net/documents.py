"""Pièce bytes: type sniffing from the first bytes, and sinks that receive a download.

A download is streamed into a caller-provided :class:`DocumentSink`; the sync gives one that
writes a temporary file then stores it content-addressed by sha256. A sink may be asked to
``reset`` (a new attempt after a cut connection, or a refused document).
"""

from __future__ import annotations

import io
from typing import Protocol

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

ACCEPTED_TYPES = (PDF, PNG, JPEG)
SNIFF_BYTES = 8


def sniff_media_type(head: bytes) -> str | None:
    """The type announced by a file's first bytes (PDF, PNG, JPEG), or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def extension_for(media_type: str) -> str:
    return {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}.get(media_type, "")


class DocumentSink(Protocol):
    """Receives a document's bytes as they arrive."""

    def reset(self) -> None:
        """Forget what was written (new attempt, or document refused)."""
        ...

    def write(self, chunk: bytes) -> None: ...


class BytesSink:
    """Keeps the bytes in memory (tests, small documents, the benchmark)."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self.resets = 0

    def reset(self) -> None:
        self._buffer = io.BytesIO()
        self.resets += 1

    def write(self, chunk: bytes) -> None:
        self._buffer.write(chunk)

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()


class NullSink:
    """Discards the bytes (checks only)."""

    def reset(self) -> None:
        pass

    def write(self, chunk: bytes) -> None:
        pass
