"""One writer of the ledger and of the pièces: what a sync stores is what a FEC import of the
same entries stores, and every pièce file is the content store's."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.dossiers import get_or_create_dossier
from meg_inqom_desktop.store.fec.exporter import export_fec
from meg_inqom_desktop.store.fec.importer import import_fec
from meg_inqom_desktop.store.models import DocumentRow

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

LINE_COLUMNS = (
    "l.line_no, l.journal_code, l.date, l.piece_ref, l.account, l.account_label, l.aux_account,"
    " l.aux_label, l.label, l.debit_cents, l.credit_cents, l.lettering, l.lettering_date,"
    " l.currency_amount_cents, l.currency"
)
ENTRY_COLUMNS = "e.journal_code, e.date, e.piece_ref, e.piece_date, e.total_cents"


def _rows(dossier_id: int) -> list[tuple[object, ...]]:
    """Every line with its entry's columns, in ledger order, without ids and provenance."""
    return list(
        DB.execute_sql(
            f"SELECT {ENTRY_COLUMNS}, {LINE_COLUMNS} FROM entry e"
            " JOIN entry_line l ON l.entry_id = e.id WHERE e.dossier_id = ?"
            " ORDER BY e.date, e.journal_code, e.piece_ref, l.line_no",
            (dossier_id,),
        ).fetchall()
    )


def test_a_sync_and_a_fec_import_store_the_same_rows(env: SyncEnv, tmp_path: Path) -> None:
    dossier_id, siret = env.add_dossier(5, push=False)
    assert env.sync(dossier_id).ok
    synced = _rows(dossier_id)
    entries = DB.execute_sql("SELECT COUNT(*) FROM entry WHERE dossier_id = ?", (dossier_id,))
    other, _ = get_or_create_dossier("35600000000048")  # La Poste: valid by exception
    imported = 0
    for year in sorted({int(str(row[1])[:4]) for row in synced}):
        fec = export_fec(siret, year, tmp_path / "fec").path
        imported += import_fec(fec, other.siret, force=True).entries_new
    assert imported == entries.fetchone()[0]
    assert _rows(other.id) == synced


def test_every_piece_file_is_the_content_stores(env: SyncEnv) -> None:
    dossier_id, _siret = env.add_dossier(5, push=False)
    assert env.sync(dossier_id).ok
    root = env.paths.documents
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files and not list((root / "tmp").glob("*"))
    for path in files:  # named by their content, in the folder of their first two digits
        assert path.name == hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.parent == root / path.name[:2]
    stored = {row.sha256 for row in DocumentRow.select(DocumentRow.sha256)}
    assert {p.name for p in files} == stored
