"""Both ways into Inqom against the sandbox, and every way a sign-in goes wrong.

The code flow as a confidential client (secret sent) and as a public one (PKCE), with and
without a refresh token across an expired access token; the password grant of a service
account with and without a remembered password; ``invalid_grant``, ``invalid_client``, a token
answer without ``expires_in``, an HTML page instead of JSON, a server clock ten minutes off.
Each bad case: a French message that says who can fix it, and nothing stored.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import (
    AuthorizationRevoked,
    ClientRejected,
    MalformedResponse,
    NotTheService,
    SignInNeeded,
    WrongCredentials,
)
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.sandbox.oauth import COLLABORATOR, DEMO_USER

ADMIN = DEMO_USER


@pytest.fixture
def sbx() -> Iterator[Any]:
    handle = start_sandbox(rate_limit=None)
    yield handle
    handle.stop()


@pytest.fixture
def store() -> CredentialStore:
    return CredentialStore("test-signin", backend=EphemeralKeyring())


def siret_of(sbx: Any, folder_id: int) -> str:
    folder = sbx.state.inqom.folders[folder_id]
    return f"{folder.Siren}{folder.Nic}"


def issued(sbx: Any, kind: str) -> int:
    return sum(1 for t in sbx.state.inqom_oauth.tokens.values() if t.kind == kind)


async def folders_seen(ep: Endpoints, store: CredentialStore, account: str) -> set[int]:
    async with InqomClient.open(ep, "", store, account=account) as inqom:
        return {f.Id for f in await inqom.folders()}


@pytest.mark.parametrize("public", [False, True], ids=["confidential", "public"])
def test_code_flow_with_a_refresh_token_across_an_expired_access_token(
    sbx: Any, store: CredentialStore, public: bool
) -> None:
    ep = Endpoints.from_sandbox(sbx, public_client=public)

    async def run() -> None:
        account = await setup.authorize_in_sandbox(sbx, "inqom", store=store, endpoints=ep)
        assert account == ADMIN  # from the OpenID Connect id_token
        (auth,) = store.authorizations("inqom")
        assert auth.renewable and auth.expires_at is not None
        async with InqomClient.open(ep, "", store, account=ADMIN) as inqom:
            assert len(await inqom.folders()) == 7  # the kept access token: no refresh
            assert inqom.caller.auth.refreshes == 0
            sbx.state.expire_access_tokens()
            assert len(await inqom.folders()) == 7  # 401 → refresh → retried
            assert inqom.caller.auth.refreshes == 1
        async with InqomClient.open(ep, "", store, account=ADMIN) as inqom:
            assert len(await inqom.folders()) == 7  # another client: the renewed token
            assert inqom.caller.auth.refreshes == 0

    asyncio.run(run())
    assert issued(sbx, "refresh") == 2  # rotated at the refresh


def test_a_confidential_client_with_a_wrong_secret_is_for_the_firms_it(
    sbx: Any, store: CredentialStore
) -> None:
    good = Endpoints.from_sandbox(sbx)
    wrong = Endpoints(
        good.meg_url,
        good.inqom_url,
        good.meg_auth_url,
        good.inqom_auth_url,
        sandbox=True,
        inqom_client=type(good.inqom_client)("meg-inqom-desktop", "not-the-secret"),
    )

    async def run() -> None:
        with pytest.raises(ClientRejected) as info:
            await setup.authorize_in_sandbox(sbx, "inqom", store=store, endpoints=wrong)
        assert "service informatique" in info.value.message
        assert "support Inqom" in info.value.message
        assert "Rien n'a été enregistré" in info.value.message
        with pytest.raises(ClientRejected):
            await setup.sign_in_with_password(ADMIN, "demo", endpoints=wrong, store=store)

    asyncio.run(run())
    assert store.authorizations("inqom") == []
    assert issued(sbx, "access") == 0


def test_code_flow_without_refresh_token_keeps_the_access_token_then_asks_again(
    sbx: Any, store: CredentialStore
) -> None:
    sbx.state.withhold_refresh_tokens()
    sbx.state.set_access_token_ttl(7200)
    ep = Endpoints.from_sandbox(sbx)

    async def run() -> None:
        before = time.time()
        await setup.authorize_in_sandbox(sbx, "inqom", store=store, endpoints=ep)
        (auth,) = store.authorizations("inqom")
        assert not auth.renewable and auth.expires_at is not None
        assert before + 7200 <= auth.expires_at <= time.time() + 7200  # expires_in trusted
        assert store.secrets("inqom", ADMIN).access_token
        # a new process (a new client) uses the kept access token: no new sign-in
        assert len(await folders_seen(ep, store, ADMIN)) == 7
        assert issued(sbx, "access") == 1
        sbx.state.expire_access_tokens()  # refused before its time: renew once, then ask
        with pytest.raises(SignInNeeded) as info:
            await folders_seen(ep, store, ADMIN)
        assert "Reconnectez-vous" in info.value.message and ADMIN in info.value.message
        assert store.authorization("inqom", ADMIN).expired(time.time())  # type: ignore[union-attr]

    asyncio.run(run())
    assert issued(sbx, "refresh") == 0


def test_password_grant_of_the_service_account_with_a_remembered_password(
    sbx: Any, store: CredentialStore
) -> None:
    ep = Endpoints.from_sandbox(sbx)

    async def run() -> None:
        auth = await setup.sign_in_with_password(
            ADMIN, "demo", remember=True, endpoints=ep, store=store
        )
        assert (auth.method, auth.renewable) == ("password", True)
        assert 31_104_000 - 5 <= (auth.expires_at or 0) - time.time() <= 31_104_000
        assert store.secrets("inqom", ADMIN).password == "demo"
        assert len(await folders_seen(ep, store, ADMIN)) == 7
        sbx.state.expire_access_tokens()
        assert len(await folders_seen(ep, store, ADMIN)) == 7  # signed in again by itself

    asyncio.run(run())
    assert issued(sbx, "access") == 2 and issued(sbx, "refresh") == 0


def test_password_grant_without_a_remembered_password_says_a_sign_in_is_needed(
    sbx: Any, store: CredentialStore
) -> None:
    ep = Endpoints.from_sandbox(sbx)

    async def run() -> None:
        auth = await setup.sign_in_with_password(COLLABORATOR, "demo", endpoints=ep, store=store)
        assert not auth.renewable and store.secrets("inqom", COLLABORATOR).password is None
        assert await folders_seen(ep, store, COLLABORATOR) == {4502, 4503, 4506}
        sbx.state.expire_access_tokens()
        with pytest.raises(SignInNeeded) as info:
            await folders_seen(ep, store, COLLABORATOR)
        assert f"--password-grant --username {COLLABORATOR}" in info.value.message

    asyncio.run(run())


def test_wrong_password_is_for_the_person_and_nothing_is_kept(
    sbx: Any, store: CredentialStore
) -> None:
    async def run() -> None:
        with pytest.raises(WrongCredentials) as info:
            await setup.sign_in_with_password(
                ADMIN, "wrong", remember=True, endpoints=Endpoints.from_sandbox(sbx), store=store
            )
        assert info.value.code == "invalid_grant"
        assert info.value.message.startswith(
            f"Inqom a refusé l'identifiant ou le mot de passe de {ADMIN}"
        )
        assert "seule la personne titulaire du compte" in info.value.message

    asyncio.run(run())
    assert store.authorizations("inqom") == []


def test_a_remembered_password_that_changed_is_forgotten(sbx: Any, store: CredentialStore) -> None:
    ep = Endpoints.from_sandbox(sbx)

    async def run() -> None:
        await setup.sign_in_with_password(ADMIN, "demo", remember=True, endpoints=ep, store=store)
        sbx.state.inqom_oauth.users[ADMIN] = "changed in Inqom"
        sbx.state.expire_access_tokens()
        with pytest.raises(WrongCredentials):
            await folders_seen(ep, store, ADMIN)
        (auth,) = store.authorizations("inqom")
        assert not auth.renewable and store.secrets("inqom", ADMIN).password is None

    asyncio.run(run())


def test_refresh_token_revoked_at_inqom_is_invalid_grant_then_forgotten(
    sbx: Any, store: CredentialStore
) -> None:
    ep = Endpoints.from_sandbox(sbx)

    async def run() -> None:
        await setup.authorize_in_sandbox(sbx, "inqom", store=store, endpoints=ep)
        for token in sbx.state.inqom_oauth.tokens.values():
            token.revoked = True
        with pytest.raises(AuthorizationRevoked) as info:
            await folders_seen(ep, store, ADMIN)
        assert "Autorisez de nouveau" in info.value.message

    asyncio.run(run())
    assert store.authorizations("inqom") == []


def test_a_token_answer_without_expires_in_is_refused(sbx: Any, store: CredentialStore) -> None:
    sbx.state.inqom_oauth.leave_out = frozenset({"expires_in"})

    async def run() -> None:
        with pytest.raises(MalformedResponse) as info:
            await setup.sign_in_with_password(
                ADMIN, "demo", endpoints=Endpoints.from_sandbox(sbx), store=store
            )
        assert "expires_in" in info.value.message

    asyncio.run(run())
    assert store.authorizations("inqom") == []


def test_an_html_page_instead_of_the_token_answer(sbx: Any, store: CredentialStore) -> None:
    sbx.set_faults("inqom.token:wrongtype")  # 200 text/html: a proxy or a portal answered

    async def run() -> None:
        for attempt in (
            setup.sign_in_with_password(
                ADMIN, "demo", endpoints=Endpoints.from_sandbox(sbx), store=store
            ),
            setup.authorize_in_sandbox(sbx, "inqom", store=store),
        ):
            with pytest.raises(NotTheService) as info:
                await attempt
            assert "une page web est arrivée" in info.value.message
            assert "service informatique" in info.value.message

    asyncio.run(run())
    assert store.authorizations("inqom") == []


@pytest.mark.parametrize("skew", [600.0, -600.0])
def test_a_server_clock_ten_minutes_off_changes_nothing(
    sbx: Any, store: CredentialStore, skew: float
) -> None:
    sbx.state.set_clock_skew(skew)
    sbx.state.withhold_refresh_tokens()
    sbx.state.set_access_token_ttl(900)
    ep = Endpoints.from_sandbox(sbx)

    async def run() -> None:
        before = time.time()
        await setup.authorize_in_sandbox(sbx, "inqom", store=store, endpoints=ep)
        (auth,) = store.authorizations("inqom")
        # the expiry counts from this machine's clock, not from the token's own dates
        assert before + 900 <= (auth.expires_at or 0) <= time.time() + 900
        assert len(await folders_seen(ep, store, ADMIN)) == 7

    asyncio.run(run())
