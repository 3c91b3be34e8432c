"""Local dossiers (client companies) by SIRET: create, find, list, link to Inqom, remove.

Functions take SIRET text as typed by the user (spaces and dots allowed) or a checked
:class:`~meg_inqom_desktop.domain.siret.Siret`, and return :class:`DossierRecord` snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.errors import InvalidInput
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, write_transaction
from meg_inqom_desktop.store.models import DossierRow, SyncRun


class DossierNotFound(InvalidInput):
    title = "Dossier inconnu"
    code = "dossier_not_found"


@dataclass(frozen=True)
class DossierRecord:
    """A local dossier as the app shows it."""

    id: int
    siret: str
    name: str
    created_at: datetime
    start_date: date | None
    local_only: bool
    inqom_folder_id: int | None
    inqom_folder_name: str
    meg_company_id: str
    active: bool

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def display_name(self) -> str:
        """The name, else the SIRET as printed on French documents."""
        if self.name:
            return self.name
        v = self.siret
        return f"{v[:3]} {v[3:6]} {v[6:9]} {v[9:]}" if len(v) == 14 else v


def _record(row: DossierRow) -> DossierRecord:
    return DossierRecord(
        id=row.id,
        siret=row.siret,
        name=row.name,
        created_at=row.created_at,
        start_date=row.start_date,
        local_only=row.local_only,
        inqom_folder_id=row.inqom_folder_id,
        inqom_folder_name=row.inqom_folder_name,
        meg_company_id=row.meg_company_id,
        active=row.active,
    )


def _siret(siret: Siret | str) -> str:
    return siret.value if isinstance(siret, Siret) else Siret.parse(siret).value


def _row(siret: Siret | str) -> DossierRow:
    if isinstance(siret, str):  # a dossier already recorded needs no check of its SIRET
        digits = "".join(ch for ch in siret if ch.isdigit())
        if len(digits) == 14 and digits == siret.replace(" ", "").replace(".", ""):
            known = DossierRow.get_or_none(DossierRow.siret == digits)
            if known is not None:
                return known
    value = _siret(siret)
    row = DossierRow.get_or_none(DossierRow.siret == value)
    if row is None:
        raise DossierNotFound(
            message=f"Aucun dossier local pour le SIRET {Siret(value).formatted()}. "
            "Ajoutez-le d'abord (meg-inqom dossiers add).",
            siret=value,
        )
    return row


def get_dossier(siret: Siret | str) -> DossierRecord | None:
    """The dossier of this SIRET, or None."""
    value = _siret(siret)
    with convert_db_errors():
        row = DossierRow.get_or_none(DossierRow.siret == value)
    return _record(row) if row else None


def get_dossier_by_id(dossier_id: int) -> DossierRecord | None:
    with convert_db_errors():
        row = DossierRow.get_or_none(DossierRow.id == dossier_id)
    return _record(row) if row else None


def require_dossier(siret: Siret | str) -> DossierRecord:
    """The dossier of this SIRET; :class:`DossierNotFound` (French message) if there is none."""
    with convert_db_errors():
        return _record(_row(siret))


def get_or_create_dossier(siret: Siret | str, *, name: str = "") -> tuple[DossierRecord, bool]:
    """(dossier, created). An existing dossier without a name takes ``name``."""
    value = _siret(siret)
    with convert_db_errors(), write_transaction():
        row = DossierRow.get_or_none(DossierRow.siret == value)
        if row is not None:
            if name and not row.name:
                row.name = name
                row.save(only=[DossierRow.name])
            return _record(row), False
        # another workstation of a firm database may add it at the same moment: whoever
        # inserts first creates it, the other reads it (SQLite's IMMEDIATE write cannot race)
        inserted = DossierRow.insert(siret=value, name=name).on_conflict_ignore().execute()
        row = DossierRow.get(DossierRow.siret == value)
        return _record(row), inserted is not None and row.id == inserted


def list_dossiers(*, active_only: bool = False) -> list[DossierRecord]:
    """Every dossier, by name then SIRET."""
    query = DossierRow.select().order_by(DossierRow.name, DossierRow.siret)
    if active_only:
        query = query.where(DossierRow.active == True)  # noqa: E712 (peewee expression)
    with convert_db_errors():
        return [_record(row) for row in query]


def remove_dossier(siret: Siret | str) -> bool:
    """Delete the dossier and everything stored for it (entries, runs, cursors...).

    The pièces' bytes stay in the content store (they may be shared). False if unknown.
    """
    value = _siret(siret)
    with convert_db_errors(), write_transaction():
        return bool(DossierRow.delete().where(DossierRow.siret == value).execute())


def _update(siret: Siret | str, **fields: object) -> DossierRecord:
    with convert_db_errors(), write_transaction():
        row = _row(siret)
        for key, value in fields.items():
            setattr(row, key, value)
        row.save()
        return _record(row)


def set_inqom_link(siret: Siret | str, folder_id: int, folder_name: str = "") -> DossierRecord:
    """Link the dossier to an Inqom accounting folder: its entries will be pushed there."""
    return _update(
        siret, inqom_folder_id=folder_id, inqom_folder_name=folder_name, local_only=False
    )


def clear_inqom_link(siret: Siret | str) -> DossierRecord:
    """Keep the dossier local only (no push to Inqom)."""
    return _update(siret, inqom_folder_id=None, inqom_folder_name="", local_only=True)


def set_start_date(siret: Siret | str, start: date | None) -> DossierRecord:
    """First date pulled from MEG."""
    return _update(siret, start_date=start)


def set_active(siret: Siret | str, active: bool) -> DossierRecord:
    """Pause (False) or resume the synchronisation of the dossier."""
    return _update(siret, active=active)


def rename_dossier(siret: Siret | str, name: str) -> DossierRecord:
    return _update(siret, name=name)


def set_meg_company(siret: Siret | str, company_id: str) -> DossierRecord:
    return _update(siret, meg_company_id=company_id)


@dataclass(frozen=True)
class DossierStatus:
    """A dossier with its last run and what waits in « À traiter »."""

    dossier: DossierRecord
    last_sync: datetime | None
    last_status: str
    last_new: int
    open_items: int
    entries: int
    last_success: datetime | None
    last_error_title: str = ""
    last_error_message: str = ""

    @property
    def id(self) -> int:
        return self.dossier.id


def dossier_statuses() -> list[DossierStatus]:
    """Every dossier (by name then SIRET) with its last run and its open items to handle."""
    sql = (
        "SELECT d.id,"
        " (SELECT r.id FROM sync_run r WHERE r.dossier_id = d.id AND r.status != 'skipped'"
        "  ORDER BY r.started_at DESC LIMIT 1),"
        " (SELECT r.id FROM sync_run r WHERE r.dossier_id = d.id"
        "  AND r.status IN ('success', 'partial') ORDER BY r.started_at DESC LIMIT 1),"
        " (SELECT COUNT(*) FROM rejection j WHERE j.dossier_id = d.id AND j.resolved_at IS NULL)"
        " + (SELECT COUNT(*) FROM conflict c WHERE c.dossier_id = d.id AND c.resolved_at IS NULL),"
        " (SELECT COUNT(*) FROM entry e WHERE e.dossier_id = d.id)"
        " FROM dossier d"
    )
    with convert_db_errors():
        found = {row[0]: row[1:] for row in execute(sql).fetchall()}
        wanted = {r for row in found.values() for r in row[:2] if r}
        runs = {run.id: run for run in SyncRun.select().where(SyncRun.id.in_(list(wanted)))}
    out = []
    for record in list_dossiers():
        last_id, success_id, open_items, entries = found.get(record.id, (None, None, 0, 0))
        last = runs.get(last_id) if last_id else None
        success = runs.get(success_id) if success_id else None
        out.append(
            DossierStatus(
                dossier=record,
                last_sync=(last.finished_at or last.started_at) if last else None,
                last_status=last.status if last else "",
                last_new=last.new if last else 0,
                open_items=int(open_items),
                entries=int(entries),
                last_success=success.started_at if success else None,
                last_error_title=last.error_title if last else "",
                last_error_message=last.error_message if last else "",
            )
        )
    return out


@dataclass(frozen=True)
class DossierContents:
    """What a dossier holds in the ledger (said before it is removed)."""

    entries: int
    lines: int
    documents: int
    runs: int
    open_items: int
    pushed: int  # entries already sent to Inqom (they stay there)


def dossier_contents(dossier_id: int) -> DossierContents:
    """Counts of what the dossier holds, for the removal question."""
    queries = (
        "SELECT COUNT(*) FROM entry WHERE dossier_id = ?",
        "SELECT COUNT(*) FROM entry_line WHERE dossier_id = ?",
        "SELECT COUNT(*) FROM document WHERE dossier_id = ?",
        "SELECT COUNT(*) FROM sync_run WHERE dossier_id = ?",
        "SELECT (SELECT COUNT(*) FROM rejection WHERE dossier_id = ? AND resolved_at IS NULL)"
        " + (SELECT COUNT(*) FROM conflict WHERE dossier_id = ? AND resolved_at IS NULL)",
        "SELECT COUNT(*) FROM push_record WHERE dossier_id = ? AND inqom_entry_id IS NOT NULL",
    )
    with convert_db_errors():
        counts = [
            int(execute(sql, (dossier_id,) * sql.count("?")).fetchone()[0]) for sql in queries
        ]
    return DossierContents(*counts)


def dossier_count() -> int:
    with convert_db_errors():
        return int(DossierRow.select().count())
