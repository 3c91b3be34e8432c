"""One FEC line as parsed values (:class:`FecRow`) and the line parser that checks it.

The parser is built once per file from its :class:`Layout` and records every finding of a line
in the report; a line with an error gives ``None`` (it is set aside on import).
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from meg_inqom_desktop.domain.fec import columns as C
from meg_inqom_desktop.domain.fec.fields import FieldError, parse_amount, parse_date, parse_sens
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


def make_row_parser(layout: C.Layout, report: FecReport) -> RowParser:
    """A function ``(fields, line_no) -> FecRow | None`` for lines of this layout.

    Fields must come stripped (the reader strips padded lines). A well-formed line takes the
    fast path (one ``itemgetter``, cached dates, integer amounts); anything unusual falls back
    to the careful path that names each problem.
    """
    ix = layout.index
    width = layout.width
    missing = width  # index of an always-empty slot appended to each line
    order = (*C.COLUMNS_18, C.MONTANT, C.SENS, C.DATE_RGLT)
    getter = operator.itemgetter(*(ix.get(name, missing) for name in order))
    montant_sens = layout.amount_mode is C.AmountMode.MONTANT_SENS
    bic = layout.regime is C.Regime.BIC_IS
    mandatory_names = [
        name
        for name in (*C.MANDATORY_NOT_EMPTY, C.ECRITURE_DATE)
        if name in ix and (bic or name != C.VALID_DATE)
    ]
    mandatory = operator.itemgetter(*(ix[n] for n in mandatory_names), missing, missing)
    add = report.add
    cache = _DATES

    def day_of(text: str, name: str, line_no: int) -> date:
        """Careful date parse (cache miss): reports and raises on a bad date."""
        try:
            d = parse_date(text)
        except FieldError as exc:
            rule = exc.rule if exc.rule != "date_missing" else "date_invalid"
            add(line_no, name, rule, exc.message)
            raise
        if 1900 <= d.year <= 2099:
            if len(cache) < 50_000:
                cache[text] = d
        else:
            add(line_no, name, "year_range", f"Année {d.year} hors de la plage 1900-2099.")
        return d

    def amount_of(text: str, name: str, line_no: int) -> int:
        try:
            return parse_amount(text)
        except FieldError as exc:
            add(line_no, name, exc.rule, exc.message)
            raise

    def parse(f: list[str], line_no: int) -> FecRow | None:
        n = len(f)
        if n == width:
            f.append("")
        elif n != width + 1 or f[-1]:  # a trailing separator (one more, empty, field) is fine
            add(line_no, "", "field_count", f"{n} champs au lieu de {width} (en-tête).")
            return None
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
        if "" in mandatory(f)[:-2]:
            for name in mandatory_names:
                if not f[ix[name]]:
                    add(line_no, name, "empty_mandatory", f"Champ obligatoire {name} vide.")
            ok = False
        try:
            day = cache.get(dt) or day_of(dt, C.ECRITURE_DATE, line_no) if dt else None
        except FieldError:
            day = None
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
                if len(deb) > 3 and deb[-3] == "," and t.isdigit() and t.isascii():
                    debit = int(t)
                else:
                    debit = amount_of(deb, C.DEBIT, line_no)
                t = cred.replace(",", "", 1)
                if len(cred) > 3 and cred[-3] == "," and t.isdigit() and t.isascii():
                    credit = int(t)
                else:
                    credit = amount_of(cred, C.CREDIT, line_no)
        except FieldError:
            ok, debit, credit = False, 0, 0
        cur_amt: int | None = None
        if cur_amt_s:
            try:
                cur_amt = amount_of(cur_amt_s, C.MONTANT_DEVISE, line_no)
            except FieldError:
                ok = False
        if not ok or day is None:
            return None
        if not (acc[:3].isdigit() and len(acc) >= 3):
            add(
                line_no,
                C.COMPTE_NUM,
                "account_prefix",
                f"CompteNum « {acc} » ne commence pas par trois chiffres.",
            )
        if debit:
            if credit:
                add(line_no, C.DEBIT, "debit_and_credit", "Débit et crédit sur la même ligne.")
        elif not credit:
            add(line_no, C.DEBIT, "no_amount", "Ni débit ni crédit sur la ligne.")
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
