"""Every injected fault kind, through the real clients, with the expected recovery or error."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import (
    DocumentRefused,
    MalformedResponse,
    NetworkUnavailable,
    OutcomeUnknown,
    RateLimited,
    ServerError,
)
from meg_inqom_desktop.net.http import HttpSettings, RetryPolicy

FAST = RetryPolicy(max_attempts=4, base=0.001, factor=2, jitter=0.0, max_retry_after=5)


@pytest.fixture(scope="module")
def store() -> CredentialStore:
    """Tokens that outlive the per-test keyring (one authorization per service)."""
    return CredentialStore("test-faults", backend=EphemeralKeyring())


@pytest.fixture
def faults(sandbox: Any) -> Iterator[Any]:
    sandbox.set_faults(None)
    yield sandbox.set_faults
    sandbox.set_faults(None)


@pytest.fixture(scope="module")
def siret(sandbox: Any, store: CredentialStore) -> str:
    value = next(iter(sandbox.state.meg.companies))
    sandbox.set_faults(None)

    async def run() -> None:
        await setup.authorize_in_sandbox(sandbox, "meg", value, store=store)
        await setup.authorize_in_sandbox(sandbox, "inqom", value, store=store)

    asyncio.run(run())
    return value


class Sleeps(list[float]):
    async def __call__(self, delay: float) -> None:
        self.append(delay)


def meg(
    sandbox: Any, siret: str, store: CredentialStore, **kwargs: Any
) -> tuple[MegClient, Sleeps]:
    client = MegClient.open(
        Endpoints.from_sandbox(sandbox),
        siret,
        store,
        policy=kwargs.pop("policy", FAST),
        settings=kwargs.pop("settings", None),
        **kwargs,
    )
    sleeps = Sleeps()
    client.caller.sleep = sleeps
    return client, sleeps


async def a_document(client: MegClient) -> Any:
    page = await client.feed_page(limit=20)
    return next(d for e in page.entries for d in e.documents)


def test_latency_within_timeout_is_only_slower(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store)
        async with client:
            await client.company()  # token refresh first
            faults("meg.company:latency=80ms")
            fired = len(sandbox.faults.fired)
            assert (await client.company()).siret == siret
            assert sandbox.faults.fired[fired:] == [("meg.company", "latency")]  # slowed down
            assert sleeps == [] and client.stats.retries == {}  # and answered at once

    asyncio.run(run())


def test_latency_beyond_timeout_retried_then_network_unavailable(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        settings = HttpSettings(read_timeout=0.05)
        client, sleeps = meg(sandbox, siret, store, settings=settings)
        async with client:
            await client.company()
            faults("meg.company:latency=300ms")
            with pytest.raises(NetworkUnavailable) as info:
                await client.company()
            assert len(sleeps) == FAST.max_attempts - 1
            assert client.stats.retries["GET /companies/{siret}"] == 3
            assert "proxy" in info.value.message

    asyncio.run(run())


def test_5xx_recovered_and_counted_per_route(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults("meg.entries:503#2")
            page = await client.feed_page(limit=10)
            assert page.entries
            assert client.stats.snapshot()["retries"] == {"GET /companies/{siret}/entries": 2}
            assert sleeps == [0.001, 0.002]  # exponential

    asyncio.run(run())


def test_5xx_that_persists_is_server_error(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, _ = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults("meg.periods:500")
            with pytest.raises(ServerError) as info:
                await client.periods()
            assert info.value.context["status"] == 500
            assert client.stats.retries == {"GET /companies/{siret}/periods": FAST.max_attempts - 1}

    asyncio.run(run())


def test_429_retry_after_is_honoured(sandbox: Any, siret: str, store: Any, faults: Any) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults("meg.company:429=3#1")
            await client.company()
            assert sleeps == [3.0]  # Retry-After: 3 beats the 1 ms backoff
            assert client.stats.reasons == {"GET /companies/{siret}: 429": 1}

    asyncio.run(run())


def test_429_that_persists_is_rate_limited(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, _ = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults("meg.company:429=1")
            with pytest.raises(RateLimited):
                await client.company()
            assert client.stats.reasons == {"GET /companies/{siret}: 429": FAST.max_attempts - 1}

    asyncio.run(run())


@pytest.mark.parametrize("kind", ["drop", "truncate", "malformed", "wrongtype"])
def test_broken_responses_are_retried(
    sandbox: Any, siret: str, store: Any, faults: Any, kind: str
) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults(f"meg.entries:{kind}#1")
            page = await client.feed_page(limit=50)
            assert len(page.entries) + len(page.failures) == 50
            assert len(sleeps) == 1
            assert sandbox.faults.fired[-1] == ("meg.entries", kind)

    asyncio.run(run())


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("drop", NetworkUnavailable),
        ("malformed", MalformedResponse),
        ("wrongtype", MalformedResponse),
    ],
)
def test_broken_responses_that_persist(
    sandbox: Any, siret: str, store: Any, faults: Any, kind: str, error: type[Exception]
) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults(f"meg.periods:{kind}")
            with pytest.raises(error):
                await client.periods()
            assert len(sleeps) == FAST.max_attempts - 1

    asyncio.run(run())


def test_truncated_document_is_downloaded_again(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, _ = meg(sandbox, siret, store)
        async with client:
            doc = await a_document(client)
            faults("meg.documents:truncate#1")
            got = await client.download_document(doc)
            assert client.stats.retries == {"GET /documents/{id}": 1}  # cut, then whole
            assert len(got.data) == got.size == doc.size
            assert got.sha256 == doc.sha256

    asyncio.run(run())


def test_oversized_document_refused_without_reading_it(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store, max_document_bytes=1_000_000)
        async with client:
            doc = await a_document(client)
            faults("meg.documents:oversize=30MB")
            with pytest.raises(DocumentRefused) as info:
                await client.download_document(doc)
            # the size announced by the headers (30 MiB), not a count of bytes read past 1 Mo
            assert "trop volumineuse (31.5 Mo, maximum 1 Mo)" in info.value.message
            assert sleeps == []

    asyncio.run(run())


def test_non_pdf_document_refused(sandbox: Any, siret: str, store: Any, faults: Any) -> None:
    async def run() -> None:
        client, _ = meg(sandbox, siret, store)
        async with client:
            doc = await a_document(client)
            faults("meg.documents:notpdf")
            with pytest.raises(DocumentRefused) as info:
                await client.download_document(doc)
            assert "image/png" in info.value.message and "application/pdf" in info.value.message

    asyncio.run(run())


def test_non_idempotent_call_is_never_resent_blindly(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        client, sleeps = meg(sandbox, siret, store)
        async with client:
            await client.company()
            faults("meg.validations:drop")
            with pytest.raises(OutcomeUnknown):
                await client.validate(date(2026, 1, 1), date(2026, 1, 31))
            assert sleeps == []

    asyncio.run(run())


def test_inqom_backoff_schedule_then_rate_limited(
    sandbox: Any, siret: str, store: Any, faults: Any
) -> None:
    async def run() -> None:
        ep = Endpoints.from_sandbox(sandbox)
        policy = RetryPolicy.inqom()
        async with InqomClient.open(ep, siret, store, policy=policy) as inqom:
            sleeps = Sleeps()
            inqom.caller.sleep = sleeps
            await inqom.internal_access()
            faults("inqom.internal_access:429=0")
            with pytest.raises(RateLimited):
                await inqom.internal_access()
            assert len(sleeps) == 4
            for wait, documented in zip(sleeps, (0.5, 1, 2, 4), strict=True):
                assert documented <= wait <= documented * 1.1

    asyncio.run(run())
