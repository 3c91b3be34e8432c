"""The deterministic demo firm: MEG companies with a year of entries, matching Inqom folders.

Same seed, same data (names, SIRETs, amounts, ids, PDF bytes). Months 2025-01 to 2026-03;
each month has sales (VT 411/706/44571; one sale in 13 is a credit note, « avoir » AV-...),
purchases (AC 401/6xx/44566), expense reports (NDF 421/625x/44566) and bank entries (BQ 512);
VAT at 20, 10 and 5.5 %. The first months are validated in MEG, the last ones not yet.

About 45 % of the sales and purchase pièces are Factur-X, a few deliberately inconsistent with
their entry: see :mod:`.facturx_xml`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from stdnum import luhn

from meg_inqom_desktop.domain.money import round_cents
from meg_inqom_desktop.sandbox.facturx_xml import einvoice_description
from meg_inqom_desktop.sandbox.state import (
    InqomAccount,
    InqomFolder,
    InqomJournal,
    InqomPeriod,
    InqomState,
    MegCompany,
    MegDocument,
    MegEntry,
    MegLine,
    MegState,
)

MONTHS = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:15]  # 2025-01..2026-03
ZERO = Decimal("0.00")
SALE_KINDS = ("invoice_sale", "credit_note_sale")
CREDIT_NOTE_EVERY = 13  # one sale in 13 is a credit note

COMPANY_NAMES = [
    "Boulangerie Martin",
    "Menuiserie Lefèvre et Fils",
    "Transports Girard",
    "Atelier Moreau Design",
    "Fromagerie des Alpes",
    "Garage Rousseau",
    "Librairie Le Chat qui Lit",
    "Pharmacie Bonnet",
    "Cabinet Dentaire du Parc",
    "Jardins de Provence SARL",
]
CUSTOMERS = [
    ("DUPONT", "Dupont SARL"),
    ("HOTELMER", "Hôtel de la Mer"),
    ("MAIRIE", "Mairie de Villefranche"),
    ("LECLERC", "Leclerc Distribution"),
    ("PETIT", "Petit et Associés"),
    ("BERNARD", "SAS Bernard Frères"),
    ("ECOLE", "École Saint-Joseph"),
    ("THOMAS", "Thomas Rénovation"),
]
SUPPLIERS = [  # code, name, account, account label, VAT rate
    ("EDF", "EDF Entreprises", "606100", "Fournitures non stockables", Decimal("20")),
    ("METRO", "Metro Cash & Carry", "607000", "Achats de marchandises", Decimal("5.5")),
    ("ORANGE", "Orange Business", "626000", "Frais postaux et télécommunications", Decimal("20")),
    ("BUREAU", "Bureau Vallée", "606400", "Fournitures administratives", Decimal("20")),
    ("SCI", "SCI Les Tilleuls", "613200", "Locations immobilières", Decimal("20")),
    ("COMPTOIR", "Restaurant Le Comptoir", "625700", "Réceptions", Decimal("10")),
    ("BRICO", "Brico Pro", "606300", "Fournitures d'entretien et petit équipement", Decimal("20")),
]
EMPLOYEES = [("SMARTIN", "Sophie Martin"), ("LDUBOIS", "Luc Dubois"), ("ANGUYEN", "Anh Nguyen")]
EXPENSES = [  # description, account, label, rate
    ("Billet de train", "625100", "Voyages et déplacements", Decimal("10")),
    ("Nuit d'hôtel", "625600", "Missions", Decimal("10")),
    ("Repas client", "625700", "Réceptions", Decimal("20")),
    ("Péage autoroute", "625100", "Voyages et déplacements", Decimal("20")),
    ("Taxi", "625100", "Voyages et déplacements", Decimal("10")),
]
ACCOUNT_LABELS = {
    "411000": "Clients",
    "401000": "Fournisseurs",
    "421000": "Personnel - rémunérations dues",
    "445660": "TVA déductible sur autres biens et services",
    "445710": "TVA collectée",
    "512000": "Banque",
    "706000": "Prestations de services",
    "707000": "Ventes de marchandises",
    "627000": "Services bancaires et assimilés",
}
JOURNAL_LABELS = {"VT": "Ventes", "AC": "Achats", "NDF": "Notes de frais", "BQ": "Banque"}
INQOM_JOURNALS = [  # Name, Description, Type
    ("HA", "Achats", "Buy"),
    ("VT", "Ventes", "Sell"),
    ("BQ", "Banque", "Bank"),
    ("OD", "Opérations diverses", "Misc"),
    ("NDF", "Notes de frais", "Other"),
    ("CA", "Caisse", "Cash"),
    ("SA", "Salaires", "Salary"),
    ("AN", "A nouveaux", "ANouveaux"),
]


def make_siret(rng: random.Random) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check."""
    while True:
        head = str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        siren = head + luhn.calc_check_digit(head)
        if siren == "356000000":
            continue
        nic4 = f"{rng.randint(1, 99):04d}"
        return siren + nic4 + luhn.calc_check_digit(siren + nic4)


def _line(
    no: int,
    account: str,
    label: str,
    debit: Decimal = ZERO,
    credit: Decimal = ZERO,
    aux: tuple[str, str] | None = None,
    account_label: str | None = None,
) -> MegLine:
    return MegLine(
        line_no=no,
        account=account,
        aux_account=aux[0] if aux else None,
        account_label=account_label or ACCOUNT_LABELS.get(account, account),
        aux_label=aux[1] if aux else None,
        label=label,
        debit=debit,
        credit=credit,
    )


class _CompanyBuilder:
    """Builds one company's entries month by month."""

    def __init__(self, company: MegCompany, rng: random.Random, meg: MegState) -> None:
        self.c = company
        self.rng = rng
        self.meg = meg
        self.n_entry = 0
        self.n_doc = 0
        self.n_sale = 0

    def _new_entry(
        self, journal: str, day: date, piece: str, label: str, lines: list[MegLine]
    ) -> MegEntry:
        self.n_entry += 1
        entry = MegEntry(
            id=f"meg-{self.c.siren}-{self.n_entry:06d}",
            siret=self.c.siret,
            journal=journal,
            journal_label=JOURNAL_LABELS[journal],
            date=day,
            piece_ref=piece,
            piece_date=day,
            label=label,
            lines=lines,
        )
        self.c.entries.append(entry)
        return entry

    def _attach(
        self,
        entry: MegEntry,
        kind: str,
        number: str,
        party: str,
        role: str,
        rows: list[tuple[str, Decimal, Decimal, Decimal]],
    ) -> None:
        self.n_doc += 1
        doc_id = f"doc-{self.c.siren}-{self.n_doc:06d}"
        company = (self.c.name, self.c.siren, self.c.siret)
        sale = kind in SALE_KINDS
        fx = None
        if kind != "expense_report":
            fx = einvoice_description(
                doc_id, number, party, company, sale=sale, credit_note=kind == "credit_note_sale"
            )
        if fx is not None and fx["defect"] == "total":  # the pièce says 10,00 € more HT
            desc, h, r, _t = rows[0]
            rows = [(desc, h + 10, r, round_cents((h + 10) * r / 100)), *rows[1:]]
        ht = sum((r[1] for r in rows), ZERO)
        tva = sum((r[3] for r in rows), ZERO)
        safe = number.replace("/", "-")
        render: dict[str, Any] = {
            "kind": kind,
            "number": number,
            "date": entry.date.isoformat(),
            "issuer": self.c.name if sale else party,
            "issuer_siret": self.c.siret if sale else None,
            "party": party if sale else self.c.name,
            "party_role": "Client" if sale else "Destinataire",
            "lines": [(d, str(h), str(r), str(t)) for d, h, r, t in rows],
            "total_ht": str(ht),
            "total_tva": str(tva),
            "total_ttc": str(ht + tva),
        }
        if fx is not None:
            fx["lines"] = render["lines"]
            render["einvoice"] = fx
        doc = MegDocument(
            id=doc_id,
            entry_id=entry.id,
            filename=f"{safe}.pdf",
            media_type="application/pdf",
            siret=self.c.siret,
            render=render,
        )
        entry.documents.append(doc)
        self.meg.documents[doc_id] = doc

    def _amount(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randint(low * 100, high * 100)) / 100

    def _day(self, year: int, month: int) -> date:
        return date(year, month, self.rng.randint(1, 28))

    def sale(self, year: int, month: int) -> tuple[MegEntry, tuple[str, str], Decimal]:
        self.n_sale += 1
        day = self._day(year, month)
        code, name = self.rng.choice(CUSTOMERS)
        aux = ("C" + code, name)
        rate = self.rng.choice([Decimal("20"), Decimal("20"), Decimal("10"), Decimal("5.5")])
        ht = self._amount(80, 4800)
        tva = round_cents(ht * rate / 100)
        account = "707000" if rate == Decimal("5.5") else "706000"
        avoir = self.n_sale % CREDIT_NOTE_EVERY == 0
        what, kind = ("Avoir", "credit_note_sale") if avoir else ("Facture", "invoice_sale")
        number = f"{'AV' if avoir else 'FA'}-{year}-{self.n_sale:04d}"
        lines = [
            _line(1, "411000", f"{what} {number} {name}", debit=ht + tva, aux=aux),
            _line(2, account, f"{what} {number}", credit=ht),
            _line(3, "445710", f"TVA {rate} % {number}", credit=tva),
        ]
        for ln in lines if avoir else ():  # a credit note: the same lines, the other way round
            ln.debit, ln.credit = ln.credit, ln.debit
        entry = self._new_entry("VT", day, number, f"{what} {number} {name}", lines)
        self._attach(
            entry,
            kind,
            number,
            name,
            "Client",
            [(ACCOUNT_LABELS[account], ht, rate, tva)],
        )
        return entry, aux, ht + tva

    def purchase(self, year: int, month: int) -> tuple[MegEntry, tuple[str, str], Decimal]:
        day = self._day(year, month)
        code, name, account, acc_label, rate = self.rng.choice(SUPPLIERS)
        aux = ("F" + code, name)
        ht = self._amount(20, 2500)
        tva = round_cents(ht * rate / 100)
        number = f"F{self.rng.randint(10000, 99999)}"
        lines = [
            _line(1, account, f"{name} {number}", debit=ht, account_label=acc_label),
            _line(2, "445660", f"TVA {rate} % {number}", debit=tva),
            _line(3, "401000", f"{name} {number}", credit=ht + tva, aux=aux),
        ]
        entry = self._new_entry("AC", day, number, f"Facture {name} {number}", lines)
        self._attach(
            entry, "invoice_purchase", number, name, "Fournisseur", [(acc_label, ht, rate, tva)]
        )
        return entry, aux, ht + tva

    def expense(self, year: int, month: int, n: int) -> tuple[MegEntry, tuple[str, str], Decimal]:
        day = self._day(year, month)
        code, name = self.rng.choice(EMPLOYEES)
        aux = ("S" + code, name)
        number = f"NDF-{year}-{month:02d}-{n:03d}"
        rows = []
        lines: list[MegLine] = []
        for _ in range(self.rng.randint(1, 3)):
            desc, account, acc_label, rate = self.rng.choice(EXPENSES)
            ht = self._amount(8, 240)
            tva = round_cents(ht * rate / 100)
            rows.append((desc, ht, rate, tva))
            lines.append(
                _line(len(lines) + 1, account, f"{desc} {name}", debit=ht, account_label=acc_label)
            )
        tva_total = sum((r[3] for r in rows), ZERO)
        ttc = sum((r[1] for r in rows), ZERO) + tva_total
        lines.append(_line(len(lines) + 1, "445660", f"TVA {number}", debit=tva_total))
        lines.append(_line(len(lines) + 1, "421000", f"Note de frais {name}", credit=ttc, aux=aux))
        entry = self._new_entry("NDF", day, number, f"Note de frais {name} {number}", lines)
        self._attach(entry, "expense_report", number, name, "Salarié", rows)
        return entry, aux, ttc

    def payment(self, src: MegEntry, aux: tuple[str, str], amount: Decimal) -> None:
        day = min(src.date + timedelta(days=self.rng.randint(0, 20)), _month_end(src.date))
        piece = f"RLV-{day:%Y-%m}"
        if src.journal == "VT" and src.lines[0].credit:  # a credit note is refunded
            lines = [
                _line(1, "411000", f"Remboursement {src.piece_ref}", debit=amount, aux=aux),
                _line(2, "512000", f"Remboursement {src.piece_ref}", credit=amount),
            ]
            label = f"Remboursement {src.piece_ref} {aux[1]}"
        elif src.journal == "VT":
            lines = [
                _line(1, "512000", f"Règlement {src.piece_ref}", debit=amount),
                _line(2, "411000", f"Règlement {src.piece_ref}", credit=amount, aux=aux),
            ]
            label = f"Encaissement {src.piece_ref} {aux[1]}"
        else:
            account = "401000" if src.journal == "AC" else "421000"
            lines = [
                _line(1, account, f"Paiement {src.piece_ref}", debit=amount, aux=aux),
                _line(2, "512000", f"Paiement {src.piece_ref}", credit=amount),
            ]
            label = f"Virement {src.piece_ref} {aux[1]}"
        self._new_entry("BQ", day, piece, label, lines)

    def bank_fees(self, year: int, month: int) -> None:
        day = _month_end(date(year, month, 1))
        fee = self._amount(5, 60)
        lines = [
            _line(1, "627000", "Frais de tenue de compte", debit=fee),
            _line(2, "512000", "Frais de tenue de compte", credit=fee),
        ]
        self._new_entry("BQ", day, f"RLV-{year}-{month:02d}", "Frais bancaires", lines)

    def month(self, ym: str, sales: int, purchases: int, expenses: int, fees: int) -> None:
        year, month = int(ym[:4]), int(ym[5:])
        made = []
        made += [self.sale(year, month) for _ in range(sales)]
        made += [self.purchase(year, month) for _ in range(purchases)]
        made += [self.expense(year, month, i + 1) for i in range(expenses)]
        for src, aux, amount in made:
            if self.rng.random() < 0.8:
                self.payment(src, aux, amount)
        for _ in range(fees):
            self.bank_fees(year, month)


def _month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _validated_at(month: str, minute: int) -> datetime:
    y, m = int(month[:4]), int(month[5:])
    nxt_y, nxt_m = y + (m == 12), m % 12 + 1
    return datetime(nxt_y, nxt_m, 10, 9, minute, tzinfo=UTC)


def _finish_company(company: MegCompany, validated_months: int, minute: int) -> None:
    company.entries.sort(key=lambda e: (e.date, e.journal, e.piece_ref, e.id))
    for month in MONTHS[:validated_months]:
        company.validate_months([month], _validated_at(month, minute))


def _add_bad_entries(company: MegCompany, meg: MegState, other_siret: str) -> None:
    """Entries the sync must set aside: unbalanced, malformed, wrong SIRET, non-PDF pièce."""
    day = date(2025, 2, 14)
    base = f"meg-{company.siren}-bad"

    def entry(kind: str, lines: list[MegLine], siret: str | None = None) -> MegEntry:
        e = MegEntry(
            id=f"{base}-{kind}",
            siret=siret or company.siret,
            journal="VT",
            journal_label="Ventes",
            date=day,
            piece_ref=f"BAD-{kind.upper()}",
            piece_date=day,
            label=f"Écriture de test ({kind})",
            lines=lines,
        )
        meg.bad_entry_ids[kind] = e.id
        company.entries.append(e)
        return e

    ok = [
        _line(1, "411000", "Client", debit=Decimal("120.00"), aux=("CDUPONT", "Dupont SARL")),
        _line(2, "706000", "Vente", credit=Decimal("100.00")),
        _line(3, "445710", "TVA", credit=Decimal("20.00")),
    ]
    entry("unbalanced", [ok[0], _line(2, "706000", "Vente", credit=Decimal("99.00"))])
    bad = entry("malformed", list(ok))
    bad.wire_override = {
        "id": bad.id,
        "journal": "VT",
        "date": "2025-02-30",
        "lines": [{"account": "411000", "debit": "12,5x"}],
    }
    entry("wrong_siret", list(ok), siret=other_siret)
    notpdf = entry("not_pdf", list(ok))
    doc = MegDocument(
        id=f"doc-{company.siren}-bad-notpdf",
        entry_id=notpdf.id,
        filename="BAD-NOT_PDF.pdf",
        media_type="application/pdf",
        render={"kind": "notpdf"},
        siret=company.siret,
    )
    notpdf.documents.append(doc)
    meg.documents[doc.id] = doc


def _inqom_folder(fid: int, name: str, siret: str, company_id: int, idx: int) -> InqomFolder:
    folder = InqomFolder(
        Id=fid,
        Name=name.upper(),
        Siren=siret[:9],
        Nic=siret[9:],
        CompanyId=company_id,
        CreatedAt=datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
    )
    prev = None
    for k, (year, locked) in enumerate(((2024, True), (2025, False), (2026, False))):
        pid = 8000 + idx * 10 + k
        folder.periods.append(
            InqomPeriod(pid, fid, f"{year}-12", date(year, 1, 1), date(year, 12, 31), locked, prev)
        )
        prev = pid
    for k, (jname, desc, jtype) in enumerate(INQOM_JOURNALS):
        folder.journals.append(InqomJournal(41001 + idx * 100 + k, jname, desc, jtype))
    for number, label in ACCOUNT_LABELS.items():
        folder.accounts[number] = InqomAccount(number, label, IsImpactable=True)
    for _c, _n, number, label, _r in SUPPLIERS:
        folder.accounts[number] = InqomAccount(number, label, IsImpactable=True)
    for _d, number, label, _r in EXPENSES:
        folder.accounts[number] = InqomAccount(number, label, IsImpactable=True)
    for collective, parent, label in (
        ("4011", "401000", "Fournisseurs"),
        ("4111", "411000", "Clients"),
        ("4211", "421000", "Personnel"),
    ):
        folder.accounts[parent] = InqomAccount(
            parent, label, IsImpactable=False, IsDivisible=True, IsManaged=True
        )
        folder.accounts[collective] = InqomAccount(
            collective, label, IsImpactable=False, IsDivisible=True, IsManaged=True
        )
    return folder


Seed = tuple[MegState, InqomState]


def build_seed(seed: int, *, scale: int | None = None, bad: bool = False, firm: int = 0) -> Seed:
    """Build the MEG and Inqom demo data for ``seed`` (``scale``: one big extra company;
    ``firm``: that many small client companies more, each with two validated months, as a
    firm's forty dossiers)."""
    rng = random.Random(seed)
    meg = MegState()
    inqom = InqomState()
    names = rng.sample(COMPANY_NAMES, 6)
    validated = [12, 10, 14, 9, 12, 6]
    sirets = []
    for idx, name in enumerate(names):
        siret = make_siret(rng)
        sirets.append(siret)
        company = MegCompany(
            siret=siret,
            name=name,
            premium_licence=idx != 3,
            production_software_connection=idx != 4,
        )
        builder = _CompanyBuilder(company, random.Random(rng.random()), meg)
        for month in MONTHS:
            builder.month(
                month,
                sales=builder.rng.randint(5, 9),
                purchases=builder.rng.randint(4, 7),
                expenses=builder.rng.randint(1, 3),
                fees=1,
            )
        meg.companies[siret] = company
    if bad:
        _add_bad_entries(meg.companies[sirets[0]], meg, sirets[1])
    for idx, siret in enumerate(sirets):
        _finish_company(meg.companies[siret], validated[idx], minute=idx)
    if scale:
        siret = make_siret(rng)
        company = MegCompany(
            siret=siret,
            name="Grande Distribution Provençale",
            premium_licence=True,
            production_software_connection=True,
        )
        builder = _CompanyBuilder(company, random.Random(rng.random()), meg)
        per_month = max(1, scale // len(MONTHS) + 1)
        # One entry in four carries a pièce: sales 13 %, purchases 10 %, expenses 2 %.
        sales, purchases, expenses = per_month * 13 // 100, per_month // 10, per_month // 50
        paid = round((sales + purchases + expenses) * 0.8)
        fees = max(1, per_month - sales - purchases - expenses - paid)
        for month in MONTHS:
            builder.month(month, sales, purchases, max(1, expenses), fees)
        while len(company.entries) < scale:
            builder.bank_fees(2026, 3)
        meg.companies[siret] = company
        sirets.append(siret)
        _finish_company(company, len(MONTHS), minute=59)
    for number in range(1, firm + 1):
        siret = make_siret(rng)
        company = MegCompany(
            siret=siret,
            name=f"Client {number:02d}",
            premium_licence=True,
            production_software_connection=True,
        )
        builder = _CompanyBuilder(company, random.Random(rng.random()), meg)
        for month in MONTHS[:2]:
            builder.month(month, sales=2, purchases=2, expenses=1, fees=1)
        meg.companies[siret] = company
        sirets.append(siret)
        _finish_company(company, 2, minute=number % 60)
    for idx, siret in enumerate(sirets):
        company = meg.companies[siret]
        inqom.folders[4501 + idx] = _inqom_folder(
            4501 + idx, company.name, siret, inqom.company_id, idx
        )
    extra = make_siret(rng)
    inqom.folders[4601] = _inqom_folder(4601, "SCI Les Tilleuls", extra, inqom.company_id, 50)
    return meg, inqom
