"""Gathering FEC lines into entries, and the accounting checks made on the way.

Real files group entries differently, so the first pass (:class:`FecChecker`) measures three
ways and :meth:`FecChecker.finish` picks one, saying why, in this order of preference:

- ``journal+num``: JournalCode + EcritureNum, where the numbers separate entries (the usual
  case, numbering per journal or across the file);
- ``journal+piece+date``: JournalCode + PieceRef + EcritureDate, where the numbers do not
  separate entries (the same number, "0" or another, on every line) or their groups do not
  balance, and this key's do;
- ``running_balance``: otherwise, consecutive lines of a journal gathered until debit equals
  credit.

The first key whose entries all balance wins; when none does, the one leaving the fewest lines
in unbalanced entries (ties go to the earlier key). An entry never spans two journals.

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
PIECE = "journal+piece+date"
RUNNING = "running_balance"

_LABELS = {
    JOURNAL_NUM: "JournalCode + EcritureNum",
    PIECE: "JournalCode + PieceRef + EcritureDate",
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
        # (JOURNAL, PieceRef, EcritureDate) -> [net cents, line count, first line]
        self.by_piece: dict[tuple[str, str, date], list[int]] = {}
        self.running_groups = 0
        self.running_unbalanced_groups = 0
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
        pieces = self.by_piece
        get_piece = pieces.get
        upper: dict[str, str] = {}
        closing, opening = self.closing, self.opening
        n = total_debit = total_credit = valid_missing = 0
        run_journal: str | None = None
        run_net = run_count = run_start = 0
        run_date: date | None = None
        run_mixed = False
        groups = unbalanced_groups = unbalanced_lines = 0
        prev: date | None = None
        first = last = None
        mixed = self.running_mixed
        for row in rows:
            (line_no, jc, _jl, number, day, _acc, _accl, _aux, _auxl, pref, _pdate, _lib,
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
            piece_key = (journal, pref, day)
            piece = get_piece(piece_key)
            if piece is None:
                pieces[piece_key] = [net, 1, line_no]
            else:
                piece[0] += net
                piece[1] += 1
            if journal is not run_journal:
                if run_count:
                    groups += 1
                    unbalanced_groups += 1
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
            unbalanced_groups += 1
            unbalanced_lines += run_count
        if on_run is not None and current:
            on_run(current)
        rep.rows += n
        rep.total_debit_cents += total_debit
        rep.total_credit_cents += total_credit
        self.valid_date_missing += valid_missing
        self.running_groups, self.running_unbalanced_lines = groups, unbalanced_lines
        self.running_unbalanced_groups = unbalanced_groups
        self.journal_codes.update(upper)
        self.first, self.last = first, last

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
        numbers = {number for _journal, number in self.by_journal_num}
        useless = len(numbers) <= 1  # "0" (or nothing) on every line
        ug_a, ul_a = self._unbalanced(self.by_journal_num)  # type: ignore[arg-type]
        ug_p, ul_p = self._unbalanced(self.by_piece)  # type: ignore[arg-type]
        n_a, n_p = len(self.by_journal_num), len(self.by_piece)
        ul_r = self.running_unbalanced_lines
        if useless:
            only = next(iter(numbers), "")
            why = (
                "aucune ligne lisible"
                if not numbers
                else f"EcritureNum vaut « {only} » sur toutes les lignes"
                if only
                else "EcritureNum est vide sur toutes les lignes"
            )
            numbering = f"{why} : la numérotation ne distingue pas les écritures"
        else:
            numbering = (
                f"par journal et numéro, {_fr_int(ug_a)} écritures sur {_fr_int(n_a)} ne "
                "s'équilibrent pas"
            )
        # each key with the lines its unbalanced entries hold; the first balancing key wins,
        # else the fewest such lines (ties: the earlier key)
        candidates = [] if useless else [(JOURNAL_NUM, ul_a)]
        candidates += [(PIECE, ul_p), (RUNNING, ul_r)] if numbers else [(RUNNING, 0)]
        balanced = [k for k, lines in candidates if lines == 0]
        key = balanced[0] if balanced else min(candidates, key=lambda c: c[1])[0]
        by_piece = (
            f"par journal, pièce et date, les {_fr_int(n_p)} écritures s'équilibrent"
            if ul_p == 0
            else f"par journal, pièce et date, {_fr_int(ug_p)} écritures sur {_fr_int(n_p)} "
            "ne s'équilibrent pas"
        )
        if key == JOURNAL_NUM and ul_a == 0:
            scope = (
                "les numéros recommencent dans chaque journal"
                if len(numbers) < n_a
                else "les numéros sont uniques dans le fichier"
            )
            reason = f"{_fr_int(n_a)} écritures toutes équilibrées ; {scope}."
        elif key == JOURNAL_NUM:
            reason = f"{numbering}, mais aucune autre clé ne fait mieux ({by_piece})."
        elif key == PIECE:
            worse = "" if ul_p == 0 else ", mais aucune autre clé ne fait mieux"
            reason = f"{numbering} ; {by_piece}{worse}."
        elif not numbers:
            reason = f"{numbering}."
        else:
            reason = (
                f"{numbering} ; {by_piece} : les lignes sont regroupées dans l'ordre du "
                "fichier jusqu'à l'équilibre."
            )
        grouping = Grouping(key, _LABELS[key], reason)
        rep.grouping = grouping
        rep.unbalanced_entries, rep.unbalanced_lines = {
            JOURNAL_NUM: (ug_a, ul_a),
            PIECE: (ug_p, ul_p),
            RUNNING: (self.running_unbalanced_groups, ul_r),
        }[key]
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
        elif key == PIECE:
            rep.entries = len(self.by_piece)
            expected = {}
            for (journal, piece_ref, day), slot in self.by_piece.items():
                expected[(journal, piece_ref, day)] = slot[1]
                if slot[0]:
                    rep.add(
                        slot[2],
                        "PieceRef",
                        "unbalanced_entry",
                        f"Écriture {journal} pièce « {piece_ref} » du {day:%d/%m/%Y} non "
                        f"équilibrée : écart {format_cents(slot[0])} (débit − crédit).",
                    )
        else:
            rep.entries = len(self.by_journal_num)
            expected = {}
            for k, slot in self.by_journal_num.items():
                expected[k] = slot[1]
                name = " ".join(k)
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
        by_piece = self.key == PIECE
        for row in rows:
            jc = row.journal_code
            journal = upper.get(jc)
            if journal is None:
                journal = upper[jc] = jc.upper()
            k: object = (journal, row.piece_ref, row.date) if by_piece else (journal, row.number)
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
