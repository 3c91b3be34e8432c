"""UBL 2.1 invoices and credit notes (EN 16931, Peppol BIS, XRechnung UBL, French CTC)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from meg_inqom_desktop.domain.einvoice.model import (
    Invoice,
    InvoiceLine,
    Party,
    Syntax,
    VatBreakdown,
)
from meg_inqom_desktop.store.einvoice.fields import Collector, make_party

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def is_ubl(root: etree._Element) -> bool:
    return root.tag in (f"{{{INVOICE_NS}}}Invoice", f"{{{CREDIT_NOTE_NS}}}CreditNote")


def _text(el: etree._Element | None, path: str) -> str:
    found = None if el is None else el.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


class _Ubl:
    def __init__(self, root: etree._Element, out: Collector) -> None:
        self.root = root
        self.out = out
        self.credit = root.tag == f"{{{CREDIT_NOTE_NS}}}CreditNote"

    def party(self, el: etree._Element | None) -> Party:
        if el is None:
            return Party()
        ids: list[tuple[str, str]] = []
        for path in ("cac:PartyLegalEntity/cbc:CompanyID", "cac:PartyIdentification/cbc:ID"):
            for found in el.findall(path, NS):
                if found.text and found.text.strip():
                    ids.append((found.get("schemeID", ""), found.text.strip()))
        vat = ""
        for scheme in el.findall("cac:PartyTaxScheme", NS):
            if _text(scheme, "cac:TaxScheme/cbc:ID").upper() == "VAT":
                vat = _text(scheme, "cbc:CompanyID")
                break
        address = el.find("cac:PostalAddress", NS)
        place = " ".join(
            t for t in (_text(address, "cbc:PostalZone"), _text(address, "cbc:CityName")) if t
        )
        name = _text(el, "cac:PartyLegalEntity/cbc:RegistrationName") or _text(
            el, "cac:PartyName/cbc:Name"
        )
        return make_party(
            name,
            ids,
            vat,
            _text(address, "cac:Country/cbc:IdentificationCode"),
            ", ".join(t for t in (_text(address, "cbc:StreetName"), place) if t),
        )

    def tax_total(self) -> tuple[Decimal | None, tuple[VatBreakdown, ...]]:
        totals = self.root.findall("cac:TaxTotal", NS)
        # BT-110 is the TaxTotal with the breakdown (the other one, if any, is in BT-6)
        main = next((t for t in totals if t.find("cac:TaxSubtotal", NS) is not None), None)
        if main is None and totals:
            main = totals[0]
        if main is None:
            return None, ()
        breakdown = tuple(
            VatBreakdown(
                category=_text(sub, "cac:TaxCategory/cbc:ID"),
                rate=self.out.number(sub.find("cac:TaxCategory/cbc:Percent", NS), "taux de TVA"),
                basis=self.out.amount(sub.find("cbc:TaxableAmount", NS), "base de TVA"),
                tax=self.out.amount(sub.find("cbc:TaxAmount", NS), "montant de TVA"),
            )
            for sub in main.findall("cac:TaxSubtotal", NS)
        )
        return self.out.amount(main.find("cbc:TaxAmount", NS), "TaxAmount"), breakdown

    def lines(self) -> tuple[InvoiceLine, ...]:
        tag, qty = (
            ("CreditNoteLine", "CreditedQuantity")
            if self.credit
            else (
                "InvoiceLine",
                "InvoicedQuantity",
            )
        )
        out: list[InvoiceLine] = []
        for line in self.root.findall(f"cac:{tag}", NS):
            quantity = line.find(f"cbc:{qty}", NS)
            category = line.find("cac:Item/cac:ClassifiedTaxCategory", NS)
            out.append(
                InvoiceLine(
                    line_id=_text(line, "cbc:ID"),
                    name=_text(line, "cac:Item/cbc:Name"),
                    quantity=self.out.number(quantity, qty),
                    unit_code=quantity.get("unitCode", "") if quantity is not None else "",
                    net_price=self.out.number(
                        line.find("cac:Price/cbc:PriceAmount", NS), "prix net"
                    ),
                    net_amount=self.out.amount(
                        line.find("cbc:LineExtensionAmount", NS), "montant de ligne", total=False
                    ),
                    vat_category=_text(category, "cbc:ID"),
                    vat_rate=self.out.number(
                        None if category is None else category.find("cbc:Percent", NS),
                        "taux de TVA",
                    ),
                )
            )
        return tuple(out)

    def read(self, profile: str) -> Invoice:
        root = self.root
        currency = self.out.set_currency(_text(root, "cbc:DocumentCurrencyCode"))
        type_code = _text(root, "cbc:CreditNoteTypeCode" if self.credit else "cbc:InvoiceTypeCode")
        if self.credit and not type_code:
            type_code = "381"
        tax_total, vat = self.tax_total()
        totals = root.find("cac:LegalMonetaryTotal", NS)

        def total(name: str) -> Decimal | None:
            return self.out.amount(None if totals is None else totals.find(f"cbc:{name}", NS), name)

        due = _text(root, "cbc:DueDate") or _text(root, "cac:PaymentMeans/cbc:PaymentDueDate")
        return Invoice(
            syntax=Syntax.UBL,
            profile=profile,
            type_code=type_code,
            number=_text(root, "cbc:ID"),
            issue_date=self.out.day(_text(root, "cbc:IssueDate"), "%Y-%m-%d", "date d'émission"),
            currency=currency,
            seller=self.party(root.find("cac:AccountingSupplierParty/cac:Party", NS)),
            buyer=self.party(root.find("cac:AccountingCustomerParty/cac:Party", NS)),
            lines=self.lines(),
            vat=vat,
            line_total=total("LineExtensionAmount"),
            total_without_tax=total("TaxExclusiveAmount"),
            tax_total=tax_total,
            grand_total=total("TaxInclusiveAmount"),
            prepaid=total("PrepaidAmount"),
            due_payable=total("PayableAmount"),
            due_date=self.out.day(due, "%Y-%m-%d", "échéance"),
        )


def read_ubl(root: etree._Element, profile: str, out: Collector) -> Invoice:
    """The invoice of a UBL Invoice or CreditNote document."""
    return _Ubl(root, out).read(profile)
