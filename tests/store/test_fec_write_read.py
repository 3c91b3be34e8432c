"""Property: entries written as a FEC file and read back are the same entries."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.fec.convert import rows_to_entry
from meg_inqom_desktop.domain.fec.writer import HEADER, Numbering, entry_lines
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.money import from_cents
from meg_inqom_desktop.store.fec.check import check_fec

# what a FEC field can hold once written: no separator, no line end, no outer spaces
field_text = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\t|"),
        min_size=1,
        max_size=15,
    )
    .map(str.strip)
    .filter(bool)
)
accounts = st.from_regex(r"[1-7][0-9]{2,7}[A-Z]{0,3}", fullmatch=True)
amounts = st.integers(min_value=1, max_value=10**11)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    debits = draw(st.lists(amounts, min_size=1, max_size=4))
    label = draw(field_text)
    lines = [
        EntryLine(draw(accounts), draw(field_text), debit=from_cents(d), account_label=label)
        for d in debits
    ]
    lines.append(
        EntryLine(
            draw(accounts),
            label,
            credit=from_cents(sum(debits)),
            account_label=draw(field_text),
            aux_account=draw(field_text),
        )
    )
    day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)))
    return Entry(
        source_id="x",
        journal=Journal(draw(st.sampled_from(["VT", "AC", "BQ", "NDF", "OD"]))),
        date=day,
        piece_ref=draw(field_text),
        label=label,
        lines=tuple(lines),
        piece_date=day,
        validation_date=day,
    )


def comparable(entry: Entry) -> tuple[object, ...]:
    return (
        entry.journal.code,
        entry.date,
        entry.piece_ref,
        tuple(
            (ln.account, ln.label, ln.debit, ln.credit, ln.account_label, ln.aux_account)
            for ln in entry.lines
        ),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), min_size=1, max_size=6))
def test_write_then_read_gives_back_the_same_entries(written: list[Entry]) -> None:
    numbering = Numbering()
    text = [HEADER]
    for entry in written:
        text.extend(entry_lines(entry, numbering(entry.journal.code)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "732829320FEC20241231.txt"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        scan = check_fec(path)
        report = scan.report
        assert (report.errors, report.alerts) == (0, 0), report.findings[:3]
        read = [rows_to_entry(rows, "x") for _k, rows in scan.entries()]
    assert sorted(map(comparable, read), key=repr) == sorted(map(comparable, written), key=repr)
    assert all(e.total_debit == e.total_credit > Decimal(0) for e in read)
