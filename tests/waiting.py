"""Waiting in tests for a condition, with a deadline, instead of sleeping for a fixed time.

A test that sleeps "long enough" fails on a loaded machine and wastes time on an idle one.
These helpers poll a predicate until it holds and fail with a readable message when the
deadline passes. ``wait_until`` blocks the calling thread (servers, child processes);
``wait_until_async`` lets the running event loop work in between (asyncio, qasync).
Where the code under test takes a clock, :class:`ManualClock` moves time instead of waiting.

``tests/`` is on ``sys.path`` (pytest inserts the folder of the root ``conftest.py``), so any
test imports them with ``from waiting import wait_until``.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

POLL_SECONDS = 0.02


class ManualClock:
    """A monotonic clock (seconds) that moves only when told: ``clock()``, ``advance(s)``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _describe(predicate: Callable[[], object], what: str) -> str:
    if what:
        return what
    try:
        return inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return getattr(predicate, "__qualname__", repr(predicate))


def _timed_out(predicate: Callable[[], object], timeout: float, what: str) -> AssertionError:
    return AssertionError(f"timed out after {timeout:g} s waiting for {_describe(predicate, what)}")


def wait_until(
    predicate: Callable[[], T],
    timeout: float = 20.0,
    what: str = "",
    *,
    interval: float = POLL_SECONDS,
) -> T:
    """Call ``predicate`` until it returns a true value, and return that value.

    Fails with ``AssertionError("timed out after <timeout> s waiting for <what>")`` once
    ``timeout`` seconds have passed; an exception raised by ``predicate`` propagates at once
    (so a predicate may assert that a child process is still alive).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise _timed_out(predicate, timeout, what)
        time.sleep(interval)


async def wait_until_async(
    predicate: Callable[[], T],
    timeout: float = 20.0,
    what: str = "",
    *,
    interval: float = POLL_SECONDS,
) -> T:
    """:func:`wait_until` for coroutines: the event loop runs between two calls of
    ``predicate``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if loop.time() >= deadline:
            raise _timed_out(predicate, timeout, what)
        await asyncio.sleep(interval)
