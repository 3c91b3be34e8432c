"""One sync authority per dossier: the lease on a real PostgreSQL server (and its no-op form on
a workstation's SQLite ledger), what a second process sees, a killed holder, a lost lease."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from postgres_cluster import FIRM_PASSWORD
from waiting import wait_until

from meg_inqom_desktop import cli
from meg_inqom_desktop.app.firm import store_password
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.leases import Busy, Lease, LeaseLost, request_run, take_lease
from meg_inqom_desktop.store.models import DossierRow, SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync.runs import RunStatus

SIRET = "73282932000074"


@pytest.fixture
def firm(firm_database: str, tmp_path: Path) -> Iterator[tuple[str, int]]:
    """The firm database open in this process with one dossier; (URL, dossier id)."""
    open_database(
        resolve_data_paths(tmp_path / "poste1"), url=firm_database, password=FIRM_PASSWORD
    )
    dossier = DossierRow.create(siret=SIRET, name="Démo SA", local_only=True)
    try:
        yield firm_database, int(dossier.id)
    finally:
        close_database()


def test_a_workstation_ledger_grants_every_lease(tmp_path: Path) -> None:
    open_database(resolve_data_paths(tmp_path / "poste"))
    try:
        lease = take_lease(1, "POSTE-1 / a")
        assert isinstance(lease, Lease) and not lease.held_remotely
        assert isinstance(take_lease(1, "POSTE-2 / b"), Lease)  # the data folder lock rules
        lease.check()
        assert not lease.requested()
    finally:
        close_database()


def test_a_held_lease_names_its_holder_until_released(firm: tuple[str, int]) -> None:
    _url, dossier = firm
    lease = take_lease(dossier, "POSTE-3 / jdupont")
    assert isinstance(lease, Lease) and lease.held_remotely
    busy = take_lease(dossier, "POSTE-5 / mmartin")
    assert busy == Busy(dossier, "POSTE-3 / jdupont")
    assert busy.text == "synchronisé en ce moment par POSTE-3 / jdupont"
    other = take_lease(dossier + 1, "POSTE-5 / mmartin")  # another dossier: free
    assert isinstance(other, Lease)
    other.release()
    lease.release()
    again = take_lease(dossier, "POSTE-5 / mmartin")
    assert isinstance(again, Lease)
    again.release()


def test_a_killed_holder_loses_the_lease_at_once(firm: tuple[str, int], tmp_path: Path) -> None:
    url, dossier = firm
    script = (
        "import sys, time\n"
        "from meg_inqom_desktop.store.database import open_database\n"
        "from meg_inqom_desktop.store.leases import take_lease\n"
        "from meg_inqom_desktop.store.paths import resolve_data_paths\n"
        "open_database(resolve_data_paths(sys.argv[1]), url=sys.argv[2], password=sys.argv[3])\n"
        "lease = take_lease(int(sys.argv[4]), 'POSTE-9 / service')\n"
        "print('held', flush=True)\n"
        "time.sleep(600)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "p9"), url, FIRM_PASSWORD, str(dossier)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        assert take_lease(dossier, "POSTE-1 / a") == Busy(dossier, "POSTE-9 / service")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)

        def free() -> Lease | None:
            got = take_lease(dossier, "POSTE-1 / a")
            return got if isinstance(got, Lease) else None

        lease = wait_until(free, timeout=10, what="the killed holder's lease to lapse")
        lease.release()
    finally:
        if child.poll() is None:
            child.kill()


def test_a_lost_connection_stops_the_holder(firm: tuple[str, int], postgres: Any) -> None:
    _url, dossier = firm
    lease = take_lease(dossier, "POSTE-3 / jdupont")
    assert isinstance(lease, Lease)
    lease.check()
    postgres.sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'POSTE-3 / jdupont'"
    )
    with pytest.raises(LeaseLost) as info:
        lease.check()
    assert info.value.title == "Synchronisation interrompue"
    assert isinstance(take_lease(dossier, "POSTE-5 / mmartin"), Lease)


def test_a_request_reaches_the_holder_once(firm: tuple[str, int]) -> None:
    _url, dossier = firm
    lease = take_lease(dossier, "POSTE-3 / jdupont")
    assert isinstance(lease, Lease)
    assert not lease.requested()
    request_run(dossier + 1)  # another dossier's request is not this holder's
    assert not lease.requested()
    request_run(dossier)
    request_run(dossier)
    assert wait_until(lease.requested, timeout=5, what="the request to arrive")
    assert not lease.requested()
    lease.release()


def test_a_busy_dossier_is_skipped_with_the_holders_name(
    firm: tuple[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`meg-inqom sync` on a dossier another workstation syncs: one line naming it, exit 0."""
    url, dossier = firm
    store_password(url, FIRM_PASSWORD)
    lease = take_lease(dossier, "POSTE-3 / jdupont")
    assert isinstance(lease, Lease)
    try:
        code = cli.main(
            ["--data-dir", str(tmp_path / "poste2"), "--database", url, "sync", "--dossier", SIRET]
        )
    finally:
        lease.release()
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Démo SA : synchronisé en ce moment par POSTE-3 / jdupont" in out
    open_database(resolve_data_paths(tmp_path / "poste1"), url=url, password=FIRM_PASSWORD)
    assert SyncRun.select().where(SyncRun.dossier == dossier).count() == 0


def test_the_next_holder_closes_a_dead_holders_run(firm: tuple[str, int], tmp_path: Path) -> None:
    """A run left ``running`` by a killed workstation is closed by whoever takes the dossier's
    lease next, never by a workstation that merely starts (the run might be alive)."""
    from meg_inqom_desktop.app.connector import Connector

    url, dossier = firm
    store_password(url, FIRM_PASSWORD)
    dead = SyncRun.create(dossier=dossier, trigger="schedule", status=RunStatus.RUNNING)
    starting = Connector(resolve_data_paths(tmp_path / "poste2").ensure(), database=url)
    report = starting.recover()
    assert report.closed_runs == 0
    assert SyncRun.get_by_id(dead.id).status == RunStatus.RUNNING

    from meg_inqom_desktop.sync.engine import run_dossier

    class NoNetwork:
        async def connect(self, _dossier: object) -> object:
            from meg_inqom_desktop.errors import FatalError

            raise FatalError("Hors ligne", "pas de réseau dans ce test")

        async def network_ok(self) -> bool:
            return False

        async def aclose(self) -> None:
            return None

    result = asyncio.run(run_dossier(dossier, NoNetwork(), starting.content_store))  # type: ignore[arg-type]
    assert result.status == RunStatus.FAILED and result.error is not None
    closed = SyncRun.get_by_id(dead.id)
    assert closed.status == RunStatus.FAILED
    assert closed.error_title == "Synchronisation interrompue"
