"""The front door writes the audit trail: settings, dossiers, connection, FEC import and
export, each with this workstation's person (the sync's lines: tests/app/test_connector.py)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.store import audit
from meg_inqom_desktop.store.paths import resolve_data_paths

SIRET = "73282932000074"


@pytest.fixture
def front(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Connector:
    monkeypatch.setenv("COMPUTERNAME", "POSTE-3")
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "jdupont")
    return Connector(resolve_data_paths(tmp_path / "data").ensure())


def _lines(front: Connector) -> list[tuple[str, str, str]]:
    return [(e.action, e.siret, e.detail) for e in reversed(front.audit_events())]


def test_settings_and_dossiers(front: Connector) -> None:
    with front.opened():
        front.save_settings(replace(front.settings, slots=("09:00", "17:30"), proxy=""))
        front.save_settings(front.settings)  # nothing changed: nothing recorded
        front.add_dossier("732 829 320 00074", name="Démo SA", local_only=True)
        front.add_dossier(SIRET, name="Démo SA")  # already there: nothing recorded
        asyncio.run(front.connect_dossier(SIRET, 42, date(2026, 1, 1), inqom_folder_name="DEMO"))
        front.remove_dossier(SIRET)
        assert _lines(front) == [
            ("setting_changed", "", "Créneaux : 10:00, 14:00, 18:00 → 09:00, 17:30"),
            ("dossier_added", SIRET, "sans envoi vers Inqom (grand livre seulement)."),
            ("dossier_changed", SIRET, "Connexion : envoi vers le dossier Inqom « DEMO »."),
            ("dossier_removed", SIRET, "Dossier retiré avec ses écritures et son historique."),
        ]
        assert {(e.workstation, e.person) for e in front.audit_events()} == {("POSTE-3", "jdupont")}
        assert {e.dossier_name for e in front.audit_events(siret=SIRET)} == {"Démo SA"}


def test_fec_import_and_export(front: Connector, fec_samples: Path, tmp_path: Path) -> None:
    sample = next(fec_samples.glob("*FEC2022*"))
    with front.opened():
        result = front.import_fec(sample, SIRET, name="Démo SA", force=True)
        exported = front.export_fec(SIRET, 2022, tmp_path / "out", closing=date(2022, 12, 31))
        (imported, written) = reversed(front.audit_events(siret=SIRET))
    assert imported.action == "fec_imported" and imported.dossier_name == "Démo SA"
    assert imported.detail.startswith(f"{sample.name} : {result.entries_new} écriture(s) nouvelle")
    assert imported.data["sha256"] == result.sha256
    assert written.action == "fec_exported"
    assert written.detail == (
        f"{exported.path.name} : {exported.entries} écriture(s), {exported.lines} ligne(s)."
    )
