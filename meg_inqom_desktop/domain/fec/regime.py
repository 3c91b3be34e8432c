"""The tax regime a FEC is checked under, and what each regime requires of the file.

Test Compta Demat asks for the regime before it reads a file: BIC/IS, BNC or BA in commitment
accounting (« droit commercial »: the 18 columns), BA in cash accounting (21 columns: + DateRglt,
ModeRglt, NatOp) or BNC in cash accounting (22 columns: + IdClient). The regime decides which
columns must be present and which fields may not be empty.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from meg_inqom_desktop.domain.fec import columns as C


class Activity(enum.StrEnum):
    """The income category: ``--regime`` on the command line."""

    BIC = "bic"  # bénéfices industriels et commerciaux, impôt sur les sociétés
    BNC = "bnc"  # bénéfices non commerciaux
    BA = "ba"  # bénéfices agricoles


#: Fields Test Compta Demat refuses empty in commitment accounting (BIC/IS, and BNC/BA under
#: commercial law): the arrêté's mandatory fields.
COMMITMENT_NOT_EMPTY: tuple[str, ...] = (
    C.JOURNAL_CODE,
    C.JOURNAL_LIB,
    C.ECRITURE_NUM,
    C.ECRITURE_DATE,
    C.COMPTE_NUM,
    C.COMPTE_LIB,
    C.PIECE_REF,
    C.PIECE_DATE,
    C.ECRITURE_LIB,
    C.VALID_DATE,
)
#: In cash accounting (BA and BNC « trésorerie ») only these may not be empty; ValidDate,
#: PieceRef and the journal may be.
CASH_NOT_EMPTY: tuple[str, ...] = (
    C.ECRITURE_NUM,
    C.ECRITURE_DATE,
    C.COMPTE_NUM,
    C.COMPTE_LIB,
    C.ECRITURE_LIB,
)


@dataclass(frozen=True)
class FecRegime:
    """A regime as Test Compta Demat's options name them (BIC, COM, BAT, BNCT)."""

    activity: Activity
    cash: bool = False

    def __post_init__(self) -> None:
        if self.activity is Activity.BIC and self.cash:
            raise ValueError(
                "Le régime BIC/IS suit la comptabilité d'engagement : la comptabilité de "
                "trésorerie ne concerne que les BNC et les BA."
            )

    @property
    def layout(self) -> C.Regime:
        """The column layout this regime expects."""
        if not self.cash:
            return C.Regime.BIC_IS
        return C.Regime.BNC_CASH if self.activity is Activity.BNC else C.Regime.BA_CASH

    @property
    def label(self) -> str:
        """French name, e.g. « BNC, comptabilité de trésorerie (22 colonnes) »."""
        if self.activity is Activity.BIC:
            return "BIC/IS, comptabilité d'engagement (18 colonnes)"
        name = self.activity.value.upper()
        if self.cash:
            width = 22 if self.activity is Activity.BNC else 21
            return f"{name}, comptabilité de trésorerie ({width} colonnes)"
        return f"{name}, comptabilité d'engagement (droit commercial, 18 colonnes)"

    @property
    def not_empty(self) -> tuple[str, ...]:
        """Fields whose emptiness Test Compta Demat counts as an error under this regime."""
        return CASH_NOT_EMPTY if self.cash else COMMITMENT_NOT_EMPTY

    def required_columns(self, amount_mode: C.AmountMode) -> tuple[str, ...]:
        """Every column the header must name (Montant/Sens may replace Debit/Credit)."""
        amounts = (
            (C.DEBIT, C.CREDIT) if amount_mode is C.AmountMode.DEBIT_CREDIT else (C.MONTANT, C.SENS)
        )
        base = tuple(c for c in C.COLUMNS_18 if c not in (C.DEBIT, C.CREDIT)) + amounts
        if self.layout is C.Regime.BA_CASH:
            return base + C.COLUMNS_BA_EXTRA
        if self.layout is C.Regime.BNC_CASH:
            return base + C.COLUMNS_BNC_EXTRA
        return base


BIC = FecRegime(Activity.BIC)


def regime_of_layout(layout: C.Regime) -> FecRegime:
    """The regime a header suggests when none is given: 22 columns BNC cash, 21 BA cash."""
    if layout is C.Regime.BNC_CASH:
        return FecRegime(Activity.BNC, cash=True)
    if layout is C.Regime.BA_CASH:
        return FecRegime(Activity.BA, cash=True)
    return BIC
