"""Broken folders and disks get a sentence, not a traceback: a data folder that is a file, a
read-only data folder, a full disk during ``fec import`` (the real command line in its own
process), and the desktop app's start (a dialog before any other window)."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop.store.paths import resolve_data_paths

ROOT = Path(__file__).resolve().parents[2]
FEC = ROOT / "tests" / "data" / "fec" / "123456789FEC20500930.txt"


def meg_inqom(*args: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    def limited() -> None:  # files cannot grow past the limit: the disk is "full"
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from meg_inqom_desktop.cli import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "400"},
        preexec_fn=limited,
    )


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """The folder cannot be written, even by root (who ignores modes): immutable then."""
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o700)


def one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["dossiers", "list"], ["sync"], ["runs"]])
def test_data_dir_naming_a_file(tmp_path: Path, command: list[str]) -> None:
    file = tmp_path / "donnees"
    file.write_text("pas un dossier")
    line = one_sentence(meg_inqom("--data-dir", str(file), *command))
    assert line == (
        f"Dossier de données inutilisable : « {file} » n'est pas un dossier (un fichier porte "
        "déjà ce nom, ou un élément du chemin est un fichier). Choisissez un dossier "
        "(--data-dir ou MEG_INQOM_DATA_DIR), ou déplacez ce fichier."
    )
    assert file.read_text() == "pas un dossier"


@pytest.mark.parametrize("command", [["dossiers", "list"], ["sync"]])
def test_read_only_data_folder(tmp_path: Path, command: list[str]) -> None:
    data = tmp_path / "donnees"
    assert meg_inqom("--data-dir", str(data), "dossiers", "list").returncode == 0
    with read_only(data):
        line = one_sentence(meg_inqom("--data-dir", str(data), *command))
    assert line == (
        f"Dossier de données inutilisable : L'application ne peut pas écrire dans « {data} » "
        "(dossier en lecture seule ou droits insuffisants). Donnez-vous le droit d'écrire dans "
        "ce dossier, ou choisissez-en un autre (--data-dir ou MEG_INQOM_DATA_DIR)."
    )


def test_full_disk_during_fec_import(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    assert meg_inqom("--data-dir", str(data), "dossiers", "list").returncode == 0
    siret = "73282932000074"
    done = meg_inqom(
        "--data-dir",
        str(data),
        "fec",
        "import",
        str(FEC),
        "--dossier",
        siret,
        "--force",  # the sample's SIREN is not the dossier's
        limit_file_size=300_000,
    )
    line = one_sentence(done)
    assert line.startswith(
        f"Disque plein ou en erreur : L'écriture dans la base ({data / 'ledger.sqlite3'}) a "
        "échoué : le disque est plein ou en erreur. Libérez de la place"
    )
    assert "cannot rollback" not in done.stderr
    with contextlib.closing(sqlite3.connect(data / "ledger.sqlite3")) as db:  # nothing half-written
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == 0
    imported = meg_inqom(
        "--data-dir", str(data), "fec", "import", str(FEC), "--dossier", siret, "--force"
    )
    assert imported.returncode in (0, 1) and "Traceback" not in imported.stderr
    with contextlib.closing(sqlite3.connect(data / "ledger.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM entry").fetchone()[0] > 0


@pytest.mark.parametrize("case", ["file", "read-only"])
def test_the_app_says_it_in_a_dialog_before_any_window(
    tmp_path: Path, case: str, qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from meg_inqom_desktop.ui import application

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, t, m: shown.append((t, m)))
    )
    data = tmp_path / "donnees"
    if case == "file":
        data.write_text("x")
        code = application.run(["meg-inqom-desktop", "--data-dir", str(data)])
    else:
        resolve_data_paths(data).ensure()
        with read_only(data):
            code = application.run(["meg-inqom-desktop", "--data-dir", str(data)])
    assert code == 1
    assert [t for t, _m in shown] == ["Dossier de données inutilisable"]
    assert f"« {data} »" in shown[0][1]
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []
