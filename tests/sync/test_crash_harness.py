"""Crash harness: a real sync in a child process, SIGKILLed at random moments ≥ 50 times.

The sandbox runs in this (parent) process, so its state survives the child. Between kills,
new months are validated in MEG so that kills keep landing in the middle of real work (pull,
pièces, push, attachments), and two moves happen to the data folders: the ledger is deleted
(README's « Remettre à zéro »), or a second data folder is made by copying the first one as it
was some kills earlier (a restored backup, a cloned workstation); from then on the children
alternate between the two folders. Then one clean sync of each folder: every validated entry
is in each store exactly once and in the Inqom emulator exactly once (no duplicate), pièces
complete with matching sha256.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.models import DossierRow, PushRecord, SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 56
COMPANIES = (5, 1)  # the two smallest demo companies with months left to validate


class Child:
    """A running child sync; remembers the last progress phase it printed."""

    def __init__(
        self, env: SyncEnv, root: Path, tokens: Path, dossiers: Path, *, small_pages: bool = False
    ) -> None:
        pythonpath = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(CHILD),
                str(root),
                env.sandbox.meg_url,
                env.sandbox.inqom_url,
                str(tokens),
                str(dossiers),
                *(["small-pages"] if small_pages else []),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": pythonpath},
        )
        self.started = threading.Event()
        self.closed_runs = 0
        self.last: dict[str, Any] = {}
        self.lines = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if line.get("started"):
                self.closed_runs = int(line.get("closed_runs", 0))
                self.started.set()
            else:
                self.last = line
                self.lines += 1

    def kill(self) -> str:
        """SIGKILL; returns the phase the child was in."""
        phase = "finished" if self.proc.poll() is not None else self.last.get("phase", "start")
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)
        self.reader.join(5)
        return phase

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout)
        self.reader.join(5)
        return code


def _write_tokens(env: SyncEnv, sirets: list[str], path: Path) -> None:
    """Fresh tokens for each child (the browser consent is not what this harness tests)."""
    tokens = {}
    for siret in sirets:
        for service in ("meg", "inqom"):
            tokens[f"{service}:{siret}"] = env.sandbox.issue_tokens(service)
    path.write_text(json.dumps(tokens))


def _validate_next_month(env: SyncEnv, siret: str) -> int:
    company = env.state.meg.companies[siret]
    months = [m for m in company.months() if m not in company.validated]
    if not months:
        return 0
    with env.state.lock:
        return len(company.validate_months([months[0]], datetime.now(UTC)))


def _copy_folder(source: Path, target: Path) -> None:
    """A data folder as it is now (no child runs: the database is closed)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sync.lock"))


def _check_folder(env: SyncEnv, root: Path, dossiers: list[tuple[int, str]]) -> int:
    """The folder's ledger holds the feed once and knows every entry as pushed; returns the
    pièces checked."""
    env.paths = resolve_data_paths(root)
    open_database(env.paths)
    try:
        assert DB.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = 0
        for _dossier_id, siret in dossiers:
            dossier_id = DossierRow.get(DossierRow.siret == siret).id
            stored = env.stored_ids(dossier_id)
            assert len(stored) == len(set(stored)) and sorted(stored) == sorted(env.feed_ids(siret))
            here = env.check_documents(dossier_id)
            assert env.check_inqom_documents(dossier_id, siret) == here  # each pièce once
            docs += here
        assert PushRecord.select().where(PushRecord.status != "pushed").count() == 0
        assert SyncRun.select().where(SyncRun.status == "running").count() == 0
        return docs
    finally:
        close_database()


@pytest.mark.slow
def test_sigkill_at_random_moments_then_clean_sync(env: SyncEnv, tmp_path: Path) -> None:
    rng = random.Random(20261128)
    env.sandbox.set_faults("*:latency=15ms")  # stretch the work so kills land inside it
    dossiers = [env.add_dossier(i) for i in COMPANIES]
    sirets = [s for _d, s in dossiers]
    listed = [[s, env.state.meg.companies[s].name, env.state.inqom_folder(s).Id] for s in sirets]
    close_database()  # the children own the databases; the parent looks only at the end
    tokens, wanted = tmp_path / "tokens.json", tmp_path / "dossiers.json"
    wanted.write_text(json.dumps(listed))
    first, second = env.paths.root, tmp_path / "second"
    snapshot = tmp_path / "snapshot"
    folders = [first]
    phases: Counter[str] = Counter()
    moves: Counter[str] = Counter()
    validated = closed = 0
    for kill_no in range(KILLS):
        if kill_no % 4 == 3:
            validated += _validate_next_month(env, sirets[(kill_no // 4) % len(sirets)])
        root = folders[kill_no % len(folders)]
        if kill_no % 11 == 2:
            _copy_folder(root, snapshot)  # an earlier state, for a later copy
        elif kill_no % 11 == 7 and snapshot.exists():
            _copy_folder(snapshot, second)  # a second data folder from an earlier state
            folders = [first, second]
            root = second
            moves["copies"] += 1
        elif kill_no % 11 == 10:
            for path in root.glob("ledger.sqlite3*"):
                path.unlink()  # « Remettre à zéro »
            moves["resets"] += 1
        _write_tokens(env, sirets, tokens)
        # every other child reads pages of 40 entries: more page boundaries to be killed at
        child = Child(env, root, tokens, wanted, small_pages=kill_no % 2 == 1)
        assert child.started.wait(60), child.proc.stderr.read() if child.proc.stderr else ""
        time.sleep(rng.uniform(0.0, 1.2))  # the kill moment is what this harness varies
        phases[child.kill()] += 1
        closed += child.closed_runs
    assert sum(phases.values()) == KILLS >= 50
    assert moves["copies"] >= 3 and moves["resets"] >= 3
    # the clean syncs, one per folder
    env.sandbox.set_faults(None)
    for root in folders:
        _write_tokens(env, sirets, tokens)
        child = Child(env, root, tokens, wanted)
        code = child.wait(300)
        assert code == 0, child.proc.stderr.read() if child.proc.stderr else ""
        closed += child.closed_runs
    total_entries = total_docs = 0
    copies: Counter[str] = Counter()
    for _dossier_id, siret in dossiers:
        ext = env.inqom_external_ids(siret)
        feed = env.feed_ids(siret)
        assert set(ext) == set(feed), set(feed) ^ set(ext)
        copies.update(ext)
        total_entries += len(feed)
    duplicates = sum(n - 1 for n in copies.values())
    assert duplicates == 0, [k for k, v in copies.items() if v > 1]
    for root in folders:
        total_docs = _check_folder(env, root, dossiers)
    report = {
        "kills": KILLS,
        "resets": moves["resets"],
        "copies_from_earlier_state": moves["copies"],
        "phases_at_kill": dict(phases),
        "entries_validated_between_kills": validated,
        "runs_closed_as_interrupted": closed,
        "entries_in_inqom": sum(copies.values()),
        "meg_entries": total_entries,
        "duplicates": duplicates,
        "documents": total_docs,
    }
    print("\ncrash harness:", json.dumps(report, ensure_ascii=False))
    (tmp_path / "crash_report.json").write_text(json.dumps(report))
    open_database(env.paths)  # the fixture closes it
    assert closed >= KILLS // 3
    assert phases["push"] + phases["documents"] >= 5 and phases["pull"] >= 5
