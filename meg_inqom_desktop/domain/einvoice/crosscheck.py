"""Cross-checking an entry against the invoices its pièces carry (pure: no I/O).

The entry is read the French way (PCG): the third-party lines are 40x suppliers, 41x
customers, 421 staff (expense reports) and 467 others; revenue is class 7 and expenses class 6
(and 2, fixed assets, on a purchase); VAT collected is 4457x, VAT deductible 4456x. Whether
the entry is a sale or a purchase comes from the invoice's parties (which one is the dossier)
or, failing that, from its accounts and journal.

A credit note (type 381 and the other UNTDID credit types) carries positive amounts: it is
expected with the opposite directions (a sale credit note credits 411). Amounts are compared
to the cent; an invoice written in another currency than the euro is not compared at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from meg_inqom_desktop.domain.einvoice.findings import InvoiceFinding, Level, Rule
from meg_inqom_desktop.domain.einvoice.model import Invoice, cents
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import JournalKind
from meg_inqom_desktop.domain.money import format_amount

THIRD_PARTY_PREFIXES = ("40", "41", "421", "467")
_SALE, _PURCHASE = 1, -1
_MAX_LINES_PER_RATE_SEARCH = 12
_LEGAL_FORMS = frozenset(
    [
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "snc",
        "sci",
        "scp",
        "selarl",
        "selas",
        "eirl",
        "ei",
        "gmbh",
        "ag",
        "ltd",
        "inc",
        "llc",
        "bv",
        "nv",
        "spa",
        "srl",
        "societe",
        "ste",
        "cie",
        "et",
        "fils",
        "the",
    ]
)


def _euros(value: Decimal) -> str:
    return format_amount(value, currency=True)


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def _rate(value: Decimal | None) -> str:
    if value is None:
        return "?"
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} %"


def _norm_ref(text: str) -> str:
    return re.sub(r"[\s\-_/.]", "", text).casefold()


def _same_ref(a: str, b: str) -> bool:
    """Same reference, separators and case aside (« FA 2025/001 » is « fa-2025-001 »)."""
    x, y = _norm_ref(a), _norm_ref(b)
    return bool(x) and x == y


def _name_tokens(name: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return {t for t in re.split(r"[^a-z0-9]+", plain) if len(t) >= 2 and t not in _LEGAL_FORMS}


def _same_name(a: str, b: str) -> bool:
    x, y = _name_tokens(a), _name_tokens(b)
    if not x or not y:
        return True  # nothing to compare: no remark
    return bool(x & y)


def _signed(line: EntryLine) -> Decimal:
    return line.debit - line.credit


def _is_third_party(account: str) -> bool:
    return account.startswith(THIRD_PARTY_PREFIXES)


def _direction(entry: Entry, invoice: Invoice, siren: str) -> int:
    """Sale or purchase: which party is the dossier, else the entry's accounts and journal."""
    seller, buyer = invoice.seller.siren == siren, invoice.buyer.siren == siren
    if siren and seller != buyer:
        return _SALE if seller else _PURCHASE
    accounts = [ln.account for ln in entry.lines]
    if any(a.startswith("41") for a in accounts):
        return _SALE
    if any(a.startswith(("40", "421")) for a in accounts):
        return _PURCHASE
    return _SALE if entry.journal.kind is JournalKind.SALES else _PURCHASE


def _split(amounts: list[int], targets: list[int]) -> bool:
    """True when ``amounts`` (cents) split into groups summing to each of ``targets``."""
    if sum(amounts) != sum(targets):
        return False
    remaining = list(targets)
    ordered = sorted(amounts, key=abs, reverse=True)

    def place(i: int) -> bool:
        if i == len(ordered):
            return all(r == 0 for r in remaining)
        tried: set[int] = set()
        for k, left in enumerate(remaining):
            if left in tried:
                continue
            tried.add(left)
            remaining[k] = left - ordered[i]
            if place(i + 1):
                return True
            remaining[k] = left
        return False

    return place(0)


def _subset_sums_to(amounts: list[int], target: int) -> bool:
    reachable = {0}
    for a in amounts:
        reachable |= {r + a for r in reachable}
    return target in reachable


class _Check:
    """The comparison of one entry with its invoices (one instance per call)."""

    def __init__(self, entry: Entry, siren: str, invoices: Sequence[tuple[str, Invoice]]) -> None:
        self.entry = entry
        self.siren = siren
        self.invoices = invoices
        self.document = invoices[0][0] if len(invoices) == 1 else ""
        self.found: list[InvoiceFinding] = []

    def add(
        self,
        rule: Rule,
        level: Level,
        message: str,
        invoice: str = "",
        entry: str = "",
        document: str | None = None,
    ) -> None:
        doc = self.document if document is None else document
        self.found.append(InvoiceFinding(rule, level, message, doc, invoice, entry))

    # -- identity: number, date, parties ----------------------------------------------------
    def identity(self, direction: int) -> None:
        entry = self.entry
        if len(self.invoices) == 1:
            _doc, inv = self.invoices[0]
            if inv.number and entry.piece_ref and not _same_ref(inv.number, entry.piece_ref):
                self.add(
                    Rule.NUMBER,
                    Level.MISMATCH,
                    f"{inv.kind_label} n° « {inv.number} », mais la pièce de l'écriture est "
                    f"référencée « {entry.piece_ref} » : vérifiez que c'est la bonne pièce.",
                    inv.number,
                    entry.piece_ref,
                )
            piece_day = entry.piece_date or entry.date
            if inv.issue_date and piece_day and inv.issue_date != piece_day:
                self.add(
                    Rule.ISSUE_DATE,
                    Level.MISMATCH,
                    f"{inv.kind_label} émise le {_day(inv.issue_date)}, écriture datée (pièce) du "
                    f"{_day(piece_day)}.",
                    _day(inv.issue_date),
                    _day(piece_day),
                )
        else:
            numbers = [inv.number for _d, inv in self.invoices if inv.number]
            if (
                entry.piece_ref
                and numbers
                and not any(_same_ref(n, entry.piece_ref) for n in numbers)
            ):
                self.add(
                    Rule.NUMBER,
                    Level.MISMATCH,
                    f"Aucune des factures ({', '.join(numbers)}) ne porte la référence de la "
                    f"pièce « {entry.piece_ref} ».",
                    ", ".join(numbers),
                    entry.piece_ref,
                )
        for doc, inv in self.invoices:
            self.parties(doc, inv, direction)

    def parties(self, doc: str, inv: Invoice, direction: int) -> None:
        ours, theirs = (inv.seller, inv.buyer) if direction == _SALE else (inv.buyer, inv.seller)
        role = "vendeur" if direction == _SALE else "acheteur"
        kind = "de vente" if direction == _SALE else "d'achat"
        if self.siren and ours.siren and ours.siren != self.siren:
            self.add(
                Rule.DOSSIER_SIREN,
                Level.MISMATCH,
                f"Sur cette facture {kind}, le {role} ({ours.name or 'sans nom'}) a le SIREN "
                f"{ours.siren}, pas celui du dossier ({self.siren}) : pièce d'un autre dossier ?",
                ours.siren,
                self.siren,
                doc,
            )
        elif self.siren and not ours.siren:
            self.add(
                Rule.DOSSIER_SIREN,
                Level.REMARK,
                f"La facture ne donne pas le SIREN du {role} : elle ne peut être rattachée au "
                f"dossier ({self.siren}) que par son contenu.",
                "",
                self.siren,
                doc,
            )
        if theirs.siren and theirs.siren == self.siren:
            self.add(
                Rule.THIRD_PARTY,
                Level.MISMATCH,
                f"Le tiers de la facture ({theirs.name}) a le SIREN du dossier lui-même "
                f"({self.siren}) : vendeur et acheteur inversés ?",
                theirs.siren,
                self.siren,
                doc,
            )
        labels = {
            ln.aux_label for ln in self.entry.lines if _is_third_party(ln.account) and ln.aux_label
        }
        if theirs.name and labels and not any(_same_name(theirs.name, lab) for lab in labels):
            self.add(
                Rule.THIRD_PARTY,
                Level.REMARK,
                f"Tiers différent : « {theirs.name} » sur la facture, "
                f"« {', '.join(sorted(labels))} » dans l'écriture.",
                theirs.name,
                ", ".join(sorted(labels)),
                doc,
            )

    # -- amounts -----------------------------------------------------------------------------
    def amounts(self, direction: int) -> None:
        foreign = [(d, inv) for d, inv in self.invoices if inv.currency and inv.currency != "EUR"]
        if foreign:
            for doc, inv in foreign:
                self.add(
                    Rule.CURRENCY,
                    Level.MISMATCH,
                    f"{inv.kind_label} {inv.number} en {inv.currency} : la comptabilité est "
                    "tenue en euros, montants non comparés (vérifiez le cours appliqué).",
                    inv.currency,
                    "EUR",
                    doc,
                )
            return
        lines = self.entry.lines
        # oriented: a sale credits revenue and VAT (-1), a purchase debits them (+1)
        orient = -direction
        basis_prefixes = ("7",) if direction == _SALE else ("6", "2")
        vat_prefix = "4457" if direction == _SALE else "4456"
        third = [ln for ln in lines if _is_third_party(ln.account)]
        basis = [_signed(ln) * orient for ln in lines if ln.account.startswith(basis_prefixes)]
        vat = [_signed(ln) * orient for ln in lines if ln.account.startswith(vat_prefix)]
        sign = {id(inv): -1 if inv.is_credit_note else 1 for _d, inv in self.invoices}

        def total(field: str) -> Decimal | None:
            values = [(sign[id(inv)], cents(getattr(inv, field))) for _d, inv in self.invoices]
            if any(v is None for _s, v in values):
                return None
            return sum((s * v for s, v in values if v is not None), Decimal(0))

        grand = total("grand_total")
        if grand is not None:
            self.third_party_total(third, grand, direction)
        without_tax = total("total_without_tax")
        if without_tax is not None and basis:
            got = sum(basis, Decimal(0))
            if got != without_tax:
                self.add(
                    Rule.TOTAL_WITHOUT_TAX,
                    Level.MISMATCH,
                    f"Total HT : {_euros(without_tax)} sur la facture, {_euros(got)} sur les "
                    f"comptes {'7' if direction == _SALE else '6'} de l'écriture.",
                    _euros(without_tax),
                    _euros(got),
                )
            else:
                self.per_rate(basis, "basis", Rule.BASIS_PER_RATE, "base HT", direction)
        tax = total("tax_total")
        if tax is not None and (vat or tax):
            got = sum(vat, Decimal(0))
            if got != tax:
                self.add(
                    Rule.VAT_TOTAL,
                    Level.MISMATCH,
                    f"TVA : {_euros(tax)} sur la facture, {_euros(got)} sur les comptes "
                    f"{vat_prefix}x de l'écriture.",
                    _euros(tax),
                    _euros(got),
                )
            else:
                self.per_rate(vat, "tax", Rule.VAT_PER_RATE, "TVA", direction)

    def third_party_total(self, third: list[EntryLine], grand: Decimal, direction: int) -> None:
        if not third:
            self.add(
                Rule.NO_THIRD_PARTY_LINE,
                Level.REMARK,
                "L'écriture n'a pas de ligne de tiers (401, 411, 421…) : le total TTC n'est pas "
                "comparé.",
                _euros(abs(grand)),
            )
            return
        expected = grand * direction  # a sale debits the customer, a purchase credits the supplier
        got = sum((_signed(ln) for ln in third), Decimal(0))
        if got == expected:
            return
        accounts = ", ".join(sorted({ln.account for ln in third}))
        side = "débit" if got >= 0 else "crédit"
        if got == -expected and expected:
            credit_note = any(inv.is_credit_note for _d, inv in self.invoices)
            what = (
                "L'avoir est enregistré comme une facture"
                if credit_note
                else ("La facture est enregistrée comme un avoir")
            )
            self.add(
                Rule.CREDIT_NOTE,
                Level.MISMATCH,
                f"{what} : le compte {accounts} est au {side} de {_euros(abs(got))}, il devrait "
                f"être au {'crédit' if side == 'débit' else 'débit'}.",
                f"{_euros(abs(grand))} ({'avoir' if credit_note else 'facture'})",
                f"{_euros(abs(got))} au {side}",
            )
            return
        self.add(
            Rule.TOTAL_WITH_TAX,
            Level.MISMATCH,
            f"Total TTC : {_euros(abs(grand))} sur la facture, {_euros(abs(got))} au {side} du "
            f"compte {accounts}.",
            _euros(abs(grand)),
            f"{_euros(abs(got))} au {side}",
        )

    def per_rate(
        self, amounts: list[Decimal], field: str, rule: Rule, what: str, direction: int
    ) -> None:
        """Per VAT rate, when the entry has at least one line per rate to compare."""
        targets: dict[Decimal | None, Decimal] = {}
        for _doc, inv in self.invoices:
            s = -1 if inv.is_credit_note else 1
            for v in inv.vat:
                value = cents(getattr(v, field))
                if value is not None:
                    targets[v.rate] = targets.get(v.rate, Decimal(0)) + s * value
        wanted = {rate: amount for rate, amount in targets.items() if amount}
        lines = [int(a * 100) for a in amounts if a]
        if len(wanted) < 2 or len(lines) < len(wanted) or len(lines) > _MAX_LINES_PER_RATE_SEARCH:
            return  # one rate (the total said it all), or one line for several rates
        if _split(lines, [int(v * 100) for v in wanted.values()]):
            return
        accounts = "7" if direction == _SALE else "6"
        if field == "tax":
            accounts = "4457x" if direction == _SALE else "4456x"
        shown = ", ".join(_euros(a) for a in amounts if a)
        for rate, amount in wanted.items():
            if not _subset_sums_to(lines, int(amount * 100)):
                self.add(
                    rule,
                    Level.MISMATCH,
                    f"{what.capitalize()} au taux de {_rate(rate)} : {_euros(amount)} sur la "
                    f"facture ; aucune combinaison des lignes {accounts} de l'écriture ({shown}) "
                    "ne donne ce montant.",
                    f"{_euros(amount)} à {_rate(rate)}",
                    shown,
                )


def cross_check(
    entry: Entry, dossier_siren: str, invoices: Sequence[tuple[str, Invoice]]
) -> list[InvoiceFinding]:
    """Compare ``entry`` with the invoices read from its pièces (``(file name, invoice)``).

    ``dossier_siren``: the dossier's SIREN (or SIRET: its first 9 digits are used).
    Returns the findings, mismatches with both figures side by side; empty when all agree.
    """
    if not invoices:
        return []
    siren = "".join(ch for ch in dossier_siren if ch.isdigit())[:9]
    check = _Check(entry, siren, invoices)
    if len(invoices) > 1:
        check.add(
            Rule.SEVERAL_INVOICES,
            Level.REMARK,
            f"{len(invoices)} factures pour une écriture : leurs montants sont comparés en somme.",
        )
    direction = _direction(entry, invoices[0][1], siren)
    check.identity(direction)
    check.amounts(direction)
    return check.found
