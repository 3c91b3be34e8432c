"""The CII XML of the demo firm's Factur-X pièces (profiles EN 16931 and BASIC).

Written as text from the pièce's description (``render["einvoice"]``, see ``seed.py``): one
line per row of the pièce, VAT category S, the breakdown per rate, the totals and a due date
30 days after issue. Fast (no DOM) and deterministic. A test checks the result against the
profiles' XSD (factur-x ships them).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

GUIDELINES = {
    "en16931": "urn:cen.eu:en16931:2017",
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
}
_UN = "urn:un:unece:uncefact:data:standard"
_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    f'<rsm:CrossIndustryInvoice xmlns:rsm="{_UN}:CrossIndustryInvoice:100"'
    f' xmlns:ram="{_UN}:ReusableAggregateBusinessInformationEntity:100"'
    f' xmlns:qdt="{_UN}:QualifiedDataType:100"'
    f' xmlns:udt="{_UN}:UnqualifiedDataType:100">\n'
)


def _d(day: date) -> str:
    return f'<udt:DateTimeString format="102">{day:%Y%m%d}</udt:DateTimeString>'


def _party(tag: str, party: dict[str, str]) -> str:
    siret = party.get("siret") or party.get("siren", "")
    legal = (
        f'<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{escape(siret)}</ram:ID>'
        "</ram:SpecifiedLegalOrganization>"
        if siret
        else ""
    )
    vat = (
        f'<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{escape(party["vat"])}</ram:ID>'
        "</ram:SpecifiedTaxRegistration>"
        if party.get("vat")
        else ""
    )
    return (
        f"<ram:{tag}><ram:Name>{escape(party['name'])}</ram:Name>{legal}"
        "<ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>"
        f"{vat}</ram:{tag}>"
    )


def _rate(rate: Decimal) -> str:
    return f"{rate:.2f}"


def cii_xml(info: dict[str, Any]) -> bytes:
    """The Factur-X XML of the pièce described by ``info`` (``info["einvoice"]`` set)."""
    fx = info["einvoice"]
    issued = date.fromisoformat(info["date"])
    rows = [(d, Decimal(h), Decimal(str(r)), Decimal(t)) for d, h, r, t in fx["lines"]]
    parts = [
        _HEAD,
        "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>",
        f"<ram:ID>{GUIDELINES[fx['profile']]}</ram:ID>",
        "</ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>\n",
        f"<rsm:ExchangedDocument><ram:ID>{escape(fx['number'])}</ram:ID>",
        f"<ram:TypeCode>{fx['type_code']}</ram:TypeCode>",
        f"<ram:IssueDateTime>{_d(issued)}</ram:IssueDateTime></rsm:ExchangedDocument>\n",
        "<rsm:SupplyChainTradeTransaction>\n",
    ]
    for i, (desc, ht, rate, _tva) in enumerate(rows, start=1):
        parts.append(
            "<ram:IncludedSupplyChainTradeLineItem>"
            f"<ram:AssociatedDocumentLineDocument><ram:LineID>{i}</ram:LineID>"
            "</ram:AssociatedDocumentLineDocument>"
            f"<ram:SpecifiedTradeProduct><ram:Name>{escape(desc)}</ram:Name>"
            "</ram:SpecifiedTradeProduct>"
            "<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>"
            f"<ram:ChargeAmount>{ht}</ram:ChargeAmount></ram:NetPriceProductTradePrice>"
            "</ram:SpecifiedLineTradeAgreement>"
            "<ram:SpecifiedLineTradeDelivery>"
            '<ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity>'
            "</ram:SpecifiedLineTradeDelivery>"
            "<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>"
            "<ram:CategoryCode>S</ram:CategoryCode>"
            f"<ram:RateApplicablePercent>{_rate(rate)}</ram:RateApplicablePercent>"
            "</ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>"
            f"<ram:LineTotalAmount>{ht}</ram:LineTotalAmount>"
            "</ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>"
            "</ram:IncludedSupplyChainTradeLineItem>\n"
        )
    parts.append("<ram:ApplicableHeaderTradeAgreement>")
    parts.append(_party("SellerTradeParty", fx["seller"]))
    parts.append(_party("BuyerTradeParty", fx["buyer"]))
    parts.append("</ram:ApplicableHeaderTradeAgreement>\n<ram:ApplicableHeaderTradeDelivery/>\n")
    parts.append(
        "<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>"
    )
    per_rate: dict[Decimal, list[Decimal]] = {}
    for _desc, ht, rate, tva in rows:
        basis_tax = per_rate.setdefault(rate, [Decimal(0), Decimal(0)])
        basis_tax[0] += ht
        basis_tax[1] += tva
    for rate, (basis, tax) in per_rate.items():
        parts.append(
            f"<ram:ApplicableTradeTax><ram:CalculatedAmount>{tax}</ram:CalculatedAmount>"
            f"<ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{basis}</ram:BasisAmount>"
            "<ram:CategoryCode>S</ram:CategoryCode>"
            f"<ram:RateApplicablePercent>{_rate(rate)}</ram:RateApplicablePercent>"
            "</ram:ApplicableTradeTax>"
        )
    total_ht = sum((r[1] for r in rows), Decimal(0))
    total_tva = sum((r[3] for r in rows), Decimal(0))
    due = issued + timedelta(days=30)
    parts.append(
        f"<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>{_d(due)}</ram:DueDateDateTime>"
        "</ram:SpecifiedTradePaymentTerms>"
        "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        f"<ram:LineTotalAmount>{total_ht}</ram:LineTotalAmount>"
        f"<ram:TaxBasisTotalAmount>{total_ht}</ram:TaxBasisTotalAmount>"
        f"<ram:TaxTotalAmount currencyID={quoteattr('EUR')}>{total_tva}</ram:TaxTotalAmount>"
        f"<ram:GrandTotalAmount>{total_ht + total_tva}</ram:GrandTotalAmount>"
        f"<ram:DuePayableAmount>{total_ht + total_tva}</ram:DuePayableAmount>"
        "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        "</ram:ApplicableHeaderTradeSettlement>\n</rsm:SupplyChainTradeTransaction>\n"
        "</rsm:CrossIndustryInvoice>\n"
    )
    return "".join(parts).encode("utf-8")
