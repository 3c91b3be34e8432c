"""``meg-inqom meg status|preview|validate --siret N [--sandbox]``: the MEG side of setup.

``status`` shows the company, its premium licence and its production-software connection
(with what to change in MEG); ``preview`` lists what validating a period would lock;
``validate`` locks it after a confirmation (``--yes`` to skip it, for scripts).
With ``--sandbox`` the embedded sandbox is started and authorized automatically.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime
from typing import Any

from rich.table import Table

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.cli.auth_cmd import add_common, remote_session
from meg_inqom_desktop.cli.auth_cmd import run_authorization as _authorize
from meg_inqom_desktop.cli.context import CliContext, tr
from meg_inqom_desktop.domain.money import format_amount
from meg_inqom_desktop.errors import InvalidInput


def _day(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"date illisible : {text} (AAAA-MM-JJ ou JJ/MM/AAAA)")


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "meg",
        help=tr(
            lang,
            "société MEG : état, prévisualiser, valider",
            "MEG company: status, preview, validate",
        ),
    )
    meg_sub = parser.add_subparsers(dest="meg_command", metavar="ACTION", required=True)
    status = meg_sub.add_parser(
        "status",
        help=tr(lang, "société, licence premium, connexion", "company, licence, connection"),
    )
    add_common(status, lang)
    status.set_defaults(func=status_handler)
    for name, helptext in (
        ("preview", tr(lang, "ce que la validation verrouillerait", "what validating would lock")),
        ("validate", tr(lang, "valider (verrouiller) une période", "validate (lock) a period")),
    ):
        p = meg_sub.add_parser(name, help=helptext)
        add_common(p, lang)
        p.add_argument("--from", dest="start", required=True, type=_day, metavar="DATE")
        p.add_argument("--to", dest="end", required=True, type=_day, metavar="DATE")
        if name == "validate":
            p.add_argument(
                "--yes",
                action="store_true",
                help=tr(lang, "ne pas demander de confirmation", "do not ask for confirmation"),
            )
            p.add_argument(
                "--current-month-complete",
                action="store_true",
                help=tr(
                    lang,
                    "le mois en cours est complet : il peut être validé (MEG verrouille des mois "
                    "entiers ; sans cette option seuls les mois terminés le sont)",
                    "the current month is complete and may be locked (otherwise only months "
                    "that are over are)",
                ),
            )
            p.set_defaults(func=validate_handler)
        else:
            p.set_defaults(func=preview_handler)


async def _prepare(ctx: CliContext, session: Connector, siret: str) -> None:
    """In the sandbox, authorize MEG first (its consent is given automatically)."""
    if session.sandbox is not None:
        say = (lambda _t: None) if ctx.json else None
        await _authorize(ctx, session, "meg", siret, say=say)


def _run(ctx: CliContext, sandbox: bool, siret: str, work: Any) -> Any:
    async def run() -> Any:
        async with remote_session(ctx, sandbox) as session:
            await _prepare(ctx, session, siret)
            return await work(session)

    return asyncio.run(run())


def status_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = setup.check_siret(args.siret).value
    status = _run(
        ctx,
        args.sandbox,
        siret,
        lambda s: s.meg_status(siret),
    )
    if ctx.json:
        ctx.print_json(
            {
                "siret": status.siret,
                "found": status.found,
                "name": status.name,
                "premium": status.premium,
                "connection_enabled": status.connection_enabled,
                "ready": status.ready,
                "fix_steps": status.fix_steps,
            }
        )
        return 0 if status.ready else 1
    c = ctx.console
    yes, no = "[green]✓[/]", "[bold red]✗[/]"
    if not status.found:
        c.print(f"{no} {status.fix_steps.get('company_found', '')}", highlight=False)
        return 1
    c.print(f"{yes} {ctx.t('Société', 'Company')} : {status.name} ({siret})", highlight=False)
    c.print(
        f"{yes if status.premium else no} "
        + ctx.t("Licence premium", "Premium licence")
        + (f" — {status.fix_steps['premium']}" if "premium" in status.fix_steps else ""),
        highlight=False,
        soft_wrap=True,
    )
    c.print(
        f"{yes if status.connection_enabled else no} "
        + ctx.t("Connexion avec le logiciel de production", "Production-software connection")
        + (f" — {status.fix_steps['connection']}" if "connection" in status.fix_steps else ""),
        highlight=False,
        soft_wrap=True,
    )
    return 0 if status.ready else 1


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(message="La date de fin précède la date de début.")


def _print_preview(ctx: CliContext, preview: setup.PeriodPreview) -> None:
    c = ctx.console
    c.print(
        ctx.t(
            f"Période du {preview.start:%d/%m/%Y} au {preview.end:%d/%m/%Y} "
            f"({len(preview.months)} mois)",
            f"Period {preview.start} to {preview.end} ({len(preview.months)} months)",
        ),
        highlight=False,
    )
    if preview.already_validated:
        c.print(
            ctx.t("Mois déjà validés : ", "Months already validated: ")
            + ", ".join(preview.already_validated),
            highlight=False,
        )
    table = Table(title=ctx.t("Écritures à verrouiller par journal", "Entries per journal"))
    table.add_column(ctx.t("Journal", "Journal"))
    table.add_column(ctx.t("Écritures", "Entries"), justify="right")
    table.add_column(ctx.t("Débit", "Debit"), justify="right")
    table.add_column(ctx.t("Crédit", "Credit"), justify="right")
    for t in preview.totals:
        table.add_row(
            t.journal, str(t.entry_count), format_amount(t.debit), format_amount(t.credit)
        )
    c.print(table)
    c.print(ctx.t(f"{len(preview.entries)} écritures.", f"{len(preview.entries)} entries."))
    for failure in preview.failures:
        c.print(f"[yellow]![/] {failure.source_id} : {failure.reason}", highlight=False)


def _preview_json(preview: setup.PeriodPreview) -> dict[str, Any]:
    return {
        "from": preview.start.isoformat(),
        "to": preview.end.isoformat(),
        "months": preview.months,
        "already_validated": preview.already_validated,
        "entry_count": len(preview.entries),
        "totals": [
            {
                "journal": t.journal,
                "entry_count": t.entry_count,
                "debit": str(t.debit),
                "credit": str(t.credit),
            }
            for t in preview.totals
        ],
        "set_aside": [{"id": f.source_id, "reason": f.reason} for f in preview.failures],
    }


def preview_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = setup.check_siret(args.siret).value
    _check_period(args.start, args.end)
    preview = _run(
        ctx,
        args.sandbox,
        siret,
        lambda s: s.preview_period(siret, args.start, args.end),
    )
    if ctx.json:
        ctx.print_json(_preview_json(preview))
    else:
        _print_preview(ctx, preview)
    return 0


def _confirm(ctx: CliContext, start: date, end: date) -> bool:
    question = ctx.t(
        f"Valider du {start:%d/%m/%Y} au {end:%d/%m/%Y} verrouille ces écritures dans MEG, "
        "mois entiers, définitivement. Continuer ? [o/N] ",
        f"Validating {start} to {end} locks these entries in MEG for good. Continue? [y/N] ",
    )
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("o", "oui", "y", "yes")


def validate_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = setup.check_siret(args.siret).value
    _check_period(args.start, args.end)

    async def work(session: Connector) -> Any:
        if not args.yes:
            preview = await session.preview_period(siret, args.start, args.end)
            if not ctx.json:
                _print_preview(ctx, preview)
            if not await asyncio.to_thread(_confirm, ctx, args.start, args.end):
                return None
        return await session.validate_period(
            siret, args.start, args.end, current_month_complete=args.current_month_complete
        )

    report = _run(ctx, args.sandbox, siret, work)
    if report is None:
        if ctx.json:
            ctx.print_json({"validated": False})
        else:
            ctx.console.print(ctx.t("Validation annulée : rien n'a été verrouillé.", "Cancelled."))
        return 1
    if ctx.json:
        ctx.print_json(
            {
                "validated": True,
                "from": report.start.isoformat(),
                "to": report.end.isoformat(),
                "months": report.months,
                "entry_count": report.count,
            }
        )
    else:
        ctx.console.print(
            ctx.t(
                f"✓ Période du {report.start:%d/%m/%Y} au {report.end:%d/%m/%Y} validée : "
                f"{report.count} écritures verrouillées ({', '.join(report.months)}).",
                f"✓ Validated {report.start} to {report.end}: {report.count} entries locked.",
            ),
            highlight=False,
        )
    return 0
