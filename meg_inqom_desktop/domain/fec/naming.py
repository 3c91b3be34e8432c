"""FEC file names: ``SirenFECAAAAMMJJ`` (closing date), e.g. ``732829320FEC20231231.txt``.

Two judgements: the strict form of the arrêté (a 9-digit SIREN, ``FEC`` in capitals, a real
closing date: :attr:`FecName.problem`, an accounting remark), and Test Compta Demat's, which is
looser (:attr:`FecName.dgfip_accepted`; a name it refuses is an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from meg_inqom_desktop.domain.fec.dgfip import name_accepted

_NAME = re.compile(r"^(\d+)FEC(\d{8})$", re.IGNORECASE)
_STRICT = re.compile(r"^\d{9}FEC\d{8}$")


@dataclass(frozen=True)
class FecName:
    """What a file name says: SIREN, closing date and whether it follows the rule."""

    siren: str
    closing: date | None
    problem: str | None  # French explanation, None when the name is correct
    dgfip_accepted: bool = True  # Test Compta Demat reads the name (SIREN and closing date)


def parse_fec_name(filename: str) -> FecName:
    """Read ``SirenFECAAAAMMJJ[.ext]``; a wrong name gives a ``problem`` and what could be read."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    accepted = name_accepted(filename)
    m = _NAME.match(stem)
    if not m:
        problem = f"Le nom « {filename} » ne suit pas le modèle SirenFECAAAAMMJJ."
        return FecName("", None, problem, accepted)
    siren, raw = m.group(1), m.group(2)
    try:
        closing: date | None = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        closing = None
    if closing is None:
        problem = f"Date de clôture impossible « {raw} » dans le nom du fichier."
        return FecName(siren, None, problem, accepted)
    if len(siren) != 9:
        problem = f"Le SIREN du nom compte {len(siren)} chiffres au lieu de 9 ({siren})."
        return FecName(siren, closing, problem, accepted)
    if not _STRICT.match(stem):
        problem = f"« FEC » doit être en majuscules dans « {filename} »."
        return FecName(siren, closing, problem, accepted)
    return FecName(siren, closing, None, accepted)


def fec_filename(siren: str, closing: date) -> str:
    """The legal file name for a dossier's fiscal year: ``SIRENFECAAAAMMJJ.txt``."""
    return f"{siren}FEC{closing:%Y%m%d}.txt"
