"""Setup services shared by the wizard (GUI) and the command line; no Qt here.

Flow 1 of DESIGN.md: :func:`check_siret` → :func:`authorize` ("meg") → :func:`meg_status` →
:func:`preview_period` / :func:`validate_period` → :func:`authorize` ("inqom") →
:func:`list_inqom_folders` → ``Connector.connect_dossier``.

Every function takes optional ``endpoints`` (default: production; the sandbox's come from
:func:`endpoints_from_sandbox`), ``paths`` (data folder, for settings such as the proxy) and
``store`` (the credential store; sandbox tokens live in their own keyring namespace).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.meg.errors import (
    FIX_CONNECTION,
    FIX_PREMIUM,
    CompanyNotFound,
)
from meg_inqom_desktop.meg.mapping import ItemFailure
from meg_inqom_desktop.net.credentials import DEFAULT_NAMESPACE, CredentialStore
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.http import HttpCaller, HttpSettings, build_client
from meg_inqom_desktop.net.loopback import open_browser
from meg_inqom_desktop.net.oauth import AuthorizationFlow, TokenResponse
from meg_inqom_desktop.store.paths import DataPaths

__all__ = [
    "AuthorizationHandle",
    "Endpoints",
    "InqomFolder",
    "MegStatus",
    "PeriodPreview",
    "ValidationReport",
    "authorize",
    "check_siret",
    "credential_store",
    "endpoints_from_sandbox",
    "list_inqom_folders",
    "meg_status",
    "preview_period",
    "validate_period",
]

SANDBOX_NAMESPACE = f"{DEFAULT_NAMESPACE}-sandbox"
SERVICES = {"meg": "MEG", "inqom": "Inqom"}


def endpoints_from_sandbox(handle: Any) -> Endpoints:
    """Endpoints of a running sandbox (``SandboxHandle`` with ``meg_url``/``inqom_url``)."""
    if isinstance(handle, Endpoints):
        return handle
    return Endpoints.from_sandbox(handle)


def _endpoints(endpoints: Endpoints | Any | None) -> Endpoints:
    if endpoints is None:
        return Endpoints.production()
    return endpoints_from_sandbox(endpoints)


def credential_store(endpoints: Endpoints | None = None) -> CredentialStore:
    """The keyring namespace: real tokens and sandbox tokens never mix."""
    sandbox = endpoints is not None and endpoints.sandbox
    return CredentialStore(SANDBOX_NAMESPACE if sandbox else DEFAULT_NAMESPACE)


def http_settings(paths: DataPaths | None) -> HttpSettings:
    """Connection settings, with the proxy of the app settings when one is set."""
    if paths is None:
        return HttpSettings()
    try:
        from meg_inqom_desktop.app.settings import load_settings

        proxy = load_settings(paths.settings).proxy.strip()
    except Exception:  # unreadable settings: the environment's proxy applies
        proxy = ""
    return HttpSettings(proxy=proxy or None)


def check_siret(text: str) -> Siret:
    """The checked SIRET, or ``InvalidSiret`` with a French explanation."""
    return Siret.parse(text)


def _siret(text: str | Siret) -> str:
    return text.value if isinstance(text, Siret) else Siret.parse(text).value


# Authorization ------------------------------------------------------------------------------


@dataclass
class AuthorizationHandle:
    """A browser authorization in progress: show ``url`` (and "Copier le lien" when
    ``browser_opened`` is False), await :meth:`wait`, or :meth:`cancel`."""

    service: str
    siret: str
    url: str
    browser_opened: bool
    _flow: AuthorizationFlow
    _http: Any
    _task: asyncio.Task[TokenResponse] | None = None

    async def wait(self) -> bool:
        """Completes when the browser came back and the token is stored (True)."""
        if self._task is None:
            self._task = asyncio.ensure_future(self._flow.wait())
        try:
            await self._task
        finally:
            await self._http.aclose()
        return True

    def cancel(self) -> None:
        """Stop waiting (safe to call from a Qt slot: no await needed)."""
        self._flow.mark_cancelled()
        if self._task is not None:
            self._task.cancel()
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().create_task(self._flow.receiver.close())


async def authorize(
    service: str,
    siret: str | Siret,
    *,
    open_browser: Callable[[str], Awaitable[bool]] | None = open_browser,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
    timeout: float = 300.0,
) -> AuthorizationHandle:
    """Start the desktop authorization of ``service`` ("meg" or "inqom") for a dossier."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    value = _siret(siret)
    ep = _endpoints(endpoints)
    http = build_client(http_settings(paths))
    caller = HttpCaller(http, SERVICES[service])
    flow = AuthorizationFlow(
        caller,
        ep.oauth(service),
        store or credential_store(ep),
        value,
        browser=open_browser,
        timeout=timeout,
    )
    try:
        url = await flow.start()
    except BaseException:
        await http.aclose()
        raise
    return AuthorizationHandle(service, value, url, flow.browser_opened, flow, http)


async def authorize_in_sandbox(
    sandbox: Any,
    service: str,
    siret: str | Siret,
    *,
    store: CredentialStore | None = None,
    decision: str = "allow",
) -> None:
    """The whole browser authorization against a running sandbox, its consent page answered
    by the sandbox's browser helper (demo mode, ``--sandbox`` commands, tests)."""
    ep = endpoints_from_sandbox(sandbox)
    handle = await authorize(service, siret, open_browser=None, endpoints=ep, store=store)
    waiter = asyncio.ensure_future(handle.wait())
    try:
        await asyncio.to_thread(
            sandbox.authorize_as_browser, handle.url, decision=decision, follow=True
        )
        await waiter
    except BaseException:
        handle.cancel()
        waiter.cancel()
        with contextlib.suppress(BaseException):
            await waiter
        raise


# MEG ----------------------------------------------------------------------------------------


def _meg(
    siret: str, ep: Endpoints, paths: DataPaths | None, store: CredentialStore | None
) -> MegClient:
    return MegClient.open(ep, siret, store or credential_store(ep), settings=http_settings(paths))


@dataclass(frozen=True)
class MegStatus:
    """What MEG says of the company, and how to fix what is missing."""

    siret: str
    found: bool
    name: str = ""
    premium: bool = False
    connection_enabled: bool = False
    fix_steps: dict[str, str] = field(default_factory=dict)

    @property
    def connection(self) -> bool:
        return self.connection_enabled

    @property
    def ready(self) -> bool:
        return self.found and self.premium and self.connection_enabled


async def meg_status(
    siret: str | Siret,
    *,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
) -> MegStatus:
    """Company found, premium licence, production-software connection, with the fixes."""
    value = _siret(siret)
    ep = _endpoints(endpoints)
    async with _meg(value, ep, paths, store) as meg:
        try:
            company = await meg.company()
        except CompanyNotFound as exc:
            return MegStatus(value, False, fix_steps={"company_found": exc.message})
    fixes: dict[str, str] = {}
    if not company.premium_licence:
        fixes["premium"] = f"Dans MEG : {FIX_PREMIUM}."
    if not company.production_software_connection:
        fixes["connection"] = f"Dans MEG : {FIX_CONNECTION}, puis cochez la case."
    return MegStatus(
        value,
        True,
        company.name,
        company.premium_licence,
        company.production_software_connection,
        fixes,
    )


@dataclass(frozen=True)
class PreviewLine:
    """One row of the preview table."""

    entry_id: str
    journal: str
    date: date | None
    piece_ref: str
    account: str
    aux_account: str
    label: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class JournalTotals:
    journal: str
    entry_count: int
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class PeriodPreview:
    """What validating ``start``..``end`` would lock."""

    start: date
    end: date
    months: list[str]
    already_validated: list[str]
    entries: list[Entry]
    failures: list[ItemFailure]
    totals: list[JournalTotals]

    @property
    def lines(self) -> list[PreviewLine]:
        return [
            PreviewLine(
                e.source_id,
                e.journal.code,
                e.date,
                e.piece_ref,
                ln.account,
                ln.aux_account,
                ln.label,
                ln.debit,
                ln.credit,
            )
            for e in self.entries
            for ln in e.lines
        ]


async def preview_period(
    siret: str | Siret,
    start: date,
    end: date,
    *,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
) -> PeriodPreview:
    """The entries a validation of the period would lock, with totals per journal."""
    value = _siret(siret)
    ep = _endpoints(endpoints)
    async with _meg(value, ep, paths, store) as meg:
        result = await meg.preview(start, end)
    p = result.preview
    totals = [
        JournalTotals(t.journal, t.entry_count, Decimal(t.debit), Decimal(t.credit))
        for t in p.totals
    ]
    return PeriodPreview(
        p.from_, p.to, p.months, p.already_validated, result.entries, result.failures, totals
    )


@dataclass(frozen=True)
class ValidationReport:
    start: date
    end: date
    months: list[str]
    count: int
    validated_at: Any


async def validate_period(
    siret: str | Siret,
    start: date,
    end: date,
    *,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
) -> ValidationReport:
    """Lock the period in MEG (irreversible: ask the user first)."""
    value = _siret(siret)
    ep = _endpoints(endpoints)
    async with _meg(value, ep, paths, store) as meg:
        v = await meg.validate(start, end)
    return ValidationReport(v.from_, v.to, v.months, v.entry_count, v.validated_at)


# Inqom --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InqomFolder:
    id: int
    name: str
    siren: str
    nic: str
    matches: bool  # same SIREN and NIC as the dossier


async def list_inqom_folders(
    siret: str | Siret,
    *,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
) -> list[InqomFolder]:
    """The Inqom folders the user reaches, the one matching SIREN+NIC first."""
    value = _siret(siret)
    ep = _endpoints(endpoints)
    inqom = InqomClient.open(
        ep, value, store or credential_store(ep), settings=http_settings(paths)
    )
    async with inqom:
        folders = await inqom.find_folders(value)
    return [
        InqomFolder(
            f.Id,
            f.Name,
            f.Siren or "",
            f.Nic or "",
            (f.Siren or "") == value[:9] and (f.Nic or "") == value[9:],
        )
        for f in folders
    ]
