"""Which Inqom folder is the MEG company: SIREN + NIC, then SIREN, then name likeness; chosen
without asking only when exactly one folder carries the SIRET."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.folder_match import (
    Candidate,
    Match,
    chosen_folder,
    name_likeness,
    rank_folders,
)

SIRET = "79083863500585"


def test_siret_then_siren_then_name_likeness() -> None:
    folders = [
        Candidate(1, "GARAGE ROUSSEAU", "334131646", "00591"),
        Candidate(2, "BOULANGERIE MARTIN - DÉPÔT", "790838635", "00999"),
        Candidate(3, "Boulangerie Martin SARL", "", ""),  # a folder without its SIRET
        Candidate(4, "BOULANGERIE MARTIN", "790838635", "00585"),
        Candidate(5, "Fromagerie des Alpes", "", ""),
    ]
    ranked = rank_folders(SIRET, "Boulangerie Martin", folders)
    assert [(r.candidate.id, r.match) for r in ranked[:3]] == [
        (4, Match.SIRET),
        (2, Match.SIREN),
        (3, Match.NAME),  # the same name: first of the rest
    ]
    assert {r.candidate.id for r in ranked[3:]} == {1, 5}
    assert ranked[3].likeness >= ranked[4].likeness
    assert ranked[2].likeness == 1.0  # legal form, case and accents ignored
    assert chosen_folder(ranked) == folders[3]


def test_never_a_silent_match_without_a_unique_siret() -> None:
    same_siren = [Candidate(2, "BOULANGERIE MARTIN", "790838635", "00999")]
    assert chosen_folder(rank_folders(SIRET, "Boulangerie Martin", same_siren)) is None
    by_name = [Candidate(3, "Boulangerie Martin", "", "")]
    assert chosen_folder(rank_folders(SIRET, "Boulangerie Martin", by_name)) is None
    twice = [Candidate(4, "A", "790838635", "00585"), Candidate(6, "B", "790838635", "00585")]
    assert chosen_folder(rank_folders(SIRET, "", twice)) is None
    assert chosen_folder(rank_folders(SIRET, "", [])) is None


def test_name_likeness() -> None:
    assert name_likeness("Menuiserie Lefèvre et Fils", "MENUISERIE LEFEVRE & FILS SARL") == 1.0
    assert name_likeness("Garage Rousseau", "Garage Rousseau Père") > name_likeness(
        "Garage Rousseau", "Transports Girard"
    )
    assert name_likeness("", "Garage") == 0.0
    assert name_likeness("SARL", "SAS") == 0.0  # nothing but legal forms


@given(st.text(max_size=40), st.text(max_size=40))
def test_likeness_is_symmetric_and_between_0_and_1(a: str, b: str) -> None:
    value = name_likeness(a, b)
    assert 0.0 <= value <= 1.0
    assert abs(value - name_likeness(b, a)) < 1e-9
