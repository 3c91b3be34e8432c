"""``meg-inqom audit``: who did what, on which workstation, on which dossier (the audit trail).

On a firm database the trail is the whole firm's: every workstation and the sync service
write to it. Filters: ``--dossier SIRET``, ``--person USER``; ``--json`` for scripts.
"""

from __future__ import annotations

import argparse
from typing import Any

from meg_inqom_desktop.cli.context import CliContext, tr


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "audit",
        help=tr(lang, "qui a fait quoi (journal d'audit)", "who did what (audit trail)"),
    )
    parser.add_argument(
        "--dossier", metavar="SIRET", help=tr(lang, "un dossier seulement", "one dossier only")
    )
    parser.add_argument(
        "--person",
        metavar="UTILISATEUR",
        help=tr(lang, "une personne seulement (compte du poste)", "one person only (OS user)"),
    )
    parser.add_argument(
        "--limit", type=int, default=200, help=tr(lang, "nombre de lignes", "number of lines")
    )
    parser.set_defaults(func=audit_handler)


def audit_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.opened(create=False) as app:
        siret = app.dossier(args.dossier).siret if args.dossier else ""
        records = app.audit_events(siret=siret, person=args.person or "", limit=args.limit)
    if ctx.json:
        ctx.print_json([r.as_dict() for r in records])
        return 0
    if not records:
        ctx.console.print(ctx.t("Rien dans le journal d'audit.", "The audit trail is empty."))
        return 0
    for r in records:
        when = r.at.astimezone().strftime("%d/%m/%Y %H:%M")
        where = f"{r.workstation} / {r.person}"
        dossier = f" · {r.dossier_name or r.siret}" if (r.dossier_name or r.siret) else ""
        ctx.console.print(f"[bold]{when}[/]  {where}{dossier}", highlight=False)
        ctx.console.print(f"  {r.action_label} : {r.detail}", highlight=False, soft_wrap=False)
    return 0
