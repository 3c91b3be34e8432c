"""Checking a FEC file (first pass) and streaming its entries (second pass).

:func:`check_fec` reads the file once and returns a :class:`FecScan`: the report (errors,
alerts, accounting checks) and the grouping it chose. :meth:`FecScan.entries` then reads the
file again and yields each entry's lines as soon as the entry is complete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from meg_inqom_desktop.domain.fec import columns as C
from meg_inqom_desktop.domain.fec.grouping import FecChecker, Grouper
from meg_inqom_desktop.domain.fec.naming import parse_fec_name
from meg_inqom_desktop.domain.fec.regime import FecRegime
from meg_inqom_desktop.domain.fec.report import FecReport, Finding, Severity
from meg_inqom_desktop.domain.fec.rows import FecRow, make_row_parser
from meg_inqom_desktop.store.fec.reader import ProgressFn, open_fec, read_lines

_SNIFF_LINES = 1000


@dataclass(frozen=True)
class LineRejected:
    """A line set aside by the check, with its fields and findings."""

    line_no: int
    fields: list[str]
    findings: list[Finding]


@dataclass
class FecScan:
    """A checked file: its report and what the second pass needs."""

    path: Path
    report: FecReport
    grouping_key: str = ""
    expected: dict[object, int] | None = None
    size: int = 0
    contiguous: bool = True  # each journal + EcritureNum's lines come together
    layout: C.Layout | None = field(default=None, repr=False)
    regime: FecRegime | None = None  # as given to check_fec (None: from the header)

    @property
    def readable(self) -> bool:
        return self.layout is not None and not self.report.fatal

    def rows(self, progress: ProgressFn | None = None) -> Iterator[FecRow | LineRejected]:
        """The lines again, in file order: a :class:`FecRow` for a valid line, else a
        :class:`LineRejected` with the line's own findings (errors first)."""
        scratch = FecReport(self.report.filename)
        parse = None
        rejected = self.report.rejected_lines
        lines = read_lines(self.path, scratch, progress=progress, record=False, regime=self.regime)
        for line_no, fields in lines:
            if parse is None:
                assert self.layout is not None
                parse = make_row_parser(self.layout, scratch, self.regime, _width(scratch))
            if rejected and line_no in rejected:
                assert self.layout is not None
                yield line_findings(
                    self.layout, self.report.filename, fields, line_no, self.regime, _width(scratch)
                )
                continue
            row = parse(fields, line_no)
            if row is not None:
                yield row
            if len(scratch.findings) > 10_000:
                scratch.findings.clear()

    def entries(self, progress: ProgressFn | None = None) -> Iterator[tuple[object, list[FecRow]]]:
        """Each entry as ``(grouping key, lines)``, as soon as its last line is read."""
        grouper = Grouper(self.grouping_key, self.expected)
        yield from grouper.run(r for r in self.rows(progress) if isinstance(r, FecRow))


class RowSink(Protocol):
    """Receives the check pass as it reads (the import's single pass): each run of lines of
    one journal + EcritureNum, and each line set aside."""

    def run(self, rows: list[FecRow]) -> None: ...

    def rejected(self, line: LineRejected) -> None: ...


def _width(report: FecReport) -> int | None:
    """How many fields Test Compta Demat expects per line, when its header differs from ours
    only by a trailing separator (None: the header's; a header it misreads otherwise is
    reported as missing columns, not line by line)."""
    tcd = report.dgfip
    width = len(report.columns)
    if tcd is None or not tcd.separator or tcd.width not in (width, width + 1):
        return None
    return tcd.width


def line_findings(
    layout: C.Layout,
    filename: str,
    fields: list[str],
    line_no: int,
    regime: FecRegime | None = None,
    dgfip_width: int | None = None,
) -> LineRejected:
    """A rejected line with its own findings (errors first), parsed again on its own."""
    own = FecReport(filename)
    payload = list(fields)
    make_row_parser(layout, own, regime, dgfip_width)(list(fields), line_no)  # a copy: it appends
    if len(payload) > layout.width and not payload[-1]:
        payload.pop()
    found = sorted(own.findings, key=lambda f: f.severity is not Severity.ERROR)
    return LineRejected(line_no, payload, found)


def check_fec(
    path: Path | str,
    *,
    regime: FecRegime | None = None,
    progress: ProgressFn | None = None,
    sink: RowSink | None = None,
) -> FecScan:
    """Read and check a FEC file once; never raises on bad content (it is all in the report).

    ``regime``: the tax regime to check against, as Test Compta Demat asks for it (default:
    the one the header suggests; the report says which). ``sink`` (optional) receives every
    valid row and every rejected line as they are read.
    """
    path = Path(path)
    report = FecReport(path.name)
    name = parse_fec_name(path.name)
    if not name.dgfip_accepted:
        report.add(
            0,
            "",
            "file_name",
            f"Test Compta Demat refuse le nom « {path.name} » : il cherche le SIREN suivi de "
            "« FEC » et de la date de clôture AAAAMMJJ (ex. 732829320FEC20231231.txt).",
        )
    elif name.problem:
        report.add(
            0,
            "",
            "file_name_remark",
            f"{name.problem} Test Compta Demat l'accepte, mais l'arrêté veut "
            "SirenFECAAAAMMJJ (SIREN de 9 chiffres).",
        )
    if path.suffix and path.suffix != path.suffix.lower():
        report.notes.append(f"Extension en majuscules ({path.suffix}).")
    source, _head = open_fec(path)
    scan = FecScan(path, report, size=source.size, regime=regime)
    checker = FecChecker(report, name.closing)
    zero_padded = 0

    def valid_rows() -> Iterator[FecRow]:
        nonlocal zero_padded
        parse = None
        for line_no, fields in read_lines(path, report, progress=progress, regime=regime):
            if parse is None:
                scan.layout = _layout_of(report)
                parse = make_row_parser(scan.layout, report, regime, _width(report))
            if line_no <= _SNIFF_LINES:
                zero_padded += any(f.startswith("00") and "," in f for f in fields)
            n = len(fields)
            row = parse(fields, line_no)  # may append an empty slot to ``fields``
            if row is not None:
                yield row
            elif sink is not None and line_no in report.rejected_lines:
                assert scan.layout is not None
                own = line_findings(
                    scan.layout, path.name, fields[:n], line_no, regime, _width(report)
                )
                sink.rejected(own)

    checker.consume(valid_rows(), sink.run if sink is not None else None)
    scan.contiguous = checker.contiguous
    if scan.layout is None and report.columns and not report.fatal:
        scan.layout = _layout_of(report)
    if zero_padded:
        report.notes.append("Montants complétés de zéros à gauche (ex. 0000000069,60).")
    report.notes.insert(
        0,
        f"Encodage : {report.encoding} ; fins de ligne : {report.line_ending} ;"
        f" séparateur : {report.separator}.",
    )
    grouping, expected = checker.finish()
    scan.grouping_key, scan.expected = grouping.key, expected
    return scan


def _layout_of(report: FecReport) -> C.Layout:
    layout, _problems = C.match_header(list(report.columns))
    return layout


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes (what recognises the same file imported twice)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
