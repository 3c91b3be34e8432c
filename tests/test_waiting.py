"""The tests' wait-until helpers: the value on success, a readable failure at the deadline."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from waiting import wait_until, wait_until_async


def test_returns_the_first_true_value() -> None:
    calls = itertools.count()
    assert wait_until(lambda: next(calls) >= 3 and "ready", timeout=5, interval=0) == "ready"
    assert next(calls) == 4  # called until true, not once more


def test_fails_at_the_deadline_with_what_it_waited_for() -> None:
    with pytest.raises(AssertionError, match=r"^timed out after 0\.01 s waiting for the server$"):
        wait_until(lambda: False, timeout=0.01, what="the server")


def test_failure_shows_the_predicate_source_when_unnamed() -> None:
    with pytest.raises(AssertionError, match=r"waiting for .*lambda: 1 > 2"):
        wait_until(lambda: 1 > 2, timeout=0)


def test_an_error_of_the_predicate_propagates_at_once() -> None:
    def dead() -> bool:
        raise AssertionError("the child process died")

    with pytest.raises(AssertionError, match=r"^the child process died$"):
        wait_until(dead, timeout=60)


def test_async_version_lets_the_loop_run() -> None:
    async def scenario() -> None:
        done = asyncio.Event()
        asyncio.get_running_loop().call_soon(done.set)
        assert await wait_until_async(done.is_set, timeout=5) is True
        with pytest.raises(AssertionError, match=r"^timed out after 0 s waiting for never$"):
            await wait_until_async(lambda: None, timeout=0, what="never")

    asyncio.run(scenario())
