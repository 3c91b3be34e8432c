"""A firm on one PostgreSQL ledger: several workstations (real ``meg-inqom`` processes, each
with its own data folder) sync the firm's dossiers at once against one sandbox. Each dossier's
lease lets one process sync it at a time; the others skip it, naming the holder. Then the same
with processes killed (SIGKILL) in the middle of their work, and a clean round after.

Whatever happened, every MEG entry is once in the shared ledger and once in Inqom, no run is
left « running » and every push record is settled."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from postgres_cluster import FIRM_PASSWORD
from waiting import wait_until

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.migrations import latest_version
from meg_inqom_desktop.store.models import DossierRow, EntryRow, PushRecord, SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 40  # the firm's small client companies, beside the sandbox's six


def pgpass(url: str, folder: Path) -> Path:
    """libpq's password file for ``url`` (how a workstation or the service is given the
    password without typing it: never in a setting, never on the command line)."""
    parts = urlsplit(url)
    path = folder / "pgpass"
    line = f"{parts.hostname}:{parts.port}:{parts.path.strip('/')}:{parts.username}"
    path.write_text(f"{line}:{FIRM_PASSWORD}\n")
    path.chmod(0o600)
    return path


class Firm:
    """The sandbox, the firm database and the workstations' processes."""

    def __init__(self, sandbox: SandboxHandle, url: str, folder: Path) -> None:
        self.sandbox, self.url, self.folder = sandbox, url, folder
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PGPASSFILE": str(pgpass(url, folder)),
        }

    def station(self, number: int) -> subprocess.Popen[str]:
        """``meg-inqom sync`` of every dossier on workstation ``number``."""
        data_dir = self.folder / f"poste-{number}"
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from meg_inqom_desktop.cli import main; sys.exit(main())",
                "--json",
                "--data-dir",
                str(data_dir),
                "--database",
                self.url,
                "sync",
                "--all",
                "--sandbox-url",
                self.sandbox.base_url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )

    @contextlib.contextmanager
    def ledger(self) -> Iterator[None]:
        """The shared ledger open in this process, for a look (or a set-up) beside the
        workstations."""
        paths = resolve_data_paths(self.folder / "lecture")
        open_database(paths, url=self.url, password=FIRM_PASSWORD)
        try:
            yield
        finally:
            close_database()

    def wait_for_a_run(self, stations: list[subprocess.Popen[str]]) -> None:
        """Until a run is under way in the shared ledger (or every station has ended)."""

        def started() -> bool:
            if all(proc.poll() is not None for proc in stations):
                return True
            try:
                running = SyncRun.select().where(SyncRun.status == "running").exists()
            except MegInqomError:  # the ledger is not created yet
                return False
            return bool(running)

        with self.ledger():
            wait_until(started, timeout=120, what="a workstation's run to start")

    def syncable(self) -> dict[str, Any]:
        """The companies a dossier is made for (premium licence and connection on): the
        firm's clients only once :meth:`set_up_clients` made their dossiers."""
        return {
            siret: company
            for siret, company in self.sandbox.state.meg.companies.items()
            if company.premium_licence
            and company.production_software_connection
            and (not self.clients_only or company.name.startswith("Client "))
        }

    clients_only = False

    def set_up_clients(self) -> None:
        """The firm's client dossiers made once, linked to their Inqom folders, as the firm's
        IT does before the workstations start (the six bigger demo companies left out)."""
        with self.ledger():
            for siret, company in self.sandbox.state.meg.companies.items():
                if company.name.startswith("Client "):
                    folder = self.sandbox.state.inqom_folder(siret)
                    dossiers.get_or_create_dossier(siret, name=company.name)
                    dossiers.set_inqom_link(siret, folder.Id, folder.Name)
        self.clients_only = True


def finished(proc: subprocess.Popen[str]) -> list[dict[str, Any]]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    runs: list[dict[str, Any]] = json.loads(out)
    return runs


@pytest.fixture
def firm(request: pytest.FixtureRequest, firm_database: str, tmp_path: Path) -> Iterator[Firm]:
    """The demo firm with ``CLIENTS`` client companies more (or as many as the test asks)."""
    with start_sandbox(rate_limit=None, firm=getattr(request, "param", CLIENTS)) as handle:
        yield Firm(handle, firm_database, tmp_path)


def assert_exactly_once(firm: Firm) -> int:
    """Every entry of every dossier once in the shared ledger and once in Inqom; nothing left
    running or unsettled. Returns the number of entries."""
    with firm.ledger():
        total = 0
        for siret, company in firm.syncable().items():
            feed = sorted(e.id for e in company.feed)
            dossier = DossierRow.get(DossierRow.siret == siret)
            stored = [e.source_id for e in EntryRow.select().where(EntryRow.dossier == dossier)]
            assert sorted(stored) == feed, company.name
            posted = Counter(e.ExternalId for e in firm.sandbox.state.inqom_posted_entries(siret))
            assert sorted(posted) == feed and max(posted.values()) == 1, company.name
            total += len(feed)
        running = SyncRun.select().where(SyncRun.status == "running")
        assert not running, [
            (r.id, r.dossier_id, r.trigger, r.holder, r.started_at) for r in running
        ]
        check_schema()
        unsettled = PushRecord.select().where(PushRecord.status != "pushed")
        assert not unsettled, [(r.entry_id, r.status, r.error, r.attempts) for r in unsettled]
        return total


def check_schema() -> None:
    """The shared ledger is whole: at the program's schema version, no invalid index, every
    entry balanced and as many lines as it was stored with, every pièce's bytes present."""
    assert DB.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0] == (
        latest_version()
    )
    assert DB.execute_sql("SELECT count(*) FROM pg_index WHERE NOT indisvalid").fetchone()[0] == 0
    unbalanced = DB.execute_sql(
        "SELECT e.id FROM entry e JOIN entry_line l ON l.entry_id = e.id GROUP BY e.id "
        "HAVING sum(l.debit_cents) <> sum(l.credit_cents) OR sum(l.debit_cents) <> "
        "max(e.total_cents) OR count(*) < 2"
    ).fetchall()
    assert unbalanced == []
    missing = DB.execute_sql(
        "SELECT count(*) FROM document d LEFT JOIN piece_data p ON p.sha256 = d.sha256 "
        "WHERE p.sha256 IS NULL"
    ).fetchone()[0]
    assert missing == 0


@pytest.mark.slow
def test_eight_workstations_sync_the_firms_dossiers_at_once(firm: Firm) -> None:
    firm.set_up_clients()
    stations = [firm.station(n) for n in range(1, 9)]
    runs = [run for proc in stations for run in finished(proc)]
    names = {company.name for company in firm.syncable().values()}
    assert len(names) == CLIENTS
    by_dossier: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        by_dossier.setdefault(run["dossier"], []).append(run)
    assert set(by_dossier) == names
    skipped = [r for r in runs if r["status"] == "skipped"]
    for name, its_runs in by_dossier.items():
        done = [r for r in its_runs if r["status"] != "skipped"]
        assert done, f"{name}: nobody synced it"
        assert all(r["status"] == "success" for r in done), done
        # synced once: one run pulled and posted it all, the later ones found nothing new
        company = next(c for c in firm.syncable().values() if c.name == name)
        assert sum(r["new"] for r in done) == len(company.feed), its_runs
        assert sum(r["pushed"] for r in done) == len(company.feed), name
    for run in skipped:
        assert "synchronisé en ce moment par" in run["summary"], run
    total = assert_exactly_once(firm)
    print(f"\n8 workstations, {len(names)} dossiers, {total} entries: {len(runs)} runs, ")
    print(f"{len(skipped)} skipped because another workstation held the dossier")


@pytest.mark.slow
@pytest.mark.parametrize("firm", [8], indirect=True)  # fewer dossiers: kills land mid-work
def test_workstations_killed_mid_sync_then_a_clean_round(firm: Firm) -> None:
    rng = random.Random(20261206)
    kills = 0
    for _round in range(3):
        stations = [firm.station(n) for n in range(1, 5)]
        firm.wait_for_a_run(stations)  # the processes start slowly on a loaded machine
        # each workstation killed at its own moment (what this test varies), while the
        # others go on with the dossiers it held
        for proc in sorted(stations, key=lambda _p: rng.random()):
            time.sleep(rng.uniform(0.2, 1.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
        for proc in stations:
            proc.communicate(timeout=600)
            assert proc.returncode in (0, -signal.SIGKILL), proc.returncode
    assert kills >= 8
    # the kills interrupted real work: runs left « running », entries stored but not all
    with firm.ledger():
        interrupted = SyncRun.select().where(SyncRun.status == "running").count()
        stored = EntryRow.select().count()
    assert interrupted > 0 and stored > 0
    clean = [firm.station(n) for n in range(1, 5)]
    for proc in clean:
        finished(proc)
    total = assert_exactly_once(firm)
    print(f"\n{kills} workstations killed, {interrupted} runs interrupted, {stored} entries")
    print(f"stored before a clean round: {total} entries once in the ledger and in Inqom")
