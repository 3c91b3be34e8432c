"""CII invoices: UN/CEFACT Cross Industry Invoice D16B (Factur-X and ZUGFeRD 2, every profile
from MINIMUM to EXTENDED, XRechnung CII) and ZUGFeRD 1's Cross Industry Document.

The two share their vocabulary and differ in a few element names, which :class:`Dialect`
holds; one reader walks both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from meg_inqom_desktop.domain.einvoice.model import (
    Invoice,
    InvoiceLine,
    Party,
    Syntax,
    VatBreakdown,
)
from meg_inqom_desktop.store.einvoice.fields import Collector, local, make_party


@dataclass(frozen=True)
class Dialect:
    """Element names of one CII version."""

    syntax: Syntax
    ns: dict[str, str]
    context: str
    document: str
    transaction: str
    agreement: str
    settlement: str
    summation: str
    rate: str
    line_agreement: str
    line_delivery: str
    line_settlement: str
    line_summation: str


D16B = Dialect(
    Syntax.CII,
    {
        "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    },
    context="rsm:ExchangedDocumentContext",
    document="rsm:ExchangedDocument",
    transaction="rsm:SupplyChainTradeTransaction",
    agreement="ram:ApplicableHeaderTradeAgreement",
    settlement="ram:ApplicableHeaderTradeSettlement",
    summation="ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    rate="ram:RateApplicablePercent",
    line_agreement="ram:SpecifiedLineTradeAgreement",
    line_delivery="ram:SpecifiedLineTradeDelivery",
    line_settlement="ram:SpecifiedLineTradeSettlement",
    line_summation="ram:SpecifiedTradeSettlementLineMonetarySummation",
)
ZUGFERD_1 = Dialect(
    Syntax.ZUGFERD_1,
    {
        "rsm": "urn:ferd:CrossIndustryDocument:invoice:1p0",
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
    },
    context="rsm:SpecifiedExchangedDocumentContext",
    document="rsm:HeaderExchangedDocument",
    transaction="rsm:SpecifiedSupplyChainTradeTransaction",
    agreement="ram:ApplicableSupplyChainTradeAgreement",
    settlement="ram:ApplicableSupplyChainTradeSettlement",
    summation="ram:SpecifiedTradeSettlementMonetarySummation",
    rate="ram:ApplicablePercent",
    line_agreement="ram:SpecifiedSupplyChainTradeAgreement",
    line_delivery="ram:SpecifiedSupplyChainTradeDelivery",
    line_settlement="ram:SpecifiedSupplyChainTradeSettlement",
    line_summation="ram:SpecifiedTradeSettlementMonetarySummation",
)


def dialect_of(root: etree._Element) -> Dialect | None:
    """The CII dialect of a root element, or None when it is not a CII invoice."""
    for dialect in (D16B, ZUGFERD_1):
        expected = "CrossIndustryInvoice" if dialect is D16B else "CrossIndustryDocument"
        if root.tag == f"{{{dialect.ns['rsm']}}}{expected}":
            return dialect
    return None


class _Cii:
    def __init__(self, root: etree._Element, dialect: Dialect, out: Collector) -> None:
        self.root = root
        self.d = dialect
        self.out = out

    def find(self, el: etree._Element | None, path: str) -> etree._Element | None:
        return None if el is None else el.find(path, self.d.ns)

    def text(self, el: etree._Element | None, path: str) -> str:
        found = self.find(el, path)
        return (found.text or "").strip() if found is not None else ""

    def day(self, el: etree._Element | None, path: str, what: str) -> date | None:
        found = self.find(el, path)
        if found is None:
            return None
        fmt = found.get("format", "102")
        if fmt != "102":
            return self.out.day(found.text, "%Y%m%d", f"{what}, format {fmt}")
        return self.out.day(found.text, "%Y%m%d", what)

    def party(self, el: etree._Element | None) -> Party:
        if el is None:
            return Party()
        ids: list[tuple[str, str]] = []
        for path in ("ram:SpecifiedLegalOrganization/ram:ID", "ram:GlobalID", "ram:ID"):
            for found in el.findall(path, self.d.ns):
                if found.text and found.text.strip():
                    ids.append((found.get("schemeID", ""), found.text.strip()))
        vat = ""
        for reg in el.findall("ram:SpecifiedTaxRegistration/ram:ID", self.d.ns):
            if reg.get("schemeID") == "VA" and reg.text:
                vat = reg.text
                break
        address = self.find(el, "ram:PostalTradeAddress")
        place = " ".join(
            t
            for t in (self.text(address, "ram:PostcodeCode"), self.text(address, "ram:CityName"))
            if t
        )
        street = ", ".join(
            t for t in (self.text(address, "ram:LineOne"), self.text(address, "ram:LineTwo")) if t
        )
        return make_party(
            self.text(el, "ram:Name"),
            ids,
            vat,
            self.text(address, "ram:CountryID"),
            ", ".join(t for t in (street, place) if t),
        )

    def tax_total(self, summation: etree._Element | None) -> Decimal | None:
        """BT-110: the TaxTotalAmount in the invoice currency (a second one may be in the
        VAT accounting currency, BT-111)."""
        candidates = [] if summation is None else summation.findall("ram:TaxTotalAmount", self.d.ns)
        chosen = next(
            (c for c in candidates if c.get("currencyID") in (None, self.out.currency)),
            candidates[0] if candidates else None,
        )
        return self.out.amount(chosen, "TaxTotalAmount")

    def lines(self, tx: etree._Element | None) -> tuple[InvoiceLine, ...]:
        out: list[InvoiceLine] = []
        for item in (
            [] if tx is None else tx.findall("ram:IncludedSupplyChainTradeLineItem", self.d.ns)
        ):
            agreement = self.find(item, self.d.line_agreement)
            delivery = self.find(item, self.d.line_delivery)
            settlement = self.find(item, self.d.line_settlement)
            tax = self.find(settlement, "ram:ApplicableTradeTax")
            quantity = self.find(delivery, "ram:BilledQuantity")
            out.append(
                InvoiceLine(
                    line_id=self.text(item, "ram:AssociatedDocumentLineDocument/ram:LineID"),
                    name=self.text(item, "ram:SpecifiedTradeProduct/ram:Name"),
                    quantity=self.out.number(quantity, "BilledQuantity"),
                    unit_code=quantity.get("unitCode", "") if quantity is not None else "",
                    net_price=self.out.number(
                        self.find(agreement, "ram:NetPriceProductTradePrice/ram:ChargeAmount"),
                        "prix net",
                    ),
                    net_amount=self.out.amount(
                        self.find(settlement, f"{self.d.line_summation}/ram:LineTotalAmount"),
                        "montant de ligne",
                        total=False,
                    ),
                    vat_category=self.text(tax, "ram:CategoryCode"),
                    vat_rate=self.out.number(self.find(tax, self.d.rate), "taux de TVA"),
                )
            )
        return tuple(out)

    def read(self, profile: str) -> Invoice:
        d = self.d
        doc = self.find(self.root, d.document)
        tx = self.find(self.root, d.transaction)
        agreement = self.find(tx, d.agreement)
        settlement = self.find(tx, d.settlement)
        summation = self.find(settlement, d.summation)
        currency = self.out.set_currency(self.text(settlement, "ram:InvoiceCurrencyCode"))
        vat = tuple(
            VatBreakdown(
                category=self.text(t, "ram:CategoryCode"),
                rate=self.out.number(self.find(t, d.rate), "taux de TVA"),
                basis=self.out.amount(self.find(t, "ram:BasisAmount"), "base de TVA"),
                tax=self.out.amount(self.find(t, "ram:CalculatedAmount"), "montant de TVA"),
            )
            for t in (
                [] if settlement is None else settlement.findall("ram:ApplicableTradeTax", d.ns)
            )
        )

        def total(name: str) -> Decimal | None:
            return self.out.amount(self.find(summation, f"ram:{name}"), name)

        return Invoice(
            syntax=d.syntax,
            profile=profile,
            type_code=self.text(doc, "ram:TypeCode"),
            number=self.text(doc, "ram:ID"),
            issue_date=self.day(doc, "ram:IssueDateTime/udt:DateTimeString", "date d'émission"),
            currency=currency,
            seller=self.party(self.find(agreement, "ram:SellerTradeParty")),
            buyer=self.party(self.find(agreement, "ram:BuyerTradeParty")),
            lines=self.lines(tx),
            vat=vat,
            line_total=total("LineTotalAmount"),
            total_without_tax=total("TaxBasisTotalAmount"),
            tax_total=self.tax_total(summation),
            grand_total=total("GrandTotalAmount"),
            prepaid=total("TotalPrepaidAmount"),
            due_payable=total("DuePayableAmount"),
            due_date=self.day(
                settlement,
                "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
                "échéance",
            ),
        )


def read_cii(root: etree._Element, dialect: Dialect, profile: str, out: Collector) -> Invoice:
    """The invoice of a CII document (``root``: its root element)."""
    assert local(root.tag) in ("CrossIndustryInvoice", "CrossIndustryDocument")
    return _Cii(root, dialect, out).read(profile)
