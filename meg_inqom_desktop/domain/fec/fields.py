"""Parsing FEC field values: amounts into integer cents, AAAAMMJJ dates, Sens.

Amounts are parsed with integer arithmetic on the string (no Decimal per field): a comma
decimal separator, an optional sign first or last, zero padding and surrounding spaces are
accepted; a ``.`` decimal point and thousands separators are refused, as the DGFiP's checker
does; an amount beyond :data:`MAX_CENTS` is refused too (the ledger keeps 64-bit integer cents,
and its sums must not overflow). Each refusal raises :class:`FieldError` with the report rule
code.
"""

from __future__ import annotations

from datetime import date


class FieldError(ValueError):
    """A field value the FEC rules refuse; ``rule`` is a report rule code."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


_THOUSANDS = (" ", "\u00a0", "\u202f", "'")

#: The largest amount a FEC line may carry, in cents: 9 999 999 999 999,99 (ten thousand
#: billion euros less a cent). The ledger's columns hold 64-bit cents (about 92 million billion
#: euros); this bound leaves room for the sums of entries, accounts and files.
MAX_CENTS = 10**15 - 1
_MAX_WHOLE_DIGITS = len(str(MAX_CENTS // 100))
#: Longest amount text the row parser's fast path reads without this bound check.
FAST_AMOUNT_CHARS = len("9999999999999,99")


def parse_amount(text: str) -> int:
    """``"-1234,5"`` -> ``-123450`` cents; empty -> 0. Raises :class:`FieldError`."""
    s = text.strip()
    if not s:
        return 0
    negative = False
    first = s[0]
    if first == "-" or first == "+":
        negative = first == "-"
        s = s[1:].strip()
    elif s[-1] == "-" or s[-1] == "+":
        negative = s[-1] == "-"
        s = s[:-1].strip()
    whole, comma, frac = s.partition(",")
    if whole.isdigit() and whole.isascii() and (not comma or not frac or frac.isdigit()):
        if len(frac) > 2:
            if frac[2:].strip("0"):
                raise FieldError(
                    "amount_sub_cent", f"Montant « {_shown(text)} » au-delà du centime."
                )
            frac = frac[:2]
        # digits counted before int(): a number of thousands of digits is refused, not parsed
        if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
            raise _too_large(text)
        cents = int(whole) * 100 + (int(frac) * (10 if len(frac) == 1 else 1) if frac else 0)
        if cents > MAX_CENTS:
            raise _too_large(text)
        return -cents if negative else cents
    if not whole and comma and frac.isdigit() and frac.isascii() and len(frac) <= 2:  # ",5"
        cents = int(frac.ljust(2, "0"))
        return -cents if negative else cents
    return _amount_problem(text, whole, comma)


def _too_large(text: str) -> FieldError:
    return FieldError(
        "amount_too_large",
        f"Montant « {_shown(text)} » trop grand : le registre accepte au plus "
        f"{format_cents(MAX_CENTS)} par ligne. Corrigez le montant dans le logiciel d'origine.",
    )


def _shown(text: str) -> str:
    """An amount as quoted in a message (a hostile one cut to a readable length)."""
    s = text.strip()
    return s if len(s) <= 40 else f"{s[:20]}…{s[-8:]} ({len(s)} caractères)"


def _amount_problem(text: str, whole: str, comma: str) -> int:
    shown = _shown(text)
    if any(t in whole for t in _THOUSANDS) or (comma and "." in whole):
        raise FieldError(
            "amount_thousands_separator",
            f"Montant « {shown} » avec séparateur de milliers (interdit).",
        )
    if not comma and "." in whole:
        raise FieldError(
            "amount_decimal_point",
            f"Montant « {shown} » avec un point décimal : la virgule est obligatoire.",
        )
    raise FieldError("amount_invalid", f"Montant illisible « {shown} ».")


_DATE_CACHE: dict[str, date] = {}


def parse_date(text: str) -> date:
    """``"20230131"`` (spaces tolerated) -> ``date(2023, 1, 31)``. Raises :class:`FieldError`."""
    s = text.strip()
    hit = _DATE_CACHE.get(s)
    if hit is not None:
        return hit
    if len(s) == 8 and s.isdigit() and s.isascii():
        try:
            day = date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            pass
        else:
            if len(_DATE_CACHE) < 100_000:
                _DATE_CACHE[s] = day
            return day
    if not s:
        raise FieldError("date_missing", "Date absente.")
    raise FieldError("date_invalid", f"Date impossible « {s} » (format AAAAMMJJ attendu).")


def parse_sens(text: str) -> int:
    """Sens: ``D`` or ``+1`` -> 1 (debit), ``C`` or ``-1`` -> -1 (credit); nothing else (a bare
    ``1`` is refused, as Test Compta Demat refuses it)."""
    s = text.strip().upper()
    if s in ("D", "+1"):
        return 1
    if s in ("C", "-1"):
        return -1
    raise FieldError("sens_invalid", f"Sens « {text.strip()} » invalide (D, C, +1 ou -1).")


def format_cents(cents: int) -> str:
    """FEC amount: comma decimals, no thousands separator, sign first: ``-1234,50``."""
    sign = "-" if cents < 0 else ""
    q, r = divmod(abs(cents), 100)
    return f"{sign}{q},{r:02d}"


def format_date(day: date | None) -> str:
    """FEC date ``AAAAMMJJ``; empty for no date."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}" if day else ""
