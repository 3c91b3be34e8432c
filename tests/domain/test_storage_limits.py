"""Values the ledger, a FEC file or Inqom cannot hold: refused first, with their reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.validation import (
    MAX_AMOUNT,
    TEXT_LIMITS,
    Reason,
    storage_problems,
    validate_entry,
)


def entry(amount: str = "120.00", **changes: object) -> Entry:
    value = Decimal(amount)
    base = Entry(
        "meg-1",
        Journal("VT"),
        date(2026, 3, 1),
        "F1",
        "Vente",
        (EntryLine("411000", "Vente", debit=value), EntryLine("706000", "Vente", credit=value)),
    )
    return base._replace(**changes)  # type: ignore[arg-type]


def test_the_issue_amount_is_refused_before_any_sum() -> None:
    huge = "99999999999999999999999999999.99"  # 31 digits: beyond Decimal's 28 for sums
    problems = validate_entry(entry(huge))
    assert [(p.code, p.line) for p in problems] == [
        (Reason.AMOUNT_TOO_LARGE, 1),
        (Reason.AMOUNT_TOO_LARGE, 2),
    ]
    assert str(problems[0]).startswith(
        f"ligne 1 : Montant {huge} hors limites (au plus 9\u202f999\u202f999"
    )


def test_a_million_digit_amount_costs_nothing_to_refuse() -> None:
    problems = validate_entry(entry("9" * 1_000_000 + ".00"))
    assert {p.code for p in problems} == {Reason.AMOUNT_TOO_LARGE}
    assert len(str(problems[0])) < 200


def test_the_largest_amount_passes_and_a_cent_more_does_not() -> None:
    assert validate_entry(entry(str(MAX_AMOUNT))) == []
    assert {p.code for p in validate_entry(entry(str(MAX_AMOUNT + Decimal("0.01"))))} == {
        Reason.AMOUNT_TOO_LARGE
    }


def test_a_total_beyond_the_limit_is_refused() -> None:
    half = MAX_AMOUNT / 2 + 1
    debit, credit = EntryLine("411000", "x", debit=half), EntryLine("706000", "x", credit=half)
    lines = (debit, debit, credit, credit)
    assert [p.code for p in storage_problems(entry(lines=lines))] == [Reason.AMOUNT_TOO_LARGE]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"date": date(1, 1, 1)}, Reason.DATE_OUT_OF_RANGE),
        ({"piece_date": date(9999, 12, 31)}, Reason.DATE_OUT_OF_RANGE),
        ({"validation_date": date(1899, 12, 31)}, Reason.DATE_OUT_OF_RANGE),
        ({"label": "L" * 256}, Reason.TEXT_TOO_LONG),
        ({"piece_ref": "P" * 256}, Reason.TEXT_TOO_LONG),
        ({"source_id": "i" * 201}, Reason.TEXT_TOO_LONG),
        ({"label": "a\x00b"}, Reason.BAD_CHARACTER),
        ({"label": "a\ud800b"}, Reason.BAD_CHARACTER),
        ({"journal": Journal("VT", "J" * 101)}, Reason.TEXT_TOO_LONG),
        ({"documents": (Document("d", "f.pdf", "text/html"),)}, Reason.PIECE_TYPE),
        ({"documents": (Document("d", "f" * 256, "application/pdf"),)}, Reason.TEXT_TOO_LONG),
    ],
)
def test_each_value_out_of_bounds_has_its_reason(changes: dict[str, object], code: str) -> None:
    assert [p.code for p in validate_entry(entry(**changes))] == [code]


def test_a_line_text_out_of_bounds_names_its_line() -> None:
    lines = (
        EntryLine("411000", "Vente", debit=Decimal(1), aux_account="A" * 20),
        EntryLine("706000", "x" * 300, credit=Decimal(1)),
    )
    problems = validate_entry(entry(lines=lines))
    assert [(p.code, p.line) for p in problems] == [
        (Reason.TEXT_TOO_LONG, 1),
        (Reason.TEXT_TOO_LONG, 2),
    ]
    assert str(problems[0]) == "ligne 1 : Compte auxiliaire trop long (20 caractères, au plus 19)."


@given(st.text(max_size=TEXT_LIMITS["label"]).filter(lambda t: "\x00" not in t))
def test_labels_within_the_limit_pass(label: str) -> None:
    problems = [p for p in storage_problems(entry(label=label)) if p.code != Reason.BAD_CHARACTER]
    assert problems == []
