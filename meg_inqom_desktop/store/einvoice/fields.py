"""Reading values out of invoice XML: amounts as ``Decimal``, dates, identifiers; every value
that cannot be read becomes a finding instead of an exception.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from meg_inqom_desktop.domain.einvoice.findings import InvoiceFinding, Level, Rule
from meg_inqom_desktop.domain.einvoice.model import Party, cents, siren_of

_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
#: ICD schemes of French company identifiers (SIRENE: SIREN or SIRET; 0009: SIRET).
FRENCH_SCHEMES = ("0002", "0009")


def local(tag: object) -> str:
    """``{namespace}Name`` -> ``Name``."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


class Collector:
    """Findings of one document being read, and the readers that add to them."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.findings: list[InvoiceFinding] = []
        self.currency = ""

    def add(self, rule: Rule, level: Level, message: str, invoice: str = "") -> None:
        self.findings.append(InvoiceFinding(rule, level, message, self.document, invoice))

    def number(self, el: etree._Element | None, what: str) -> Decimal | None:
        """A quantity, price or rate: any number of decimals."""
        text = (el.text or "").strip() if el is not None else ""
        if not text:
            return None
        if not _DECIMAL.match(text):
            self.add(
                Rule.AMOUNT_UNREADABLE,
                Level.UNREADABLE,
                f"Nombre illisible « {text} » ({what}) : il est ignoré.",
                text,
            )
            return None
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern guards it
            return None

    def amount(self, el: etree._Element | None, what: str, *, total: bool = True) -> Decimal | None:
        """A monetary amount; a total with more than two decimals or in another currency than
        the invoice's is remarked (the value is kept as written)."""
        value = self.number(el, what)
        if value is None or el is None:
            return value
        text = (el.text or "").strip()
        decimals = len(text.partition(".")[2])
        if total and decimals > 2:
            rounded = cents(value)
            tail = f" : arrondi à {rounded} pour les comparaisons" if rounded != value else ""
            self.add(
                Rule.AMOUNT_PRECISION,
                Level.REMARK,
                f"Montant « {text} » ({what}) écrit avec {decimals} décimales, la norme EN 16931"
                f" en admet deux{tail}.",
                text,
            )
        currency = el.get("currencyID")
        valid = bool(_CURRENCY.match(self.currency))
        if total and currency and valid and currency != self.currency:
            self.add(
                Rule.CURRENCY,
                Level.REMARK,
                f"Montant {what} exprimé en {currency}, alors que la facture est en "
                f"{self.currency}.",
                currency,
            )
        return value

    def set_currency(self, code: str) -> str:
        code = code.strip()
        if not code:
            self.add(
                Rule.CURRENCY,
                Level.UNREADABLE,
                "La facture ne dit pas sa devise (code ISO 4217 attendu, ex. EUR).",
            )
        elif not _CURRENCY.match(code):
            self.add(
                Rule.CURRENCY,
                Level.UNREADABLE,
                f"Code devise « {code} » invalide (trois lettres ISO 4217 attendues, ex. EUR).",
                code,
            )
        self.currency = code
        return code

    def day(self, text: str | None, fmt: str, what: str) -> date | None:
        value = (text or "").strip()
        if not value:
            return None
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            self.add(
                Rule.DATE_UNREADABLE,
                Level.REMARK,
                f"Date illisible « {value} » ({what}).",
                value,
            )
            return None


def make_party(
    name: str, ids: list[tuple[str, str]], vat_id: str, country: str, address: str
) -> Party:
    """A party from its identifiers ``(scheme, value)``: SIREN/SIRET from the French schemes
    (or an unqualified 9/14-digit number of a French party), else from a French VAT number."""
    siren = siret = ""
    for scheme, value in ids:
        digits = "".join(value.split())
        french = scheme in FRENCH_SCHEMES or (not scheme and country in ("", "FR"))
        if french and digits.isdigit() and len(digits) in (9, 14):
            siren = digits[:9]
            siret = digits if len(digits) == 14 else siret
            break
    if not siren and vat_id:
        siren = siren_of(vat_id)
    return Party(
        name=name.strip(),
        siren=siren,
        siret=siret,
        vat_id="".join(vat_id.split()),
        country=country.strip(),
        address=address,
    )
