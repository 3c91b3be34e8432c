"""How the DGFiP's checker, Test Compta Demat, reads what our reader reads more tolerantly.

Our reader accepts files as they come (any line end, spaces, accents in the header); the
report's « errors » and « alerts » must nevertheless be exactly what Test Compta Demat counts.
This module reproduces the parts of its reading that differ from ours:

- the file name: it looks for ``FEC`` followed by a closing date ``20AAMMJJ`` (case ignored),
  with anything non-empty before it (so a SIREN of 10 digits passes);
- the line ends: it takes ``\\r\\n`` as the record end if the first 4,096 bytes hold one, else
  ``\\r``, else ``\\n``, and removes one ``\\r\\n`` (or a final ``\\r``) per record: with
  ``CR CR LF`` ends a carriage return stays at the end of the last field, so the last header
  name is not recognised (``Idevise`` « absent »); a bare ``LF`` in a ``CRLF`` file glues two
  lines together;
- the header names: spaces around separators removed, ``é``/``è`` read as ``e``, every other
  character that is not a letter or a digit turned into ``_``, then compared without case;
  a trailing separator adds one expected field;
- dates: ``AAAAMMJJ`` and a few other forms (separators ``/ - .``, day first, a time after)
  with a year 19xx or 20xx; another year is only an alert; month above 12 or day above 31 is
  an error; a date of zeros counts as empty. A day the calendar does not have (30 February)
  passes its pattern; we count it as an error all the same, as the reference list of its
  errors does (« a date that does not exist »), since no software can store it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from meg_inqom_desktop.domain.fec import columns as C

#: How many bytes Test Compta Demat reads to choose the record separator.
RECORD_SNIFF = 4096

_NAME = re.compile(r"^(.*)FEC(20\d{2}[01]\d[0-3]\d)")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")
_PERL_CHOMP = re.compile(rb"\r\n|\r(?=\n?\Z)")
# Its header names (fmt_arrete), compared upper-case.
_KNOWN: dict[str, str] = {
    name.upper(): name for name in (*C.COLUMNS_18, *C.COLUMNS_BNC_EXTRA, C.MONTANT, C.SENS)
}


def name_accepted(filename: str) -> bool:
    """True when Test Compta Demat accepts the file name (``xxxFEC20AAMMJJ...``)."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].upper()
    m = _NAME.match(stem)
    return bool(m and m.group(1))


def record_end(head: bytes) -> bytes:
    """The record separator Test Compta Demat uses for a file starting with ``head``."""
    sample = head[:RECORD_SNIFF]
    if b"\r\n" in sample:
        return b"\r\n"
    if b"\r" in sample:
        return b"\r"
    return b"\n"


@dataclass(frozen=True)
class DgfipHeader:
    """The header as Test Compta Demat reads it."""

    separator: str  # "\t", "|" or "" (none of the two: the file is refused)
    names: tuple[str, ...]  # each name as it compares it (``Idevise_`` for ``Idevise\r``)
    columns: dict[str, int]  # canonical column -> position, for the names it recognises
    width: int  # fields it expects on every line
    trailing_cr: bool  # the last name ended with a carriage return (CR CR LF line ends)
    glued: bool = False  # a bare LF ends the header in a CRLF file: it reads lines as one

    @property
    def amount_mode(self) -> C.AmountMode:
        has_ms = C.MONTANT in self.columns and C.SENS in self.columns
        return C.AmountMode.MONTANT_SENS if has_ms else C.AmountMode.DEBIT_CREDIT


def _perl_split(text: str, sep: str) -> list[str]:
    """Perl's ``split``: trailing empty fields are dropped."""
    parts = text.split(sep)
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso8859_15")


def read_header(head: bytes) -> DgfipHeader:
    """The first record of a file (``head``: its first bytes) as Test Compta Demat reads it."""
    end = record_end(head)
    cut = head.find(end)
    record = head[: cut + len(end)] if cut >= 0 else head
    glued = end == b"\r\n" and b"\n" in record[: -len(end)]
    record = _PERL_CHOMP.sub(b"", record, count=1)
    if end != b"\r\n" and record.endswith(end):
        record = record[: -len(end)]
    record = record.replace(b"\x00", b"")
    if record.startswith(b"\xef\xbb\xbf"):
        record = record[3:]
    line = _decode(record)
    if len(_perl_split(line, "\t")) >= 9:
        sep = "\t"
    elif len(_perl_split(line, "|")) >= 9:
        sep = "|"
    else:
        return DgfipHeader("", (), {}, 0, False, glued)
    raw_names = _perl_split(re.sub(f" *{re.escape(sep)} *", sep, line), sep)
    if re.search(f"{re.escape(sep)} *$", line):
        raw_names.append("ZFICTIFZ")
    trailing_cr = bool(raw_names) and raw_names[-1].endswith("\r")
    names = tuple(
        _NOT_ALNUM.sub("_", n.replace("é", "e").replace("è", "e").rstrip(" ")) for n in raw_names
    )
    columns: dict[str, int] = {}
    for i, name in enumerate(names):
        canonical = _KNOWN.get(name.upper())
        if canonical is not None and canonical not in columns:
            columns[canonical] = i
    return DgfipHeader(sep, names, columns, len(names), trailing_cr, glued)


def missing_column_message(column: str, header: DgfipHeader, readable: bool) -> str:
    """French message for a column Test Compta Demat does not find, with the fix."""
    if not readable:
        return f"Colonne obligatoire {column} absente."
    if header.glued:
        return (
            f"Colonne {column} illisible pour Test Compta Demat : l'en-tête se termine par LF "
            "seul alors que le fichier utilise CRLF, et il lit l'en-tête et les lignes qui le "
            "suivent comme une seule ligne. Uniformisez les fins de ligne (toutes CRLF ou "
            "toutes LF)."
        )
    last = header.names[-1] if header.names else ""
    if (
        header.trailing_cr
        and header.columns.get(column) is None
        and _KNOWN.get(last[:-1].upper()) == column
    ):
        return (
            f"Colonne {column} illisible pour Test Compta Demat : les fins de ligne CR CR LF "
            f"laissent un retour chariot à la fin du dernier nom de colonne, qu'il lit "
            f"« {last} » ; il compte alors {column} comme absente. Réenregistrez le fichier "
            "avec des fins de ligne CRLF ou LF (un retour chariot par ligne) avant de l'envoyer."
        )
    return (
        f"Colonne {column} illisible pour Test Compta Demat : il ne reconnaît que le nom exact "
        "de l'arrêté (accents é/è, casse et espaces autour des séparateurs exceptés). "
        f"Renommez-la « {column} » dans la ligne d'en-tête."
    )


# --- dates ----------------------------------------------------------------------------------

_SEP = r"[/\-.]*"
_TIME = r"(?:[T ]\d{1,2}:\d{1,2}:\d{1,2})?"
_YMD = re.compile(rf"^(?P<a>\d{{4}}){_SEP}(?P<m>[01]\d){_SEP}(?P<j>[0-3]\d){_TIME}$")
_DMY = re.compile(rf"^(?P<j>[0-3]\d){_SEP}(?P<m>[01]\d){_SEP}(?P<a>\d{{4}}){_TIME}$")
_EMPTY_DATE = re.compile(r"^[0\-/.]+$")

DATE_EMPTY = "empty"  # blank or zeros: an empty field for Test Compta Demat
DATE_OK = "ok"
DATE_ALERT = "alert"  # a year outside 19xx/20xx: an alert only
DATE_ERROR = "error"


@dataclass(frozen=True)
class DateReading:
    """What Test Compta Demat makes of a date field, and the date we read from it."""

    verdict: str  # DATE_EMPTY, DATE_OK, DATE_ALERT or DATE_ERROR
    day: date | None = None  # None when it is no calendar date
    legal_form: bool = True  # AAAAMMJJ, the arrêté's only form


def read_date(text: str) -> DateReading:
    """A date field as Test Compta Demat judges it (``text`` already stripped)."""
    if not text or _EMPTY_DATE.match(text):
        return DateReading(DATE_EMPTY)
    m = _YMD.match(text)
    if m is None or m.group("a")[:2] not in ("19", "20"):
        dmy = _DMY.match(text)
        if dmy is not None and (m is None or dmy.group("a")[:2] in ("19", "20")):
            m = dmy
    if m is None:
        return DateReading(DATE_ERROR)
    year, month, day = int(m.group("a")), int(m.group("m")), int(m.group("j"))
    legal = len(text) == 8 and m.re is _YMD
    try:
        value: date | None = date(year, month, day)
    except ValueError:
        value = None
    if m.group("a")[:2] not in ("19", "20"):
        return DateReading(DATE_ALERT, value, legal)
    if month > 12 or day > 31:
        return DateReading(DATE_ERROR, None, legal)
    return DateReading(DATE_OK, value, legal)
