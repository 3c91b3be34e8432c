"""The demo firm's Factur-X pièces: which pièces are Factur-X (:func:`einvoice_description`)
and their CII XML (profiles EN 16931 and BASIC, :func:`cii_xml`).

About 45 % of the sales and purchase pièces, chosen by a hash of the pièce id (the seed's
random stream is not touched); one in about 40 of them deliberately differs from its entry
(``defect``: ``total``, ``number`` or ``siren``). Customers and suppliers get a SIREN derived
from their name.

The XML is written as text from the pièce's description (``render["einvoice"]``): one line
per row of the pièce, VAT category S, the breakdown per rate, the totals and a due date
30 days after issue. Fast (no DOM) and deterministic. A test checks the result against the
profiles' XSD (factur-x ships them).
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from stdnum import luhn

FACTURX_PERCENT = 45  # share of sales and purchase pièces that are Factur-X
DEFECTS = {7: "total", 41: "number", 74: "siren"}  # hash % 100 -> deliberate inconsistency

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


def _hash(text: str) -> int:
    return zlib.crc32(text.encode())


def party_siren(name: str) -> str:
    """A SIREN for a customer or supplier, derived from its name (Luhn-valid)."""
    head = f"{3 + _hash(name) % 7}{_hash(name + '/') % 10**7:07d}"
    return head + luhn.calc_check_digit(head)


def vat_number(siren: str) -> str:
    """The French intra-community VAT number of a SIREN (FR + key + SIREN)."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def einvoice_description(
    doc_id: str,
    number: str,
    party: str,
    company: tuple[str, str, str],
    *,
    sale: bool,
    credit_note: bool,
) -> dict[str, Any] | None:
    """What the Factur-X of pièce ``doc_id`` says, or None for a plain PDF.

    ``company``: the dossier's (name, SIREN, SIRET); ``party``: the customer or supplier.
    The ``lines`` are added by the caller (the pièce's rows, defect applied).
    """
    h = _hash(doc_id)
    if h % 100 >= FACTURX_PERCENT:
        return None
    defect = DEFECTS.get(_hash(doc_id + "#defect") % 100)
    name, siren, siret = company
    if defect == "siren":  # the dossier's side carries another company's SIREN
        siren, siret = party_siren(name + " (autre)"), ""
    ours = {"name": name, "siret": siret, "siren": siren, "vat": vat_number(siren)}
    other_siren = party_siren(party)
    other = {"name": party, "siren": other_siren, "vat": vat_number(other_siren)}
    return {
        "profile": "basic" if h % 3 == 0 else "en16931",
        "type_code": "381" if credit_note else "380",
        "number": f"{number}-B" if defect == "number" else number,
        "seller": ours if sale else other,
        "buyer": other if sale else ours,
        "defect": defect,
    }


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
