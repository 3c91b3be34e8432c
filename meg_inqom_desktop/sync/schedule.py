"""When to sync: slots in Europe/Paris (10:00, 14:00, 18:00 by default), catch-up, wake detection.

Pure functions, no I/O. Slots are wall-clock times in Europe/Paris; every instant handled here
is an aware UTC ``datetime``.

DST rules:
- spring forward: a slot whose wall time does not exist that day (e.g. 02:30 on the last Sunday
  of March) runs once, at the same wall time read with the winter offset (03:30 summer time);
- fall back: a slot whose wall time happens twice runs once, at its first occurrence.

A missed slot (machine off or asleep) gives one catch-up run now, however many slots were
missed since the last successful run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_SLOTS: tuple[time, ...] = (time(10, 0), time(14, 0), time(18, 0))
DEFAULT_JUMP_TOLERANCE = 90.0  # seconds of drift between wall and monotonic clocks


@dataclass(frozen=True)
class NextRun:
    """The next run: at ``at_utc``; ``catch_up`` when a slot was missed (``missed_slot``)."""

    at_utc: datetime
    catch_up: bool
    missed_slot: datetime | None = None


def parse_slot(text: str) -> time:
    """``"10:00"`` → ``time(10, 0)``; raises ``ValueError`` with a French message."""
    raw = text.strip()
    try:
        hours, minutes = raw.split(":")
        slot = time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"Horaire invalide : « {text} » (format attendu HH:MM).") from exc
    return slot


def parse_slots(texts: Iterable[str]) -> tuple[time, ...]:
    """Sorted, de-duplicated slots from ``"HH:MM"`` strings."""
    return normalize_slots(parse_slot(t) for t in texts)


def format_slot(slot: time) -> str:
    return f"{slot.hour:02d}:{slot.minute:02d}"


def normalize_slots(slots: Iterable[time]) -> tuple[time, ...]:
    """Sorted unique slots, seconds dropped."""
    return tuple(sorted({time(s.hour, s.minute) for s in slots}))


def _require_aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(UTC)


def slot_instant(day: date, slot: time, tz: ZoneInfo = PARIS) -> datetime:
    """The UTC instant of ``slot`` on local ``day`` (DST gap and fold resolved as above)."""
    local = datetime.combine(day, time(slot.hour, slot.minute), tzinfo=tz)  # fold=0
    return local.astimezone(UTC)


def slot_instants(day: date, slots: Sequence[time], tz: ZoneInfo = PARIS) -> list[datetime]:
    """The distinct UTC instants of the slots of local ``day``, in order."""
    return sorted({slot_instant(day, s, tz) for s in slots})


def _local_day(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def previous_slot(now_utc: datetime, slots: Sequence[time], tz: ZoneInfo = PARIS) -> datetime:
    """The latest slot instant at or before ``now_utc``."""
    now = _require_aware(now_utc, "now_utc")
    if not slots:
        raise ValueError("no slots")
    today = _local_day(now, tz)
    for back in range(0, 4):
        candidates = [s for s in slot_instants(today - timedelta(days=back), slots, tz) if s <= now]
        if candidates:
            return candidates[-1]
    raise AssertionError("unreachable: every day has a slot")  # pragma: no cover


def following_slot(now_utc: datetime, slots: Sequence[time], tz: ZoneInfo = PARIS) -> datetime:
    """The earliest slot instant strictly after ``now_utc``."""
    now = _require_aware(now_utc, "now_utc")
    if not slots:
        raise ValueError("no slots")
    today = _local_day(now, tz)
    for ahead in range(0, 4):
        candidates = [s for s in slot_instants(today + timedelta(days=ahead), slots, tz) if s > now]
        if candidates:
            return candidates[0]
    raise AssertionError("unreachable: every day has a slot")  # pragma: no cover


def next_run(
    now_utc: datetime,
    slots: Sequence[time] = DEFAULT_SLOTS,
    last_success_utc: datetime | None = None,
    tz: ZoneInfo = PARIS,
) -> NextRun:
    """When to run next.

    If the latest slot at or before ``now_utc`` came after the last successful run (or there
    never was one), one catch-up run is due now. Otherwise the next run is the next slot.
    """
    now = _require_aware(now_utc, "now_utc")
    slots = normalize_slots(slots)
    prev = previous_slot(now, slots, tz)
    if last_success_utc is None or _require_aware(last_success_utc, "last_success_utc") < prev:
        return NextRun(at_utc=now, catch_up=True, missed_slot=prev)
    return NextRun(at_utc=following_slot(now, slots, tz), catch_up=False)


def wall_clock_jumped(
    prev_wall: datetime,
    prev_mono: float,
    now_wall: datetime,
    now_mono: float,
    tolerance: float = DEFAULT_JUMP_TOLERANCE,
) -> bool:
    """True when the wall clock moved more than ``tolerance`` seconds apart from the monotonic one.

    The monotonic clock stops while the machine sleeps (and ignores clock changes), the wall
    clock does not: after a wake, wall time has advanced much more than monotonic time.
    """
    wall_elapsed = (now_wall - prev_wall).total_seconds()
    mono_elapsed = now_mono - prev_mono
    return abs(wall_elapsed - mono_elapsed) > tolerance
