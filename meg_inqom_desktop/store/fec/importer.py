"""Importing a FEC file into a dossier of the ledger (provenance "Import FEC").

All or nothing by default: every entry of the file goes in, or nothing does and the result
says why (lines that cannot be read, entries that do not balance). A finding that only makes
the file non-conforming for the administration (an empty ValidDate, PieceRef or JournalLib, a
file name Test Compta Demat refuses...) is reported, never a reason to leave lines out: such
entries are stored as they came (an entry without ValidDate is stored as not validated) and
exported back the same. ``partial=True`` imports what can be and sets the rest aside as
``Rejection`` rows with their reasons.

Before anything is written, :func:`import_questions` lists what the accountant must confirm (a
dossier that does not exist yet, a file whose name's SIREN is not the dossier's); without
``force``, :func:`import_fec` refuses with :class:`FecNeedsConfirmation`.

The check (:func:`check_fec`) picks how lines group into entries; each entry becomes a domain
:class:`~meg_inqom_desktop.domain.entry.Entry` stored by the ledger's one entry writer
(:func:`~meg_inqom_desktop.store.ledger_writes.upsert_entries`, in batches), all in one
transaction. The usual file (entries numbered per journal, each entry's lines together) is
imported in that single pass: entries are stored as their runs of lines end, under a
savepoint; if the check then chooses another grouping, or finds an entry whose lines are
scattered, the savepoint is rolled back and a second streamed pass imports with the chosen
grouping. A cancellation (``cancelled`` returning True) rolls everything back.

Identity: (dossier, provenance, source_id), the source id being content-based (see
``domain.fec.convert``): importing the same entries again adds nothing, even renumbered by
another software (a corrected entry has a new content, hence a new source id: it is added,
never overwritten); the same file twice is recognised by its sha256 and says so.

Each line keeps its own EcritureDate and PieceRef (identical to the entry's in a well-formed
file; they differ only where a file's numbering forced a running-balance grouping), so an export
gives back the lines as they came.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.fec.convert import SourceIds
from meg_inqom_desktop.domain.fec.fields import format_cents
from meg_inqom_desktop.domain.fec.grouping import JOURNAL_NUM, Grouper
from meg_inqom_desktop.domain.fec.naming import parse_fec_name
from meg_inqom_desktop.domain.fec.report import FecReport, Finding
from meg_inqom_desktop.domain.fec.rows import FecRow
from meg_inqom_desktop.domain.provenance import FEC_IMPORT
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.errors import InvalidInput, MegInqomError
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, utcnow, write_transaction
from meg_inqom_desktop.store.dossiers import get_dossier, get_or_create_dossier
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


class FecNeedsConfirmation(InvalidInput):
    """The import waits for the accountant's word (``questions``: what to confirm)."""

    title = "Confirmation nécessaire"
    code = "fec_confirmation_needed"

    def __init__(self, questions: list[ImportQuestion]) -> None:
        super().__init__(
            message=" ".join(q.message for q in questions)
            + " Confirmez pour importer quand même ; rien n'a été importé.",
            questions=[q.code for q in questions],
        )
        self.questions = questions


class FecImportCancelled(MegInqomError):
    title = "Import annulé"
    code = "fec_import_cancelled"


@dataclass(frozen=True)
class ImportQuestion:
    """Something to confirm before importing: ``code`` for scripts, ``message`` in French."""

    code: str  # new_dossier, siren_mismatch, name_without_siren
    message: str


@dataclass
class FecImportResult:
    """What one import did (``already_imported``: the same file was imported before;
    ``refused``: nothing was imported, ``report.blocking()`` says why)."""

    dossier_id: int
    dossier_created: bool
    report: FecReport
    sha256: str
    partial: bool = False  # asked for: what could be imported was, the rest set aside
    refused: bool = False
    already_imported: bool = False
    previous_import: str = ""  # ISO timestamp of the earlier import of the same file
    entries_new: int = 0
    entries_unchanged: int = 0
    entries_rejected: int = 0
    entries_not_validated: int = 0  # stored without ValidDate
    # lines whose JournalLib, PieceDate or ValidDate differ from their entry's first line: the
    # ledger keeps these per entry, so they take the first line's
    lines_entry_fields: int = 0
    lines_new: int = 0
    lines_rejected: int = 0
    rejection_ids: list[int] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        """Why lines were left out (refused, or set aside by a partial import)."""
        return self.report.blocking()

    def as_dict(self) -> dict[str, Any]:
        return {
            "dossier_id": self.dossier_id,
            "dossier_created": self.dossier_created,
            "file": self.report.filename,
            "sha256": self.sha256,
            "partial": self.partial,
            "refused": self.refused,
            "already_imported": self.already_imported,
            "previous_import": self.previous_import,
            "grouping": self.report.grouping.key if self.report.grouping else None,
            "grouping_reason": self.report.grouping.reason if self.report.grouping else "",
            "entries_in_file": self.report.entries,
            "entries_new": self.entries_new,
            "entries_unchanged": self.entries_unchanged,
            "entries_rejected": self.entries_rejected,
            "entries_not_validated": self.entries_not_validated,
            "lines_in_file": self.report.rows + len(self.report.rejected_lines),
            "lines_new": self.lines_new,
            "lines_rejected": self.lines_rejected,
            "lines_unreadable": len(self.report.rejected_lines),
            "lines_entry_fields": self.lines_entry_fields,
            "entries_unbalanced": self.report.unbalanced_entries,
            "errors": self.report.errors,
            "alerts": self.report.alerts,
            "conforming": self.report.conforming,
            "problems": [f.as_dict() for f in self.problems],
        }


def import_questions(path: Path | str, siret: Siret | str) -> list[ImportQuestion]:
    """What to confirm before importing ``path`` into the dossier of ``siret`` (empty: nothing).

    Raises ``InvalidSiret`` for a SIRET that is not one.
    """
    siret = siret if isinstance(siret, Siret) else Siret.parse(siret)
    name = Path(path).name
    questions: list[ImportQuestion] = []
    if get_dossier(siret) is None:
        questions.append(
            ImportQuestion(
                "new_dossier",
                f"Le dossier {siret} n'existe pas encore : l'import le crée.",
            )
        )
    siren = parse_fec_name(name).siren
    if not siren:
        questions.append(
            ImportQuestion(
                "name_without_siren",
                f"Le nom « {name} » ne donne pas de SIREN (modèle SirenFECAAAAMMJJ) : rien ne "
                f"dit que ce FEC est celui de l'entreprise {siret.siren}.",
            )
        )
    elif siren != siret.siren:
        questions.append(
            ImportQuestion(
                "siren_mismatch",
                f"Le nom « {name} » porte le SIREN {siren}, le dossier {siret} celui de "
                f"l'entreprise {siret.siren} : ce FEC vient-il bien de cette entreprise ?",
            )
        )
    return questions


def import_fec(
    path: Path | str,
    siret: Siret | str,
    *,
    scan: FecScan | None = None,
    check_progress: ProgressFn | None = None,
    import_progress: ProgressFn | None = None,
    dossier_name: str = "",
    partial: bool = False,
    force: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> FecImportResult:
    """Import ``path`` into the dossier of ``siret``; see the module doc.

    ``force``: import without asking (:func:`import_questions`). ``partial``: import what can
    be and set the rest aside. ``cancelled`` is polled as the file is read; when it returns
    True, :class:`FecImportCancelled` is raised and nothing is kept. ``scan`` (a check already
    made) skips the single-pass attempt.
    """
    path = Path(path)
    if not force:
        questions = import_questions(path, siret)
        if questions:
            raise FecNeedsConfirmation(questions)
    if cancelled is not None:
        check_progress = _cancellable(check_progress, cancelled)
        import_progress = _cancellable(import_progress, cancelled)
    sha256 = file_sha256(path)
    try:
        return _import(
            path, siret, sha256, scan, check_progress, import_progress, dossier_name, partial
        )
    except _Refused as refused:
        return refused.result


class _Refused(Exception):
    """Raised inside the import's transaction to roll it back, carrying the result."""

    def __init__(self, result: FecImportResult) -> None:
        super().__init__("refused")
        self.result = result


def _cancellable(progress: ProgressFn | None, cancelled: Callable[[], bool]) -> ProgressFn:
    def report(done: int) -> None:
        if cancelled():
            raise FecImportCancelled(message="L'import a été annulé : rien n'a été importé.")
        if progress is not None:
            progress(done)

    return report


def _import(
    path: Path,
    siret: Siret | str,
    sha256: str,
    scan: FecScan | None,
    check_progress: ProgressFn | None,
    import_progress: ProgressFn | None,
    dossier_name: str,
    partial: bool,
) -> FecImportResult:
    # One transaction for everything, the dossier's creation included: a refused, unreadable
    # or cancelled import leaves nothing behind.
    with convert_db_errors(), write_transaction():
        dossier, created = get_or_create_dossier(siret, name=dossier_name)
        result = FecImportResult(dossier.id, created, FecReport(path.name), sha256, partial)
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
            speculation = _SinglePass(_EntrySink(dossier.id, result, path.name, partial))
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
        if not partial and not report.importable:
            _reset(result)
            result.refused = True
            result.lines_rejected = len(report.rejected_lines) + report.unbalanced_lines
            result.entries_rejected = report.unbalanced_entries
            raise _Refused(result)
        if sink is None:
            _reset(result)
            sink = _EntrySink(dossier.id, result, path.name, partial)
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
    result.entries_not_validated = result.lines_new = result.lines_rejected = 0
    result.lines_entry_fields = 0


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


class _EntrySink:
    """Turns complete entries into domain entries stored by ``upsert_entries``, in batches.

    Unless ``partial``, the first line or entry set aside stops the storing: the import will
    be refused, so the rest is only read (for the report).
    """

    def __init__(self, dossier_id: int, result: FecImportResult, filename: str, partial: bool):
        self.dossier_id = dossier_id
        self.result = result
        self.filename = filename
        self.partial = partial
        self.source_ids = SourceIds()
        self.batch: list[Entry] = []
        self.batch_lines = 0
        self.rejections: list[RejectionItem] = []
        self._closed = False

    def flush(self) -> None:
        if self.batch and (self.partial or not self.rejections):
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
        if self.rejections and not self.partial:
            return  # refused in the end: nothing more to store
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
                    f"{first.journal_code} {first.number} {first.piece_ref} non équilibrée "
                    f"(écart {format_cents(net)}).",
                    _raw(rows),
                )
            )
            return
        if entry.validation_date is None:
            self.result.entries_not_validated += 1
        if len(rows) > 1:
            first = rows[0]
            jl, pd, vd = first.journal_lib, first.piece_date, first.validation_date
            for r in rows:
                if r.piece_date != pd or r.validation_date != vd or r.journal_lib != jl:
                    self.result.lines_entry_fields += 1
        self.batch.append(entry)
        self.batch_lines += len(rows)
        if self.batch_lines >= BATCH_LINES:
            self.flush()
