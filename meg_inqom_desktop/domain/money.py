"""Money: ``Decimal`` with exact cents in Python, integer cents in storage, French display."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

_NBSP = "\u202f"  # narrow no-break space, the French thousands separator


class NotExactCents(ValueError):
    """An amount with more than two decimals where exact cents are required."""


def money(value: Decimal | int | str) -> Decimal:
    """``value`` as a two-decimal Decimal; sub-cent values and floats are refused."""
    if isinstance(value, float):  # pragma: no cover - guarded by type hints too
        raise TypeError("money never comes from float")
    try:
        dec = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"montant illisible : {value!r}") from exc
    if not dec.is_finite():
        raise ValueError(f"montant illisible : {value!r}")
    quantized = dec.quantize(CENT)
    if quantized != dec:
        raise NotExactCents(f"montant au-delà du centime : {value}")
    return quantized


def round_cents(value: Decimal) -> Decimal:
    """Round to the cent, half to even (banker's rounding), for computed amounts such as VAT."""
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def to_cents(value: Decimal) -> int:
    """Exact conversion of a money amount to integer cents."""
    return int(money(value) * 100)


def from_cents(cents: int) -> Decimal:
    """Integer cents back to a two-decimal ``Decimal``."""
    return (Decimal(cents) / 100).quantize(CENT)


def format_amount(value: Decimal, *, currency: bool = False, blank_zero: bool = False) -> str:
    """French display: ``1 234,56`` (narrow no-break space), ``-12,00``; ``€`` suffix on request."""
    if blank_zero and not value:
        return ""
    # hot path (a ledger prints three amounts a line): an amount of two places is formatted as
    # it is (format() would round by the context's rule), then two replaces (on short strings
    # str.replace is several times faster than str.translate)
    if not value.same_quantum(CENT):
        value = value.quantize(CENT, ROUND_HALF_EVEN)
    text = format(value, ",.2f").replace(",", _NBSP).replace(".", ",")
    if text == "-0,00":  # a tiny negative amount rounded to nothing
        text = "0,00"
    return text + _NBSP + "€" if currency else text


def format_cents(cents: int, *, currency: bool = False, blank_zero: bool = False) -> str:
    """:func:`format_amount` for integer cents."""
    return format_amount(from_cents(cents), currency=currency, blank_zero=blank_zero)
