"""Entry validation: stable reason codes, French messages, line numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Entry, EntryLine, FiscalYear
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.money import from_cents
from meg_inqom_desktop.domain.validation import Reason, is_pcg_account, validate_entry


def entry(*lines: EntryLine, day: date | None = date(2026, 3, 1), piece: str = "F1") -> Entry:
    return Entry("s", Journal("VT"), day, piece, "Vente", tuple(lines))


D = EntryLine("411000", "Vente", debit=Decimal("120.00"))
C = EntryLine("706000", "Vente", credit=Decimal("120.00"))


def codes(e: Entry, fy: FiscalYear | None = None) -> set[str]:
    return {p.code for p in validate_entry(e, fy)}


def test_a_balanced_entry_passes() -> None:
    assert validate_entry(entry(D, C), FiscalYear.calendar(2026)) == []


def test_each_reason() -> None:
    assert codes(entry()) == {Reason.NO_LINES}
    assert Reason.UNBALANCED in codes(entry(D))
    both = EntryLine("411000", "x", debit=Decimal(1), credit=Decimal(1))
    assert Reason.BOTH_SIDES in codes(entry(both))
    assert Reason.NO_SIDE in codes(entry(EntryLine("411000", "x"), D, C))
    assert Reason.NEGATIVE in codes(entry(EntryLine("411000", "x", debit=Decimal(-1))))
    assert Reason.BAD_ACCOUNT in codes(entry(EntryLine("901000", "x", debit=Decimal(120)), C))
    assert Reason.NO_DATE in codes(entry(D, C, day=None))
    assert Reason.OUTSIDE_YEAR in codes(entry(D, C), FiscalYear.calendar(2025))
    assert Reason.NO_PIECE_REF in codes(entry(D, C, piece="  "))
    usd = EntryLine("706000", "x", credit=Decimal(120), currency="USD")
    assert Reason.NO_CURRENCY_AMOUNT in codes(entry(D, usd))


def test_messages_are_french_with_line_numbers() -> None:
    problems = validate_entry(entry(D, EntryLine("ABC", "x", credit=Decimal("100.00"))))
    bad = next(p for p in problems if p.code == Reason.BAD_ACCOUNT)
    assert bad.line == 2 and "PCG" in bad.message and str(bad).startswith("ligne 2")
    unbalanced = next(p for p in problems if p.code == Reason.UNBALANCED)
    assert "120,00" in unbalanced.message and "100,00" in unbalanced.message


def test_pcg_accounts() -> None:
    assert all(is_pcg_account(a) for a in ("101300", "411", "401DUPONT", "7060000"))
    assert not any(is_pcg_account(a) for a in ("", "8", "41", "901000", "0411"))


@given(st.lists(st.integers(min_value=1, max_value=10**10), min_size=1, max_size=8))
def test_any_entry_balanced_by_construction_passes(amounts: list[int]) -> None:
    lines = [EntryLine("607000", "achat", debit=from_cents(a)) for a in amounts]
    lines.append(EntryLine("401000", "achat", credit=from_cents(sum(amounts))))
    assert validate_entry(entry(*lines)) == []


@given(
    st.lists(st.integers(min_value=1, max_value=10**10), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=10**6),
)
def test_any_gap_is_refused(amounts: list[int], gap: int) -> None:
    lines = [EntryLine("607000", "achat", debit=from_cents(a)) for a in amounts]
    lines.append(EntryLine("401000", "achat", credit=from_cents(sum(amounts) + gap)))
    assert Reason.UNBALANCED in codes(entry(*lines))
