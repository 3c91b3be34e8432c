"""``meg-inqom doctor``: each check passes on a healthy folder and fails with a fix otherwise."""

from __future__ import annotations

import http.server
import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from meg_inqom_desktop import cli
from meg_inqom_desktop.app import diagnostics
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.migrations import latest_version
from meg_inqom_desktop.store.paths import resolve_data_paths


@pytest.fixture(autouse=True)
def only_doctor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the real ``cli.main`` with just this command registered."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("meg_inqom_desktop.cli.doctor_cmd",))
    for var in (*diagnostics.PROXY_VARS, "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)


def doctor(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str) -> tuple[int, Any]:
    code = cli.main(["--json", "--data-dir", str(data_dir), "doctor", "--offline", *extra])
    out = capsys.readouterr().out
    return code, json.loads(out)


def by_key(report: Any) -> dict[str, dict[str, str]]:
    return {c["key"]: c for c in report["checks"]}


def make_database(data_dir: Path) -> Path:
    paths = resolve_data_paths(data_dir)
    open_database(paths)
    close_database()
    return paths.database


def test_healthy_folder_passes(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_database(data_dir)
    code, report = doctor(capsys, data_dir)
    checks = by_key(report)
    assert code == 0 and report["ok"] is True
    assert set(checks) == {
        "keyring",
        "data_folder",
        "database",
        "disk",
        "proxy",
        "inqom_client",
        "authorizations",
    }
    assert checks["database"]["status"] == "ok"
    assert f"schéma {latest_version()}" in checks["database"]["detail"]
    assert checks["proxy"]["detail"] == "aucun (connexion directe)"


def test_human_output_has_marks_and_fixes(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--data-dir", str(data_dir), "doctor", "--offline"])
    out = capsys.readouterr().out
    assert code == 0  # no database yet is a warning, not a failure
    assert "✓ Trousseau du système" in out
    assert "! Base de données : pas encore de base" in out
    assert "→ Normal avant la première configuration" in out


def test_no_keyring_fails_with_plain_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the previous one
    code, report = doctor(capsys, data_dir)
    check = by_key(report)["keyring"]
    assert code == 1 and check["status"] == "fail"
    assert "trousseau" in check["fix"].lower()


def test_corrupt_database_fails(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "ledger.sqlite3").write_bytes(b"this is not a database" * 100)
    code, report = doctor(capsys, data_dir)
    check = by_key(report)["database"]
    assert code == 1 and check["status"] == "fail"
    assert "backups" in check["fix"]


def test_database_from_a_newer_version_fails_and_is_untouched(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_database(data_dir)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO schema_version (version, app_version, applied_at) VALUES (?, '99.0', "
        "'2030-01-01T00:00:00+00:00')",
        (latest_version() + 1,),
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    code, report = doctor(capsys, data_dir)
    check = by_key(report)["database"]
    assert code == 1 and check["status"] == "fail"
    assert "plus récent" in check["detail"]
    assert path.read_bytes() == before


def test_unwritable_data_folder_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, report = doctor(capsys, blocker / "data")
    check = by_key(report)["data_folder"]
    assert code == 1 and check["status"] == "fail"
    assert "--data-dir" in check["fix"]


def test_proxy_is_shown_masked_and_a_bad_one_fails(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://compta:s3cret@proxy.cabinet.local:3128")
    code, report = doctor(capsys, data_dir)
    check = by_key(report)["proxy"]
    assert code == 0 and check["status"] == "ok"
    assert "proxy.cabinet.local:3128" in check["detail"] and "s3cret" not in check["detail"]

    monkeypatch.setenv("HTTPS_PROXY", "ftp://proxy.cabinet.local:3128")
    code, report = doctor(capsys, data_dir)
    assert code == 1 and by_key(report)["proxy"]["status"] == "fail"


def test_low_disk_space_fails(data_dir: Path) -> None:
    result = diagnostics.check_disk_space(resolve_data_paths(data_dir), minimum=1 << 62)
    assert result.status == "fail" and "Libérez" in result.fix


class _Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(401)  # any answer means the host is reachable
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def live_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_reachability_over_loopback(live_server: str) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}/"
    results = diagnostics.check_hosts([("MEG", live_server), ("Inqom", dead)], timeout=3)
    meg, inqom = results
    assert meg.status == "ok" and "répond" in meg.detail
    assert inqom.status == "fail" and "connexion impossible" in inqom.detail
    assert "pare-feu" in inqom.fix


def test_sandbox_hosts_answer(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        ["--json", "--data-dir", str(data_dir), "doctor", "--sandbox", "--timeout", "5"]
    )
    report = json.loads(capsys.readouterr().out)
    checks = by_key(report)
    assert checks["reach_meg"]["status"] == "ok", checks["reach_meg"]
    assert checks["reach_inqom"]["status"] == "ok", checks["reach_inqom"]
    assert "127.0.0.1" in checks["reach_meg"]["detail"]
    assert code == 0


def test_firm_database_checked_instead_of_the_local_file(
    firm_database: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``--database``: the firm's PostgreSQL is what « Base du cabinet » checks, and the
    sign-ins needed are those of its dossiers; a wrong password fails with what to do."""
    from postgres_cluster import FIRM_PASSWORD

    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.firm import store_password

    def firm_doctor() -> tuple[int, dict[str, dict[str, str]]]:
        argv = ["--json", "--data-dir", str(data_dir), "--database", firm_database]
        code = cli.main([*argv, "doctor", "--offline"])
        return code, by_key(json.loads(capsys.readouterr().out))

    code, checks = firm_doctor()  # no password anywhere yet
    assert code == 1 and checks["database"]["status"] == "fail"
    assert checks["database"]["label"] == "Base du cabinet" and checks["database"]["fix"]
    store_password(firm_database, FIRM_PASSWORD)
    with Connector(resolve_data_paths(data_dir), database=firm_database).opened() as app:
        app.add_dossier("33413164600591", name="Garage Rousseau")
    code, checks = firm_doctor()
    assert checks["database"]["status"] == "ok", checks["database"]
    assert "Grand livre du cabinet : 1 dossier(s)" in checks["database"]["detail"]
    assert not (data_dir / "ledger.sqlite3").exists()
    signs = [c for k, c in checks.items() if k.startswith("authorizations")]
    assert signs and all(c["status"] != "ok" for c in signs)  # the dossier needs MEG
