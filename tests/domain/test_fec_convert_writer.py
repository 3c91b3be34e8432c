"""FEC lines to domain entries (source id, fingerprint) and the lines we write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.fec.convert import SourceIds, identity, rows_to_entry
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


@given(fec_rows())
def test_fast_fingerprint_is_exactly_the_entry_fingerprint(rows: list[FecRow]) -> None:
    key, fingerprint = identity(rows)
    entry = rows_to_entry(rows, key)
    assert entry.fingerprint() == fingerprint
    assert entry.provenance == FEC_IMPORT


def _row(number: str, debit: int, day: date = date(2023, 1, 5)) -> FecRow:
    return FecRow(
        2, "VT", "Ventes", number, day, "411000", "Clients", "", "", "F1", None, "Vente", debit, 0
    )


def test_source_id_ignores_the_number_and_suffixes_repeats() -> None:
    a, b = [_row("1", 100)], [_row("77", 100)]
    assert identity(a)[0] == identity(b)[0]
    assert identity(a)[1] != identity(b)[1]  # the fingerprint keeps the number
    assert identity(a)[0].startswith("VT:20230105:")
    ids = SourceIds()
    first, second, other = ids(a)[0], ids(b)[0], ids([_row("2", 101)])[0]
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
