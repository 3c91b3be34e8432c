"""``meg-inqom auth meg|inqom --siret N [--sandbox]``: authorize the app in the browser.

Prints the link (to copy when no browser opens), opens the system browser, waits for the
redirect to the one-shot 127.0.0.1 listener, and stores the refresh token in the OS keyring.
With ``--sandbox`` the embedded sandbox is started in this process and the consent is given
automatically by its browser helper (nobody has to click), which the output says.

:func:`remote_session` is shared with ``meg_cmd``: the data folder's connector for the real
services, or for a sandbox started here (its demo consent given by :func:`run_authorization`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.cli.context import CliContext, add_sandbox_option, tr

SERVICE_LABELS = {"meg": "MEG", "inqom": "Inqom"}


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
        help=tr(lang, "autoriser l'accès à MEG ou Inqom", "authorize access to MEG or Inqom"),
        description=tr(
            lang,
            "Ouvre le navigateur pour autoriser l'application ; le jeton est gardé dans le "
            "trousseau du système.",
            "Opens the browser to authorize the app; the token is kept in the OS keyring.",
        ),
    )
    parser.add_argument("service", choices=("meg", "inqom"))
    add_common(parser, lang)
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help=tr(lang, "ne pas ouvrir le navigateur (lien affiché)", "print the link only"),
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help=tr(lang, "attente maximale, en secondes", "how long to wait, seconds"),
    )
    parser.set_defaults(func=handler)


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
    if not sandbox:
        yield Connector(ctx.paths, open_browser=open_browser, database=ctx.database)
        return
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = await asyncio.to_thread(start_sandbox)
    try:
        ctx.console.print(
            ctx.t(
                f"Bac à sable démarré : MEG {handle.meg_url} — Inqom {handle.inqom_url}",
                f"Sandbox started: MEG {handle.meg_url} — Inqom {handle.inqom_url}",
            ),
            highlight=False,
            soft_wrap=True,
        )
        yield Connector(ctx.paths, sandbox=handle, open_browser=False, database=ctx.database)
    finally:
        await asyncio.to_thread(_stop, handle)


async def run_authorization(
    ctx: CliContext,
    session: Connector,
    service: str,
    siret: str,
    *,
    timeout: float = 300.0,
    say: Callable[[str], None] | None = None,
) -> None:
    """The browser dance for one service; in the sandbox, the consent is given automatically."""
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
    out(
        ctx.t(
            f"✓ {label} autorisé pour le dossier {siret} ; jeton gardé dans le trousseau.",
            f"✓ {label} authorized for {siret}; token kept in the keyring.",
        )
    )


def handler(args: argparse.Namespace, ctx: CliContext) -> int:
    siret = setup.check_siret(args.siret).value

    async def run() -> None:
        async with remote_session(ctx, args.sandbox, open_browser=not args.no_browser) as session:
            await run_authorization(
                ctx,
                session,
                args.service,
                siret,
                timeout=args.timeout,
                say=(lambda _t: None) if ctx.json else None,
            )

    asyncio.run(run())
    if ctx.json:
        ctx.print_json({"ok": True, "service": args.service, "siret": siret})
    return 0
