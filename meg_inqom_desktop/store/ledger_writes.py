"""Writes to the ledger: the one writer of entries, conflicts, rejections, sync cursors.

Identity rule (DESIGN.md): an entry is unique by (dossier, provenance, source id). Pulling it
again with the same content changes nothing; with a different content it becomes a
:class:`~meg_inqom_desktop.store.models.Conflict` (one per entry and new fingerprint), never an
overwrite nor a second copy. The accountant later keeps the stored version or replaces it
(:func:`resolve_conflict`).

:func:`upsert_entries` is the only code that inserts entries, their lines and their documents:
the sync and the FEC import both call it. Entry ids come from the database (``INSERT ...
RETURNING``); ``ON CONFLICT DO NOTHING`` on the identity makes a concurrent insert of the same
entry harmless. Every public function runs in one transaction; :func:`page_transaction` groups
several calls (a sync page: entries, rejections, cursor) into one, and calls made inside it
become savepoints. Entries passed in must have passed ``domain.validation.validate_entry``: an
entry without a date or with sub-cent amounts makes the whole call fail with
:class:`~meg_inqom_desktop.errors.InvalidEntry`, nothing written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.provenance import Provenance
from meg_inqom_desktop.errors import InvalidEntry, InvalidInput
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import (
    execute,
    executemany,
    insert_rows,
    is_postgres,
    write_transaction,
)
from meg_inqom_desktop.store.entry_payload import entry_from_json, entry_to_json
from meg_inqom_desktop.store.rejections import (
    RejectionItem,
    _chunks,
    _code,
    _now,
    _resolve_rejections,
    record_rejection,
    record_rejections,
    resolve_rejections,
)

_ENTRY_COLUMNS = (
    "dossier_id, provenance, source_id, journal_code, journal_label, number, date, piece_ref,"
    " piece_date, label, validation_date, total_cents, fingerprint, created_at"
)
_ENTRY_MARKS = "(" + ",".join("?" * 14) + ")"
_ENTRIES_PER_INSERT = 500  # 14 parameters each: well under SQLite's 32,766
_ENTRY_ARRAYS = (  # PostgreSQL: the columns of _ENTRY_COLUMNS as arrays, for unnest()
    "?::integer[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[],"
    " ?::text[], ?::date[], ?::text[], ?::date[], ?::bigint[], ?::text[], ?::text[]"
)
_LINE_COLUMNS = (
    "entry_id", "line_no", "dossier_id", "provenance", "journal_code", "date", "piece_ref",
    "account", "account_label", "aux_account", "aux_label", "label", "debit_cents",
    "credit_cents", "lettering", "lettering_date", "currency_amount_cents", "currency",
    "source_id",
)  # fmt: skip
_DOC_SQL = (
    'INSERT INTO "document" (entry_id, dossier_id, source_id, filename, media_type, size,'
    " sha256, created_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (entry_id, source_id) DO NOTHING"
)
# The ledger's integer columns are 64-bit: amounts beyond them cannot be stored.
_MAX_CENTS = 2**63 - 1


@dataclass(frozen=True)
class UpsertResult:
    """What one :func:`upsert_entries` call did.

    ``conflicts`` counts entries that differ from the stored version and wait for a decision
    (``conflict_ids`` are their :class:`Conflict` rows); ``new_entry_ids`` are the ids of the
    entries inserted, in input order (what the sync pushes to Inqom).
    """

    new: int = 0
    unchanged: int = 0
    conflicts: int = 0
    conflict_ids: tuple[int, ...] = ()
    new_entry_ids: tuple[int, ...] = ()
    new_lines: int = 0


@contextlib.contextmanager
def page_transaction() -> Iterator[None]:
    """One write transaction around several ledger writes.

    ``with page_transaction(): upsert_entries(...); record_rejections(...)`` commits both or
    neither.
    """
    with convert_db_errors(), write_transaction():
        yield


def _existing(dossier_id: int, code: str, source_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
    """source_id -> (entry id, fingerprint) of the entries already stored."""
    found: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(source_ids):
        marks = ",".join("?" * len(chunk))
        rows = execute(
            f'SELECT source_id, id, fingerprint FROM "entry" WHERE dossier_id = ? '
            f"AND provenance = ? AND source_id IN ({marks})",
            (dossier_id, code, *chunk),
        )
        for sid, eid, fp in rows:
            found[sid] = (eid, fp)
    return found


def _cents(entry: Entry, value: Decimal) -> int:
    """Exact integer cents of an amount (the hot path of every write)."""
    try:
        scaled = value.scaleb(2)
        cents = int(scaled)
    except (AttributeError, ArithmeticError, ValueError, TypeError) as exc:
        raise _not_storable(entry, value, str(exc)) from exc
    if cents != scaled:
        raise _not_storable(entry, value, "montant au-delà du centime")
    if not -_MAX_CENTS <= cents <= _MAX_CENTS:
        raise _not_storable(entry, value, "montant trop grand pour le registre")
    return cents


def _not_storable(entry: Entry, value: object, why: str) -> InvalidEntry:
    return InvalidEntry(
        message=f"Écriture {entry.source_id} : montant {value} non stockable ({why}).",
        source_id=entry.source_id,
    )


def _entry_values(
    entry: Entry, dossier_id: int, code: str, fingerprint: str, now: str
) -> tuple[Any, ...]:
    """The ``entry`` row's values (columns of ``_ENTRY_COLUMNS``)."""
    if entry.date is None:
        raise InvalidEntry(
            message=f"Écriture {entry.source_id} sans date : elle ne peut pas être enregistrée.",
            source_id=entry.source_id,
        )
    return (
        dossier_id,
        code,
        entry.source_id,
        entry.journal.code,
        entry.journal.label,
        entry.number,
        entry.date.isoformat(),
        entry.piece_ref,
        entry.piece_date.isoformat() if entry.piece_date else None,
        entry.label,
        entry.validation_date.isoformat() if entry.validation_date else None,
        sum(_cents(entry, ln.debit) for ln in entry.lines),
        fingerprint,
        now,
    )


def _line_rows(entry: Entry, entry_id: int, dossier_id: int, code: str) -> list[tuple[Any, ...]]:
    """The ``entry_line`` rows of a stored entry (each line's own date and piece reference
    where it has them)."""
    assert entry.date is not None  # checked by _entry_values
    day = entry.date.isoformat()
    journal = entry.journal.code
    piece = entry.piece_ref
    return [
        (
            entry_id,
            no,
            dossier_id,
            code,
            journal,
            day if ln.date is None else ln.date.isoformat(),
            piece if ln.piece_ref is None else ln.piece_ref,
            ln.account,
            ln.account_label,
            ln.aux_account,
            ln.aux_label,
            ln.label,
            _cents(entry, ln.debit),
            _cents(entry, ln.credit),
            ln.lettering,
            ln.lettering_date.isoformat() if ln.lettering_date else None,
            None if ln.currency_amount is None else _cents(entry, ln.currency_amount),
            ln.currency,
            ln.source_id,
        )
        for no, ln in enumerate(entry.lines, start=1)
    ]


def _doc_rows(entry: Entry, entry_id: int, dossier_id: int, now: str) -> list[tuple[Any, ...]]:
    return [
        (entry_id, dossier_id, d.source_id, d.filename, d.media_type, d.size, d.sha256, now)
        for d in entry.documents
    ]


def _insert_entries(values: Sequence[tuple[Any, ...]]) -> dict[str, int]:
    """Insert entry rows (skipping any whose identity exists); source_id -> new id."""
    ids: dict[str, int] = {}
    if is_postgres() and values:
        # one array per column: one short statement for any number of entries, where a
        # VALUES list of 14 parameters per entry costs more to send and plan than to run
        rows = execute(
            f'INSERT INTO "entry" ({_ENTRY_COLUMNS}) SELECT * FROM unnest({_ENTRY_ARRAYS})'
            " ON CONFLICT (dossier_id, provenance, source_id) DO NOTHING"
            " RETURNING source_id, id",
            [list(column) for column in zip(*values, strict=True)],
        ).fetchall()
        return dict(rows)
    for chunk in _chunks(values, _ENTRIES_PER_INSERT):
        params = [v for row in chunk for v in row]
        rows = execute(
            f'INSERT INTO "entry" ({_ENTRY_COLUMNS}) VALUES '
            + ",".join([_ENTRY_MARKS] * len(chunk))
            + " ON CONFLICT (dossier_id, provenance, source_id) DO NOTHING"
            " RETURNING source_id, id",
            params,
        ).fetchall()
        ids.update(rows)
    return ids


def _record_conflict(
    entry_id: int,
    dossier_id: int,
    entry: Entry,
    fingerprint: str,
    now: str,
) -> int | None:
    """The id of the pending conflict for this new version; None if the user already kept it."""
    row = execute(
        'SELECT id, resolved_at FROM "conflict" WHERE entry_id = ? AND new_fingerprint = ?',
        (entry_id, fingerprint),
    ).fetchone()
    if row is None:
        cur = execute(
            'INSERT INTO "conflict" (entry_id, dossier_id, new_fingerprint, new_payload,'
            " detected_at, resolved_at, resolution) VALUES (?,?,?,?,?,NULL,'') RETURNING id",
            (entry_id, dossier_id, fingerprint, entry_to_json(entry), now),
        )
        return int(cur.fetchone()[0])
    conflict_id, resolved_at = row
    if resolved_at is not None:
        return None  # the accountant already decided for this version
    return int(conflict_id)


def upsert_entries(
    dossier_id: int,
    entries: Iterable[Entry],
    *,
    provenance: Provenance | str,
    cursor: tuple[str, str] | None = None,
    compare: bool = True,
) -> UpsertResult:
    """Store new entries, count unchanged ones, record conflicts; one transaction.

    ``cursor=(source, value)`` advances that sync cursor in the same transaction. Entries
    succeeding here resolve their open ``Rejection`` (kind ``entry``). ``compare=False`` (FEC
    import, whose source ids are content keys): an entry already stored is unchanged whatever
    its fingerprint (only its EcritureNum can differ).
    """
    code = _code(provenance)
    items = list(entries)
    now = _now()
    with convert_db_errors(), write_transaction():
        fresh: dict[str, tuple[Entry, str, tuple[Any, ...]]] = {}
        repeats: list[tuple[Entry, str]] = []
        for entry in items:
            fp = entry.fingerprint()
            if entry.source_id in fresh:  # twice in one call: compared with the first
                repeats.append((entry, fp))
            else:
                values = _entry_values(entry, dossier_id, code, fp, now)
                fresh[entry.source_id] = (entry, fp, values)
        # Insert first: the unique index tells which entries are new. Looking them up before
        # would depend on the planner's statistics, which lag behind a big first import.
        ids = _insert_entries([v for _, _, v in fresh.values()])
        stored = _existing(dossier_id, code, [sid for sid in fresh if sid not in ids])
        changed: list[tuple[int, Entry, str]] = []
        ok_source_ids: list[str] = []
        unchanged = 0
        line_rows: list[tuple[Any, ...]] = []
        doc_rows: list[tuple[Any, ...]] = []
        new_ids: list[int] = []
        for sid, (entry, fp, _values) in fresh.items():
            entry_id = ids.get(sid)
            if entry_id is None:  # stored before (or meanwhile by another writer)
                known_id, known_fp = stored[sid]
                if known_fp == fp or not compare:
                    unchanged += 1
                    ok_source_ids.append(sid)
                else:
                    changed.append((known_id, entry, fp))
                continue
            ok_source_ids.append(sid)
            new_ids.append(entry_id)
            line_rows.extend(_line_rows(entry, entry_id, dossier_id, code))
            doc_rows.extend(_doc_rows(entry, entry_id, dossier_id, now))
        for entry, fp in repeats:
            sid = entry.source_id
            first_id = ids.get(sid)
            if first_id is None:  # compared with the stored version
                first_id, first_fp = stored[sid]
            else:
                first_fp = fresh[sid][1]
            if first_fp == fp or not compare:
                unchanged += 1
                ok_source_ids.append(sid)
            else:
                changed.append((first_id, entry, fp))
        insert_rows("entry_line", _LINE_COLUMNS, line_rows)
        if doc_rows:
            executemany(_DOC_SQL, doc_rows)
        conflict_ids: list[int] = []
        conflicts = 0
        for entry_id, entry, fp in changed:
            cid = _record_conflict(entry_id, dossier_id, entry, fp, now)
            if cid is None:  # this version was already seen and kept aside by the user
                unchanged += 1
                ok_source_ids.append(entry.source_id)
                continue
            conflicts += 1
            if cid not in conflict_ids:
                conflict_ids.append(cid)
        _resolve_rejections(dossier_id, code, "entry", ok_source_ids, now)
        if cursor is not None:
            _set_cursor(dossier_id, cursor[0], cursor[1], now)
    return UpsertResult(
        new=len(new_ids),
        unchanged=unchanged,
        conflicts=conflicts,
        conflict_ids=tuple(conflict_ids),
        new_entry_ids=tuple(new_ids),
        new_lines=len(line_rows),
    )


# --- sync cursors -------------------------------------------------------------------------


def _set_cursor(dossier_id: int, source: str, value: str, now: str) -> None:
    execute(
        'INSERT INTO "sync_cursor" (dossier_id, source, cursor, updated_at) VALUES (?,?,?,?) '
        "ON CONFLICT (dossier_id, source) DO UPDATE SET cursor = excluded.cursor, "
        "updated_at = excluded.updated_at",
        (dossier_id, source, value, now),
    )


def get_cursor(dossier_id: int, source: str) -> str | None:
    """Where the feed ``source`` of the dossier stopped; None before the first page."""
    with convert_db_errors():
        row = execute(
            'SELECT cursor FROM "sync_cursor" WHERE dossier_id = ? AND source = ?',
            (dossier_id, source),
        ).fetchone()
    return None if row is None else str(row[0])


def set_cursor(dossier_id: int, source: str, value: str) -> None:
    """Record the cursor (inside :func:`page_transaction` to commit it with its page)."""
    with convert_db_errors(), write_transaction():
        _set_cursor(dossier_id, source, value, _now())


def forget_cursor(dossier_id: int, source: str) -> bool:
    """Forget where the feed ``source`` of the dossier stopped: the next run reads it from the
    start (entries already stored are recognised, not stored twice). True if one was kept."""
    with convert_db_errors(), write_transaction():
        cur = execute(
            'DELETE FROM "sync_cursor" WHERE dossier_id = ? AND source = ?', (dossier_id, source)
        )
    return bool(cur.rowcount)


# --- conflicts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictInfo:
    """A pending (or resolved) conflict: the stored entry and the new version's payload."""

    id: int
    entry_id: int
    dossier_id: int
    source_id: str
    provenance: str
    stored_fingerprint: str
    new_fingerprint: str
    new_entry: Entry
    detected_at: str
    resolved_at: str | None
    resolution: str


def list_conflicts(dossier_id: int, *, pending_only: bool = True) -> list[ConflictInfo]:
    """Conflicts of a dossier, oldest first."""
    sql = (
        "SELECT c.id, c.entry_id, c.dossier_id, e.source_id, e.provenance, e.fingerprint,"
        " c.new_fingerprint, c.new_payload, c.detected_at, c.resolved_at, c.resolution"
        ' FROM "conflict" c JOIN "entry" e ON e.id = c.entry_id WHERE c.dossier_id = ?'
    )
    if pending_only:
        sql += " AND c.resolved_at IS NULL"
    with convert_db_errors():
        rows = execute(sql + " ORDER BY c.id", (dossier_id,)).fetchall()
    return [
        ConflictInfo(
            id=r[0],
            entry_id=r[1],
            dossier_id=r[2],
            source_id=r[3],
            provenance=r[4],
            stored_fingerprint=r[5],
            new_fingerprint=r[6],
            new_entry=entry_from_json(r[7]),
            detected_at=r[8],
            resolved_at=r[9],
            resolution=r[10],
        )
        for r in rows
    ]


def resolve_conflict(conflict_id: int, action: str) -> None:
    """``action="keep"`` keeps the stored entry; ``"replace"`` rewrites it with the new one.

    Replacing rewrites the entry's columns, lines and document rows in one transaction (the
    pièces' bytes stay in the content store). Other pending conflicts of the same entry stay
    pending.
    """
    if action not in ("keep", "replace"):
        raise ValueError(f"unknown conflict action {action!r}")
    now = _now()
    with convert_db_errors(), write_transaction():
        row = execute(
            "SELECT c.entry_id, c.dossier_id, c.new_fingerprint, c.new_payload, c.resolved_at,"
            ' e.provenance FROM "conflict" c JOIN "entry" e ON e.id = c.entry_id'
            " WHERE c.id = ?",
            (conflict_id,),
        ).fetchone()
        if row is None:
            raise InvalidInput("Conflit introuvable", f"Le conflit {conflict_id} n'existe plus.")
        entry_id, dossier_id, fp, payload, resolved_at, code = row
        if resolved_at is not None:
            raise InvalidInput(
                "Conflit déjà traité", f"Le conflit {conflict_id} a déjà été résolu."
            )
        if action == "replace":
            entry = entry_from_json(payload)
            values = _entry_values(entry, dossier_id, code, fp, now)
            execute('DELETE FROM "entry_line" WHERE entry_id = ?', (entry_id,))
            execute('DELETE FROM "document" WHERE entry_id = ?', (entry_id,))
            execute(
                'UPDATE "entry" SET journal_code = ?, journal_label = ?, number = ?, date = ?,'
                " piece_ref = ?, piece_date = ?, label = ?, validation_date = ?,"
                " total_cents = ?, fingerprint = ? WHERE id = ?",
                (*values[3:13], entry_id),
            )
            insert_rows("entry_line", _LINE_COLUMNS, _line_rows(entry, entry_id, dossier_id, code))
            executemany(_DOC_SQL, _doc_rows(entry, entry_id, dossier_id, now))
        execute(
            'UPDATE "conflict" SET resolved_at = ?, resolution = ? WHERE id = ?',
            (now, "kept" if action == "keep" else "replaced", conflict_id),
        )


__all__ = [
    "ConflictInfo",
    "RejectionItem",
    "UpsertResult",
    "get_cursor",
    "list_conflicts",
    "page_transaction",
    "record_rejection",
    "record_rejections",
    "resolve_conflict",
    "resolve_rejections",
    "set_cursor",
    "upsert_entries",
]
