"""Crash harness: a real sync in a child process, SIGKILLed at random moments ≥ 50 times.

The sandbox runs in this (parent) process, so its state survives the child. Between kills,
new months are validated in MEG so that kills keep landing in the middle of real work (pull,
pièces, push, attachments). Then one clean sync: every validated entry is in the store
exactly once and in the Inqom emulator exactly once, pièces complete with matching sha256.
"""

from __future__ import annotations

import json
import os
import random
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
from meg_inqom_desktop.store.models import PushRecord, SyncRun

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 56
COMPANIES = (5, 1)  # the two smallest demo companies with months left to validate


class Child:
    """A running child sync; remembers the last progress phase it printed."""

    def __init__(self, env: SyncEnv, tokens: Path, *, small_pages: bool = False) -> None:
        pythonpath = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(CHILD),
                str(env.paths.root),
                env.sandbox.meg_url,
                env.sandbox.inqom_url,
                str(tokens),
                *(["small-pages"] if small_pages else []),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": pythonpath},
        )
        self.started = threading.Event()
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


@pytest.mark.slow
def test_sigkill_at_random_moments_then_clean_sync(env: SyncEnv, tmp_path: Path) -> None:
    rng = random.Random(20261128)
    env.sandbox.set_faults("*:latency=15ms")  # stretch the work so kills land inside it
    dossiers = [env.add_dossier(i) for i in COMPANIES]
    sirets = [s for _d, s in dossiers]
    close_database()  # the children own the database; the parent looks only at the end
    tokens = tmp_path / "tokens.json"
    phases: Counter[str] = Counter()
    validated = 0
    for kill_no in range(KILLS):
        if kill_no % 4 == 3:
            validated += _validate_next_month(env, sirets[(kill_no // 4) % len(sirets)])
        _write_tokens(env, sirets, tokens)
        # every other child reads pages of 40 entries: more page boundaries to be killed at
        child = Child(env, tokens, small_pages=kill_no % 2 == 1)
        assert child.started.wait(60), child.proc.stderr.read() if child.proc.stderr else ""
        time.sleep(rng.uniform(0.0, 1.2))  # the kill moment is what this harness varies
        phases[child.kill()] += 1
    assert sum(phases.values()) == KILLS >= 50
    # the clean sync
    env.sandbox.set_faults(None)
    _write_tokens(env, sirets, tokens)
    child = Child(env, tokens)
    code = child.wait(300)
    assert code == 0, child.proc.stderr.read() if child.proc.stderr else ""
    open_database(env.paths)
    assert DB.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    total_entries = total_docs = 0
    for dossier_id, siret in dossiers:
        feed = env.feed_ids(siret)
        stored = env.stored_ids(dossier_id)
        assert len(stored) == len(set(stored)) and sorted(stored) == sorted(feed)
        ext = env.inqom_external_ids(siret)
        assert set(ext) == set(feed), set(feed) ^ set(ext)
        assert max(ext.values()) == 1, [k for k, v in ext.items() if v > 1]
        docs = env.check_documents(dossier_id)
        assert env.check_inqom_documents(dossier_id, siret) == docs
        total_entries += len(feed)
        total_docs += docs
    assert PushRecord.select().where(PushRecord.status != "pushed").count() == 0
    assert SyncRun.select().where(SyncRun.status == "running").count() == 0
    interrupted = SyncRun.select().where(SyncRun.error_title.contains("interrompue")).count()
    report = {
        "kills": KILLS,
        "phases_at_kill": dict(phases),
        "entries_validated_between_kills": validated,
        "runs_closed_as_interrupted": interrupted,
        "entries": total_entries,
        "documents": total_docs,
    }
    print("\ncrash harness:", json.dumps(report, ensure_ascii=False))
    (tmp_path / "crash_report.json").write_text(json.dumps(report))
    assert interrupted >= KILLS // 2
    assert phases["push"] + phases["documents"] >= 5 and phases["pull"] >= 5
