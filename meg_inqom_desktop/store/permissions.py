"""Owner-only data: the data and log folders and every file in them are the user's alone.

On a shared workstation or a terminal server, a client's ledger, pièces and logs must not be
readable by the other users. On POSIX, new folders are made ``0700`` and files ``0600`` by an
explicit ``chmod`` (whatever the umask), files the app creates are opened ``0600`` from the
start, and existing ones lose any access by group and others. On Windows, a new folder (and
the data folder at each start) gets an ACL granting full control to the current user only,
without inherited entries, inherited by everything created in it (``icacls``, run by
:class:`WindowsAcl`, whose command runner tests replace).

:func:`secure_tree` fixes a data folder made by an older version (or under a loose umask): it
walks it only when its root is not owner-only yet, so a normal start costs one ``stat``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600

Runner = Callable[[Sequence[str]], int]


def _run(command: Sequence[str]) -> int:  # pragma: no cover - Windows only
    import subprocess  # Windows only: not paid by every start elsewhere

    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    done = subprocess.run(list(command), capture_output=True, check=False, creationflags=flags)
    return done.returncode


@dataclass
class WindowsAcl:
    """Owner-only ACLs with ``icacls``: the current user, full control, inherited by the
    folder's files and subfolders; the inherited (wider) entries removed."""

    user: str = field(
        default_factory=lambda: (
            f"{os.environ.get('USERDOMAIN', '')}\\{os.environ.get('USERNAME', '')}".lstrip("\\")
        )
    )
    run: Runner = _run

    def commands(self, path: Path, folder: bool) -> list[list[str]]:
        grant = f"{self.user}:(OI)(CI)F" if folder else f"{self.user}:F"
        return [["icacls", str(path), "/inheritance:r", "/grant:r", grant]]

    def restrict(self, path: Path, folder: bool) -> bool:
        """Apply the owner-only ACL; False when ``icacls`` failed (the caller logs it)."""
        if not self.user:
            return False
        return all(self.run(command) == 0 for command in self.commands(path, folder))


WINDOWS = WindowsAcl()


def owner_only(path: Path, *, folder: bool, windows: WindowsAcl | None = None) -> bool:
    """Make ``path`` the user's alone (see the module docstring); False if it could not be."""
    if windows is not None or os.name == "nt":
        return (windows or WINDOWS).restrict(path, folder)
    try:
        os.chmod(path, FOLDER_MODE if folder else FILE_MODE)
    except OSError:
        return False
    return True


def make_folder(path: Path, *, windows: WindowsAcl | None = None) -> None:
    """Create ``path`` (and its parents) if needed: a new folder is made owner-only; an
    existing one loses any access by others but keeps the owner's (a folder its owner made
    read-only stays so)."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        owner_only(path, folder=True, windows=windows)
    elif windows is None and os.name != "nt":
        _tighten(path)


def is_owner_only(path: Path) -> bool:
    """True if nobody but the owner has any access to ``path`` (POSIX modes)."""
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def secure_tree(root: Path, *, windows: WindowsAcl | None = None) -> int:
    """Make ``root`` and everything under it owner-only; returns how many entries changed.

    On POSIX the walk happens only when ``root`` itself is not owner-only yet (a data folder
    from before, or made by hand); on Windows the root's inherited ACL covers its content.
    """
    if windows is not None or os.name == "nt":
        return int(owner_only(root, folder=True, windows=windows))
    if is_owner_only(root):
        return 0
    changed = _tighten(root)
    for folder, subfolders, files in os.walk(root):
        base = Path(folder)
        for name in (*subfolders, *files):
            changed += _tighten(base / name)
    return changed


def _tighten(path: Path) -> int:
    """Remove every access by group and others (the owner's stays as it is); 1 if changed."""
    try:
        if path.is_symlink():
            return 0
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077 == 0:
            return 0
        os.chmod(path, mode & 0o700)
    except OSError:
        return 0
    return 1


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with owner-only access if it does not exist yet."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)
    if os.name != "nt":  # on Windows, the folder's owner-only ACL is inherited
        owner_only(path, folder=False)
