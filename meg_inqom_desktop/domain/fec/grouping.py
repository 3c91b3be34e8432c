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
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

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
    """First pass: accounting checks and measures of each grouping key.

    :meth:`consume` runs over the rows in one loop with local variables (the hot path of a
    million-line check); :meth:`finish` then picks the grouping.
    """

    def __init__(self, report: FecReport, closing: date | None = None) -> None:
        self.report = report
        self.closing = closing
        self.opening = fiscal_year_start(closing) if closing else None
        # (JOURNAL, num) -> [net cents, line count, first line, first date, mixed dates]
        self.by_journal_num: dict[tuple[str, str], list[Any]] = {}
        self.running_groups = 0
        self.running_unbalanced_lines = 0
        self.running_mixed: list[tuple[int, str, int]] = []  # (first line, journal, lines)
        self.journal_codes: set[str] = set()
        self.valid_date_missing = 0
        self.outside = 0
        self.first: date | None = None
        self.last: date | None = None
        self.contiguous = True  # each journal + number's lines come together

    def consume(
        self, rows: Iterable[FecRow], on_run: Callable[[list[FecRow]], None] | None = None
    ) -> None:
        """Measure every row (call once, with all the valid rows in file order).

        ``on_run`` receives each run of consecutive lines sharing journal + EcritureNum as it
        ends, until a journal + number comes back after its run ended (``contiguous`` turns
        False and the calls stop): what a single-pass import stores.
        """
        rep = self.report
        current_key: tuple[str, str] | None = None
        current: list[FecRow] = []
        table = self.by_journal_num
        get = table.get
        upper: dict[str, str] = {}
        closing, opening = self.closing, self.opening
        n = total_debit = total_credit = valid_missing = 0
        run_journal: str | None = None
        run_net = run_count = run_start = 0
        run_date: date | None = None
        run_mixed = False
        groups = unbalanced_lines = 0
        prev: date | None = None
        first = last = None
        mixed = self.running_mixed
        for row in rows:
            (line_no, jc, _jl, number, day, _acc, _accl, _aux, _auxl, _pref, _pdate, _lib,
             debit, credit, _let, _letd, validation_date, _cura, _cur) = row  # fmt: skip
            net = debit - credit
            n += 1
            total_debit += debit
            total_credit += credit
            journal = upper.get(jc)
            if journal is None:
                journal = upper[jc] = jc.upper()
            key = (journal, number)
            slot = get(key)
            if key == current_key:
                if on_run is not None:
                    current.append(row)
            else:
                if on_run is not None and current:
                    on_run(current)
                current_key = key
                if slot is None:
                    if on_run is not None:
                        current = [row]
                else:  # this journal + number came back: its entry's lines are scattered
                    self.contiguous = False
                    on_run, current = None, []
            if slot is None:
                table[key] = [net, 1, line_no, day, False]
            else:
                slot[0] += net
                slot[1] += 1
                if day != slot[3]:
                    slot[4] = True
            if journal is not run_journal:
                if run_count:
                    groups += 1
                    unbalanced_lines += run_count
                run_journal, run_net, run_count = journal, 0, 0
            if not run_count:
                run_start, run_date, run_mixed = line_no, day, False
            elif day != run_date:
                run_mixed = True
            run_net += net
            run_count += 1
            if not run_net:
                groups += 1
                if run_mixed and len(mixed) < 10_000:
                    mixed.append((run_start, journal, run_count))
                run_count = 0
            if prev is not None and day < prev:
                if rep.full("date_order"):
                    rep.bump("date_order")
                else:
                    rep.add(
                        row.line_no,
                        "EcritureDate",
                        "date_order",
                        f"Date {day:%d/%m/%Y} antérieure à celle de la ligne précédente "
                        f"({prev:%d/%m/%Y}).",
                    )
                if first is None or day < first:
                    first = day
            elif last is None or day > last:
                last = day
                if first is None:
                    first = day
            prev = day
            if closing is not None and (day > closing or day < opening):  # type: ignore[operator]
                self.outside += 1
                if rep.full("outside_fiscal_year"):
                    rep.bump("outside_fiscal_year")
                else:
                    rep.add(
                        row.line_no,
                        "EcritureDate",
                        "outside_fiscal_year",
                        f"Date {day:%d/%m/%Y} hors de l'exercice {opening:%d/%m/%Y} – "
                        f"{closing:%d/%m/%Y} (d'après le nom du fichier).",
                    )
            if validation_date is None:
                valid_missing += 1
        if run_count:
            groups += 1
            unbalanced_lines += run_count
        if on_run is not None and current:
            on_run(current)
        rep.rows += n
        rep.total_debit_cents += total_debit
        rep.total_credit_cents += total_credit
        self.valid_date_missing += valid_missing
        self.running_groups, self.running_unbalanced_lines = groups, unbalanced_lines
        self.journal_codes.update(upper)
        self.first, self.last = first, last

    def _by_num(self) -> dict[str, list[Any]]:
        """EcritureNum alone: the union of the journal + number groups of each number."""
        table: dict[str, list[Any]] = {}
        for (_journal, number), (net, count, line, day, mixed) in self.by_journal_num.items():
            slot = table.get(number)
            if slot is None:
                table[number] = [net, count, line, day, mixed]
            else:
                slot[0] += net
                slot[1] += count
                if line < slot[2]:
                    slot[2] = line
                if mixed or day != slot[3]:
                    slot[4] = True
        return table

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
        numbers = self._by_num()
        useless = len(numbers) <= 1  # "0" (or nothing) on every line
        ug_a, ul_a = self._unbalanced(self.by_journal_num)  # type: ignore[arg-type]
        ug_b, ul_b = self._unbalanced(numbers)  # type: ignore[arg-type]
        n_a, n_b = len(self.by_journal_num), len(numbers)
        if useless:
            only = next(iter(numbers), "")
            why = (
                "aucune ligne lisible"
                if not numbers
                else f"EcritureNum vaut « {only} » sur toutes les lignes"
                if only
                else "EcritureNum est vide sur toutes les lignes"
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
            table: dict[Any, list[Any]] = self.by_journal_num if key == JOURNAL_NUM else numbers
            rep.entries = len(table)
            expected = {}
            for k, slot in table.items():
                expected[k] = slot[1]
                name = " ".join(k) if isinstance(k, tuple) else k
                if slot[0]:
                    rep.add(
                        slot[2],
                        "EcritureNum",
                        "unbalanced_entry",
                        f"Écriture {name} non équilibrée : écart "
                        f"{format_cents(slot[0])} (débit − crédit).",
                    )
                if slot[4]:
                    rep.add(
                        slot[2],
                        "EcritureDate",
                        "entry_mixed_dates",
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
    """Second pass: yields each entry (key, rows) once its last line has been read."""

    def __init__(self, key: str, expected: dict[object, int] | None) -> None:
        self.key = key
        self.expected = expected or {}

    def run(self, rows: Iterable[FecRow]) -> Iterator[tuple[object, list[FecRow]]]:
        """Group ``rows`` (file order); entries come out as soon as they are complete."""
        if self.key == RUNNING:
            yield from self._running(rows)
            return
        expected = self.expected
        pending: dict[object, list[FecRow]] = {}
        upper: dict[str, str] = {}
        by_num = self.key == NUM
        for row in rows:
            if by_num:
                k: object = row.number
            else:
                jc = row.journal_code
                journal = upper.get(jc)
                if journal is None:
                    journal = upper[jc] = jc.upper()
                k = (journal, row.number)
            want = expected.get(k, 0)
            if want == 1:
                yield (k, [row])
                continue
            group = pending.get(k)
            if group is None:
                pending[k] = [row]
                continue
            group.append(row)
            if len(group) >= want:
                del pending[k]
                yield (k, group)
        yield from pending.items()

    @staticmethod
    def _running(rows: Iterable[FecRow]) -> Iterator[tuple[object, list[FecRow]]]:
        run: list[FecRow] = []
        run_journal = ""
        net = 0
        for row in rows:
            journal = row.journal_code.upper()
            if run and journal != run_journal:
                yield (run_journal, run)
                run = []
            if not run:
                run_journal, net = journal, 0
            run.append(row)
            net += row.debit - row.credit
            if not net:
                yield (journal, run)
                run = []
        if run:
            yield (run_journal, run)
