"""FEC import loses nothing: all or nothing by default, ``partial`` on demand, confirmations,
cancellation, entries without ValidDate kept as they came."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from meg_inqom_desktop.store.fec.check import check_fec
from meg_inqom_desktop.store.fec.exporter import export_fec
from meg_inqom_desktop.store.fec.importer import (
    FecImportCancelled,
    FecNeedsConfirmation,
    import_fec,
    import_questions,
)
from meg_inqom_desktop.store.models import (
    DossierRow,
    EntryLineRow,
    EntryRow,
    ImportRecord,
    Rejection,
)
from meg_inqom_desktop.store.paths import DataPaths

from .fec_files import fec_line, file_fields, sale, write_fec

SIRET = "73282932000074"
NAME = "732829320FEC20231231.txt"


def bad_file(tmp_path: Path) -> Path:
    """Two good sales, an unreadable line (decimal point) leaving its entry unbalanced, an
    impossible date, and a third good sale."""
    return write_fec(
        tmp_path / NAME,
        [
            *sale("1", "10,00"),
            fec_line(EcritureNum="2", PieceRef="F2", Debit="12.50"),
            fec_line(EcritureNum="2", PieceRef="F2", CompteNum="706000", Credit="12,50"),
            fec_line(EcritureNum="3", EcritureDate="20230230", Debit="5,00"),
            *sale("4", "7,00"),
        ],
    )


def nothing_stored() -> bool:
    return (
        EntryRow.select().count() == 0
        and DossierRow.select().count() == 0
        and Rejection.select().count() == 0
        and ImportRecord.select().count() == 0
    )


def test_a_file_with_bad_lines_is_refused_whole_and_says_why(
    ledger: DataPaths, tmp_path: Path
) -> None:
    result = import_fec(bad_file(tmp_path), SIRET, force=True)
    assert result.refused and nothing_stored()
    assert (result.entries_new, result.lines_new) == (0, 0)
    assert (result.entries_rejected, result.lines_rejected) == (1, 3)  # F2's credit + 2 bad
    problems = [(f.line, f.rule) for f in result.problems]
    assert problems == [
        (4, "amount_decimal_point"),
        (6, "date_invalid"),
        (5, "unbalanced_entry"),
    ]
    assert "12.50" in result.problems[0].message
    data = result.as_dict()
    assert data["refused"] and data["lines_unreadable"] == 2 and data["entries_unbalanced"] == 1


def test_partial_imports_the_rest_and_sets_the_bad_part_aside(
    ledger: DataPaths, tmp_path: Path
) -> None:
    result = import_fec(bad_file(tmp_path), SIRET, force=True, partial=True)
    assert not result.refused and result.partial
    assert (result.entries_new, result.lines_new) == (2, 4)
    assert (result.entries_rejected, result.lines_rejected) == (1, 3)
    rejections = {(r.kind, r.reason_code): r for r in Rejection.select()}
    assert set(rejections) == {
        ("fec_line", "amount_decimal_point"),
        ("fec_line", "date_invalid"),
        ("entry", "unbalanced"),
    }
    bad = rejections[("fec_line", "amount_decimal_point")]
    assert bad.source_id == f"{NAME}:4" and "ligne 4" in bad.message and "12.50" in bad.raw_payload
    assert bad.provenance == "fec"
    assert "F2 non équilibrée" in rejections[("entry", "unbalanced")].message
    assert ImportRecord.get().lines_rejected == 3


def test_an_amount_too_large_for_the_ledger_is_a_line_numbered_finding(
    ledger: DataPaths, tmp_path: Path
) -> None:
    huge = "99999999999999999999999999999,99"
    path = write_fec(
        tmp_path / NAME,
        [
            *sale("1", "10,00"),
            fec_line(EcritureNum="2", PieceRef="F2", Debit=huge),
            fec_line(EcritureNum="2", PieceRef="F2", CompteNum="706000", Credit=huge),
        ],
    )
    report = check_fec(path).report
    assert [(f.line, f.column, f.rule) for f in report.findings if f.rule.startswith("amount")] == [
        (4, "Debit", "amount_too_large"),
        (5, "Credit", "amount_too_large"),
    ]
    assert report.conforming  # Test Compta Demat reads it: only the ledger cannot hold it
    refused = import_fec(path, SIRET, force=True)
    assert refused.refused and nothing_stored()
    assert "trop grand" in refused.problems[0].message
    kept = import_fec(path, SIRET, force=True, partial=True)
    assert (kept.entries_new, kept.lines_rejected) == (1, 2)


def test_entries_without_valid_date_are_stored_unvalidated_and_exported_as_they_came(
    ledger: DataPaths, tmp_path: Path
) -> None:
    path = write_fec(
        tmp_path / NAME,
        [
            *sale("1", "10,00"),
            *sale("2", "20,00", ValidDate=""),
            *sale("3", "30,00", ValidDate="", JournalLib="", PieceDate=""),
            *sale("4", "40,00", ValidDate="", EcritureLib="", CompteLib="", PieceRef=""),
        ],
    )
    report = check_fec(path).report
    assert not report.conforming and report.counts["empty_mandatory"] == 16
    result = import_fec(path, SIRET, force=True)
    assert not result.refused and result.problems == []
    assert (result.entries_new, result.lines_new, result.entries_not_validated) == (4, 8, 3)
    validated = dict(EntryRow.select(EntryRow.number, EntryRow.validation_date).tuples())
    assert validated == {"1": date(2023, 1, 31), "2": None, "3": None, "4": None}
    out = export_fec(SIRET, 2023, tmp_path / "out")
    assert file_fields(out.path) == file_fields(path)
    written = out.path.read_text(encoding="utf-8").splitlines()
    assert Counter(ln.split("\t")[15] for ln in written[1:]) == {"20230131": 2, "": 6}
    assert check_fec(out.path).report.counts == report.counts  # the same findings, no more


def test_confirmation_for_a_new_dossier_or_another_siren(ledger: DataPaths, tmp_path: Path) -> None:
    mine = write_fec(tmp_path / NAME, sale("1", "10,00"))
    other = write_fec(tmp_path / "443061841FEC20231231.txt", sale("1", "10,00"))
    nameless = write_fec(tmp_path / "export.txt", sale("1", "10,00"))
    assert [q.code for q in import_questions(mine, SIRET)] == ["new_dossier"]
    with pytest.raises(FecNeedsConfirmation) as caught:
        import_fec(mine, SIRET)
    assert caught.value.context["questions"] == ["new_dossier"]
    assert "n'existe pas encore" in caught.value.message and nothing_stored()
    DossierRow.create(siret=SIRET)
    assert import_questions(mine, SIRET) == []
    assert import_fec(mine, SIRET).entries_new == 1
    [question] = import_questions(other, SIRET)
    assert question.code == "siren_mismatch" and "443061841" in question.message
    with pytest.raises(FecNeedsConfirmation):
        import_fec(other, SIRET)
    assert [q.code for q in import_questions(nameless, SIRET)] == ["name_without_siren"]
    assert [q.code for q in import_questions(other, "44306184100047")] == ["new_dossier"]
    ten_digits = tmp_path / "0000000001FEC20220831.txt"
    ten_digits.write_bytes(mine.read_bytes())
    assert [q.code for q in import_questions(ten_digits, SIRET)] == ["siren_mismatch"]


@pytest.mark.parametrize("at_call", [1, 2])
def test_a_cancelled_import_keeps_nothing(
    ledger: DataPaths, fec_samples: Path, at_call: int
) -> None:
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) >= at_call

    path = fec_samples / "0000000001FEC20220831.txt"  # scattered entries: two passes
    with pytest.raises(FecImportCancelled) as caught:
        import_fec(path, SIRET, force=True, cancelled=cancelled)
    assert "rien n'a été importé" in caught.value.message
    assert len(calls) == at_call and nothing_stored()
    assert EntryLineRow.select().count() == 0
    assert import_fec(path, SIRET, force=True).entries_new == 2033  # and it can be redone
