"""Choosing the firm's PostgreSQL database: option, environment, settings; its password in the
keyring only; the connection test; two workstations on one shared ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from postgres_cluster import FIRM_PASSWORD

from meg_inqom_desktop import cli
from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.firm import KEYRING_SERVICE, store_password
from meg_inqom_desktop.errors import DatabaseError
from meg_inqom_desktop.store import postgres as pg
from meg_inqom_desktop.store.paths import resolve_data_paths

SIRET = "73282932000074"


def test_the_option_wins_over_the_environment_and_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_data_paths(tmp_path / "poste").ensure()
    front = Connector(paths)
    assert front.database_url is None and not front.firm_mode
    assert front.database_label() == str(paths.database)
    front.set_firm_database("postgresql://meg@srv-compta/meg_inqom")
    assert front.database_url == "postgresql://meg@srv-compta/meg_inqom"
    monkeypatch.setenv(pg.ENV_DATABASE, "postgresql://meg@env/meg_inqom")
    assert front.database_url == "postgresql://meg@env/meg_inqom"
    explicit = Connector(paths, database="postgresql://meg:pw@cli/meg_inqom")
    assert explicit.database_url == "postgresql://meg:pw@cli/meg_inqom"
    assert explicit.database_label() == "postgresql://meg:***@cli/meg_inqom"


def test_the_settings_keep_an_address_never_a_password(tmp_path: Path, memory_keyring: Any) -> None:
    paths = resolve_data_paths(tmp_path / "poste").ensure()
    front = Connector(paths)
    with pytest.raises(DatabaseError) as info:
        front.set_firm_database("postgresql://meg:secret@srv/meg_inqom")
    assert info.value.title == "Mot de passe dans l'adresse"
    with pytest.raises(DatabaseError):
        front.set_firm_database("srv-compta")
    front.set_firm_database("postgresql://meg@srv:5433/meg_inqom", "le-mot-de-passe")
    saved = paths.settings.read_text(encoding="utf-8")
    assert "le-mot-de-passe" not in saved
    assert json.loads(saved)["firm_database"] == "postgresql://meg@srv:5433/meg_inqom"
    assert memory_keyring.secrets == {
        (KEYRING_SERVICE, "meg@srv:5433/meg_inqom"): "le-mot-de-passe"
    }
    front.set_firm_database("")
    assert front.database_url is None


def test_the_connection_test(postgres: object, firm_database: str, tmp_path: Path) -> None:
    front = Connector(resolve_data_paths(tmp_path / "poste").ensure())
    check = front.check_firm_database(firm_database, FIRM_PASSWORD)
    assert check.ok and check.schema == 0 and check.server.startswith("PostgreSQL 16")
    assert "sera préparée à la première ouverture" in check.message
    wrong = front.check_firm_database(firm_database, "wrong")
    assert not wrong.ok and wrong.title == "Connexion à la base du cabinet refusée"
    store_password(firm_database, FIRM_PASSWORD)  # the keyring's password when none typed
    with Connector(front.paths, database=firm_database).opened() as opened:
        opened.add_dossier(SIRET, name="Démo SA", local_only=True)
    check = front.check_firm_database(firm_database)
    assert check.ok and check.schema > 0 and check.dossiers == 1
    assert "1 dossier(s)" in check.message


def test_two_workstations_share_one_ledger(firm_database: str, tmp_path: Path) -> None:
    store_password(firm_database, FIRM_PASSWORD)
    first = Connector(resolve_data_paths(tmp_path / "poste1").ensure(), database=firm_database)
    with first.opened():
        first.add_dossier(SIRET, name="Démo SA", local_only=True)
    second = Connector(resolve_data_paths(tmp_path / "poste2").ensure(), database=firm_database)
    with second.opened():
        assert [d.siret for d in second.dossiers()] == [SIRET]
    assert not second.paths.database.exists()


def test_the_command_line_takes_database(
    firm_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_password(firm_database, FIRM_PASSWORD)
    with Connector(resolve_data_paths(tmp_path / "a").ensure(), database=firm_database).opened(
    ) as front:  # fmt: skip
        front.add_dossier(SIRET, name="Démo SA", local_only=True)
    code = cli.main(
        [
            "--data-dir",
            str(tmp_path / "b"),
            "--database",
            firm_database,
            "--json",
            "dossiers",
            "list",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert SIRET in out


def test_an_unreachable_firm_database_stops_the_command_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(pg.ENV_DATABASE, f"postgresql://meg@127.0.0.1:{port}/meg_inqom")
    code = cli.main(["--data-dir", str(tmp_path / "b"), "dossiers", "list"])
    err = capsys.readouterr().err
    assert code != 0
    assert "Base du cabinet injoignable" in err


def test_a_second_workstation_opens_the_pieces_the_first_downloaded(
    firm_database: str, tmp_path: Path
) -> None:
    """Pièces live in the firm database: a workstation that did not sync opens them too."""
    import asyncio

    from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
    from meg_inqom_desktop.sandbox import start_sandbox
    from meg_inqom_desktop.store.ledger_queries import LedgerFilter

    store_password(firm_database, FIRM_PASSWORD)
    handle = start_sandbox(rate_limit=None)
    try:
        first = Connector(
            resolve_data_paths(tmp_path / "poste1").ensure(),
            database=firm_database,
            sandbox=handle,
            store=CredentialStore("firm-test", backend=EphemeralKeyring()),
        )
        siret = list(handle.state.meg.companies)[5]
        with first.opened():
            record, _ = first.add_dossier(siret, name="Démo", local_only=True)
            (result,) = asyncio.run(first.sync(record.id))
            assert result.ok and result.counts.documents > 0
        assert not list((tmp_path / "poste1" / "documents").rglob("*/[0-9a-f]*"))
    finally:
        handle.stop()
    second = Connector(resolve_data_paths(tmp_path / "poste2").ensure(), database=firm_database)
    with second.opened():
        lines = second.journal_page(LedgerFilter(dossier_id=record.id), limit=500)
        with_piece = next(ln for ln in lines if second.entry_documents(ln.entry_id))
        document = second.entry_documents(with_piece.entry_id)[0]
        data = asyncio.run(second.read_document(document.sha256))
        assert data.startswith(b"%PDF-")
        path = second.document_path(document.sha256)
        assert path.read_bytes() == data and path.is_relative_to(tmp_path / "poste2")


def test_the_database_command(
    firm_database: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: Any,
) -> None:
    """`meg-inqom database use URL` (password on stdin, to the keyring), `check`, `--local`."""
    import io

    data_dir = str(tmp_path / "service")
    assert cli.main(["--data-dir", data_dir, "database", "check"]) == 0
    assert "SQLite" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    assert (
        cli.main(["--data-dir", data_dir, "database", "use", firm_database, "--password-stdin"])
        == 1
    )
    assert "refusée" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(FIRM_PASSWORD + "\n"))
    assert (
        cli.main(["--data-dir", data_dir, "database", "use", firm_database, "--password-stdin"])
        == 0
    )
    assert "trousseau" in capsys.readouterr().out
    assert FIRM_PASSWORD in memory_keyring.secrets.values()
    assert FIRM_PASSWORD not in (tmp_path / "service" / "settings.json").read_text(encoding="utf-8")
    assert cli.main(["--data-dir", data_dir, "--json", "database", "check"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["ok"] and checked["database"] == firm_database
    assert cli.main(["--data-dir", data_dir, "database", "use", "--local"]) == 0
    capsys.readouterr()
    assert cli.main(["--data-dir", data_dir, "--json", "database", "check"]) == 0
    assert json.loads(capsys.readouterr().out)["database"] == "sqlite"
