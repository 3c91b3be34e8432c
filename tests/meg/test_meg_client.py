"""MegClient against the sandbox: company checks, periods, feed paging, preview, validation,
documents, a page with bad entries, and conformance of what it parses to the contract."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.domain.entry import Document
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.meg.errors import (
    CompanyNotFound,
    ConnectionDisabled,
    NotPremium,
    PeriodLocked,
)
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import DocumentRefused
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.sandbox import start_sandbox
from tests.meg.feed import walk_feed

CONTRACT = Path(__file__).parents[2] / "resources" / "meg-api.yaml"
UNKNOWN_SIRET = "73282932000074"  # valid, but no such company in the sandbox


def companies(sandbox: Any, **flags: bool) -> list[Any]:
    return [
        c
        for c in sandbox.state.meg.companies.values()
        if all(getattr(c, k) == v for k, v in flags.items())
    ]


FAST = RetryPolicy(max_attempts=3, base=0.001, jitter=0.0)


def client(sandbox: Any, siret: str, store: CredentialStore) -> MegClient:
    return MegClient.open(Endpoints.from_sandbox(sandbox), siret, store, policy=FAST)


async def authorized(sandbox: Any, siret: str, store: CredentialStore) -> MegClient:
    await setup.authorize_in_sandbox(sandbox, "meg", siret, store=store)
    return client(sandbox, siret, store)


@pytest.fixture
def store() -> CredentialStore:
    return CredentialStore("test-meg", backend=EphemeralKeyring())


def validator(schema_name: str) -> Draft202012Validator:
    doc = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        "urn:meg", Resource.from_contents(doc, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"urn:meg#/components/schemas/{schema_name}"}, registry=registry
    )


def test_company_licence_and_connection(sandbox: Any, store: CredentialStore) -> None:
    ok = companies(sandbox, premium_licence=True, production_software_connection=True)[0]
    no_premium = companies(sandbox, premium_licence=False)[0]
    no_link = companies(sandbox, production_software_connection=False)[0]

    async def run() -> None:
        async with await authorized(sandbox, ok.siret, store) as meg:
            company = await meg.company()
            assert (company.name, company.premium_licence) == (ok.name, True)
            assert len(await meg.periods()) == len(ok.months())
        async with await authorized(sandbox, no_premium.siret, store) as meg:
            assert (await meg.company()).premium_licence is False  # always answers
            with pytest.raises(NotPremium) as info:
                await meg.periods()
            assert "Accès aux modules MEG Premium" in info.value.message
        async with await authorized(sandbox, no_link.siret, store) as meg:
            with pytest.raises(ConnectionDisabled) as info2:
                await meg.feed_page()
            assert "Connexion avec votre logiciel de production" in info2.value.message
        async with await authorized(sandbox, UNKNOWN_SIRET, store) as meg:
            with pytest.raises(CompanyNotFound):
                await meg.company()

    asyncio.run(run())


def test_feed_pages_only_validated_entries_and_resumes_from_cursor(
    sandbox: Any, store: CredentialStore
) -> None:
    company = companies(sandbox, premium_licence=True, production_software_connection=True)[0]

    async def run() -> None:
        async with await authorized(sandbox, company.siret, store) as meg:
            ids: list[str] = []
            cursors: list[str] = []
            for page in await walk_feed(meg, limit=100):
                assert page.failures == []
                ids += [e.source_id for e in page.entries]
                cursors.append(page.next_cursor)
                assert all(e.validation_date is not None for e in page.entries)
                assert all(e.is_balanced for e in page.entries)
            assert ids == [e.id for e in company.feed]
            assert len(ids) == len(set(ids))
            rest = [e.source_id for p in await walk_feed(meg, cursors[0]) for e in p.entries]
            assert rest == ids[100:]
            # Past the end: an empty page that keeps the cursor for later validations.
            last = await meg.feed_page(cursors[-1])
            assert last.entries == [] and not last.has_more and last.next_cursor == cursors[-1]

    asyncio.run(run())


def test_preview_changes_nothing_validate_locks_and_feeds(
    fresh_sandbox: Any, store: CredentialStore
) -> None:
    company = companies(fresh_sandbox, premium_licence=True, production_software_connection=True)[0]
    month = next(m for m in company.months() if m not in company.validated)
    start = date.fromisoformat(f"{month}-01")
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    end = date.fromordinal(end.toordinal() - 1)

    async def run() -> None:
        async with await authorized(fresh_sandbox, company.siret, store) as meg:
            tail = None
            tail = (await walk_feed(meg))[-1].next_cursor
            result = await meg.preview(start, end)
            assert result.preview.months == [month] and result.failures == []
            assert {e.source_id for e in result.entries} == {
                e.id for e in company.entries if e.month == month
            }
            assert all(e.validation_date is None for e in result.entries)
            assert month not in company.validated  # preview locks nothing
            assert (await meg.feed_page(tail)).entries == []
            done = await meg.validate(start, end)
            assert done.months == [month] and done.entry_count == len(result.entries)
            fed = [e.source_id for p in await walk_feed(meg, tail) for e in p.entries]
            assert sorted(fed) == sorted(e.source_id for e in result.entries)
            with pytest.raises(PeriodLocked) as info:
                await meg.validate(start, end)
            assert month in info.value.message
            again = await meg.preview(start, end)
            assert again.preview.already_validated == [month] and again.entries == []

    asyncio.run(run())


def test_documents_streamed_checked_and_typed(sandbox: Any, store: CredentialStore) -> None:
    company = companies(sandbox, premium_licence=True, production_software_connection=True)[0]

    async def run() -> None:
        async with await authorized(sandbox, company.siret, store) as meg:
            page = await meg.feed_page(limit=30)
            docs = [d for e in page.entries for d in e.documents]
            assert docs
            for doc in docs[:3]:
                got = await meg.download_document(doc, url=page.download_urls[doc.source_id])
                assert got.data.startswith(b"%PDF-") and got.size == doc.size
                assert got.document.media_type == "application/pdf" and got.sha256 == doc.sha256
            lying = Document(docs[0].source_id, docs[0].filename, sha256="0" * 64)
            with pytest.raises(DocumentRefused) as info:
                await meg.download_document(lying)
            assert "sha256" in info.value.message
            with pytest.raises(DocumentRefused):  # never send the MEG token elsewhere
                await meg.download_document(docs[0], url="http://example.org/x")

    asyncio.run(run())


@pytest.fixture(scope="module")
def bad_sandbox() -> Iterator[Any]:
    handle = start_sandbox(bad_data=True)
    yield handle
    handle.stop()


def test_page_with_bad_entries_sets_them_aside_and_keeps_the_rest(
    bad_sandbox: Any, store: CredentialStore
) -> None:
    bad_ids = bad_sandbox.state.meg.bad_entry_ids
    siret = next(iter(bad_sandbox.state.meg.companies))
    company = bad_sandbox.state.meg.companies[siret]

    async def run() -> None:
        async with await authorized(bad_sandbox, siret, store) as meg:
            entries, failures = [], []
            for page in await walk_feed(meg):
                entries += page.entries
                failures += page.failures
            by_id = {f.source_id: f for f in failures}
            assert set(by_id) == {
                bad_ids["unbalanced"],
                bad_ids["malformed"],
                bad_ids["wrong_siret"],
            }
            assert "n'est pas équilibrée" in by_id[bad_ids["unbalanced"]].reason
            assert "unbalanced" in by_id[bad_ids["unbalanced"]].codes
            assert "date" in by_id[bad_ids["malformed"]].reason
            assert "autre société" in by_id[bad_ids["wrong_siret"]].reason
            assert len(entries) + len(failures) == len(company.feed)
            not_pdf = next(e for e in entries if e.source_id == bad_ids["not_pdf"])
            with pytest.raises(DocumentRefused) as info:
                await meg.download_document(not_pdf.documents[0])
            assert "ni un PDF" in info.value.message or "image/png" in info.value.message

    asyncio.run(run())


def test_parsed_payloads_conform_to_the_contract(sandbox: Any, store: CredentialStore) -> None:
    company = companies(sandbox, premium_licence=True, production_software_connection=True)[0]
    ep = Endpoints.from_sandbox(sandbox)

    async def run() -> None:
        async with await authorized(sandbox, company.siret, store) as meg:
            token = await meg.caller.auth.access_token()
            headers = {"Authorization": f"Bearer {token}"}
            base = f"{ep.meg_url}/companies/{company.siret}"
            async with httpx2.AsyncClient(trust_env=False, headers=headers) as raw:
                checks = [
                    ("Company", (await raw.get(base)).json()),
                    ("PeriodList", (await raw.get(f"{base}/periods")).json()),
                    ("EntryPage", (await raw.get(f"{base}/entries", params={"limit": 200})).json()),
                    (
                        "Preview",
                        (
                            await raw.post(
                                f"{base}/exports/preview",
                                json={"from": "2026-03-01", "to": "2026-03-31"},
                            )
                        ).json(),
                    ),
                ]
            for name, payload in checks:
                errors = list(validator(name).iter_errors(payload))
                assert errors == [], (name, errors[:1])
            page = await meg.feed_page(limit=200)
            raw_page = checks[2][1]
            assert [e.source_id for e in page.entries] == [e["id"] for e in raw_page["entries"]]
            total = sum(len(e["lines"]) for e in raw_page["entries"])
            assert sum(len(e.lines) for e in page.entries) == total

    asyncio.run(run())
