"""Every URL of both contracts, resolved as OpenAPI says, reaches a route of the sandbox.

An independent client reads only the YAML: paths are appended to the Server Object's URL; the
OAuth flow URLs are references resolved against it per RFC 3986 (``urljoin``), where a
leading ``/`` replaces the server's path. Nothing of the app is used here but the sandbox to
talk to: the URLs, the demo client and the demo users come from the documents themselves and
docs/SANDBOX.md.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import httpx2 as httpx
import yaml

from meg_inqom_desktop.sandbox import SandboxHandle

from .conftest import RESOURCES, SERVICES


def _doc(service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((RESOURCES / SERVICES[service]).read_text())
    return loaded


def _server(doc: dict[str, Any], handle: SandboxHandle) -> str:
    """The first Server Object's URL, on the port this sandbox listens to ("the port varies")."""
    parts = urlsplit(doc["servers"][0]["url"])
    return urlunsplit(parts._replace(netloc=f"{handle.host}:{handle.port}"))


def _flows(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schemes = doc["components"]["securitySchemes"].values()
    return {name: flow for scheme in schemes for name, flow in scheme["flows"].items()}


def _route_missing(response: httpx.Response) -> bool:
    """A 404 of the router (no such path), not the API saying a resource does not exist."""
    return response.status_code == 404 and not response.headers.get("content-type", "").startswith(
        "application/json"
    )


def test_flow_urls_resolve_per_rfc_3986_to_the_identity_servers(msb: SandboxHandle) -> None:
    for service in SERVICES:
        doc = _doc(service)
        base = _server(doc, msb)
        for name, flow in _flows(doc).items():
            for key in ("authorizationUrl", "tokenUrl", "refreshUrl"):
                if key not in flow:
                    continue
                url = urljoin(base, flow[key])
                assert urlsplit(url).path.startswith(urlsplit(base).path + "/"), (service, url)
                if key == "authorizationUrl":
                    answer = httpx.get(url, timeout=10)  # no client: an error page, not a 404
                else:
                    answer = httpx.post(url, data={"grant_type": "x"}, timeout=10)
                    assert answer.json()["error"], (service, name, key)
                assert not _route_missing(answer), (service, name, key, url)


def test_every_path_appended_to_the_server_url_is_a_route(msb: SandboxHandle) -> None:
    for service in SERVICES:
        doc = _doc(service)
        base = _server(doc, msb)
        for template, operations in doc["paths"].items():
            path = re.sub(r"\{[^}]+\}", "1", template)
            for method in operations:
                answer = httpx.request(method.upper(), base + path, timeout=10)
                assert not _route_missing(answer), (service, method, template)


def test_an_independent_client_signs_in_with_the_yaml_alone(msb: SandboxHandle) -> None:
    """MEG's browser flow (public client, PKCE), Inqom's code flow with the client secret and
    its password grant, each at the URLs the contract gives: tokens, no 404."""
    meg = _doc("meg")
    code = _flows(meg)["authorizationCode"]
    tokens = _code_flow(msb, _server(meg, msb), code, "accounting.read", secret=None)
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    inqom = _doc("inqom")
    base = _server(inqom, msb)
    flows = _flows(inqom)
    tokens = _code_flow(msb, base, flows["authorizationCode"], "openid apidata", "sandbox-secret")
    assert tokens["access_token"].count(".") == 2  # JWT-shaped
    answer = httpx.post(
        urljoin(base, flows["password"]["tokenUrl"]),
        data={
            "grant_type": "password",
            "username": "comptable@cabinet-demo.fr",
            "password": "demo",
            "client_id": "meg-inqom-desktop",
            "client_secret": "sandbox-secret",
            "scope": " ".join(flows["password"]["scopes"]),
        },
        timeout=10,
    ).json()
    assert answer["expires_in"] == 31104000 and "refresh_token" not in answer
    probe = httpx.get(
        base + "/provisioning/users/internal-access",
        headers={"Authorization": f"Bearer {answer['access_token']}"},
        timeout=10,
    )
    assert probe.status_code == 200


def _code_flow(
    handle: SandboxHandle, base: str, flow: dict[str, Any], scope: str, secret: str | None
) -> dict[str, Any]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    redirect = "http://127.0.0.1:53682/callback"
    params = {
        "response_type": "code",
        "client_id": "meg-inqom-desktop",
        "redirect_uri": redirect,
        "state": "s",
        "scope": scope,
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    authorize = urljoin(base, flow["authorizationUrl"])
    with httpx.Client(timeout=10) as browser:
        page = browser.get(f"{authorize}?{urlencode(params)}")
        assert page.status_code == 200, page.text
        action = re.search(r"<form method='post' action='([^']+)'", page.text)
        request_id = re.search(r"name='request_id' value='([^']+)'", page.text)
        assert action and request_id
        answer = browser.post(
            urljoin(authorize, unescape(action.group(1))),
            data={"request_id": request_id.group(1), "decision": "allow"},
        )
    assert answer.status_code == 302
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect,
        "client_id": "meg-inqom-desktop",
        "code_verifier": verifier,
    }
    if secret:
        form["client_secret"] = secret
    tokens: dict[str, Any] = httpx.post(
        urljoin(base, flow["tokenUrl"]), data=form, timeout=10
    ).json()
    return tokens
