"""``meg-inqom dossiers``, ``sync``, ``runs`` and ``serve`` on the embedded sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from waiting import wait_until

from meg_inqom_desktop.app.instance_lock import InstanceLock
from meg_inqom_desktop.cli import main
from meg_inqom_desktop.store.paths import resolve_data_paths

GARAGE = "33413164600591"  # the smallest demo company of the sandbox (seed 42)
ROOT = Path(__file__).resolve().parents[2]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main(["--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_dossiers_add_list_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "data")
    code, data = run_json(
        capsys,
        "--data-dir",
        d,
        "dossiers",
        "add",
        "334 131 646 00591",
        "--name",
        "Garage Rousseau",
        "--inqom-folder",
        "4506",
        "--start-date",
        "01/02/2025",
    )
    assert code == 0 and data["created"] is True  # type: ignore[index]
    assert data["dossier"]["inqom_folder_id"] == 4506  # type: ignore[index]
    code, data = run_json(capsys, "--data-dir", d, "dossiers", "list")
    assert code == 0
    assert [(x["siret"], x["start_date"], x["entries"]) for x in data] == [  # type: ignore[union-attr]
        (GARAGE, "2025-02-01", 0)
    ]
    assert main(["--data-dir", d, "dossiers", "add", "12345678901234"]) == 1
    assert "SIRET" in capsys.readouterr().err
    assert main(["--data-dir", d, "dossiers", "remove", GARAGE]) == 1  # needs --yes
    capsys.readouterr()
    code, data = run_json(capsys, "--data-dir", d, "dossiers", "remove", GARAGE, "--yes")
    assert code == 0 and data == {"removed": True, "siret": GARAGE}


def test_sync_sandbox_then_nothing_new_and_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(tmp_path / "data")
    assert main(["--data-dir", d, "dossiers", "add", GARAGE, "--local-only"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", d, "sync", "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "MEG : 162 écritures et 88 pièces importées pour" in out
    code, data = run_json(capsys, "--data-dir", d, "sync", "--dossier", GARAGE, "--sandbox")
    assert code == 0
    assert data[0]["new"] == 0 and "rien de nouveau" in data[0]["summary"]  # type: ignore[index]
    code, history = run_json(capsys, "--data-dir", d, "runs")
    assert code == 0
    assert [(h["status"], h["new"]) for h in history] == [  # type: ignore[union-attr]
        ("success", 0),
        ("success", 162),
    ]
    assert main(["--data-dir", d, "runs", "--dossier", GARAGE]) == 0
    assert "Synchronisations" in capsys.readouterr().out


def test_sync_without_dossier_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "sync"]) == 1
    assert "Aucun dossier" in capsys.readouterr().out


def test_second_process_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = resolve_data_paths(tmp_path / "data").ensure()
    assert main(["--data-dir", str(paths.root), "dossiers", "add", GARAGE]) == 0
    capsys.readouterr()
    with InstanceLock(paths.lock):
        assert main(["--data-dir", str(paths.root), "sync", "--sandbox"]) == 1
    err = capsys.readouterr().err
    assert "Dossier de données déjà utilisé" in err and "déjà utilisé" in err


def test_serve_runs_catch_up_and_stops_on_sigterm(tmp_path: Path) -> None:
    d = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [
        sys.executable,
        "-c",
        "import sys; from meg_inqom_desktop.cli import main; sys.exit(main())",
        "--data-dir",
        str(d),
    ]
    subprocess.run(
        [*base, "dossiers", "add", GARAGE, "--local-only"], check=True, env=env, capture_output=True
    )
    proc = subprocess.Popen(
        [*base, "serve", "--sandbox"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        log = d / "logs" / "service.log"

        def catch_up_logged() -> bool:
            assert proc.poll() is None, proc.communicate()
            return log.exists() and "162 écritures" in log.read_text(encoding="utf-8")

        wait_until(catch_up_logged, 60, "the catch-up run in service.log")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "Service arrêté" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    history = json.loads(
        subprocess.run(
            [*base, "--json", "runs"], check=True, env=env, capture_output=True, text=True
        ).stdout
    )
    assert history[0]["trigger"] == "catch_up" and history[0]["status"] == "success"
    assert "service stopped" in (d / "logs" / "service.log").read_text(encoding="utf-8")
