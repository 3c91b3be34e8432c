"""The README's run command (``meg-inqom-desktop --sandbox``) on a fresh data folder paints the
wizard; with a dossier it paints the main window (real subprocesses, offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from meg_inqom_desktop.ui.application import BENCH_ENV, parse_args


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
