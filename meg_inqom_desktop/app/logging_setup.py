"""Log files for support: rotating files in the log folder, tokens redacted before they are written.

Log folders are owner-only (``0700``), log files ``0600``. Each kind of process writes its own
file (``gui.log`` for the desktop app, ``cli.log`` for the command line, ``service.log`` for a
headless service), so two processes never rotate the same file; each rotates at 2 MB and keeps
5 old files. Timestamps are UTC (ISO 8601, ``Z``).
Redaction is ``net/redact.py``'s filter, attached to the file handler itself, so no record
reaches the disk unredacted, whichever logger it came from. No Qt here.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

from meg_inqom_desktop.net.redact import RedactingFilter, install_redaction, redact
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.store.permissions import FILE_MODE, make_folder

MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s [%(process)d %(threadName)s] %(name)s: %(message)s"
ENV_LOG_LEVEL = "MEG_INQOM_LOG_LEVEL"

_HANDLER_NAME = "meg-inqom-file"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file only its owner can read (``0600``, whatever the umask)."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


class UtcFormatter(logging.Formatter):
    """ISO 8601 UTC timestamps with milliseconds: ``2026-11-28T08:40:54.123Z``."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"


def log_file(paths: DataPaths, process: str = "gui") -> Path:
    """The current log file of a kind of process (``gui``, ``cli``, ``service``)."""
    return paths.logs / f"{process}.log"


def _level_from_env(default: int) -> int:
    name = os.environ.get(ENV_LOG_LEVEL, "").strip().upper()
    value = logging.getLevelName(name) if name else default
    return value if isinstance(value, int) else default


def setup_logging(
    paths: DataPaths,
    process: str = "gui",
    level: int = logging.INFO,
    stderr: bool = False,
) -> Path:
    """Send the root logger to the rotating file of ``process`` (redacted); returns its path.

    Calling it again replaces the handler it installed (e.g. after the data folder changed).
    ``MEG_INQOM_LOG_LEVEL=DEBUG`` raises the verbosity without a code change. With ``stderr``
    warnings and errors also go to standard error (the command line).
    """
    level = _level_from_env(level)
    make_folder(paths.logs)
    path = log_file(paths, process)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() in (_HANDLER_NAME, _HANDLER_NAME + "-stderr"):
            root.removeHandler(handler)
            handler.close()

    file_handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    file_handler.set_name(_HANDLER_NAME)
    file_handler.setFormatter(UtcFormatter(LOG_FORMAT))
    file_handler.setLevel(level)
    file_handler.addFilter(RedactingFilter())
    root.addHandler(file_handler)
    if stderr:
        err = logging.StreamHandler(sys.stderr)
        err.set_name(_HANDLER_NAME + "-stderr")
        err.setLevel(logging.WARNING)
        err.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        err.addFilter(RedactingFilter())
        root.addHandler(err)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    install_redaction(handlers=[])  # also filter at the HTTP libraries' loggers
    logging.captureWarnings(True)
    return path


def last_log_lines(paths: DataPaths, process: str = "gui", count: int = 100) -> list[str]:
    """The last ``count`` lines of the process's log (older rotated file first if needed),
    redacted again in case a line predates the filter."""
    lines: deque[str] = deque(maxlen=count)
    current = log_file(paths, process)
    for path in (current.with_name(current.name + ".1"), current):
        try:
            with path.open("r", encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    lines.append(line.rstrip("\n"))
        except OSError:
            continue
    return [redact(line) for line in lines]
