"""``meg-inqom fec check|import|export``: FEC files (fichier des écritures comptables).

- ``fec check FILE [--regime bic|bnc|ba] [--tresorerie]``: the report an accountant reads
  before sending a FEC to the tax office (errors and alerts exactly as the DGFiP's Test Compta
  Demat counts them, then our accounting checks and reading notes, apart), under the regime
  given (default: the one the header suggests; the report says which). Exit code: 0 the file
  is conforming for Test Compta Demat (no error; alerts and our remarks do not count), 1 it is
  not, 2 it could not be checked (file not found, options that contradict each other).
- ``fec import FILE --dossier SIRET [--partial] [--force]``: imports into the local ledger, all
  or nothing: every entry goes in, or nothing does and the report says why (lines that cannot
  be read, entries that do not balance); ``--partial`` imports the rest and sets those aside
  with their reasons. Findings that only make the file non-conforming (an empty ValidDate...)
  are reported, never a reason to leave lines out. A dossier that does not exist yet, or a
  file named after another SIREN, needs ``--force``. The same file twice adds nothing. Exit
  code: 0 everything imported (or already there), 1 nothing imported (the file has lines that
  cannot be imported), 2 not imported (file not found or unreadable, confirmation needed),
  3 imported in part (``--partial``; what was set aside is in « À traiter »).
- ``fec export --dossier SIRET --year AAAA [--out DIR]``: writes ``SIRENFECAAAAMMJJ.txt``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.cli.context import CliContext, tr
from meg_inqom_desktop.domain.fec.regime import Activity, FecRegime
from meg_inqom_desktop.domain.fec.report import SEVERITY_TITLES, FecReport, Severity
from meg_inqom_desktop.domain.money import format_cents
from meg_inqom_desktop.errors import InvalidInput

SHOWN_PER_GROUP = 20
EXIT_CONFORMING = 0
EXIT_NOT_CONFORMING = 1
EXIT_NOT_CHECKED = 2
_PROGRESS_MIN_BYTES = 2_000_000  # smaller files take well under a second


def _day(text: str) -> date:
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"date illisible : {text!r} (ex. 20261231 ou 31/12/2026)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    fec = sub.add_parser(
        "fec",
        help=tr(lang, "contrôler, importer, exporter un FEC", "check, import, export a FEC"),
    )
    fec_sub = fec.add_subparsers(dest="fec_command", metavar="ACTION", required=True)

    check = fec_sub.add_parser(
        "check",
        help=tr(
            lang,
            "contrôler un FEC comme Test Compta Demat (code 0 conforme, 1 non conforme)",
            "check a FEC as Test Compta Demat does (exit 0 conforming, 1 not)",
        ),
        description=tr(
            lang,
            "Contrôle un FEC : erreurs et alertes exactement comme les compte Test Compta Demat "
            "(le logiciel de la DGFiP), puis nos contrôles comptables, à part. Codes de sortie : "
            "0 conforme pour Test Compta Demat, 1 non conforme, 2 contrôle impossible.",
            "Checks a FEC: errors and alerts exactly as Test Compta Demat counts them, then our "
            "accounting checks. Exit codes: 0 conforming, 1 not conforming, 2 not checked.",
        ),
    )
    check.add_argument("file", metavar="FICHIER", type=Path)
    check.add_argument(
        "--regime",
        choices=[a.value for a in Activity],
        help=tr(
            lang,
            "régime d'imposition : bic (BIC/IS), bnc, ba (défaut : celui que suggère l'en-tête)",
            "tax regime: bic (BIC/IS), bnc, ba (default: the one the header suggests)",
        ),
    )
    check.add_argument(
        "--tresorerie",
        action="store_true",
        help=tr(
            lang,
            "comptabilité de trésorerie (BNC ou BA seulement ; défaut : engagement)",
            "cash accounting (BNC or BA only; default: commitment)",
        ),
    )
    check.add_argument(
        "--all",
        action="store_true",
        help=tr(lang, "montrer tous les constats gardés", "show every kept finding"),
    )
    check.set_defaults(func=run_check)

    from meg_inqom_desktop.cli.fec_import_cmd import register_import

    register_import(fec_sub, lang)

    exp = fec_sub.add_parser(
        "export", help=tr(lang, "exporter le FEC d'un exercice", "export a fiscal year's FEC")
    )
    exp.add_argument("--dossier", required=True, metavar="SIRET")
    exp.add_argument(
        "--year",
        required=True,
        type=int,
        metavar="AAAA",
        help=tr(lang, "année de clôture de l'exercice", "year of the closing date"),
    )
    exp.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DOSSIER",
        help=tr(lang, "dossier de sortie (défaut : courant)", "output folder (default: .)"),
    )
    exp.add_argument(
        "--closing",
        type=_day,
        metavar="DATE",
        help=tr(
            lang,
            "date de clôture (défaut : celle du FEC importé pour cette année, sinon 31/12)",
            "closing date (default: that of the FEC imported for the year, else 31/12)",
        ),
    )
    exp.add_argument(
        "--start",
        type=_day,
        metavar="DATE",
        help=tr(lang, "date d'ouverture (défaut : 12 mois)", "opening date (default: 12 months)"),
    )
    exp.set_defaults(func=run_export)


@contextmanager
def progress_bars(
    ctx: CliContext, total: int, *labels: str
) -> Iterator[tuple[Callable[[int], None], ...]]:
    """One rich progress bar per label over ``total`` units (none in JSON mode or for small
    totals); yields one update callback per bar."""
    if ctx.json or total < _PROGRESS_MIN_BYTES:
        yield tuple((lambda _done: None) for _ in labels)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=ctx.err_console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def updater(label: str) -> Callable[[int], None]:
            def update(done: int) -> None:  # a bar appears when its pass starts
                if label not in tasks:
                    tasks[label] = bar.add_task(label, total=total)
                bar.update(tasks[label], completed=done)

            return update

        yield tuple(updater(label) for label in labels)


def require_file(ctx: CliContext, path: Path) -> None:
    if not path.is_file():
        raise InvalidInput(
            ctx.t("Fichier introuvable", "File not found"),
            ctx.t(f"{path} n'existe pas ou n'est pas un fichier.", f"{path} is not a file."),
        )


def fr_number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def print_report(ctx: CliContext, report: FecReport, *, show_all: bool = False) -> None:
    """The report as an accountant reads it: facts, grouping, then the groups of findings."""
    c = ctx.console
    c.print(f"[bold]{report.filename}[/]")
    rows, entries = fr_number(report.rows), fr_number(report.entries)
    c.print(
        ctx.t(
            f"{rows} lignes, {entries} écritures ; {report.amount_mode}",
            f"{rows} lines, {entries} entries; {report.amount_mode}",
        )
    )
    print_verdict(ctx, report)
    if report.first_date:
        c.print(
            ctx.t("Dates : du ", "Dates: from ")
            + f"{date.fromisoformat(report.first_date):%d/%m/%Y}"
            + ctx.t(" au ", " to ")
            + f"{date.fromisoformat(report.last_date):%d/%m/%Y}"
            + ctx.t(" ; total débit ", "; total debit ")
            + format_cents(report.total_debit_cents)
            + ctx.t(", total crédit ", ", total credit ")
            + format_cents(report.total_credit_cents)
        )
    if report.grouping:
        c.print(
            ctx.t("Regroupement des écritures : ", "Entry grouping: ")
            + f"[bold]{report.grouping.label}[/] — {report.grouping.reason}"
        )
    if not report.fatal:
        c.print(
            ctx.t(
                "Import : toutes les écritures peuvent être importées.",
                "Import: every entry can be imported.",
            )
            if report.importable
            else ctx.t(
                f"Import : {count_of(len(report.rejected_lines), 'ligne')} illisible(s) et "
                f"{count_of(report.unbalanced_entries, 'écriture')} non équilibrée(s) : "
                "« fec import » n'importerait rien (tout ou rien), sauf avec --partial.",
                f"Import: {len(report.rejected_lines)} unreadable line(s) and "
                f"{report.unbalanced_entries} unbalanced entrie(s): « fec import » would import "
                "nothing (all or nothing), unless --partial.",
            )
        )
    for note in report.notes:
        c.print(f"  • {note}")
    for severity in Severity:
        counts = report.rule_counts(severity)
        total = sum(n for _r, _t, n in counts)
        style = {"error": "red", "alert": "yellow", "check": "cyan", "note": "dim"}[severity]
        c.print(f"\n[bold {style}]{SEVERITY_TITLES[severity]} : {total}[/]")
        if not counts:
            continue
        summary = Table(show_header=True, header_style="bold")
        summary.add_column(ctx.t("règle", "rule"))
        summary.add_column(ctx.t("intitulé", "title"))
        summary.add_column(ctx.t("nombre", "count"), justify="right")
        for rule, title, n in counts:
            summary.add_row(rule, title, str(n))
        c.print(summary)
        findings = report.by_severity(severity)
        shown = findings if show_all else findings[:SHOWN_PER_GROUP]
        detail = Table(show_header=True, header_style="bold")
        detail.add_column(ctx.t("ligne", "line"), justify="right")
        detail.add_column(ctx.t("colonne", "column"))
        detail.add_column(ctx.t("règle", "rule"))
        detail.add_column("message")
        for f in shown:
            detail.add_row(str(f.line) if f.line else "—", f.column, f.rule, f.message)
        c.print(detail)
        if len(findings) < total or len(shown) < len(findings):
            c.print(
                ctx.t(
                    f"  … {len(shown)} constats montrés sur {total} (--all pour tous ceux "
                    "gardés, --json pour un script)",
                    f"  … {len(shown)} of {total} findings shown (--all, --json)",
                )
            )


def _regime(ctx: CliContext, args: argparse.Namespace) -> FecRegime | None:
    """The regime the options name; None when not given (the header decides)."""
    if args.regime is None:
        if args.tresorerie:
            raise InvalidInput(
                ctx.t("Régime incomplet", "Incomplete regime"),
                ctx.t(
                    "--tresorerie précise un régime BNC ou BA : ajoutez --regime bnc ou "
                    "--regime ba.",
                    "--tresorerie needs --regime bnc or --regime ba.",
                ),
            )
        return None
    try:
        return FecRegime(Activity(args.regime), cash=args.tresorerie)
    except ValueError as exc:
        raise InvalidInput(ctx.t("Régime impossible", "Impossible regime"), str(exc)) from exc


def count_of(n: int, word: str) -> str:
    return f"{fr_number(n)} {word}{'s' if n > 1 else ''}"


def print_verdict(ctx: CliContext, report: FecReport, *, short: bool = False) -> None:
    """The regime checked against and Test Compta Demat's verdict (``short``: one line)."""
    errors, alerts = count_of(report.errors, "erreur"), count_of(report.alerts, "alerte")
    if short:
        verdict = (
            ctx.t("[bold green]conforme[/]", "[bold green]conforming[/]")
            if report.conforming
            else ctx.t("[bold red]non conforme[/]", "[bold red]not conforming[/]")
        )
        ctx.console.print(
            ctx.t("Verdict Test Compta Demat : ", "Test Compta Demat verdict: ")
            + f"{verdict} ({errors}, {alerts}) — {report.regime}"
        )
        return
    source = (
        ctx.t("option --regime", "--regime option")
        if report.regime_given
        else ctx.t(
            "supposé d'après l'en-tête ; précisez-le avec --regime et --tresorerie",
            "assumed from the header; give it with --regime and --tresorerie",
        )
    )
    ctx.console.print(ctx.t("Régime : ", "Regime: ") + f"[bold]{report.regime}[/] ({source})")
    if report.conforming:
        ctx.console.print(
            ctx.t(
                f"[bold green]Conforme pour Test Compta Demat[/] : aucune erreur ({alerts} ; "
                "les alertes et nos contrôles comptables ne rendent pas le fichier non conforme).",
                f"[bold green]Conforming for Test Compta Demat[/]: no error ({alerts}).",
            )
        )
    else:
        ctx.console.print(
            ctx.t(
                f"[bold red]Non conforme pour Test Compta Demat[/] : {errors} (détail et "
                "correction à faire plus bas).",
                f"[bold red]Not conforming for Test Compta Demat[/]: {errors} (see below).",
            )
        )


def run_check(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        regime = _regime(ctx, args)
        require_file(ctx, args.file)
    except InvalidInput as exc:
        ctx.error(exc)
        return EXIT_NOT_CHECKED
    size = args.file.stat().st_size
    with progress_bars(ctx, size, ctx.t("Contrôle", "Checking")) as (progress,):
        scan = Connector.check_fec(args.file, progress=progress, regime=regime)
    report = scan.report
    if ctx.json:
        ctx.print_json(report.as_dict())
    else:
        print_report(ctx, report, show_all=args.all)
        ctx.console.print()
        print_verdict(ctx, report, short=True)
    return EXIT_CONFORMING if report.conforming else EXIT_NOT_CONFORMING


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    with ctx.opened(create=False) as app:
        result = app.export_fec(
            args.dossier, args.year, args.out, closing=args.closing, start=args.start
        )
    if ctx.json:
        ctx.print_json(result.as_dict())
        return 0
    fy = result.fiscal_year
    ctx.console.print(
        ctx.t(
            f"{result.path} : {result.entries} écritures, {result.lines} lignes, exercice du "
            f"{fy.start:%d/%m/%Y} au {fy.end:%d/%m/%Y}.",
            f"{result.path}: {result.entries} entries, {result.lines} lines, fiscal year "
            f"{fy.start:%d/%m/%Y} to {fy.end:%d/%m/%Y}.",
        )
    )
    if not result.entries:
        ctx.console.print(
            ctx.t(
                "Aucune écriture dans cet exercice : vérifiez --year, --closing et --start.",
                "No entry in this fiscal year: check --year, --closing and --start.",
            )
        )
    return 0
