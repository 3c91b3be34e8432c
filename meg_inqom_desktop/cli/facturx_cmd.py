"""``meg-inqom facturx show FICHIER [--json] [--schema]``: what the electronic invoice inside a
pièce says (Factur-X / ZUGFeRD PDF, CII or UBL XML).

Exit code: 0 an invoice was read (its findings, if any, are shown), 1 the file holds no
invoice that could be read (a plain PDF, a refused or broken XML: the reason is said),
2 the file could not be opened.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from rich.table import Table

from meg_inqom_desktop.cli.context import CliContext, tr
from meg_inqom_desktop.domain.einvoice.model import Invoice, Party, cents
from meg_inqom_desktop.domain.money import format_amount
from meg_inqom_desktop.errors import InvalidInput
from meg_inqom_desktop.store.einvoice.reader import InvoiceRead, read_invoice

EXIT_READ, EXIT_NO_INVOICE, EXIT_NOT_OPENED = 0, 1, 2
MAX_FILE_BYTES = 100 * 1024 * 1024  # a pièce is never that large


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    fx = sub.add_parser(
        "facturx",
        help=tr(
            lang,
            "lire la facture électronique d'une pièce (Factur-X, ZUGFeRD, CII, UBL)",
            "read the electronic invoice of a pièce (Factur-X, ZUGFeRD, CII, UBL)",
        ),
    )
    fx_sub = fx.add_subparsers(dest="facturx_command", metavar="ACTION", required=True)
    show = fx_sub.add_parser(
        "show",
        help=tr(lang, "montrer ce que dit la facture", "show what the invoice says"),
        description=tr(
            lang,
            "Montre la facture électronique d'une pièce : parties (SIREN, TVA), lignes, TVA par "
            "taux, totaux, échéance. Codes de sortie : 0 facture lue, 1 pas de facture lisible "
            "dans le fichier, 2 fichier impossible à ouvrir.",
            "Shows a pièce's electronic invoice. Exit codes: 0 read, 1 no readable invoice, "
            "2 file not opened.",
        ),
    )
    show.add_argument("file", metavar="FICHIER", type=Path)
    show.add_argument(
        "--schema",
        action="store_true",
        help=tr(
            lang,
            "vérifier aussi le XML avec le schéma XSD de son profil (plus lent)",
            "also check the XML against its profile's XSD (slower)",
        ),
    )
    show.set_defaults(func=run_show)


def _read_file(ctx: CliContext, path: Path) -> bytes:
    if not path.is_file():
        raise InvalidInput(
            ctx.t("Fichier introuvable", "File not found"),
            ctx.t(f"{path} n'existe pas ou n'est pas un fichier.", f"{path} is not a file."),
        )
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(
            ctx.t("Fichier trop gros", "File too large"),
            ctx.t(
                f"{path.name} dépasse {MAX_FILE_BYTES // 2**20} Mo : ce n'est pas une pièce.",
                f"{path.name} is over {MAX_FILE_BYTES // 2**20} MB.",
            ),
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            ctx.t("Fichier illisible", "File unreadable"),
            ctx.t(f"{path} ne peut être lu : {exc.strerror}.", f"{path}: {exc.strerror}."),
        ) from exc


def _money(value: Decimal | None) -> str:
    rounded = cents(value)
    return "—" if rounded is None else format_amount(rounded, currency=True)


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f} %".replace(".", ",")


def _party(ctx: CliContext, role: str, party: Party) -> None:
    ids = []
    if party.siret:
        ids.append(f"SIRET {party.siret}")
    elif party.siren:
        ids.append(f"SIREN {party.siren}")
    if party.vat_id:
        ids.append(ctx.t("TVA ", "VAT ") + party.vat_id)
    extra = f" ({', '.join(ids)})" if ids else ctx.t(" (sans SIREN ni TVA)", " (no id)")
    where = f" — {party.address}" if party.address else ""
    ctx.console.print(f"[bold]{role}[/] : {party.name or '—'}{extra}{where}")


def print_invoice(ctx: CliContext, read: InvoiceRead, inv: Invoice) -> None:
    """The invoice as an accountant reads it."""
    c = ctx.console
    where = ctx.t(f" ({read.attachment} dans le PDF)", f" ({read.attachment} in the PDF)")
    source = f"{inv.syntax.value}{where if read.attachment else ''}"
    profile = f", profil {inv.profile}" if inv.profile else ""
    issued = f"{inv.issue_date:%d/%m/%Y}" if inv.issue_date else "—"
    c.print(
        f"[bold]{inv.kind_label} n° {inv.number or '—'}[/] du {issued} — type {inv.type_code}"
        f"{profile} — {source} — devise {inv.currency or '—'}"
    )
    _party(ctx, ctx.t("Vendeur", "Seller"), inv.seller)
    _party(ctx, ctx.t("Acheteur", "Buyer"), inv.buyer)
    if inv.lines:
        table = Table(title=ctx.t("Lignes", "Lines"), header_style="bold")
        for title, justify in (
            ("n°", "right"),
            (ctx.t("désignation", "item"), "left"),
            (ctx.t("quantité", "quantity"), "right"),
            (ctx.t("prix net", "net price"), "right"),
            (ctx.t("montant HT", "net amount"), "right"),
            ("TVA", "right"),
        ):
            table.add_column(title, justify=justify)  # type: ignore[arg-type]
        for ln in inv.lines:
            quantity = "—" if ln.quantity is None else f"{ln.quantity.normalize():f} {ln.unit_code}"
            price = "—" if ln.net_price is None else f"{ln.net_price:f}".replace(".", ",")
            table.add_row(
                ln.line_id,
                ln.name,
                quantity,
                price,
                _money(ln.net_amount),
                f"{ln.vat_category} {_rate(ln.vat_rate)}",
            )
        c.print(table)
    if inv.vat:
        vat = Table(title=ctx.t("TVA par taux", "VAT breakdown"), header_style="bold")
        for title in (ctx.t("catégorie", "category"), ctx.t("taux", "rate"), "base", "TVA"):
            vat.add_column(title, justify="right")
        for v in inv.vat:
            vat.add_row(v.category, _rate(v.rate), _money(v.basis), _money(v.tax))
        c.print(vat)
    totals = Table(show_header=False, box=None)
    totals.add_column(justify="right")
    totals.add_column(justify="right")
    for label, value in (
        (ctx.t("Total HT", "Total without VAT"), inv.total_without_tax),
        (ctx.t("Total TVA", "VAT"), inv.tax_total),
        (ctx.t("Total TTC", "Total with VAT"), inv.grand_total),
        (ctx.t("Acompte versé", "Prepaid"), inv.prepaid),
        (ctx.t("Net à payer", "Amount due"), inv.due_payable),
    ):
        if value is not None:
            totals.add_row(label, _money(value))
    c.print(totals)
    if inv.due_date:
        c.print(ctx.t("Échéance : ", "Due date: ") + f"{inv.due_date:%d/%m/%Y}")


def print_findings(ctx: CliContext, read: InvoiceRead) -> None:
    if not read.findings:
        return
    ctx.console.print(ctx.t("\n[bold]Constats[/]", "\n[bold]Findings[/]"))
    for f in read.findings:
        ctx.console.print(f"  • [{f.level.value}] {f.message}")


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        data = _read_file(ctx, args.file)
    except InvalidInput as exc:
        ctx.error(exc)
        return EXIT_NOT_OPENED
    read = read_invoice(data, args.file.name, schema=args.schema)
    inv = read.invoice
    findings = [f.as_dict() for f in read.findings]
    if inv is None:
        message = ctx.t(
            f"{args.file.name} ne contient pas de facture électronique lisible"
            + (" (PDF sans pièce jointe Factur-X)." if read.container == "pdf" else "."),
            f"{args.file.name} holds no readable electronic invoice.",
        )
        if ctx.json:
            ctx.print_json(
                {
                    "file": args.file.name,
                    "container": read.container,
                    "error": "no_invoice",
                    "message": message,
                    "findings": findings,
                }
            )
        else:
            ctx.console.print(message)
            print_findings(ctx, read)
        return EXIT_NO_INVOICE
    if ctx.json:
        payload = {
            "file": args.file.name,
            "container": read.container,
            "attachment": read.attachment,
            **inv.as_dict(),
            "findings": findings,
        }
        ctx.print_json(payload)
    else:
        print_invoice(ctx, read, inv)
        print_findings(ctx, read)
    return EXIT_READ
