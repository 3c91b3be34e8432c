"""Entry validation: every problem with a stable reason code and a French message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from meg_inqom_desktop.domain.entry import Entry, FiscalYear
from meg_inqom_desktop.domain.money import format_amount

# PCG account: class 1 to 7, digits, then optional letters/digits (auxiliarised accounts).
PCG_ACCOUNT = re.compile(r"^[1-7][0-9]{2,}[0-9A-Z]*$")


class Reason:
    """Stable reason codes (stored with rejections, used by tests and the UI)."""

    NO_LINES = "no_lines"
    UNBALANCED = "unbalanced"
    BOTH_SIDES = "line_both_debit_and_credit"
    NO_SIDE = "line_no_amount"
    NEGATIVE = "negative_amount"
    BAD_ACCOUNT = "account_not_pcg"
    NO_DATE = "date_missing"
    OUTSIDE_YEAR = "date_outside_fiscal_year"
    NO_PIECE_REF = "piece_ref_missing"
    NO_CURRENCY_AMOUNT = "currency_amount_missing"


@dataclass(frozen=True)
class Problem:
    """One reason an entry is refused; ``line`` is the 1-based line number, 0 for the entry."""

    code: str
    message: str
    line: int = 0

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}" if self.line else self.message


def is_pcg_account(account: str) -> bool:
    """True if ``account`` looks like a PCG account number (class 1 to 7)."""
    return bool(PCG_ACCOUNT.match(account.strip().upper()))


def validate_entry(entry: Entry, fiscal_year: FiscalYear | None = None) -> list[Problem]:
    """Every reason to refuse ``entry``; an empty list means it can be stored."""
    problems: list[Problem] = []
    if entry.date is None:
        problems.append(Problem(Reason.NO_DATE, "La date de l'écriture est absente."))
    elif fiscal_year is not None and not fiscal_year.contains(entry.date):
        problems.append(
            Problem(
                Reason.OUTSIDE_YEAR,
                f"La date {entry.date:%d/%m/%Y} est hors de l'exercice "
                f"{fiscal_year.start:%d/%m/%Y} – {fiscal_year.end:%d/%m/%Y}.",
            )
        )
    if not entry.piece_ref.strip():
        problems.append(Problem(Reason.NO_PIECE_REF, "La référence de pièce est absente."))
    if not entry.lines:
        problems.append(Problem(Reason.NO_LINES, "L'écriture n'a aucune ligne."))
        return problems
    for i, ln in enumerate(entry.lines, start=1):
        if ln.debit < 0 or ln.credit < 0:
            problems.append(Problem(Reason.NEGATIVE, "Montant négatif.", i))
        elif ln.debit and ln.credit:
            problems.append(
                Problem(Reason.BOTH_SIDES, "La ligne porte à la fois un débit et un crédit.", i)
            )
        elif not ln.debit and not ln.credit:
            problems.append(Problem(Reason.NO_SIDE, "La ligne n'a ni débit ni crédit.", i))
        if not is_pcg_account(ln.account):
            problems.append(
                Problem(
                    Reason.BAD_ACCOUNT,
                    f"Le compte « {ln.account} » n'est pas un compte du PCG (classes 1 à 7).",
                    i,
                )
            )
        if ln.currency and ln.currency.upper() != "EUR" and ln.currency_amount is None:
            problems.append(
                Problem(
                    Reason.NO_CURRENCY_AMOUNT,
                    f"Devise {ln.currency} sans montant en devise.",
                    i,
                )
            )
    if not entry.is_balanced:
        problems.append(
            Problem(
                Reason.UNBALANCED,
                f"L'écriture n'est pas équilibrée : débit {format_amount(entry.total_debit)}, "
                f"crédit {format_amount(entry.total_credit)}.",
            )
        )
    return problems
