"""Entry validation: every problem with a stable reason code and a French message.

Beyond accounting rules (balance, sides, PCG accounts), an entry must hold values the ledger,
a FEC file and Inqom can all take: amounts up to :data:`MAX_AMOUNT`, dates between
:data:`DATE_MIN` and :data:`DATE_MAX`, texts within :data:`TEXT_LIMITS` and without NUL or
unpaired surrogate characters, pièces of an accepted type. Such limits are checked first, so
an absurd value is refused with its reason before any sum or display is computed from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from meg_inqom_desktop.domain.entry import Entry, FiscalYear
from meg_inqom_desktop.domain.fec.fields import MAX_CENTS
from meg_inqom_desktop.domain.money import format_amount, from_cents
from meg_inqom_desktop.domain.piece_files import ACCEPTED_TEXT, normalized_media_type

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
    AMOUNT_TOO_LARGE = "amount_too_large"
    DATE_OUT_OF_RANGE = "date_out_of_range"
    TEXT_TOO_LONG = "text_too_long"
    BAD_CHARACTER = "text_bad_character"
    PIECE_TYPE = "piece_type_refused"


# An amount (line, or an entry's total) up to the FEC reader's limit, 9 999 999 999 999,99 €:
# far above any real entry, and a ledger of many such lines still sums within 64-bit cents.
MAX_AMOUNT = from_cents(MAX_CENTS)
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
# Longest text per field (characters): what the FEC and Inqom take (Inqom: labels and
# references ≤ 256, account numbers ≤ 22 once the auxiliary code follows the 3-digit root).
TEXT_LIMITS: dict[str, int] = {
    "source_id": 200,
    "journal": 16,
    "journal_label": 100,
    "piece_ref": 255,
    "label": 255,
    "account": 20,
    "account_label": 255,
    "aux_account": 19,
    "aux_label": 255,
    "document_id": 200,
    "document_name": 255,
    "media_type": 100,
}
FIELD_NAMES: dict[str, str] = {
    "source_id": "identifiant",
    "journal": "code journal",
    "journal_label": "libellé du journal",
    "piece_ref": "référence de pièce",
    "label": "libellé",
    "account": "compte",
    "account_label": "libellé du compte",
    "aux_account": "compte auxiliaire",
    "aux_label": "libellé du compte auxiliaire",
    "document_id": "identifiant de pièce",
    "document_name": "nom de fichier de pièce",
    "media_type": "type de pièce",
}
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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


def _text_problem(field: str, value: str, line: int = 0) -> Problem | None:
    name = FIELD_NAMES[field].capitalize()
    limit = TEXT_LIMITS[field]
    if len(value) > limit:
        return Problem(
            Reason.TEXT_TOO_LONG,
            f"{name} trop long ({len(value)} caractères, au plus {limit}).",
            line,
        )
    if "\x00" in value or _SURROGATE.search(value):
        return Problem(
            Reason.BAD_CHARACTER,
            f"{name} avec un caractère invalide (caractère nul ou codage UTF-16 orphelin).",
            line,
        )
    return None


def _amount_problem(value: Decimal, line: int = 0) -> Problem | None:
    if value.is_finite() and -MAX_AMOUNT <= value <= MAX_AMOUNT:
        return None
    shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:37]}…"
    return Problem(
        Reason.AMOUNT_TOO_LARGE,
        f"Montant {shown} hors limites (au plus {format_amount(MAX_AMOUNT)} €).",
        line,
    )


def _date_problem(what: str, value: date | None) -> Problem | None:
    if value is None or DATE_MIN <= value <= DATE_MAX:
        return None
    return Problem(
        Reason.DATE_OUT_OF_RANGE,
        f"{what.capitalize()} {value.isoformat()} hors limites (du {DATE_MIN:%d/%m/%Y} au "
        f"{DATE_MAX:%d/%m/%Y}).",
    )


def storage_problems(entry: Entry) -> list[Problem]:
    """The values of ``entry`` that the ledger, a FEC file or Inqom could not hold: amounts,
    dates, texts, pièce types (see the module docstring); checked before anything else."""
    found: list[Problem | None] = [
        _text_problem("source_id", entry.source_id),
        _text_problem("journal", entry.journal.code),
        _text_problem("journal_label", entry.journal.label),
        _text_problem("piece_ref", entry.piece_ref),
        _text_problem("label", entry.label),
        _date_problem("date", entry.date),
        _date_problem("date de pièce", entry.piece_date),
        _date_problem("date de validation", entry.validation_date),
    ]
    for i, ln in enumerate(entry.lines, start=1):
        found += [
            _text_problem("account", ln.account, i),
            _text_problem("account_label", ln.account_label, i),
            _text_problem("aux_account", ln.aux_account, i),
            _text_problem("aux_label", ln.aux_label, i),
            _text_problem("label", ln.label, i),
            _text_problem("source_id", ln.source_id, i),
            _amount_problem(ln.debit, i),
            _amount_problem(ln.credit, i),
        ]
        if ln.currency_amount is not None:
            found.append(_amount_problem(ln.currency_amount, i))
    for doc in entry.documents:
        found += [
            _text_problem("document_id", doc.source_id),
            _text_problem("document_name", doc.filename),
            _text_problem("media_type", doc.media_type),
        ]
        if normalized_media_type(doc.media_type) is None:
            found.append(
                Problem(
                    Reason.PIECE_TYPE,
                    f"Pièce « {doc.media_type[:40]} » d'un type non accepté ({ACCEPTED_TEXT}).",
                )
            )
    problems = [p for p in found if p is not None]
    if not problems:
        for total in (entry.total_debit, entry.total_credit):
            problem = _amount_problem(total)
            if problem is not None:
                problems.append(problem)
                break
    return problems


def validate_entry(entry: Entry, fiscal_year: FiscalYear | None = None) -> list[Problem]:
    """Every reason to refuse ``entry``; an empty list means it can be stored. Values beyond
    what can be stored (:func:`storage_problems`) are reported alone."""
    problems = storage_problems(entry)
    if problems:
        return problems
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
