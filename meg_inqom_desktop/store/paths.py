"""Where the app keeps its data: one data folder (database, pièces, settings) and a log folder.

Resolution order: explicit ``--data-dir``, then ``MEG_INQOM_DATA_DIR``, then the platform's
user data folder (platformdirs). Logs go to ``<data>/logs`` when the data folder is explicit,
else to the platform's log folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
        for folder in (self.root, self.logs, self.documents, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self


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
