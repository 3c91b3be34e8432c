"""Pièce files: what their bytes are, which types are accepted, and the name the app gives them.

A pièce is what its first bytes say it is, whatever name or type the server announces. Only
PDF, PNG, JPEG, TIFF and XML electronic invoices (CII, UBL) are accepted: nothing that a
double click could run (``.bat``, ``.hta``, HTML...). A pièce is stored and opened under a
name made here from its entry's piece reference and its sniffed type (``FA-2025-0042.pdf``),
never under the server's file name or extension. Pure code: bytes in, names out.
"""

from __future__ import annotations

import re
import unicodedata

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
XML = "application/xml"

EXTENSIONS: dict[str, str] = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", TIFF: ".tif", XML: ".xml"}
ACCEPTED = tuple(EXTENSIONS)
# What a server may announce for an accepted type (case-insensitive, parameters ignored).
ALIASES: dict[str, str] = {
    "application/pdf": PDF,
    "image/png": PNG,
    "image/jpeg": JPEG,
    "image/jpg": JPEG,
    "image/tiff": TIFF,
    "application/xml": XML,
    "text/xml": XML,
}
ACCEPTED_TEXT = "PDF, PNG, JPEG, TIFF ou facture électronique XML"

SNIFF_BYTES = 1024  # enough to see past an XML declaration and comments to the root element

# Root elements of the electronic invoices accepted as XML (CII / Factur-X, UBL).
_INVOICE_ROOTS = frozenset({"CrossIndustryInvoice", "Invoice", "CreditNote"})
_XML_SKIP = re.compile(rb"\s*(?:<\?[^>]*\?>|<!--.*?-->)", re.DOTALL)
_XML_ROOT = re.compile(rb"\s*<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")


def sniff_media_type(head: bytes) -> str | None:
    """The accepted type announced by a file's first bytes (up to :data:`SNIFF_BYTES`), or
    None for anything else (HTML, scripts, executables, archives, unknown)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    return XML if _is_invoice_xml(head) else None


def _is_invoice_xml(head: bytes) -> bool:
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    position = 0
    while (skipped := _XML_SKIP.match(text, position)) is not None and skipped.end() > position:
        position = skipped.end()
    root = _XML_ROOT.match(text, position)
    return root is not None and root.group(1).decode("ascii", "replace") in _INVOICE_ROOTS


def normalized_media_type(announced: str) -> str | None:
    """The accepted type a server's announced type stands for (``text/xml`` → XML), or None."""
    return ALIASES.get(announced.split(";", 1)[0].strip().lower())


def describe(head: bytes) -> str:
    """A short, printable description of a refused file's first bytes (for messages)."""
    shown = head[:8].decode("latin-1")
    return "".join(c if c.isprintable() else "·" for c in shown) or "vide"


# --- names ---------------------------------------------------------------------------------

MAX_STEM = 80
_UNSAFE = re.compile(r"[^\w\-.() ]+")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
)


def safe_stem(text: str) -> str:
    """``text`` as the stem of a file name on every system: letters, digits, ``-_.() `` only,
    no leading or trailing dot or space, no Windows device name, at most :data:`MAX_STEM`
    characters; ``"piece"`` when nothing is left."""
    plain = unicodedata.normalize("NFKC", text)
    stem = _UNSAFE.sub("_", plain)[:MAX_STEM].strip(" ._")
    if not stem:
        return "piece"
    if stem.split(".", 1)[0].upper() in _RESERVED:
        stem = f"_{stem}"
    return stem


def piece_file_name(piece_ref: str, media_type: str, index: int = 0) -> str:
    """The name a pièce is stored and opened under: ``<piece_ref>.pdf`` (sanitized), with
    ``-2``, ``-3``... for an entry's further pièces; the extension is the type's own."""
    extension = EXTENSIONS.get(normalized_media_type(media_type) or "", ".bin")
    suffix = f"-{index + 1}" if index else ""
    return f"{safe_stem(piece_ref)}{suffix}{extension}"
