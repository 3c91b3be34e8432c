"""InqomClient against the sandbox's Inqom emulator: folders by SIREN+NIC, periods, journals,
accounts (renumbered), entries in batches of 50 (all or none), documents, read-back, rate limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from waiting import ManualClock, wait_until_async

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.inqom.errors import BatchRejected
from meg_inqom_desktop.inqom.mapping import entry_to_wire, resolve_journal
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import OutcomeUnknown
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.sandbox import start_sandbox

CONTRACT = Path(__file__).parents[2] / "resources" / "inqom-api.yaml"


@pytest.fixture(scope="module")
def sbx() -> Iterator[Any]:
    handle = start_sandbox()
    yield handle
    handle.stop()


@pytest.fixture(scope="module")
def store() -> CredentialStore:
    return CredentialStore("test-inqom", backend=EphemeralKeyring())


@pytest.fixture(scope="module")
def siret(sbx: Any, store: CredentialStore) -> str:
    value = next(iter(sbx.state.meg.companies))

    async def run() -> None:
        await setup.authorize_in_sandbox(sbx, "inqom", value, store=store)
        await setup.authorize_in_sandbox(sbx, "meg", value, store=store)

    asyncio.run(run())
    return value


def inqom(sbx: Any, siret: str, store: CredentialStore, **kwargs: Any) -> InqomClient:
    return InqomClient.open(Endpoints.from_sandbox(sbx), siret, store, **kwargs)


async def meg_entries(sbx: Any, siret: str, store: CredentialStore, n: int) -> list[Entry]:
    """Validated 2025 entries from MEG's feed (the sandbox's Inqom year 2025 is open)."""
    async with MegClient.open(Endpoints.from_sandbox(sbx), siret, store) as meg:
        entries: list[Entry] = []
        cursor = None
        while len(entries) < n:
            page = await meg.feed_page(cursor)
            entries += [e for e in page.entries if e.date and e.date.year == 2025]
            if not page.has_more:
                break
            cursor = page.next_cursor
    return entries[:n]


async def account_map(client: InqomClient, folder: int, entries: list[Entry]) -> dict[str, str]:
    """Auxiliary accounts created in Inqom (number as Inqom rewrites it)."""
    numbers: dict[str, str] = {}
    for e in entries:
        for ln in e.lines:
            if ln.aux_account and ln.aux_account not in numbers:
                wanted = f"{ln.account[:3]}{ln.aux_account}"
                numbers[ln.aux_account] = await client.create_account(
                    folder, wanted, ln.aux_label or ln.aux_account
                )
    return numbers


def number_for(numbers: dict[str, str]) -> Any:
    def pick(line: EntryLine) -> str:
        return numbers[line.aux_account] if line.aux_account else line.account

    return pick


def test_folders_matching_siren_and_nic_first(sbx: Any, siret: str, store: CredentialStore) -> None:
    async def run() -> None:
        async with inqom(sbx, siret, store) as client:
            folders = await client.find_folders(siret)
            assert (folders[0].Siren, folders[0].Nic) == (siret[:9], siret[9:])
            assert {f.Id for f in folders} == set(sbx.state.inqom.folders)
            listed = await setup.list_inqom_folders(
                siret, endpoints=Endpoints.from_sandbox(sbx), store=store
            )
            assert listed[0].matches and not any(f.matches for f in listed[1:])

    asyncio.run(run())


def test_periods_journals_accounts_and_renumbering(
    sbx: Any, siret: str, store: CredentialStore
) -> None:
    async def run() -> None:
        async with inqom(sbx, siret, store) as client:
            folder = (await client.find_folders(siret))[0].Id
            periods = await client.accounting_periods(folder)
            assert [p.Locked for p in periods] == [True, False, False]
            journals = await client.journals(folder)
            assert {j.Type for j in journals} >= {"Buy", "Sell", "Bank", "Misc"}
            accounts = await client.accounts(folder, "445")
            assert accounts and all(a.Number.startswith("445") for a in accounts)
            assert await client.create_account(folder, "401FOURNISSEUR", "Fournisseur") == (
                "4011FOURNISSEUR"
            )
            assert await client.create_account(folder, "401FOURNISSEUR", "Fournisseur") == (
                "4011FOURNISSEUR"
            )
            created = await client.accounts(folder, "4011F")
            assert [a.Number for a in created].count("4011FOURNISSEUR") == 1  # not created twice

    asyncio.run(run())


def test_post_50_entries_then_read_them_back_exactly(
    sbx: Any, siret: str, store: CredentialStore
) -> None:
    async def run() -> None:
        entries = await meg_entries(sbx, siret, store, 50)
        async with inqom(sbx, siret, store) as client:
            folder = (await client.find_folders(siret))[0].Id
            journals = await client.journals(folder)
            numbers = await account_map(client, folder, entries)
            bodies = [
                entry_to_wire(e, resolve_journal(e.journal, journals).Id, number_for(numbers))
                for e in entries
            ]
            start, end = date(2025, 1, 1), date(2025, 12, 31)
            before = (await client.entry_lines_count(folder, start, end)).TotalLinesCount
            posted = await client.post_entries(folder, bodies)
            assert [p.ExternalId for p in posted] == [e.source_id for e in entries]
            lines = sum(len(e.lines) for e in entries)
            count = await client.entry_lines_count(folder, start, end)
            assert count.TotalLinesCount == before + lines
            ids = {p.entry_id for p in posted}
            back = [
                ln async for ln in client.iter_entry_lines(folder, start, end) if ln.Entry.Id in ids
            ]
            assert len(back) == lines
            sent = sorted((ln.debit, ln.credit) for e in entries for ln in e.lines)
            got = sorted((ln.DebitAmount, ln.CreditAmount) for ln in back)
            assert got == sent and all(isinstance(d, Decimal) for d, _ in got)
            changes = await client.entry_line_changes(
                folder, start, end, changed_before=datetime.now(UTC) + timedelta(minutes=1)
            )
            assert {ln.TypeOfChange for ln in changes.EntryLines} >= {"Creation"}
            with pytest.raises(ValueError, match=r"^1 to 50 entries per call, not 51$"):
                await client.post_entries(folder, bodies + bodies[:1])

    asyncio.run(run())


def test_a_bad_entry_rejects_the_whole_batch(sbx: Any, siret: str, store: CredentialStore) -> None:
    async def run() -> None:
        entries = await meg_entries(sbx, siret, store, 3)
        async with inqom(sbx, siret, store) as client:
            folder = (await client.find_folders(siret))[0].Id
            journals = await client.journals(folder)
            numbers = await account_map(client, folder, entries)
            bodies = [
                entry_to_wire(e, resolve_journal(e.journal, journals).Id, number_for(numbers))
                for e in entries
            ]
            bodies[1] = {**bodies[1], "Date": "2024-06-30"}  # the 2024 year is locked
            start, end = date(2024, 1, 1), date(2025, 12, 31)
            before = (await client.entry_lines_count(folder, start, end)).TotalLinesCount
            with pytest.raises(BatchRejected) as info:
                await client.post_entries(folder, bodies)
            assert info.value.faulty_external_ids() == {entries[1].source_id}
            assert info.value.errors[0].code == "ExerciseLockedForDates"
            assert "Aucune de ces écritures" in info.value.message
            after = (await client.entry_lines_count(folder, start, end)).TotalLinesCount
            assert after == before  # all or none

    asyncio.run(run())


def test_attach_a_piece_to_a_posted_entry(sbx: Any, siret: str, store: CredentialStore) -> None:
    async def run() -> None:
        entries = [e for e in await meg_entries(sbx, siret, store, 20) if e.documents][:1]
        ep = Endpoints.from_sandbox(sbx)
        async with MegClient.open(ep, siret, store) as meg:
            got = await meg.download_document(entries[0].documents[0])
        async with inqom(sbx, siret, store) as client:
            folder = (await client.find_folders(siret))[0].Id
            journals = await client.journals(folder)
            numbers = await account_map(client, folder, entries)
            body = entry_to_wire(
                entries[0], resolve_journal(entries[0].journal, journals).Id, number_for(numbers)
            )
            posted = await client.post_entries(folder, [body])
            doc_id = await client.attach_document(
                folder,
                posted[0].entry_id,
                filename=got.document.filename,
                content=got.data,
                media_type=got.document.media_type,
                day=entries[0].date,
                reference=entries[0].piece_ref,
            )
            link = await client.document_link(folder, doc_id)
            async with httpx2.AsyncClient(trust_env=False) as raw:
                assert (await raw.get(link)).content == got.data

    asyncio.run(run())


def test_rate_limiter_keeps_under_15_per_second(
    sbx: Any, siret: str, store: CredentialStore
) -> None:
    async def run() -> None:
        async with inqom(sbx, siret, store) as client:
            await client.internal_access()
            sbx.state.reset_rate_limit()  # the server counts from here
            await asyncio.gather(*(client.internal_access() for _ in range(20)))
            assert client.stats.retries == {}  # the server never answered 429
            assert client.caller.limiter.waited > 0  # because the client spaced the calls

    asyncio.run(run())


@contextmanager
def sandbox_clock(sbx: Any) -> Iterator[ManualClock]:
    """The sandbox's rate limit on a clock that moves only when the test says so."""
    clock = ManualClock()
    sbx.state.monotonic = clock
    sbx.state.reset_rate_limit()
    try:
        yield clock
    finally:
        sbx.state.monotonic = time.monotonic
        sbx.state.reset_rate_limit()


def test_without_the_limiter_refused_calls_wait_retry_after_and_are_retried_once(
    sbx: Any, siret: str, store: CredentialStore
) -> None:
    """20 calls at once: Inqom accepts 15 and answers 429 (Retry-After: 1) to 5; the client
    waits that second, then retries each of the 5 once."""
    waits: list[float] = []
    gate = asyncio.Event()

    async def held_sleep(seconds: float) -> None:  # the client's wait before a retry
        waits.append(seconds)
        await gate.wait()

    async def run() -> None:
        greedy = TokenBucket(1000, 1000)  # no client-side limit: the server answers 429
        with sandbox_clock(sbx) as clock:
            async with inqom(sbx, siret, store, limiter=greedy) as client:
                client.caller.sleep = held_sleep
                answered: list[object] = []

                async def call() -> None:
                    answered.append(await client.internal_access())

                calls = asyncio.gather(*(call() for _ in range(20)))
                await wait_until_async(
                    lambda: len(answered) + len(waits) == 20, what="a first answer to each call"
                )
                assert (len(answered), len(waits)) == (15, 5)
                assert waits == [1.0] * 5  # Retry-After (1 s) outweighs the 0.5 s backoff
                clock.advance(1.0)
                gate.set()
                await asyncio.wait_for(calls, 20)
                assert len(answered) == 20
                assert client.stats.retries == {"GET internal-access": 5}
                assert client.stats.reasons == {"GET internal-access: 429": 5}

    asyncio.run(run())


def test_parsed_payloads_conform_to_the_contract(
    sbx: Any, siret: str, store: CredentialStore
) -> None:
    doc = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        "urn:inqom", Resource.from_contents(doc, default_specification=DRAFT202012)
    )

    def check(schema: dict[str, Any], payload: Any) -> None:
        errors = list(Draft202012Validator(schema, registry=registry).iter_errors(payload))
        assert errors == [], errors[:1]

    def ref(name: str) -> dict[str, Any]:
        return {"$ref": f"urn:inqom#/components/schemas/{name}"}

    async def run() -> None:
        async with inqom(sbx, siret, store) as client:
            token = await client.caller.auth.access_token()
            folders = await client.folders()
            folder = folders[0].Id
        base = Endpoints.from_sandbox(sbx).inqom_url
        sbx.state.reset_rate_limit()  # these raw calls do not use the client's limiter
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx2.AsyncClient(trust_env=False, headers=headers, base_url=base) as raw:
            access = (await raw.get("/provisioning/users/internal-access")).json()
            check({"type": "array", "items": ref("InternalAccess")}, access)
            company = access[0]["Id"]
            listed = (await raw.get(f"/provisioning/companies/{company}/accounting-folders")).json()
            check({"type": "array", "items": ref("AccountingFolder")}, listed)
            assert len(listed) == len(folders)
            for path, name in (("accounting-periods", "AccountingPeriod"), ("journals", "Journal")):
                check(
                    {"type": "array", "items": ref(name)},
                    (await raw.get(f"/v1/dossiers/{folder}/{path}")).json(),
                )
            page = await raw.get(
                f"/v1/dossiers/{folder}/entry-lines",
                params={"startDate": "2025-01-01", "endDate": "2025-12-31"},
            )
            check(ref("EntryLinePage"), page.json())

    asyncio.run(run())


def test_posting_is_never_resent_blindly(sbx: Any, siret: str, store: CredentialStore) -> None:
    """429 (refused before any effect) is retried; a cut answer is OutcomeUnknown, and the
    read-back shows what Inqom created."""

    async def run() -> None:
        entries = await meg_entries(sbx, siret, store, 2)
        async with inqom(sbx, siret, store, policy=RetryPolicy.inqom(scale=0.01)) as client:
            folder = (await client.find_folders(siret))[0].Id
            journals = await client.journals(folder)
            numbers = await account_map(client, folder, entries)
            bodies = [
                entry_to_wire(e, resolve_journal(e.journal, journals).Id, number_for(numbers))
                for e in entries
            ]
            start, end = date(2025, 1, 1), date(2025, 12, 31)
            before = (await client.entry_lines_count(folder, start, end)).TotalLinesCount
            lines = sum(len(e.lines) for e in entries)
            try:
                sbx.set_faults("inqom.entries:429=0#1")
                posted = await client.post_entries(folder, bodies[:1])
                assert client.stats.retries["POST /v1/dossiers/{id}/entries"] == 1
                sbx.set_faults("inqom.entries:truncate#1")
                with pytest.raises(OutcomeUnknown):
                    await client.post_entries(folder, bodies[1:])
            finally:
                sbx.set_faults(None)
            assert client.stats.retries["POST /v1/dossiers/{id}/entries"] == 1  # not resent
            after = (await client.entry_lines_count(folder, start, end)).TotalLinesCount
            assert after == before + lines  # both were created, each once
            assert posted[0].ExternalId == entries[0].source_id

    asyncio.run(run())
