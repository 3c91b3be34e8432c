"""Pièce bytes: the type a file's first bytes announce."""

from __future__ import annotations

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"


def sniff_media_type(head: bytes) -> str | None:
    """The type announced by a file's first bytes (PDF, PNG, JPEG), or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None
