"""``meg-inqom doctor``: check the workstation and say what to do for each problem.

Keyring, data folder, database (integrity, schema version), free disk space, proxy settings,
the Inqom environment and API client, whether the sign-ins the syncs need are there (and not
about to expire), and whether the MEG and Inqom hosts answer (``--sandbox``: the embedded
sandbox, started for the occasion). Prints ✓ / ! / ✗ per check; ``--json`` for scripts; exit
code 1 if any check failed (warnings do not fail).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from meg_inqom_desktop import __version__
from meg_inqom_desktop.app import diagnostics
from meg_inqom_desktop.app.diagnostics import CheckResult
from meg_inqom_desktop.cli.context import CliContext, tr

if TYPE_CHECKING:
    from meg_inqom_desktop.app.firm import ConnectionCheck

MARKS = {"ok": "[green]✓[/]", "warn": "[yellow]![/]", "fail": "[bold red]✗[/]"}


def register(sub: Any, lang: str) -> None:
    parser = sub.add_parser(
        "doctor",
        help=tr(lang, "vérifier le poste (trousseau, base, réseau…)", "check this workstation"),
        description=tr(
            lang,
            "Vérifie le trousseau, le dossier de données, la base, l'espace disque, le proxy et "
            "l'accès à MEG et Inqom ; dit quoi faire pour chaque problème.",
            "Checks keyring, data folder, database, disk space, proxy and MEG/Inqom access.",
        ),
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help=tr(lang, "vérifier l'accès au bac à sable intégré", "check the embedded sandbox"),
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=8.0,
        metavar="S",
        help=tr(lang, "délai par hôte, en secondes", "timeout per host, seconds"),
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help=tr(lang, "ne pas tester le réseau", "skip the network checks"),
    )
    parser.set_defaults(func=handler)


@contextlib.contextmanager
def _sandbox_hosts() -> Iterator[list[tuple[str, str]]]:
    """Start the embedded sandbox and yield its MEG and Inqom base URLs."""
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = start_sandbox()
    try:
        yield [("MEG", handle.meg_url), ("Inqom", handle.inqom_url)]
    finally:
        for name in ("stop", "close", "shutdown"):
            method = getattr(handle, name, None)
            if callable(method):
                method()
                break


def _firm_database(ctx: CliContext, configured: str) -> ConnectionCheck | None:
    """The firm database's connection test when this workstation uses one (``--database``,
    ``MEG_INQOM_DATABASE`` or the settings), else None (the data folder's SQLite)."""
    from meg_inqom_desktop.app import firm
    from meg_inqom_desktop.errors import DatabaseError
    from meg_inqom_desktop.store.postgres import database_url

    try:
        url = database_url(ctx.database, configured)
    except DatabaseError as exc:
        return firm.ConnectionCheck(False, exc.title, exc.message)
    if url is None:
        return None
    return firm.check_connection(url, firm.stored_password(url))


def run_checks(ctx: CliContext, args: argparse.Namespace) -> list[CheckResult]:
    from meg_inqom_desktop.app.settings import load_settings

    try:
        settings = load_settings(ctx.paths.settings)
        proxy, configured = settings.proxy, settings.firm_database
    except OSError:  # an unreadable data folder is reported by check_data_folder
        proxy = configured = ""
    firm = _firm_database(ctx, configured)
    results = [
        diagnostics.check_keyring(),
        diagnostics.check_data_folder(ctx.paths),
        diagnostics.check_database(ctx.paths)
        if firm is None
        else diagnostics.check_firm_database(firm),
        diagnostics.check_disk_space(ctx.paths),
    ]
    results.append(diagnostics.check_proxy(proxy))
    results.append(diagnostics.check_inqom_client(ctx.paths))
    results += diagnostics.check_authorizations(ctx.paths, firm)
    if args.offline:
        return results
    if ctx.sandbox_url:
        from meg_inqom_desktop.sandbox.remote import RemoteSandbox

        remote = RemoteSandbox(ctx.sandbox_url)
        hosts = [("MEG", remote.meg_url), ("Inqom", remote.inqom_url)]
        results += diagnostics.check_hosts(hosts, "", args.timeout)
    elif args.sandbox:
        with _sandbox_hosts() as hosts:
            results += diagnostics.check_hosts(hosts, "", args.timeout)
    else:
        from meg_inqom_desktop.app.installation import inqom_installation

        endpoints = inqom_installation(load_settings(ctx.paths.settings)).endpoints()
        hosts = [("MEG", endpoints.meg_url), ("Inqom", endpoints.inqom_url)]
        if endpoints.inqom_auth_url != endpoints.inqom_url:
            hosts.append(("Inqom-auth", endpoints.inqom_auth_url))
        results += diagnostics.check_hosts(hosts, proxy, args.timeout)
    return results


def handler(args: argparse.Namespace, ctx: CliContext) -> int:
    results = run_checks(ctx, args)
    failed = [r for r in results if r.status == "fail"]
    if ctx.json:
        ctx.print_json(
            {
                "ok": not failed,
                "version": __version__,
                "platform": diagnostics.platform_summary(),
                "checks": [r.to_json() for r in results],
            }
        )
        return 1 if failed else 0
    console = ctx.console
    console.print(f"[bold]meg-inqom {__version__}[/] — {diagnostics.platform_summary()}")
    for result in results:
        console.print(f"{MARKS[result.status]} {result.label} : {result.detail}", highlight=False)
        if result.fix:
            console.print(f"    → {result.fix}", highlight=False)
    if failed:
        console.print(
            ctx.t(
                f"[bold red]{len(failed)} problème(s)[/] : suivez les indications ci-dessus.",
                f"[bold red]{len(failed)} problem(s)[/]: see above.",
            )
        )
        return 1
    console.print(ctx.t("[green]Tout est en ordre.[/]", "[green]All good.[/]"))
    return 0
