"""``meg-inqom``: the command line. Each command group lives in its own module of this package.

A command module exposes ``register(subparsers)``; it adds its parser(s) and sets
``func=handler`` where ``handler(args, ctx) -> int`` returns the exit code. Global options
(``--data-dir``, ``--json``, ``--lang``, ``--sandbox-url``) come before the subcommand
(``--sandbox-url`` after the commands that take ``--sandbox`` too).

A command pays only for what it uses: ``--version`` imports nothing but this module, and a
command imports only the module that registers it (``COMMANDS``); ``--help`` and a mistyped
command load them all. Messages, argparse's own included, are in French unless ``--lang en``.

:func:`main` is the error boundary: an app error, a file system error (a folder that is a
file, read-only, a full disk) or a database error ends the command with one line saying what
happened and what to do, never a traceback. Output cut short by its reader (``| head``)
ends the command quietly.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from meg_inqom_desktop.errors import MegInqomError, OutputUnwritable

if TYPE_CHECKING:
    import argparse

# Command modules, in the order their groups appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "meg_inqom_desktop.cli.fec_cmd",
    "meg_inqom_desktop.cli.facturx_cmd",
    "meg_inqom_desktop.cli.ledger_cmd",
    "meg_inqom_desktop.cli.doctor_cmd",
    "meg_inqom_desktop.cli.auth_cmd",
    "meg_inqom_desktop.cli.meg_cmd",
    "meg_inqom_desktop.cli.sandbox_cmd",
    "meg_inqom_desktop.cli.dossiers_cmd",
    "meg_inqom_desktop.cli.sync_cmd",
    "meg_inqom_desktop.cli.audit_cmd",
    "meg_inqom_desktop.cli.database_cmd",
)
# The module that registers each command (a test checks it against the modules).
COMMANDS: dict[str, str] = {
    "fec": "meg_inqom_desktop.cli.fec_cmd",
    "facturx": "meg_inqom_desktop.cli.facturx_cmd",
    "ledger": "meg_inqom_desktop.cli.ledger_cmd",
    "doctor": "meg_inqom_desktop.cli.doctor_cmd",
    "auth": "meg_inqom_desktop.cli.auth_cmd",
    "meg": "meg_inqom_desktop.cli.meg_cmd",
    "sandbox": "meg_inqom_desktop.cli.sandbox_cmd",
    "dossiers": "meg_inqom_desktop.cli.dossiers_cmd",
    "sync": "meg_inqom_desktop.cli.sync_cmd",
    "runs": "meg_inqom_desktop.cli.sync_cmd",
    "serve": "meg_inqom_desktop.cli.sync_cmd",
    "audit": "meg_inqom_desktop.cli.audit_cmd",
    "database": "meg_inqom_desktop.cli.database_cmd",
}
_VALUED_OPTIONS = ("--data-dir", "--lang", "--sandbox-url", "--database")


def _tr(lang: str, fr: str, en: str) -> str:
    return en if lang == "en" else fr


def build_parser(lang: str, modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser with the commands of ``modules`` (all by default)."""
    import importlib

    from meg_inqom_desktop import __version__
    from meg_inqom_desktop.cli.argparse_fr import CliParser, install
    from meg_inqom_desktop.cli.context import add_sandbox_url_option

    install(lang)
    parser = CliParser(
        prog="meg-inqom",
        description=_tr(
            lang,
            "Connecteur MEG → Inqom : FEC, grand livre local, synchronisation.",
            "MEG → Inqom connector: FEC, local ledger, synchronisation.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"meg-inqom {__version__}",
        help=_tr(lang, "afficher la version et quitter", "show the version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DOSSIER",
        help=_tr(
            lang,
            "dossier de données (défaut : variable MEG_INQOM_DATA_DIR, sinon dossier utilisateur)",
            "data folder (default: MEG_INQOM_DATA_DIR, else the user data folder)",
        ),
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help=_tr(
            lang,
            "base du cabinet PostgreSQL, ex. postgresql://meg@srv-compta/meg_inqom (défaut : "
            "variable MEG_INQOM_DATABASE, sinon Paramètres, sinon la base SQLite du dossier de "
            "données)",
            "the firm's PostgreSQL database, e.g. postgresql://meg@srv-compta/meg_inqom "
            "(default: MEG_INQOM_DATABASE, else the settings, else the data folder's SQLite)",
        ),
    )
    parser.add_argument(
        "--json", action="store_true", help=_tr(lang, "sortie JSON pour les scripts", "JSON output")
    )
    add_sandbox_url_option(parser, lang)
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=lang,
        help=_tr(lang, "langue des messages (fr, en)", "message language (fr, en)"),
    )
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMANDE",
        title=_tr(lang, "commandes ", "commands"),
        parser_class=CliParser,
    )
    for name in modules:
        importlib.import_module(name).register(sub, lang)
    return parser


def _detect_lang(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "fr"
        if arg.startswith("--lang="):
            return "en" if arg.endswith("=en") else "fr"
    return "fr"


def _command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (after the global options), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _modules_for(argv: Sequence[str]) -> Sequence[str]:
    """Only the module of the command asked for; all of them for help or a typo."""
    module = COMMANDS.get(_command(argv) or "")
    return (module,) if module else COMMAND_MODULES


def run() -> int:
    """The ``meg-inqom`` process: :func:`main`, then, the command done and its output flushed,
    the objects left are frozen so that the interpreter's last garbage collection skips them
    (about 15 ms of a 150 ms command; nothing is left to finalize that way: the ledger is
    closed and the output flushed by :func:`main`). Tests call :func:`main`."""
    code = main()
    import gc

    gc.freeze()
    return code


BROKEN_PIPE_EXIT = 141  # what a shell reports for a process killed by SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``meg-inqom``; returns the process exit code."""
    stdout = sys.stdout
    guarded = _GuardedOutput(stdout)
    sys.stdout = guarded
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (``meg-inqom ledger journal | head``): nothing is wrong with
        # the data folder, stop without a word
        guarded.failed = True
        return BROKEN_PIPE_EXIT
    except OutputUnwritable as exc:  # the output failed before a command ran (--version, --help)
        sys.stderr.write(f"{exc.title} : {exc.message}\n")
        return 1
    finally:
        sys.stdout = stdout
        if guarded.failed:
            _drop_output(stdout)


class _GuardedOutput:
    """stdout for the length of a command. A write that fails (``> file`` on a full disk)
    raises :class:`OutputUnwritable`, which names the output rather than the data folder; a
    reader that went away (``| head``) still raises ``BrokenPipeError``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failed = False

    def write(self, text: str) -> int:
        with self._guard():
            return self.stream.write(text)

    def flush(self) -> None:
        with self._guard():
            self.stream.flush()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            self.failed = True
            raise
        except OSError as exc:
            self.failed = True
            raise _unwritable(exc) from exc

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding...
        return getattr(self.stream, name)


def _unwritable(exc: OSError) -> OutputUnwritable:
    return OutputUnwritable(
        message=f"La sortie de la commande n'a pas pu être écrite ({exc.strerror or exc}). "
        "Le dossier de données n'est pas en cause et rien n'y a changé : libérez de la place "
        "là où la sortie est enregistrée, ou choisissez un autre fichier, puis relancez."
    )


def _drop_output(stream: TextIO) -> None:
    """Point ``stream`` at the null device: what is left in its buffer goes nowhere, and
    nothing fails again when the interpreter flushes it at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list == ["--version"]:  # nothing else to load
        from meg_inqom_desktop import __version__

        sys.stdout.write(f"meg-inqom {__version__}\n")
        return 0
    lang = _detect_lang(args_list)
    parser = build_parser(lang, _modules_for(args_list))
    args = parser.parse_args(args_list)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    import sqlite3
    from pathlib import Path

    from meg_inqom_desktop.cli.context import CliContext, tr

    ctx = CliContext.from_args(args)
    try:
        code = int(args.func(args, ctx) or 0)
        sys.stdout.flush()  # an output that cannot be written fails the command, here
        return code
    except MegInqomError as exc:
        ctx.error(exc)
        return 1
    except BrokenPipeError:
        raise  # not the data folder's fault: see main()
    except OSError as exc:
        from meg_inqom_desktop.store.paths import folder_error

        where = Path(exc.filename).parent if isinstance(exc.filename, str) else ctx.paths.root
        ctx.error(folder_error(where, exc))
        return 1
    except sqlite3.Error as exc:
        from meg_inqom_desktop.store.database import database_error

        ctx.error(database_error(exc))
        return 1
    except KeyboardInterrupt:
        ctx.say(tr(lang, "Interrompu.", "Interrupted."))
        return 130
