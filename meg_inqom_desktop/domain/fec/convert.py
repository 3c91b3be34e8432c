"""FEC lines -> domain :class:`Entry` objects, with a stable ``source_id`` and a fast fingerprint.

The ``source_id`` of an imported entry is its journal and a digest of its accounting content
(date, piece reference, accounts, labels, amounts) — not its EcritureNum, which another
software renumbers on export — so importing the same entries again is a no-op. Two identical
entries in one file get ``#2``, ``#3``... suffixes in file order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.money import from_cents
from meg_inqom_desktop.domain.provenance import FEC_IMPORT


def cents_text(cents: int) -> str:
    """``str(from_cents(cents))`` without building a Decimal: ``-1234`` -> ``"-12.34"``."""
    sign = "-" if cents < 0 else ""
    q, r = divmod(abs(cents), 100)
    return f"{sign}{q}.{r:02d}"


def content_key(rows: Sequence[FecRow]) -> str:
    """The content part of a ``source_id``: journal and a digest of dates, refs, lines."""
    first = rows[0]
    parts = [first.date.isoformat(), first.piece_ref]
    for r in rows:
        parts.append(
            f"{r.date.isoformat()}\x1f{r.piece_ref}\x1f{r.account}\x1f{r.aux_account}\x1f"
            f"{r.label}\x1f{r.debit}\x1f{r.credit}"
        )
    digest = hashlib.blake2b("\x1e".join(parts).encode(), digest_size=12).hexdigest()
    return f"{first.journal_code.upper()}:{digest}"


def fingerprint(
    journal: str,
    day: date | None,
    piece_ref: str,
    piece_date: date | None,
    label: str,
    number: str,
    lines: Sequence[tuple[str, str, str, int, int, int | None, str]],
) -> str:
    """Exactly :meth:`Entry.fingerprint` for these values, without building Decimals.

    ``lines`` are (account, aux_account, label, debit cents, credit cents, currency amount
    cents or None, currency).
    """
    payload = {
        "j": journal,
        "d": day.isoformat() if day else None,
        "p": piece_ref,
        "pd": piece_date.isoformat() if piece_date else None,
        "l": label,
        "n": number,
        "lines": [
            [
                acc,
                aux,
                lab,
                cents_text(d),
                cents_text(c),
                cents_text(ca) if ca is not None else None,
                cur,
            ]
            for acc, aux, lab, d, c, ca, cur in lines
        ],
        "docs": [],
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


def rows_fingerprint(rows: Sequence[FecRow]) -> str:
    """:meth:`Entry.fingerprint` of :func:`rows_to_entry` of ``rows``."""
    first = rows[0]
    return fingerprint(
        first.journal_code.strip().upper(),
        first.date,
        first.piece_ref,
        first.piece_date,
        first.label,
        first.number,
        [
            (r.account, r.aux_account, r.label, r.debit, r.credit, r.currency_amount, r.currency)
            for r in rows
        ],
    )


def rows_to_entry(rows: Sequence[FecRow], source_id: str) -> Entry:
    """One domain entry from its FEC lines (entry fields from the first line)."""
    first = rows[0]
    lines = tuple(
        EntryLine(
            account=r.account,
            label=r.label,
            debit=from_cents(r.debit),
            credit=from_cents(r.credit),
            account_label=r.account_lib,
            aux_account=r.aux_account,
            aux_label=r.aux_label,
            lettering=r.lettering,
            lettering_date=r.lettering_date,
            currency_amount=from_cents(r.currency_amount)
            if r.currency_amount is not None
            else None,
            currency=r.currency,
            source_id=str(r.line_no),
        )
        for r in rows
    )
    return Entry(
        source_id=source_id,
        journal=Journal(first.journal_code, first.journal_lib),
        date=first.date,
        piece_ref=first.piece_ref,
        label=first.label,
        lines=lines,
        provenance=FEC_IMPORT,
        number=first.number,
        piece_date=first.piece_date,
        validation_date=first.validation_date,
    )


class SourceIds:
    """Hands out ``source_id`` values, suffixing repeats of identical content in one file."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, rows: Sequence[FecRow]) -> str:
        key = content_key(rows)
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        return key if n == 1 else f"{key}#{n}"
