"""``meg-inqom database``: which ledger this data folder uses, the firm database's connection
test, its password in the keyring (for the firm's IT person and the sync service's account).

``database check`` tests the database in use (``--database``, ``MEG_INQOM_DATABASE``, else
the settings); ``database use URL`` points the data folder at the firm's PostgreSQL database
(the password, asked for, goes to this account's keyring, never to a file); ``database use
--local`` goes back to the data folder's own SQLite ledger.
"""

from __future__ import annotations

import argparse
from typing import Any

from meg_inqom_desktop.cli.context import CliContext, tr


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "database",
        help=tr(lang, "base du cabinet (PostgreSQL) : test, choix, mot de passe", "firm database"),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help=tr(lang, "tester la base en service", "test the database in use")
    )
    check.set_defaults(func=check_handler)
    use = actions.add_parser(
        "use",
        help=tr(
            lang,
            "utiliser la base du cabinet (ou --local : celle du dossier de données)",
            "use the firm database (or --local: the data folder's)",
        ),
    )
    target = use.add_mutually_exclusive_group(required=True)
    target.add_argument("url", nargs="?", metavar="URL")
    target.add_argument("--local", action="store_true")
    use.add_argument(
        "--password-stdin",
        action="store_true",
        help=tr(lang, "lire le mot de passe sur l'entrée standard", "read the password on stdin"),
    )
    use.set_defaults(func=use_handler)


def _password(args: argparse.Namespace, ctx: CliContext) -> str:
    prompt = ctx.t(
        "Mot de passe de la base (vide : .pgpass ou celui déjà gardé) : ",
        "Database password (empty: .pgpass or the one already kept): ",
    )
    return ctx.read_password(args.password_stdin, prompt) or ""


def check_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from meg_inqom_desktop.app.connector import Connector

    front = Connector(ctx.paths, database=ctx.database)
    url = front.database_url
    if url is None:
        message = ctx.t(
            f"Base de ce dossier de données (SQLite) : {front.database_label()}",
            f"This data folder's database (SQLite): {front.database_label()}",
        )
        if ctx.json:
            ctx.print_json({"ok": True, "database": "sqlite", "path": front.database_label()})
        else:
            ctx.console.print(message, highlight=False)
        return 0
    check = front.check_firm_database(url)
    if ctx.json:
        ctx.print_json(
            {
                "ok": check.ok,
                "database": front.database_label(),
                "title": check.title,
                "message": check.message,
                "server": check.server,
                "schema": check.schema,
                "dossiers": check.dossiers,
            }
        )
    else:
        style = "green" if check.ok else "red"
        ctx.console.print(f"{front.database_label()}", highlight=False)
        ctx.console.print(f"[{style}]{check.title}[/] : {check.message}", highlight=False)
    return 0 if check.ok else 1


def use_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from meg_inqom_desktop.app.connector import Connector

    front = Connector(ctx.paths.ensure())
    if args.local:
        front.set_firm_database("")
        ctx.console.print(
            ctx.t(
                f"Ce dossier de données reprend sa propre base : {front.paths.database}",
                f"This data folder uses its own database again: {front.paths.database}",
            ),
            highlight=False,
        )
        return 0
    password = _password(args, ctx)
    check = front.check_firm_database(args.url, password or None)
    if not check.ok:
        ctx.err_console.print(f"[red]{check.title}[/] : {check.message}", highlight=False)
        return 1
    front.set_firm_database(args.url, password)
    ctx.console.print(f"[green]{check.title}[/] : {check.message}", highlight=False)
    ctx.console.print(
        ctx.t(
            "Ce dossier de données utilise désormais la base du cabinet"
            + (" ; mot de passe gardé dans le trousseau du système." if password else "."),
            "This data folder now uses the firm database"
            + ("; password kept in the system keyring." if password else "."),
        ),
        highlight=False,
    )
    return 0
