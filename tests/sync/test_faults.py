"""Faults at 20 % on every route of both services: the sync still ends with everything."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from meg_inqom_desktop.net.http import RetryPolicy
from meg_inqom_desktop.store.models import SyncRun

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

# Retry bounds of this test: 8 attempts per request (so 0.2**8 ≈ 3e-6 of giving up), tiny waits.
MEG_POLICY = RetryPolicy(max_attempts=8, base=0.005, max_delay=0.02)
INQOM_POLICY = RetryPolicy(max_attempts=8, schedule=(0.005, 0.01, 0.02), jitter=0.1)

# Faults applied before the route runs hit every route (token routes included); faults that
# spoil a real answer (the side effect happened) hit every data route.
DATA_ROUTES = (
    "meg.entries",
    "meg.documents",
    "inqom.periods",
    "inqom.journals",
    "inqom.accounts",
    "inqom.entries",
    "inqom.entry_lines",
    "inqom.documents",
)
SPECS = {
    "5xx": "*:500@0.2",
    "mixed": ",".join(
        ["*:500@0.08", "*:429=0@0.06", "*:drop@0.04"]
        + [f"{r}:truncate@0.02" for r in DATA_ROUTES]
        + [f"{r}:malformed@0.02" for r in DATA_ROUTES]
    ),
}


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_sync_completes_under_faults(env: SyncEnv, kind: str) -> None:
    env.meg_policy, env.inqom_policy = MEG_POLICY, INQOM_POLICY
    dossier_id, siret = env.add_dossier()
    env.authorize(siret)  # the browser consent happened before the faults
    env.sandbox.set_faults(SPECS[kind])
    try:
        result = env.sync(dossier_id)
    finally:
        env.sandbox.set_faults(None)
    assert result.status == "success", (result.error, result.counts)
    feed = env.feed_ids(siret)
    assert sorted(env.stored_ids(dossier_id)) == sorted(feed)
    ext = env.inqom_external_ids(siret)
    assert set(ext) == set(feed) and max(ext.values()) == 1
    docs = env.check_documents(dossier_id)
    assert env.check_inqom_documents(dossier_id, siret) == docs
    fired = len(env.sandbox.faults.fired)
    assert fired > 50
    run = SyncRun.get_by_id(result.run_id)
    details = json.loads(run.details)
    assert run.retries > 0
    retried_routes = {route for service in details["http"].values() for route in service["retries"]}
    assert "GET /documents/{id}" in retried_routes
    assert any(route.startswith("POST /v1/dossiers/{id}/") for route in retried_routes) or (
        details.get("push_read_back", 0) > 0
    )
