"""What every command receives: resolved data paths, output mode, language, the output.

Output: :meth:`CliContext.say` and :meth:`CliContext.table` write plain text (tables sized to
the terminal, or whole when the output is a file or a pipe); ``console`` is a rich console
for the commands that show colours or progress bars, created when first used (rich takes a
while to import, and a ``ledger`` command does without it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

if TYPE_CHECKING:
    from rich.console import Console

    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.cli.table import Column
    from meg_inqom_desktop.errors import MegInqomError
    from meg_inqom_desktop.sandbox.server import SandboxHandle


def tr(lang: str, fr: str, en: str) -> str:
    """Pick the French or English text of a command-line message."""
    return en if lang == "en" else fr


def add_sandbox_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """``--sandbox``: run against the embedded MEG and Inqom emulators (same text everywhere);
    ``--sandbox-url`` is accepted here too (it is a global option)."""
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help=tr(
            lang,
            "utiliser le bac à sable intégré (démarré pour l'occasion, autorisation automatique)",
            "use the embedded sandbox (started for the occasion, automatic consent)",
        ),
    )
    add_sandbox_url_option(parser, lang, default=argparse.SUPPRESS)


def add_sandbox_url_option(
    parser: argparse.ArgumentParser, lang: str, *, default: Any = None
) -> None:
    """``--sandbox-url URL``: like ``--sandbox``, with a sandbox already running at URL
    (``meg-inqom sandbox``): several data folders are then several workstations."""
    parser.add_argument(
        "--sandbox-url",
        metavar="URL",
        default=default,
        help=tr(
            lang,
            "comme --sandbox, avec le bac à sable déjà lancé à cette adresse (meg-inqom "
            "sandbox) : plusieurs dossiers de données y sont plusieurs postes",
            "like --sandbox, with the sandbox already running at URL (meg-inqom sandbox): "
            "several data folders are several workstations",
        ),
    )


def terminal_width() -> int | None:
    """The terminal's width in columns; None when the output is a file or a pipe (then
    nothing is cut or wrapped to fit)."""
    import os

    if not sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        return 80


@dataclass
class CliContext:
    paths: DataPaths
    database: str | None = None  # --database
    json: bool = False
    lang: str = "fr"
    sandbox_url: str | None = None
    _console: Console | None = field(default=None, repr=False)
    _err_console: Console | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        return cls(
            paths=resolve_data_paths(args.data_dir),
            database=getattr(args, "database", None),
            json=bool(args.json),
            lang=args.lang,
            sandbox_url=getattr(args, "sandbox_url", None),
        )

    def wants_sandbox(self, sandbox: bool) -> bool:
        """``--sandbox`` given, or ``--sandbox-url``."""
        return bool(sandbox or self.sandbox_url)

    async def sandbox(self) -> SandboxHandle:
        """The sandbox of ``--sandbox-url`` (checked to answer), else one started here
        (``stop()`` it after; stopping the other process's sandbox does nothing)."""
        import asyncio

        if self.sandbox_url:
            from meg_inqom_desktop.sandbox.remote import RemoteSandbox

            remote = RemoteSandbox(self.sandbox_url)
            await asyncio.to_thread(remote.summary)
            return remote
        from meg_inqom_desktop.sandbox import start_sandbox

        return await asyncio.to_thread(start_sandbox)

    def sandbox_banner(self, handle: SandboxHandle) -> str:
        if self.sandbox_url:
            return self.t(
                f"Bac à sable utilisé : MEG {handle.meg_url} — Inqom {handle.inqom_url}",
                f"Using the sandbox: MEG {handle.meg_url} — Inqom {handle.inqom_url}",
            )
        return self.t(
            f"Bac à sable démarré : MEG {handle.meg_url} — Inqom {handle.inqom_url}",
            f"Sandbox started: MEG {handle.meg_url} — Inqom {handle.inqom_url}",
        )

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console()
        return self._console

    @property
    def err_console(self) -> Console:
        if self._err_console is None:
            from rich.console import Console

            self._err_console = Console(stderr=True)
        return self._err_console

    def t(self, fr: str, en: str) -> str:
        return tr(self.lang, fr, en)

    def read_password(self, from_stdin: bool, prompt: str) -> str | None:
        """One line piped on stdin (``--password-stdin``), else typed at ``prompt`` in a
        terminal; None when there is neither (stdin is a pipe or a file without the option)."""
        if from_stdin:
            return sys.stdin.readline().rstrip("\r\n")
        if not sys.stdin.isatty():
            return None
        import getpass

        return getpass.getpass(prompt)

    def say(self, text: str = "", *, indent: str = "") -> None:
        """Plain text on stdout: folded at spaces to fit a terminal (never inside an amount:
        its thousands are separated by no-break spaces), whole in a file or a pipe."""
        width = terminal_width()
        if width is None or all(len(line) <= width for line in text.split("\n")):
            sys.stdout.write(text + "\n")
            return
        import textwrap

        for line in text.split("\n"):
            folded = textwrap.fill(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            sys.stdout.write((folded or line) + "\n")

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        title: str = "",
        footer: Sequence[Sequence[str]] = (),
    ) -> None:
        """A plain-text table (see :mod:`meg_inqom_desktop.cli.table`)."""
        from meg_inqom_desktop.cli.table import render

        sys.stdout.write(render(columns, rows, title=title, footer=footer, width=terminal_width()))

    @contextmanager
    def opened(self, *, lock: bool = False, create: bool = True) -> Iterator[Connector]:
        """The data folder's :class:`Connector` with its ledger open for the block (locked and
        recovered from a crash when ``lock``)."""
        from meg_inqom_desktop.app.connector import Connector

        with Connector(self.paths, database=self.database).opened(lock=lock, create=create) as app:
            yield app

    def print_json(self, data: Any) -> None:
        """Machine-readable output on stdout (no colour, no wrapping)."""
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

    def error(self, exc: MegInqomError) -> None:
        from meg_inqom_desktop.errors import OutputUnwritable

        if self.json and not isinstance(exc, OutputUnwritable):  # else stdout is what failed
            self.print_json({"error": exc.code, "title": exc.title, "message": exc.message})
        elif sys.stderr.isatty():
            self.err_console.print(f"[bold red]{exc.title}[/] : {exc.message}", highlight=False)
        else:
            sys.stderr.write(f"{exc.title} : {exc.message}\n")
