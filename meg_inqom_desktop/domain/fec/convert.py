"""FEC lines -> domain :class:`Entry` objects, with a stable ``source_id`` and a fast fingerprint.

The ``source_id`` of an imported entry is its journal and a digest of its accounting content
(date, piece reference, accounts, labels, amounts) — not its EcritureNum, which another
software renumbers on export — so importing the same entries again is a no-op. Two identical
entries in one file get ``#2``, ``#3``... suffixes in file order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from json.encoder import encode_basestring as _enc

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


def _lines_json(rows: Sequence[FecRow]) -> str:
    """The ``"lines"`` array of :meth:`Entry.fingerprint`'s JSON (C string encoder)."""
    parts = []
    for r in rows:
        d, c, ca = r.debit, r.credit, r.currency_amount
        parts.append(
            f"[{_enc(r.account)}, {_enc(r.aux_account)}, {_enc(r.label)}, "
            f'"{"-" if d < 0 else ""}{abs(d) // 100}.{abs(d) % 100:02d}", '
            f'"{"-" if c < 0 else ""}{abs(c) // 100}.{abs(c) % 100:02d}", '
            f"{_enc(cents_text(ca)) if ca is not None else 'null'}, {_enc(r.currency)}]"
        )
    return "[" + ", ".join(parts) + "]"


def identity(rows: Sequence[FecRow]) -> tuple[str, str]:
    """(content key, fingerprint) of an entry's rows.

    The fingerprint is exactly ``rows_to_entry(rows, ...).fingerprint()`` (same JSON, same
    sha256) without building Decimals. The content key (the ``source_id`` before any ``#n``
    suffix) is ``JOURNAL:AAAAMMJJ:digest`` where the digest covers the same content minus the
    EcritureNum, plus each line's own date and piece reference when they differ from the
    entry's.
    """
    first = rows[0]
    journal = first.journal_code.strip().upper()
    day = first.date.isoformat()
    lines = _lines_json(rows)
    pd = f'"{first.piece_date.isoformat()}"' if first.piece_date else "null"
    head = f'{{"d": "{day}", "docs": [], "j": {_enc(journal)}, "l": {_enc(first.label)}, '
    tail = f', "p": {_enc(first.piece_ref)}, "pd": {pd}}}'
    fp_json = f'{head}"lines": {lines}, "n": {_enc(first.number)}{tail}'
    fingerprint = hashlib.sha256(fp_json.encode()).hexdigest()
    key_text = f"{head}{lines}{tail}"
    if any(r.date != first.date or r.piece_ref != first.piece_ref for r in rows):
        key_text += "".join(f"|{r.date.isoformat()}|{r.piece_ref}" for r in rows)
    digest = hashlib.blake2b(key_text.encode(), digest_size=12).hexdigest()
    return f"{journal}:{day.replace('-', '')}:{digest}", fingerprint


def content_key(rows: Sequence[FecRow]) -> str:
    """The content part of a ``source_id`` (see :func:`identity`)."""
    return identity(rows)[0]


def rows_fingerprint(rows: Sequence[FecRow]) -> str:
    """:meth:`Entry.fingerprint` of :func:`rows_to_entry` of ``rows``."""
    return identity(rows)[1]


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
    """Hands out ``(source_id, fingerprint)``, suffixing repeats of identical content."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, rows: Sequence[FecRow]) -> tuple[str, str]:
        key, fp = identity(rows)
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        return (key if n == 1 else f"{key}#{n}"), fp
