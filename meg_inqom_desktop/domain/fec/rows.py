"""One FEC line as parsed values (:class:`FecRow`) and the line parser that checks it.

The parser is built once per file from its :class:`Layout` and records every finding of a line
in the report; a line it cannot read (wrong field count, bad amount or date, no journal or
date) gives ``None`` (it is set aside on import). Findings that only make the file
non-conforming for the tax office leave the line readable.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from meg_inqom_desktop.domain.fec import columns as C
from meg_inqom_desktop.domain.fec.dgfip import (
    DATE_ALERT,
    DATE_EMPTY,
    DATE_ERROR,
    DATE_OK,
    read_date,
)
from meg_inqom_desktop.domain.fec.fields import (
    FAST_AMOUNT_CHARS,
    FieldError,
    parse_amount,
    parse_sens,
)
from meg_inqom_desktop.domain.fec.regime import FecRegime, regime_of_layout
from meg_inqom_desktop.domain.fec.report import FecReport


class FecRow(NamedTuple):
    """The values of one FEC line (amounts in integer cents, journal code as written)."""

    line_no: int
    journal_code: str
    journal_lib: str
    number: str
    date: datetime.date
    account: str
    account_lib: str
    aux_account: str
    aux_label: str
    piece_ref: str
    piece_date: datetime.date | None
    label: str
    debit: int
    credit: int
    lettering: str = ""
    lettering_date: datetime.date | None = None
    validation_date: datetime.date | None = None
    currency_amount: int | None = None
    currency: str = ""


new_row = tuple.__new__

RowParser = Callable[[list[str], int], FecRow | None]


def make_row_parser(
    layout: C.Layout,
    report: FecReport,
    regime: FecRegime | None = None,
    dgfip_width: int | None = None,
) -> RowParser:
    """A function ``(fields, line_no) -> FecRow | None`` for lines of this layout.

    Fields must come stripped (the reader strips padded lines). A well-formed line takes the
    fast path (one ``itemgetter``, cached dates, integer amounts); anything unusual falls back
    to the careful path that names each problem. ``regime`` (default: the one the header
    suggests) decides which empty fields Test Compta Demat counts as errors; ``dgfip_width``
    is how many fields it expects per line (default: the header's).
    """
    ix = layout.index
    width = layout.width
    tcd_width = width if dgfip_width is None else dgfip_width
    missing = width  # index of an always-empty slot appended to each line
    order = (*C.COLUMNS_18, C.MONTANT, C.SENS, C.DATE_RGLT)
    getter = operator.itemgetter(*(ix.get(name, missing) for name in order))
    montant_sens = layout.amount_mode is C.AmountMode.MONTANT_SENS
    if regime is None:
        regime = regime_of_layout(layout.regime)
    counted = frozenset(regime.not_empty)  # what Test Compta Demat counts as an error
    # What the import needs to read a line (a line without them is set aside).
    needed = frozenset(C.REQUIRED_TO_IMPORT)
    mandatory_names = [
        name
        for name in dict.fromkeys((*regime.not_empty, *C.REQUIRED_TO_IMPORT))
        if name in ix and (name in counted or name in needed)
    ]
    # at least two indexes, so the getter always returns a tuple (the padding slots are empty)
    pad = (missing, missing) if len(mandatory_names) < 2 else ()
    mandatory = operator.itemgetter(*(ix[n] for n in mandatory_names), *pad)
    n_mandatory = len(mandatory_names)
    good_accounts: set[str] = set()  # account numbers already seen to start with 3 digits
    add = report.add
    cache = _DATES
    fast_chars = FAST_AMOUNT_CHARS  # longer amounts go through parse_amount's bound check

    def day_of(text: str, name: str, line_no: int) -> date | None:
        """Careful date parse (cache miss): reports; raises when the line cannot be read."""
        reading = read_date(text)
        verdict, value = reading.verdict, reading.day
        if verdict == DATE_EMPTY:  # zeros: empty for Test Compta Demat
            if name in counted or name in needed:
                _empty(name, line_no, f"Champ obligatoire {name} vide (« {text} »).")
                if name in needed:
                    raise FieldError("empty_mandatory", name)
            return None
        if verdict == DATE_ERROR or (verdict == DATE_OK and value is None):
            add(
                line_no,
                name,
                "date_invalid",
                f"Date impossible « {text} » (format AAAAMMJJ attendu).",
            )
            raise FieldError("date_invalid", text)
        if verdict == DATE_ALERT:
            add(line_no, name, "year_range", f"Année de « {text} » hors de la plage 1900-2099.")
            if value is None:
                add(
                    line_no,
                    name,
                    "date_unreadable",
                    f"Date « {text} » sans jour réel : la ligne ne peut être importée.",
                )
                raise FieldError("date_unreadable", text)
            return value
        assert value is not None
        if not reading.legal_form:
            add(
                line_no,
                name,
                "date_format",
                f"Date « {text} » : Test Compta Demat l'accepte, mais l'arrêté veut AAAAMMJJ.",
            )
        elif len(cache) < 50_000:
            cache[text] = value
        return value

    def _empty(name: str, line_no: int, message: str) -> None:
        if name in counted:
            add(line_no, name, "empty_mandatory", message, reject=name in needed)
        else:
            add(
                line_no,
                name,
                "empty_field",
                f"Champ {name} vide : Test Compta Demat l'admet sous ce régime, mais la ligne "
                "ne peut être importée sans lui.",
            )

    def amount_of(text: str, name: str, line_no: int) -> int:
        try:
            return parse_amount(text)
        except FieldError as exc:
            add(line_no, name, exc.rule, exc.message)
            raise

    def parse(f: list[str], line_no: int) -> FecRow | None:
        n = len(f)
        if n != tcd_width:
            if n == width or (n == width + 1 and not f[-1]):  # readable: one trailing field
                add(
                    line_no,
                    "",
                    "trailing_separator",
                    f"{n} champs au lieu des {tcd_width} que Test Compta Demat attend d'après "
                    "l'en-tête : mettez un séparateur final sur toutes les lignes, en-tête "
                    "compris, ou sur aucune.",
                )
            else:
                add(line_no, "", "field_count", f"{n} champs au lieu de {tcd_width} (en-tête).")
                return None
        if n == width:
            f.append("")
        (
            jc,
            jl,
            num,
            dt,
            acc,
            accl,
            aux,
            auxl,
            pref,
            pdt,
            lib,
            deb,
            cred,
            let,
            dlet,
            valid,
            cur_amt_s,
            cur,
            mnt,
            sens,
            rglt,
        ) = getter(f)
        ok = True
        values = mandatory(f)
        if "" in (values if not pad else values[:n_mandatory]):
            for name in mandatory_names:
                if not f[ix[name]]:
                    _empty(name, line_no, f"Champ obligatoire {name} vide.")
                    if name in needed:
                        ok = False
        day: date | None = None
        try:
            if dt:
                day = cache.get(dt) or day_of(dt, C.ECRITURE_DATE, line_no)
        except FieldError:
            ok = False
        piece_date = valid_date = let_date = None
        try:
            if pdt:
                piece_date = cache.get(pdt) or day_of(pdt, C.PIECE_DATE, line_no)
            if valid:
                valid_date = cache.get(valid) or day_of(valid, C.VALID_DATE, line_no)
            if dlet:
                let_date = cache.get(dlet) or day_of(dlet, C.DATE_LET, line_no)
            if rglt and rglt not in cache:
                day_of(rglt, C.DATE_RGLT, line_no)
        except FieldError:
            ok = False
        amounts_ok = True
        try:
            if montant_sens:
                amount = amount_of(mnt, C.MONTANT, line_no)
                try:
                    amount *= parse_sens(sens)
                except FieldError as exc:
                    add(line_no, C.SENS, exc.rule, exc.message)
                    raise
                debit, credit = (amount, 0) if amount >= 0 else (0, -amount)
            else:
                t = deb.replace(",", "", 1)
                if 3 < len(deb) <= fast_chars and deb[-3] == "," and t.isdigit() and t.isascii():
                    debit = int(t)
                else:
                    debit = amount_of(deb, C.DEBIT, line_no)
                t = cred.replace(",", "", 1)
                if 3 < len(cred) <= fast_chars and cred[-3] == "," and t.isdigit() and t.isascii():
                    credit = int(t)
                else:
                    credit = amount_of(cred, C.CREDIT, line_no)
        except FieldError:
            ok, amounts_ok, debit, credit = False, False, 0, 0
        cur_amt: int | None = None
        if cur_amt_s:
            try:
                cur_amt = amount_of(cur_amt_s, C.MONTANT_DEVISE, line_no)
            except FieldError:
                ok = False
        if acc not in good_accounts and acc:
            if len(acc) >= 3 and acc[:3].isdigit() and acc[:3].isascii():
                if len(good_accounts) < 100_000:
                    good_accounts.add(acc)
            else:
                add(
                    line_no,
                    C.COMPTE_NUM,
                    "account_prefix",
                    f"CompteNum « {acc} » ne commence pas par trois chiffres.",
                )
        if amounts_ok:
            if debit:
                if credit:
                    add(line_no, C.DEBIT, "debit_and_credit", "Débit et crédit sur la même ligne.")
            elif not credit:
                add(line_no, C.DEBIT, "no_amount", "Ni débit ni crédit sur la ligne.")
        if not ok or day is None:
            return None
        if debit < 0 or credit < 0:  # a negative debit is a credit, and the other way round
            net = debit - credit
            debit, credit = (net, 0) if net >= 0 else (0, -net)
        return new_row(  # FecRow(...) without the keyword-handling __new__
            FecRow,
            (
                line_no,
                jc,
                jl,
                num,
                day,
                acc,
                accl,
                aux,
                auxl,
                pref,
                piece_date,
                lib,
                debit,
                credit,
                let,
                let_date,
                valid_date,
                cur_amt,
                cur,
            ),
        )

    return parse


_DATES: dict[str, date] = {}
