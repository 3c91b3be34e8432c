"""The entry fingerprint is canonical JSON of the accounting content, as ledgers store it."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)
amounts = st.integers(min_value=-(10**12), max_value=10**12).map(lambda c: Decimal(c).scaleb(-2))
days = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    lines = tuple(
        EntryLine(
            account=draw(text),
            label=draw(text),
            debit=draw(amounts),
            credit=draw(amounts),
            aux_account=draw(text),
            currency_amount=draw(st.none() | amounts),
            currency=draw(text),
            date=draw(days),
            piece_ref=draw(st.none() | text),
        )
        for _ in range(draw(st.integers(1, 4)))
    )
    documents = tuple(
        Document(draw(text), "f.pdf", sha256=draw(st.sampled_from(["", "ab" * 32])))
        for _ in range(draw(st.integers(0, 2)))
    )
    return Entry(
        source_id="X",
        journal=Journal(draw(st.sampled_from(["VT", "ac", "BQ"]))),
        date=draw(days),
        piece_ref=draw(text),
        label=draw(text),
        lines=lines,
        number=draw(text),
        piece_date=draw(days),
        documents=documents,
    )


def reference_fingerprint(entry: Entry) -> str:
    """sha256 of ``json.dumps(content, sort_keys=True, ensure_ascii=False)``; lines' own dates
    and piece references (key ``ld``) only when a line has one."""
    payload: dict[str, object] = {
        "j": entry.journal.code,
        "d": entry.date.isoformat() if entry.date else None,
        "p": entry.piece_ref,
        "pd": entry.piece_date.isoformat() if entry.piece_date else None,
        "l": entry.label,
        "n": entry.number,
        "lines": [
            [
                ln.account,
                ln.aux_account,
                ln.label,
                str(ln.debit),
                str(ln.credit),
                None if ln.currency_amount is None else str(ln.currency_amount),
                ln.currency,
            ]
            for ln in entry.lines
        ],
        "docs": sorted(d.sha256 or d.source_id for d in entry.documents),
    }
    if any(ln.date is not None or ln.piece_ref is not None for ln in entry.lines):
        payload["ld"] = [
            [ln.date.isoformat() if ln.date else None, ln.piece_ref] for ln in entry.lines
        ]
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


@given(entries())
def test_fingerprint_is_the_canonical_json_of_the_content(entry: Entry) -> None:
    assert entry.fingerprint() == reference_fingerprint(entry)


def test_a_changed_amount_changes_the_fingerprint() -> None:
    line = EntryLine("411000", "Vente", debit=Decimal("12.00"))
    entry = Entry("A1", Journal("VT"), date(2026, 1, 2), "F1", "Vente", (line,))
    changed = entry._replace(lines=(line._replace(debit=Decimal("12.01")),))
    assert entry.fingerprint() != changed.fingerprint()
    assert entry.fingerprint() == entry._replace(source_id="other").fingerprint()
