"""Formatting FEC lines as we write them: the 18 columns in order, tab-separated, dates
``AAAAMMJJ``, comma decimals without thousands separator.

A value that would break the file (a tab, a line end) becomes a space; a mandatory field the
entry lacks gets a sensible value (journal code for its label, entry date for a missing piece
or validation date), so a file we write has neither error nor alert in our own report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.fec.columns import COLUMNS_18
from meg_inqom_desktop.domain.fec.fields import format_cents, format_date
from meg_inqom_desktop.domain.money import to_cents

SEPARATOR = "\t"
HEADER = SEPARATOR.join(COLUMNS_18)
_BAD = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def clean(text: str) -> str:
    """A value safe inside a FEC field (no separator, no line end, no outer spaces)."""
    return text.translate(_BAD).strip()


def format_line(
    journal_code: str,
    journal_lib: str,
    number: str,
    day: date,
    account: str,
    account_lib: str,
    aux_account: str,
    aux_label: str,
    piece_ref: str,
    piece_date: date | None,
    label: str,
    debit: int,
    credit: int,
    lettering: str = "",
    lettering_date: date | None = None,
    validation_date: date | None = None,
    currency_amount: int | None = None,
    currency: str = "",
) -> str:
    """One FEC line (without line end) from stored values; amounts in cents."""
    d = format_date(day)
    journal_code = clean(journal_code)
    account = clean(account)
    piece_ref = clean(piece_ref) or number
    label = clean(label) or clean(account_lib) or piece_ref
    return SEPARATOR.join(
        (
            journal_code,
            clean(journal_lib) or journal_code,
            number,
            d,
            account,
            clean(account_lib) or account,
            clean(aux_account),
            clean(aux_label),
            piece_ref,
            format_date(piece_date) or d,
            label,
            format_cents(debit),
            format_cents(credit),
            clean(lettering),
            format_date(lettering_date) if lettering else "",
            format_date(validation_date) or d,
            format_cents(currency_amount) if currency_amount is not None else "",
            clean(currency) if currency_amount is not None else "",
        )
    )


def entry_lines(entry: Entry, number: str) -> Iterator[str]:
    """The FEC lines of one domain entry under EcritureNum ``number``."""
    if entry.date is None:
        raise ValueError("une écriture sans date ne peut aller dans un FEC")
    for ln in entry.lines:
        yield format_line(
            entry.journal.code,
            entry.journal.label,
            number,
            entry.date,
            ln.account,
            ln.account_label,
            ln.aux_account,
            ln.aux_label,
            entry.piece_ref,
            entry.piece_date,
            ln.label or entry.label,
            to_cents(ln.debit),
            to_cents(ln.credit),
            ln.lettering,
            ln.lettering_date,
            entry.validation_date,
            to_cents(ln.currency_amount) if ln.currency_amount is not None else None,
            ln.currency,
        )


class Numbering:
    """Continuous EcritureNum per journal: 1, 2, 3... in the order entries are written."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, journal_code: str) -> str:
        n = self._next.get(journal_code, 0) + 1
        self._next[journal_code] = n
        return str(n)
