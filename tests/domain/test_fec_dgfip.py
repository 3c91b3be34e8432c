"""What Test Compta Demat reads differently from our tolerant reader: file names, line ends and
header names, dates, the regime's required columns and fields."""

from __future__ import annotations

from datetime import date

import pytest

from meg_inqom_desktop.domain.fec import columns as C
from meg_inqom_desktop.domain.fec import dgfip
from meg_inqom_desktop.domain.fec.fields import FieldError, parse_sens
from meg_inqom_desktop.domain.fec.naming import parse_fec_name
from meg_inqom_desktop.domain.fec.regime import BIC, Activity, FecRegime, regime_of_layout
from meg_inqom_desktop.domain.fec.report import FecReport, Severity
from meg_inqom_desktop.domain.fec.rows import make_row_parser

HEADER = "\t".join(C.COLUMNS_18)


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("732829320FEC20231231.txt", True),
        ("0000000001FEC20220831.txt", True),  # 10 digits: it only wants something before FEC
        ("732829320fec20231231.txt", True),  # case ignored
        ("732829320FEC20231231_v2.txt", True),  # nothing required after the date
        ("ABCFEC20231231.txt", True),
        ("FEC20231231.txt", False),  # no SIREN
        ("732829320FEC19991231.txt", False),  # its pattern wants 20AA
        ("732829320FEC2023123.txt", False),
        ("export.csv", False),
    ],
)
def test_file_names_it_accepts(name: str, accepted: bool) -> None:
    assert dgfip.name_accepted(name) is accepted
    assert parse_fec_name(name).dgfip_accepted is accepted


def test_a_ten_digit_siren_is_our_remark_not_its_error() -> None:
    name = parse_fec_name("0000000001FEC20220831.txt")
    assert name.dgfip_accepted and name.problem and "10 chiffres" in name.problem
    assert name.closing == date(2022, 8, 31)


@pytest.mark.parametrize(
    ("head", "end"),
    [
        (b"a\nb\r\n", b"\r\n"),
        (b"a\rb\r", b"\r"),
        (b"a\nb\n", b"\n"),
        (b"x" * 5000 + b"\r\n", b"\n"),
    ],
)
def test_record_end_from_the_first_4096_bytes(head: bytes, end: bytes) -> None:
    assert dgfip.record_end(head) == end


def test_header_with_cr_cr_lf_hides_the_last_column() -> None:
    head = (HEADER + "\r\r\nVT\t...\r\r\n").encode()
    header = dgfip.read_header(head)
    assert header.separator == "\t" and header.trailing_cr
    assert header.names[-1] == "Idevise_" and C.IDEVISE not in header.columns
    assert set(header.columns) == set(C.COLUMNS_18) - {C.IDEVISE}
    message = dgfip.missing_column_message(C.IDEVISE, header, readable=True)
    assert "CR CR LF" in message and "CRLF ou LF" in message


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_header_with_plain_line_ends_is_whole(end: bytes) -> None:
    header = dgfip.read_header(b"\xef\xbb\xbf" + HEADER.encode() + end + b"VT" + end)
    assert set(header.columns) == set(C.COLUMNS_18) and header.width == 18
    assert not header.trailing_cr and not header.glued


def test_header_names_as_it_compares_them() -> None:
    names = list(C.COLUMNS_18)
    names[11], names[12] = "Débit", "Crédit"  # é/è read as e
    names[16] = "MONTANTDEVISE"  # case ignored
    names[4] = "Compte Num"  # a space inside is not
    header = dgfip.read_header((" \t ".join(names) + "\n").encode())  # spaces around: removed
    assert C.DEBIT in header.columns and C.CREDIT in header.columns
    assert C.MONTANT_DEVISE in header.columns
    assert C.COMPTE_NUM not in header.columns and "Compte_Num" in header.names
    message = dgfip.missing_column_message(C.COMPTE_NUM, header, readable=True)
    assert "Renommez-la « CompteNum »" in message


def test_trailing_separator_adds_one_expected_field() -> None:
    header = dgfip.read_header((HEADER.replace("\t", "|") + "|\n").encode())
    assert header.separator == "|" and header.width == 19 and header.names[-1] == "ZFICTIFZ"


def test_separator_needs_nine_fields() -> None:
    assert dgfip.read_header(b"a;b;c;d;e;f;g;h;i;j\n").separator == ""
    assert dgfip.read_header(b"a\tb\tc\n").separator == ""


@pytest.mark.parametrize(
    ("text", "verdict", "day", "legal"),
    [
        ("20230131", dgfip.DATE_OK, date(2023, 1, 31), True),
        ("2023-01-31", dgfip.DATE_OK, date(2023, 1, 31), False),
        ("31/01/2023", dgfip.DATE_OK, date(2023, 1, 31), False),
        ("2023-01-31T10:00:00", dgfip.DATE_OK, date(2023, 1, 31), False),
        ("20230230", dgfip.DATE_OK, None, True),  # its pattern passes; no such day
        ("20231331", dgfip.DATE_ERROR, None, True),
        ("20230132", dgfip.DATE_ERROR, None, True),
        ("18991231", dgfip.DATE_ALERT, date(1899, 12, 31), True),
        ("21000101", dgfip.DATE_ALERT, date(2100, 1, 1), True),
        ("00000000", dgfip.DATE_EMPTY, None, True),
        ("", dgfip.DATE_EMPTY, None, True),
        ("janvier", dgfip.DATE_ERROR, None, True),
    ],
)
def test_dates_as_it_judges_them(text: str, verdict: str, day: date | None, legal: bool) -> None:
    reading = dgfip.read_date(text)
    assert (reading.verdict, reading.day) == (verdict, day)
    if verdict in (dgfip.DATE_OK, dgfip.DATE_ALERT):
        assert reading.legal_form is legal


def test_sens_one_alone_is_refused() -> None:
    with pytest.raises(FieldError):
        parse_sens("1")


def test_regimes() -> None:
    bnc_cash = FecRegime(Activity.BNC, cash=True)
    assert bnc_cash.layout is C.Regime.BNC_CASH and "22 colonnes" in bnc_cash.label
    assert C.VALID_DATE not in bnc_cash.not_empty and C.VALID_DATE in BIC.not_empty
    ba_cash = FecRegime(Activity.BA, cash=True)
    assert ba_cash.required_columns(C.AmountMode.DEBIT_CREDIT)[-3:] == C.COLUMNS_BA_EXTRA
    ms = BIC.required_columns(C.AmountMode.MONTANT_SENS)
    assert C.MONTANT in ms and C.DEBIT not in ms and len(ms) == 18
    assert "droit commercial" in FecRegime(Activity.BA).label
    assert regime_of_layout(C.Regime.BNC_CASH) == bnc_cash
    with pytest.raises(ValueError, match="engagement"):
        FecRegime(Activity.BIC, cash=True)


def row(**change: str) -> list[str]:
    values = dict.fromkeys(C.COLUMNS_18, "")
    values.update(
        JournalCode="VT",
        JournalLib="Ventes",
        EcritureNum="1",
        EcritureDate="20230115",
        CompteNum="411000",
        CompteLib="Clients",
        PieceRef="F1",
        PieceDate="20230115",
        EcritureLib="Vente",
        Debit="10,00",
        Credit="0,00",
        ValidDate="20230131",
    )
    values.update(change)
    return [values[c] for c in C.COLUMNS_18]


def parse(fields: list[str], regime: FecRegime = BIC) -> tuple[FecReport, bool]:
    report = FecReport("t.txt")
    layout, _ = C.match_header(list(C.COLUMNS_18))
    parsed = make_row_parser(layout, report, regime)(fields, 2)
    return report, parsed is not None


def test_empty_fields_counted_by_regime_and_kept_when_readable() -> None:
    report, readable = parse(row(EcritureNum="", CompteNum=""))
    assert readable and report.errors == 2 and report.counts["empty_mandatory"] == 2
    assert not report.rejected_lines  # the import can do without them
    report, readable = parse(row(EcritureNum=""), FecRegime(Activity.BNC, cash=True))
    assert readable and report.errors == 1
    report, readable = parse(row(PieceRef=""), FecRegime(Activity.BNC, cash=True))
    assert readable and report.counts == {}  # allowed empty there, and the import keeps it
    report, readable = parse(row(JournalCode=""), FecRegime(Activity.BNC, cash=True))
    assert not readable and report.errors == 0  # allowed empty there, but needed to import
    assert [f.rule for f in report.findings] == ["empty_field"]
    assert report.findings[0].severity is Severity.CHECK and report.rejected_lines == {2}


def test_date_forms_it_accepts_are_read_and_remarked() -> None:
    report, readable = parse(row(PieceDate="15/01/2023"))
    assert readable and report.errors == 0 and report.counts["date_format"] == 1
    report, readable = parse(row(EcritureDate="20230230"))
    assert not readable and report.counts["date_invalid"] == 1
    report, readable = parse(row(DateLet="00000000"))  # zeros: empty, and DateLet may be
    assert readable and report.counts == {}


def test_sub_cent_amount_is_ours_not_its() -> None:
    report, readable = parse(row(Debit="10,005"))
    assert not readable and report.errors == 0 and report.counts["amount_sub_cent"] == 1


def test_alerts_still_counted_on_a_line_set_aside() -> None:
    report, readable = parse(row(CompteNum="ABC", Debit="1.50"))
    assert not readable
    assert (report.counts["account_prefix"], report.counts["amount_decimal_point"]) == (1, 1)
