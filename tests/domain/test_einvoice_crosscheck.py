"""An entry compared with the invoices its pièces carry: amounts (TTC, HT and VAT, per rate),
credit notes, number, date, SIRENs, currency; both figures in every mismatch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from meg_inqom_desktop.domain.einvoice import (
    Invoice,
    Level,
    Party,
    Rule,
    Syntax,
    VatBreakdown,
    cross_check,
)
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import AC, VT

DOSSIER = "73282932000074"  # SIRET: its SIREN 732829320 is what counts
CUSTOMER = Party("Dupont SARL", siren="552100554", vat_id="FR84552100554")
US = Party("Boulangerie Martin", siren="732829320", vat_id="FR44732829320")
DAY = date(2025, 3, 14)
D = Decimal


def sale_invoice(**change: object) -> Invoice:
    base = Invoice(
        syntax=Syntax.CII,
        profile="EN 16931",
        type_code="380",
        number="FA-2025-0042",
        issue_date=DAY,
        currency="EUR",
        seller=US,
        buyer=CUSTOMER,
        vat=(VatBreakdown("S", D("20"), D("100.00"), D("20.00")),),
        total_without_tax=D("100.00"),
        tax_total=D("20.00"),
        grand_total=D("120.00"),
        due_payable=D("120.00"),
    )
    return replace(base, **change)  # type: ignore[arg-type]


def line(account: str, debit: str = "0", credit: str = "0", aux: str = "") -> EntryLine:
    return EntryLine(account, "x", D(debit), D(credit), aux_label=aux)


def sale_entry(*lines: EntryLine, piece: str = "FA-2025-0042", day: date = DAY) -> Entry:
    lines = lines or (
        line("411000", debit="120", aux="Dupont SARL"),
        line("706000", credit="100"),
        line("445710", credit="20"),
    )
    return Entry("meg-1", VT, day, piece, "Facture", tuple(lines), piece_date=day)


def rules(found: list[object]) -> set[tuple[Rule, Level]]:
    return {(f.rule, f.level) for f in found}  # type: ignore[attr-defined]


def test_a_matching_sale_gives_nothing() -> None:
    assert cross_check(sale_entry(), DOSSIER, [("FA.pdf", sale_invoice())]) == []


def test_a_matching_purchase_gives_nothing() -> None:
    supplier = Party("Metro Cash & Carry", siren="399315613")
    inv = sale_invoice(seller=supplier, buyer=US, number="F12345")
    entry = Entry(
        "meg-2",
        AC,
        DAY,
        "F12345",
        "Achat",
        (
            line("607000", debit="100"),
            line("445660", debit="20"),
            line("401000", credit="120", aux="Metro Cash & Carry"),
        ),
        piece_date=DAY,
    )
    assert cross_check(entry, DOSSIER, [("F12345.pdf", inv)]) == []


def test_total_with_tax_mismatch_shows_both_figures() -> None:
    entry = sale_entry(
        line("411000", debit="118", aux="Dupont SARL"),
        line("706000", credit="98"),
        line("445710", credit="20"),
    )
    found = cross_check(entry, DOSSIER, [("FA.pdf", sale_invoice())])
    ttc = next(f for f in found if f.rule is Rule.TOTAL_WITH_TAX)
    assert ttc.level is Level.MISMATCH and ttc.document == "FA.pdf"
    assert ttc.invoice == "120,00\u202f€" and ttc.entry == "118,00\u202f€ au débit"
    assert "411000" in ttc.message
    ht = next(f for f in found if f.rule is Rule.TOTAL_WITHOUT_TAX)
    assert (ht.invoice, ht.entry) == ("100,00\u202f€", "98,00\u202f€")
    assert Rule.VAT_TOTAL not in {f.rule for f in found}


def test_credit_note_is_expected_the_other_way_round() -> None:
    avoir = sale_invoice(type_code="381", number="AV-2025-0003")
    right = sale_entry(
        line("411000", credit="120", aux="Dupont SARL"),
        line("706000", debit="100"),
        line("445710", debit="20"),
        piece="AV-2025-0003",
    )
    assert cross_check(right, DOSSIER, [("AV.pdf", avoir)]) == []
    wrong = sale_entry(piece="AV-2025-0003")  # booked as an invoice
    found = cross_check(wrong, DOSSIER, [("AV.pdf", avoir)])
    credit = next(f for f in found if f.rule is Rule.CREDIT_NOTE)
    assert credit.level is Level.MISMATCH and "avoir est enregistré comme une facture" in (
        credit.message.lower()
    )
    assert credit.invoice.endswith("(avoir)") and credit.entry.endswith("au débit")


def test_vat_per_rate_when_the_entry_has_one_line_per_rate() -> None:
    inv = sale_invoice(
        vat=(
            VatBreakdown("S", D("20"), D("100.00"), D("20.00")),
            VatBreakdown("S", D("5.5"), D("200.00"), D("11.00")),
        ),
        total_without_tax=D("300.00"),
        tax_total=D("31.00"),
        grand_total=D("331.00"),
    )
    good = sale_entry(
        line("411000", debit="331", aux="Dupont"),
        line("706000", credit="100"),
        line("707000", credit="200"),
        line("445711", credit="20"),
        line("445712", credit="11"),
    )
    assert cross_check(good, DOSSIER, [("FA.pdf", inv)]) == []
    one_line_each = sale_entry(  # a single revenue and VAT line for both rates: not checkable
        line("411000", debit="331", aux="Dupont"),
        line("706000", credit="300"),
        line("445710", credit="31"),
    )
    assert cross_check(one_line_each, DOSSIER, [("FA.pdf", inv)]) == []
    swapped = sale_entry(  # the same totals, split differently between the rates
        line("411000", debit="331", aux="Dupont"),
        line("706000", credit="150"),
        line("707000", credit="150"),
        line("445711", credit="25"),
        line("445712", credit="6"),
    )
    found = cross_check(swapped, DOSSIER, [("FA.pdf", inv)])
    assert rules(found) == {
        (Rule.BASIS_PER_RATE, Level.MISMATCH),
        (Rule.VAT_PER_RATE, Level.MISMATCH),
    }
    vat = [f for f in found if f.rule is Rule.VAT_PER_RATE]
    assert {f.invoice for f in vat} == {"20,00\u202f€ à 20 %", "11,00\u202f€ à 5,5 %"}
    assert all("25,00" in f.entry and "6,00" in f.entry for f in vat)


def test_number_and_date() -> None:
    found = cross_check(
        sale_entry(piece="FA-2025-0043", day=date(2025, 3, 15)), DOSSIER, [("x", sale_invoice())]
    )
    number = next(f for f in found if f.rule is Rule.NUMBER)
    assert (number.invoice, number.entry) == ("FA-2025-0042", "FA-2025-0043")
    when = next(f for f in found if f.rule is Rule.ISSUE_DATE)
    assert (when.invoice, when.entry) == ("14/03/2025", "15/03/2025")
    spaced = sale_entry(piece="fa 2025/0042")  # separators and case do not matter
    assert cross_check(spaced, DOSSIER, [("x", sale_invoice())]) == []


def test_sirens() -> None:
    other = replace(US, siren="403052111")
    found = cross_check(sale_entry(), DOSSIER, [("x", sale_invoice(seller=other))])
    siren = next(f for f in found if f.rule is Rule.DOSSIER_SIREN)
    assert siren.level is Level.MISMATCH and (siren.invoice, siren.entry) == (
        "403052111",
        "732829320",
    )
    anonymous = replace(US, siren="", vat_id="")
    found = cross_check(sale_entry(), DOSSIER, [("x", sale_invoice(seller=anonymous))])
    assert rules(found) == {(Rule.DOSSIER_SIREN, Level.REMARK)}
    inverted = sale_invoice(buyer=replace(CUSTOMER, siren="732829320"))
    assert (Rule.THIRD_PARTY, Level.MISMATCH) in rules(
        cross_check(sale_entry(), DOSSIER, [("x", inverted)])
    )


def test_third_party_name_is_a_remark() -> None:
    entry = sale_entry(
        line("411000", debit="120", aux="Hôtel de la Mer"),
        line("706000", credit="100"),
        line("445710", credit="20"),
    )
    found = cross_check(entry, DOSSIER, [("x", sale_invoice())])
    assert rules(found) == {(Rule.THIRD_PARTY, Level.REMARK)}
    assert found[0].invoice == "Dupont SARL" and found[0].entry == "Hôtel de la Mer"


def test_foreign_currency_is_not_compared() -> None:
    found = cross_check(sale_entry(), DOSSIER, [("x", sale_invoice(currency="USD"))])
    assert rules(found) == {(Rule.CURRENCY, Level.MISMATCH)}
    assert (found[0].invoice, found[0].entry) == ("USD", "EUR")


def test_four_decimals_are_compared_to_the_cent() -> None:
    inv = sale_invoice(
        total_without_tax=D("100.0049"), tax_total=D("20.0000"), grand_total=D("120.0049")
    )
    assert cross_check(sale_entry(), DOSSIER, [("x", inv)]) == []


def test_several_invoices_are_summed() -> None:
    half = sale_invoice(
        number="FA-2025-0042",
        vat=(VatBreakdown("S", D("20"), D("50.00"), D("10.00")),),
        total_without_tax=D("50.00"),
        tax_total=D("10.00"),
        grand_total=D("60.00"),
    )
    other_half = replace(half, number="FA-2025-0044")
    found = cross_check(sale_entry(), DOSSIER, [("a", half), ("b", other_half)])
    assert rules(found) == {(Rule.SEVERAL_INVOICES, Level.REMARK)}


def test_no_third_party_line() -> None:
    cash = sale_entry(
        line("530000", debit="120"), line("706000", credit="100"), line("445710", credit="20")
    )
    found = cross_check(cash, DOSSIER, [("x", sale_invoice())])
    assert rules(found) == {(Rule.NO_THIRD_PARTY_LINE, Level.REMARK)}


def test_no_invoice_no_finding() -> None:
    assert cross_check(sale_entry(), DOSSIER, []) == []
