"""Several workstations on one sandbox: ``--sandbox-url`` in separate processes, each with its
own data folder, against one running MEG and Inqom; ``dossiers relink``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop.cli import main
from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox

GARAGE = "33413164600591"  # the smallest demo company of the sandbox (seed 42)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def running() -> Iterator[SandboxHandle]:
    """A sandbox serving other processes, as ``meg-inqom sandbox`` would; the demo company
    has one validated month (each process talks to Inqom at its real pace, 13.8 requests/s)."""
    with start_sandbox(rate_limit=None) as handle:
        company = handle.state.meg.companies[GARAGE]
        with handle.state.lock:
            first = min(company.validated)
            company.validated = {first: company.validated[first]}
            kept = [e for e in company.feed if e.month == first]
            company.feed[:] = kept
            company.feed_times[:] = company.feed_times[: len(kept)]
        yield handle


def meg_inqom(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from meg_inqom_desktop.cli import main; sys.exit(main())",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def sync(folder: Path, url: str) -> subprocess.Popen[str]:
    return meg_inqom(
        "--json", "--data-dir", str(folder), "sync", "--dossier", GARAGE, "--sandbox-url", url
    )


def result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    (run,) = json.loads(out)
    assert isinstance(run, dict)
    return run


def exactly_once(handle: SandboxHandle) -> int:
    ext = Counter(e.ExternalId for e in handle.state.inqom_posted_entries(GARAGE))
    feed = [e.id for e in handle.state.meg.companies[GARAGE].feed]
    assert set(ext) == set(feed), set(ext) ^ set(feed)
    assert max(ext.values()) == 1, [k for k, v in ext.items() if v > 1]
    return len(feed)


def validate_next_month(handle: SandboxHandle) -> int:
    company = handle.state.meg.companies[GARAGE]
    month = next(m for m in company.months() if m not in company.validated)
    with handle.state.lock:
        return len(company.validate_months([month], datetime.now(UTC)))


def test_two_workstations_one_after_the_other_then_at_once(
    running: SandboxHandle, tmp_path: Path
) -> None:
    one, two = tmp_path / "poste1", tmp_path / "poste2"
    first = result(sync(one, running.base_url))
    feed = len(running.state.meg.companies[GARAGE].feed)
    assert (first["pushed"], first["adopted"]) == (feed, 0)
    second = result(sync(two, running.base_url))
    assert (second["pushed"], second["adopted"]) == (0, feed)
    assert "un autre poste ou le connecteur MEG" in second["summary"]
    exactly_once(running)
    # a new month validated, both workstations sync it at the same time
    added = validate_next_month(running)
    both = [sync(one, running.base_url), sync(two, running.base_url)]
    runs = [result(p) for p in both]
    left = [r for r in runs if "laissées à un autre poste" in r["summary"]]
    again = [result(sync(one, running.base_url)), result(sync(two, running.base_url))]
    copies = Counter(e.ExternalId for e in running.state.inqom_posted_entries(GARAGE))
    feed_ids = {e.id for e in running.state.meg.companies[GARAGE].feed}
    assert set(copies) == feed_ids
    twice = [k for k, n in copies.items() if n > 1]
    # Inqom has no lock: two writers posting one month at the same moment each post one
    # entry first; the later one adopts the other's and leaves it the month. Only when both
    # drew the same entry (1 chance in the month's size) is it in Inqom twice, then reported
    # by both workstations.
    assert len(twice) <= 1 and copies[twice[0]] == 2 if twice else True
    assert sum(r["push_rejected"] for r in again) == 2 * len(twice), again
    assert sum(r["pushed"] for r in runs + again) == added + len(twice)
    print(f"\nat the same time: {added} entries, {len(left)} run(s) left the month, twice: {twice}")


def test_relink_dry_run_then_apply(
    running: SandboxHandle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "poste"
    feed = len(running.state.meg.companies[GARAGE].feed)
    assert result(sync(folder, running.base_url))["pushed"] == feed
    ledger = folder / "ledger.sqlite3"
    with sqlite3.connect(ledger) as db:  # the record of what was pushed is lost
        db.execute("UPDATE push_record SET status = 'pending', inqom_entry_id = NULL")
    base = ["--data-dir", str(folder), "--sandbox-url", running.base_url]
    assert main([*base, "dossiers", "relink", "--dossier", GARAGE]) == 0
    out = capsys.readouterr().out
    assert "Essai : rien n'a été modifié" in out and "--apply" in out
    assert main(["--json", *base, "dossiers", "relink", "--dossier", GARAGE]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert (dry["applied"], dry["entries"], dry["linked"], dry["missing"]) == (False, feed, feed, 0)
    with sqlite3.connect(ledger) as db:
        assert db.execute("SELECT DISTINCT status FROM push_record").fetchall() == [("pending",)]
    assert main(["--json", *base, "dossiers", "relink", "--dossier", GARAGE, "--apply"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["applied"] and done["linked"] == feed
    with sqlite3.connect(ledger) as db:
        rows = db.execute("SELECT status, inqom_entry_id FROM push_record").fetchall()
    assert {s for s, _i in rows} == {"pushed"} and len({i for _s, i in rows}) == feed
    after = result(sync(folder, running.base_url))
    assert (after["pushed"], after["adopted"]) == (0, 0)
    exactly_once(running)


def test_sandbox_command_seeds_another_connector(tmp_path: Path) -> None:
    """``meg-inqom sandbox --other-connector`` in its own process, then a workstation on it."""
    server = meg_inqom("--json", "sandbox", "--port", "0", "--other-connector")
    try:
        assert server.stdout is not None
        text = ""
        for line in server.stdout:  # the ready banner: one indented JSON document
            text += line
            if line.rstrip() == "}":
                break
        info = json.loads(text)
        booked = info["other_connector"][GARAGE]
        assert booked == {"booked": 115, "near": 3, "twice": 1, "with_document": 31}
        run = result(sync(tmp_path / "poste", info["base_url"]))
        feed = next(c for c in info["meg_companies"] if c["siret"] == GARAGE)
        odd = booked["near"] + booked["twice"]
        assert (run["adopted"], run["push_rejected"]) == (booked["booked"] - odd, odd)
        assert run["pushed"] == feed["validated_entries"] - booked["booked"]
        assert run["status"] == "partial"  # the odd ones wait in « À traiter »
    finally:
        server.terminate()
        server.wait(10)
