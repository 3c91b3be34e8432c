"""One pièce's bytes -> its electronic invoice, if it carries one, and what reading it found.

A Factur-X / ZUGFeRD PDF gives its embedded XML (``factur-x.xml``, ``zugferd-invoice.xml``,
``xrechnung.xml``); a CII or UBL XML file is read as it is (a UTF-8 BOM is fine). A plain PDF
or an image carries no invoice: no finding. Nothing here raises on bad input: a refused or
unreadable invoice is a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from meg_inqom_desktop.domain.einvoice.findings import InvoiceFinding, Level, Rule
from meg_inqom_desktop.domain.einvoice.model import Invoice, Syntax, cents
from meg_inqom_desktop.store.einvoice.cii import dialect_of, read_cii
from meg_inqom_desktop.store.einvoice.fields import Collector, local
from meg_inqom_desktop.store.einvoice.pdf_attachment import (
    INVOICE_NAMES,
    PdfUnreadable,
    is_pdf,
    xml_attachments,
)
from meg_inqom_desktop.store.einvoice.safe_xml import XmlRejected, parse_untrusted
from meg_inqom_desktop.store.einvoice.ubl import is_ubl, read_ubl

#: factur-x's level names -> the profile names printed on Factur-X documents
PROFILES = {
    "minimum": "MINIMUM",
    "basicwl": "BASIC WL",
    "basic": "BASIC",
    "en16931": "EN 16931",
    "extended": "EXTENDED",
    "comfort": "COMFORT",  # ZUGFeRD 1
    "extended-ctc-fr": "EXTENDED-CTC-FR",
}
_XML_START = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class InvoiceRead:
    """What a pièce gave: its invoice (None if none could be read) and the findings."""

    invoice: Invoice | None
    findings: tuple[InvoiceFinding, ...] = ()
    container: str = "other"  # "pdf", "xml" or "other" (neither: an image, a text...)
    attachment: str = ""  # the XML file's name inside a PDF

    @property
    def carries_invoice(self) -> bool:
        """True when the pièce holds an invoice, even one that could not be read."""
        return self.invoice is not None or any(f.level is Level.UNREADABLE for f in self.findings)


def _flavor(syntax: Syntax, root: etree._Element) -> str:
    if syntax is Syntax.ZUGFERD_1:
        return "zugferd"
    if syntax is Syntax.CII:
        return "factur-x"
    return "ubl-2.1-creditnote" if local(root.tag) == "CreditNote" else "ubl-2.1-invoice"


def _profile(root: etree._Element, syntax: Syntax, out: Collector) -> str:
    """The profile, as factur-x reads it from the guideline identifier."""
    import facturx  # type: ignore[import-untyped]  # loaded on first use (it brings requests)

    try:
        level = str(facturx.get_level(root, _flavor(syntax, root)))
    except Exception:  # it raises bare Exception and ValueError on unknown identifiers
        out.add(
            Rule.PROFILE_UNKNOWN,
            Level.REMARK,
            "Profil de la facture non reconnu (identifiant de spécification absent ou inconnu) : "
            "elle est lue quand même.",
        )
        return ""
    return PROFILES.get(level, level.upper())


def _check_schema(root: etree._Element, syntax: Syntax, profile: str, out: Collector) -> None:
    import facturx

    level = next((k for k, v in PROFILES.items() if v == profile), "autodetect")
    try:
        facturx.xml_check_xsd(root, flavor=_flavor(syntax, root), level=level)
    except Exception as exc:
        detail = str(exc).split("Here is the error", 1)[-1].strip(" :.,")[:300]
        out.add(
            Rule.SCHEMA,
            Level.REMARK,
            f"La facture n'est pas valide selon le schéma XSD de son profile ({detail}).",
        )


def _own_totals(inv: Invoice, out: Collector) -> None:
    """The invoice's own arithmetic (EN 16931 BR-CO rules), as remarks."""
    without, tax, grand = cents(inv.total_without_tax), cents(inv.tax_total), cents(inv.grand_total)
    if without is not None and tax is not None and grand is not None and without + tax != grand:
        out.add(
            Rule.INVOICE_TOTALS,
            Level.REMARK,
            f"La facture se contredit : HT {without} + TVA {tax} ≠ TTC {grand}.",
        )
    bases = [cents(v.basis) for v in inv.vat]
    if inv.vat and without is not None and None not in bases:
        total = sum((b for b in bases if b is not None), Decimal(0))
        if total != without:
            out.add(
                Rule.INVOICE_TOTALS,
                Level.REMARK,
                f"La facture se contredit : bases de TVA {total} ≠ total HT {without}.",
            )
    taxes = [cents(v.tax) for v in inv.vat]
    if inv.vat and tax is not None and None not in taxes:
        total = sum((t for t in taxes if t is not None), Decimal(0))
        if total != tax:
            out.add(
                Rule.INVOICE_TOTALS,
                Level.REMARK,
                f"La facture se contredit : TVA par taux {total} ≠ TVA totale {tax}.",
            )


def _read_root(root: etree._Element, out: Collector, *, schema: bool) -> Invoice | None:
    dialect = dialect_of(root)
    if dialect is not None:
        profile = _profile(root, dialect.syntax, out)
        invoice = read_cii(root, dialect, profile, out)
    elif is_ubl(root):
        profile = _profile(root, Syntax.UBL, out)
        invoice = read_ubl(root, profile, out)
    else:
        return None
    if schema:
        _check_schema(root, invoice.syntax, profile, out)
    _own_totals(invoice, out)
    return invoice


def _not_an_invoice(root: etree._Element, what: str, out: Collector, level: Level) -> None:
    out.add(
        Rule.NOT_AN_INVOICE,
        level,
        f"{what} n'est pas une facture CII (Factur-X, ZUGFeRD) ni UBL : élément racine "
        f"« {local(root.tag)} ».",
    )


def read_invoice(data: bytes, name: str = "", *, schema: bool = False) -> InvoiceRead:
    """The invoice inside a pièce's bytes (``name``: its file name, quoted in findings).

    ``schema=True`` also checks the XML against its profile's XSD (slower; a remark if not).
    """
    out = Collector(name)
    if is_pdf(data):
        try:
            attachments = xml_attachments(data)
        except PdfUnreadable as exc:
            out.add(
                Rule.PDF_UNREADABLE,
                Level.REMARK,
                f"PDF illisible ({exc}) : impossible d'y chercher une facture électronique.",
            )
            return InvoiceRead(None, tuple(out.findings), "pdf")
        for attachment, content in attachments:
            what = f"La pièce jointe « {attachment} » du PDF"
            expected = attachment.lower() in INVOICE_NAMES
            try:
                root = parse_untrusted(content, what)
            except XmlRejected as exc:
                if not expected and exc.rule is Rule.XML_UNREADABLE:
                    continue  # some other attachment that merely ends in .xml
                rule = Rule.ATTACHMENT_NOT_XML if exc.rule is Rule.XML_UNREADABLE else exc.rule
                out.add(rule, Level.UNREADABLE, exc.message)
                return InvoiceRead(None, tuple(out.findings), "pdf", attachment)
            invoice = _read_root(root, out, schema=schema)
            if invoice is not None:
                return InvoiceRead(invoice, tuple(out.findings), "pdf", attachment)
            if expected:
                _not_an_invoice(root, what, out, Level.UNREADABLE)
                return InvoiceRead(None, tuple(out.findings), "pdf", attachment)
        return InvoiceRead(None, tuple(out.findings), "pdf")
    if not data.lstrip(b" \t\r\n").startswith(_XML_START):
        return InvoiceRead(None, (), "other")
    try:
        root = parse_untrusted(data, "Le fichier XML")
    except XmlRejected as exc:
        out.add(exc.rule, Level.UNREADABLE, exc.message)
        return InvoiceRead(None, tuple(out.findings), "xml")
    invoice = _read_root(root, out, schema=schema)
    if invoice is None:  # some other XML document (a bank statement...): worth a remark
        _not_an_invoice(root, "Le fichier XML", out, Level.REMARK)
    return InvoiceRead(invoice, tuple(out.findings), "xml")
