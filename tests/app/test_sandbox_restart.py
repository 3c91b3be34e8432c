"""A sandbox data folder survives the sandbox's restart: the new emulator's Inqom starts empty,
so the ledger forgets the previous one's ids and pushes everything again, without a single
entry set aside for an unknown account."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from meg_inqom_desktop.app.clients import ClientTuning
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.sandbox_ids import marker_path
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.store.models import EntryRow, InqomAccount, PushRecord, Rejection
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

GARAGE = 5


def front(paths: DataPaths, handle: Any, store: CredentialStore) -> Connector:
    return Connector(
        paths,
        sandbox=handle,
        store=store,
        tuning=ClientTuning(
            meg_policy=RetryPolicy(base=0.01, max_delay=0.05),
            inqom_policy=RetryPolicy.inqom(scale=0.01),
            limiter=TokenBucket(10_000, 1_000),
        ),
    )


def sync_garage(paths: DataPaths, handle: Any, store: CredentialStore) -> Any:
    app = front(paths, handle, store)
    with app.opened(lock=True):
        siret = list(handle.state.meg.companies)[GARAGE]
        folder = handle.state.inqom_folder(siret)
        record, _ = app.add_dossier(siret, name="Garage", inqom_folder_id=folder.Id)
        (result,) = asyncio.run(app.sync_dossiers([record.id]))
        return result, record.id, siret


def test_new_sandbox_new_inqom_everything_pushed_again(tmp_path: Path) -> None:
    paths = resolve_data_paths(tmp_path / "demo").ensure()
    store = CredentialStore("restart-test", backend=EphemeralKeyring())
    with start_sandbox(rate_limit=None) as first:
        result, _, siret = sync_garage(paths, first, store)
        assert result.status == "success" and result.counts.pushed == 162
        assert marker_path(paths.root).read_text() == first.state.instance_id
    with start_sandbox(rate_limit=None) as second:  # same seed, same MEG; an empty Inqom
        company = second.state.meg.companies[siret]
        month = next(m for m in company.months() if m not in company.validated)
        with second.state.lock:
            added = len(company.validate_months([month], datetime.now(UTC)))
        assert added > 0
        result, _, _ = sync_garage(paths, second, store)
        assert result.status == "success", result.summary
        assert result.counts.new == added and result.counts.pushed == 162 + added
        posted = second.state.inqom_posted_entries(siret)
        external = sorted(e.ExternalId or "" for e in posted)
        assert len(set(external)) == len(external) == 162 + added
        assert marker_path(paths.root).read_text() == second.state.instance_id
    with Connector(paths).opened():
        set_aside = Rejection.kind.in_(("entry", "push", "document"))  # not invoice findings
        assert not Rejection.select().where(set_aside & Rejection.resolved_at.is_null()).exists()
        assert external == sorted(r.source_id for r in EntryRow.select())


def test_a_folder_with_pushes_of_unknown_origin_is_left_alone(tmp_path: Path) -> None:
    """Pushes recorded before any sandbox marker may be the real Inqom's: never forgotten."""
    paths = resolve_data_paths(tmp_path / "data").ensure()
    store = CredentialStore("restart-test", backend=EphemeralKeyring())
    with start_sandbox(rate_limit=None) as first:
        sync_garage(paths, first, store)
    marker_path(paths.root).unlink()
    with start_sandbox(rate_limit=None) as second:
        app = front(paths, second, store)
        with app.opened(lock=True):
            assert PushRecord.select().where(PushRecord.status == "pushed").count() == 162
            assert InqomAccount.select().count() > 0
        assert not marker_path(paths.root).exists()
