"""OAuth of both emulators over HTTP: PKCE, consent, rotation, reuse, revocation, expiry."""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from meg_inqom_desktop.sandbox import SandboxHandle
from meg_inqom_desktop.sandbox.oauth import s256

from .conftest import Api, ApiFactory

SCOPES = {
    "meg": "accounting.read accounting.validate",
    "inqom": "openid email offline_access apidata accountingdocumentsapi",
}
PATHS = {
    "meg": ("/oauth/authorize", "/oauth/token", "/oauth/revoke"),
    "inqom": (
        "/identity/connect/authorize",
        "/identity/connect/token",
        "/identity/connect/revocation",
    ),
}
REDIRECT = "http://127.0.0.1:53682/callback"


def authorize_url(handle: SandboxHandle, service: str, **overrides: str) -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": "meg-inqom-desktop",
        "redirect_uri": REDIRECT,
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
        "state": "etat-123",
        "scope": SCOPES[service],
        **overrides,
    }
    params = {k: v for k, v in params.items() if v != ""}
    base = handle.meg_url if service == "meg" else handle.inqom_url
    return f"{base}{PATHS[service][0]}?{urlencode(params)}", verifier


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def exchange(client: Api, service: str, code: str, verifier: str, redirect: str = REDIRECT) -> Any:
    return client.post(
        PATHS[service][1],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
            "client_id": "meg-inqom-desktop",
            "code_verifier": verifier,
        },
    )


def refresh(client: Api, service: str, token: str) -> Any:
    return client.post(
        PATHS[service][1],
        data={
            "grant_type": "refresh_token",
            "refresh_token": token,
            "client_id": "meg-inqom-desktop",
        },
    )


def probe(handle: SandboxHandle, api: ApiFactory, service: str, access: str) -> int:
    """Status of a simple authenticated API call with ``access``."""
    client = api(handle, service, access)
    if service == "meg":
        siret = next(iter(handle.state.meg.companies))
        return int(client.get(f"/companies/{siret}").status_code)
    return int(client.get("/provisioning/users/internal-access").status_code)


def dance(handle: SandboxHandle, api: ApiFactory, service: str) -> dict[str, Any]:
    url, verifier = authorize_url(handle, service)
    code = query(handle.authorize_as_browser(url))["code"]
    answer = exchange(api(handle, service), service, code, verifier)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    return dict(answer.json())


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_full_dance_with_french_consent_page(
    msb: SandboxHandle, api: ApiFactory, service: str
) -> None:
    url, verifier = authorize_url(msb, service)
    page = api(msb, service).get(url)
    assert page.status_code == 200
    assert "Autoriser" in page.text and "Refuser" in page.text
    if service == "meg":
        assert "Autoriser Inqom à accéder aux données comptables de MEG" in page.text
    location = msb.authorize_as_browser(url)
    assert location.startswith(REDIRECT + "?")
    params = query(location)
    assert params["state"] == "etat-123"
    tokens = exchange(api(msb, service), service, params["code"], verifier).json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0
    assert tokens["refresh_token"]
    assert probe(msb, api, service, tokens["access_token"]) == 200


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_refusal_redirects_with_access_denied_and_state(msb: SandboxHandle, service: str) -> None:
    url, _ = authorize_url(msb, service)
    params = query(msb.authorize_as_browser(url, decision="deny"))
    assert params == {"error": "access_denied", "state": "etat-123"}


@pytest.mark.parametrize("service", ["meg", "inqom"])
@pytest.mark.parametrize(
    "redirect", ["http://127.0.0.1:1/cb", "http://127.0.0.1:65000/x/y", "http://[::1]:4242/cb"]
)
def test_any_loopback_port_is_accepted(
    msb: SandboxHandle, api: ApiFactory, service: str, redirect: str
) -> None:
    url, verifier = authorize_url(msb, service, redirect_uri=redirect)
    location = msb.authorize_as_browser(url)
    assert location.startswith(redirect + "?")
    answer = exchange(api(msb, service), service, query(location)["code"], verifier, redirect)
    assert answer.status_code == 200


@pytest.mark.parametrize("service", ["meg", "inqom"])
@pytest.mark.parametrize(
    "overrides",
    [
        {"redirect_uri": "https://evil.example/cb"},
        {"redirect_uri": "http://localhost.evil.example:80/cb"},
        {"client_id": "someone-else"},
    ],
)
def test_bad_client_or_redirect_gets_an_error_page_not_a_redirect(
    msb: SandboxHandle, api: ApiFactory, service: str, overrides: dict[str, str]
) -> None:
    url, _ = authorize_url(msb, service, **overrides)
    page = api(msb, service).get(url)
    assert page.status_code == 400
    assert "location" not in page.headers


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_pkce_is_required_and_checked(msb: SandboxHandle, api: ApiFactory, service: str) -> None:
    client = api(msb, service)
    url, _ = authorize_url(msb, service, code_challenge_method="plain")
    assert query(client.get(url).headers["location"])["error"] == "invalid_request"
    if service == "meg":  # Inqom's confidential client may go without PKCE (below)
        url, _ = authorize_url(msb, service, code_challenge="")
        assert query(client.get(url).headers["location"])["error"] == "invalid_request"
    url, _verifier = authorize_url(msb, service)
    code = query(msb.authorize_as_browser(url))["code"]
    wrong = exchange(client, service, code, secrets.token_urlsafe(48))
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_code_works_once_and_replay_revokes_its_tokens(
    msb: SandboxHandle, api: ApiFactory, service: str
) -> None:
    client = api(msb, service)
    url, verifier = authorize_url(msb, service)
    code = query(msb.authorize_as_browser(url))["code"]
    first = exchange(client, service, code, verifier).json()
    replay = exchange(client, service, code, verifier)
    assert replay.json()["error"] == "invalid_grant"
    assert probe(msb, api, service, first["access_token"]) == 401


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_refresh_rotates_and_reuse_revokes_the_family(
    msb: SandboxHandle, api: ApiFactory, service: str
) -> None:
    client = api(msb, service)
    first = dance(msb, api, service)
    second = refresh(client, service, first["refresh_token"])
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["access_token"] != first["access_token"]
    assert probe(msb, api, service, rotated["access_token"]) == 200
    reuse = refresh(client, service, first["refresh_token"])  # stolen copy replayed
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    # The whole family is gone: the newest refresh token and its access token too.
    assert refresh(client, service, rotated["refresh_token"]).json()["error"] == "invalid_grant"
    assert probe(msb, api, service, rotated["access_token"]) == 401
    unauthorized = api(msb, service, rotated["access_token"])
    path = (
        "/companies/" + next(iter(msb.state.meg.companies))
        if service == "meg"
        else ("/provisioning/users/internal-access")
    )
    answer = unauthorized.get(path)
    assert answer.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_revoking_the_refresh_token_revokes_the_grant(
    msb: SandboxHandle, api: ApiFactory, service: str
) -> None:
    client = api(msb, service)
    tokens = dance(msb, api, service)
    revoke = PATHS[service][2]
    data = {"token": tokens["refresh_token"], "client_id": "meg-inqom-desktop"}
    assert client.post(revoke, data=data).status_code == 200
    assert client.post(revoke, data=data).status_code == 200  # idempotent (RFC 7009)
    assert refresh(client, service, tokens["refresh_token"]).json()["error"] == "invalid_grant"
    assert probe(msb, api, service, tokens["access_token"]) == 401
    assert client.post(revoke, data={"client_id": "meg-inqom-desktop"}).status_code == 400


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_revoking_an_access_token_only(msb: SandboxHandle, api: ApiFactory, service: str) -> None:
    client = api(msb, service)
    tokens = dance(msb, api, service)
    data = {"token": tokens["access_token"], "client_id": "meg-inqom-desktop"}
    assert client.post(PATHS[service][2], data=data).status_code == 200
    assert probe(msb, api, service, tokens["access_token"]) == 401
    assert refresh(client, service, tokens["refresh_token"]).status_code == 200


@pytest.mark.parametrize("service", ["meg", "inqom"])
def test_expired_access_token_gets_401_and_refresh_recovers(
    fresh_sandbox: SandboxHandle, api: ApiFactory, service: str
) -> None:
    fresh_sandbox.state.set_access_token_ttl(60)
    before = time.time()
    tokens = dance(fresh_sandbox, api, service)
    after = time.time()
    assert tokens["expires_in"] == 60
    # the token expires 60 s after it was issued: active just before, not from then on
    stored = getattr(fresh_sandbox.state, f"{service}_oauth").tokens[tokens["access_token"]]
    assert before + 60 <= stored.expires_at <= after + 60
    assert stored.active(now=stored.expires_at - 0.001)
    assert not stored.active(now=stored.expires_at)
    assert probe(fresh_sandbox, api, service, tokens["access_token"]) == 200
    fresh_sandbox.state.expire_access_tokens()  # as if those 60 s had passed
    assert probe(fresh_sandbox, api, service, tokens["access_token"]) == 401
    renewed = refresh(api(fresh_sandbox, service), service, tokens["refresh_token"]).json()
    assert renewed["expires_in"] == 60
    assert probe(fresh_sandbox, api, service, renewed["access_token"]) == 200
    fresh_sandbox.state.expire_access_tokens()
    assert probe(fresh_sandbox, api, service, renewed["access_token"]) == 401


def test_inqom_gives_no_refresh_token_without_offline_access(
    msb: SandboxHandle, api: ApiFactory
) -> None:
    url, verifier = authorize_url(msb, "inqom", scope="openid apidata")
    code = query(msb.authorize_as_browser(url))["code"]
    tokens = exchange(api(msb, "inqom"), "inqom", code, verifier).json()
    assert "refresh_token" not in tokens
    assert probe(msb, api, "inqom", tokens["access_token"]) == 200


def test_meg_validation_needs_the_validate_scope(msb: SandboxHandle, api: ApiFactory) -> None:
    tokens = msb.issue_tokens("meg", scope="accounting.read")
    siret = next(iter(msb.state.meg.companies))
    answer = api(msb, "meg", tokens["access_token"]).post(
        f"/companies/{siret}/validations", json={"from": "2026-03-01", "to": "2026-03-31"}
    )
    assert answer.status_code == 403 and answer.json()["code"] == "insufficient_scope"


def test_unknown_grant_and_client_are_refused(msb: SandboxHandle, api: ApiFactory) -> None:
    client = api(msb, "meg")
    answer = client.post(
        "/oauth/token", data={"grant_type": "password", "client_id": "meg-inqom-desktop"}
    )
    assert answer.json()["error"] == "unsupported_grant_type"
    answer = client.post("/oauth/token", data={"grant_type": "refresh_token", "client_id": "x"})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_client"


def test_consent_form_cannot_be_submitted_twice(msb: SandboxHandle, api: ApiFactory) -> None:
    url, _ = authorize_url(msb, "meg")
    client = api(msb, "meg")
    page = client.get(url).text
    request_id = page.split("name='request_id' value='")[1].split("'")[0]
    assert (
        client.post(
            "/oauth/authorize", data={"request_id": request_id, "decision": "allow"}
        ).status_code
        == 302
    )
    again = client.post("/oauth/authorize", data={"request_id": request_id, "decision": "allow"})
    assert again.status_code == 400


def test_browser_helper_follows_the_redirect_to_a_loopback_listener(msb: SandboxHandle) -> None:
    import http.server
    import threading

    received: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(self.path)
            body = b"Vous pouvez fermer cet onglet."
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    redirect = f"http://127.0.0.1:{server.server_port}/callback"
    try:
        url, _ = authorize_url(msb, "meg", redirect_uri=redirect)
        location = msb.authorize_as_browser(url, follow=True)
        thread.join(timeout=5)
    finally:
        server.server_close()
    assert received and received[0].startswith("/callback?code=")
    assert location.endswith("state=etat-123")
