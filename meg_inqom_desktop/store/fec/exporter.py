"""Exporting a dossier's fiscal year as a FEC file (``SIRENFECAAAAMMJJ.txt``).

Entries come in validation-date order (then entry date, then storage order) with continuous
EcritureNum per journal from 1. The values are formatted by the database itself (SQLite or
PostgreSQL: dates ``AAAAMMJJ``, comma decimals, tabs and line ends turned into spaces), so
Python only numbers entries and writes lines: a dossier of a million lines exports at the
speed of a raw cursor.
Entries from MEG get sensible values for the FEC fields MEG does not carry (the journal code
for its label, the entry date for a missing piece or validation date...); entries imported from
a FEC go back exactly as they came, empty fields included (an entry imported without ValidDate
is exported without it: it was not validated). The file is written under a temporary name and
renamed when complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from meg_inqom_desktop.domain.entry import FiscalYear
from meg_inqom_desktop.domain.fec.grouping import fiscal_year_start
from meg_inqom_desktop.domain.fec.naming import fec_filename, parse_fec_name
from meg_inqom_desktop.domain.fec.writer import HEADER
from meg_inqom_desktop.domain.provenance import FEC_IMPORT
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import execute, is_postgres
from meg_inqom_desktop.store.dossiers import require_dossier
from meg_inqom_desktop.store.fec.reader import ProgressFn
from meg_inqom_desktop.store.paths import export_file

BATCH = 5_000


def export_sql(postgres: bool) -> str:
    """The export query in the database's dialect: one row per line, ``(entry id, journal,
    journal label, the other 15 FEC fields joined by tabs)``."""
    tab = "chr(9)" if postgres else "char(9)"

    def text(column: str) -> str:  # without tab, CR, LF and outer spaces
        return (
            f"trim(replace(replace(replace({column}, {tab}, ' '), chr(10), ' '), chr(13), ' '))"
            if postgres
            else f"trim(replace(replace(replace({column}, char(9), ' '), char(10), ' '), "
            "char(13), ' '))"
        )

    def day(column: str) -> str:  # AAAAMMJJ, "" for none
        if postgres:
            return f"COALESCE(to_char({column}, 'YYYYMMDD'), '')"
        return f"replace(COALESCE({column}, ''), '-', '')"

    def amount(column: str) -> str:  # integer cents -> "-1234,05"
        cents = (
            f"(abs({column}) / 100)::text || ',' || lpad((abs({column}) % 100)::text, 2, '0')"
            if postgres
            else f"printf('%d,%02d', abs({column}) / 100, abs({column}) % 100)"
        )
        return f"(CASE WHEN {column} < 0 THEN '-' ELSE '' END) || {cents}"

    def as_stored_or(fec_value: str, default: str) -> str:
        """An imported FEC entry's value as it came; other entries' with a default."""
        return f"(CASE WHEN e.provenance = '{FEC_IMPORT.code}' THEN {fec_value} ELSE {default} END)"

    rest = f" || {tab} || ".join(
        (
            day("l.date"),
            text("l.account"),
            as_stored_or(
                text("l.account_label"),
                f"COALESCE(NULLIF({text('l.account_label')}, ''), {text('l.account')})",
            ),
            text("l.aux_account"),
            text("l.aux_label"),
            as_stored_or(
                text("l.piece_ref"), f"COALESCE(NULLIF({text('l.piece_ref')}, ''), e.source_id)"
            ),
            as_stored_or(day("e.piece_date"), day("COALESCE(e.piece_date, l.date)")),
            as_stored_or(
                text("l.label"),
                f"COALESCE(NULLIF({text('l.label')}, ''), NULLIF({text('e.label')}, ''), "
                f"NULLIF({text('l.account_label')}, ''), {text('l.piece_ref')})",
            ),
            amount("l.debit_cents"),
            amount("l.credit_cents"),
            text("l.lettering"),
            as_stored_or(
                day("l.lettering_date"),
                f"(CASE WHEN l.lettering <> '' THEN {day('l.lettering_date')} ELSE '' END)",
            ),
            as_stored_or(day("e.validation_date"), day("COALESCE(e.validation_date, e.date)")),
            "(CASE WHEN l.currency_amount_cents IS NULL THEN '' ELSE "
            + amount("l.currency_amount_cents")
            + " END)",
            f"(CASE WHEN l.currency_amount_cents IS NULL THEN '' ELSE {text('l.currency')} END)",
        )
    )
    journal_label = as_stored_or(
        text("e.journal_label"), f"COALESCE(NULLIF({text('e.journal_label')}, ''), e.journal_code)"
    )
    return f"""
SELECT e.id, e.journal_code,
       {journal_label},
       {rest}
FROM "entry" e JOIN "entry_line" l ON l.entry_id = e.id
WHERE e.dossier_id = ? AND e.date >= ? AND e.date <= ?
ORDER BY COALESCE(e.validation_date, e.date), e.date, e.id, l.line_no
"""


@dataclass(frozen=True)
class FecExportResult:
    path: Path
    fiscal_year: FiscalYear
    entries: int
    lines: int
    journals: dict[str, int]  # journal code -> entries

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "start": self.fiscal_year.start.isoformat(),
            "closing": self.fiscal_year.end.isoformat(),
            "entries": self.entries,
            "lines": self.lines,
            "journals": self.journals,
        }


def default_closing(dossier_id: int, year: int) -> date:
    """The closing date of ``year``: that of a FEC imported for the dossier, else 31/12."""
    with convert_db_errors():
        names = [
            row[0]
            for row in execute(
                'SELECT filename FROM "import_record" WHERE dossier_id = ? ORDER BY id DESC',
                (dossier_id,),
            )
        ]
    for name in names:
        closing = parse_fec_name(name).closing
        if closing is not None and closing.year == year:
            return closing
    return date(year, 12, 31)


def _write(
    dossier_id: int, fiscal_year: FiscalYear, target: Path, progress: ProgressFn | None
) -> tuple[dict[str, int], int]:
    """Write the FEC to ``target``, whole or not at all (:func:`export_file`); returns the
    entries per journal and the line count."""
    numbers: dict[str, int] = {}
    lines = 0
    with export_file(target, "Le FEC") as fh, convert_db_errors():
        period = (fiscal_year.start.isoformat(), fiscal_year.end.isoformat())
        cursor = execute(export_sql(is_postgres()), (dossier_id, *period))
        write = fh.write
        write(HEADER + "\n")
        current = None
        prefix = ""
        while True:
            rows = cursor.fetchmany(BATCH)
            if not rows:
                break
            out_lines = []
            for entry_id, journal, journal_label, rest in rows:
                if entry_id != current:
                    current = entry_id
                    n = numbers.get(journal, 0) + 1
                    numbers[journal] = n
                    prefix = f"{journal}\t{journal_label}\t{n}\t"
                out_lines.append(prefix + rest)
            lines += len(rows)
            write("\n".join(out_lines))
            write("\n")
            if progress is not None:
                progress(lines)
    return numbers, lines


def export_fec(
    siret: Siret | str,
    year: int,
    out_dir: Path | str,
    *,
    closing: date | None = None,
    start: date | None = None,
    progress: ProgressFn | None = None,
) -> FecExportResult:
    """Write the FEC of the dossier's fiscal year closing in ``year`` into ``out_dir``.

    ``closing`` defaults to :func:`default_closing`; ``start`` to the day after the closing
    date one year before (twelve months). Returns where it wrote and what.
    """
    dossier = require_dossier(siret)
    closing = closing or default_closing(dossier.id, year)
    fiscal_year = FiscalYear(start or fiscal_year_start(closing), closing)
    target = Path(out_dir) / fec_filename(dossier.siren, closing)
    numbers, lines = _write(dossier.id, fiscal_year, target, progress)
    return FecExportResult(target, fiscal_year, sum(numbers.values()), lines, numbers)
