"""What every command receives: resolved data paths, output mode, language, a rich console."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Console

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.store.paths import DataPaths, resolve_data_paths

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
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


@dataclass
class CliContext:
    paths: DataPaths
    database: str | None = None  # --database
    json: bool = False
    lang: str = "fr"
    console: Console = field(default_factory=Console)
    err_console: Console = field(default_factory=lambda: Console(stderr=True))
    sandbox_url: str | None = None

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

    def t(self, fr: str, en: str) -> str:
        return tr(self.lang, fr, en)

    @contextmanager
    def opened(self, *, lock: bool = False, create: bool = True) -> Iterator[Connector]:
        """The data folder's :class:`Connector` with its ledger open for the block (locked and
        recovered from a crash when ``lock``)."""
        from meg_inqom_desktop.app.connector import Connector

        with Connector(self.paths, database=self.database).opened(lock=lock, create=create) as app:
            yield app

    def print_json(self, data: Any) -> None:
        """Machine-readable output on stdout (no colour, no wrapping)."""
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

    def error(self, exc: MegInqomError) -> None:
        if self.json:
            self.print_json({"error": exc.code, "title": exc.title, "message": exc.message})
        else:
            self.err_console.print(f"[bold red]{exc.title}[/] : {exc.message}")
