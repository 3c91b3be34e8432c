"""``meg-inqom audit``: the trail, latest first, filtered by dossier and person; JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.store import audit
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.store.paths import resolve_data_paths

SIRET = "73282932000074"


@pytest.fixture
def trail(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    open_database(resolve_data_paths(data_dir))
    DossierRow.create(siret=SIRET, name="Démo SA")
    audit.record(
        "period_validated",
        "Janvier 2026 validé dans MEG.",
        siret=SIRET,
        dossier_name="Démo SA",
        by=audit.Who("POSTE-3", "jdupont"),
    )
    audit.record(
        "setting_changed", "Proxy : aucun → http://proxy:3128", by=audit.Who("POSTE-5", "mmartin")
    )
    close_database()
    return data_dir


def test_audit_lines(trail: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(trail), "audit"]) == 0
    out = capsys.readouterr().out
    assert out.index("POSTE-5 / mmartin") < out.index("POSTE-3 / jdupont · Démo SA")
    assert "Période validée dans MEG : Janvier 2026 validé dans MEG." in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_audit_filters_and_json(trail: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(trail), "--json", "audit", "--dossier", SIRET]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    assert (only["person"], only["action"], only["dossier"]) == (
        "jdupont",
        "period_validated",
        "Démo SA",
    )
    assert cli.main(["--data-dir", str(trail), "--json", "audit", "--person", "mmartin"]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    assert only["action"] == "setting_changed"
    assert cli.main(["--data-dir", str(trail), "audit", "--person", "personne"]) == 0
    assert "Rien dans le journal d'audit." in capsys.readouterr().out
