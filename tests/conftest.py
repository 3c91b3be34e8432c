"""Shared test set-up: Qt offscreen, a test keyring, temporary data folders.

The environment is set here, by the test configuration, so nobody running the suite has to.
"""

from __future__ import annotations

import os

# offscreen, on a 1366×768 screen (a common office laptop): windows are sized for it
os.environ.setdefault(
    "QT_QPA_PLATFORM",
    "offscreen:configfile="
    + os.path.join(os.path.dirname(__file__), "ui", "data", "screen_1366x768.json"),
)
os.environ.setdefault("TZ", "Europe/Paris")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """In-memory keyring for tests: never touches the OS keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError as exc:
            raise PasswordDeleteError(username) from exc


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory keyring."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder, also exported as MEG_INQOM_DATA_DIR for code that reads it."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("MEG_INQOM_DATA_DIR", str(folder))
    return folder


SAMPLES_FEC = Path(__file__).parent / "data" / "fec"


@pytest.fixture
def fec_samples() -> Path:
    """Real FEC files written by other software (MIT, see the notice beside them)."""
    return SAMPLES_FEC


# ---------------------------------------------------------------- sandbox (MEG + Inqom emulators)
# ``sandbox``: one server for the whole session (shared state: do not count on it being pristine,
# and clear any fault you set). ``fresh_sandbox``: a new server and a new seeded state per test.


_SHARED_SANDBOX: list[object] = []


@pytest.fixture(scope="session")
def sandbox() -> Iterator[object]:
    """The embedded MEG + Inqom sandbox on 127.0.0.1, shared by the session."""
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = start_sandbox()
    _SHARED_SANDBOX.append(handle)
    yield handle
    _SHARED_SANDBOX.clear()
    handle.stop()


@pytest.fixture(autouse=True)
def _shared_sandbox_hygiene() -> Iterator[None]:
    """After each test, the shared sandbox loses any fault or token TTL the test set."""
    yield
    for handle in _SHARED_SANDBOX:
        handle.set_faults(None)  # type: ignore[attr-defined]
        handle.state.set_access_token_ttl(3600)  # type: ignore[attr-defined]


_IDENTITY_SERVERS: list[object] = []  # every sandbox identity server of the session


@pytest.fixture(scope="session", autouse=True)
def _no_secret_at_rest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the whole suite: no token a sandbox issued, no client secret, no password under
    any data folder the tests wrote (files, database dump, support report). Fails at the end
    of the session (the last test's teardown) naming the file."""
    from secret_scan import data_folders, leaks, sandbox_secrets

    from meg_inqom_desktop.sandbox.state import SandboxState

    original = SandboxState.__init__

    def remember(self: SandboxState, config: object) -> None:
        original(self, config)  # type: ignore[arg-type]
        _IDENTITY_SERVERS.extend((self.meg_oauth, self.inqom_oauth))

    SandboxState.__init__ = remember  # type: ignore[method-assign]
    try:
        yield
    finally:
        SandboxState.__init__ = original  # type: ignore[method-assign]
    from postgres_cluster import FIRM_PASSWORD

    secrets = sandbox_secrets(_IDENTITY_SERVERS) | {FIRM_PASSWORD}
    _IDENTITY_SERVERS.clear()
    base = tmp_path_factory.getbasetemp()
    found = [where for folder in data_folders(base) for where in leaks(folder, secrets)]
    assert not found, f"secrets at rest: {found[:10]}"


@pytest.fixture
def fresh_sandbox() -> Iterator[object]:
    """A sandbox of its own for one test (new state, no faults, tokens of its own)."""
    from meg_inqom_desktop.sandbox import start_sandbox

    handle = start_sandbox()
    yield handle
    handle.stop()


# ---------------------------------------------------------------- PostgreSQL (firm mode)
# ``postgres``: one throwaway cluster for the session, started on first use
# (tests/postgres_cluster.py). ``firm_database``: the URL (no password) of a new, empty database
# owned by the role ``meg``, whose password is ``postgres_cluster.FIRM_PASSWORD``.


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """A real PostgreSQL server on 127.0.0.1 for the session, with the role ``meg``."""
    from postgres_cluster import PostgresCluster

    cluster = PostgresCluster().start()
    cluster.create_firm_role()
    try:
        yield cluster
        _no_secret_in_firm_databases(cluster)
    finally:
        cluster.stop()


def _no_secret_in_firm_databases(cluster: object) -> None:
    """After the suite: no token a sandbox issued, no password, in any firm database."""
    from postgres_cluster import FIRM_PASSWORD
    from secret_scan import TOKEN_SHAPES, sandbox_secrets

    wanted = {s.encode() for s in sandbox_secrets(_IDENTITY_SERVERS) | {FIRM_PASSWORD}}
    tokens = {s for s in wanted if TOKEN_SHAPES.fullmatch(s)}
    found = []
    for name in cluster.firm_databases():  # type: ignore[attr-defined]
        dump = cluster.dump(name)  # type: ignore[attr-defined]
        if set(TOKEN_SHAPES.findall(dump)) & tokens or any(s in dump for s in wanted - tokens):
            found.append(name)
    assert not found, f"secrets at rest in firm databases: {found}"


@pytest.fixture
def firm_database(postgres: object) -> str:
    """The URL (no password) of a new, empty firm database."""
    return str(postgres.new_firm_database())  # type: ignore[attr-defined]
