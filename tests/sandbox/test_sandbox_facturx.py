"""The sandbox's Factur-X pièces: valid for the factur-x package (XSD of each profile),
deterministic, read back by our reader, and the deliberate inconsistencies — and only them —
found by the cross-check on every entry of the demo firm."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import facturx  # type: ignore[import-untyped]
from lxml import etree

from meg_inqom_desktop.domain.einvoice import Level, Rule
from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.sandbox.facturx_xml import cii_xml
from meg_inqom_desktop.sandbox.pdfs import document_bytes, render_pdf
from meg_inqom_desktop.sandbox.seed import build_seed
from meg_inqom_desktop.sandbox.state import MegEntry
from meg_inqom_desktop.store.einvoice.checks import check_entry_invoices
from meg_inqom_desktop.store.einvoice.reader import read_invoice

EXPECTED = {
    None: set(),
    "total": {Rule.TOTAL_WITH_TAX, Rule.TOTAL_WITHOUT_TAX, Rule.VAT_TOTAL},
    "number": {Rule.NUMBER},
    "siren": {Rule.DOSSIER_SIREN},
}


def domain_entry(e: MegEntry) -> Entry:
    lines = tuple(
        EntryLine(
            ln.account,
            ln.label,
            ln.debit,
            ln.credit,
            aux_account=ln.aux_account or "",
            aux_label=ln.aux_label or "",
        )
        for ln in e.lines
    )
    return Entry(
        e.id, Journal(e.journal), e.date, e.piece_ref, e.label, lines, piece_date=e.piece_date
    )


def test_share_of_factur_x_profiles_credit_notes_and_defects() -> None:
    meg, _ = build_seed(42)
    fx = [d.render["einvoice"] for d in meg.documents.values() if d.render.get("einvoice")]
    invoices = [d for d in meg.documents.values() if d.render["kind"] != "expense_report"]
    assert 0.3 < len(fx) / len(invoices) < 0.6
    assert Counter(f["profile"] for f in fx).keys() == {"en16931", "basic"}
    assert Counter(f["type_code"] for f in fx)["381"] >= 5
    defects = Counter(f["defect"] for f in fx)
    assert (
        set(defects) == {None, "total", "number", "siren"}
        and sum(defects.values()) - defects[None] < len(fx) / 10
    )


def test_xml_is_valid_against_each_profile_xsd_and_found_by_factur_x() -> None:
    meg, _ = build_seed(42)
    seen = set()
    for doc in meg.documents.values():
        fx = doc.render.get("einvoice")
        if not fx or (fx["profile"], fx["type_code"]) in seen:
            continue
        seen.add((fx["profile"], fx["type_code"]))
        root = etree.fromstring(cii_xml(doc.render))
        assert facturx.xml_check_xsd(root, flavor="factur-x", level=fx["profile"])
        name, xml = facturx.get_xml_from_pdf(render_pdf(doc.render), check_xsd=True)
        assert name == "factur-x.xml" and xml == cii_xml(doc.render)
    assert seen == {("en16931", "380"), ("en16931", "381"), ("basic", "380"), ("basic", "381")}


def test_factur_x_pieces_are_deterministic() -> None:
    a, _ = build_seed(7)
    b, _ = build_seed(7)
    doc_a = next(d for d in a.documents.values() if d.render.get("einvoice"))
    doc_b = b.documents[doc_a.id]
    assert document_bytes(doc_a) == document_bytes(doc_b)


def test_reader_reads_what_the_sandbox_wrote() -> None:
    meg, _ = build_seed(42)
    doc = next(
        d for d in meg.documents.values() if d.render.get("einvoice", {}).get("type_code") == "381"
    )
    read = read_invoice(document_bytes(doc), doc.filename)
    inv = read.invoice
    fx = doc.render["einvoice"]
    assert inv is not None and read.findings == () and read.attachment == "factur-x.xml"
    assert inv.is_credit_note and inv.number == fx["number"] and inv.number.startswith("AV-")
    assert inv.grand_total == Decimal(doc.render["total_ttc"])
    assert inv.seller.siren == fx["seller"]["siren"] and inv.buyer.vat_id == fx["buyer"]["vat"]


def test_cross_check_finds_the_deliberate_inconsistencies_and_nothing_else() -> None:
    meg, _ = build_seed(42)
    outcomes: Counter[tuple[str | None, frozenset[Rule]]] = Counter()
    for company in meg.companies.values():
        for e in company.entries:
            fx = [d.render["einvoice"] for d in e.documents if d.render.get("einvoice")]
            if not fx:
                continue
            pieces = [(Document(d.id, d.filename), document_bytes(d)) for d in e.documents]
            found = check_entry_invoices(domain_entry(e), company.siret, pieces)
            assert all(f.level is Level.MISMATCH for f in found), found
            defect = fx[0]["defect"]
            assert {f.rule for f in found} == EXPECTED[defect], (e.id, defect, found)
            outcomes[(defect, frozenset(f.rule for f in found))] += 1
    assert {d for d, _rules in outcomes} == set(EXPECTED)  # every kind met at least once
