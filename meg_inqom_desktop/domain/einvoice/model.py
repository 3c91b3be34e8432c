"""An electronic invoice as read from a pièce (Factur-X / ZUGFeRD PDF, CII or UBL XML).

Only what the accountant and the cross-check need: parties with their SIREN and VAT number,
lines, the VAT breakdown per rate, the totals (EN 16931 business terms BT-106 to BT-115) and the
due date. Amounts are ``Decimal`` exactly as written (a total with 4 decimals stays so; the
cross-check rounds it to the cent and says so); a missing amount is ``None``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")

#: UNTDID 1001 document types that are credit notes (EN 16931 BT-3).
CREDIT_NOTE_TYPES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)


class Syntax(enum.StrEnum):
    """How the invoice is written."""

    CII = "CII"  # UN/CEFACT Cross Industry Invoice D16B: Factur-X, ZUGFeRD 2, XRechnung CII
    ZUGFERD_1 = "ZUGFeRD 1"  # the 2014 Cross Industry Document
    UBL = "UBL"  # OASIS UBL 2.1 Invoice or CreditNote


def cents(value: Decimal | None) -> Decimal | None:
    """``value`` rounded to the cent (half up, as invoices round), or None."""
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def amount_text(value: Decimal | None) -> str | None:
    """An amount as a string with two decimals (``"1234.50"``), for JSON; None stays None."""
    rounded = cents(value)
    return None if rounded is None else f"{rounded:.2f}"


def siren_of(identifier: str) -> str:
    """The SIREN inside a French identifier: a SIREN, a SIRET, or a VAT number FRkk + SIREN."""
    text = "".join(identifier.split()).upper()
    if text.startswith("FR") and len(text) == 13 and text[4:].isdigit():
        return text[4:]
    if len(text) in (9, 14) and text.isdigit() and text.isascii():
        return text[:9]
    return ""


@dataclass(frozen=True)
class Party:
    """Seller or buyer (EN 16931 BG-4 / BG-7)."""

    name: str = ""
    siren: str = ""  # 9 digits when the invoice gives a SIREN, SIRET or French VAT number
    siret: str = ""
    vat_id: str = ""
    country: str = ""
    address: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "siren": self.siren,
            "siret": self.siret,
            "vat_id": self.vat_id,
            "country": self.country,
            "address": self.address,
        }


@dataclass(frozen=True)
class InvoiceLine:
    """One invoice line (BG-25)."""

    line_id: str = ""
    name: str = ""
    quantity: Decimal | None = None
    unit_code: str = ""
    net_price: Decimal | None = None  # BT-146, may carry 4 decimals
    net_amount: Decimal | None = None  # BT-131
    vat_category: str = ""
    vat_rate: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.line_id,
            "name": self.name,
            "quantity": None if self.quantity is None else str(self.quantity),
            "unit_code": self.unit_code,
            "net_price": None if self.net_price is None else str(self.net_price),
            "net_amount": amount_text(self.net_amount),
            "vat_category": self.vat_category,
            "vat_rate": amount_text(self.vat_rate),
        }


@dataclass(frozen=True)
class VatBreakdown:
    """One VAT breakdown (BG-23): category, rate, taxable basis and tax."""

    category: str = ""
    rate: Decimal | None = None
    basis: Decimal | None = None
    tax: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "rate": amount_text(self.rate),
            "basis": amount_text(self.basis),
            "tax": amount_text(self.tax),
        }


@dataclass(frozen=True)
class Invoice:
    """What a pièce's structured invoice says."""

    syntax: Syntax
    profile: str = ""  # MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED (Factur-X), "" if unknown
    type_code: str = ""
    number: str = ""
    issue_date: date | None = None
    currency: str = ""
    seller: Party = field(default_factory=Party)
    buyer: Party = field(default_factory=Party)
    lines: tuple[InvoiceLine, ...] = ()
    vat: tuple[VatBreakdown, ...] = ()
    line_total: Decimal | None = None  # BT-106
    total_without_tax: Decimal | None = None  # BT-109
    tax_total: Decimal | None = None  # BT-110
    grand_total: Decimal | None = None  # BT-112
    prepaid: Decimal | None = None  # BT-113
    due_payable: Decimal | None = None  # BT-115
    due_date: date | None = None  # BT-9

    @property
    def is_credit_note(self) -> bool:
        return self.type_code in CREDIT_NOTE_TYPES

    @property
    def kind_label(self) -> str:
        """« Avoir » or « Facture » (French, for display)."""
        return "Avoir" if self.is_credit_note else "Facture"

    def as_dict(self) -> dict[str, Any]:
        """JSON form: amounts as strings with two decimals, dates as AAAA-MM-JJ."""
        return {
            "syntax": self.syntax.value,
            "profile": self.profile,
            "type_code": self.type_code,
            "credit_note": self.is_credit_note,
            "number": self.number,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "currency": self.currency,
            "line_total": amount_text(self.line_total),
            "total_without_tax": amount_text(self.total_without_tax),
            "tax_total": amount_text(self.tax_total),
            "grand_total": amount_text(self.grand_total),
            "prepaid": amount_text(self.prepaid),
            "due_payable": amount_text(self.due_payable),
            "seller": self.seller.as_dict(),
            "buyer": self.buyer.as_dict(),
            "vat": [v.as_dict() for v in self.vat],
            "lines": [ln.as_dict() for ln in self.lines],
        }
