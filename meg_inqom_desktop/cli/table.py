"""Plain-text tables for the command line: readable at 80 columns and whole in a file.

On a terminal the table fits its width: only the columns marked ``wrap`` (labels, messages)
fold onto several lines, widest first, never below their ``min_width``; dates, amounts and
codes are never cut or wrapped (if they alone are wider than the terminal, the line is longer
rather than wrong). Written to a file or a pipe (``width=None``), every cell is whole on one
line. No colour and no markup, so the output can be read by a script or a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GAP = "  "


@dataclass(frozen=True)
class Column:
    """A column: its title, ``right`` alignment for numbers, ``wrap`` if it may fold."""

    title: str
    align: str = "left"
    wrap: bool = False
    min_width: int = 12


def _fit(columns: Sequence[Column], natural: list[int], width: int, gap: int) -> list[int]:
    widths = list(natural)
    excess = sum(widths) + gap * (len(widths) - 1) - width
    while excess > 0:
        folding = [
            i for i, c in enumerate(columns) if c.wrap and widths[i] > min(c.min_width, natural[i])
        ]
        if not folding:
            break
        widest = max(folding, key=lambda i: widths[i])
        floor = min(columns[widest].min_width, natural[widest])
        cut = min(excess, widths[widest] - floor)
        widths[widest] -= cut
        excess -= cut
    return widths


def _cell_lines(text: str, width: int, wrap: bool) -> list[str]:
    if not wrap or len(text) <= width:
        return text.split("\n") if text else [""]
    import textwrap  # only a narrow terminal folds (textwrap compiles regexes when imported)

    out: list[str] = []
    for part in text.split("\n"):
        out.extend(textwrap.wrap(part, width, break_on_hyphens=False) or [""])
    return out


def _lines(columns: Sequence[Column], widths: list[int], row: Sequence[str], gap: str) -> list[str]:
    cells = [_cell_lines(str(text), widths[i], columns[i].wrap) for i, text in enumerate(row)]
    height = max(len(c) for c in cells)
    out = []
    for n in range(height):
        parts = []
        for i, column in enumerate(columns):
            text = cells[i][n] if n < len(cells[i]) else ""
            w = max(widths[i], len(text))
            parts.append(text.rjust(w) if column.align == "right" else text.ljust(w))
        out.append(gap.join(parts).rstrip())
    return out


def _one_line(columns: Sequence[Column], widths: list[int], gap: str) -> str:
    """A ``%`` pattern writing a row (a tuple of strings) on one line: the fast path, where
    printf-style padding costs about half of ``str.format``'s."""
    return gap.join(
        f"%{'' if c.align == 'right' else '-'}{w}s" for c, w in zip(columns, widths, strict=True)
    )


def render(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    title: str = "",
    footer: Sequence[Sequence[str]] = (),
    width: int | None = None,
) -> str:
    """The table as text (ending with a newline); ``width``: the terminal's, or None.

    Cells are strings; only the ``wrap`` columns may hold line breaks (in a file they become
    spaces: one line per row)."""
    every: list[Sequence[str]] = [[c.title for c in columns], *rows, *footer]
    cells = list(zip(*every, strict=True))
    broken = [i for i, c in enumerate(columns) if c.wrap and "\n" in "".join(cells[i])]
    if broken and width is None:  # in a file: one line per row, a line break becomes a space
        every = [
            [text.replace("\n", " ") if i in broken else text for i, text in enumerate(row)]
            for row in every
        ]
        cells = list(zip(*every, strict=True))
        broken = []
    body = every[1 : 1 + len(rows)]
    foot = every[1 + len(rows) :]
    natural = [max(map(len, col)) for col in cells]
    for i in broken:  # on a terminal, a line break in a label starts a line of the row
        natural[i] = max(len(line) for cell in cells[i] for line in cell.split("\n"))
    gap = GAP
    widths = natural
    if width is not None and sum(natural) + len(GAP) * (len(natural) - 1) > width:
        widths = _fit(columns, natural, width, len(GAP))
        if sum(widths) + len(GAP) * (len(widths) - 1) > width:
            gap = " "  # a narrow terminal: one space between columns
            widths = _fit(columns, natural, width, 1)
    rule = gap.join("─" * w for w in widths)
    out = [title] if title else []
    if widths == natural and not broken:  # every row on one line: one format call each
        pattern = _one_line(columns, widths, gap)
        out += [(pattern % tuple(every[0])).rstrip(), rule]
        out += [(pattern % tuple(r)).rstrip() for r in body]
        if foot:
            out += [rule, *((pattern % tuple(r)).rstrip() for r in foot)]
        return "\n".join(out) + "\n"
    out.extend(_lines(columns, widths, every[0], gap))
    out.append(rule)
    for row in body:
        out.extend(_lines(columns, widths, row, gap))
    if foot:
        out.append(rule)
        for row in foot:
            out.extend(_lines(columns, widths, row, gap))
    return "\n".join(out) + "\n"
