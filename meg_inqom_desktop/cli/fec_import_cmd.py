"""``meg-inqom fec import``: a FEC file into a dossier of the local ledger, all or nothing.

See :mod:`.fec_cmd` for the command group; exit codes: 0 everything imported (or already
there), 1 nothing imported (lines that cannot be imported; the report says which), 2 not
imported (file not found or unreadable, confirmation needed: ``--force``), 3 imported in part
(``--partial``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from meg_inqom_desktop.cli.context import CliContext, tr
from meg_inqom_desktop.cli.fec_cmd import (
    SHOWN_PER_GROUP,
    count_of,
    fr_number,
    print_verdict,
    progress_bars,
    require_file,
)
from meg_inqom_desktop.errors import InvalidInput
from meg_inqom_desktop.store.fec.importer import FecImportResult, FecNeedsConfirmation


def register_import(
    fec_sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str
) -> None:
    """Add ``import`` to the ``fec`` group."""
    imp = fec_sub.add_parser(
        "import", help=tr(lang, "importer un FEC dans un dossier", "import a FEC into a dossier")
    )
    imp.add_argument("file", metavar="FICHIER", type=Path)
    imp.add_argument(
        "--dossier",
        required=True,
        metavar="SIRET",
        help=tr(
            lang,
            "SIRET du dossier (créé s'il n'existe pas, avec --force)",
            "dossier SIRET (created with --force)",
        ),
    )
    imp.add_argument("--name", default="", help=tr(lang, "nom du dossier", "dossier name"))
    imp.add_argument(
        "--partial",
        action="store_true",
        help=tr(
            lang,
            "importer ce qui peut l'être et mettre le reste de côté (défaut : tout ou rien)",
            "import what can be and set the rest aside (default: all or nothing)",
        ),
    )
    imp.add_argument(
        "--force",
        action="store_true",
        help=tr(
            lang,
            "importer sans confirmation dans un nouveau dossier ou malgré un autre SIREN dans "
            "le nom du fichier",
            "import without confirmation into a new dossier or despite another SIREN in the "
            "file name",
        ),
    )
    imp.set_defaults(func=run_import)


EXIT_IMPORTED = 0
EXIT_REFUSED = 1
EXIT_NOT_IMPORTED = 2
EXIT_PARTIAL = 3


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        require_file(ctx, args.file)
    except InvalidInput as exc:
        ctx.error(exc)
        return EXIT_NOT_IMPORTED
    size = args.file.stat().st_size
    try:
        with (
            ctx.opened() as app,
            progress_bars(
                ctx,
                size,
                ctx.t("Contrôle et import", "Check and import"),
                ctx.t("Import (second passage)", "Import (second pass)"),
            ) as (check_bar, bar),
        ):
            result = app.import_fec(
                args.file,
                args.dossier,
                name=args.name,
                partial=args.partial,
                force=args.force,
                check_progress=check_bar,
                import_progress=bar,
            )
    except FecNeedsConfirmation as exc:
        _print_questions(ctx, exc)
        return EXIT_NOT_IMPORTED
    except InvalidInput as exc:  # unreadable file, SIRET that is not one
        ctx.error(exc)
        return EXIT_NOT_IMPORTED
    code = (
        EXIT_REFUSED if result.refused else EXIT_PARTIAL if result.lines_rejected else EXIT_IMPORTED
    )
    if ctx.json:
        ctx.print_json(result.as_dict())
    else:
        print_import(ctx, result, args.dossier)
    return code


def _print_questions(ctx: CliContext, exc: FecNeedsConfirmation) -> None:
    if ctx.json:
        ctx.print_json(
            {
                "error": exc.code,
                "title": exc.title,
                "message": exc.message,
                "questions": [{"code": q.code, "message": q.message} for q in exc.questions],
            }
        )
        return
    c = ctx.err_console
    c.print(f"[bold yellow]{exc.title}[/] : " + ctx.t("rien n'a été importé.", "nothing imported."))
    for question in exc.questions:
        c.print(f"  • {question.message}")
    c.print(
        ctx.t(
            "Vérifiez le fichier et le dossier, puis relancez avec --force pour importer.",
            "Check the file and the dossier, then run again with --force to import.",
        )
    )


def print_import(ctx: CliContext, result: FecImportResult, dossier: str) -> None:
    """What an import did, as an accountant reads it."""
    c = ctx.console
    if result.dossier_created:
        c.print(ctx.t(f"Dossier {dossier} créé.", f"Dossier {dossier} created."))
    if result.already_imported:
        when = result.previous_import[:19].replace("T", " ")
        c.print(
            ctx.t(
                f"[bold]{result.report.filename}[/] a déjà été importé dans ce dossier "
                f"({when} UTC) : rien n'a été ajouté.",
                f"[bold]{result.report.filename}[/] was already imported into this dossier "
                f"({when} UTC): nothing added.",
            )
        )
        return
    report = result.report
    print_verdict(ctx, report, short=True)
    grouping = report.grouping
    if grouping:
        c.print(ctx.t("Regroupement : ", "Grouping: ") + f"{grouping.label} — {grouping.reason}")
    if result.refused:
        unreadable, unbalanced = len(report.rejected_lines), report.unbalanced_entries
        c.print(
            ctx.t(
                f"[bold red]Rien n'a été importé[/] : {count_of(unreadable, 'ligne')} illisible(s) "
                f"et {count_of(unbalanced, 'écriture')} non équilibrée(s) sur "
                f"{fr_number(report.entries)}. Corrigez le fichier dans le logiciel d'origine, ou "
                "relancez avec --partial pour importer le reste et mettre ces lignes de côté.",
                f"[bold red]Nothing imported[/]: {unreadable} unreadable line(s) and "
                f"{unbalanced} unbalanced entrie(s) out of {report.entries}. Fix the file, or "
                "run again with --partial to import the rest and set these aside.",
            )
        )
        _print_problems(ctx, result)
        return
    c.print(
        ctx.t(
            f"Écritures : {result.entries_new} nouvelles, {result.entries_unchanged} déjà "
            f"présentes, {result.entries_rejected} écartées (déséquilibrées).",
            f"Entries: {result.entries_new} new, {result.entries_unchanged} already there, "
            f"{result.entries_rejected} set aside.",
        )
    )
    c.print(
        ctx.t(
            f"Lignes : {result.lines_new} importées, {result.lines_rejected} écartées"
            + (" (voir « À traiter »)." if result.lines_rejected else "."),
            f"Lines: {result.lines_new} imported, {result.lines_rejected} set aside.",
        )
    )
    if result.entries_not_validated:
        c.print(
            ctx.t(
                f"{count_of(result.entries_not_validated, 'écriture')} sans ValidDate : "
                "enregistrée(s) comme non validée(s), exportée(s) sans date de validation.",
                f"{result.entries_not_validated} entrie(s) without ValidDate: stored as not "
                "validated, exported without a validation date.",
            )
        )
    if result.lines_entry_fields:
        c.print(
            ctx.t(
                f"{count_of(result.lines_entry_fields, 'ligne')} regroupée(s) avec une autre "
                "pièce prennent la date de pièce, la date de validation et le libellé de journal "
                "de la première ligne de leur écriture.",
                f"{result.lines_entry_fields} line(s) grouped with another pièce take the piece "
                "date, validation date and journal label of their entry's first line.",
            )
        )
    if result.lines_rejected:
        _print_problems(ctx, result)
    if result.entries_new == 0 and result.entries_unchanged and not result.lines_rejected:
        c.print(
            ctx.t(
                "Rien de nouveau : toutes ces écritures étaient déjà là.",
                "Nothing new: every entry was already there.",
            )
        )


def _print_problems(ctx: CliContext, result: FecImportResult) -> None:
    problems = result.problems
    table = Table(show_header=True, header_style="bold")
    table.add_column(ctx.t("ligne", "line"), justify="right")
    table.add_column(ctx.t("colonne", "column"))
    table.add_column("message")
    for f in problems[:SHOWN_PER_GROUP]:
        table.add_row(str(f.line) if f.line else "—", f.column, f.message)
    ctx.console.print(table)
    if len(problems) > SHOWN_PER_GROUP:
        ctx.console.print(
            ctx.t(
                f"  … {SHOWN_PER_GROUP} montrés sur {len(problems)} (fec check --all pour tous).",
                f"  … {SHOWN_PER_GROUP} of {len(problems)} shown (fec check --all).",
            )
        )
