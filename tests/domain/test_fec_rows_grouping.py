"""FEC lines through the parser, the checker and the grouper (pure: lists of fields)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from meg_inqom_desktop.domain.fec import columns as C
from meg_inqom_desktop.domain.fec.grouping import (
    JOURNAL_NUM,
    PIECE,
    RUNNING,
    FecChecker,
    Grouper,
    fiscal_year_start,
)
from meg_inqom_desktop.domain.fec.report import FecReport, Severity
from meg_inqom_desktop.domain.fec.rows import FecRow, make_row_parser


def line(
    journal: str = "VT",
    num: str = "1",
    day: str = "20230115",
    account: str = "411000",
    debit: str = "100,00",
    credit: str = "0,00",
    *,
    piece: str = "F1",
    valid: str = "20230131",
    label: str = "Vente",
) -> list[str]:
    return [
        journal,
        "Ventes",
        num,
        day,
        account,
        "Clients",
        "",
        "",
        piece,
        day,
        label,
        debit,
        credit,
        "",
        "",
        valid,
        "",
        "",
    ]


def parse_all(
    lines: Sequence[list[str]], closing: date | None = None, header: Sequence[str] = C.COLUMNS_18
) -> tuple[FecReport, list[FecRow], FecChecker]:
    report = FecReport("t.txt")
    layout, problems = C.match_header(list(header))
    assert not problems
    parse = make_row_parser(layout, report)
    rows = [r for i, f in enumerate(lines, start=2) if (r := parse(list(f), i)) is not None]
    checker = FecChecker(report, closing)
    checker.consume(rows)
    return report, rows, checker


def test_a_good_line_becomes_a_row() -> None:
    report, rows, _ = parse_all([line(debit="0000000069,60")])
    row = rows[0]
    assert (row.line_no, row.journal_code, row.date, row.debit, row.credit) == (
        2,
        "VT",
        date(2023, 1, 15),
        6960,
        0,
    )
    assert row.validation_date == date(2023, 1, 31) and row.piece_date == date(2023, 1, 15)
    assert report.counts == {}


def test_errors_name_line_column_and_rule() -> None:
    bad_amount = line(debit="12.50")
    bad_date = line(day="20230231")
    empty_lib = line()
    empty_lib[1] = ""
    too_short = line()[:-2]
    empty_valid = line(valid="")
    no_journal = line(journal="")
    report, rows, _ = parse_all(
        [bad_amount, bad_date, empty_lib, too_short, empty_valid, no_journal]
    )
    found = {(f.line, f.column, f.rule) for f in report.findings}
    assert (2, "Debit", "amount_decimal_point") in found
    assert (3, "EcritureDate", "date_invalid") in found
    assert (4, "JournalLib", "empty_mandatory") in found
    assert (5, "", "field_count") in found
    assert (6, "ValidDate", "empty_mandatory") in found
    assert (7, "JournalCode", "empty_mandatory") in found
    assert report.errors == 7  # the bad date is in EcritureDate and PieceDate
    # an empty JournalLib or ValidDate only makes the file non-conforming: the line is read
    assert [(r.line_no, r.journal_lib, r.validation_date) for r in rows] == [
        (4, "", date(2023, 1, 31)),
        (6, "Ventes", None),
    ]
    assert report.rejected_lines == {2, 3, 5, 7}
    assert [(f.line, f.rule) for f in report.blocking()] == [
        (2, "amount_decimal_point"),
        (3, "date_invalid"),
        (3, "date_invalid"),
        (5, "field_count"),
        (7, "empty_mandatory"),
    ]
    assert all(f.message for f in report.findings)


def test_alerts_as_test_compta_demat_counts_them() -> None:
    lines = [
        line(account="ABC"),
        line(debit="10,00", credit="10,00"),
        line(debit="0,00", credit="0,00"),
        line(day="18991231"),
    ]
    report, rows, _ = parse_all(lines)
    assert len(rows) == 4  # alerts do not set a line aside
    assert report.counts["account_prefix"] == 1
    assert report.counts["debit_and_credit"] == 1
    assert report.counts["no_amount"] == 1
    assert report.counts["year_range"] == 2  # EcritureDate and PieceDate
    assert report.errors == 0 and report.alerts == 5


def test_trailing_separator_and_negative_amounts() -> None:
    report, rows, _ = parse_all([[*line(debit="-5,00"), ""]])
    assert (rows[0].debit, rows[0].credit) == (0, 500)  # we read the line...
    # ... but Test Compta Demat counts 19 fields under an 18-field header
    assert report.errors == 1 and report.counts["trailing_separator"] == 1
    assert not report.rejected_lines


def test_montant_sens() -> None:
    header = [n for n in C.COLUMNS_18 if n not in (C.DEBIT, C.CREDIT)] + ["Montant", "Sens"]

    def ms(amount: str, sens: str) -> list[str]:
        f = line()
        return [*f[:11], *f[13:], amount, sens]

    report, rows, _ = parse_all(
        [ms("12,00", "D"), ms("12,00", "-1"), ms("1,00", "X")], header=header
    )
    assert [(r.debit, r.credit) for r in rows] == [(1200, 0), (0, 1200)]
    assert report.counts["sens_invalid"] == 1


def test_grouping_by_journal_and_number_with_numbers_restarting_per_journal() -> None:
    lines = [
        line("VT", "1", debit="10,00"),
        line("AC", "1", debit="5,00"),
        line("VT", "1", debit="0,00", credit="10,00"),
        line("AC", "1", debit="0,00", credit="5,00"),
        line("VT", "2", debit="7,00"),
        line("VT", "2", debit="0,00", credit="7,00"),
    ]
    report, rows, checker = parse_all(lines)
    grouping, expected = checker.finish()
    assert grouping.key == JOURNAL_NUM and "recommencent" in grouping.reason
    entries = list(Grouper(grouping.key, expected).run(rows))
    assert [(k, [r.line_no for r in rs]) for k, rs in entries] == [
        (("VT", "1"), [2, 4]),
        (("AC", "1"), [3, 5]),
        (("VT", "2"), [6, 7]),
    ]
    assert report.entries == 3 and report.checks == 0


def test_useless_numbering_groups_by_journal_piece_and_date() -> None:
    lines = [
        line("AC", "0", piece="F1", debit="10,00"),
        line("AC", "0", piece="F2", debit="4,00"),
        line("AC", "0", piece="F1", debit="0,00", credit="10,00"),
        line("AC", "0", piece="F2", day="20230116", debit="0,00", credit="4,00"),
        line("AC", "0", piece="F2", day="20230116", debit="4,00"),
        line("AC", "0", piece="F2", debit="0,00", credit="4,00"),
    ]
    report, rows, checker = parse_all(lines)
    grouping, expected = checker.finish()
    assert grouping.key == PIECE and "« 0 »" in grouping.reason
    assert "les 3 écritures s'équilibrent" in grouping.reason
    groups = list(Grouper(grouping.key, expected).run(rows))
    assert [[r.line_no for r in rs] for _k, rs in groups] == [[2, 4], [5, 6], [3, 7]]
    assert (report.entries, report.unbalanced_entries, report.counts["unbalanced_entry"]) == (
        3,
        0,
        0,
    )


def test_numbers_that_do_not_balance_give_way_to_the_piece_key() -> None:
    lines = [  # one number per line: numbering that does not separate entries
        line("VT", "1", piece="F1", debit="10,00"),
        line("VT", "2", piece="F1", debit="0,00", credit="10,00"),
        line("VT", "3", piece="F2", debit="7,00"),
        line("VT", "4", piece="F2", debit="0,00", credit="7,00"),
    ]
    report, rows, checker = parse_all(lines)
    grouping, expected = checker.finish()
    assert grouping.key == PIECE
    assert grouping.reason.startswith("par journal et numéro, 4 écritures sur 4")
    assert [len(rs) for _k, rs in Grouper(grouping.key, expected).run(rows)] == [2, 2]
    assert report.counts["numbering_gap"] == 0 and report.importable


def test_an_entry_never_spans_two_journals() -> None:
    lines = [  # numbers shared by two journals, each half unbalanced
        line("VT", "1", debit="10,00"),
        line("BQ", "1", debit="0,00", credit="10,00"),
        line("VT", "2", debit="3,00"),
        line("BQ", "2", debit="0,00", credit="3,00"),
    ]
    report, rows, checker = parse_all(lines)
    grouping, expected = checker.finish()
    assert grouping.key == JOURNAL_NUM and "aucune autre clé ne fait mieux" in grouping.reason
    groups = list(Grouper(grouping.key, expected).run(rows))
    assert all(len({r.journal_code for r in rs}) == 1 for _k, rs in groups)
    assert (report.unbalanced_entries, report.unbalanced_lines) == (4, 4)
    assert not report.importable
    assert [f.rule for f in report.blocking()] == ["unbalanced_entry"] * 4


def test_useless_numbering_falls_back_to_running_balance() -> None:
    lines = [  # piece references that cross: only the order of the lines makes entries
        line("ac", "0", piece="A", debit="10,00"),
        line("ac", "0", piece="B", debit="0,00", credit="10,00"),
        line("ac", "0", piece="A", debit="4,00"),
        line("ac", "0", piece="B", debit="0,00", credit="4,00"),
        line("bq", "0", debit="1,00"),  # never balanced
    ]
    report, rows, checker = parse_all(lines)
    grouping, expected = checker.finish()
    assert grouping.key == RUNNING and "« 0 »" in grouping.reason
    assert "3 écritures sur 3 ne s'équilibrent pas" in grouping.reason
    groups = list(Grouper(grouping.key, expected).run(rows))
    assert [len(rs) for _k, rs in groups] == [2, 2, 1]
    assert report.counts["unbalanced_entry"] == 1
    assert (report.unbalanced_entries, report.unbalanced_lines) == (1, 1)
    assert report.counts["journal_case"] == 1


def test_accounting_checks_are_labelled_as_such() -> None:
    lines = [
        line("VT", "1", day="20230301", debit="10,00"),
        line("VT", "1", day="20230301", debit="0,00", credit="9,00"),  # unbalanced
        line("VT", "4", day="20230201", debit="1,00"),  # earlier date, gap 2-3
        line("VT", "4", day="20230201", debit="0,00", credit="1,00"),
        line("VT", "5", day="20240105", debit="2,00"),  # outside the fiscal year
        line("VT", "5", day="20240105", debit="0,00", credit="2,00"),
    ]
    report, _rows, checker = parse_all(lines, closing=date(2023, 12, 31))
    checker.finish()
    assert report.errors == 0 and report.alerts == 0
    assert report.counts["unbalanced_entry"] == 1
    assert report.counts["date_order"] == 1
    assert report.counts["numbering_gap"] == 1
    assert report.counts["outside_fiscal_year"] == 2
    assert report.counts["file_unbalanced"] == 1
    gap = next(f for f in report.findings if f.rule == "numbering_gap")
    assert "2 à 3" in gap.message
    assert all(f.severity is Severity.CHECK for f in report.findings)


def test_fiscal_year_start() -> None:
    assert fiscal_year_start(date(2023, 12, 31)) == date(2023, 1, 1)
    assert fiscal_year_start(date(2022, 8, 31)) == date(2021, 9, 1)
    assert fiscal_year_start(date(2024, 2, 29)) == date(2023, 3, 1)


def test_kept_findings_are_capped_but_counted() -> None:
    lines = [line("VT", str(i), day="20240105", debit="0,00") for i in range(300)]
    report, _rows, _checker = parse_all(lines, closing=date(2023, 12, 31))
    assert report.counts["outside_fiscal_year"] == 300
    assert report.counts["no_amount"] == 300
    kept = [f for f in report.findings if f.rule == "outside_fiscal_year"]
    assert len(kept) == 200


def test_long_entries_keep_their_numbering() -> None:
    lines = []
    for num in ("1", "2"):
        lines += [line("PA", num, debit="1,00") for _ in range(30)]
        lines += [line("PA", num, debit="0,00", credit="15,00") for _ in range(2)]
    _report, rows, checker = parse_all(lines)
    grouping, expected = checker.finish()
    assert grouping.key == JOURNAL_NUM
    assert [len(rs) for _k, rs in Grouper(grouping.key, expected).run(rows)] == [32, 32]


def test_empty_numbering_is_named() -> None:
    _report, _rows, checker = parse_all(
        [line("OD", "", debit="3,00"), line("OD", "", debit="0,00", credit="3,00")]
    )
    grouping, _expected = checker.finish()
    assert grouping.key == PIECE and "vide" in grouping.reason
