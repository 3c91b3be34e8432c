"""``meg-inqom auth inqom --password-grant``, ``auth status`` and ``auth logout``."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop import cli
from meg_inqom_desktop.net.credentials import Authorization, CredentialStore, Secrets

SERVICE_ACCOUNT = "comptable@cabinet-demo.fr"
SANDBOX_INQOM = "meg-inqom-desktop-sandbox/inqom"


@pytest.fixture(autouse=True)
def only_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("meg_inqom_desktop.cli.auth_cmd",))
    monkeypatch.setenv("COLUMNS", "250")  # rich wraps at the terminal's width


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def password_grant(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    password: str,
    *extra: str,
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return run(
        capsys,
        data_dir,
        "auth",
        "inqom",
        "--password-grant",
        "--username",
        SERVICE_ACCOUNT,
        "--password-stdin",
        "--sandbox",
        *extra,
    )


@pytest.mark.parametrize("remember", [True, False])
def test_password_grant_keeps_the_password_only_when_asked(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    memory_keyring: Any,
    remember: bool,
) -> None:
    code, out = password_grant(
        capsys, monkeypatch, data_dir, "demo", *(["--remember"] if remember else [])
    )
    assert code == 0, out
    assert f"✓ Inqom : compte de service {SERVICE_ACCOUNT} connecté" in out
    kept = json.loads(memory_keyring.secrets[(SANDBOX_INQOM, SERVICE_ACCOUNT)])
    assert kept["access_token"].count(".") == 2
    assert ("password" in kept) is remember
    assert kept["access_token"] not in out


def test_wrong_password_is_said_in_french_and_nothing_kept(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    memory_keyring: Any,
) -> None:
    code, out = password_grant(capsys, monkeypatch, data_dir, "not-it", "--remember")
    assert code == 1
    assert "Identifiant ou mot de passe refusé" in out
    assert "seule la personne titulaire du compte" in out
    assert not [k for k in memory_keyring.secrets if k[0] == SANDBOX_INQOM]


def test_password_grant_needs_a_login_and_a_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    code, out = run(capsys, data_dir, "auth", "inqom", "--password-grant", "--sandbox")
    assert code == 1 and "--password-grant demande --username" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, nothing piped
    code, out = run(capsys, data_dir, "auth", "inqom", "--password-grant", "--username", "x@y.fr")
    assert code == 1 and "Aucun mot de passe : ajoutez --password-stdin" in out


def test_status_shows_who_reaches_what_until_when_never_a_token(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    store = CredentialStore()
    store.save(
        Authorization("meg", "anne@cabinet.fr", reaches=("33413164600591",)),
        Secrets(refresh_token="rt-never-shown"),
    )
    expires = time.time() + 200 * 24 * 3600
    store.save(
        Authorization("inqom", SERVICE_ACCOUNT, "password", (), expires, False),
        Secrets(access_token="at-never-shown"),
    )
    code, out = run(capsys, data_dir, "auth", "status", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(i["service"], i["account"], i["method"], i["state"]) for i in listed] == [
        ("meg", "anne@cabinet.fr", "browser", "ok"),
        ("inqom", SERVICE_ACCOUNT, "password", "ok"),
    ]
    assert listed[0]["reaches"] == ["33413164600591"] and listed[0]["expires_at"] is None
    assert listed[1]["expires_at"].endswith("Z") and listed[1]["renewable"] is False
    code, text = run(capsys, data_dir, "auth", "status")
    assert code == 0 and "anne@cabinet.fr" in text and "renouvelée automatiquement" in text
    for shown in (out, text):
        assert "never-shown" not in shown


def test_logout_forgets_the_account(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    store = CredentialStore()
    auth = Authorization("inqom", SERVICE_ACCOUNT, "password", (), time.time() + 60, False)
    store.save(auth, Secrets(access_token="at"))
    code, out = run(capsys, data_dir, "auth", "logout", "inqom", "--account", "other@x.fr")
    assert code == 1 and "Aucune autorisation Inqom à retirer" in out
    code, out = run(capsys, data_dir, "--json", "auth", "logout", "inqom")
    assert code == 0 and json.loads(out) == {"service": "inqom", "removed": [SERVICE_ACCOUNT]}
    assert store.authorizations("inqom") == []
