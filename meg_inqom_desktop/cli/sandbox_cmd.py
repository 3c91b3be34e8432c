"""``meg-inqom sandbox``: run the embedded MEG and Inqom emulators in the foreground.

Loopback only (``--host`` other than 127.0.0.1 / ::1 is refused). Prints the URLs and the
demo companies, then serves until Ctrl+C.
"""

from __future__ import annotations

import argparse
from typing import Any

from meg_inqom_desktop.cli.context import CliContext, tr


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "sandbox",
        help=tr(lang, "lancer le bac à sable MEG + Inqom", "run the MEG + Inqom sandbox"),
        description=tr(
            lang,
            "Sert les émulateurs MEG et Inqom sur 127.0.0.1 avec un cabinet de démonstration.",
            "Serves the MEG and Inqom emulators on 127.0.0.1 with a demo firm.",
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help=tr(lang, "adresse locale (127.0.0.1 ou ::1)", "loopback address"),
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help=tr(lang, "port (0 : au hasard)", "port (0: any free port)"),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=42,
        help=tr(lang, "graine des données de démonstration", "demo data seed"),
    )
    parser.add_argument(
        "--faults",
        metavar="SPEC",
        default=None,
        help=tr(
            lang,
            "pannes à injecter, ex. entries:500@0.2,*:latency=50ms",
            "faults to inject, e.g. entries:500@0.2,*:latency=50ms",
        ),
    )
    parser.add_argument(
        "--link",
        metavar="SPEC",
        default=None,
        help=tr(
            lang,
            "simuler l'accès internet d'un cabinet : latence par requête et débit par "
            "connexion, ex. 30ms,50mbit (défaut : aucun, vitesse de la boucle locale)",
            "shape the link like a firm's internet access: latency per request and bandwidth "
            "per connection, e.g. 30ms,50mbit (default: none, loopback speed)",
        ),
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=None,
        metavar="N",
        help=tr(
            lang,
            "ajouter une société de N écritures (bancs d'essai)",
            "add a company with N entries (benchmarks)",
        ),
    )
    parser.add_argument(
        "--firm",
        type=int,
        default=0,
        metavar="N",
        help=tr(
            lang,
            "ajouter N petites sociétés clientes (deux mois validés chacune) : les dossiers "
            "d'un cabinet, pour essayer le mode cabinet à plusieurs postes",
            "add N small client companies (two validated months each): a firm's dossiers, to "
            "try firm mode with several workstations",
        ),
    )
    parser.add_argument(
        "--bad-data",
        action="store_true",
        help=tr(
            lang,
            "ajouter des écritures invalides au flux de la 1re société",
            "add invalid entries to the first company's feed",
        ),
    )
    parser.add_argument(
        "--hostile",
        metavar="MODE",
        default=None,
        help=tr(
            lang,
            "un MEG hostile pour la plus petite société : amount, date, text, nul, "
            "piece-status, piece-type, feed-loop, feed-endless, huge-entry[=40MB], all "
            "(séparés par des virgules)",
            "a hostile MEG for the smallest company: amount, date, text, nul, piece-status, "
            "piece-type, feed-loop, feed-endless, huge-entry[=40MB], all (comma-separated)",
        ),
    )
    parser.add_argument(
        "--other-connector",
        action="store_true",
        help=tr(
            lang,
            "ajouter dans Inqom, pour la 6e société, des écritures passées par un autre "
            "connecteur (sans ExternalId, certaines avec pièce ; trois proches, une en double)",
            "add Inqom entries another connector booked for the 6th company (no ExternalId, "
            "some with a pièce; three near ones, one twice)",
        ),
    )
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from meg_inqom_desktop.sandbox.faults import FaultSpecError, parse_spec
    from meg_inqom_desktop.sandbox.hostile import HostileSpecError, parse_hostile
    from meg_inqom_desktop.sandbox.link import LinkSpecError, parse_link
    from meg_inqom_desktop.sandbox.server import check_loopback, run_foreground
    from meg_inqom_desktop.sandbox.state import SandboxState

    check_loopback(args.host)
    try:
        parse_spec(args.faults)
    except FaultSpecError as exc:
        ctx.err_console.print(f"[bold red]--faults[/] : {exc}")
        return 2
    try:
        parse_hostile(args.hostile)
    except HostileSpecError as exc:
        ctx.err_console.print(f"[bold red]--hostile[/] : {exc}")
        return 2
    try:
        link = parse_link(args.link)
    except LinkSpecError as exc:
        ctx.err_console.print(f"[bold red]--link[/] : {exc}")
        return 2

    def ready(state: SandboxState) -> None:
        base = state.base_url
        info = {
            "base_url": base,
            "meg_url": f"{base}/meg",
            "inqom_url": f"{base}/inqom",
            "faults": args.faults or "",
            "hostile": args.hostile or "",
            "link": link.spec if link else "",
            **state.summary(),
        }
        if ctx.json:
            ctx.print_json(info)
            return
        ctx.console.print(ctx.t("[bold]Bac à sable MEG / Inqom[/]", "[bold]MEG / Inqom sandbox[/]"))
        ctx.console.print(f"  MEG   : {info['meg_url']}")
        ctx.console.print(f"  Inqom : {info['inqom_url']}")
        if args.faults:
            ctx.console.print(ctx.t("  Pannes : ", "  Faults: ") + args.faults)
        if args.hostile:
            ctx.console.print(ctx.t("  MEG hostile : ", "  Hostile MEG: ") + args.hostile)
        if link is not None:
            ctx.console.print(ctx.t("  Lien : ", "  Link: ") + link.spec)
        for c in info["meg_companies"]:
            flags = []
            if not c["premium_licence"]:
                flags.append(ctx.t("sans licence premium", "no premium licence"))
            if not c["production_software_connection"]:
                flags.append(ctx.t("connexion désactivée", "connection off"))
            extra = f" ({', '.join(flags)})" if flags else ""
            ctx.console.print(
                f"  {c['siret']}  {c['name']}  {c['entries']} "
                + ctx.t("écritures", "entries")
                + extra
            )
        for siret, booked in info["other_connector"].items():
            ctx.console.print(
                ctx.t(
                    f"  Autre connecteur : {booked['booked']} écritures déjà dans Inqom pour "
                    f"{siret}",
                    f"  Other connector: {booked['booked']} entries already in Inqom for {siret}",
                )
            )
        ctx.console.print(ctx.t("Ctrl+C pour arrêter.", "Ctrl+C to stop."))

    try:
        run_foreground(
            host=args.host,
            port=args.port,
            seed=args.seed,
            faults=args.faults,
            scale=args.scale,
            bad_data=args.bad_data,
            on_ready=ready,
            link=link,
            hostile=args.hostile,
            other_connector=args.other_connector,
            firm=args.firm,
        )
    except KeyboardInterrupt:
        ctx.console.print(ctx.t("Bac à sable arrêté.", "Sandbox stopped."))
    return 0
