"""CredentialStore over the in-memory test keyring: one authorization per account and service,
long values split for Windows, per-SIRET tokens of older versions migrated, no backend."""

from __future__ import annotations

import asyncio
import json

import keyring
import pytest
from conftest import MemoryKeyring
from keyring.backends import fail, null

from meg_inqom_desktop.errors import CredentialStoreUnavailable
from meg_inqom_desktop.net.credentials import Authorization, CredentialStore, Secrets

SIRET = "73282932000074"
OTHER = "55203253400646"
ANNE = "anne@cabinet.fr"
BOB = "bob@cabinet.fr"


class WindowsLikeKeyring(MemoryKeyring):
    """Refuses what Windows' Credential Manager refuses: more than 2,560 bytes of UTF-16."""

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password.encode("utf-16-le")) > 2560:
            raise keyring.errors.PasswordSetError("blob too large")
        super().set_password(service, username, password)


def test_one_authorization_per_account_reaching_many_dossiers(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    store = CredentialStore()
    store.save(Authorization("meg", ANNE, reaches=(SIRET,)), Secrets(refresh_token="r-anne"))
    store.note_reach("meg", ANNE, OTHER)
    assert store.account_for("meg", SIRET) == ANNE
    assert store.account_for("meg", OTHER) == ANNE
    assert store.account_for("meg", "12345678901234") == ANNE  # the only one: try it
    assert store.account_for("inqom", SIRET) is None
    store.save(Authorization("meg", BOB), Secrets(refresh_token="r-bob"))
    assert store.account_for("meg", "12345678901234") is None  # two, none known to reach it
    store.note_reach("meg", BOB, OTHER)  # the latest account seen to reach a dossier wins
    assert (store.account_for("meg", SIRET), store.account_for("meg", OTHER)) == (ANNE, BOB)
    assert store.secrets("meg", ANNE).refresh_token == "r-anne"
    # one index entry and one secret per account, nothing per dossier
    users = sorted(u for (s, u) in memory_keyring.secrets if s == "meg-inqom-desktop/meg")
    assert users == [ANNE, "authorizations", BOB]
    assert store.forget("meg", ANNE) is True
    assert store.forget("meg", ANNE) is False
    assert [a.account for a in store.authorizations("meg")] == [BOB]


def test_the_index_holds_no_secret(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    store = CredentialStore()
    store.save(
        Authorization("inqom", ANNE, "password", (SIRET,), 1.9e9, True),
        Secrets(access_token="at-secret", password="pw-secret"),
    )
    index = memory_keyring.secrets[("meg-inqom-desktop/inqom", "authorizations")]
    assert "secret" not in index
    assert json.loads(index)["accounts"][0]["account"] == ANNE
    assert repr(store.secrets("inqom", ANNE)) == "Secrets()"  # values never shown


def test_long_values_are_split_for_windows() -> None:
    backend = WindowsLikeKeyring()
    store = CredentialStore(backend=backend)
    jwt = "eyJ" + "x" * 3000  # an access token longer than one Windows credential
    auth = Authorization("inqom", ANNE, expires_at=2e9, renewable=False)
    store.save(auth, Secrets(access_token=jwt))
    assert store.secrets("inqom", ANNE).access_token == jwt
    assert len([u for (_, u) in backend.secrets if u.startswith(ANNE)]) == 5  # head + 4 parts
    store.save(Authorization("inqom", ANNE), Secrets(refresh_token="short"))  # replaced
    assert [u for (_, u) in backend.secrets if u.startswith(ANNE)] == [ANNE]
    assert store.forget("inqom", ANNE) and not [u for (_, u) in backend.secrets if ANNE in u]


def test_per_siret_tokens_of_older_versions_are_migrated_never_lost(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    # what versions before per-account authorizations wrote: one refresh token per dossier
    memory_keyring.set_password("meg-inqom-desktop/meg", SIRET, "old-1")
    memory_keyring.set_password("meg-inqom-desktop/meg", OTHER, "old-2")
    memory_keyring.set_password("meg-inqom-desktop/inqom", SIRET, "old-3")
    store = CredentialStore()
    assert store.migrate_per_siret("meg", [SIRET, OTHER, "12345678901234"]) == [SIRET, OTHER]
    assert store.migrate_per_siret("inqom", [SIRET, OTHER]) == [SIRET]
    assert store.migrate_per_siret("meg", [SIRET, OTHER]) == []  # once
    assert store.account_for("meg", SIRET) == f"dossier {SIRET}"
    assert store.secrets("meg", f"dossier {OTHER}").refresh_token == "old-2"
    assert store.secrets("inqom", f"dossier {SIRET}").refresh_token == "old-3"
    assert all(a.migrated for a in store.authorizations("meg"))
    assert ("meg-inqom-desktop/meg", SIRET) not in memory_keyring.secrets
    # once the service says whose token it is, the account takes that name
    store.rename("meg", f"dossier {SIRET}", ANNE)
    store.rename("meg", f"dossier {OTHER}", ANNE)
    (anne,) = store.authorizations("meg")
    assert (anne.account, set(anne.reaches)) == (ANNE, {SIRET, OTHER})
    assert store.secrets("meg", ANNE).refresh_token == "old-2"  # the one used last


def test_namespaces_do_not_mix() -> None:
    CredentialStore("meg-inqom-desktop-sandbox").save(
        Authorization("meg", ANNE), Secrets(refresh_token="demo")
    )
    assert CredentialStore().authorizations("meg") == []


def test_unknown_service_and_reserved_names_refused() -> None:
    with pytest.raises(ValueError, match=r"^unknown service 'dropbox'$"):
        CredentialStore().authorizations("dropbox")
    with pytest.raises(ValueError, match="unusable account name"):
        CredentialStore().save(Authorization("meg", "authorizations"), Secrets())


def test_client_secret_kept_apart() -> None:
    store = CredentialStore()
    store.set_client_secret("inqom", "s3cret")
    assert store.client_secret("inqom") == "s3cret"
    assert store.authorizations("inqom") == []
    store.set_client_secret("inqom", "")
    assert store.client_secret("inqom") is None


def test_async_wrappers() -> None:
    store = CredentialStore()

    async def run() -> str | None:
        await store.run(store.save, Authorization("inqom", ANNE, reaches=(SIRET,)), Secrets("t"))
        account = await store.aaccount_for("inqom", SIRET)
        assert account == ANNE
        return (await store.asecrets("inqom", account)).refresh_token

    assert asyncio.run(run()) == "t"


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_no_backend_is_a_plain_error_never_a_file(backend, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    keyring.set_keyring(backend())
    store = CredentialStore()
    with pytest.raises(CredentialStoreUnavailable) as info:
        store.save(Authorization("meg", ANNE), Secrets(refresh_token="secret"))
    assert "trousseau" in info.value.message
    assert "fichier" in info.value.message
    with pytest.raises(CredentialStoreUnavailable):
        store.authorizations("meg")
    with pytest.raises(CredentialStoreUnavailable):
        store.check()
    assert list(tmp_path.iterdir()) == []
