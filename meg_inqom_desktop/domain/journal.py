"""Journals (VT, AC, NDF, BQ, OD and any code a FEC brings) and their kind."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class JournalKind(enum.StrEnum):
    """What a journal records; maps to Inqom's journal ``Type``."""

    SALES = "sales"
    PURCHASES = "purchases"
    EXPENSE_REPORTS = "expense_reports"
    BANK = "bank"
    MISC = "misc"


_DEFAULTS: dict[str, tuple[str, JournalKind]] = {
    "VT": ("Ventes", JournalKind.SALES),
    "AC": ("Achats", JournalKind.PURCHASES),
    "HA": ("Achats", JournalKind.PURCHASES),
    "NDF": ("Notes de frais", JournalKind.EXPENSE_REPORTS),
    "BQ": ("Banque", JournalKind.BANK),
    "OD": ("Opérations diverses", JournalKind.MISC),
}


@dataclass(frozen=True)
class Journal:
    """A journal code with its label; codes are stored upper-case and stripped.

    An empty label gets the usual one ("Ventes" for VT, else the code) unless ``fill_label``
    is False (a FEC line's empty JournalLib is kept as it came).
    """

    code: str
    label: str = ""
    fill_label: bool = field(default=True, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", self.code.strip().upper())
        if not self.code:
            raise ValueError("code journal vide")
        if not self.label and self.fill_label:
            object.__setattr__(self, "label", _DEFAULTS.get(self.code, (self.code, None))[0])

    @property
    def kind(self) -> JournalKind:
        return _DEFAULTS.get(self.code, ("", JournalKind.MISC))[1]


VT = Journal("VT")
AC = Journal("AC")
NDF = Journal("NDF")
BQ = Journal("BQ")
OD = Journal("OD")
