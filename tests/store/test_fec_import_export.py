"""FEC import into the ledger and export from it: identity, rejections, round trips."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from meg_inqom_desktop.domain.fec.columns import COLUMNS_18
from meg_inqom_desktop.domain.fec.convert import SourceIds
from meg_inqom_desktop.domain.fec.naming import fec_filename
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.errors import ExportFailed
from meg_inqom_desktop.store.fec.check import check_fec
from meg_inqom_desktop.store.fec.exporter import export_fec
from meg_inqom_desktop.store.fec.importer import FecUnreadable, import_fec
from meg_inqom_desktop.store.models import (
    DossierRow,
    EntryLineRow,
    EntryRow,
    ImportRecord,
)
from meg_inqom_desktop.store.paths import DataPaths

from .fec_files import account_totals, file_fields, file_lines, own_files, stored_lines

SIRET = "73282932000074"
OTHER = "44306184100047"

# (sample, fiscal year that holds all its dates: start, closing)
SAMPLES = {
    "0000000001FEC20220831.txt": (None, date(2022, 8, 31)),
    "000000000FEC20231231.txt": (date(2021, 1, 1), date(2023, 12, 31)),
    "111111111FEC20221231.TXT": (date(2023, 1, 1), date(2023, 12, 31)),
    "123456789FEC20500930.txt": (date(2022, 1, 1), date(2050, 9, 30)),
}


def test_import_creates_the_dossier_and_stores_everything(
    ledger: DataPaths, fec_samples: Path
) -> None:
    path = fec_samples / "0000000001FEC20220831.txt"
    result = import_fec(path, SIRET, force=True)
    assert result.dossier_created and not result.already_imported
    assert (result.entries_new, result.lines_new, result.lines_rejected) == (2033, 5422, 0)
    assert EntryRow.select().where(EntryRow.provenance == "fec").count() == 2033
    assert stored_lines(SIRET) == file_lines(path)
    entry = EntryRow.select().where(EntryRow.journal_code == "ACH").first()
    assert entry.fingerprint and entry.source_id.startswith("ACH:")
    assert ImportRecord.get().entries_new == 2033


def test_same_file_twice_adds_nothing_and_says_so(ledger: DataPaths, fec_samples: Path) -> None:
    path = fec_samples / "111111111FEC20221231.TXT"
    first = import_fec(path, SIRET, force=True)
    again = import_fec(path, SIRET, force=True)
    assert first.entries_new == 248
    assert again.already_imported and again.entries_new == 0 and again.previous_import
    assert again.entries_unchanged == 248
    assert EntryRow.select().count() == 248 and ImportRecord.select().count() == 1


def test_same_entries_in_another_file_add_nothing(
    ledger: DataPaths, fec_samples: Path, tmp_path: Path
) -> None:
    path = fec_samples / "111111111FEC20221231.TXT"
    import_fec(path, SIRET, force=True)
    out = export_fec(SIRET, 2023, tmp_path, closing=date(2023, 12, 31))  # renumbered, reformatted
    again = import_fec(out.path, SIRET, force=True)
    assert not again.already_imported
    assert (again.entries_new, again.entries_unchanged) == (0, 248)
    assert EntryRow.select().count() == 248


def test_unreadable_file_is_refused(ledger: DataPaths, tmp_path: Path) -> None:
    path = tmp_path / "732829320FEC20231231.txt"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(FecUnreadable) as caught:
        import_fec(path, SIRET, force=True)
    assert "Séparateur" in caught.value.message
    assert EntryRow.select().count() == 0 and DossierRow.select().count() == 0


def round_trip(source: Path, out: Path, start: date | None, closing: date) -> None:
    """Import, export, import again: the same entries, lines and per-account totals, and an
    exported file that says every line as it came (but its number)."""
    original = file_lines(source)
    first = import_fec(source, SIRET, force=True)
    assert not first.refused and first.lines_rejected == 0
    exported = export_fec(SIRET, closing.year, out, closing=closing, start=start)
    assert exported.lines == sum(original.values()) == first.lines_new
    again = import_fec(exported.path, OTHER, force=True)
    assert (again.entries_new, again.lines_new) == (first.entries_new, first.lines_new)
    assert stored_lines(SIRET) == original
    assert stored_lines(OTHER) == original
    assert account_totals(stored_lines(OTHER)) == account_totals(original)
    ids = {
        siret: sorted(
            EntryRow.select(EntryRow.source_id)
            .join(DossierRow)
            .where(DossierRow.siret == siret)
            .tuples()
        )
        for siret in (SIRET, OTHER)
    }
    assert ids[SIRET] == ids[OTHER]
    # field by field: what differs is only what the ledger keeps per entry (PieceDate,
    # ValidDate, JournalLib of a line grouped with another pièce), and the import says how many
    before, after = file_fields(source), file_fields(exported.path)
    per_entry = [FecRow._fields.index(n) for n in ("journal_lib", "piece_date", "validation_date")]

    def without_entry_fields(fields: Counter[tuple[object, ...]]) -> Counter[tuple[object, ...]]:
        return Counter(
            tuple(v for i, v in enumerate(k) if i not in per_entry) for k in fields.elements()
        )

    assert without_entry_fields(before) == without_entry_fields(after)
    assert sum((before - after).values()) == first.lines_entry_fields
    assert again.lines_entry_fields == 0


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_round_trip_import_export_import(
    ledger: DataPaths, fec_samples: Path, tmp_path: Path, sample: str
) -> None:
    start, closing = SAMPLES[sample]
    round_trip(fec_samples / sample, tmp_path / "out", start, closing)


@pytest.mark.parametrize("name", ["unvalidated", "piece_key", "running"])
def test_round_trip_of_the_tests_own_files(ledger: DataPaths, tmp_path: Path, name: str) -> None:
    source = own_files(tmp_path / "in")[name]
    round_trip(source, tmp_path / "out", None, date(2023, 12, 31))
    grouping = check_fec(source).report.grouping
    assert grouping is not None
    assert grouping.key == {"piece_key": "journal+piece+date", "running": "running_balance"}.get(
        name, "journal+num"
    )


def test_export_order_and_numbering(ledger: DataPaths, fec_samples: Path, tmp_path: Path) -> None:
    import_fec(fec_samples / "0000000001FEC20220831.txt", SIRET, force=True)
    result = export_fec(SIRET, 2022, tmp_path)  # closing date taken from the imported name
    assert result.fiscal_year.end == date(2022, 8, 31)
    assert result.fiscal_year.start == date(2021, 9, 1)
    rows = [ln.split("\t") for ln in result.path.read_text(encoding="utf-8").splitlines()[1:]]
    valid_dates = [r[15] for r in rows]
    assert valid_dates == sorted(valid_dates)
    seen: dict[str, list[int]] = {}
    for r in rows:
        numbers = seen.setdefault(r[0], [])
        if not numbers or numbers[-1] != int(r[2]):
            numbers.append(int(r[2]))
    for journal, numbers in seen.items():
        assert numbers == list(range(1, len(numbers) + 1)), journal
    assert sum(len(n) for n in seen.values()) == result.entries == 2033


def test_an_export_on_a_full_disk_leaves_no_file_and_blames_its_folder(
    ledger: DataPaths, fec_samples: Path, tmp_path: Path
) -> None:
    """The export's folder is full (its ``.partial`` file is ``/dev/full``): the error names
    that folder and its disk, not the data folder; no file, whole or partial, is left; the
    ledger still exports elsewhere."""
    import_fec(fec_samples / "0000000001FEC20220831.txt", SIRET, force=True)
    out = tmp_path / "usb"
    out.mkdir()
    name = fec_filename(SIRET[:9], date(2022, 8, 31))
    (out / f"{name}.partial").symlink_to("/dev/full")
    with pytest.raises(ExportFailed) as caught:
        export_fec(SIRET, 2022, out)
    assert f"Le disque de « {out} » est plein" in caught.value.message
    assert name in caught.value.message and "Dossier de données" not in caught.value.title
    assert list(out.iterdir()) == []
    assert export_fec(SIRET, 2022, tmp_path / "elsewhere").entries == 2033


def test_an_export_into_a_file_says_it_is_not_a_folder(
    ledger: DataPaths, fec_samples: Path, tmp_path: Path
) -> None:
    import_fec(fec_samples / "111111111FEC20221231.TXT", SIRET, force=True)
    a_file = tmp_path / "export"
    a_file.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportFailed) as caught:
        export_fec(SIRET, 2023, a_file)
    assert f"« {a_file} » n'est pas un dossier" in caught.value.message
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def test_export_of_an_empty_year(ledger: DataPaths, fec_samples: Path, tmp_path: Path) -> None:
    import_fec(fec_samples / "111111111FEC20221231.TXT", SIRET, force=True)
    result = export_fec(SIRET, 2019, tmp_path)
    assert (result.entries, result.lines) == (0, 0)
    assert result.path.read_text(encoding="utf-8").splitlines() == ["\t".join(COLUMNS_18)]


def test_lines_keep_their_own_date_when_grouped_by_running_balance(
    ledger: DataPaths, fec_samples: Path
) -> None:
    import_fec(fec_samples / "000000000FEC20231231.txt", SIRET, force=True)
    big = EntryRow.select().where(EntryRow.journal_code == "AD").get()
    days = {ln.date for ln in EntryLineRow.select().where(EntryLineRow.entry == big)}
    assert len(days) > 1 and big.date == min(days)


@pytest.mark.parametrize("sample", ["123456789FEC20500930.txt", "0000000001FEC20220831.txt"])
def test_single_pass_and_two_passes_store_the_same(
    ledger: DataPaths, fec_samples: Path, sample: str
) -> None:
    path = fec_samples / sample
    import_fec(path, SIRET, force=True)  # single pass when the lines of each entry come together
    import_fec(path, OTHER, scan=check_fec(path), force=True)  # always two passes
    for column in (EntryRow.source_id, EntryRow.fingerprint, EntryRow.number, EntryRow.total_cents):
        mine = sorted(
            EntryRow.select(column).join(DossierRow).where(DossierRow.siret == SIRET).tuples()
        )
        other = sorted(
            EntryRow.select(column).join(DossierRow).where(DossierRow.siret == OTHER).tuples()
        )
        assert mine == other
    assert stored_lines(SIRET) == stored_lines(OTHER) == file_lines(path)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_stored_ids_and_fingerprints_are_those_of_the_domain(
    ledger: DataPaths, fec_samples: Path, sample: str
) -> None:
    path = fec_samples / sample
    import_fec(path, SIRET, force=True)
    stored = set(EntryRow.select(EntryRow.source_id, EntryRow.fingerprint).tuples())
    ids = SourceIds()
    expected = set()
    for _key, rows in check_fec(path).entries():
        entry = ids.entry(rows)
        expected.add((entry.source_id, entry.fingerprint()))
    assert stored == expected


def test_montant_sens_latin9_ba_layout_round_trip(ledger: DataPaths, tmp_path: Path) -> None:
    columns = [c for c in COLUMNS_18 if c not in ("Debit", "Credit")]
    header = [*columns, "Montant", "Sens", "DateRglt", "ModeRglt", "NatOp"]

    def row(num: str, account: str, amount: str, sens: str) -> str:
        values = {
            "JournalCode": "AC",
            "JournalLib": "Achats",
            "EcritureNum": num,
            "EcritureDate": "20230301",
            "CompteNum": account,
            "CompteLib": "Achats été",
            "PieceRef": f"F{num}",
            "PieceDate": "20230301",
            "EcritureLib": "Facture 5 €",
            "ValidDate": "20230331",
            "Montant": amount,
            "Sens": sens,
            "DateRglt": "20230305",
            "ModeRglt": "CB",
        }
        return "|".join(values.get(name, "") for name in header)

    lines = [
        "|".join(header),
        row("1", "607000", "100,00", "D"),
        row("1", "401000", "100,00", "C"),
        row("2", "607000", "-20,50", "C"),
        row("2", "401000", "20,50", "-1"),
    ]
    path = tmp_path / "732829320FEC20231231.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("iso8859_15"))
    scan = check_fec(path)
    assert scan.report.regime.startswith("BA") and scan.report.amount_mode == "Montant/Sens"
    assert scan.report.encoding == "ISO-8859-15" and scan.report.errors == 0
    result = import_fec(path, SIRET, force=True)
    assert (result.entries_new, result.lines_new, result.lines_rejected) == (2, 4, 0)
    stored = stored_lines(SIRET)
    assert stored[("607000", 10000, 0, "2023-03-01", "F1", "Facture 5 €")] == 1
    assert stored[("607000", 2050, 0, "2023-03-01", "F2", "Facture 5 €")] == 1  # -20,50 C
    out = export_fec(SIRET, 2023, tmp_path / "out")
    report = check_fec(out.path).report
    assert (report.errors, report.alerts, report.rows) == (0, 0, 4)
    assert "Achats été" in out.path.read_text(encoding="utf-8")
