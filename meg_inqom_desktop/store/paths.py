"""Where the app keeps its data: one data folder (database, pièces, settings) and a log folder.

Resolution order: explicit ``--data-dir``, then ``MEG_INQOM_DATA_DIR``, then the platform's
user data folder (platformdirs). Logs go to ``<data>/logs`` when the data folder is explicit,
else to the platform's log folder.

:meth:`DataPaths.ensure` makes the folders owner-only (``store.permissions``), fixes those an
older version left readable by others, and checks that the app can write there: a file in the
folder's place, a read-only folder or a full disk is a :class:`DataFolderUnusable` that says
which folder and what to do, before anything else is opened.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from meg_inqom_desktop.errors import DataFolderUnusable, ExportFailed
from meg_inqom_desktop.store.permissions import make_folder, secure_tree

APP_NAME = "meg-inqom-desktop"
APP_AUTHOR = "meg-inqom"
ENV_DATA_DIR = "MEG_INQOM_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    """The folders and files of one data folder."""

    root: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.root / "ledger.sqlite3"

    @property
    def documents(self) -> Path:
        """Content-addressed pièces: ``documents/ab/cdef...`` by sha256."""
        return self.root / "documents"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def lock(self) -> Path:
        return self.root / "sync.lock"

    def ensure(self) -> DataPaths:
        """Create the folders (owner-only), fix old ones, check they can be written."""
        tops = [self.root] if self.logs.is_relative_to(self.root) else [self.root, self.logs]
        for top in tops:
            try:
                if top.is_dir():
                    secure_tree(top)
                for folder in (top, *(f for f in self.subfolders if f.parent == top)):
                    make_folder(folder)
                with tempfile.TemporaryFile(dir=top):
                    pass
            except OSError as exc:
                raise folder_error(top, exc) from exc
        return self

    @property
    def subfolders(self) -> tuple[Path, ...]:
        return (self.logs, self.documents, self.backups)


def folder_problem(folder: Path, exc: OSError) -> tuple[str, str]:
    """What ``exc`` says about ``folder``: a kind (``not_a_folder``, ``read_only``, ``full``
    or ``other``) and the sentence that says it; each caller adds what to do."""
    where = f"« {folder} »"
    if isinstance(exc, FileExistsError | NotADirectoryError) or (
        folder.exists() and not folder.is_dir()
    ):
        return "not_a_folder", (
            f"{where} n'est pas un dossier (un fichier porte déjà ce nom, ou un élément du "
            "chemin est un fichier)."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "read_only", (
            f"L'application ne peut pas écrire dans {where} (dossier en lecture seule ou "
            "droits insuffisants)."
        )
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return "full", f"Le disque de {where} est plein."
    return "other", f"{where} est inutilisable ({exc.strerror or exc})."


def folder_error(folder: Path, exc: OSError) -> DataFolderUnusable:
    """The sentence for a data folder the app cannot use (what happened, what to do)."""
    kind, problem = folder_problem(folder, exc)
    remedy = {
        "not_a_folder": "Choisissez un dossier (--data-dir ou MEG_INQOM_DATA_DIR), ou déplacez "
        "ce fichier.",
        "read_only": "Donnez-vous le droit d'écrire dans ce dossier, ou choisissez-en un autre "
        "(--data-dir ou MEG_INQOM_DATA_DIR).",
        "full": "Libérez de la place sur ce disque, puis relancez ; rien de ce qui était "
        "enregistré n'est perdu.",
        "other": "Vérifiez ce dossier et le disque, ou choisissez un autre dossier (--data-dir "
        "ou MEG_INQOM_DATA_DIR).",
    }[kind]
    return DataFolderUnusable(message=f"{problem} {remedy}", path=str(folder))


def export_error(target: Path, exc: OSError, what: str) -> ExportFailed:
    """An exported file (``what``: « Le FEC », « Le fichier CSV ») not written to ``target``:
    what happened and what to do; the data folder is not at fault."""
    kind, problem = folder_problem(target.parent, exc)
    remedy = {
        "not_a_folder": "Choisissez un autre dossier d'export.",
        "read_only": "Choisissez un dossier où vous pouvez écrire.",
        "full": "Libérez de la place ou choisissez un autre dossier, puis relancez l'export.",
        "other": "Vérifiez ce dossier, ou choisissez-en un autre.",
    }[kind]
    return ExportFailed(
        message=f"{what} « {target.name} » n'a pas été écrit. {problem} {remedy} Le registre "
        "local n'est pas en cause : rien n'y a changé, et aucun fichier incomplet n'est laissé."
    )


@contextlib.contextmanager
def export_file(target: Path, what: str, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """``with export_file(target, "Le FEC") as handle:`` writes ``target`` whole or not at all:
    its folder is made if need be, the text goes to ``<name>.partial``, renamed once the block
    ends; on any failure (a cancel included) the partial file is removed, and a file system
    error becomes :func:`export_error`'s."""
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("w", encoding=encoding, newline="") as handle:
            yield handle
        partial.replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise export_error(target, exc, what) from exc
        raise


def resolve_data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data paths for an explicit folder, the environment variable, or the platform default."""
    explicit = data_dir or os.environ.get(ENV_DATA_DIR)
    if explicit:
        root = Path(explicit).expanduser().resolve()
        return DataPaths(root=root, logs=root / "logs")
    import platformdirs  # only for the default folder (an explicit one needs none)

    root = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    logs = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    return DataPaths(root=root, logs=logs)
