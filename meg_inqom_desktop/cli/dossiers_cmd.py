"""``meg-inqom dossiers add|list|remove|relink``: the local dossiers (client companies) by SIRET.

``add`` records a dossier without contacting MEG or Inqom (the setup wizard and
``meg-inqom auth`` do that): ``--inqom-folder ID`` links it to an Inqom accounting folder,
otherwise it stays local only (pulled from MEG, not pushed). ``relink --dossier SIRET``
rebuilds the dossier's record of what Inqom holds by reading Inqom back: a dry run that only
counts, then ``--apply`` to record it.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from rich.table import Table

from meg_inqom_desktop.cli.context import CliContext, add_sandbox_option, tr
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.errors import InvalidInput


def _date(text: str) -> date:
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(x) for x in t.split("/")]))):
        try:
            return parse(text)
        except (ValueError, TypeError):
            continue
    raise argparse.ArgumentTypeError(f"date invalide : {text} (AAAA-MM-JJ ou JJ/MM/AAAA)")


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "dossiers",
        help=tr(lang, "dossiers locaux (ajouter, lister, retirer)", "local dossiers"),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help=tr(lang, "ajouter un dossier", "add a dossier"))
    add.add_argument("siret", metavar="SIRET")
    add.add_argument("--name", default="", help=tr(lang, "raison sociale", "company name"))
    link = add.add_mutually_exclusive_group()
    link.add_argument(
        "--inqom-folder",
        type=int,
        metavar="ID",
        help=tr(lang, "identifiant du dossier Inqom", "Inqom accounting folder id"),
    )
    link.add_argument(
        "--local-only",
        action="store_true",
        help=tr(lang, "sans envoi vers Inqom (par défaut)", "no push to Inqom (default)"),
    )
    add.add_argument(
        "--start-date",
        type=_date,
        metavar="DATE",
        help=tr(lang, "première date importée de MEG", "first date pulled from MEG"),
    )
    add.set_defaults(func=add_handler)

    lst = actions.add_parser("list", help=tr(lang, "lister les dossiers", "list dossiers"))
    lst.set_defaults(func=list_handler)

    rm = actions.add_parser("remove", help=tr(lang, "retirer un dossier", "remove a dossier"))
    rm.add_argument("siret", metavar="SIRET")
    rm.add_argument(
        "--yes",
        action="store_true",
        help=tr(lang, "sans demander confirmation", "do not ask for confirmation"),
    )
    rm.set_defaults(func=remove_handler)

    relink = actions.add_parser(
        "relink",
        help=tr(
            lang,
            "relire Inqom et refaire le lien des écritures déjà envoyées (essai, puis --apply)",
            "read Inqom back and rebuild what was pushed (dry run, then --apply)",
        ),
    )
    relink.add_argument("--dossier", metavar="SIRET", required=True)
    relink.add_argument(
        "--apply",
        action="store_true",
        help=tr(lang, "enregistrer (sans : essai, rien n'est modifié)", "record (else: dry run)"),
    )
    add_sandbox_option(relink, lang)
    relink.set_defaults(func=relink_handler)


def add_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = Siret.parse(args.siret)
    with ctx.opened() as app:
        record, created = app.add_dossier(
            siret.value,
            name=args.name,
            inqom_folder_id=args.inqom_folder,
            local_only=args.local_only,
            start_date=args.start_date,
        )
    if ctx.json:
        ctx.print_json({"created": created, "dossier": _as_dict(record)})
        return 0
    verb = ctx.t("ajouté", "added") if created else ctx.t("mis à jour", "updated")
    target = (
        ctx.t("local uniquement", "local only")
        if record.local_only
        else f"Inqom {record.inqom_folder_id}"
    )
    ctx.console.print(
        f"Dossier {siret.formatted()} {record.name and '(' + record.name + ') '}{verb} — {target}.",
        highlight=False,
    )
    if created:
        ctx.console.print(
            ctx.t(
                f"Autorisez ensuite MEG : meg-inqom auth meg --siret {siret.value}",
                f"Then authorize MEG: meg-inqom auth meg --siret {siret.value}",
            ),
            highlight=False,
        )
    return 0


def _as_dict(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "siret": record.siret,
        "name": record.name,
        "local_only": record.local_only,
        "inqom_folder_id": record.inqom_folder_id,
        "start_date": record.start_date.isoformat() if record.start_date else None,
        "active": record.active,
    }


def list_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.opened() as app:
        rows = [(s.dossier, s.entries, s.last_success) for s in app.dossier_statuses()]
    if ctx.json:
        ctx.print_json(
            [
                _as_dict(r) | {"entries": n, "last_success": last.isoformat() if last else None}
                for r, n, last in rows
            ]
        )
        return 0
    if not rows:
        ctx.console.print(
            ctx.t(
                "Aucun dossier. Ajoutez-en un : meg-inqom dossiers add SIRET",
                "No dossier. Add one: meg-inqom dossiers add SIRET",
            )
        )
        return 0
    table = Table(title=ctx.t("Dossiers", "Dossiers"))
    table.add_column("SIRET")
    table.add_column(ctx.t("Nom", "Name"))
    table.add_column("Inqom")
    table.add_column(ctx.t("Depuis", "Since"))
    table.add_column(ctx.t("Écritures", "Entries"), justify="right")
    table.add_column(ctx.t("Dernière synchro", "Last sync"))
    for record, entries, last in rows:
        table.add_row(
            Siret(record.siret).formatted(),
            record.name + ("" if record.active else ctx.t(" (en pause)", " (paused)")),
            ctx.t("local", "local") if record.local_only else str(record.inqom_folder_id),
            f"{record.start_date:%d/%m/%Y}" if record.start_date else "—",
            str(entries),
            last.astimezone().strftime("%d/%m/%Y %H:%M") if last else "—",
        )
    ctx.console.print(table)
    return 0


def remove_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = Siret.parse(args.siret)
    if not args.yes:
        if ctx.json or not ctx.console.is_terminal:
            raise InvalidInput(
                ctx.t("Confirmation requise", "Confirmation needed"),
                ctx.t(
                    "Retirer un dossier efface ses écritures locales : relancez avec --yes.",
                    "Removing a dossier deletes its local entries: run again with --yes.",
                ),
            )
        answer = ctx.console.input(
            ctx.t(
                f"Retirer le dossier {siret.formatted()} et ses écritures locales ? [o/N] ",
                f"Remove dossier {siret.formatted()} and its local entries? [y/N] ",
            )
        )
        if answer.strip().lower() not in ("o", "oui", "y", "yes"):
            ctx.console.print(ctx.t("Rien n'a été retiré.", "Nothing removed."))
            return 1
    with ctx.opened() as app:
        removed = app.remove_dossier(siret.value)
    if ctx.json:
        ctx.print_json({"removed": removed, "siret": siret.value})
    elif removed:
        ctx.console.print(ctx.t(f"Dossier {siret.formatted()} retiré.", "Dossier removed."))
    else:
        ctx.console.print(
            ctx.t(f"Aucun dossier {siret.formatted()}.", f"No dossier {siret.formatted()}.")
        )
    return 0 if removed else 1


def relink_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    import asyncio

    from meg_inqom_desktop.cli.sync_cmd import sync_session

    siret = Siret.parse(args.dossier)

    async def run() -> Any:
        async with sync_session(ctx, args.sandbox) as app:
            return await app.relink(siret.value, apply=args.apply)

    report = asyncio.run(run())
    if ctx.json:
        ctx.print_json(
            {k: v for k, v in vars(report).items() if k != "changes"}
            | {"changes": len(report.changes)}
        )
        return 0
    title = ctx.t(
        f"Lien avec Inqom du dossier {siret.formatted()} ({report.dossier})",
        f"Inqom link of dossier {siret.formatted()} ({report.dossier})",
    )
    table = Table(title=title + (ctx.t(" — enregistré", " — recorded") if report.applied else ""))
    table.add_column(ctx.t("Écritures MEG", "MEG entries"))
    table.add_column(ctx.t("Nombre", "Count"), justify="right")
    found = ctx.t("trouvées dans Inqom, reliées", "found in Inqom, linked")
    if not report.applied:
        found = ctx.t("trouvées dans Inqom, à relier", "found in Inqom, to link")
    for label, value in (
        (ctx.t("en tout", "in all"), report.entries),
        (ctx.t("déjà reliées", "already linked"), report.unchanged),
        (found, report.linked),
        (ctx.t("proches ou en plusieurs exemplaires (À traiter)", "near or several"), report.held),
        (ctx.t("supprimées dans Inqom (À traiter)", "deleted in Inqom"), report.gone),
        (
            ctx.t("absentes d'Inqom (envoyées à la prochaine synchronisation)", "not in Inqom"),
            report.missing,
        ),
        (
            ctx.t("hors d'Inqom (exercice, journal, ignorées)", "out of Inqom's reach"),
            report.skipped,
        ),
    ):
        table.add_row(label, str(value))
    ctx.console.print(table)
    ctx.console.print(
        ctx.t(f"{report.requests} lectures Inqom.", f"{report.requests} Inqom reads."),
        highlight=False,
    )
    if not report.applied:
        ctx.console.print(
            ctx.t(
                "Essai : rien n'a été modifié. Pour enregistrer : relancez avec --apply.",
                "Dry run: nothing changed. To record it: run again with --apply.",
            )
        )
    return 0
