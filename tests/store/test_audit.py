"""The audit trail: one writer, filters by dossier and person, French labels, on both databases."""

from __future__ import annotations

import pytest

from meg_inqom_desktop.store import audit
from meg_inqom_desktop.store.models import AuditEvent
from meg_inqom_desktop.store.paths import DataPaths

from .conftest import SIRET

OTHER = "55210055400013"


def test_record_and_read_back_latest_first(ledger: DataPaths) -> None:
    poste3 = audit.Who("POSTE-3", "jdupont")
    service = audit.Who("SRV-COMPTA", "svc-meg")
    audit.record(
        "period_validated",
        "Janvier 2026 validé dans MEG (412 écritures).",
        siret=SIRET,
        dossier_name="Démo SA",
        data={"start": "2026-01-01", "end": "2026-01-31"},
        by=poste3,
    )
    audit.record("sync", "Démo SA : 412 nouvelles écritures", siret=SIRET, by=service)
    audit.record("setting_changed", "Créneaux : 10:00, 14:00, 18:00 → 09:00, 17:30", by=poste3)
    audit.record("sync", "Autre SA : rien de nouveau", siret=OTHER, by=service)
    everything = audit.events()
    assert [e.action for e in everything] == [
        "sync",
        "setting_changed",
        "sync",
        "period_validated",
    ]
    validated = everything[-1]
    assert (validated.workstation, validated.person, validated.dossier_name) == (
        "POSTE-3",
        "jdupont",
        "Démo SA",
    )
    assert validated.action_label == "Période validée dans MEG"
    assert validated.data == {"start": "2026-01-01", "end": "2026-01-31"}
    assert validated.at.tzinfo is not None
    assert [e.action for e in audit.events(siret=SIRET)] == ["sync", "period_validated"]
    assert [e.detail for e in audit.events(person="jdupont")] == [
        "Créneaux : 10:00, 14:00, 18:00 → 09:00, 17:30",
        "Janvier 2026 validé dans MEG (412 écritures).",
    ]
    assert len(audit.events(siret=SIRET, person="svc-meg")) == 1
    assert len(audit.events(limit=1)) == 1
    assert audit.people() == ["jdupont", "svc-meg"]
    assert validated.as_dict()["dossier"] == "Démo SA"


def test_unknown_actions_are_refused(ledger: DataPaths) -> None:
    with pytest.raises(ValueError):
        audit.record("dropped_tables", "…")
    assert AuditEvent.select().count() == 0


def test_this_process_names_itself(ledger: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPUTERNAME", "POSTE-7")
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "mmartin")
    assert audit.who() == audit.Who("POSTE-7", "mmartin")
    assert audit.who().label == "POSTE-7 / mmartin"
    audit.record("fec_exported", "FEC 2025 écrit", siret=SIRET)
    (event,) = audit.events()
    assert (event.workstation, event.person) == ("POSTE-7", "mmartin")
