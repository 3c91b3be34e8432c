"""Reading the invoice inside a pièce: the public samples (tests/data/einvoice, see SOURCES.md),
the same embedded in PDFs by the factur-x package, and every kind of bad input — each a
finding, never an exception."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import facturx  # type: ignore[import-untyped]
import pytest
from fpdf import FPDF

from meg_inqom_desktop.domain.einvoice import Level, Rule, Syntax
from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import VT
from meg_inqom_desktop.store.einvoice import safe_xml
from meg_inqom_desktop.store.einvoice.checks import check_entry_invoices
from meg_inqom_desktop.store.einvoice.reader import read_invoice

SAMPLES = Path(__file__).parents[1] / "data" / "einvoice"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def plain_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Facture")
    return bytes(pdf.output())


def pdf_with(attachment: bytes, name: str = "factur-x.xml") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.embed_file(bytes=attachment, basename=name, mime_type="text/xml")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "syntax", "profile", "number", "totals", "seller_siren", "lines", "rates"),
    [
        (
            "facturFrMinimum.xml",
            Syntax.CII,
            "MINIMUM",
            "FA-2017-0010",
            ("624.90", "46.25", "671.15", "470.15"),
            "999999998",
            0,
            0,
        ),
        (
            "Factur-X_basic.xml",
            Syntax.CII,
            "BASIC",
            "471102",
            ("198.00", "37.62", "235.62", "235.62"),
            "",
            1,
            1,
        ),
        (
            "xml_en16931_1.xml",
            Syntax.CII,
            "EN 16931",
            "471102",
            ("473.00", "56.87", "529.87", "529.87"),
            "",
            2,
            2,
        ),
        (
            "extended_simple_2.xml",
            Syntax.CII,
            "EXTENDED",
            "F20200027",
            ("100.00", "10.00", "110.00", "100.00"),
            "123456789",
            3,
            1,
        ),
        (
            "ZUGFeRD1-invoice.xml",
            Syntax.ZUGFERD_1,
            "EXTENDED",
            "RE-20170509/505",
            ("496.00", "75.04", "571.04", "571.04"),
            "",
            3,
            2,
        ),
        (
            "EN16931_Einfach.ubl.xml",
            Syntax.UBL,
            "EN 16931",
            "471102",
            ("473", "56.87", "529.87", "529.87"),
            "",
            2,
            2,
        ),
    ],
)
def test_public_samples(
    name: str,
    syntax: Syntax,
    profile: str,
    number: str,
    totals: tuple[str, ...],
    seller_siren: str,
    lines: int,
    rates: int,
) -> None:
    read = read_invoice(sample(name), name)
    inv = read.invoice
    assert inv is not None and read.container == "xml"
    assert (inv.syntax, inv.profile, inv.number, inv.currency) == (syntax, profile, number, "EUR")
    got = (inv.total_without_tax, inv.tax_total, inv.grand_total, inv.due_payable)
    assert got == tuple(Decimal(t) for t in totals)
    assert inv.seller.siren == seller_siren and len(inv.lines) == lines and len(inv.vat) == rates
    assert not [f for f in read.findings if f.level is not Level.REMARK]


def test_french_parties_give_siren_siret_and_vat() -> None:
    inv = read_invoice(sample("extended_simple_2.xml")).invoice
    assert inv is not None
    assert (inv.seller.siret, inv.seller.vat_id) == ("12345678900014", "FR32123456789")
    assert (inv.buyer.siren, inv.buyer.vat_id) == ("987654321", "FR05987654321")
    assert inv.due_date is not None and inv.due_date.isoformat() == "2020-02-15"
    assert inv.prepaid == Decimal("10.00")
    data = inv.as_dict()
    assert data["issue_date"] == "2020-01-15" and data["grand_total"] == "110.00"
    assert data["vat"] == [{"category": "S", "rate": "10.00", "basis": "100.00", "tax": "10.00"}]
    assert data["seller"]["siren"] == "123456789"


def test_ubl_amounts_without_decimals_are_printed_with_two() -> None:
    inv = read_invoice(sample("EN16931_Einfach.ubl.xml")).invoice
    assert inv is not None and inv.as_dict()["total_without_tax"] == "473.00"


@pytest.mark.parametrize(
    "name",
    ["facturFrMinimum.xml", "Factur-X_basic.xml", "xml_en16931_1.xml", "extended_simple_2.xml"],
)
def test_samples_embedded_by_the_factur_x_package(name: str) -> None:
    pdf = facturx.generate_from_binary(plain_pdf(), sample(name), check_xsd=False)
    read = read_invoice(pdf, "facture.pdf")
    assert read.container == "pdf" and read.attachment == "factur-x.xml"
    direct = read_invoice(sample(name)).invoice
    assert read.invoice is not None and read.invoice == direct


@pytest.mark.parametrize("name", ["EN16931_Einfach.ubl.xml", "xml_en16931_1.xml"])
def test_a_utf8_bom_is_fine(name: str) -> None:
    read = read_invoice(b"\xef\xbb\xbf" + sample(name))
    assert read.invoice == read_invoice(sample(name)).invoice is not None


def test_a_plain_pdf_or_an_image_carries_nothing() -> None:
    for data in (plain_pdf(), b"\x89PNG\r\n\x1a\n....", b""):
        read = read_invoice(data)
        assert read.invoice is None and read.findings == () and not read.carries_invoice


def test_pdf_attachment_that_is_not_xml() -> None:
    read = read_invoice(pdf_with(b"%PDF-1.4 this is not XML at all"), "F1.pdf")
    assert read.invoice is None and read.carries_invoice
    (finding,) = read.findings
    assert finding.rule is Rule.ATTACHMENT_NOT_XML and finding.level is Level.UNREADABLE
    assert "factur-x.xml" in finding.message and finding.document == "F1.pdf"


def test_other_xml_attachments_are_ignored_and_other_xml_is_not_an_invoice() -> None:
    assert read_invoice(pdf_with(b"<notes>bonjour</notes>", "notes.xml")).findings == ()
    read = read_invoice(pdf_with(b"<Order xmlns='urn:x'/>"))
    assert [f.rule for f in read.findings] == [Rule.NOT_AN_INVOICE]
    read = read_invoice(b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'/>")
    assert [(f.rule, f.level) for f in read.findings] == [(Rule.NOT_AN_INVOICE, Level.REMARK)]


def test_broken_pdf_is_a_remark() -> None:
    read = read_invoice(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert [f.rule for f in read.findings] == [Rule.PDF_UNREADABLE]


def test_external_entities_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-SECRET")
    evil = (
        sample("facturFrMinimum.xml")
        .replace(
            b"<rsm:CrossIndustryInvoice",
            f'<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>\n<rsm:CrossIndustryInvoice'.encode(),
            1,
        )
        .replace(b"Au bon moulin", b"&s;")
    )
    for data in (evil, pdf_with(evil)):
        read = read_invoice(data)
        assert read.invoice is None
        assert [f.rule for f in read.findings] == [Rule.XML_REFUSED]
        assert "MOT-DE-PASSE" not in repr(read)


def test_entity_expansion_bomb_is_refused_at_once() -> None:
    lol = b"".join(
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">'.encode()
        for i in range(1, 10)
    )
    bomb = b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">' + lol + b"]><b>&l9;</b>"
    read = read_invoice(bomb)  # refused before parsing: never expanded (10^9 « lol »)
    assert [f.rule for f in read.findings] == [Rule.XML_REFUSED]
    assert len(bomb) < safe_xml.MAX_XML_BYTES  # small: refused for its DOCTYPE, not its size


def test_doctype_in_utf16_is_refused_after_parsing() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r><r/>'.encode("utf-16")
    assert [f.rule for f in read_invoice(data).findings] == [Rule.XML_REFUSED]


def test_a_50_mb_xml_is_refused_unread() -> None:
    head = sample("Factur-X_basic.xml")
    big = head.replace(
        b"</rsm:CrossIndustryInvoice>",
        b"<!--" + b"x" * 50_000_000 + b"-->\n</rsm:CrossIndustryInvoice>",
    )
    assert len(big) > 50_000_000
    read = read_invoice(big, "big.xml")
    assert [(f.rule, f.level) for f in read.findings] == [(Rule.XML_TOO_LARGE, Level.UNREADABLE)]
    assert "50 Mo" in read.findings[0].message
    in_pdf = pdf_with(b"<r>" + b"x" * (safe_xml.MAX_XML_BYTES + 10) + b"</r>")
    assert [f.rule for f in read_invoice(in_pdf).findings] == [Rule.XML_TOO_LARGE]


def test_amounts_with_four_decimals_are_a_remark_and_read_exactly() -> None:
    data = sample("Factur-X_basic.xml").replace(
        b"<ram:GrandTotalAmount>235.62<", b"<ram:GrandTotalAmount>235.6249<"
    )
    read = read_invoice(data)
    assert read.invoice is not None and read.invoice.grand_total == Decimal("235.6249")
    (finding,) = [f for f in read.findings if f.rule is Rule.AMOUNT_PRECISION]
    assert finding.level is Level.REMARK and "4 décimales" in finding.message
    assert "235.62" in finding.message and read.invoice.as_dict()["grand_total"] == "235.62"


def test_unreadable_amount_is_a_finding() -> None:
    data = sample("Factur-X_basic.xml").replace(
        b"<ram:GrandTotalAmount>235.62<", b"<ram:GrandTotalAmount>235,62<"
    )
    read = read_invoice(data)
    assert read.invoice is not None and read.invoice.grand_total is None
    assert Rule.AMOUNT_UNREADABLE in {f.rule for f in read.findings}


@pytest.mark.parametrize("code", ["EURO", "", "eu"])
def test_invalid_currency_code_is_a_finding(code: str) -> None:
    data = sample("Factur-X_basic.xml").replace(
        b"<ram:InvoiceCurrencyCode>EUR<", f"<ram:InvoiceCurrencyCode>{code}<".encode()
    )
    read = read_invoice(data)
    assert read.invoice is not None
    assert [f.level for f in read.findings if f.rule is Rule.CURRENCY] == [Level.UNREADABLE]


def test_a_dollar_invoice_is_read_then_not_compared() -> None:
    data = sample("facturFrMinimum.xml").replace(b"EUR", b"USD")
    read = read_invoice(data)
    assert read.invoice is not None and read.invoice.currency == "USD"
    assert not [f for f in read.findings if f.level is not Level.REMARK]
    entry = Entry(
        "e1",
        VT,
        read.invoice.issue_date,
        "FA-2017-0010",
        "Vente",
        (
            EntryLine("411000", "x", Decimal("671.15")),
            EntryLine("706000", "x", credit=Decimal("624.90")),
            EntryLine("445710", "x", credit=Decimal("46.25")),
        ),
    )
    found = check_entry_invoices(entry, "99999999800010", [(Document("d1", "F.xml"), data)])
    assert [(f.rule, f.invoice) for f in found if f.level is Level.MISMATCH] == [
        (Rule.CURRENCY, "USD")
    ]


def test_schema_check_on_request() -> None:
    good = read_invoice(sample("xml_en16931_1.xml"), schema=True)
    assert Rule.SCHEMA not in {f.rule for f in good.findings}
    bad = sample("xml_en16931_1.xml").replace(b"<ram:TypeCode>380</ram:TypeCode>", b"", 1)
    read = read_invoice(bad, schema=True)
    assert read.invoice is not None
    assert [f.level for f in read.findings if f.rule is Rule.SCHEMA] == [Level.REMARK]


def test_check_entry_invoices_reads_and_compares() -> None:
    data = sample("facturFrMinimum.xml")
    entry = Entry(
        "e1",
        VT,
        read_invoice(data).invoice.issue_date,  # type: ignore[union-attr]
        "FA-2017-0010",
        "Vente",
        (
            EntryLine("411000", "x", Decimal("671.15"), aux_label="Ma jolie boutique"),
            EntryLine("706000", "x", credit=Decimal("624.90")),
            EntryLine("445710", "x", credit=Decimal("46.25")),
        ),
    )
    pieces = [(Document("d1", "FA-2017-0010.pdf"), facturx.generate_from_binary(plain_pdf(), data))]
    assert check_entry_invoices(entry, "99999999800010", pieces) == []
    assert (
        check_entry_invoices(entry, "99999999800010", [(Document("d2", "scan.pdf"), plain_pdf())])
        == []
    )
    found = check_entry_invoices(entry, "732829320", pieces)  # another dossier
    assert [(f.rule, f.document) for f in found] == [(Rule.DOSSIER_SIREN, "FA-2017-0010.pdf")]
