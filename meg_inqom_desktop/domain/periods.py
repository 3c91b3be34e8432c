"""Accounting months, and the rule for locking (validating) them in MEG. Pure code.

A month is written ``"2026-01"``. MEG locks whole months: validating « du 01/01/2026 au
06/12/2026 » locks December 2026 whole, entries typed after the 6th included. So the app
offers whole months only, and a month may be locked once it is over (today is after its last
day); the current month only when the person says it is complete; a future month never.
"""

from __future__ import annotations

from datetime import date, timedelta

from meg_inqom_desktop.errors import InvalidInput

MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class MonthNotOver(InvalidInput):
    """A period to lock holds the current month (not confirmed complete) or a future one."""

    title = "Mois non terminé"
    code = "month_not_over"


def month_of(day: date) -> str:
    """``"2026-12"`` for any day of December 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(month: str) -> tuple[int, int]:
    """(year, month) of ``"2026-12"``; ValueError when it is not a month."""
    try:
        year, number = int(month[:4]), int(month[5:7])
    except ValueError:
        raise ValueError(f"not a month: {month!r}") from None
    if len(month) != 7 or month[4] != "-" or not 1 <= number <= 12:
        raise ValueError(f"not a month: {month!r}")
    return year, number


def month_start(month: str) -> date:
    year, number = parse_month(month)
    return date(year, number, 1)


def month_end(month: str) -> date:
    year, number = parse_month(month)
    following = date(year + (number == 12), number % 12 + 1, 1)
    return following - timedelta(days=1)


def next_month(month: str) -> str:
    return month_of(month_end(month) + timedelta(days=1))


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` included (empty when ``last`` comes first)."""
    out: list[str] = []
    month = first
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


def months_covered(start: date, end: date) -> list[str]:
    """The months a validation of ``start``..``end`` locks (whole months)."""
    return months_between(month_of(start), month_of(end))


def month_label(month: str) -> str:
    """``"décembre 2026"``."""
    year, number = parse_month(month)
    return f"{MONTH_NAMES[number - 1]} {year}"


def is_over(month: str, today: date) -> bool:
    """True once the month's last day has passed."""
    return month_end(month) < today


def check_lockable(months: list[str], today: date, *, current_month_complete: bool = False) -> None:
    """Raise :class:`MonthNotOver` (French message) unless every month may be locked today."""
    current = month_of(today)
    future = [m for m in months if m > current]
    if future:
        raise MonthNotOver(
            message=f"Le mois de {month_label(future[0])} n'a pas commencé ou n'est pas "
            "terminé : il ne peut pas être validé. Choisissez des mois terminés.",
            months=future,
        )
    if current in months and not current_month_complete:
        raise MonthNotOver(
            message=f"Le mois de {month_label(current)} est en cours : le valider verrouille "
            "aussi les écritures saisies d'ici sa fin. Validez-le une fois terminé, ou "
            "confirmez qu'il est complet (toutes ses écritures sont saisies).",
            months=[current],
        )
