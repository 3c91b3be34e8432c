"""Quiet success: a successful sync prints no traceback, and the command line never says a
token is in the keyring when it is only in memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from meg_inqom_desktop import cli

ROOT = Path(__file__).resolve().parents[2]


def meg_inqom(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command line, in its own process (what a user's shell runs)."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from meg_inqom_desktop.cli import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_successful_sandbox_sync_prints_nothing_on_stderr(tmp_path: Path) -> None:
    """``meg-inqom sync --all --sandbox`` from a fresh data folder, as a user's shell runs it:
    every syncable demo dossier pulled and pushed whole, nothing on stderr."""
    data = str(tmp_path / "demo")
    done = meg_inqom("--data-dir", data, "--json", "sync", "--all", "--sandbox")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    results = json.loads(done.stdout)
    assert [r["status"] for r in results] == ["success"] * 4
    assert all(r["new"] == r["pushed"] > 0 for r in results)
    assert sum(r["pushed"] for r in results) == sum(r["new"] for r in results) > 1000


def test_auth_without_a_keyring_says_the_token_is_in_memory(
    sandbox: Any, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    siret = next(c.siret for c in sandbox.state.meg.companies.values() if c.premium_licence)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code = cli.main(["--data-dir", str(data_dir), "auth", "meg", "--siret", siret, "--sandbox"])
    finally:
        keyring.set_keyring(previous)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "jeton gardé dans le trousseau" not in out
    said = " ".join(out.split())
    assert f"✓ MEG autorisé pour le dossier {siret} (" in said
    assert (
        ") ; jeton gardé en mémoire pour cette commande seulement (aucun trousseau du système)."
        in said
    )
