"""A throwaway PostgreSQL cluster for tests and benchmarks: a real server, never a mock.

The binaries come from the ``pgserver`` wheel (PostgreSQL 16 built for manylinux, installed by
``pip install -e '.[test]'``), or from the folder named by ``MEG_INQOM_TEST_PG_BIN`` (e.g.
Debian's ``/usr/lib/postgresql/16/bin``). :class:`PostgresCluster` runs ``initdb`` in a
temporary folder and ``pg_ctl start`` on a free port of 127.0.0.1, with password (SCRAM)
authentication over TCP as a firm's server would have; the superuser is ``postgres`` with the
password :data:`SUPERUSER_PASSWORD`.

PostgreSQL refuses to run as root; when the tests run as root (containers, CI), the server
runs as the unprivileged ``nobody``: the cluster's folder is given to it, and the folders
above the binaries are made traversable by others (``o+x``) if they are not.

``durable=False`` (the tests' default) turns fsync off: a throwaway cluster need not survive
a power cut, and the suite runs faster. Benchmarks start a durable one.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

SUPERUSER_PASSWORD = "postgres-test"
FIRM_USER = "meg"  # the role the app connects as, owner of the firm databases
FIRM_PASSWORD = "cabinet-test"


def binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres."""
    configured = os.environ.get("MEG_INQOM_TEST_PG_BIN")
    if configured:
        return Path(configured)
    # the test dependency pgserver ships PostgreSQL's binaries; found, not imported (its import
    # starts machinery of its own that the tests do not use)
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pgserver is missing: pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _traversable(path: Path) -> None:
    """Give others the right to traverse every folder above ``path`` (root only)."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH | stat.S_IROTH)


class PostgresCluster:
    """One PostgreSQL server on 127.0.0.1 in a temporary folder; ``stop()`` removes it."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="meg-inqom-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.durable = durable
        self._as_user: dict[str, str] = {}
        self._databases = 0
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self._as_user = {"user": "nobody", "group": _group_of("nobody")}
            _traversable(self.bin)
            _traversable(self.folder)

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            **self._as_user,  # type: ignore[arg-type]
        )

    def start(self) -> PostgresCluster:
        pwfile = self.folder / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD + "\n", encoding="utf-8")
        if self._as_user:
            shutil.chown(self.folder, self._as_user["user"], self._as_user["group"])
            shutil.chown(pwfile, self._as_user["user"], self._as_user["group"])
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            f"--pwfile={pwfile}",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
        )
        pwfile.unlink()
        options = [
            f"-p {self.port}",
            "-h 127.0.0.1",
            f"-k {self.folder}",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", " ".join(options),
            "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", *, user: str = "postgres", password: str = "") -> str:
        """``postgresql://user[:password]@127.0.0.1:port/database``."""
        secret = f":{quote(password, safe='')}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(database, password=SUPERUSER_PASSWORD)

    def create_firm_role(self) -> None:
        self.sql(f"CREATE ROLE {FIRM_USER} LOGIN CREATEDB PASSWORD '{FIRM_PASSWORD}'")

    def new_firm_database(self) -> str:
        """Create an empty database owned by ``meg``; its URL without the password."""
        self._databases += 1
        name = f"firm_{self._databases}"
        self.sql(f'CREATE DATABASE "{name}" OWNER {FIRM_USER}')
        return self.url(name, user=FIRM_USER)

    def firm_databases(self) -> list[str]:
        return [
            str(r[0])
            for r in self.sql("SELECT datname FROM pg_database WHERE datname LIKE 'firm_%'")
        ]

    def dump(self, database: str) -> bytes:
        """The database as SQL text (pg_dump), to look for what must not be there."""
        return subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", self.admin_url(database)],
            check=True,
            capture_output=True,
        ).stdout

    def sql(self, statement: str, *, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement as the superuser (autocommit); the rows it returns."""
        from meg_inqom_desktop.store.postgres import driver

        with driver().connect(self.admin_url(database), autocommit=True) as conn:
            cursor = conn.execute(statement.encode())
            return list(cursor.fetchall()) if cursor.description else []


def _group_of(user: str) -> str:
    import grp
    import pwd

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name
