"""Importing a FEC file into a dossier of the ledger (provenance "Import FEC").

The check (:func:`check_fec`) picks how lines group into entries; each entry becomes a domain
:class:`~meg_inqom_desktop.domain.entry.Entry` stored by the ledger's one entry writer
(:func:`~meg_inqom_desktop.store.ledger_writes.upsert_entries`, in batches), all in one
transaction. The usual file (entries numbered per journal, each entry's lines together) is
imported in that single pass: entries are stored as their runs of lines end, under a
savepoint; if the check then chooses another grouping, or finds an entry whose lines are
scattered, the savepoint is rolled back and a second streamed pass imports with the chosen
grouping. Lines with an error and entries that do not balance are set aside as ``Rejection``
rows with their reasons; the rest is imported.

Identity: (dossier, provenance, source_id), the source id being content-based (see
``domain.fec.convert``): importing the same entries again adds nothing, even renumbered by
another software (a corrected entry has a new content, hence a new source id: it is added,
never overwritten); the same file twice is recognised by its sha256 and says so.

Each line keeps its own EcritureDate and PieceRef (identical to the entry's in a well-formed
file; they differ only where a file's numbering forced a running-balance grouping), so an export
gives back the lines as they came.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.fec.convert import SourceIds
from meg_inqom_desktop.domain.fec.fields import format_cents
from meg_inqom_desktop.domain.fec.grouping import JOURNAL_NUM, Grouper
from meg_inqom_desktop.domain.fec.report import FecReport
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.domain.provenance import FEC_IMPORT
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.errors import InvalidInput
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, utcnow, write_transaction
from meg_inqom_desktop.store.dossiers import get_or_create_dossier
from meg_inqom_desktop.store.fec.check import FecScan, LineRejected, check_fec, file_sha256
from meg_inqom_desktop.store.fec.reader import ProgressFn
from meg_inqom_desktop.store.ledger_writes import (
    RejectionItem,
    record_rejections,
    upsert_entries,
)

BATCH_LINES = 5_000


class FecUnreadable(InvalidInput):
    title = "FEC illisible"
    code = "fec_unreadable"


@dataclass
class FecImportResult:
    """What one import did (``already_imported``: the same file was imported before)."""

    dossier_id: int
    dossier_created: bool
    report: FecReport
    sha256: str
    already_imported: bool = False
    previous_import: str = ""  # ISO timestamp of the earlier import of the same file
    entries_new: int = 0
    entries_unchanged: int = 0
    entries_rejected: int = 0
    lines_new: int = 0
    lines_rejected: int = 0
    rejection_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dossier_id": self.dossier_id,
            "dossier_created": self.dossier_created,
            "file": self.report.filename,
            "sha256": self.sha256,
            "already_imported": self.already_imported,
            "previous_import": self.previous_import,
            "grouping": self.report.grouping.key if self.report.grouping else None,
            "entries_new": self.entries_new,
            "entries_unchanged": self.entries_unchanged,
            "entries_rejected": self.entries_rejected,
            "lines_new": self.lines_new,
            "lines_rejected": self.lines_rejected,
            "errors": self.report.errors,
            "alerts": self.report.alerts,
        }


def _raw(rows: list[FecRow]) -> str:
    return "\n".join(
        "\t".join(
            (
                r.journal_code,
                r.number,
                r.date.isoformat(),
                r.account,
                r.piece_ref,
                r.label,
                format_cents(r.debit),
                format_cents(r.credit),
            )
        )
        for r in rows
    )


def import_fec(
    path: Path | str,
    siret: Siret | str,
    *,
    scan: FecScan | None = None,
    check_progress: ProgressFn | None = None,
    import_progress: ProgressFn | None = None,
    dossier_name: str = "",
) -> FecImportResult:
    """Import ``path`` into the dossier of ``siret`` (created if needed); see the module doc.

    ``scan`` (a check already made) skips the single-pass attempt.
    """
    path = Path(path)
    sha256 = file_sha256(path)
    # One transaction for everything, the dossier's creation included: an unreadable file
    # leaves nothing behind.
    with convert_db_errors(), write_transaction():
        dossier, created = get_or_create_dossier(siret, name=dossier_name)
        result = FecImportResult(dossier.id, created, FecReport(path.name), sha256)
        prior = execute(
            'SELECT imported_at, entries_new, entries_unchanged FROM "import_record" '
            "WHERE dossier_id = ? AND sha256 = ? ORDER BY id LIMIT 1",
            (dossier.id, sha256),
        ).fetchone()
        if prior is not None:
            result.already_imported = True
            result.previous_import = str(prior[0])
            result.entries_unchanged = int(prior[1]) + int(prior[2])
            return result
        sink: _EntrySink | None = None
        if scan is None:
            execute("SAVEPOINT fec_single_pass")
            speculation = _SinglePass(_EntrySink(dossier.id, result, path.name))
            scan = check_fec(path, progress=check_progress, sink=speculation)
            speculation.close()
            if scan.contiguous and scan.readable and scan.grouping_key == JOURNAL_NUM:
                sink = speculation.sink
                execute("RELEASE fec_single_pass")
            else:
                execute("ROLLBACK TO fec_single_pass")
                execute("RELEASE fec_single_pass")
        report = scan.report
        result.report = report
        if not scan.readable:
            worst = next((f.message for f in report.findings if f.severity.value == "error"), "")
            raise FecUnreadable(
                message=f"{path.name} ne peut pas être lu ligne à ligne : {worst}", file=str(path)
            )
        if sink is None:
            _reset(result)
            sink = _EntrySink(dossier.id, result, path.name)
            _second_pass(scan, sink, import_progress)
            sink.close()
        if sink.rejections:
            result.rejection_ids = record_rejections(
                dossier.id, sink.rejections, provenance=FEC_IMPORT
            )
        execute(
            'INSERT INTO "import_record" (dossier_id, filename, sha256, imported_at,'
            " entries_new, entries_unchanged, lines_rejected) VALUES (?,?,?,?,?,?,?)",
            (
                dossier.id,
                path.name,
                sha256,
                utcnow().isoformat(timespec="microseconds"),
                result.entries_new,
                result.entries_unchanged,
                result.lines_rejected,
            ),
        )
    return result


def _reset(result: FecImportResult) -> None:
    result.entries_new = result.entries_unchanged = result.entries_rejected = 0
    result.lines_new = result.lines_rejected = 0


def _second_pass(scan: FecScan, sink: _EntrySink, progress: ProgressFn | None) -> None:
    """Read the file again and store each entry of the chosen grouping."""

    def valid_rows() -> Iterator[FecRow]:
        for item in scan.rows(progress):
            if isinstance(item, FecRow):
                yield item
            else:
                sink.rejected(item)

    grouper = Grouper(scan.grouping_key, scan.expected)
    store = sink.store
    for _key, rows in grouper.run(valid_rows()):
        store(rows)


class _SinglePass:
    """The check pass's sink: stores each run of journal + EcritureNum lines as an entry."""

    def __init__(self, sink: _EntrySink) -> None:
        self.sink = sink
        self.run = sink.store
        self.rejected = sink.rejected

    def close(self) -> None:
        self.sink.close()


class _EntrySink:
    """Turns complete entries into domain entries stored by ``upsert_entries``, in batches."""

    def __init__(self, dossier_id: int, result: FecImportResult, filename: str) -> None:
        self.dossier_id = dossier_id
        self.result = result
        self.filename = filename
        self.source_ids = SourceIds()
        self.batch: list[Entry] = []
        self.batch_lines = 0
        self.rejections: list[RejectionItem] = []
        self._closed = False

    def flush(self) -> None:
        if self.batch:
            stored = upsert_entries(
                self.dossier_id, self.batch, provenance=FEC_IMPORT, compare=False
            )
            self.result.entries_new += stored.new
            self.result.entries_unchanged += stored.unchanged
            self.result.lines_new += stored.new_lines
            self.batch, self.batch_lines = [], 0

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.flush()

    def rejected(self, item: LineRejected) -> None:
        self.result.lines_rejected += 1
        first = item.findings[0] if item.findings else None
        self.rejections.append(
            RejectionItem(
                "fec_line",
                f"{self.filename}:{item.line_no}",
                first.rule if first else "fec_line",
                f"{self.filename}, ligne {item.line_no} : "
                + " ; ".join(
                    f"{f.column} : {f.message}" if f.column else f.message for f in item.findings
                ),
                "\t".join(item.fields),
            )
        )

    def store(self, rows: list[FecRow]) -> None:
        """Store one entry (or set it aside when it does not balance)."""
        entry = self.source_ids.entry(rows)
        net = sum(r.debit - r.credit for r in rows)
        if net:
            first = rows[0]
            self.result.entries_rejected += 1
            self.result.lines_rejected += len(rows)
            self.rejections.append(
                RejectionItem(
                    "entry",
                    entry.source_id,
                    "unbalanced",
                    f"{self.filename}, lignes {first.line_no} à {rows[-1].line_no} : écriture "
                    f"{first.journal_code} {first.number} non équilibrée (écart "
                    f"{format_cents(net)}).",
                    _raw(rows),
                )
            )
            return
        self.batch.append(entry)
        self.batch_lines += len(rows)
        if self.batch_lines >= BATCH_LINES:
            self.flush()
