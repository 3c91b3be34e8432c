"""The command line reads at 80 columns and in a file: plain tables that fold labels (never
amounts), whole lines when redirected, French run states, argparse in French, a binary file
refused plainly, and each command loading only what it uses."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.cli import context
from meg_inqom_desktop.cli.table import Column, render
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.dossiers import get_or_create_dossier
from meg_inqom_desktop.store.ledger_writes import upsert_entries
from meg_inqom_desktop.store.models import SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths

SIRET = "73282932000074"
BIG = "10\u202f186\u202f219,81"
LABEL = "Facture FA-2025-0058 SAS Bernard Frères et associés, travaux de rénovation du hall"


def test_a_table_folds_labels_never_amounts_and_is_whole_in_a_file() -> None:
    columns = [
        Column("Date"),
        Column("Pièce"),
        Column("Libellé", wrap=True),
        Column("Débit", "right"),
        Column("Crédit", "right"),
    ]
    rows = [["02/10/2025", "FA-2025-0058", LABEL, BIG, ""]]
    narrow = render(columns, rows, footer=[["", "", "Total", BIG, BIG]], width=80)
    lines = narrow.splitlines()
    assert all(len(line) <= 80 for line in lines), narrow
    assert sum(line.count(BIG) for line in lines) == 3  # row, and the two totals: whole
    assert "associés," in narrow and "…" not in narrow
    whole = render(columns, rows, width=None)
    assert [line for line in whole.splitlines() if LABEL in line]  # one line in a file
    assert len(whole.splitlines()) == 3  # header, rule, the row


def test_a_table_prints_each_cell_as_it_is() -> None:
    """Per cent signs and braces are text, not patterns; a line break in a label becomes a
    space in a file and a second line on a terminal."""
    columns = [Column("Pièce"), Column("Libellé", wrap=True), Column("Taux", "right")]
    rows = [("F-1", "Remise 100% {client}", "%s"), ("F-2", "ligne 1\nligne 2", "20 %")]
    head = "Pièce  Libellé               Taux\n─────  ────────────────────  ────\n"
    assert render(columns, rows, width=None) == head + (
        "F-1    Remise 100% {client}    %s\nF-2    ligne 1 ligne 2       20 %\n"
    )
    assert render(columns, rows, width=80) == head + (
        "F-1    Remise 100% {client}    %s\nF-2    ligne 1               20 %\n       ligne 2\n"
    )


@pytest.fixture
def ledger(data_dir: Path) -> Path:
    open_database(resolve_data_paths(data_dir))
    dossier, _ = get_or_create_dossier(SIRET, name="Démo SA")
    lines = (
        EntryLine("411000", LABEL, debit=Decimal("10186219.81")),
        EntryLine("706000", LABEL, credit=Decimal("10186219.81")),
    )
    entry = Entry(
        source_id="1",
        journal=Journal("VT"),
        date=datetime(2026, 1, 10).date(),
        piece_ref="FA-1",
        label=LABEL,
        number="1",
        lines=lines,
    )
    upsert_entries(dossier.id, [entry], provenance="meg")
    for trigger, status in (("catch_up", "success"), ("manual", "cancelled"), ("cli", "partial")):
        SyncRun.create(
            dossier=dossier.id,
            trigger=trigger,
            status=status,
            started_at=datetime(2026, 12, 6, 9, 0, tzinfo=UTC),
            new=12,
            rejected=1 if status == "partial" else 0,
            details='{"adopted": 318}' if trigger == "catch_up" else "",
        )
    close_database()
    return data_dir


def test_ledger_journal_in_a_file_keeps_every_amount_and_label_whole(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(ledger), "ledger", "journal", "--dossier", SIRET]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # no colour codes in a file
    row = next(line for line in out.splitlines() if line.startswith("10/01/2026  VT"))
    assert LABEL in row and row.rstrip().endswith(BIG)
    assert sum(line.count(BIG) for line in out.splitlines()) == 4  # two lines, two totals


def test_dossiers_list_in_a_file_keeps_each_dossier_on_one_line(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "Société Coopérative des Producteurs de Lavande du Plateau de Valensole"
    other = "55208131766522"
    args = ["--data-dir", str(ledger), "dossiers", "add", other, "--name", name, "--local-only"]
    assert cli.main(args) == 0
    capsys.readouterr()
    assert cli.main(["--data-dir", str(ledger), "dossiers", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("552 081 317 66522"))
    assert name in row and row.split()[-1] == "—"  # never synced, on the same line
    assert any(line.startswith("732 829 320 00074  Démo SA") for line in lines)


def test_runs_reads_at_80_columns_in_french(
    ledger: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(context, "terminal_width", lambda: 80)
    assert cli.main(["--data-dir", str(ledger), "runs"]) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= 80 for line in out.splitlines()), out
    for word in ("réussie", "annulée", "partielle", "rattrapage", "manuelle"):
        assert word in out, out  # whole words: never « suc… »
    for english in ("success", "cancelled", "catch_up", "manual"):
        assert english not in out
    assert "…" not in out and "Déb…" not in out
    # in a file, nothing folds: each message whole on its run's line
    monkeypatch.setattr(context, "terminal_width", lambda: None)
    assert cli.main(["--data-dir", str(ledger), "runs"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert next(r for r in rows if "partielle" in r).endswith("1 mis de côté")
    assert next(r for r in rows if "rattrapage" in r).endswith("318 déjà dans Inqom")


def test_fec_check_at_80_columns_never_splits_an_amount(
    data_dir: Path, fec_samples: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setattr(context, "terminal_width", lambda: 80)
    path = fec_samples / "000000000FEC20231231.txt"
    cli.main(["--data-dir", str(data_dir), "fec", "check", str(path)])
    out = capsys.readouterr().out
    assert all(len(line) <= 80 for line in out.splitlines() if " " in line.strip()), out
    dates = next(line for line in out.splitlines() if line.startswith("Dates : du "))
    debit = dates.split("total débit ")[1].split(",")[0]
    assert "\u202f" in debit or debit.isdigit()  # the amount sits whole on its line


def test_fec_check_refuses_a_binary_file_plainly(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "732829320FEC20231231.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    code = cli.main(["--data-dir", str(data_dir), "fec", "check", str(binary)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.startswith("Ce fichier n'est pas un FEC : « 732829320FEC20231231.txt »")
    assert "Encodage" not in captured.err and "0 lignes" not in captured.err
    pdf = tmp_path / "facture.txt"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert cli.main(["--data-dir", str(data_dir), "fec", "check", str(pdf)]) == 2
    assert "contient un PDF" in capsys.readouterr().err


def test_argparse_speaks_french_and_english_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation : meg-inqom")
    assert "options :" in out and "afficher cette aide et quitter" in out
    assert "commandes :" in out and "usage:" not in out
    with pytest.raises(SystemExit):
        cli.main(["ledger", "journal"])
    err = capsys.readouterr().err
    assert "meg-inqom ledger journal : erreur : arguments obligatoires manquants : --dossier" in err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "ledger", "journal"])
    err = capsys.readouterr().err
    assert "error: the following arguments are required: --dossier" in err
    with pytest.raises(SystemExit):
        cli.main(["ledgr"])
    assert "choix invalide : 'ledgr'" in capsys.readouterr().err


def test_each_command_is_registered_by_the_module_named_for_it() -> None:
    for module in cli.COMMAND_MODULES:
        parser = cli.build_parser("fr", (module,))
        sub = next(a for a in parser._actions if a.dest == "command")
        for name in sub.choices:  # type: ignore[union-attr]
            assert cli.COMMANDS[name] == module
    assert set(cli.COMMANDS.values()) == set(cli.COMMAND_MODULES)


def _loaded(code: str) -> set[str]:
    """Top-level packages a fresh interpreter holds after ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {name.split(".")[0] for name in done.stdout.split()}


def test_a_command_loads_only_what_it_uses(ledger: Path) -> None:
    heavy = {"rich", "asyncio", "httpx2", "PySide6", "pydantic", "keyring", "stdnum", "ssl"}
    version = _loaded(
        "import contextlib, io\nfrom meg_inqom_desktop import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()): cli.main(['--version'])"
    )
    assert version & (heavy | {"peewee", "argparse"}) == set()
    journal = _loaded(
        "import contextlib, io\nfrom meg_inqom_desktop import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    cli.main(['--data-dir', {str(ledger)!r}, 'ledger', 'journal', '--dossier', "
        f"{SIRET!r}])"
    )
    assert "peewee" in journal and journal & heavy == set()


MEG_INQOM = "import sys; from meg_inqom_desktop.cli import main; sys.exit(main())"


@pytest.mark.parametrize("command", [["ledger", "journal", "--dossier", SIRET], ["runs"]])
def test_output_cut_short_by_its_reader_ends_quietly(ledger: Path, command: list[str]) -> None:
    """``meg-inqom ledger journal | head``: the reader leaves before the command writes. The
    command stops without blaming the data folder (it used to say « Dossier de données
    inutilisable … (Broken pipe) ») and exits as a process stopped by SIGPIPE would."""
    proc = subprocess.Popen(
        [sys.executable, "-c", MEG_INQOM, "--data-dir", str(ledger), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # long before the child has imported anything, let alone written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == cli.BROKEN_PIPE_EXIT
    assert err == ""


@pytest.mark.parametrize(
    "command",
    [
        ["ledger", "journal", "--dossier", SIRET],
        ["--json", "ledger", "balance", "--dossier", SIRET],
        ["--version"],
    ],
)
def test_an_output_that_cannot_be_written_is_not_blamed_on_the_data_folder(
    ledger: Path, command: list[str]
) -> None:
    """``meg-inqom ledger journal > file`` on a full disk (``/dev/full``): one line on stderr
    saying the output failed and the data folder is not at fault (it used to say « Dossier de
    données inutilisable : le disque … est plein », naming the data folder), never a
    traceback, and exit code 1, with ``--json`` too."""
    args = command if command == ["--version"] else ["--data-dir", str(ledger), *command]
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-c", MEG_INQOM, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.startswith("Sortie impossible : La sortie de la commande n'a pas pu")
    assert "Dossier de données" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_the_console_entry_prints_and_exits_as_main_does(ledger: Path) -> None:
    """``meg-inqom`` (the installed script and the bundle) runs :func:`cli.run`: the command's
    output and exit code are main's, the final freeze of the garbage collector changes
    neither."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert 'meg-inqom = "meg_inqom_desktop.cli:run"' in pyproject.read_text(encoding="utf-8")
    runs = {}
    for entry in ("main", "run"):
        runs[entry] = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys; from meg_inqom_desktop.cli import {entry}; sys.exit({entry}())",
                "--data-dir",
                str(ledger),
                "ledger",
                "journal",
                "--dossier",
                "44306184100047",  # not a dossier of this data folder: exit code 1
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert runs["run"].returncode == runs["main"].returncode == 1
    assert runs["run"].stdout == runs["main"].stdout == ""
    assert runs["run"].stderr == runs["main"].stderr and "443 061 841 00047" in runs["run"].stderr
