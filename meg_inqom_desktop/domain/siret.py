"""SIRET / SIREN identity of a company (dossier), checked with python-stdnum.

SIRET = SIREN (9 digits, the company) + NIC (5 digits, the establishment). Both carry a Luhn
check, except La Poste's establishments (SIREN 356 000 000), which stdnum knows.
"""

from __future__ import annotations

from dataclasses import dataclass

from meg_inqom_desktop.errors import InvalidSiret

# python-stdnum is imported when a SIRET is first checked: it loads pydoc and pkgutil, which a
# command reading the ledger of a dossier it already knows does not need.


def _clean(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def siret_problem(text: str) -> str | None:
    """Return a French explanation of what is wrong with ``text`` as a SIRET, or None if valid."""
    digits = _clean(text)
    if not digits:
        return "Saisissez le SIRET (14 chiffres)."
    if not digits.isdigit():
        return "Le SIRET ne contient que des chiffres."
    if len(digits) != 14:
        return f"Le SIRET compte 14 chiffres ({len(digits)} saisis)."
    from stdnum.exceptions import ValidationError
    from stdnum.fr import siren as _siren
    from stdnum.fr import siret as _siret

    if not _siren.is_valid(digits[:9]):
        return "Le SIREN (9 premiers chiffres) n'est pas valide : vérifiez la saisie."
    try:
        _siret.validate(digits)
    except ValidationError:
        return "La clé du SIRET n'est pas valide : vérifiez les 5 derniers chiffres (NIC)."
    return None


def is_valid_siren(text: str) -> bool:
    """True if ``text`` is a valid 9-digit SIREN."""
    from stdnum.fr import siren as _siren

    return bool(_siren.is_valid(_clean(text)))


@dataclass(frozen=True, order=True)
class Siret:
    """A checked 14-digit SIRET."""

    value: str

    def __post_init__(self) -> None:
        problem = siret_problem(self.value)
        if problem is not None:
            raise InvalidSiret(message=problem, siret=self.value)

    @classmethod
    def parse(cls, text: str) -> Siret:
        """Parse user input (spaces, dots and dashes allowed) into a checked SIRET."""
        return cls(_clean(text))

    @property
    def siren(self) -> str:
        return self.value[:9]

    @property
    def nic(self) -> str:
        return self.value[9:]

    def formatted(self) -> str:
        """``732 829 320 00074`` as shown on French documents."""
        v = self.value
        return f"{v[:3]} {v[3:6]} {v[6:9]} {v[9:]}"

    def __str__(self) -> str:
        return self.value
