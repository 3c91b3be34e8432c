"""Sandbox test helpers: a contract checker and HTTP clients that validate every response.

Every response the sandbox sends through an ``Api`` client is checked against
``resources/meg-api.yaml`` or ``resources/inqom-api.yaml``: the status must be declared for
the operation and a JSON body must validate against the declared schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
SERVICES = {"meg": "meg-api.yaml", "inqom": "inqom-api.yaml"}


class ContractError(AssertionError):
    """A sandbox response that its contract does not allow."""


class Contract:
    """One OpenAPI document, able to check a response of one of its operations."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.doc: dict[str, Any] = yaml.safe_load((RESOURCES / SERVICES[service]).read_text())
        uri = f"urn:contract:{service}"
        self.uri = uri
        self.registry: Registry[Any] = Registry().with_resource(
            uri, Resource.from_contents(self.doc, default_specification=DRAFT202012)
        )
        self.templates = []
        for template in self.doc["paths"]:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            self.templates.append((re.compile(f"^{pattern}$"), template))
        self.covered: set[tuple[str, str, int]] = set()
        self._validators: dict[str, Draft202012Validator] = {}

    def operations(self) -> set[tuple[str, str]]:
        return {(t, m.upper()) for t, ops in self.doc["paths"].items() for m in ops}

    def template_for(self, path: str) -> str:
        matches = [t for rx, t in self.templates if rx.match(path)]
        if not matches:
            raise ContractError(f"{self.service}: no contract path for {path}")
        return min(matches, key=lambda t: t.count("{"))  # literal segments win

    def _deref(self, node: dict[str, Any]) -> tuple[dict[str, Any], str]:
        pointer = ""
        while "$ref" in node:
            pointer = node["$ref"][1:]
            node = self.doc
            for part in pointer.strip("/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, pointer

    def check(self, method: str, path: str, response: httpx.Response) -> None:
        template = self.template_for(path)
        op = self.doc["paths"][template].get(method.lower())
        if op is None:
            raise ContractError(f"{method} {template} is not in the {self.service} contract")
        status = response.status_code
        responses = op["responses"]
        key = next(
            (k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None
        )
        if key is None:
            raise ContractError(
                f"{method} {template}: status {status} not declared ({response.text[:200]})"
            )
        self.covered.add((template, method.upper(), status))
        spec, _ = self._deref(responses[key])
        content = spec.get("content")
        ctype = response.headers.get("content-type", "").split(";")[0].strip()
        if not content:
            return
        if ctype not in content and "*/*" not in content:
            raise ContractError(
                f"{method} {template} {status}: content type {ctype!r} not among {sorted(content)}"
            )
        if ctype != "application/json":
            return
        pointer = "/paths/" + template.replace("~", "~0").replace("/", "~1")
        pointer += f"/{method.lower()}/responses/{key}"
        if "$ref" in responses[key]:
            _, pointer = self._deref(responses[key])
        pointer += "/content/application~1json/schema"
        validator = self._validators.get(pointer)
        if validator is None:
            validator = Draft202012Validator(
                {"$ref": f"{self.uri}#{pointer}"},
                registry=self.registry,
                format_checker=FormatChecker(),
            )
            self._validators[pointer] = validator
        errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.path))
        if errors:
            detail = "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
            raise ContractError(f"{method} {template} {status}: {detail}")


_CONTRACTS = {name: Contract(name) for name in SERVICES}


@pytest.fixture(scope="session")
def contracts() -> dict[str, Contract]:
    return _CONTRACTS


def check_response(response: httpx.Response) -> None:
    """Event hook: check a sandbox response against its service's contract."""
    path = response.request.url.path
    for service in SERVICES:
        prefix = f"/{service}"
        if path.startswith(prefix + "/"):
            response.read()
            _CONTRACTS[service].check(response.request.method, path[len(prefix) :], response)
            return


class Api(httpx.Client):
    """An HTTP client on one service of a sandbox; every response is contract-checked."""

    def __init__(self, handle: SandboxHandle, service: str, token: str | None = None) -> None:
        base = handle.meg_url if service == "meg" else handle.inqom_url
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(
            base_url=base,
            headers=headers,
            timeout=30,
            follow_redirects=False,
            event_hooks={"response": [check_response]},
        )
        self.handle = handle


ApiFactory = Callable[..., Api]


@pytest.fixture
def api() -> Iterator[ApiFactory]:
    """``api(handle, "meg"|"inqom", token=...)``: contract-checked clients, closed after."""
    made: list[Api] = []

    def make(handle: SandboxHandle, service: str, token: str | None = None) -> Api:
        client = Api(handle, service, token)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def sb() -> Iterator[SandboxHandle]:
    """A fresh sandbox without rate limit (rules tests send many requests quickly)."""
    handle = start_sandbox(rate_limit=None)
    yield handle
    handle.stop()


@pytest.fixture(scope="module")
def msb() -> Iterator[SandboxHandle]:
    """One sandbox per test module, for tests that only add independent state (tokens...)."""
    handle = start_sandbox(rate_limit=None)
    yield handle
    handle.stop()
