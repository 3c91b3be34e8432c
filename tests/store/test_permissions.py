"""A workstation's data stays its owner's: folders 0700 and files 0600 whatever the umask,
older data folders fixed at start, an owner-only ACL on Windows (tested against a fake)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.logging_setup import setup_logging
from meg_inqom_desktop.app.settings import Settings
from meg_inqom_desktop.store.content_store import ContentStore, Piece
from meg_inqom_desktop.store.database import backup_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.store.permissions import WindowsAcl, make_folder, secure_tree


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def loose_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def test_everything_the_app_writes_is_owner_only(tmp_path: Path, loose_umask: int) -> None:
    paths = resolve_data_paths(tmp_path / "data")
    app = Connector(paths)
    with app.opened(lock=True):
        app.save_settings(Settings())
        DB.execute_sql("CREATE TABLE probe (x)")  # the WAL and its index exist from here
        pdf = b"%PDF-1.4 owner only"
        sha = hashlib.sha256(pdf).hexdigest()
        asyncio.run(ContentStore(paths.documents).add([Piece(pdf, sha)]))
        backup = backup_database(DB.obj, paths.backups, 1)
        log = setup_logging(paths, "cli")
        logging.getLogger("meg_inqom_desktop.test").warning("une ligne")
        folders = [
            paths.root,
            paths.logs,
            paths.documents,
            paths.backups,
            paths.documents / sha[:2],
        ]
        files = [
            paths.database,
            paths.database.with_name("ledger.sqlite3-wal"),
            paths.database.with_name("ledger.sqlite3-shm"),
            paths.settings,
            paths.lock,
            paths.documents / sha[:2] / sha,
            backup,
            log,
        ]
        assert {str(f): oct(mode(f)) for f in folders} == {str(f): "0o700" for f in folders}
        assert {str(f): oct(mode(f)) for f in files} == {str(f): "0o600" for f in files}
    for handler in logging.getLogger().handlers[:]:
        if handler.get_name() == "meg-inqom-file":
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_an_older_data_folder_is_fixed_at_start(tmp_path: Path) -> None:
    paths = resolve_data_paths(tmp_path / "old")
    (paths.documents / "ab").mkdir(parents=True)
    paths.logs.mkdir()
    created = [paths.database, paths.logs / "gui.log", paths.documents / "ab" / ("ab" * 32)]
    for file in created:
        file.write_bytes(b"")
        file.chmod(0o644)
    for folder in (paths.root, paths.logs, paths.documents, paths.documents / "ab"):
        folder.chmod(0o755)
    paths.ensure()
    assert [oct(mode(f)) for f in created] == ["0o600"] * 3
    assert mode(paths.root) == mode(paths.documents / "ab") == mode(paths.logs) == 0o700


def test_owner_access_is_never_widened(tmp_path: Path) -> None:
    """A folder or file its owner made read-only stays read-only; others just lose access."""
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "f").write_bytes(b"")
    (folder / "f").chmod(0o444)
    folder.chmod(0o555)
    try:
        assert secure_tree(folder) == 2
        assert (mode(folder), mode(folder / "f")) == (0o500, 0o400)
        make_folder(folder)
        assert mode(folder) == 0o500
        assert secure_tree(folder) == 0  # owner-only already: not walked again
    finally:
        folder.chmod(0o700)


class FakeIcacls:
    """Records the commands an ACL change runs; answers with ``code``."""

    def __init__(self, code: int = 0) -> None:
        self.code = code
        self.commands: list[list[str]] = []

    def __call__(self, command: Sequence[str]) -> int:
        self.commands.append(list(command))
        return self.code


def test_windows_acl_grants_the_user_alone_inherited_by_the_content(tmp_path: Path) -> None:
    fake = FakeIcacls()
    acl = WindowsAcl(user="CABINET\\compta", run=fake)
    new = tmp_path / "Donnees"
    make_folder(new, windows=acl)
    assert secure_tree(new, windows=acl) == 1  # the root at each start: one command
    make_folder(new, windows=acl)  # exists: its ACL stays as the root's inheritance makes it
    grant = ["/inheritance:r", "/grant:r", "CABINET\\compta:(OI)(CI)F"]
    assert fake.commands == [["icacls", str(new), *grant], ["icacls", str(new), *grant]]
    assert acl.commands(new / "f.txt", folder=False) == [
        ["icacls", str(new / "f.txt"), "/inheritance:r", "/grant:r", "CABINET\\compta:F"]
    ]


def test_windows_acl_failure_is_reported_not_raised(tmp_path: Path) -> None:
    assert secure_tree(tmp_path, windows=WindowsAcl(user="X\\y", run=FakeIcacls(5))) == 0
    assert not WindowsAcl(user="", run=FakeIcacls()).restrict(tmp_path, folder=True)
