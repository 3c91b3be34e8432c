"""FEC import into the ledger and export from it: identity, rejections, round trips."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from meg_inqom_desktop.domain.fec.columns import COLUMNS_18
from meg_inqom_desktop.domain.fec.convert import SourceIds
from meg_inqom_desktop.store.fec.check import check_fec
from meg_inqom_desktop.store.fec.exporter import export_fec
from meg_inqom_desktop.store.fec.importer import FecUnreadable, import_fec
from meg_inqom_desktop.store.models import (
    DossierRow,
    EntryLineRow,
    EntryRow,
    ImportRecord,
    Rejection,
)
from meg_inqom_desktop.store.paths import DataPaths

SIRET = "73282932000074"
OTHER = "44306184100047"

# (sample, fiscal year that holds all its dates: start, closing)
SAMPLES = {
    "0000000001FEC20220831.txt": (None, date(2022, 8, 31)),
    "000000000FEC20231231.txt": (date(2021, 1, 1), date(2023, 12, 31)),
    "111111111FEC20221231.TXT": (date(2023, 1, 1), date(2023, 12, 31)),
    "123456789FEC20500930.txt": (date(2022, 1, 1), date(2050, 9, 30)),
}

Line = tuple[str, int, int, str, str, str]  # account, debit, credit, date, piece ref, label


def file_lines(path: Path) -> Counter[Line]:
    scan = check_fec(path)
    return Counter(
        (r.account, r.debit, r.credit, r.date.isoformat(), r.piece_ref, r.label)
        for _k, rows in scan.entries()
        for r in rows
    )


def stored_lines(dossier_siret: str) -> Counter[Line]:
    query = (
        EntryLineRow.select(
            EntryLineRow.account,
            EntryLineRow.debit_cents,
            EntryLineRow.credit_cents,
            EntryLineRow.date,
            EntryLineRow.piece_ref,
            EntryLineRow.label,
        )
        .join(DossierRow, on=EntryLineRow.dossier == DossierRow.id)
        .where(DossierRow.siret == dossier_siret)
        .tuples()
    )
    return Counter((a, d, c, str(day), p, lab) for a, d, c, day, p, lab in query)


def account_totals(lines: Counter[Line]) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for (account, debit, credit, *_rest), n in lines.items():
        d, c = totals.get(account, (0, 0))
        totals[account] = (d + debit * n, c + credit * n)
    return totals


def test_import_creates_the_dossier_and_stores_everything(
    ledger: DataPaths, fec_samples: Path
) -> None:
    path = fec_samples / "0000000001FEC20220831.txt"
    result = import_fec(path, SIRET)
    assert result.dossier_created and not result.already_imported
    assert (result.entries_new, result.lines_new, result.lines_rejected) == (2033, 5422, 0)
    assert EntryRow.select().where(EntryRow.provenance == "fec").count() == 2033
    assert stored_lines(SIRET) == file_lines(path)
    entry = EntryRow.select().where(EntryRow.journal_code == "ACH").first()
    assert entry.fingerprint and entry.source_id.startswith("ACH:")
    assert ImportRecord.get().entries_new == 2033


def test_same_file_twice_adds_nothing_and_says_so(ledger: DataPaths, fec_samples: Path) -> None:
    path = fec_samples / "111111111FEC20221231.TXT"
    first = import_fec(path, SIRET)
    again = import_fec(path, SIRET)
    assert first.entries_new == 248
    assert again.already_imported and again.entries_new == 0 and again.previous_import
    assert again.entries_unchanged == 248
    assert EntryRow.select().count() == 248 and ImportRecord.select().count() == 1


def test_same_entries_in_another_file_add_nothing(
    ledger: DataPaths, fec_samples: Path, tmp_path: Path
) -> None:
    path = fec_samples / "111111111FEC20221231.TXT"
    import_fec(path, SIRET)
    out = export_fec(SIRET, 2023, tmp_path, closing=date(2023, 12, 31))  # renumbered, reformatted
    again = import_fec(out.path, SIRET)
    assert not again.already_imported
    assert (again.entries_new, again.entries_unchanged) == (0, 248)
    assert EntryRow.select().count() == 248


def test_bad_lines_and_unbalanced_entries_are_set_aside(ledger: DataPaths, tmp_path: Path) -> None:
    def row(num: str, account: str, debit: str, credit: str, day: str = "20230110") -> str:
        return "\t".join(
            [
                "VT",
                "Ventes",
                num,
                day,
                account,
                "Lib",
                "",
                "",
                f"F{num}",
                day,
                "Vente",
                debit,
                credit,
                "",
                "",
                "20230131",
                "",
                "",
            ]
        )

    lines = [
        "\t".join(COLUMNS_18),
        row("1", "411000", "10,00", "0,00"),
        row("1", "706000", "0,00", "10,00"),
        row("2", "411000", "12.50", "0,00"),  # decimal point: line set aside
        row("2", "706000", "0,00", "12,50"),  # then its entry no longer balances
        row("3", "411000", "5,00", "0,00", day="20230230"),  # impossible date
    ]
    path = tmp_path / "732829320FEC20231231.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_fec(path, SIRET)
    assert (result.entries_new, result.lines_new) == (1, 2)
    assert (result.entries_rejected, result.lines_rejected) == (1, 3)
    rejections = {(r.kind, r.reason_code): r for r in Rejection.select()}
    assert set(rejections) == {
        ("fec_line", "amount_decimal_point"),
        ("fec_line", "date_invalid"),
        ("entry", "unbalanced"),
    }
    bad = rejections[("fec_line", "amount_decimal_point")]
    assert bad.source_id.endswith(":4") and "ligne 4" in bad.message and "12.50" in bad.raw_payload
    assert bad.provenance == "fec"
    assert "non équilibrée" in rejections[("entry", "unbalanced")].message


def test_unreadable_file_is_refused(ledger: DataPaths, tmp_path: Path) -> None:
    path = tmp_path / "732829320FEC20231231.txt"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(FecUnreadable) as caught:
        import_fec(path, SIRET)
    assert "Séparateur" in caught.value.message
    assert EntryRow.select().count() == 0 and DossierRow.select().count() == 0


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_round_trip_import_export_import(
    ledger: DataPaths, fec_samples: Path, tmp_path: Path, sample: str
) -> None:
    start, closing = SAMPLES[sample]
    original = file_lines(fec_samples / sample)
    first = import_fec(fec_samples / sample, SIRET)
    assert first.lines_rejected == 0
    exported = export_fec(SIRET, closing.year, tmp_path, closing=closing, start=start)
    assert exported.lines == sum(original.values())
    assert exported.path.name == f"732829320FEC{closing:%Y%m%d}.txt"
    report = check_fec(exported.path).report
    assert (report.errors, report.alerts) == (0, 0), report.findings[:5]
    import_fec(exported.path, OTHER)
    assert stored_lines(SIRET) == original
    assert stored_lines(OTHER) == original
    assert account_totals(stored_lines(OTHER)) == account_totals(original)


def test_export_order_and_numbering(ledger: DataPaths, fec_samples: Path, tmp_path: Path) -> None:
    import_fec(fec_samples / "0000000001FEC20220831.txt", SIRET)
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


def test_export_of_an_empty_year(ledger: DataPaths, fec_samples: Path, tmp_path: Path) -> None:
    import_fec(fec_samples / "111111111FEC20221231.TXT", SIRET)
    result = export_fec(SIRET, 2019, tmp_path)
    assert (result.entries, result.lines) == (0, 0)
    assert result.path.read_text(encoding="utf-8").splitlines() == ["\t".join(COLUMNS_18)]


def test_lines_keep_their_own_date_when_grouped_by_running_balance(
    ledger: DataPaths, fec_samples: Path
) -> None:
    import_fec(fec_samples / "000000000FEC20231231.txt", SIRET)
    big = EntryRow.select().where(EntryRow.journal_code == "AD").get()
    days = {ln.date for ln in EntryLineRow.select().where(EntryLineRow.entry == big)}
    assert len(days) > 1 and big.date == min(days)


@pytest.mark.parametrize("sample", ["123456789FEC20500930.txt", "0000000001FEC20220831.txt"])
def test_single_pass_and_two_passes_store_the_same(
    ledger: DataPaths, fec_samples: Path, sample: str
) -> None:
    path = fec_samples / sample
    import_fec(path, SIRET)  # single pass when the lines of each entry come together
    import_fec(path, OTHER, scan=check_fec(path))  # always two passes
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
    import_fec(path, SIRET)
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
    result = import_fec(path, SIRET)
    assert (result.entries_new, result.lines_new, result.lines_rejected) == (2, 4, 0)
    stored = stored_lines(SIRET)
    assert stored[("607000", 10000, 0, "2023-03-01", "F1", "Facture 5 €")] == 1
    assert stored[("607000", 2050, 0, "2023-03-01", "F2", "Facture 5 €")] == 1  # -20,50 C
    out = export_fec(SIRET, 2023, tmp_path / "out")
    report = check_fec(out.path).report
    assert (report.errors, report.alerts, report.rows) == (0, 0, 4)
    assert "Achats été" in out.path.read_text(encoding="utf-8")
