"""FEC file names: ``SirenFECAAAAMMJJ`` (closing date), e.g. ``732829320FEC20231231.txt``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NAME = re.compile(r"^(\d+)FEC(\d{8})$", re.IGNORECASE)
_STRICT = re.compile(r"^\d{9}FEC\d{8}$")


@dataclass(frozen=True)
class FecName:
    """What a file name says: SIREN, closing date and whether it follows the rule."""

    siren: str
    closing: date | None
    problem: str | None  # French explanation, None when the name is correct


def parse_fec_name(filename: str) -> FecName:
    """Read ``SirenFECAAAAMMJJ[.ext]``; a wrong name gives a ``problem`` and what could be read."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    m = _NAME.match(stem)
    if not m:
        return FecName("", None, f"Le nom « {filename} » ne suit pas le modèle SirenFECAAAAMMJJ.")
    siren, raw = m.group(1), m.group(2)
    try:
        closing: date | None = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        closing = None
    if closing is None:
        return FecName(siren, None, f"Date de clôture impossible « {raw} » dans le nom du fichier.")
    if len(siren) != 9:
        return FecName(
            siren, closing, f"Le SIREN du nom compte {len(siren)} chiffres au lieu de 9 ({siren})."
        )
    if not _STRICT.match(stem):
        return FecName(siren, closing, f"« FEC » doit être en majuscules dans « {filename} ».")
    return FecName(siren, closing, None)


def fec_filename(siren: str, closing: date) -> str:
    """The legal file name for a dossier's fiscal year: ``SIRENFECAAAAMMJJ.txt``."""
    return f"{siren}FEC{closing:%Y%m%d}.txt"
