"""FEC files the store tests write, and what a FEC file or a dossier holds, for comparisons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from meg_inqom_desktop.domain.fec.columns import COLUMNS_18
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.store.fec.check import check_fec
from meg_inqom_desktop.store.models import DossierRow, EntryLineRow

Line = tuple[str, int, int, str, str, str]  # account, debit, credit, date, piece ref, label


def fec_line(**values: str) -> str:
    """One 18-column line: sensible values, overridden by ``values`` (column name -> text)."""
    base = {
        "JournalCode": "VT",
        "JournalLib": "Ventes",
        "EcritureNum": "1",
        "EcritureDate": "20230110",
        "CompteNum": "411000",
        "CompteLib": "Clients",
        "PieceRef": "F1",
        "PieceDate": "20230110",
        "EcritureLib": "Vente",
        "Debit": "0,00",
        "Credit": "0,00",
        "ValidDate": "20230131",
    }
    base.update(values)
    return "\t".join(base.get(name, "") for name in COLUMNS_18)


def write_fec(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("\n".join(["\t".join(COLUMNS_18), *lines]) + "\n", encoding="utf-8")
    return path


def sale(num: str, amount: str, **values: str) -> list[str]:
    """A balanced two-line sale (411 debit, 706 credit)."""
    common = {"EcritureNum": num, "PieceRef": f"F{num}", **values}
    return [
        fec_line(**{"Debit": amount, **common}),
        fec_line(**{"CompteNum": "706000", "CompteLib": "Ventes", "Credit": amount, **common}),
    ]


def file_rows(path: Path) -> list[FecRow]:
    """The readable lines of a file, in file order."""
    return [r for r in check_fec(path).rows() if isinstance(r, FecRow)]


def file_fields(path: Path) -> Counter[tuple[object, ...]]:
    """Every field of every readable line but its number (renumbered on export), the journal
    code in capitals (the ledger's)."""
    out: Counter[tuple[object, ...]] = Counter()
    for r in file_rows(path):
        values = r._replace(journal_code=r.journal_code.upper(), number="", line_no=0)
        out[tuple(values)] += 1
    return out


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


def own_files(folder: Path) -> dict[str, Path]:
    """Files these tests write, one per way of grouping and per non-conforming habit."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        # ValidDate, PieceRef, JournalLib empty: non-conforming, imported as they came
        "unvalidated": [
            *sale("1", "10,00"),
            *sale("2", "20,00", ValidDate=""),
            *sale("3", "30,00", ValidDate="", JournalLib="", PieceRef=""),
        ],
        # "0" on every line, the entries' lines interleaved: journal + pièce + date
        "piece_key": [
            fec_line(EcritureNum="0", PieceRef="A", Debit="10,00"),
            fec_line(EcritureNum="0", PieceRef="B", Debit="4,00", JournalLib=""),
            fec_line(EcritureNum="0", PieceRef="A", CompteNum="706000", Credit="10,00"),
            fec_line(EcritureNum="0", PieceRef="B", CompteNum="706000", Credit="4,00"),
            fec_line(EcritureNum="0", JournalCode="bq", PieceRef="R", Debit="4,00"),
            fec_line(
                EcritureNum="0", JournalCode="bq", PieceRef="R", CompteNum="411000", Credit="4,00"
            ),
        ],
        # "0" on every line, pièces that cross: consecutive lines until they balance
        "running": [
            fec_line(EcritureNum="0", PieceRef="A", Debit="10,00", ValidDate=""),
            fec_line(EcritureNum="0", PieceRef="B", PieceDate="20230105", Credit="10,00"),
            fec_line(EcritureNum="0", PieceRef="A", EcritureDate="20230111", Debit="4,00"),
            fec_line(EcritureNum="0", PieceRef="B", EcritureDate="20230111", Credit="4,00"),
        ],
    }
    return {
        name: write_fec(folder / f"{name}-732829320FEC20231231.txt", lines)
        for name, lines in files.items()
    }
