"""``meg-inqom auth``: sign in to MEG or Inqom, see the authorizations kept, sign out.

* ``auth meg|inqom [--siret N] [--sandbox]``: the browser sign-in. Prints the link (to copy
  when no browser opens), opens the system browser, waits for the redirect to the one-shot
  127.0.0.1 listener and keeps the authorization in the OS keyring, for the person's account
  (it reaches every dossier that account sees). With ``--sandbox`` the embedded sandbox is
  started in this process and the consent is given automatically by its browser helper.
* ``auth inqom --password-grant --username E [--password-stdin] [--remember]``: the firm's
  Inqom service account for ``meg-inqom serve`` (run it under the system account the service
  runs as: that account's keyring keeps the authorization). The password is read from the
  standard input, else asked without echo; it is kept only with ``--remember``.
* ``auth status [--json]``: each authorization kept: service, account, what it reaches, until
  when. Never a token.
* ``auth logout meg|inqom [--account A]``: revoke and forget.

:func:`remote_session` is shared with ``meg_cmd``: the data folder's connector for the real
services, or for a sandbox started here (its demo consent given by :func:`run_authorization`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.cli.context import CliContext, add_sandbox_option, tr
from meg_inqom_desktop.errors import InvalidInput

SERVICE_LABELS = {"meg": "MEG", "inqom": "Inqom"}
PARIS = ZoneInfo("Europe/Paris")


def add_common(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument(
        "--siret",
        required=True,
        metavar="SIRET",
        help=tr(lang, "SIRET du dossier (14 chiffres)", "the dossier's SIRET (14 digits)"),
    )
    add_sandbox_option(parser, lang)


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "auth",
        help=tr(
            lang,
            "se connecter à MEG ou Inqom, voir ou retirer les autorisations",
            "sign in to MEG or Inqom, list or remove authorizations",
        ),
        description=tr(
            lang,
            "Une autorisation par personne et par service : elle vaut pour tous les dossiers "
            "que ce compte voit. Les jetons restent dans le trousseau du système.",
            "One authorization per person and service, for every dossier that account sees. "
            "Tokens stay in the OS keyring.",
        ),
    )
    commands = parser.add_subparsers(dest="auth_command", metavar="COMMANDE", required=True)
    for service in ("meg", "inqom"):
        p = commands.add_parser(
            service,
            help=tr(
                lang,
                f"se connecter à {SERVICE_LABELS[service]} (navigateur)",
                f"sign in to {SERVICE_LABELS[service]} (browser)",
            ),
        )
        p.add_argument(
            "--siret",
            metavar="SIRET",
            help=tr(
                lang,
                "dossier à atteindre avec ce compte (facultatif)",
                "a dossier this account must reach (optional)",
            ),
        )
        add_sandbox_option(p, lang)
        p.add_argument(
            "--no-browser",
            action="store_true",
            help=tr(lang, "ne pas ouvrir le navigateur (lien affiché)", "print the link only"),
        )
        p.add_argument(
            "--timeout",
            type=float,
            default=300.0,
            metavar="S",
            help=tr(lang, "attente maximale, en secondes", "how long to wait, seconds"),
        )
        if service == "inqom":
            _password_options(p, lang)
        p.set_defaults(func=handler, service=service)
    status = commands.add_parser(
        "status", help=tr(lang, "autorisations gardées sur ce poste", "kept authorizations")
    )
    status.add_argument("--json", action="store_true", dest="local_json", help="JSON")
    status.set_defaults(func=status_handler)
    logout = commands.add_parser(
        "logout", help=tr(lang, "retirer une autorisation", "remove an authorization")
    )
    logout.add_argument("service", choices=("meg", "inqom"))
    logout.add_argument(
        "--account",
        metavar="COMPTE",
        help=tr(lang, "ce compte seulement (défaut : tous)", "this account only (default: all)"),
    )
    logout.set_defaults(func=logout_handler)


def _password_options(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument(
        "--password-grant",
        action="store_true",
        help=tr(
            lang,
            "compte de service du cabinet, par identifiant et mot de passe (pour « serve »)",
            "the firm's service account, by login and password (for 'serve')",
        ),
    )
    parser.add_argument("--username", metavar="E-MAIL", help=tr(lang, "identifiant", "login"))
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=tr(lang, "lire le mot de passe sur l'entrée standard", "read the password on stdin"),
    )
    parser.add_argument(
        "--remember",
        action="store_true",
        help=tr(
            lang,
            "se souvenir sur ce poste : garder le mot de passe dans le trousseau",
            "remember on this machine: keep the password in the keyring",
        ),
    )


def _stop(handle: Any) -> None:
    for name in ("stop", "close", "shutdown"):
        method = getattr(handle, name, None)
        if callable(method):
            method()
            return


@contextlib.asynccontextmanager
async def remote_session(
    ctx: CliContext, sandbox: bool, *, open_browser: bool = True
) -> AsyncIterator[Connector]:
    """The connector of the data folder for the real services, or for a sandbox started in
    this process (stopped on exit)."""
    if not ctx.wants_sandbox(sandbox):
        yield Connector(ctx.paths, open_browser=open_browser, database=ctx.database)
        return
    handle = await ctx.sandbox()
    try:
        ctx.console.print(ctx.sandbox_banner(handle), highlight=False, soft_wrap=True)
        yield Connector(ctx.paths, sandbox=handle, open_browser=False, database=ctx.database)
    finally:
        await asyncio.to_thread(_stop, handle)


async def run_authorization(
    ctx: CliContext,
    session: Connector,
    service: str,
    siret: str = "",
    *,
    timeout: float = 300.0,
    say: Callable[[str], None] | None = None,
) -> str:
    """The browser dance for one service; in the sandbox, the consent is given automatically.
    Returns the account signed in."""
    out = say or (lambda text: ctx.console.print(text, highlight=False, soft_wrap=True))
    label = SERVICE_LABELS[service]
    handle = await session.authorize(service, siret, timeout=timeout)
    out(ctx.t(f"Autorisation {label} — lien à ouvrir :", f"{label} authorization — link:"))
    out(handle.url)
    if session.sandbox is not None:
        out(
            ctx.t(
                "Bac à sable : consentement donné automatiquement (« Autoriser »).",
                'Sandbox: consent given automatically ("Autoriser").',
            )
        )
        waiter = asyncio.ensure_future(handle.wait())
        try:
            await asyncio.to_thread(session.sandbox.authorize_as_browser, handle.url, follow=True)
            await waiter
        except BaseException:
            waiter.cancel()
            raise
    else:
        if session.open_browser and not handle.browser_opened:
            out(
                ctx.t(
                    "Le navigateur ne s'est pas ouvert : copiez le lien ci-dessus dans votre "
                    "navigateur.",
                    "No browser opened: copy the link above into your browser.",
                )
            )
        out(ctx.t("En attente de l'autorisation… (Ctrl+C pour annuler)", "Waiting… (Ctrl+C)"))
        try:
            await handle.wait()
        except (asyncio.CancelledError, KeyboardInterrupt):
            handle.cancel()
            raise
    account = handle.account or ""
    where = ctx.t(f" pour le dossier {siret}", f" for {siret}") if siret else ""
    if session.credential_store().in_memory:  # a sandbox on a system without a keyring
        kept = ctx.t(
            "jeton gardé en mémoire pour cette commande seulement (aucun trousseau du système)",
            "token kept in memory for this command only (no system keyring)",
        )
    else:
        kept = ctx.t("jeton gardé dans le trousseau", "token kept in the keyring")
    out(
        ctx.t(
            f"✓ {label} autorisé{where} ({account}) ; {kept}.",
            f"✓ {label} authorized{where} ({account}); {kept}.",
        )
    )
    return account


def _read_password(ctx: CliContext, args: argparse.Namespace) -> str:
    password = ctx.read_password(
        args.password_stdin, ctx.t("Mot de passe Inqom : ", "Inqom password: ")
    )
    if password is None:
        raise InvalidInput(
            message=ctx.t(
                "Aucun mot de passe : ajoutez --password-stdin et passez-le sur l'entrée "
                "standard, ou lancez la commande dans un terminal pour le saisir.",
                "No password: add --password-stdin and pipe it, or run in a terminal.",
            )
        )
    if not password:
        raise InvalidInput(message=ctx.t("Mot de passe vide.", "Empty password."))
    return password


def handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = setup.check_siret(args.siret).value if args.siret else ""
    password_grant = getattr(args, "password_grant", False)
    if password_grant and not args.username:
        raise InvalidInput(
            message=ctx.t(
                "--password-grant demande --username (l'identifiant Inqom du compte de service).",
                "--password-grant needs --username (the service account's Inqom login).",
            )
        )
    password = _read_password(ctx, args) if password_grant else ""

    async def run() -> str:
        async with remote_session(ctx, args.sandbox, open_browser=not args.no_browser) as session:
            if password_grant:
                auth = await session.sign_in_with_password(
                    args.username, password, remember=args.remember
                )
                return auth.account
            return await run_authorization(
                ctx,
                session,
                args.service,
                siret,
                timeout=args.timeout,
                say=(lambda _t: None) if ctx.json else None,
            )

    account = asyncio.run(run())
    if ctx.json:
        ctx.print_json(
            {"ok": True, "service": args.service, "siret": siret or None, "account": account}
        )
    elif password_grant:
        kept = (
            ctx.t("mot de passe gardé dans le trousseau", "password kept in the keyring")
            if args.remember
            else ctx.t(
                "mot de passe non gardé : il faudra se reconnecter à l'expiration",
                "password not kept: sign in again when it expires",
            )
        )
        ctx.console.print(
            ctx.t(
                f"✓ Inqom : compte de service {account} connecté ({kept}).",
                f"✓ Inqom: service account {account} signed in ({kept}).",
            ),
            highlight=False,
        )
    return 0


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def status_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.opened() as app:
        app.migrate_authorizations()
        infos = app.authorizations()
    if ctx.json or args.local_json:
        ctx.print_json([i.to_json() for i in infos])
        return 0
    if not infos:
        ctx.console.print(
            ctx.t(
                "Aucune autorisation sur ce poste : « meg-inqom auth meg » et "
                "« meg-inqom auth inqom ».",
                "No authorization on this machine: 'meg-inqom auth meg', 'meg-inqom auth inqom'.",
            )
        )
        return 0
    from rich.table import Table

    table = Table(show_lines=False)
    for title in (
        ctx.t("Service", "Service"),
        ctx.t("Compte", "Account"),
        ctx.t("Connexion", "Sign-in"),
        ctx.t("Dossiers atteints", "Dossiers reached"),
        ctx.t("Validité", "Valid until"),
    ):
        table.add_column(title)
    for info in infos:
        method = (
            ctx.t("mot de passe (service)", "password (service)")
            if info.method == "password"
            else ctx.t("navigateur", "browser")
        )
        if info.renewable:
            until = ctx.t("renouvelée automatiquement", "renewed automatically")
        elif info.state == "expired":
            until = ctx.t(f"[red]expirée le {_when(info.expires_at)}[/]", "[red]expired[/]")
        else:
            until = _when(info.expires_at)
            if info.state == "expiring":
                until = f"[yellow]{until}[/]"
        account = info.account + (ctx.t(" (d'avant la mise à jour)", " (migrated)") * info.migrated)
        reaches = ", ".join(info.reaches_names) or ctx.t("tous ceux du compte", "all it sees")
        table.add_row(info.label, account, method, reaches, until)
    ctx.console.print(table)
    return 0


def logout_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    app = Connector(ctx.paths)
    gone = asyncio.run(app.logout(args.service, args.account))
    label = SERVICE_LABELS[args.service]
    if ctx.json:
        ctx.print_json({"service": args.service, "removed": gone})
        return 0 if gone else 1
    if not gone:
        ctx.console.print(
            ctx.t(f"Aucune autorisation {label} à retirer.", f"No {label} authorization."),
            highlight=False,
        )
        return 1
    for account in gone:
        ctx.console.print(
            ctx.t(
                f"✓ Autorisation {label} de {account} retirée.", f"✓ {label}: {account} removed."
            ),
            highlight=False,
        )
    return 0
