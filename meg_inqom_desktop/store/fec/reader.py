"""Reading FEC files as they come, streamed: encoding, line ends, separator, header.

The file is read in binary blocks of about 1 MB and cut into lines at ``\\n`` (``\\r`` before
it dropped: LF, CRLF and CR CR LF), or at ``\\r`` for old Mac files; the whole file is never in
memory. Encoding: a UTF-8 BOM or a first block that decodes as UTF-8 means UTF-8; otherwise
Windows-1252 when bytes 0x80-0x9F appear, else ISO-8859-15. A line that does not decode is
decoded as Windows-1252 anyway and reported, never a crash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from meg_inqom_desktop.domain.fec.columns import Layout, match_header
from meg_inqom_desktop.domain.fec.report import FecReport

BLOCK = 1 << 20
_C1 = bytes(range(0x80, 0xA0))

ProgressFn = Callable[[int], None]


@dataclass
class FecSource:
    """What the reader learnt of a file before its data lines."""

    path: Path
    encoding: str = "utf-8"
    bom: bool = False
    newline: bytes = b"\n"
    separator: str = "\t"
    layout: Layout | None = None
    size: int = 0
    sha256: str = ""


_FRENCH_8BIT = frozenset("àâäçéèêëîïôöùûüÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜœŒ€°²«»’".encode("cp1252")) | frozenset(
    "àâäçéèêëîïôöùûüÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜœŒ€°²«»".encode("iso8859_15")
)


def _detect_encoding(head: bytes) -> tuple[str, bool]:
    """UTF-8 (BOM or not) unless the first block holds 8-bit French letters that are not UTF-8.

    High bytes that are not French letters (``0xF8`` in an ASCII file) are stray bytes in a
    UTF-8/ASCII file: the reader decodes them and reports each line.
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the block's end
            high = [b for b in head if b >= 0x80]
            french = sum(1 for b in high if b in _FRENCH_8BIT)
            if french * 2 >= len(high):
                return ("cp1252" if any(b in _C1 for b in high) else "iso8859_15"), False
    return "utf-8", False


def _line_ending_name(sample: bytes) -> tuple[bytes, str]:
    if b"\n" not in sample and b"\r" in sample:
        return b"\r", "CR"
    i = sample.find(b"\n")
    if i >= 2 and sample[i - 2 : i] == b"\r\r":
        return b"\n", "CR CR LF"
    if i >= 1 and sample[i - 1 : i] == b"\r":
        return b"\n", "CRLF"
    return b"\n", "LF"


def _raw_lines(path: Path, source: FecSource, progress: ProgressFn | None) -> Iterator[bytes]:
    """Byte lines without their ends; computes the file's sha256 on the way."""
    digest = hashlib.sha256()
    newline = source.newline
    rest = b""
    done = 0
    with path.open("rb") as fh:
        while True:
            block = fh.read(BLOCK)
            if not block:
                break
            digest.update(block)
            done += len(block)
            data = rest + block
            parts = data.split(newline)
            rest = parts.pop()
            yield from parts
            if progress is not None:
                progress(done)
    if rest:
        yield rest
    source.sha256 = digest.hexdigest()


def _report_bad_bytes(
    report: FecReport, layout: Layout, line_no: int, raw: bytes, start: int, sep: str
) -> None:
    column_index = raw[:start].count(sep.encode())
    column = layout.names[column_index] if column_index < len(layout.names) else ""
    fields = raw.decode("cp1252", errors="replace").split(sep)
    value = fields[column_index].strip() if column_index < len(fields) else ""
    report.add(
        line_no,
        column,
        "invalid_bytes",
        f"Octet 0x{raw[start]:02X} invalide en UTF-8, lu en Windows-1252 : « {value} ».",
    )


def open_fec(path: Path) -> tuple[FecSource, bytes]:
    """Sniff a file: encoding, BOM, line ends; returns the source and its first block."""
    with path.open("rb") as fh:
        head = fh.read(BLOCK)
    encoding, bom = _detect_encoding(head)
    newline, _name = _line_ending_name(head)
    return FecSource(path, encoding, bom, newline, size=path.stat().st_size), head


def read_lines(
    path: Path,
    report: FecReport,
    *,
    progress: ProgressFn | None = None,
    record: bool = True,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` for each data line; fills the report's file facts.

    ``record=False`` (second pass) reads without adding findings again.
    """
    source, head = open_fec(path)
    _newline, ending = _line_ending_name(head)
    report.encoding = (
        ("UTF-8 avec BOM" if source.bom else "UTF-8")
        if source.encoding == "utf-8"
        else {"cp1252": "Windows-1252", "iso8859_15": "ISO-8859-15"}[source.encoding]
    )
    report.line_ending = ending
    encoding = source.encoding
    lines = _raw_lines(path, source, progress)
    header_bytes = b""
    line_no = 0
    for raw in lines:
        line_no += 1
        if raw.strip():
            header_bytes = raw
            break
    if not header_bytes:
        if record:
            report.add(0, "", "empty_file", "Fichier vide : pas de ligne d'en-tête.")
        return
    if source.bom and line_no == 1:
        header_bytes = header_bytes[3:]
    header = header_bytes.rstrip(b"\r").decode(encoding, errors="replace")
    if "\t" in header:
        sep = "\t"
        report.separator = "tabulation"
    elif "|" in header:
        sep = "|"
        report.separator = "|"
    else:
        if record:
            found = next((c for c in ";,:" if c in header), "")
            report.separator = found or "aucun"
            report.add(
                line_no,
                "",
                "separator",
                f"Séparateur « {found or 'introuvable'} » : seuls la tabulation et | sont admis.",
            )
        return
    names = header.split(sep)
    if len(names) > 1 and not names[-1].strip():
        names.pop()
        if record:
            report.notes.append("Séparateur final en fin de ligne (toléré).")
    layout, problems = match_header(names)
    source.layout, source.separator = layout, sep
    report.regime, report.amount_mode = layout.regime.value, layout.amount_mode.value
    report.columns = layout.names
    if record:
        for p in problems:
            report.add(line_no, p.column, p.rule, p.message)
        for written, canonical in layout.respelled:
            report.notes.append(f"En-tête « {written} » lu comme {canonical}.")
        if source.bom:
            report.notes.append("Marque d'ordre des octets (BOM) UTF-8 en tête de fichier.")
    if any(p.rule in ("duplicate_column",) for p in problems) or not layout.index:
        return
    strict = encoding == "utf-8"
    for raw in lines:
        line_no += 1
        if not raw or raw == b"\r":
            continue
        if raw[-1:] == b"\r":
            raw = raw.rstrip(b"\r")
        if strict:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("cp1252", errors="replace")
                if record:
                    _report_bad_bytes(report, layout, line_no, raw, exc.start, sep)
        else:
            text = raw.decode(encoding, errors="replace")
        if not text.strip():
            continue
        yield line_no, text.split(sep)
