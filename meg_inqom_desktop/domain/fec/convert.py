"""FEC lines -> domain :class:`Entry` objects, with a stable ``source_id``.

The ``source_id`` of an imported entry is its journal, its date and a digest of its accounting
content (date, piece reference, accounts, labels, amounts): not its EcritureNum, which another
software renumbers on export, so importing the same entries again is a no-op. Two identical
entries in one file get ``#2``, ``#3``... suffixes in file order. The fingerprint is the one of
every entry, :meth:`Entry.fingerprint`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import FEC_IMPORT

_JOURNALS: dict[tuple[str, str], Journal] = {}


def _journal(code: str, label: str) -> Journal:
    journal = _JOURNALS.get((code, label))
    if journal is None:
        journal = Journal(code, label, fill_label=False)  # an empty JournalLib stays empty
        if len(_JOURNALS) < 10_000:
            _JOURNALS[(code, label)] = journal
    return journal


def _amount(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def rows_to_entry(rows: Sequence[FecRow], source_id: str = "") -> Entry:
    """One domain entry from its FEC lines (entry fields from the first line; a line whose
    date or piece reference differs from the first line's keeps its own)."""
    first = rows[0]
    day, piece = first.date, first.piece_ref
    lines = tuple(
        [
            EntryLine(
                r.account,
                r.label,
                _amount(r.debit),
                _amount(r.credit),
                r.account_lib,
                r.aux_account,
                r.aux_label,
                r.lettering,
                r.lettering_date,
                None if r.currency_amount is None else _amount(r.currency_amount),
                r.currency,
                str(r.line_no),
                None if r.date == day else r.date,
                None if r.piece_ref == piece else r.piece_ref,
            )
            for r in rows
        ]
    )
    return Entry(
        source_id,
        _journal(first.journal_code, first.journal_lib),
        day,
        piece,
        first.label,
        lines,
        FEC_IMPORT,
        first.number,
        first.piece_date,
        first.validation_date,
    )


def content_key(entry: Entry) -> str:
    """``JOURNAL:AAAAMMJJ:digest``: the digest covers the entry's content without its number,
    plus each line's own date and piece reference when it has them."""
    head, lines, tail = entry.content_json()
    text = f"{head}{lines}{tail}"
    if entry.has_line_overrides:
        day, piece = entry.date, entry.piece_ref
        for ln in entry.lines:
            own = ln.date or day
            text += f"|{own.isoformat() if own else ''}|"
            text += piece if ln.piece_ref is None else ln.piece_ref
    digest = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
    day_text = entry.date.strftime("%Y%m%d") if entry.date else ""
    return f"{entry.journal.code}:{day_text}:{digest}"


class SourceIds:
    """Gives each entry of a file its ``source_id``, suffixing repeats of identical content."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def entry(self, rows: Sequence[FecRow]) -> Entry:
        """The entry of ``rows`` with its source id."""
        entry = rows_to_entry(rows)
        key = content_key(entry)
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        return entry._replace(source_id=key if n == 1 else f"{key}#{n}")
