"""FEC field values: amounts in cents, dates, Sens, header matching, file names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.fec import columns as C
from meg_inqom_desktop.domain.fec.fields import (
    MAX_CENTS,
    FieldError,
    format_cents,
    format_date,
    parse_amount,
    parse_date,
    parse_sens,
)
from meg_inqom_desktop.domain.fec.naming import fec_filename, parse_fec_name


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234,56", 123456),
        ("0,00", 0),
        ("", 0),
        ("   ", 0),
        ("-12,5", -1250),
        ("12,50-", -1250),
        ("+3", 300),
        ("3,", 300),
        ("0000000069,60", 6960),
        ("  7,00  ", 700),
        ("- 7,00", -700),
        (",5", 50),
        ("1,230", 123),
        ("12", 1200),
    ],
)
def test_amounts_as_real_files_write_them(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("12.50", "amount_decimal_point"),
        ("1 234,56", "amount_thousands_separator"),
        ("1\u00a0234,56", "amount_thousands_separator"),
        ("1.234,56", "amount_thousands_separator"),
        ("abc", "amount_invalid"),
        ("12,3a", "amount_invalid"),
        ("1,234", "amount_sub_cent"),
        ("--1", "amount_invalid"),
    ],
)
def test_amounts_the_dgfip_refuses(text: str, rule: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_amount(text)
    assert caught.value.rule == rule
    assert text.strip() in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "99999999999999999999999999999,99",  # 29 digits of euros
        "10000000000000,00",  # one cent beyond the bound
        "-10000000000000,00",
        "0000000000010000000000000,00",  # zero-padded: the padding does not count
        "9" * 5000 + ",00",  # beyond what int() reads at once: refused before parsing
    ],
)
def test_amounts_too_large_for_the_ledger(text: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_amount(text)
    assert caught.value.rule == "amount_too_large"
    assert "9999999999999,99" in caught.value.message
    assert len(caught.value.message) < 300


def test_the_largest_amount_and_its_zero_padded_form_are_read() -> None:
    assert parse_amount("9999999999999,99") == MAX_CENTS
    assert parse_amount("-00009999999999999,99") == -MAX_CENTS


@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_written_amounts_read_back(cents: int) -> None:
    text = format_cents(cents)
    assert "." not in text and " " not in text
    assert parse_amount(text) == cents


def test_dates() -> None:
    assert parse_date("20230131") == date(2023, 1, 31)
    assert parse_date(" 20230131 ") == date(2023, 1, 31)
    assert format_date(date(2050, 9, 30)) == "20500930"
    assert format_date(None) == ""
    for bad, rule in (
        ("20230230", "date_invalid"),
        ("2023-01-31", "date_invalid"),
        ("", "date_missing"),
    ):
        with pytest.raises(FieldError) as caught:
            parse_date(bad)
        assert caught.value.rule == rule


def test_sens() -> None:
    assert [parse_sens(s) for s in ("D", "c", "+1", "-1", " C ")] == [1, -1, 1, -1, -1]
    with pytest.raises(FieldError) as caught:
        parse_sens("X")
    assert caught.value.rule == "sens_invalid"


def test_header_names_match_without_case_accents_or_spaces() -> None:
    assert C.normalise_name(" Débit ") == "debit"
    assert C.normalise_name("\ufeffJournalCode") == "journalcode"
    names = list(C.COLUMNS_18)
    names[5] = "CompteLIB"
    names[16] = "MontantDevise"
    names[11] = " Débit "
    layout, problems = C.match_header(names)
    assert problems == []
    assert layout.index[C.COMPTE_LIB] == 5 and layout.index[C.DEBIT] == 11
    assert layout.regime is C.Regime.BIC_IS and layout.amount_mode is C.AmountMode.DEBIT_CREDIT
    assert ("MontantDevise", "Montantdevise") in layout.respelled


def test_layouts_21_22_and_montant_sens() -> None:
    ba, _ = C.match_header([*C.COLUMNS_18, *C.COLUMNS_BA_EXTRA])
    bnc, _ = C.match_header([*C.COLUMNS_18, *C.COLUMNS_BNC_EXTRA])
    assert (ba.regime, ba.width) == (C.Regime.BA_CASH, 21)
    assert (bnc.regime, bnc.width) == (C.Regime.BNC_CASH, 22)
    names = [n for n in C.COLUMNS_18 if n not in (C.DEBIT, C.CREDIT)] + ["Montant", "Sens"]
    ms, problems = C.match_header(names)
    assert problems == [] and ms.amount_mode is C.AmountMode.MONTANT_SENS


def test_missing_and_unknown_columns_are_named() -> None:
    names = [n for n in C.COLUMNS_18 if n != C.PIECE_REF] + ["Bidule"]
    _layout, problems = C.match_header(names)
    rules = {(p.rule, p.column) for p in problems}
    assert ("missing_column", C.PIECE_REF) in rules
    assert ("unknown_column", "Bidule") in rules


def test_file_names() -> None:
    good = parse_fec_name("123456789FEC20500930.txt")
    assert (good.siren, good.closing, good.problem) == ("123456789", date(2050, 9, 30), None)
    upper = parse_fec_name("111111111FEC20221231.TXT")
    assert upper.problem is None and upper.closing == date(2022, 12, 31)
    ten = parse_fec_name("0000000001FEC20220831.txt")
    assert ten.closing == date(2022, 8, 31) and "10 chiffres" in (ten.problem or "")
    assert parse_fec_name("export.csv").problem
    assert parse_fec_name("123456789FEC20230230.txt").problem
    assert "majuscules" in (parse_fec_name("123456789fec20231231.txt").problem or "")
    assert fec_filename("732829320", date(2026, 12, 31)) == "732829320FEC20261231.txt"
