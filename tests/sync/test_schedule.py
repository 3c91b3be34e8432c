"""The pure schedule: slots in Europe/Paris, catch-up, DST, midnight, wake detection."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meg_inqom_desktop.sync.schedule import (
    DEFAULT_SLOTS,
    PARIS,
    following_slot,
    next_run,
    parse_slots,
    previous_slot,
    slot_instant,
    wall_clock_jumped,
)


def paris(y: int, mo: int, d: int, h: int, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=PARIS, fold=fold).astimezone(UTC)


def test_next_slot_same_day() -> None:
    now = paris(2026, 11, 27, 9, 30)
    nr = next_run(now, DEFAULT_SLOTS, last_success_utc=paris(2026, 11, 27, 8, 0))
    assert not nr.catch_up
    assert nr.at_utc == paris(2026, 11, 27, 10, 0)
    assert nr.at_utc == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # winter: UTC+1


def test_summer_offset() -> None:
    nr = next_run(paris(2026, 7, 1, 11, 0), DEFAULT_SLOTS, paris(2026, 7, 1, 10, 0))
    assert nr.at_utc == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # 14:00 CEST


def test_midnight_crossing() -> None:
    last = paris(2026, 11, 27, 18, 5)
    nr = next_run(paris(2026, 11, 27, 23, 59), DEFAULT_SLOTS, last)
    assert nr == next_run(paris(2026, 11, 28, 0, 1), DEFAULT_SLOTS, last)
    assert nr.at_utc == paris(2026, 11, 28, 10, 0)
    assert not nr.catch_up


def test_midnight_slot_and_late_slot() -> None:
    slots = (time(0, 0), time(23, 30))
    last = paris(2026, 11, 27, 23, 30)
    nr = next_run(paris(2026, 11, 27, 23, 45), slots, last)
    assert nr.at_utc == paris(2026, 11, 28, 0, 0)


def test_one_catch_up_for_many_missed_slots() -> None:
    """Machine off for three days: one catch-up now, for the latest missed slot."""
    last = paris(2026, 11, 24, 18, 0)
    now = paris(2026, 11, 27, 15, 12)
    nr = next_run(now, DEFAULT_SLOTS, last)
    assert nr.catch_up
    assert nr.at_utc == now
    assert nr.missed_slot == paris(2026, 11, 27, 14, 0)
    # once the catch-up succeeded, the next run is the next slot, not another catch-up
    after = next_run(now + timedelta(minutes=2), DEFAULT_SLOTS, now)
    assert not after.catch_up
    assert after.at_utc == paris(2026, 11, 27, 18, 0)


def test_never_synced_is_a_catch_up() -> None:
    nr = next_run(paris(2026, 11, 27, 9, 0), DEFAULT_SLOTS, None)
    assert nr.catch_up
    assert nr.missed_slot == paris(2026, 11, 26, 18, 0)


def test_success_just_before_slot_does_not_cover_it() -> None:
    nr = next_run(paris(2026, 11, 27, 10, 5), DEFAULT_SLOTS, paris(2026, 11, 27, 9, 59))
    assert nr.catch_up and nr.missed_slot == paris(2026, 11, 27, 10, 0)


def test_spring_forward_gap_slot_runs_once() -> None:
    """29 March 2026: 02:00 → 03:00. A 02:30 slot runs once, at 03:30 summer time."""
    slots = (time(2, 30), time(10, 0))
    last = paris(2026, 3, 28, 10, 0)
    nr = next_run(paris(2026, 3, 29, 1, 0), slots, paris(2026, 3, 29, 0, 30))
    assert not nr.catch_up
    assert nr.at_utc == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert nr.at_utc.astimezone(PARIS).hour == 3
    # right after it ran, the next is 10:00 CEST (08:00 UTC)
    nr2 = next_run(nr.at_utc + timedelta(seconds=1), slots, nr.at_utc)
    assert nr2.at_utc == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert last < nr.at_utc


def test_spring_forward_gap_slot_and_next_hour_slot_merge() -> None:
    """02:30 (in the gap) and 03:30 land on the same instant: one run only."""
    slots = (time(2, 30), time(3, 30))
    instants = {slot_instant(datetime(2026, 3, 29).date(), s) for s in slots}
    assert len(instants) == 1


def test_fall_back_ambiguous_slot_runs_once() -> None:
    """25 October 2026: 03:00 → 02:00. A 02:30 slot happens twice on the wall; runs once."""
    slots = (time(2, 30),)
    first = paris(2026, 10, 25, 2, 30, fold=0)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # CEST occurrence
    nr = next_run(paris(2026, 10, 25, 1, 0), slots, paris(2026, 10, 24, 2, 30))
    assert nr.at_utc == first and not nr.catch_up
    # after running at the first 02:30, the second 02:30 (01:30 UTC) is not a slot
    second = paris(2026, 10, 25, 2, 30, fold=1)
    assert second == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    nr2 = next_run(second + timedelta(minutes=1), slots, first)
    assert not nr2.catch_up
    assert nr2.at_utc == paris(2026, 10, 26, 2, 30)


def test_fall_back_day_default_slots() -> None:
    nr = next_run(paris(2026, 10, 25, 9, 0), DEFAULT_SLOTS, paris(2026, 10, 24, 18, 0))
    assert nr.at_utc == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # 10:00 CET


def test_parse_slots() -> None:
    assert parse_slots(["18:00", "10:00", "14:00", "10:00"]) == DEFAULT_SLOTS
    with pytest.raises(ValueError, match="Horaire invalide"):
        parse_slots(["25:00"])
    with pytest.raises(ValueError, match="Horaire invalide"):
        parse_slots(["dix heures"])


def test_naive_rejected() -> None:
    with pytest.raises(ValueError, match=r"aware datetime"):
        next_run(datetime(2026, 1, 1, 10), DEFAULT_SLOTS, None)


def test_wall_clock_jump() -> None:
    t0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert not wall_clock_jumped(t0, 100.0, t0 + timedelta(seconds=30), 130.0)
    assert wall_clock_jumped(t0, 100.0, t0 + timedelta(hours=3), 130.0)  # slept
    assert wall_clock_jumped(t0, 100.0, t0 - timedelta(hours=1), 130.0)  # clock set back
    assert not wall_clock_jumped(t0, 100.0, t0 + timedelta(seconds=100), 130.0, tolerance=90)


instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
slot_sets = st.lists(
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])), min_size=1, max_size=5
)


@settings(max_examples=300, deadline=None)
@given(now=instants, slots=slot_sets, since=st.integers(0, 10 * 24 * 3600))
def test_property_next_run(now: datetime, slots: list[time], since: int) -> None:
    last = now - timedelta(seconds=since)
    nr = next_run(now, slots, last)
    prev = previous_slot(now, slots)
    nxt = following_slot(now, slots)
    assert prev <= now < nxt
    assert nxt - prev <= timedelta(hours=25)
    if nr.catch_up:
        assert nr.at_utc == now and nr.missed_slot == prev and last < prev
    else:
        assert nr.at_utc == nxt and last >= prev
        # the next run is a slot: its wall time is one of the slots (or shifted by a DST gap)
        local = nr.at_utc.astimezone(PARIS)
        wall = time(local.hour, local.minute)
        shifted = (local - timedelta(hours=1)).time().replace(second=0, microsecond=0)
        assert wall in slots or shifted in slots


@settings(max_examples=200, deadline=None)
@given(start=instants, slots=slot_sets)
def test_property_each_slot_runs_once_over_days(start: datetime, slots: list[time]) -> None:
    """Following the schedule (success at every run) never runs the same instant twice and
    never yields a catch-up; every day gets one run per distinct slot instant."""
    now = start
    last = start
    seen: list[datetime] = []
    for _ in range(3 * len(slots) + 2):
        nr = next_run(now, slots, last)
        assert not nr.catch_up
        assert nr.at_utc > now
        seen.append(nr.at_utc)
        now = last = nr.at_utc
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen)
