"""Which Inqom folder is the MEG company: SIREN + NIC, then SIREN, then name likeness.

Pure code. A folder is chosen without asking only when exactly one folder carries the
dossier's SIRET (SIREN + NIC); every other case is a list for the accountant to choose from,
same-SIREN folders first, then the rest by how much their name looks like the company's:
never a silent wrong match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

# Legal forms and filler words that say nothing about which company it is.
_NOISE = frozenset(
    (
        "sa", "sas", "sasu", "sarl", "eurl", "sci", "snc", "scp", "selarl", "selas", "earl",
        "gaec", "eirl", "ei", "scm", "sem", "et", "de", "des", "du", "la", "le", "les", "l", "d",
    )
)  # fmt: skip


class Match(StrEnum):
    """How a folder matches the dossier."""

    SIRET = "siret"  # same SIREN and NIC
    SIREN = "siren"  # same company, another (or an unknown) establishment
    NAME = "name"  # only the name may tell


@dataclass(frozen=True)
class Candidate:
    """A folder as the matcher sees it."""

    id: int
    name: str
    siren: str = ""
    nic: str = ""


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    match: Match
    likeness: float  # 0..1, name likeness to the company


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in _NOISE]


def name_likeness(a: str, b: str) -> float:
    """How alike two company names are, 0 to 1, ignoring case, accents, punctuation and
    legal forms: the mean of word overlap and character similarity."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    overlap = len(set(wa) & set(wb)) / len(set(wa) | set(wb))
    first, second = sorted((" ".join(wa), " ".join(wb)))  # the same answer both ways round
    chars = SequenceMatcher(None, first, second).ratio()
    return (overlap + chars) / 2


def rank_folders(siret: str, company_name: str, folders: list[Candidate]) -> list[Ranked]:
    """Every folder, best first: SIRET matches, SIREN matches, then by name likeness."""
    siren, nic = siret[:9], siret[9:]
    order = {Match.SIRET: 0, Match.SIREN: 1, Match.NAME: 2}
    ranked = []
    for folder in folders:
        if folder.siren == siren and folder.nic == nic:
            match = Match.SIRET
        elif folder.siren == siren:
            match = Match.SIREN
        else:
            match = Match.NAME
        ranked.append(Ranked(folder, match, name_likeness(company_name, folder.name)))
    return sorted(ranked, key=lambda r: (order[r.match], -r.likeness, r.candidate.name))


def chosen_folder(ranked: list[Ranked]) -> Candidate | None:
    """The folder to select without asking: the only one with the dossier's SIRET."""
    exact = [r.candidate for r in ranked if r.match is Match.SIRET]
    return exact[0] if len(exact) == 1 else None
