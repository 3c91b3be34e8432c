"""Display of amounts and dates by language: French ``1 234,56`` and ``28/11/2026`` by default."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from meg_inqom_desktop.domain.money import format_cents

_LANGUAGE = "fr"


def set_language(language: str) -> None:
    """Choose how amounts and dates are shown ("fr" or "en")."""
    global _LANGUAGE
    _LANGUAGE = "en" if language.startswith("en") else "fr"


def language() -> str:
    return _LANGUAGE


def amount(cents: int, *, blank_zero: bool = False, currency: bool = False) -> str:
    """``1 234,56`` in French, ``1,234.56`` in English."""
    if _LANGUAGE == "fr":
        return format_cents(cents, blank_zero=blank_zero, currency=currency)
    if blank_zero and cents == 0:
        return ""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    text = f"{sign}{whole:,}.{frac:02d}"
    return f"€{text}" if currency else text


def money(value: Decimal, *, blank_zero: bool = False, currency: bool = False) -> str:
    """:func:`amount` of a two-decimal ``Decimal``."""
    return amount(int(value.scaleb(2)), blank_zero=blank_zero, currency=currency)


def day(value: date | None) -> str:
    """``28/11/2026`` in French, ``2026-11-28`` in English."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if _LANGUAGE == "fr" else value.isoformat()


def moment(value: datetime | None) -> str:
    """A timestamp in local time: ``28/11/2026 14:02``."""
    if value is None:
        return ""
    local = value.astimezone()
    return (
        local.strftime("%d/%m/%Y %H:%M") if _LANGUAGE == "fr" else local.strftime("%Y-%m-%d %H:%M")
    )
