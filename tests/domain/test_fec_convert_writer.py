"""FEC lines to domain entries (source id, fingerprint) and the lines we write."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.fec.convert import SourceIds, content_key, rows_to_entry
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.domain.fec.writer import HEADER, Numbering, clean, entry_lines, format_line
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import FEC_IMPORT

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
cents = st.integers(min_value=0, max_value=10**11)


@st.composite
def fec_rows(draw: st.DrawFn) -> list[FecRow]:
    n = draw(st.integers(min_value=1, max_value=4))
    day = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
    head = {
        "journal_code": draw(st.sampled_from(["VT", "ac", "BQ "])),
        "journal_lib": draw(text),
        "number": draw(text),
        "piece_ref": draw(text),
        "piece_date": draw(st.none() | st.just(day)),
        "validation_date": draw(st.none() | st.just(day)),
    }
    rows = []
    for i in range(n):
        rows.append(
            FecRow(
                line_no=i + 2,
                date=day,
                account=draw(text),
                account_lib=draw(text),
                aux_account=draw(text),
                aux_label=draw(text),
                label=draw(text),
                debit=draw(cents),
                credit=draw(cents),
                currency_amount=draw(st.none() | st.integers(-(10**9), 10**9)),
                currency=draw(text),
                **head,
            )
        )
    return rows


def _reference_key(rows: list[FecRow]) -> str:
    """The content key as ledgers already store it: canonical JSON of the content without
    the number (plus each line's date and piece reference when they differ), blake2b-96."""
    first = rows[0]
    journal = first.journal_code.strip().upper()

    def amount(cents: int) -> str:
        return str(Decimal(cents).scaleb(-2))

    payload = {
        "d": first.date.isoformat(),
        "docs": [],
        "j": journal,
        "l": first.label,
        "p": first.piece_ref,
        "pd": first.piece_date.isoformat() if first.piece_date else None,
    }
    lines = [
        [
            r.account,
            r.aux_account,
            r.label,
            amount(r.debit),
            amount(r.credit),
            None if r.currency_amount is None else amount(r.currency_amount),
            r.currency,
        ]
        for r in rows
    ]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    text = text[:-1]
    head, tail = text.split(', "p": ')
    text = f'{head}, {json.dumps(lines, ensure_ascii=False)}, "p": {tail}}}'
    if any(r.date != first.date or r.piece_ref != first.piece_ref for r in rows):
        text += "".join(f"|{r.date.isoformat()}|{r.piece_ref}" for r in rows)
    digest = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
    return f"{journal}:{first.date.isoformat().replace('-', '')}:{digest}"


@given(fec_rows())
def test_content_keys_are_those_already_stored(rows: list[FecRow]) -> None:
    entry = rows_to_entry(rows)
    assert content_key(entry) == _reference_key(rows)
    assert entry.provenance == FEC_IMPORT


def _row(number: str, debit: int, day: date = date(2023, 1, 5)) -> FecRow:
    return FecRow(
        2, "VT", "Ventes", number, day, "411000", "Clients", "", "", "F1", None, "Vente", debit, 0
    )


def test_source_id_ignores_the_number_and_suffixes_repeats() -> None:
    a, b = rows_to_entry([_row("1", 100)]), rows_to_entry([_row("77", 100)])
    assert content_key(a) == content_key(b)
    assert a.fingerprint() != b.fingerprint()  # the fingerprint keeps the number
    assert content_key(a).startswith("VT:20230105:")
    ids = SourceIds()
    first = ids.entry([_row("1", 100)]).source_id
    second = ids.entry([_row("77", 100)]).source_id
    other = ids.entry([_row("2", 101)]).source_id
    assert second == f"{first}#2" and other != first


def test_rows_to_entry() -> None:
    rows = [_row("3", 100), _row("3", 0)._replace(credit=100, account="706000", line_no=3)]
    entry = rows_to_entry(rows, "sid")
    assert entry.journal == Journal("VT") and entry.number == "3" and entry.is_balanced
    assert entry.lines[1].credit == Decimal("1.00") and entry.lines[1].source_id == "3"


def test_format_line_has_18_fields_and_fills_mandatory_ones() -> None:
    fields = format_line(
        "VT", "", "1", date(2026, 1, 2), "411000", "", "", "", "", None, "a\tb\nc", 12345, 0
    ).split("\t")
    assert len(fields) == len(HEADER.split("\t")) == 18
    assert fields[1] == "VT" and fields[5] == "411000"  # labels default to the codes
    assert fields[8] == "1" and fields[9] == "20260102" and fields[15] == "20260102"
    assert fields[10] == "a b c" and fields[11] == "123,45" and fields[12] == "0,00"
    assert clean(" x\ty ") == "x y"


def test_entry_lines_and_numbering() -> None:
    entry = Entry(
        source_id="s",
        journal=Journal("AC"),
        date=date(2026, 3, 1),
        piece_ref="FA-9",
        label="Achat",
        lines=(
            EntryLine("607000", "Achat", debit=Decimal("10.00")),
            EntryLine(
                "401000",
                "Achat",
                credit=Decimal("10.00"),
                currency_amount=Decimal("11"),
                currency="USD",
            ),
        ),
    )
    numbering = Numbering()
    assert [numbering("AC"), numbering("VT"), numbering("AC")] == ["1", "1", "2"]
    out = [ln.split("\t") for ln in entry_lines(entry, "2")]
    assert [f[2] for f in out] == ["2", "2"]
    assert out[1][12] == "10,00" and out[1][16:] == ["11,00", "USD"]
    assert out[0][16:] == ["", ""]
