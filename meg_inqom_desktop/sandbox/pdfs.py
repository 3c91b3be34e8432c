"""Real PDF pièces for the demo firm (fpdf2), rendered lazily and deterministically.

Each PDF shows the number, date, parties and amounts of its entry as text. Streams are left
uncompressed so tests can find the text in the bytes (``b"FA-2025-0001" in pdf``); the
creation date is fixed, so the same seed always gives the same bytes (and sha256).

A pièce whose description has ``einvoice`` is a Factur-X: fpdf2 embeds the CII XML
(:mod:`.facturx_xml`) as ``factur-x.xml`` (associated file, relationship Data) and writes the
Factur-X XMP metadata that the factur-x package generates (with a fixed date, so the bytes
stay deterministic; its own ``generate_from_binary`` stamps the current time and rewrites the
whole PDF, about four times the cost of rendering it). The core fonts are not embedded, so the
file is Factur-X in structure, not a validated PDF/A-3.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from fpdf import FPDF

from meg_inqom_desktop.sandbox.facturx_xml import cii_xml
from meg_inqom_desktop.sandbox.state import MegDocument

_FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)

# A 1x1 PNG: the body of a "pièce" that claims to be a PDF but is not.
PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

_TITLES = {
    "invoice_sale": "FACTURE",
    "invoice_purchase": "FACTURE FOURNISSEUR",
    "expense_report": "NOTE DE FRAIS",
    "credit_note_sale": "AVOIR",
}
_XMP_LEVELS = {"en16931": "EN 16931", "basic": "BASIC"}


def amount_fr(value: Decimal) -> str:
    """``1 234,56`` (plain spaces: the PDF core fonts are Latin-1)."""
    sign = "-" if value < 0 else ""
    units, cents = f"{abs(value):.2f}".split(".")
    groups: list[str] = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sign}{' '.join(groups)},{cents}"


def _date_fr(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


@functools.cache
def facturx_xmp(profile: str) -> str:
    """The Factur-X XMP packet body for a profile (the factur-x package's, dated once)."""
    import facturx  # type: ignore[import-untyped]
    from lxml import etree

    root = facturx.generate_xmp_object(
        {
            "pdfa3_flavor": "B",
            "title": "Facture",
            "author": "Démo MEG",
            "subject": "Facture électronique Factur-X",
            "producer": "fpdf2",
            "creator_tool": "meg-inqom-desktop bac à sable",
            "timestamp": _FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "version": "1.0",
            "documenttype": "INVOICE",
            "xml_filename": "factur-x.xml",
            "xmp_level": _XMP_LEVELS[profile],
            "urn": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
        }
    )
    return str(etree.tostring(root, encoding="unicode"))


def render_pdf(info: dict[str, Any]) -> bytes:
    """The PDF of one pièce described by ``info`` (see ``seed.py`` for the keys)."""
    pdf = FPDF()
    pdf.set_compression(False)
    pdf.set_creation_date(_FIXED_DATE)
    fx = info.get("einvoice")
    if fx:
        pdf.set_xmp_metadata(facturx_xmp(fx["profile"]))
        pdf.embed_file(
            bytes=cii_xml(info),
            basename="factur-x.xml",
            modification_date=_FIXED_DATE,
            mime_type="text/xml",
            associated_file_relationship="Data",
            desc="Facture électronique Factur-X",
        )
    pdf.set_title(f"{_TITLES.get(info['kind'], 'PIECE')} {info['number']}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, f"{_TITLES.get(info['kind'], 'PIECE')} {info['number']}")
    pdf.ln(12)
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, f"Date : {_date_fr(info['date'])}")
    pdf.ln(6)
    pdf.cell(0, 6, f"Emetteur : {info['issuer']}")
    pdf.ln(6)
    if info.get("issuer_siret"):
        pdf.cell(0, 6, f"SIRET : {info['issuer_siret']}")
        pdf.ln(6)
    pdf.cell(0, 6, f"{info.get('party_role', 'Client')} : {info['party']}")
    pdf.ln(10)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(90, 7, "Designation", border=1)
    pdf.cell(30, 7, "HT", border=1, align="R")
    pdf.cell(20, 7, "TVA %", border=1, align="R")
    pdf.cell(30, 7, "TVA", border=1, align="R")
    pdf.ln(7)
    pdf.set_font("Helvetica", size=10)
    for desc, ht, rate, tva in info["lines"]:
        pdf.cell(90, 7, desc[:48], border=1)
        pdf.cell(30, 7, amount_fr(Decimal(ht)), border=1, align="R")
        pdf.cell(20, 7, str(rate).replace(".", ","), border=1, align="R")
        pdf.cell(30, 7, amount_fr(Decimal(tva)), border=1, align="R")
        pdf.ln(7)
    pdf.ln(4)
    totals = (("Total HT", "total_ht"), ("Total TVA", "total_tva"), ("Total TTC", "total_ttc"))
    for label, key in totals:
        pdf.cell(140, 7, label, align="R")
        pdf.cell(30, 7, f"{amount_fr(Decimal(info[key]))} EUR", align="R")
        pdf.ln(7)
    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 8)
    pdf.cell(0, 5, f"Montant TTC : {info['total_ttc']} EUR - piece {info['number']}")
    return bytes(pdf.output())


def document_bytes(doc: MegDocument) -> bytes:
    """The bytes of ``doc``, rendering and caching them on first use."""
    if doc.content is None:
        if doc.render.get("kind") == "notpdf":
            doc.content = PNG_BYTES
        else:
            doc.content = render_pdf(doc.render)
    return doc.content


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
