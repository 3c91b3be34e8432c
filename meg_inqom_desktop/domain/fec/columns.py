"""FEC columns (article A47 A-1 LPF): the 18, 21 and 22 column layouts and header matching.

Header names are matched without regard to case, accents or surrounding spaces, so
``CompteLIB``, ``MontantDevise`` or `` Débit `` all find their column.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field

JOURNAL_CODE = "JournalCode"
JOURNAL_LIB = "JournalLib"
ECRITURE_NUM = "EcritureNum"
ECRITURE_DATE = "EcritureDate"
COMPTE_NUM = "CompteNum"
COMPTE_LIB = "CompteLib"
COMP_AUX_NUM = "CompAuxNum"
COMP_AUX_LIB = "CompAuxLib"
PIECE_REF = "PieceRef"
PIECE_DATE = "PieceDate"
ECRITURE_LIB = "EcritureLib"
DEBIT = "Debit"
CREDIT = "Credit"
ECRITURE_LET = "EcritureLet"
DATE_LET = "DateLet"
VALID_DATE = "ValidDate"
MONTANT_DEVISE = "Montantdevise"
IDEVISE = "Idevise"
DATE_RGLT = "DateRglt"
MODE_RGLT = "ModeRglt"
NAT_OP = "NatOp"
ID_CLIENT = "IdClient"
MONTANT = "Montant"
SENS = "Sens"

#: The 18 columns of a BIC/IS FEC, in the legal order (what our writer produces).
COLUMNS_18: tuple[str, ...] = (
    JOURNAL_CODE,
    JOURNAL_LIB,
    ECRITURE_NUM,
    ECRITURE_DATE,
    COMPTE_NUM,
    COMPTE_LIB,
    COMP_AUX_NUM,
    COMP_AUX_LIB,
    PIECE_REF,
    PIECE_DATE,
    ECRITURE_LIB,
    DEBIT,
    CREDIT,
    ECRITURE_LET,
    DATE_LET,
    VALID_DATE,
    MONTANT_DEVISE,
    IDEVISE,
)
#: BA cash accounting adds three columns, BNC cash accounting a fourth.
COLUMNS_BA_EXTRA: tuple[str, ...] = (DATE_RGLT, MODE_RGLT, NAT_OP)
COLUMNS_BNC_EXTRA: tuple[str, ...] = (*COLUMNS_BA_EXTRA, ID_CLIENT)

#: Columns that may be blank in every layout.
OPTIONAL: frozenset[str] = frozenset(
    {COMP_AUX_NUM, COMP_AUX_LIB, ECRITURE_LET, DATE_LET, MONTANT_DEVISE, IDEVISE}
    | set(COLUMNS_BNC_EXTRA)
)
#: Fields a line cannot be imported without: an empty one sets the line aside. Only what the
#: ledger cannot do without (an entry belongs to a journal and has a date); every other empty
#: field (JournalLib, PieceRef, ValidDate...) only makes the file non-conforming for the
#: administration: it is reported, stored empty and exported back empty. Which empty fields
#: Test Compta Demat counts as errors depends on the regime (:mod:`.regime`); the two lists are
#: separate on purpose.
REQUIRED_TO_IMPORT: tuple[str, ...] = (JOURNAL_CODE, ECRITURE_DATE)
#: Date columns (AAAAMMJJ).
DATE_COLUMNS: tuple[str, ...] = (ECRITURE_DATE, PIECE_DATE, DATE_LET, VALID_DATE, DATE_RGLT)


class Regime(enum.StrEnum):
    """Which layout a file follows."""

    BIC_IS = "BIC/IS (18 colonnes)"
    BA_CASH = "BA trésorerie (21 colonnes)"
    BNC_CASH = "BNC trésorerie (22 colonnes)"


class AmountMode(enum.StrEnum):
    DEBIT_CREDIT = "Debit/Credit"
    MONTANT_SENS = "Montant/Sens"


def normalise_name(name: str) -> str:
    """A header name without accents, case or spaces: ``" Débit "`` -> ``"debit"``."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != " ").lower()


_CANONICAL: dict[str, str] = {
    normalise_name(n): n for n in (*COLUMNS_18, *COLUMNS_BNC_EXTRA, MONTANT, SENS)
}


@dataclass(frozen=True)
class HeaderProblem:
    """A header defect: ``rule`` is a report rule code, ``column`` the column concerned."""

    rule: str
    column: str
    message: str


@dataclass(frozen=True)
class Layout:
    """Where each canonical column sits in a file's lines."""

    index: dict[str, int]
    width: int  # number of fields in a line (trailing separator excluded)
    regime: Regime
    amount_mode: AmountMode
    names: tuple[str, ...] = field(default=())  # header names as written
    respelled: tuple[tuple[str, str], ...] = field(default=())  # (as written, canonical)

    def has(self, column: str) -> bool:
        return column in self.index


def match_header(fields: list[str]) -> tuple[Layout, list[HeaderProblem]]:
    """Map header ``fields`` to canonical columns; report missing and unknown columns."""
    index: dict[str, int] = {}
    problems: list[HeaderProblem] = []
    respelled: list[tuple[str, str]] = []
    for i, raw in enumerate(fields):
        canonical = _CANONICAL.get(normalise_name(raw))
        if canonical is None:
            problems.append(
                HeaderProblem("unknown_column", raw.strip(), f"Colonne inconnue « {raw.strip()} ».")
            )
            continue
        if canonical in index:
            problems.append(
                HeaderProblem("duplicate_column", canonical, f"Colonne {canonical} en double.")
            )
            continue
        index[canonical] = i
        if raw.strip() != canonical:
            respelled.append((raw.strip(), canonical))
    mode = AmountMode.DEBIT_CREDIT
    if MONTANT in index and SENS in index and DEBIT not in index and CREDIT not in index:
        mode = AmountMode.MONTANT_SENS
    if ID_CLIENT in index:
        regime = Regime.BNC_CASH
    elif DATE_RGLT in index or MODE_RGLT in index or NAT_OP in index:
        regime = Regime.BA_CASH
    else:
        regime = Regime.BIC_IS
    required = [c for c in COLUMNS_18 if c not in (DEBIT, CREDIT)]
    required += [DEBIT, CREDIT] if mode is AmountMode.DEBIT_CREDIT else [MONTANT, SENS]
    if regime is Regime.BA_CASH:
        required += list(COLUMNS_BA_EXTRA)
    elif regime is Regime.BNC_CASH:
        required += list(COLUMNS_BNC_EXTRA)
    for column in required:
        if column not in index:
            problems.append(
                HeaderProblem("missing_column", column, f"Colonne obligatoire {column} absente.")
            )
    layout = Layout(
        index=index,
        width=len(fields),
        regime=regime,
        amount_mode=mode,
        names=tuple(f.strip() for f in fields),
        respelled=tuple(respelled),
    )
    return layout, problems
