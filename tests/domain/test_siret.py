"""SIRET / SIREN checks (python-stdnum), La Poste's exception included."""

from __future__ import annotations

import pytest

from meg_inqom_desktop.domain.siret import Siret, is_valid_siren, siret_problem
from meg_inqom_desktop.errors import InvalidSiret


def test_valid_siret_parsed_from_user_input() -> None:
    siret = Siret.parse("732 829 320 00074")
    assert siret.value == "73282932000074"
    assert (siret.siren, siret.nic) == ("732829320", "00074")
    assert siret.formatted() == "732 829 320 00074"
    assert str(Siret.parse("732.829.320-00074")) == "73282932000074"


def test_la_poste_establishments_pass_despite_luhn() -> None:
    # La Poste (SIREN 356 000 000): the SIRET key is the sum of digits modulo 5
    assert siret_problem("35600000000048") is None
    assert siret_problem("35600000049837") is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Saisissez"),
        ("7328293200007A", "chiffres"),
        ("7328293200007", "14 chiffres (13"),
        ("73282932100074", "SIREN"),
        ("73282932000075", "NIC"),
    ],
)
def test_problems_are_explained_in_french(text: str, fragment: str) -> None:
    problem = siret_problem(text)
    assert problem is not None and fragment in problem
    with pytest.raises(InvalidSiret) as caught:
        Siret.parse(text)
    assert caught.value.message == problem


def test_siren() -> None:
    assert is_valid_siren("732829320")
    assert is_valid_siren("732 829 320")
    assert not is_valid_siren("732829321")
    assert not is_valid_siren("0000000001")
