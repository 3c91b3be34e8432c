"""Items set aside (rejections): recorded once per item, counted on each retry, resolved when
the item later succeeds. Also the small helpers shared by the ledger writes.

A rejection is identified by (dossier, provenance, kind, source id); ``kind`` is ``entry``,
``document``, ``fec_line`` or ``push``. Items without a source id are always new rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from meg_inqom_desktop.domain.provenance import Provenance
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, utcnow, write_transaction

_CHUNK = 500  # bound parameters per IN (...) query


def _now() -> str:
    return utcnow().isoformat(timespec="microseconds")


def _code(provenance: Provenance | str) -> str:
    return provenance.code if isinstance(provenance, Provenance) else provenance


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class RejectionItem:
    """An item set aside: what it is, why, and its raw payload (for the accountant)."""

    kind: str  # entry, document, fec_line, push
    source_id: str
    reason_code: str
    message: str
    raw_payload: str = ""


def _resolve_rejections(
    dossier_id: int | None,
    code: str,
    kind: str,
    source_ids: Sequence[str],
    now: str,
) -> int:
    if not source_ids:
        return 0
    open_one = execute(
        'SELECT 1 FROM "rejection" WHERE dossier_id IS NOT DISTINCT FROM ?'
        " AND resolved_at IS NULL LIMIT 1",
        (dossier_id,),
    ).fetchone()
    if open_one is None:
        return 0
    done = 0
    for chunk in _chunks(list(source_ids)):
        marks = ",".join("?" * len(chunk))
        cur = execute(
            'UPDATE "rejection" SET resolved_at = ? WHERE dossier_id IS NOT DISTINCT FROM ?'
            f" AND kind = ? AND provenance = ? AND resolved_at IS NULL AND source_id IN ({marks})",
            (now, dossier_id, kind, code, *chunk),
        )
        done += cur.rowcount
    return done


def record_rejections(
    dossier_id: int | None,
    items: Iterable[RejectionItem],
    *,
    provenance: Provenance | str,
    run_id: int | None = None,
) -> list[int]:
    """Set items aside; an item already set aside (same kind and source id) is updated.

    Updating means ``attempts + 1``, ``last_seen_at`` now, the new reason, and reopened if it
    had been resolved. Items without a source id are always new rows. Returns the row ids.
    """
    code = _code(provenance)
    now = _now()
    ids: list[int] = []
    with convert_db_errors(), write_transaction():
        for item in items:
            row = None
            if item.source_id:
                row = execute(
                    'SELECT id FROM "rejection" WHERE dossier_id IS NOT DISTINCT FROM ?'
                    " AND kind = ? AND source_id = ? AND provenance = ? ORDER BY id DESC LIMIT 1",
                    (dossier_id, item.kind, item.source_id, code),
                ).fetchone()
            if row is None:
                cur = execute(
                    'INSERT INTO "rejection" (dossier_id, provenance, source_id, kind,'
                    " reason_code, message, raw_payload, run_id, attempts, created_at,"
                    " last_seen_at, resolved_at) VALUES (?,?,?,?,?,?,?,?,1,?,?,NULL) RETURNING id",
                    (
                        dossier_id,
                        code,
                        item.source_id,
                        item.kind,
                        item.reason_code,
                        item.message,
                        item.raw_payload,
                        run_id,
                        now,
                        now,
                    ),
                )
                ids.append(int(cur.fetchone()[0]))
            else:
                execute(
                    'UPDATE "rejection" SET attempts = attempts + 1, last_seen_at = ?,'
                    " reason_code = ?, message = ?, raw_payload = ?,"
                    " run_id = COALESCE(?, run_id), resolved_at = NULL WHERE id = ?",
                    (now, item.reason_code, item.message, item.raw_payload, run_id, row[0]),
                )
                ids.append(int(row[0]))
    return ids


def record_rejection(
    dossier_id: int | None,
    item: RejectionItem,
    *,
    provenance: Provenance | str,
    run_id: int | None = None,
) -> int:
    """:func:`record_rejections` for one item; returns its row id."""
    return record_rejections(dossier_id, [item], provenance=provenance, run_id=run_id)[0]


def resolve_rejections(
    dossier_id: int | None,
    *,
    provenance: Provenance | str,
    kind: str,
    source_ids: Iterable[str],
) -> int:
    """Mark the open rejections of these items resolved (they succeeded since)."""
    with convert_db_errors(), write_transaction():
        return _resolve_rejections(dossier_id, _code(provenance), kind, list(source_ids), _now())
