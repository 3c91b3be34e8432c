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


@pytest.fixture
def ledger(paths: DataPaths) -> Iterator[DataPaths]:
    """An open, empty ledger database (the ``DB`` proxy bound to it)."""
    open_database(paths)
    try:
        yield paths
    finally:
        close_database()


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
