"""Local dossiers by SIRET."""

from __future__ import annotations

from datetime import date

import pytest

from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.errors import InvalidSiret
from meg_inqom_desktop.store import dossiers as ds
from meg_inqom_desktop.store.ledger_writes import upsert_entries
from meg_inqom_desktop.store.models import EntryLineRow, EntryRow
from meg_inqom_desktop.store.paths import DataPaths

from .conftest import make_entry

SIRET = "73282932000074"
LA_POSTE = "35600000000048"


def test_create_once_then_find(ledger: DataPaths) -> None:
    record, created = ds.get_or_create_dossier("732 829 320 00074", name="Démo SA")
    again, created_again = ds.get_or_create_dossier(Siret(SIRET), name="Autre nom")
    assert created and not created_again
    assert record.id == again.id
    assert again.name == "Démo SA", "an existing name is kept"
    assert record.siren == "732829320"
    assert record.local_only and record.active
    assert ds.get_dossier(SIRET) == again
    assert ds.get_dossier_by_id(record.id) == again
    assert ds.get_dossier(LA_POSTE) is None


def test_invalid_siret_is_refused_in_french(ledger: DataPaths) -> None:
    with pytest.raises(InvalidSiret) as info:
        ds.get_or_create_dossier("73282932000075")
    assert "NIC" in info.value.message
    assert ds.list_dossiers() == []


def test_list_link_pause_and_start_date(ledger: DataPaths) -> None:
    ds.get_or_create_dossier(SIRET, name="Zeta")
    ds.get_or_create_dossier(LA_POSTE, name="Alpha")
    assert [d.name for d in ds.list_dossiers()] == ["Alpha", "Zeta"]
    linked = ds.set_inqom_link(SIRET, 4242, "Zeta SAS")
    assert (linked.inqom_folder_id, linked.inqom_folder_name, linked.local_only) == (
        4242,
        "Zeta SAS",
        False,
    )
    assert ds.clear_inqom_link(SIRET).local_only
    assert ds.set_start_date(SIRET, date(2026, 1, 1)).start_date == date(2026, 1, 1)
    ds.set_active(LA_POSTE, False)
    assert [d.name for d in ds.list_dossiers(active_only=True)] == ["Zeta"]
    assert ds.rename_dossier(SIRET, "Zeta 2").display_name == "Zeta 2"
    assert ds.set_meg_company(SIRET, "c-9").meg_company_id == "c-9"


def test_unknown_dossier_updates_say_what_to_do(ledger: DataPaths) -> None:
    with pytest.raises(ds.DossierNotFound) as info:
        ds.set_start_date(SIRET, None)
    assert "dossiers add" in info.value.message
    with pytest.raises(ds.DossierNotFound):
        ds.require_dossier(SIRET)


def test_remove_deletes_the_dossier_and_its_ledger(ledger: DataPaths) -> None:
    keep, _ = ds.get_or_create_dossier(LA_POSTE)
    gone, _ = ds.get_or_create_dossier(SIRET)
    upsert_entries(gone.id, [make_entry("1"), make_entry("2")], provenance=MEG)
    upsert_entries(keep.id, [make_entry("1")], provenance=MEG)
    assert {s.dossier.siret: s.entries for s in ds.dossier_statuses()} == {SIRET: 2, LA_POSTE: 1}
    assert ds.remove_dossier(SIRET)
    assert not ds.remove_dossier(SIRET)
    assert ds.get_dossier(SIRET) is None
    assert EntryRow.select().count() == 1
    assert EntryLineRow.select().count() == 2


def test_display_name_falls_back_to_the_formatted_siret(ledger: DataPaths) -> None:
    record, _ = ds.get_or_create_dossier(SIRET)
    assert record.display_name == "732 829 320 00074"
