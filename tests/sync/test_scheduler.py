"""The scheduler loop on a fake clock: slots, catch-up at start and on wake, skips, retries."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from waiting import wait_until_async

from meg_inqom_desktop.sync.schedule import DEFAULT_SLOTS, PARIS
from meg_inqom_desktop.sync.scheduler import Scheduler, SkipReason, SystemClock


def paris(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=PARIS).astimezone(UTC)


class FakeClock:
    """Wall and monotonic clocks that advance when slept on; ``suspend`` moves the wall only."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.now = start
        self.mono_now = 1000.0
        self.end = end
        self.scheduler: Scheduler | None = None
        self.suspends: dict[datetime, timedelta] = {}  # at wall time >= key, jump the wall

    def wall(self) -> datetime:
        return self.now

    def mono(self) -> float:
        return self.mono_now

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono_now += seconds
        for at in sorted(self.suspends):
            if self.now >= at:
                self.now += self.suspends.pop(at)  # machine asleep: wall moves, mono does not
        if self.now >= self.end and self.scheduler:
            self.scheduler.stop()
        await asyncio.sleep(0)


class FakeTarget:
    def __init__(self, clock: FakeClock, last_success: datetime | None) -> None:
        self.clock = clock
        self.last: datetime | None = last_success
        self.runs: list[tuple[str, datetime | None, datetime]] = []
        self.skips: list[tuple[str, datetime | None, str]] = []
        self.fail_next = 0
        self.running = False

    def last_success_utc(self) -> datetime | None:
        return self.last

    def is_running(self) -> bool:
        return self.running

    async def run_scheduled(self, trigger: str, slot: datetime | None) -> bool:
        started = self.clock.wall()
        self.runs.append((trigger, slot, started))
        await self.clock.sleep(20)  # a sync takes a while
        if self.fail_next:
            self.fail_next -= 1
            return False
        self.last = started
        return True

    def record_skipped(self, trigger: str, slot: datetime | None, reason: str) -> None:
        self.skips.append((trigger, slot, reason))


def make(
    start: datetime, end: datetime, last: datetime | None, **kw: object
) -> tuple[Scheduler, FakeClock, FakeTarget]:
    clock = FakeClock(start, end)
    target = FakeTarget(clock, last)
    sched = Scheduler(target, DEFAULT_SLOTS, clock=clock, **kw)  # type: ignore[arg-type]
    clock.scheduler = sched
    return sched, clock, target


def test_catch_up_at_start_then_slots() -> None:
    sched, _clock, target = make(paris(27, 9, 0), paris(28, 9, 0), last=paris(26, 10, 0))
    asyncio.run(sched.run())
    assert [(t, s) for t, s, _ in target.runs] == [
        ("catch_up", paris(26, 18, 0)),
        ("schedule", paris(27, 10, 0)),
        ("schedule", paris(27, 14, 0)),
        ("schedule", paris(27, 18, 0)),
    ]
    # scheduled runs start at their slot (within a chunk)
    for _, slot, started in target.runs[1:]:
        assert slot is not None and timedelta(0) <= started - slot < timedelta(seconds=31)
    assert target.skips == []


def test_wake_after_missed_slots_gives_one_catch_up() -> None:
    sched, clock, target = make(paris(27, 9, 0), paris(28, 9, 0), last=paris(27, 8, 0))
    clock.suspends[paris(27, 11, 0)] = timedelta(hours=6, minutes=30)  # asleep 11:00 → 17:30
    asyncio.run(sched.run())
    triggers = [(t, s) for t, s, _ in target.runs]
    assert triggers == [
        ("schedule", paris(27, 10, 0)),
        ("catch_up", paris(27, 14, 0)),  # 14:00 missed while asleep: one catch-up on wake
        ("schedule", paris(27, 18, 0)),
    ]
    assert sched.wakes == 1
    assert target.runs[1][2] - paris(27, 17, 30) < timedelta(minutes=1)


def test_no_network_skip_recorded_once_then_retried() -> None:
    online = {"ok": False}

    async def network_ok() -> bool:
        return online["ok"]

    sched, clock, target = make(
        paris(27, 10, 30), paris(27, 13, 0), last=paris(27, 8, 0), network_ok=network_ok
    )

    original_sleep = clock.sleep

    async def sleep(seconds: float) -> None:
        await original_sleep(seconds)
        if clock.now >= paris(27, 11, 0):
            online["ok"] = True

    clock.sleep = sleep  # type: ignore[method-assign]
    asyncio.run(sched.run())
    assert target.skips == [("catch_up", paris(27, 10, 0), SkipReason.NO_NETWORK)]
    assert [(t, s) for t, s, _ in target.runs] == [("catch_up", paris(27, 10, 0))]
    assert paris(27, 11, 0) <= target.runs[0][2] < paris(27, 11, 2)


def test_failed_run_retried_after_delay() -> None:
    sched, _clock, target = make(
        paris(27, 9, 59), paris(27, 11, 0), last=paris(27, 9, 0), retry_seconds=600
    )
    target.fail_next = 2
    asyncio.run(sched.run())
    starts = [started for _, _, started in target.runs]
    assert [t for t, _, _ in target.runs] == ["schedule", "catch_up", "catch_up"]
    assert starts[1] - starts[0] >= timedelta(seconds=600)
    assert starts[2] - starts[1] >= timedelta(seconds=600)
    assert target.last == starts[2]


def test_paused_slots_recorded_as_skipped_and_resume_catches_up() -> None:
    sched, clock, target = make(
        paris(27, 9, 0), paris(27, 19, 0), last=paris(27, 8, 0), paused=True
    )

    original_sleep = clock.sleep

    async def sleep(seconds: float) -> None:
        await original_sleep(seconds)
        if clock.now >= paris(27, 16, 0) and sched.paused:
            sched.resume()

    clock.sleep = sleep  # type: ignore[method-assign]
    asyncio.run(sched.run())
    assert target.skips == [
        ("schedule", paris(27, 10, 0), SkipReason.PAUSED),
        ("schedule", paris(27, 14, 0), SkipReason.PAUSED),
    ]
    assert [(t, s) for t, s, _ in target.runs] == [
        ("catch_up", paris(27, 14, 0)),
        ("schedule", paris(27, 18, 0)),
    ]


def test_already_running_is_skipped() -> None:
    sched, _clock, target = make(
        paris(27, 9, 59), paris(27, 10, 5), last=paris(27, 9, 0), no_network_retry_seconds=3600
    )
    target.running = True
    asyncio.run(sched.run())
    assert target.runs == []
    assert target.skips == [("schedule", paris(27, 10, 0), SkipReason.ALREADY_RUNNING)]


class CountingClock(SystemClock):
    """The real clocks, recording each sleep the loop asks for."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await super().sleep(seconds)


def test_real_clock_stop_and_cancel() -> None:
    """On the real clock the loop sleeps in chunks, goes on sleeping while paused, and stops
    (or is cancelled) between two chunks."""

    async def scenario() -> None:
        clock = CountingClock()
        target = FakeTarget(FakeClock(paris(27, 9), paris(28, 9)), datetime.now(UTC))
        sched = Scheduler(target, DEFAULT_SLOTS, clock=clock, chunk_seconds=0.05)
        task = asyncio.ensure_future(sched.run())
        await wait_until_async(lambda: len(clock.sleeps) >= 2, 10, "two chunks slept")
        assert sched.state.next_at is not None and not sched.state.catch_up
        sched.pause()
        slept = len(clock.sleeps)
        await wait_until_async(lambda: len(clock.sleeps) >= slept + 2, 10, "chunks while paused")
        assert sched.state.paused and sched.state.next_at is not None
        sched.stop()
        await asyncio.wait_for(task, 10)
        assert sched.state.next_at is None
        task2 = asyncio.ensure_future(sched.run())
        slept = len(clock.sleeps)
        await wait_until_async(lambda: len(clock.sleeps) > slept, 10, "the second run sleeping")
        task2.cancel()
        await asyncio.gather(task2, return_exceptions=True)
        assert task2.cancelled()
        assert target.runs == [] and target.skips == []
        assert clock.sleeps and all(0 < s <= 0.05 for s in clock.sleeps)

    asyncio.run(scenario())
