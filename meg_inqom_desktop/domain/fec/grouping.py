"""Gathering FEC lines into entries, and the accounting checks made on the way.

Real files group entries differently, so the first pass (:class:`FecChecker`) measures three
ways and :meth:`FecChecker.finish` picks one, saying why:

- ``journal+num``: JournalCode + EcritureNum (numbering per journal, the usual case);
- ``num``: EcritureNum alone across journals (numbers shared by journals);
- ``running_balance``: when numbering is useless ("0" everywhere), consecutive lines of a
  journal are gathered until debit equals credit.

The second pass (:class:`Grouper`) streams the same lines and yields each entry as soon as its
last line is read, so memory holds only open entries, never the file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date, timedelta

from meg_inqom_desktop.domain.fec.fields import format_cents
from meg_inqom_desktop.domain.fec.report import FecReport, Grouping
from meg_inqom_desktop.domain.fec.rows import FecRow

JOURNAL_NUM = "journal+num"
NUM = "num"
RUNNING = "running_balance"

_LABELS = {
    JOURNAL_NUM: "JournalCode + EcritureNum",
    NUM: "EcritureNum seul, tous journaux confondus",
    RUNNING: "lignes consécutives d'un même journal jusqu'à l'équilibre débit = crédit",
}
_NUM_SPLIT = re.compile(r"^(.*?)(\d+)$")


def fiscal_year_start(closing: date) -> date:
    """Opening date of the twelve-month fiscal year closing on ``closing``."""
    try:
        previous = closing.replace(year=closing.year - 1)
    except ValueError:  # 29 February
        previous = closing.replace(year=closing.year - 1, day=28)
    return previous + timedelta(days=1)


def _fr_int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


class FecChecker:
    """First pass: accounting checks and measures of each grouping key, line by line."""

    def __init__(self, report: FecReport, closing: date | None = None) -> None:
        self.report = report
        self.closing = closing
        self.opening = fiscal_year_start(closing) if closing else None
        # key -> [net cents, line count, first line, first date, mixed dates]
        self.by_journal_num: dict[tuple[str, str], list[object]] = {}
        self.by_num: dict[str, list[object]] = {}
        self.running_groups = 0
        self.running_unbalanced_lines = 0
        self._run_journal: str | None = None
        self._run_net = 0
        self._run_count = 0
        self._run_start = 0
        self._run_date: date | None = None
        self._run_mixed = False
        self.running_mixed: list[tuple[int, str, int]] = []  # (first line, journal, lines)
        self._prev_date: date | None = None
        self.journal_codes: set[str] = set()
        self.valid_date_missing = 0
        self.outside = 0
        self.first: date | None = None
        self.last: date | None = None

    def feed(self, row: FecRow) -> None:
        rep = self.report
        net = row.debit - row.credit
        rep.rows += 1
        rep.total_debit_cents += row.debit
        rep.total_credit_cents += row.credit
        day = row.date
        jc = row.journal_code
        self.journal_codes.add(jc)
        journal = jc.upper()
        for table, key in ((self.by_journal_num, (journal, row.number)), (self.by_num, row.number)):
            slot = table.get(key)  # type: ignore[call-overload]
            if slot is None:
                table[key] = [net, 1, row.line_no, day, False]  # type: ignore[index]
            else:
                slot[0] += net  # type: ignore[operator]
                slot[1] += 1  # type: ignore[operator]
                if day != slot[3]:
                    slot[4] = True
        if journal != self._run_journal:
            if self._run_count:
                self.running_groups += 1
                self.running_unbalanced_lines += self._run_count
            self._run_journal, self._run_net, self._run_count = journal, 0, 0
        if not self._run_count:
            self._run_start, self._run_date, self._run_mixed = row.line_no, day, False
        elif day != self._run_date:
            self._run_mixed = True
        self._run_net += net
        self._run_count += 1
        if self._run_net == 0:
            self.running_groups += 1
            if self._run_mixed and len(self.running_mixed) < 10_000:
                self.running_mixed.append((self._run_start, journal, self._run_count))
            self._run_count = 0
        prev = self._prev_date
        if prev is not None and day < prev:
            rep.add(
                row.line_no,
                "EcritureDate",
                "date_order",
                f"Date {day:%d/%m/%Y} antérieure à celle de la ligne précédente ({prev:%d/%m/%Y}).",
            )
        self._prev_date = day
        if self.first is None or day < self.first:
            self.first = day
        if self.last is None or day > self.last:
            self.last = day
        if self.closing is not None and (day > self.closing or day < self.opening):  # type: ignore[operator]
            self.outside += 1
            rep.add(
                row.line_no,
                "EcritureDate",
                "outside_fiscal_year",
                f"Date {day:%d/%m/%Y} hors de l'exercice {self.opening:%d/%m/%Y} – "
                f"{self.closing:%d/%m/%Y} (d'après le nom du fichier).",
            )
        if row.validation_date is None:
            self.valid_date_missing += 1

    def _unbalanced(self, table: dict[object, list[object]]) -> tuple[int, int]:
        groups = lines = 0
        for slot in table.values():
            if slot[0]:
                groups += 1
                lines += slot[1]  # type: ignore[operator]
        return groups, lines

    def finish(self) -> tuple[Grouping, dict[object, int] | None]:
        """Pick the grouping, add the per-entry checks; return it with expected line counts."""
        rep = self.report
        if self._run_count:
            self.running_groups += 1
            self.running_unbalanced_lines += self._run_count
            self._run_count = 0
        numbers = self.by_num
        useless = len(numbers) <= 1 or (
            len(numbers) * 20 < rep.rows and len(self.by_journal_num) * 20 < rep.rows
        )
        ug_a, ul_a = self._unbalanced(self.by_journal_num)  # type: ignore[arg-type]
        ug_b, ul_b = self._unbalanced(numbers)  # type: ignore[arg-type]
        n_a, n_b = len(self.by_journal_num), len(numbers)
        if useless:
            only = next(iter(numbers), "") if len(numbers) == 1 else ""
            why = (
                f"EcritureNum vaut « {only} » sur toutes les lignes"
                if len(numbers) == 1
                else f"EcritureNum ne prend que {_fr_int(n_b)} valeurs pour "
                f"{_fr_int(rep.rows)} lignes"
            )
            key = RUNNING
            reason = f"{why} : la numérotation ne distingue pas les écritures."
        elif ul_a == 0:
            key = JOURNAL_NUM
            scope = (
                "les numéros recommencent dans chaque journal"
                if n_b < n_a
                else "les numéros sont uniques dans le fichier"
            )
            reason = f"{_fr_int(n_a)} écritures toutes équilibrées ; {scope}."
        elif ul_b == 0:
            key = NUM
            reason = (
                f"par journal et numéro, {_fr_int(ug_a)} écritures sur {_fr_int(n_a)} ne "
                f"s'équilibrent pas ; par numéro seul, les {_fr_int(n_b)} écritures s'équilibrent."
            )
        elif self.running_unbalanced_lines < ul_a:
            key = RUNNING
            reason = (
                f"ni journal + numéro ({_fr_int(ug_a)} écritures déséquilibrées) ni numéro seul "
                f"({_fr_int(ug_b)}) ne donnent des écritures équilibrées."
            )
        else:
            key = JOURNAL_NUM
            reason = (
                f"{_fr_int(ug_a)} écritures sur {_fr_int(n_a)} ne s'équilibrent pas, "
                "mais aucune autre clé ne fait mieux."
            )
        grouping = Grouping(key, _LABELS[key], reason)
        rep.grouping = grouping
        expected: dict[object, int] | None = None
        if key == RUNNING:
            rep.entries = self.running_groups
            if self.running_unbalanced_lines:
                rep.add(
                    0,
                    "",
                    "unbalanced_entry",
                    f"{_fr_int(self.running_unbalanced_lines)} lignes ne trouvent pas "
                    "d'équilibre dans leur journal.",
                )
            for line, journal, count in self.running_mixed:
                rep.add(
                    line,
                    "EcritureDate",
                    "entry_mixed_dates",
                    f"Journal {journal} : écriture de {_fr_int(count)} lignes à des dates "
                    "différentes (datée de sa première ligne).",
                )
        else:
            table: dict[object, list[object]] = (
                self.by_journal_num if key == JOURNAL_NUM else numbers  # type: ignore[assignment]
            )
            rep.entries = len(table)
            expected = {}
            for k, slot in table.items():
                expected[k] = slot[1]  # type: ignore[assignment]
                name = " ".join(k) if isinstance(k, tuple) else k
                if slot[0]:
                    rep.add(
                        slot[2],
                        "EcritureNum",
                        "unbalanced_entry",  # type: ignore[arg-type]
                        f"Écriture {name} non équilibrée : écart "
                        f"{format_cents(slot[0])} (débit − crédit).",
                    )  # type: ignore[arg-type]
                if slot[4]:
                    rep.add(
                        slot[2],
                        "EcritureDate",
                        "entry_mixed_dates",  # type: ignore[arg-type]
                        f"Écriture {name} : lignes à des dates différentes.",
                    )
            self._gaps()
        self._file_checks()
        return grouping, expected

    def _gaps(self) -> None:
        series: dict[tuple[str, str], list[int]] = {}
        for journal, number in self.by_journal_num:
            m = _NUM_SPLIT.match(number)
            if m:
                series.setdefault((journal, m.group(1)), []).append(int(m.group(2)))
        for (journal, prefix), values in sorted(series.items()):
            values.sort()
            for a, b in itertools.pairwise(values):
                if b > a + 1:
                    missing = (
                        f"{prefix}{a + 1}" if b == a + 2 else f"{prefix}{a + 1} à {prefix}{b - 1}"
                    )
                    self.report.add(
                        0,
                        "EcritureNum",
                        "numbering_gap",
                        f"Journal {journal} : numéro(s) {missing} absent(s).",
                    )

    def _file_checks(self) -> None:
        rep = self.report
        if self.first:
            rep.first_date, rep.last_date = self.first.isoformat(), self.last.isoformat()  # type: ignore[union-attr]
        if rep.total_debit_cents != rep.total_credit_cents:
            rep.add(
                0,
                "",
                "file_unbalanced",
                f"Total débit {format_cents(rep.total_debit_cents)} ≠ total crédit "
                f"{format_cents(rep.total_credit_cents)}.",
            )
        lower = sorted(c for c in self.journal_codes if c != c.upper())
        if lower:
            rep.add(
                0,
                "JournalCode",
                "journal_case",
                f"Codes journal en minuscules : {', '.join(lower)} (mis en majuscules à l'import).",
            )
        if self.valid_date_missing:
            rep.add(
                0,
                "ValidDate",
                "valid_date_missing",
                f"ValidDate vide sur {_fr_int(self.valid_date_missing)} lignes : l'ordre de "
                "validation ne peut être vérifié.",
            )
            rep.counts["valid_date_missing"] += self.valid_date_missing - 1


class Grouper:
    """Second pass: yields each entry (its rows, key) once its last line has been read."""

    def __init__(self, key: str, expected: dict[object, int] | None) -> None:
        self.key = key
        self.expected = expected or {}
        self._open: dict[object, list[FecRow]] = {}
        self._run: list[FecRow] = []
        self._run_journal = ""
        self._run_net = 0

    def feed(self, row: FecRow) -> Iterator[tuple[object, list[FecRow]]]:
        if self.key == RUNNING:
            journal = row.journal_code.upper()
            if self._run and journal != self._run_journal:
                yield (self._run_journal, self._run)
                self._run = []
            if not self._run:
                self._run_journal, self._run_net = journal, 0
            self._run.append(row)
            self._run_net += row.debit - row.credit
            if self._run_net == 0:
                yield (journal, self._run)
                self._run = []
            return
        k: object = (
            (row.journal_code.upper(), row.number) if self.key == JOURNAL_NUM else row.number
        )
        rows = self._open.get(k)
        if rows is None:
            rows = self._open[k] = []
        rows.append(row)
        if len(rows) >= self.expected.get(k, 0):
            del self._open[k]
            yield (k, rows)

    def close(self) -> Iterator[tuple[object, list[FecRow]]]:
        if self._run:
            yield (self._run_journal, self._run)
            self._run = []
        yield from self._open.items()
        self._open = {}
