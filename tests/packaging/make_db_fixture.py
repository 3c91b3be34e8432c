"""Write ``data/ledger-v<N>.sqlite3``: a small ledger as the current code writes it.

Run once per released schema version (``python tests/packaging/make_db_fixture.py``) and
commit the file: ``test_data_safety.py`` then opens every such frozen file with the code of
the day, so a database written by an older version is always migrated in a test.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.store.database import close_database, open_database, schema_version
from meg_inqom_desktop.store.ledger_writes import upsert_entries
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.store.paths import resolve_data_paths

DATA = Path(__file__).resolve().parent / "data"
SIRET = "73282932000074"


def entries() -> list[Entry]:
    out = []
    for n in range(1, 6):
        value = Decimal(f"{n * 100}.{n:02d}")
        out.append(
            Entry(
                source_id=f"meg-{n}",
                journal=Journal("VT"),
                date=date(2026, 3, n),
                piece_ref=f"F-{n:03d}",
                label=f"Vente {n}",
                number=f"meg-{n}",
                lines=(
                    EntryLine(account="411000", label=f"Vente {n}", debit=value),
                    EntryLine(account="706000", label=f"Vente {n}", credit=value),
                ),
            )
        )
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_data_paths(tmp)
        open_database(paths)
        try:
            dossier = DossierRow.create(siret=SIRET, name="Démo SA")
            upsert_entries(dossier.id, entries(), provenance=MEG)
            version = schema_version()
        finally:
            close_database()
        # One self-contained file: checkpoint the WAL and leave rollback-journal mode.
        conn = sqlite3.connect(paths.database)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
        conn.close()
        DATA.mkdir(exist_ok=True)
        target = DATA / f"ledger-v{version}.sqlite3"
        target.write_bytes(paths.database.read_bytes())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
