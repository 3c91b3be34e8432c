"""Money: exact cents, integer storage, French display (with hypothesis properties)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.money import (
    ZERO,
    NotExactCents,
    format_amount,
    format_cents,
    from_cents,
    money,
    round_cents,
    to_cents,
)

cents = st.integers(min_value=-(10**15), max_value=10**15)


@given(cents)
def test_cents_round_trip(value: int) -> None:
    assert to_cents(from_cents(value)) == value
    assert from_cents(value).as_tuple().exponent == -2


@given(cents, cents)
def test_addition_is_exact(a: int, b: int) -> None:
    assert from_cents(a) + from_cents(b) == from_cents(a + b)
    assert to_cents(from_cents(a) - from_cents(b)) == a - b


@given(st.lists(cents, max_size=50))
def test_sums_are_exact_and_order_free(values: list[int]) -> None:
    amounts = [from_cents(v) for v in values]
    assert sum(amounts, ZERO) == sum(reversed(amounts), ZERO) == from_cents(sum(values))


@given(cents, st.integers(min_value=1, max_value=1000))
def test_multiplication_then_rounding_stays_within_half_a_cent(value: int, factor: int) -> None:
    rate = Decimal(factor) / 1000
    rounded = round_cents(from_cents(value) * rate)
    assert abs(rounded - from_cents(value) * rate) <= Decimal("0.005")


def test_money_refuses_sub_cents_and_garbage() -> None:
    assert money("12.5") == Decimal("12.50")
    with pytest.raises(NotExactCents):
        money("0.001")
    with pytest.raises(ValueError, match=r"^montant illisible : 'douze'$"):
        money("douze")
    with pytest.raises(ValueError, match=r"^montant illisible : 'NaN'$"):
        money("NaN")


def test_round_cents_is_half_even() -> None:
    assert round_cents(Decimal("0.125")) == Decimal("0.12")
    assert round_cents(Decimal("0.135")) == Decimal("0.14")


def test_french_display() -> None:
    nnbsp = "\u202f"
    assert format_amount(Decimal("1234.56")) == f"1{nnbsp}234,56"
    assert format_amount(Decimal("-12")) == "-12,00"
    assert format_amount(Decimal("1000000"), currency=True) == f"1{nnbsp}000{nnbsp}000,00{nnbsp}€"
    assert format_amount(ZERO, blank_zero=True) == ""
    assert format_cents(123456) == f"1{nnbsp}234,56"


@given(cents)
def test_display_reads_back(value: int) -> None:
    shown = format_cents(value).replace("\u202f", "").replace(",", ".")
    assert Decimal(shown) == from_cents(value)


def _french(cents: int) -> str:
    """Reference display of integer cents: sign, thousands by narrow no-break spaces, comma."""
    whole, hundredths = divmod(abs(cents), 100)
    digits = str(whole)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return f"{'-' if cents < 0 else ''}{chr(0x202F).join(groups)},{hundredths:02d}"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_format_amount_groups_thousands_the_french_way(value: Decimal) -> None:
    assert format_amount(value) == _french(int(value * 100))


@given(st.integers(min_value=-(10**26), max_value=10**26) | cents)
def test_format_amount_and_format_cents_agree_over_the_whole_precision(value: int) -> None:
    """Zero, negatives and amounts up to the 28 digits of the decimal context: the same text
    from cents, from a two-place Decimal however it was built, with the currency on request."""
    expected = _french(value)
    assert format_cents(value) == expected
    assert format_amount(from_cents(value)) == expected
    assert format_amount(Decimal(value).scaleb(-2)) == expected
    assert format_amount(from_cents(value), currency=True) == expected + "\u202f€"
    assert format_amount(from_cents(value), blank_zero=True) == (expected if value else "")


@given(st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False))
def test_format_amount_rounds_any_decimal_half_to_even(value: Decimal) -> None:
    """More (or fewer) places than two: rounded to the cent, half to even, never "-0,00"."""
    assert format_amount(value) == _french(round(Fraction(value) * 100))


def test_a_tiny_negative_amount_is_shown_as_zero() -> None:
    assert format_amount(Decimal("-0.004")) == "0,00"
    assert format_amount(Decimal("0"), blank_zero=True) == ""
    assert format_amount(Decimal("-1234.5"), currency=True) == "-1\u202f234,50\u202f€"
