"""Reading FEC files as they come, streamed: encoding, line ends, separator, header.

The file is read in binary blocks of about 1 MB, each decoded at once and cut into lines at
``\\n`` (carriage returns dropped: LF, CRLF, CR CR LF), or at ``\\r`` for old Mac files; the
whole file is never in memory. Encoding, from the first 64 KB: a UTF-8 BOM, or bytes that
decode as UTF-8, mean UTF-8; high bytes that are mostly French letters in an 8-bit code mean
Windows-1252 (when bytes 0x80-0x9F appear) or ISO-8859-15; other high bytes are stray bytes in
a UTF-8/ASCII file. A line that does not decode in UTF-8 is decoded as Windows-1252 and
reported (rule ``invalid_bytes``), never a crash; so an ISO-8859-15 file whose first 64 KB are
pure ASCII is read line by line that way, with a note per line.

What Test Compta Demat reads differently is reported as it would count it (:mod:`..dgfip`):
a header name it does not recognise (``Idevise`` followed by a carriage return in a CR CR LF
file), a bare LF in a CRLF file, a blank line; our own reading goes on regardless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from meg_inqom_desktop.domain.fec.columns import COLUMNS_BNC_EXTRA, Layout, match_header
from meg_inqom_desktop.domain.fec.dgfip import missing_column_message, read_header, record_end
from meg_inqom_desktop.domain.fec.regime import FecRegime, regime_of_layout
from meg_inqom_desktop.domain.fec.report import FecReport
from meg_inqom_desktop.errors import InvalidInput

BLOCK = 1 << 20
SNIFF = 1 << 16  # bytes read to detect encoding and line ends
_C1 = bytes(range(0x80, 0xA0))
_ASCII = bytes(range(0x80))

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


_FRENCH_8BIT = frozenset("àâäçéèêëîïôöùûüÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜœŒ€°²«»’".encode("cp1252")) | frozenset(
    "àâäçéèêëîïôöùûüÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜœŒ€°²«»".encode("iso8859_15")
)


_ENCODING_NAMES = {"cp1252": "Windows-1252", "iso8859_15": "ISO-8859-15"}


def _eight_bit(data: bytes) -> str | None:
    """The 8-bit encoding of ``data`` when its high bytes are mostly French letters, else None."""
    high = data.translate(None, _ASCII)
    if not high or sum(1 for b in high if b in _FRENCH_8BIT) * 2 < len(high):
        return None
    return "cp1252" if high.translate(None, _C1) != high else "iso8859_15"


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
            eight_bit = _eight_bit(head)
            if eight_bit is not None:
                return eight_bit, False
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


def _blocks(path: Path, newline: bytes, progress: ProgressFn | None) -> Iterator[bytes]:
    """Blocks of whole lines (cut after a line end, that line end dropped)."""
    rest = b""
    done = 0
    with path.open("rb") as fh:
        while True:
            block = fh.read(BLOCK)
            if not block:
                break
            done += len(block)
            data = rest + block if rest else block
            cut = data.rfind(newline)
            if cut < 0:
                rest = data
                continue
            rest = data[cut + 1 :]
            yield data[:cut]
            if progress is not None:
                progress(done)
    if rest:
        yield rest


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


def _blank(report: FecReport, line_no: int) -> None:
    report.add(
        line_no,
        "",
        "empty_line",
        "Ligne vide : Test Compta Demat la compte comme une erreur de structure ; supprimez-la.",
    )


class FecNotText(InvalidInput):
    """A file that is not text at all (a PDF, a spreadsheet, an archive, random bytes)."""

    title = "Ce fichier n'est pas un FEC"
    code = "fec_not_text"


_MAGIC = {
    b"%PDF": "un PDF",
    b"PK\x03\x04": "une archive ou un tableur (xlsx, ods, zip)",
    b"\xd0\xcf\x11\xe0": "un document Office ancien (xls, doc)",
}
_TEXT_CONTROLS = b"\t\n\r\x0c"


def _not_text(head: bytes) -> str | None:
    """What the file looks like when it is not text (None: it may be a FEC)."""
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    if b"\x00" in head or controls * 20 > len(head):
        return "des données binaires"
    return None


def open_fec(path: Path) -> tuple[FecSource, bytes]:
    """Sniff a file: encoding, BOM, line ends; returns the source and its first block.

    A file that is not text raises :class:`FecNotText` (nothing to report line by line)."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF)
    what = _not_text(head)
    if what is not None:
        raise FecNotText(
            message=f"« {path.name} » contient {what}, pas du texte : un FEC est un fichier "
            "texte (colonnes séparées par des tabulations ou des |) exporté par le logiciel "
            "comptable. Vérifiez que vous avez choisi le bon fichier.",
            path=str(path),
        )
    encoding, bom = _detect_encoding(head)
    newline, _name = _line_ending_name(head)
    return FecSource(path, encoding, bom, newline, size=path.stat().st_size), head


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        if fh.tell() == 0:
            return False
        fh.seek(-1, 2)
        return fh.read(1) in (b"\n", b"\r")


def read_lines(
    path: Path,
    report: FecReport,
    *,
    progress: ProgressFn | None = None,
    record: bool = True,
    regime: FecRegime | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` for each data line; fills the report's file facts.

    ``regime`` is the one to check against (default: what the header suggests).
    ``record=False`` (second pass) reads without adding findings again.
    """
    source, head = open_fec(path)
    _newline, ending = _line_ending_name(head)
    head_ascii = head.isascii()
    report.dgfip = dgfip = read_header(head)
    tcd_crlf = record and record_end(head) == b"\r\n" and source.newline == b"\n"
    del head
    report.encoding = (
        ("UTF-8 avec BOM" if source.bom else "UTF-8")
        if source.encoding == "utf-8"
        else _ENCODING_NAMES[source.encoding]
    )
    report.line_ending = ending
    encoding = source.encoding
    newline = source.newline
    nl = newline.decode()
    blocks = _blocks(path, newline, progress)
    header_bytes = b""
    line_no = 0
    pending = b""
    for block in blocks:
        parts = block.split(newline)
        for i, raw in enumerate(parts):
            line_no += 1
            if raw.strip():
                header_bytes = raw
                pending = newline.join(parts[i + 1 :])
                break
        if header_bytes:
            break
    if not header_bytes:
        if record:
            report.add(0, "", "empty_file", "Fichier vide : pas de ligne d'en-tête.")
        return
    if source.bom and line_no == 1:
        header_bytes = header_bytes[3:]
    header = header_bytes.replace(b"\r", b"").decode(encoding, errors="replace")
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
    checked = regime or regime_of_layout(layout.regime)
    report.regime, report.regime_given = checked.label, regime is not None
    report.amount_mode = layout.amount_mode.value
    report.columns = layout.names
    if record:
        required = checked.required_columns(layout.amount_mode)
        for column in required:
            readable = column in layout.index
            if not readable or column not in dgfip.columns:
                message = missing_column_message(column, dgfip, readable)
                report.add(line_no, column, "missing_column", message)
        for column in COLUMNS_BNC_EXTRA:
            if column in layout.index and column not in required:
                report.add(
                    line_no,
                    column,
                    "extra_column",
                    f"Colonne {column} : elle n'appartient pas au régime {checked.label} ; "
                    "ignorée par Test Compta Demat comme par nous.",
                )
        for p in problems:
            if p.rule != "missing_column":
                report.add(line_no, p.column, p.rule, p.message)
        for written, canonical in layout.respelled:
            report.notes.append(f"En-tête « {written} » lu comme {canonical}.")
        if source.bom:
            report.notes.append("Marque d'ordre des octets (BOM) UTF-8 en tête de fichier.")
    if any(p.rule in ("duplicate_column",) for p in problems) or not layout.index:
        return
    pad_a, pad_b, pad_c, pad_d = " " + sep, sep + " ", nl + " ", " " + nl
    strip_cr = newline == b"\n"  # CR before LF (CRLF, CR CR LF, or a few stray CRs)
    padded = data_lines = 0
    multibyte = encoding != "utf-8" or not head_ascii

    def chunks() -> Iterator[bytes]:
        if pending:
            yield pending
        yield from blocks

    last_unchecked = 0  # a block's last line: its line end is known when the next block comes

    def bare_lf(at: int) -> None:
        report.add(
            at,
            "",
            "line_end",
            "Ligne terminée par LF seul dans un fichier en CRLF : Test Compta Demat la lit "
            "collée à la suivante. Uniformisez les fins de ligne (toutes CRLF ou toutes LF).",
        )

    for block in chunks():
        if tcd_crlf:
            if last_unchecked:
                bare_lf(last_unchecked)
            if block.count(b"\n") != block.count(b"\r\n"):
                for i, part in enumerate(block.split(b"\n")[:-1]):
                    if not part.endswith(b"\r"):
                        bare_lf(line_no + 1 + i)
            last_unchecked = 0 if block.endswith(b"\r") else line_no + block.count(b"\n") + 1
        if strip_cr and b"\r" in block:
            block = block.replace(b"\r", b"")
        try:
            text = block.decode(encoding)
        except UnicodeDecodeError:
            late = None if multibyte else _eight_bit(block)
            if late is not None:
                # ASCII so far, French letters in an 8-bit code now: the whole file is 8-bit
                encoding = late
                report.encoding = _ENCODING_NAMES[late]
                if record:
                    report.notes.append(
                        f"Encodage {_ENCODING_NAMES[late]} reconnu à partir de la ligne "
                        f"{line_no + 1} (début du fichier en ASCII)."
                    )
                text = block.decode(encoding, errors="replace")
                lines = text.split(nl)
            else:
                lines = []
                for raw in block.split(newline):
                    try:
                        lines.append(raw.decode("utf-8"))
                    except UnicodeDecodeError as exc:
                        lines.append(raw.decode("cp1252", errors="replace"))
                        if record:
                            _report_bad_bytes(
                                report, layout, line_no + len(lines), raw, exc.start, sep
                            )
                text = nl.join(lines)
        else:
            lines = text.split(nl)
            if not multibyte and not text.isascii():
                multibyte = True  # real UTF-8 seen: later bad bytes are stray
        check_pad = (
            pad_a in text or pad_b in text or pad_c in text or pad_d in text or text[:1] == " "
        )
        for line in lines:
            line_no += 1
            if not line:
                if record:
                    _blank(report, line_no)
                continue
            fields = line.split(sep)
            data_lines += 1
            if check_pad and (
                pad_a in line or pad_b in line or line[:1] == " " or line[-1:] == " "
            ):
                padded += 1
                fields = [x.strip() for x in fields]
                if not any(fields):
                    if record:
                        _blank(report, line_no)
                    continue
            yield line_no, fields
    if last_unchecked and _ends_with_newline(path):
        bare_lf(last_unchecked)
    if record and padded * 2 > data_lines:
        report.notes.append(
            f"Champs complétés d'espaces (largeur fixe) sur {padded} lignes : espaces ignorés."
        )
