"""CredentialStore over the in-memory test keyring, and the no-backend case."""

from __future__ import annotations

import asyncio

import keyring
import pytest
from keyring.backends import fail, null

from meg_inqom_desktop.errors import CredentialStoreUnavailable
from meg_inqom_desktop.net.credentials import CredentialStore

SIRET = "73282932000074"


def test_one_key_per_service_and_dossier(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    store = CredentialStore()
    store.set_refresh_token("meg", SIRET, "r-meg")
    store.set_refresh_token("inqom", SIRET, "r-inqom")
    store.set_refresh_token("meg", "55203253400646", "r-other")
    assert store.get_refresh_token("meg", SIRET) == "r-meg"
    assert store.get_refresh_token("inqom", SIRET) == "r-inqom"
    assert len(memory_keyring.secrets) == 3
    assert store.delete("meg", SIRET) is True
    assert store.delete("meg", SIRET) is False
    assert store.get_refresh_token("meg", SIRET) is None


def test_namespaces_do_not_mix() -> None:
    CredentialStore("meg-inqom-desktop-sandbox").set_refresh_token("meg", SIRET, "demo")
    assert CredentialStore().get_refresh_token("meg", SIRET) is None


def test_unknown_service_refused() -> None:
    with pytest.raises(ValueError, match=r"^unknown service 'dropbox'$"):
        CredentialStore().get_refresh_token("dropbox", SIRET)


def test_async_wrappers() -> None:
    store = CredentialStore()

    async def run() -> str | None:
        await store.aset_refresh_token("inqom", SIRET, "tok")
        return await store.aget_refresh_token("inqom", SIRET)

    assert asyncio.run(run()) == "tok"


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_no_backend_is_a_plain_error_never_a_file(backend, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    keyring.set_keyring(backend())
    store = CredentialStore()
    with pytest.raises(CredentialStoreUnavailable) as info:
        store.set_refresh_token("meg", SIRET, "secret")
    assert "trousseau" in info.value.message
    assert "fichier" in info.value.message
    with pytest.raises(CredentialStoreUnavailable):
        store.get_refresh_token("meg", SIRET)
    with pytest.raises(CredentialStoreUnavailable):
        store.check()
    assert list(tmp_path.iterdir()) == []


def test_the_sandbox_memory_keyring_is_never_taken_for_the_system_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """keyring's detection never picks EphemeralKeyring (on a machine without a keyring it
    used to, and ``doctor`` said « ✓ Trousseau du système : EphemeralKeyring »); given
    explicitly, it keeps the sandbox's tokens in memory."""
    from keyring.backend import KeyringBackend

    from meg_inqom_desktop.app.diagnostics import check_keyring
    from meg_inqom_desktop.net.credentials import EphemeralKeyring

    assert EphemeralKeyring not in set(KeyringBackend.get_viable_backends())
    keyring.set_keyring(EphemeralKeyring())  # as if something had chosen it anyway
    with pytest.raises(CredentialStoreUnavailable):
        CredentialStore().check()
    check = check_keyring()
    assert check.status == "fail" and "EphemeralKeyring" in check.detail
    sandbox = CredentialStore("sandbox", backend=EphemeralKeyring())
    sandbox.set_refresh_token("meg", SIRET, "demo")
    assert sandbox.get_refresh_token("meg", SIRET) == "demo"
