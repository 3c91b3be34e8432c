"""One FEC line as parsed values (:class:`FecRow`) and the line parser that checks it.

The parser is built once per file from its :class:`Layout` and records every finding of a line
in the report; a line with an error gives ``None`` (it is set aside on import).
"""

from __future__ import annotations

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
    date: date
    account: str
    account_lib: str
    aux_account: str
    aux_label: str
    piece_ref: str
    piece_date: date | None
    label: str
    debit: int
    credit: int
    lettering: str = ""
    lettering_date: date | None = None
    validation_date: date | None = None
    currency_amount: int | None = None
    currency: str = ""


RowParser = Callable[[list[str], int], FecRow | None]


def make_row_parser(layout: C.Layout, report: FecReport) -> RowParser:
    """A function ``(fields, line_no) -> FecRow | None`` for lines of this layout."""
    ix = layout.index
    width = layout.width
    get = ix.get
    i_jc, i_jl, i_num, i_date = (
        get(C.JOURNAL_CODE),
        get(C.JOURNAL_LIB),
        get(C.ECRITURE_NUM),
        get(C.ECRITURE_DATE),
    )
    i_acc, i_accl, i_aux, i_auxl = (
        get(C.COMPTE_NUM),
        get(C.COMPTE_LIB),
        get(C.COMP_AUX_NUM),
        get(C.COMP_AUX_LIB),
    )
    i_pref, i_pdate, i_lib = get(C.PIECE_REF), get(C.PIECE_DATE), get(C.ECRITURE_LIB)
    i_deb, i_cred, i_mnt, i_sens = get(C.DEBIT), get(C.CREDIT), get(C.MONTANT), get(C.SENS)
    i_let, i_dlet, i_valid = get(C.ECRITURE_LET), get(C.DATE_LET), get(C.VALID_DATE)
    i_cur_amt, i_cur = get(C.MONTANT_DEVISE), get(C.IDEVISE)
    i_rglt = get(C.DATE_RGLT)
    montant_sens = layout.amount_mode is C.AmountMode.MONTANT_SENS
    bic = layout.regime is C.Regime.BIC_IS
    mandatory = [
        (name, ix[name])
        for name in C.MANDATORY_NOT_EMPTY
        if name in ix and (bic or name != C.VALID_DATE)
    ]
    if C.ECRITURE_DATE in ix:
        mandatory.append((C.ECRITURE_DATE, ix[C.ECRITURE_DATE]))
    add = report.add

    def field(f: list[str], i: int | None) -> str:
        return f[i] if i is not None else ""

    def opt_date(f: list[str], i: int | None, name: str, line_no: int) -> date | None:
        if i is None or not f[i]:
            return None
        try:
            d = parse_date(f[i])
        except FieldError as exc:
            add(
                line_no,
                name,
                exc.rule if exc.rule != "date_missing" else "date_invalid",
                exc.message,
            )
            raise
        if not 1900 <= d.year <= 2099:
            add(line_no, name, "year_range", f"Année {d.year} hors de la plage 1900-2099.")
        return d

    def parse(raw: list[str], line_no: int) -> FecRow | None:
        n = len(raw)
        # a trailing separator (one more, empty, field) is tolerated
        if n != width and not (n == width + 1 and not raw[-1].strip()):
            add(line_no, "", "field_count", f"{n} champs au lieu de {width} (en-tête).")
            return None
        f = [x.strip() for x in raw]
        if len(f) < width:
            f.extend([""] * (width - len(f)))
        ok = True
        for name, i in mandatory:
            if not f[i]:
                add(line_no, name, "empty_mandatory", f"Champ obligatoire {name} vide.")
                ok = False
        try:
            day = parse_date(f[i_date]) if i_date is not None and f[i_date] else None
            if day is not None and not 1900 <= day.year <= 2099:
                add(
                    line_no,
                    C.ECRITURE_DATE,
                    "year_range",
                    f"Année {day.year} hors de la plage 1900-2099.",
                )
        except FieldError as exc:
            add(line_no, C.ECRITURE_DATE, exc.rule, exc.message)
            day, ok = None, False
        try:
            piece_date = opt_date(f, i_pdate, C.PIECE_DATE, line_no)
        except FieldError:
            piece_date, ok = None, False
        try:
            valid = opt_date(f, i_valid, C.VALID_DATE, line_no)
        except FieldError:
            valid, ok = None, False
        try:
            let_date = opt_date(f, i_dlet, C.DATE_LET, line_no)
        except FieldError:
            let_date, ok = None, False
        if i_rglt is not None:
            try:
                opt_date(f, i_rglt, C.DATE_RGLT, line_no)
            except FieldError:
                ok = False
        debit = credit = 0
        if montant_sens:
            try:
                amount = parse_amount(f[i_mnt])  # type: ignore[index]
                sens = parse_sens(f[i_sens])  # type: ignore[index]
                amount *= sens
                debit, credit = (amount, 0) if amount >= 0 else (0, -amount)
            except FieldError as exc:
                add(
                    line_no,
                    C.SENS if exc.rule == "sens_invalid" else C.MONTANT,
                    exc.rule,
                    exc.message,
                )
                ok = False
        else:
            try:
                debit = parse_amount(f[i_deb]) if i_deb is not None else 0
            except FieldError as exc:
                add(line_no, C.DEBIT, exc.rule, exc.message)
                ok = False
            try:
                credit = parse_amount(f[i_cred]) if i_cred is not None else 0
            except FieldError as exc:
                add(line_no, C.CREDIT, exc.rule, exc.message)
                ok = False
        cur_amt: int | None = None
        if i_cur_amt is not None and f[i_cur_amt]:
            try:
                cur_amt = parse_amount(f[i_cur_amt])
            except FieldError as exc:
                add(line_no, C.MONTANT_DEVISE, exc.rule, exc.message)
                ok = False
        if not ok or day is None:
            return None
        account = field(f, i_acc)
        if not (len(account) >= 3 and account[:3].isdigit()):
            add(
                line_no,
                C.COMPTE_NUM,
                "account_prefix",
                f"CompteNum « {account} » ne commence pas par trois chiffres.",
            )
        if debit and credit:
            add(line_no, C.DEBIT, "debit_and_credit", "Débit et crédit renseignés sur la ligne.")
        elif not debit and not credit:
            add(line_no, C.DEBIT, "no_amount", "Ni débit ni crédit sur la ligne.")
        if debit < 0 or credit < 0:  # a negative debit is a credit, and the other way round
            net = debit - credit
            debit, credit = (net, 0) if net >= 0 else (0, -net)
        return FecRow(
            line_no,
            f[i_jc] if i_jc is not None else "",
            field(f, i_jl),
            field(f, i_num),
            day,
            account,
            field(f, i_accl),
            field(f, i_aux),
            field(f, i_auxl),
            field(f, i_pref),
            piece_date,
            field(f, i_lib),
            debit,
            credit,
            field(f, i_let),
            let_date,
            valid,
            cur_amt,
            field(f, i_cur),
        )

    return parse
