"""The XML files embedded in a PDF (Factur-X, ZUGFeRD: a PDF/A-3 with the invoice attached).

The attachments are listed with pypdf, the PDF library the factur-x package itself uses; the
bytes are handed to :mod:`.safe_xml` untouched. (factur-x's own extraction parses each
attachment with lxml's default parser before any size check and skips an attachment that is
not XML without a word; we want both refused with a reason.) pypdf is imported at the first
PDF read: a process that reads none (the window, most commands) does not pay for it.
"""

from __future__ import annotations

import io
import logging

#: Names the standards give the invoice (compared without case), best first.
INVOICE_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a malformed PDF is our finding, not a log


class PdfUnreadable(Exception):
    """The bytes are not a PDF pypdf can open."""


def is_pdf(data: bytes) -> bool:
    """PDF signature within the first KB (as readers accept)."""
    return data.find(b"%PDF-", 0, 1024) >= 0


def xml_attachments(data: bytes) -> list[tuple[str, bytes]]:
    """Embedded files named like an invoice or ending in ``.xml``: invoice names first."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        found = [(a.name, a.content) for a in reader.attachment_list]
    except Exception as exc:  # pypdf raises many types on broken input
        raise PdfUnreadable(str(exc) or type(exc).__name__) from exc

    def rank(item: tuple[str, bytes]) -> int:
        name = item[0].lower()
        return INVOICE_NAMES.index(name) if name in INVOICE_NAMES else len(INVOICE_NAMES)

    chosen = [(n, c) for n, c in found if n.lower() in INVOICE_NAMES or n.lower().endswith(".xml")]
    return sorted(chosen, key=rank)
