"""Exact JSON numbers from Decimal, shared by the Inqom client and the emulators."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.json_exact import dumps_exact


def test_decimals_are_numbers_written_from_their_own_text() -> None:
    raw = dumps_exact({"Debit": Decimal("1234567890123.45"), "Rate": Decimal("5.5"), "n": [1]})
    assert raw == b'{"Debit":1234567890123.45,"Rate":5.5,"n":[1]}'


def test_unknown_types_go_through_default_and_floats_are_refused() -> None:
    assert dumps_exact({"d": date(2026, 11, 28)}, default=date.isoformat) == b'{"d":"2026-11-28"}'
    with pytest.raises(TypeError, match=r"^cannot encode date$"):
        dumps_exact({"d": date(2026, 11, 28)})
    with pytest.raises(TypeError, match=r"^float in a JSON payload"):
        dumps_exact({"amount": 0.1})


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_round_trip_is_exact(amount: Decimal) -> None:
    parsed = json.loads(dumps_exact({"a": amount}), parse_float=Decimal)
    assert Decimal(parsed["a"]) == amount
