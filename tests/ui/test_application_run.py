"""The README's run command (``meg-inqom-desktop --sandbox``) on a fresh data folder paints the
wizard; with a dossier it paints the main window (real subprocesses, offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from meg_inqom_desktop.ui.application import BENCH_ENV, parse_args

SIRET = "81819600800127"  # a demo company of the sandbox


def _first_paint(args: list[str]) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{BENCH_ENV: "main"})
    proc = subprocess.run(
        [sys.executable, "-m", "meg_inqom_desktop", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def test_sandbox_run_command_paints_the_wizard_on_a_fresh_folder(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    assert _first_paint(["--sandbox", "--data-dir", str(data)]) == "painted"
    assert (data / "ledger.sqlite3").exists() and (data / "logs").is_dir()


def test_arguments() -> None:
    args = parse_args(["--sandbox", "--data-dir", "/tmp/x", "--lang", "en"])
    assert args.sandbox and args.data_dir == "/tmp/x" and args.lang == "en"
    assert not parse_args([]).sandbox


@pytest.mark.parametrize("how", ["menu", "close"])
def test_quitting_ends_the_app_cleanly(how: str, tmp_path: Path) -> None:
    """Fichier → Quitter, or closing the window without a tray: the services close, the
    embedded sandbox stops, the process exits 0 with no unexpected error logged."""
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.store.paths import resolve_data_paths

    paths = resolve_data_paths(tmp_path / "data").ensure()
    with Connector(paths).opened() as connector:  # one paused dossier: the main window
        connector.add_dossier(SIRET, name="Menuiserie", local_only=True)
        connector.update_dossier(SIRET, active=False)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "run_and_quit.py"), str(paths.root), how],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (paths.logs / "gui.log").read_text(encoding="utf-8")
    assert proc.returncode == 0, proc.stderr[-2000:] + log[-2000:]
    assert "Traceback" not in log and "erreur inattendue" not in log, log[-2000:]
