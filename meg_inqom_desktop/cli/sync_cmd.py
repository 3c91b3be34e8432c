"""``meg-inqom sync``, ``meg-inqom runs`` and ``meg-inqom serve``.

* ``sync [--dossier SIRET | --all] [--sandbox | --sandbox-url URL]``: one run per dossier with
  a live progress bar, then a French summary per dossier. ``--sandbox`` starts the embedded
  sandbox in this process (``--sandbox-url``: uses the one running at URL), authorises the app
  there automatically, and (in a data folder without dossiers) adds the demo firm's dossiers
  that MEG lets through, linked to their Inqom folders.
* ``runs [--dossier SIRET] [--limit N]``: the history of runs, skipped slots included.
* ``serve [--sandbox]``: the scheduler, headless, until SIGTERM or Ctrl+C; logs go to the log
  folder (``service.log``).

Every command that syncs holds the data folder's lock: a second process says so and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.cli.context import CliContext, add_sandbox_option, tr
from meg_inqom_desktop.errors import CredentialStoreUnavailable, InvalidInput
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.sync.engine import RunResult
from meg_inqom_desktop.sync.runs import PHASE_LABELS, Phase, RunStatus
from meg_inqom_desktop.sync.runs import Progress as SyncProgress

log = logging.getLogger(__name__)

SANDBOX_NAMESPACE = "meg-inqom-desktop-sandbox-cli"


def register(sub: Any, lang: str) -> None:
    sync = sub.add_parser(
        "sync",
        help=tr(lang, "synchroniser maintenant (MEG → registre local → Inqom)", "sync now"),
    )
    which = sync.add_mutually_exclusive_group()
    which.add_argument("--dossier", metavar="SIRET", help=tr(lang, "un dossier", "one dossier"))
    which.add_argument(
        "--all", action="store_true", help=tr(lang, "tous les dossiers (défaut)", "all dossiers")
    )
    sync.add_argument(
        "--resync",
        action="store_true",
        help=tr(
            lang,
            "relire MEG depuis le début pour ce dossier (les écritures déjà reçues ne sont pas "
            "dupliquées) ; avec --dossier",
            "read MEG again from the start for this dossier (no duplicates); with --dossier",
        ),
    )
    add_sandbox_option(sync, lang)
    sync.set_defaults(func=sync_handler)

    history = sub.add_parser("runs", help=tr(lang, "historique des synchronisations", "history"))
    history.add_argument("--dossier", metavar="SIRET")
    history.add_argument("--limit", type=int, default=20, metavar="N")
    history.set_defaults(func=runs_handler)

    serve = sub.add_parser(
        "serve",
        help=tr(
            lang,
            "synchroniser aux créneaux, sans fenêtre, jusqu'à l'arrêt (SIGTERM, Ctrl+C)",
            "sync at the slots, headless, until stopped (SIGTERM, Ctrl+C)",
        ),
    )
    add_sandbox_option(serve, lang)
    serve.set_defaults(func=serve_handler)


# -- shared set-up -------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def sync_session(ctx: CliContext, sandbox: bool) -> AsyncIterator[Connector]:
    """The data folder's connector, locked and recovered: production services, or a sandbox
    started here (stopped on exit) with the demo firm's dossiers in an empty data folder."""
    handle = None
    sandbox = ctx.wants_sandbox(sandbox)
    if sandbox:
        handle = await ctx.sandbox()
        if not ctx.json:
            ctx.console.print(ctx.sandbox_banner(handle), highlight=False)
    # demo tokens of a server that dies with this process: memory is the right place
    store = CredentialStore(SANDBOX_NAMESPACE, backend=EphemeralKeyring()) if sandbox else None
    app = Connector(ctx.paths, sandbox=handle, store=store, database=ctx.database)
    try:
        with app.opened(lock=True):
            skipped = app.add_demo_dossiers()
            if skipped and not ctx.json:
                ctx.console.print(
                    ctx.t(
                        "Bac à sable : dossiers de démonstration ajoutés ; non ajoutés (licence "
                        "premium absente ou connexion désactivée dans MEG) : "
                        f"{', '.join(skipped)}.",
                        "Sandbox: demo dossiers added; not added (no premium licence or "
                        f"connection off in MEG): {', '.join(skipped)}.",
                    ),
                    highlight=False,
                )
            try:
                yield app
            finally:
                await app.aclose()
    finally:
        if handle is not None:
            await asyncio.to_thread(handle.stop)


def _dossier_ids(app: Connector, args: argparse.Namespace) -> list[int]:
    if getattr(args, "dossier", None):
        return [app.dossier(args.dossier).id]
    return [d.id for d in app.dossiers(active_only=True)]


# -- sync ----------------------------------------------------------------------------------


@dataclass
class _Bars:
    """Rich progress bars, one per dossier, fed by the engine's progress events."""

    progress: Progress
    tasks: dict[int, TaskID]

    def __call__(self, event: SyncProgress) -> None:
        task = self.tasks.get(event.dossier_id)
        label = f"{event.dossier_name} — {PHASE_LABELS.get(event.phase, event.phase)}"
        if task is None:
            task = self.progress.add_task(label, total=None)
            self.tasks[event.dossier_id] = task
        done = event.entries_done if event.phase != Phase.PUSH else event.pushed
        extra = f"{event.documents} pièces, {event.bytes / 1e6:.1f} Mo"
        if event.phase == Phase.DONE:
            done = event.entries_done
            self.progress.update(
                task, description=event.dossier_name, total=max(done, 1), completed=done
            )
            return
        self.progress.update(
            task,
            description=f"{label} ({extra})",
            total=event.entries_total,
            completed=done,
        )


def _print_results(ctx: CliContext, results: list[RunResult]) -> None:
    if ctx.json:
        ctx.print_json(
            [
                {
                    "dossier": r.dossier_name,
                    "status": r.status,
                    "summary": r.summary,
                    "error": r.error.message if r.error else None,
                    **{
                        k: getattr(r.counts, k)
                        for k in (
                            "new",
                            "unchanged",
                            "conflicts",
                            "rejected",
                            "pushed",
                            "adopted",
                            "push_rejected",
                        )
                    },
                    "documents": r.counts.documents,
                    "retries": r.counts.retries,
                }
                for r in results
            ]
        )
        return
    for r in results:
        style = {
            RunStatus.FAILED: "red",
            RunStatus.PARTIAL: "yellow",
            RunStatus.SKIPPED: "cyan",
        }.get(r.status, "green")
        ctx.console.print(f"[{style}]•[/] {r.summary}", highlight=False)
        if r.error is not None:
            ctx.console.print(f"  [red]{r.error.title}[/] : {r.error.message}", highlight=False)


def sync_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    async def run() -> list[RunResult]:
        async with sync_session(ctx, args.sandbox) as app:
            ids = _dossier_ids(app, args)
            if not ids:
                return []
            if args.resync:
                if not args.dossier:
                    raise InvalidInput(
                        ctx.t("Dossier manquant", "Missing dossier"),
                        ctx.t(
                            "--resync relit un dossier : précisez-le avec --dossier SIRET.",
                            "--resync reads one dossier again: name it with --dossier SIRET.",
                        ),
                    )
                app.resync_from_meg(args.dossier)
            if ctx.json:
                return await app.sync_dossiers(ids)
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed} écritures"),
                TimeElapsedColumn(),
                console=ctx.console,
                transient=False,
            ) as progress:
                app.add_progress_listener(_Bars(progress, {}))
                return await app.sync_dossiers(ids)

    results = asyncio.run(run())
    if not results:
        message = ctx.t(
            "Aucun dossier à synchroniser. Ajoutez-en un : meg-inqom dossiers add SIRET",
            "No dossier to sync. Add one: meg-inqom dossiers add SIRET",
        )
        if ctx.json:
            ctx.print_json([])
        else:
            ctx.console.print(message)
        return 1
    _print_results(ctx, results)
    return 0 if all(r.ok for r in results) else 1


# -- runs ----------------------------------------------------------------------------------


RUN_STATES = {
    "success": ("réussie", "succeeded"),
    "partial": ("partielle", "partial"),
    "failed": ("échec", "failed"),
    "cancelled": ("annulée", "cancelled"),
    "running": ("en cours", "running"),
    "skipped": ("sautée", "skipped"),
}
TRIGGERS = {
    "schedule": ("créneau", "slot"),
    "catch_up": ("rattrapage", "catch-up"),
    "manual": ("manuelle", "manual"),
    "cli": ("ligne de commande", "command line"),
    "setup": ("mise en service", "setup"),
    "recovery": ("reprise", "recovery"),
    "resync": ("resynchronisation", "resync"),
}


def _label(ctx: CliContext, table: dict[str, tuple[str, str]], code: str) -> str:
    fr, en = table.get(code, (code, code))
    return ctx.t(fr, en)


def runs_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from meg_inqom_desktop.cli.table import Column

    with ctx.opened() as app:
        dossier_id = app.dossier(args.dossier).id if args.dossier else None
        history = app.history(dossier_id, args.limit)
    if ctx.json:
        ctx.print_json([h.as_dict() for h in history])
        return 0
    if not history:
        ctx.say(ctx.t("Aucune synchronisation pour l'instant.", "No run yet."))
        return 0
    columns = [
        Column(ctx.t("Début", "Started")),
        Column(ctx.t("Dossier", "Dossier"), wrap=True, min_width=10),
        Column(ctx.t("Déclencheur", "Trigger"), wrap=True, min_width=9),
        Column(ctx.t("État", "Status")),
        Column(ctx.t("Nouv.", "New"), "right"),
        Column(ctx.t("Env.", "Sent"), "right"),
        Column(ctx.t("Pièces", "Docs"), "right"),
        Column(ctx.t("Message", "Message"), wrap=True),
    ]
    rows = []
    for h in history:
        notes = [h.error_message] if h.error_message else []
        if h.rejected and not h.error_message:
            notes.append(ctx.t(f"{h.rejected} mis de côté", f"{h.rejected} set aside"))
        if h.adopted:
            notes.append(ctx.t(f"{h.adopted} déjà dans Inqom", f"{h.adopted} already in Inqom"))
        message = ctx.t(" ; ", "; ").join(notes)
        rows.append(
            [
                h.started_at.astimezone().strftime("%d/%m/%Y %H:%M"),
                h.dossier_name or "—",
                _label(ctx, TRIGGERS, h.trigger),
                _label(ctx, RUN_STATES, h.status),
                str(h.new),
                str(h.pushed),
                f"{h.documents}/{int(h.details.get('documents_attached', 0))}",
                message,
            ]
        )
    ctx.table(columns, rows, title=ctx.t("Synchronisations", "Runs"))
    ctx.say(
        ctx.t(
            "Nouv. : écritures nouvelles ; Env. : envoyées à Inqom ; Pièces : reçues de MEG / "
            "envoyées à Inqom.",
            "New: new entries; Sent: sent to Inqom; Docs: received from MEG / sent to Inqom.",
        )
    )
    return 0


# -- serve ---------------------------------------------------------------------------------


def serve_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from meg_inqom_desktop.app.logging_setup import setup_logging
    from meg_inqom_desktop.sync.scheduler import Scheduler

    paths = ctx.paths.ensure()
    log_path = setup_logging(paths, "service", stderr=True)

    async def run() -> None:
        async with sync_session(ctx, args.sandbox) as app:
            settings = app.settings
            scheduler = Scheduler(
                app.sync_service,
                settings.slot_times(),
                network_ok=app.client_provider().network_ok,
                paused=settings.paused,
            )
            loop = asyncio.get_running_loop()
            stopping = asyncio.Event()

            def stop() -> None:
                log.info("stop requested")
                scheduler.stop()
                stopping.set()

            for sig in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, stop)
            app.add_progress_listener(_log_progress)
            _say_sign_in_problems(ctx, app)
            task = asyncio.ensure_future(scheduler.run())
            log.info("service started; slots %s; log %s", ",".join(settings.slots), log_path)
            if not ctx.json:
                ctx.console.print(
                    ctx.t(
                        f"Service démarré (créneaux {', '.join(settings.slots)}, "
                        f"Europe/Paris). Journal : {log_path}. Arrêt : Ctrl+C.",
                        f"Service started (slots {', '.join(settings.slots)}, "
                        f"Europe/Paris). Log: {log_path}. Stop: Ctrl+C.",
                    ),
                    highlight=False,
                )
            await stopping.wait()
            await app.cancel_sync()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            log.info("service stopped")

    asyncio.run(run())
    if not ctx.json:
        ctx.console.print(ctx.t("Service arrêté.", "Service stopped."))
    return 0


def _say_sign_in_problems(ctx: CliContext, app: Connector) -> None:
    """A service nobody watches says in its log (and on its console) which sign-in it lacks:
    the syncs of those dossiers would fail until someone signs in (``meg-inqom doctor`` says
    the same)."""
    from meg_inqom_desktop.app.accounts import sign_in_problems

    active = app.dossiers(active_only=True)
    linked = [d for d in active if not d.local_only and d.inqom_folder_id is not None]
    needed = {"meg": len(active), "inqom": len(linked)}
    try:
        infos = app.authorizations()
    except CredentialStoreUnavailable as exc:  # the runs will say it too; the service stays up
        log.warning("keyring unavailable: %s", exc.message)
        if not ctx.json:
            ctx.console.print(f"[yellow]![/] {exc.message}", highlight=False, soft_wrap=True)
        return
    for status, what, fix in sign_in_problems(infos, needed):
        log.warning("sign-in needed (%s): %s. %s", status, what, fix)
        if not ctx.json:
            ctx.console.print(f"[yellow]![/] {what}. {fix}", highlight=False, soft_wrap=True)


def _log_progress(event: SyncProgress) -> None:
    if event.phase == Phase.DONE:
        log.info("%s", event.message)
