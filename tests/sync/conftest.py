"""Fixtures of the sync tests: a sandbox without Inqom's rate limit, a data folder, helpers."""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from postgres_cluster import FIRM_PASSWORD

from meg_inqom_desktop.app.clients import ClientProvider, ClientTuning, client_provider
from meg_inqom_desktop.app.sync_service import SyncService
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.net.oauth import keep_answer
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.models import DocumentRow, EntryRow
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths
from meg_inqom_desktop.sync.engine import EngineOptions, RunResult

SMALL = 5  # index of the smallest demo company (Garage, 162 validated entries)


@dataclass
class SyncEnv:
    """A sandbox, an open ledger and a sync service wired to them."""

    sandbox: Any
    paths: DataPaths
    store: CredentialStore
    options: EngineOptions = field(default_factory=EngineOptions)
    meg_policy: RetryPolicy | None = None
    inqom_policy: RetryPolicy | None = None

    @property
    def state(self) -> Any:
        return self.sandbox.state

    def sirets(self) -> list[str]:
        return list(self.state.meg.companies)

    def add_dossier(self, index: int = SMALL, *, push: bool = True) -> tuple[int, str]:
        siret = self.sirets()[index]
        company = self.state.meg.companies[siret]
        rec, _ = dossiers.get_or_create_dossier(siret, name=company.name)
        if push:
            folder = self.state.inqom_folder(siret)
            dossiers.set_inqom_link(siret, folder.Id, folder.Name)
        return rec.id, siret

    def authorize(self, siret: str) -> None:
        """Tokens for both services, as if the accountant had authorised the app."""
        endpoints = Endpoints.from_sandbox(self.sandbox)
        for service in ("meg", "inqom"):
            tokens = self.sandbox.issue_tokens(service)
            keep_answer(self.store, endpoints.oauth(service), tokens, (siret,))

    def provider(self) -> ClientProvider:
        return client_provider(
            self.paths,
            sandbox=self.sandbox,
            store=self.store,
            tuning=ClientTuning(
                meg_policy=self.meg_policy or RetryPolicy(base=0.01, max_delay=0.05),
                inqom_policy=self.inqom_policy or RetryPolicy.inqom(scale=0.01),
                limiter=TokenBucket(10_000, 1_000),
            ),
        )

    def service(self) -> SyncService:
        return SyncService(
            self.provider(), ContentStore(self.paths.documents, durable=False), options=self.options
        )

    def sync(self, dossier_id: int) -> RunResult:
        async def run() -> RunResult:
            service = self.service()
            try:
                return await service.sync_dossier(dossier_id)
            finally:
                await service.aclose()

        return asyncio.run(run())

    # -- checks ----------------------------------------------------------------------------
    def feed_ids(self, siret: str) -> list[str]:
        return [e.id for e in self.state.meg.companies[siret].feed]

    def stored_ids(self, dossier_id: int) -> list[str]:
        return [e.source_id for e in EntryRow.select().where(EntryRow.dossier == dossier_id)]

    def inqom_external_ids(self, siret: str) -> Counter[str]:
        return Counter(e.ExternalId for e in self.state.inqom_posted_entries(siret))

    def check_documents(self, dossier_id: int) -> int:
        """Every pièce row has its bytes, hashing to its sha256; returns how many."""
        content = ContentStore(self.paths.documents)
        rows = list(DocumentRow.select().where(DocumentRow.dossier == dossier_id))
        for row in rows:
            data = content.read(row.sha256)
            assert hashlib.sha256(data).hexdigest() == row.sha256
            assert len(data) == row.size
        return len(rows)

    def check_inqom_documents(self, dossier_id: int, siret: str) -> int:
        """Each posted entry carries its pièces once, with the bytes stored locally."""
        local: dict[str, list[str]] = {}
        for row in EntryRow.select().where(EntryRow.dossier == dossier_id):
            local[row.source_id] = sorted(d.sha256 for d in row.documents)
        folder = self.state.inqom_folder(siret)
        by_entry: dict[int, list[str]] = {}
        for doc in folder.documents.values():
            by_entry.setdefault(doc.entry_id, []).append(hashlib.sha256(doc.content).hexdigest())
        total = 0
        for entry in folder.entries.values():
            got = sorted(by_entry.get(entry.Id, []))
            assert got == local[entry.ExternalId or ""], entry.ExternalId
            total += len(got)
        return total


def _env(tmp_path: Path, *, url: str | None = None, **sandbox_kwargs: Any) -> Iterator[SyncEnv]:
    """A sandbox and a ledger: the data folder's SQLite, or the firm database at ``url``."""
    handle = start_sandbox(rate_limit=None, **sandbox_kwargs)
    paths = resolve_data_paths(tmp_path / "data").ensure()
    open_database(paths, url=url, password=FIRM_PASSWORD if url else None)
    try:
        yield SyncEnv(handle, paths, CredentialStore("test-sync", backend=EphemeralKeyring()))
    finally:
        close_database()
        handle.stop()


@pytest.fixture
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SyncEnv]:
    """On the data folder's SQLite; on a firm's PostgreSQL database too where a test module
    asks for it (``parametrize("env", DATABASES, indirect=True)``)."""
    database = getattr(request, "param", "sqlite")
    url = request.getfixturevalue("firm_database") if database == "postgresql" else None
    yield from _env(tmp_path, url=url)


DATABASES = ["sqlite", "postgresql"]


@pytest.fixture
def bad_env(tmp_path: Path) -> Iterator[SyncEnv]:
    yield from _env(tmp_path, bad_data=True)
