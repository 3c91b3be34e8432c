"""The scheduler loop: runs the sync at its slots, catches up once after a miss, notices wakes.

Runs on whatever asyncio loop is current (qasync's in the GUI, ``asyncio.run`` in the CLI); it
never sets an event loop. It sleeps in short chunks and compares the wall clock with the
monotonic one after each chunk: a jump means the machine slept (or the clock was set), and the
schedule is evaluated again, which gives one catch-up run for the missed slot(s) once the
network answers. Skipped runs (paused, no network, already running) are recorded through the
target with their reason, once per slot and reason; a failed run is retried after a delay.
"""

from __future__ import annotations

import asyncio
import logging
import time as _time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Protocol

from meg_inqom_desktop.sync.schedule import (
    DEFAULT_JUMP_TOLERANCE,
    DEFAULT_SLOTS,
    following_slot,
    next_run,
    normalize_slots,
    wall_clock_jumped,
)

log = logging.getLogger(__name__)


class SkipReason:
    """Stable codes for skipped runs (stored in ``SyncRun.details``)."""

    PAUSED = "paused"
    NO_NETWORK = "no_network"
    ALREADY_RUNNING = "already_running"


SKIP_MESSAGES = {
    SkipReason.PAUSED: "Synchronisation en pause : créneau ignoré.",
    SkipReason.NO_NETWORK: "Pas de réseau : synchronisation reportée.",
    SkipReason.ALREADY_RUNNING: "Une synchronisation était déjà en cours.",
}


class Clock(Protocol):
    def wall(self) -> datetime: ...
    def mono(self) -> float: ...
    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clocks."""

    def wall(self) -> datetime:
        return datetime.now(UTC)

    def mono(self) -> float:
        return _time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class SchedulerTarget(Protocol):
    """What the scheduler drives (the sync service)."""

    def last_success_utc(self) -> datetime | None: ...
    def is_running(self) -> bool: ...
    async def run_scheduled(self, trigger: str, slot: datetime | None) -> bool: ...
    def record_skipped(self, trigger: str, slot: datetime | None, reason: str) -> None: ...


NetworkCheck = Callable[[], Awaitable[bool]]


async def _always_online() -> bool:
    return True


@dataclass
class SchedulerState:
    """What the UI shows: the next planned run and whether it is a catch-up."""

    next_at: datetime | None = None
    catch_up: bool = False
    paused: bool = False
    running: bool = False


class Scheduler:
    """The loop; ``await run()`` until ``stop()``; ``pause()``/``resume()``/``set_slots()``."""

    def __init__(
        self,
        target: SchedulerTarget,
        slots: Sequence[time] = DEFAULT_SLOTS,
        *,
        network_ok: NetworkCheck = _always_online,
        clock: Clock | None = None,
        chunk_seconds: float = 30.0,
        retry_seconds: float = 300.0,
        no_network_retry_seconds: float = 60.0,
        jump_tolerance: float = DEFAULT_JUMP_TOLERANCE,
        paused: bool = False,
    ) -> None:
        self.target = target
        self.slots = normalize_slots(slots)
        self.network_ok = network_ok
        self.clock: Clock = clock or SystemClock()
        self.chunk_seconds = chunk_seconds
        self.retry_seconds = retry_seconds
        self.no_network_retry_seconds = no_network_retry_seconds
        self.jump_tolerance = jump_tolerance
        self.state = SchedulerState(paused=paused)
        self._stopping = False
        self._poke = asyncio.Event()
        self._retry_at: datetime | None = None
        self._recorded: set[tuple[datetime | None, str]] = set()
        self.wakes = 0

    # -- control -------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self.state.paused

    def pause(self) -> None:
        self.state.paused = True
        self._poke.set()

    def resume(self) -> None:
        self.state.paused = False
        self._retry_at = None
        self._poke.set()

    def set_slots(self, slots: Sequence[time]) -> None:
        self.slots = normalize_slots(slots)
        self._poke.set()

    def stop(self) -> None:
        self._stopping = True
        self._poke.set()

    # -- loop ------------------------------------------------------------------------------
    async def run(self) -> None:
        """Run until :meth:`stop` (or cancellation)."""
        self._stopping = False
        while not self._stopping:
            if not self.slots:
                self.state.next_at = None
                await self._wait_until(None)
                continue
            now = self.clock.wall()
            if self.state.paused:
                at = following_slot(now, self.slots)
                self._plan(at, catch_up=False)
                if await self._wait_until(at) == "reached" and self.state.paused:
                    self._skip("schedule", at, SkipReason.PAUSED)
                continue
            plan = next_run(now, self.slots, self.target.last_success_utc())
            if plan.catch_up:
                if self._retry_at is not None and now < self._retry_at:
                    at = min(self._retry_at, following_slot(now, self.slots))
                    self._plan(at, catch_up=True)
                    await self._wait_until(at)
                    continue
                self._plan(now, catch_up=True)
                await self._fire("catch_up", plan.missed_slot)
            else:
                self._plan(plan.at_utc, catch_up=False)
                if await self._wait_until(plan.at_utc) == "reached":
                    await self._fire("schedule", plan.at_utc)
        self.state.next_at = None

    def _plan(self, at: datetime, *, catch_up: bool) -> None:
        self.state.next_at = at
        self.state.catch_up = catch_up

    async def _fire(self, trigger: str, slot: datetime | None) -> None:
        if self.target.is_running():
            self._skip(trigger, slot, SkipReason.ALREADY_RUNNING)
            self._retry_later(self.no_network_retry_seconds)
            return
        if not await self.network_ok():
            self._skip(trigger, slot, SkipReason.NO_NETWORK)
            self._retry_later(self.no_network_retry_seconds)
            return
        self.state.running = True
        try:
            ok = await self.target.run_scheduled(trigger, slot)
        except asyncio.CancelledError:
            raise
        except Exception:  # the target records its own failures; the loop must live on
            log.exception("scheduled sync failed")
            ok = False
        finally:
            self.state.running = False
        if ok:
            self._retry_at = None
        else:
            self._retry_later(self.retry_seconds)

    def _retry_later(self, seconds: float) -> None:
        self._retry_at = self.clock.wall() + timedelta(seconds=seconds)

    def _skip(self, trigger: str, slot: datetime | None, reason: str) -> None:
        key = (slot, reason)
        if key in self._recorded:
            return
        self._recorded.add(key)
        if len(self._recorded) > 1000:
            self._recorded = {key}
        log.info("sync skipped (%s) for slot %s", reason, slot)
        self.target.record_skipped(trigger, slot, reason)

    async def _wait_until(self, at: datetime | None) -> str:
        """Sleep in chunks until ``at``: ``"reached"``, ``"jump"`` (wake), ``"poke"`` or stop."""
        self._poke.clear()
        while not self._stopping:
            wall, mono = self.clock.wall(), self.clock.mono()
            if at is not None and wall >= at:
                return "reached"
            remaining = self.chunk_seconds if at is None else (at - wall).total_seconds()
            if await self._sleep_or_poke(min(self.chunk_seconds, max(remaining, 0.0))):
                return "poke"
            if wall_clock_jumped(
                wall, mono, self.clock.wall(), self.clock.mono(), self.jump_tolerance
            ):
                self.wakes += 1
                log.info("wall clock jumped (sleep/wake or clock change): re-planning")
                return "jump"
        return "stop"

    async def _sleep_or_poke(self, seconds: float) -> bool:
        """True if poked before ``seconds`` passed."""
        if self._poke.is_set():
            return True
        sleeper = asyncio.ensure_future(self.clock.sleep(seconds))
        poked = asyncio.ensure_future(self._poke.wait())
        try:
            done, _ = await asyncio.wait({sleeper, poked}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, poked):
                if not task.done():
                    task.cancel()
            await asyncio.gather(sleeper, poked, return_exceptions=True)
        return poked in done
