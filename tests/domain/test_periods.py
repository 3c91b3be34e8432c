"""Months and the rule for locking them in MEG (``domain.periods``)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.periods import (
    MonthNotOver,
    check_lockable,
    is_over,
    month_end,
    month_label,
    month_of,
    month_start,
    months_between,
    months_covered,
    next_month,
    parse_month,
)


def test_month_bounds_and_labels() -> None:
    assert month_start("2024-02") == date(2024, 2, 1)
    assert month_end("2024-02") == date(2024, 2, 29)
    assert month_end("2026-12") == date(2026, 12, 31)
    assert next_month("2026-12") == "2027-01"
    assert month_label("2026-08") == "août 2026"
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-02", "2025-11") == []
    # a period is always locked in whole months
    assert months_covered(date(2026, 1, 1), date(2026, 12, 6)) == [
        f"2026-{m:02d}" for m in range(1, 13)
    ]
    for bad in ("2026-13", "2026/01", "26-01", "2026-1"):
        with pytest.raises(ValueError):
            parse_month(bad)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_day_lies_in_its_month(day: date) -> None:
    month = month_of(day)
    assert month_start(month) <= day <= month_end(month)
    assert next_month(month) > month
    assert month_end(month) < month_start(next_month(month))


def test_a_month_is_over_the_day_after_its_last_day() -> None:
    assert not is_over("2026-11", date(2026, 11, 30))
    assert is_over("2026-11", date(2026, 12, 1))


def test_the_current_month_is_refused_unless_confirmed_and_a_future_one_always() -> None:
    today = date(2026, 12, 6)
    check_lockable(["2026-10", "2026-11"], today)  # over: fine
    with pytest.raises(MonthNotOver) as caught:
        check_lockable(["2026-11", "2026-12"], today)
    assert caught.value.message.startswith("Le mois de décembre 2026 est en cours")
    assert caught.value.context["months"] == ["2026-12"]
    check_lockable(["2026-12"], today, current_month_complete=True)
    with pytest.raises(MonthNotOver) as future:
        check_lockable(["2027-01"], today, current_month_complete=True)
    assert future.value.message.startswith("Le mois de janvier 2027 n'a pas commencé")
