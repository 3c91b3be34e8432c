"""Store fixtures: an open ledger on a temporary data folder, a dossier, entry factories."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from meg_inqom_desktop.domain.entry import Document, Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.models import DossierRow
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

SIRET = "73282932000074"


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return resolve_data_paths(tmp_path / "data")


_MIGRATED: dict[str, str] = {}


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest, paths: DataPaths) -> Iterator[DataPaths]:
    """An open, empty ledger (the ``DB`` proxy bound to it), once on SQLite (the workstation's
    file) and once on PostgreSQL (a firm's shared database).

    On PostgreSQL one migrated database serves the session; each test starts from its tables
    emptied, identities restarted.
    """
    if request.param == "sqlite":
        open_database(paths)
    else:
        from postgres_cluster import FIRM_PASSWORD

        if "url" not in _MIGRATED:
            _MIGRATED["url"] = request.getfixturevalue("postgres").new_firm_database()
        open_database(paths, url=_MIGRATED["url"], password=FIRM_PASSWORD)
        empty_tables()
    try:
        yield paths
    finally:
        close_database()


def empty_tables() -> None:
    """Delete every row but the schema version's, identities restarted (PostgreSQL)."""
    from meg_inqom_desktop.store.db import DB

    names = [
        row[0]
        for row in DB.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'schema_version'"
        ).fetchall()
    ]
    DB.execute_sql("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE")


@pytest.fixture
def dossier_id(ledger: DataPaths) -> int:
    return int(DossierRow.create(siret=SIRET, name="Démo SA").id)


def make_entry(
    source_id: str,
    amount: str = "100.00",
    *,
    day: date = date(2026, 3, 15),
    journal: str = "VT",
    debit_account: str = "411000",
    credit_account: str = "706000",
    piece_ref: str = "F-001",
    label: str = "Vente",
    documents: tuple[Document, ...] = (),
) -> Entry:
    """A balanced two-line entry."""
    value = Decimal(amount)
    return Entry(
        source_id=source_id,
        journal=Journal(journal),
        date=day,
        piece_ref=piece_ref,
        label=label,
        number=source_id,
        lines=(
            EntryLine(account=debit_account, label=label, debit=value),
            EntryLine(account=credit_account, label=label, credit=value),
        ),
        documents=documents,
    )
