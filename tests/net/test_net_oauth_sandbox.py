"""The desktop OAuth flow against the sandbox's authorization servers (no HTTP mocks).

The test plays the browser: it loads the consent page, clicks "Autoriser" (the form's POST),
and follows the redirect to the app's one-shot loopback listener.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx2
import pytest

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.credentials import CredentialStore
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import (
    AuthorizationDenied,
    AuthorizationMissing,
    AuthorizationRevoked,
)
from meg_inqom_desktop.net.http import HttpCaller, build_client
from meg_inqom_desktop.net.oauth import (
    AuthorizationFlow,
    exchange_code,
    make_pkce,
    refresh_tokens,
)
from meg_inqom_desktop.net.token_session import TokenSession


def first_siret(sandbox: Any) -> str:
    return next(iter(sandbox.state.meg.companies))


def refresh_of(store: CredentialStore, service: str, siret: str) -> str | None:
    """The refresh token kept for the account that reaches ``siret``."""
    account = store.account_for(service, siret)
    return store.secrets(service, account).refresh_token if account else None


async def play_browser(url: str, decision: str = "allow") -> httpx2.Response:
    """Consent page → form POST → follow the 302 to the loopback listener."""
    async with httpx2.AsyncClient(trust_env=False) as browser:
        page = await browser.get(url)
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        action = re.search(r"<form[^>]*action='([^']+)'", page.text)
        request_id = re.search(r"name='request_id' value='([^']+)'", page.text)
        assert action and request_id
        answer = await browser.post(
            urljoin(url, unescape(action.group(1))),
            data={"request_id": request_id.group(1), "decision": decision},
        )
        assert answer.status_code == 302
        return await browser.get(answer.headers["location"])


def new_flow(ep: Endpoints, service: str, siret: str, store: CredentialStore) -> AuthorizationFlow:
    http = build_client()
    return AuthorizationFlow(
        HttpCaller(http, service), ep.oauth(service), store, siret, browser=None
    )


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_full_dance_keeps_the_tokens_in_the_keyring_only(  # type: ignore[no-untyped-def]
    sandbox: Any, service: str, memory_keyring
) -> None:
    ep = Endpoints.from_sandbox(sandbox)
    siret = first_siret(sandbox)
    store = CredentialStore("test-dance")

    async def run() -> None:
        flow = new_flow(ep, service, siret, store)
        url = await flow.start()
        query = parse_qs(urlsplit(url).query)
        assert query["code_challenge_method"] == ["S256"]
        assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
        landing, auth = await asyncio.gather(play_browser(url), flow.wait())
        assert "Vous pouvez fermer cet onglet" in landing.text
        assert auth.account == "comptable@cabinet-demo.fr"  # MEG's answer, Inqom's id_token
        assert auth.reaches == (siret,) and auth.renewable
        assert auth.expires_at is not None and 0 < auth.expires_at - time.time() <= 3600
        stored = refresh_of(store, service, siret)
        oauth_store = getattr(sandbox.state, f"{service}_oauth")
        assert oauth_store.tokens[stored].kind == "refresh"
        # The refresh token and the access token (until it expires: the account's other
        # dossiers use it) under the account, beside an index without secret.
        kept = {u: v for (svc, u), v in memory_keyring.secrets.items() if "test-dance" in svc}
        assert sorted(kept) == ["authorizations", auth.account]
        secrets = json.loads(kept[auth.account])
        assert sorted(secrets) == ["access_token", "refresh_token"]
        assert secrets["refresh_token"] == stored
        assert oauth_store.tokens[secrets["access_token"]].kind == "access"
        assert stored not in kept["authorizations"]
        assert secrets["access_token"] not in kept["authorizations"]
        await flow.caller.client.aclose()

    asyncio.run(run())


def test_consent_refused(sandbox: Any) -> None:
    ep = Endpoints.from_sandbox(sandbox)
    store = CredentialStore("test-deny")

    async def run() -> None:
        flow = new_flow(ep, "meg", first_siret(sandbox), store)
        url = await flow.start()
        results = await asyncio.gather(
            play_browser(url, "deny"), flow.wait(), return_exceptions=True
        )
        assert isinstance(results[1], AuthorizationDenied)
        assert store.authorizations("meg") == []
        await flow.caller.client.aclose()

    asyncio.run(run())


def test_wrong_pkce_verifier_refused(sandbox: Any) -> None:
    ep = Endpoints.from_sandbox(sandbox)

    async def run() -> None:
        flow = new_flow(ep, "meg", first_siret(sandbox), CredentialStore("test-pkce"))
        url = await flow.start()
        location = await asyncio.to_thread(sandbox.authorize_as_browser, url)
        code = parse_qs(urlsplit(location).query)["code"][0]
        await flow.cancel()
        with pytest.raises(AuthorizationRevoked):
            await exchange_code(
                flow.caller,
                ep.meg_oauth(),
                code=code,
                verifier=make_pkce().verifier,  # not the one behind the challenge
                redirect_uri=flow.receiver.redirect_uri,
            )
        await flow.caller.client.aclose()

    asyncio.run(run())


def test_refresh_rotates_and_reuse_revokes_the_family(fresh_sandbox: Any) -> None:
    ep = Endpoints.from_sandbox(fresh_sandbox)
    siret = first_siret(fresh_sandbox)
    store = setup.credential_store(ep)

    async def run() -> None:
        await setup.authorize_in_sandbox(fresh_sandbox, "meg", siret)
        first = refresh_of(store, "meg", siret)
        assert first
        async with build_client() as http:
            caller = HttpCaller(http, "MEG")
            session = TokenSession(caller, ep.meg_oauth(), store, siret)
            kept = await session.access_token()  # the access token of the authorization
            assert session.refreshes == 0 and refresh_of(store, "meg", siret) == first
            await session.invalidate(kept)  # refresh #1
            second = refresh_of(store, "meg", siret)
            assert second and second != first  # rotated and stored
            await session.invalidate(await session.access_token())  # refresh #2
            third = refresh_of(store, "meg", siret)
            assert third not in (first, second)
            assert session.refreshes == 2
            # A retired refresh token presented again: refused, and the family revoked.
            with pytest.raises(AuthorizationRevoked):
                await refresh_tokens(caller, ep.meg_oauth(), first)
            with pytest.raises(AuthorizationRevoked):
                await refresh_tokens(caller, ep.meg_oauth(), third)

    asyncio.run(run())


def test_one_renewal_for_every_dossier_of_the_account(fresh_sandbox: Any) -> None:
    """The dashboard asks MEG for each dossier with a client of its own: once the access
    token expired, the first renews it and the others use the renewed one (one call to the
    token endpoint, not one per dossier)."""
    ep = Endpoints.from_sandbox(fresh_sandbox)
    sirets = list(fresh_sandbox.state.meg.companies)[:4]
    store = setup.credential_store(ep)

    async def run() -> list[int]:
        await setup.authorize_in_sandbox(fresh_sandbox, "meg", sirets[0])
        fresh_sandbox.state.expire_access_tokens()
        account = store.account_for("meg", sirets[0])
        assert account is not None
        for siret in sirets[1:]:
            store.note_reach("meg", account, siret)
        store.update("meg", account, expires_at=time.time())  # as an hour later
        renewals = []
        for siret in sirets:
            async with MegClient.open(ep, siret, store) as meg:
                assert (await meg.company()).siret == siret
                renewals.append(meg.caller.auth.refreshes)
        return renewals

    assert asyncio.run(run()) == [1, 0, 0, 0]


def test_expired_access_token_is_refreshed_transparently(fresh_sandbox: Any) -> None:
    ep = Endpoints.from_sandbox(fresh_sandbox)
    siret = first_siret(fresh_sandbox)
    store = setup.credential_store(ep)

    async def run() -> None:
        await setup.authorize_in_sandbox(fresh_sandbox, "meg", siret)
        async with MegClient.open(ep, siret, store) as meg:
            assert (await meg.company()).siret == siret
            session = meg.caller.auth
            before = session.refreshes
            fresh_sandbox.state.expire_access_tokens()
            assert (await meg.company()).siret == siret  # 401 → refresh → retried
            assert session.refreshes == before + 1

    asyncio.run(run())


def test_revocation_then_calls_need_a_new_authorization(fresh_sandbox: Any) -> None:
    ep = Endpoints.from_sandbox(fresh_sandbox)
    siret = first_siret(fresh_sandbox)
    store = setup.credential_store(ep)

    async def run() -> None:
        await setup.authorize_in_sandbox(fresh_sandbox, "meg", siret)
        async with MegClient.open(ep, siret, store) as meg:
            await meg.company()
            await meg.caller.auth.revoke()
            assert store.authorizations("meg") == []
            with pytest.raises(AuthorizationMissing) as info:
                await meg.company()
            assert "meg-inqom auth meg" in info.value.message

    asyncio.run(run())


def test_revoked_at_the_server_is_authorization_revoked(fresh_sandbox: Any) -> None:
    ep = Endpoints.from_sandbox(fresh_sandbox)
    siret = first_siret(fresh_sandbox)
    store = setup.credential_store(ep)

    async def run() -> None:
        await setup.authorize_in_sandbox(fresh_sandbox, "inqom", siret)
        token = refresh_of(store, "inqom", siret)
        async with build_client() as http:
            await http.post(
                ep.inqom_oauth().revoke_url or "",
                data={"token": token, "client_id": "meg-inqom-desktop"},
            )
        from meg_inqom_desktop.inqom.client import InqomClient

        async with InqomClient.open(ep, siret, store) as inqom:
            with pytest.raises(AuthorizationRevoked) as info:
                await inqom.internal_access()
            assert "Autorisez de nouveau" in info.value.message
        assert store.authorizations("inqom") == []  # forgotten locally too

    asyncio.run(run())
