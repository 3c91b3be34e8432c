"""Setup services shared by the wizard (GUI) and the command line; no Qt here.

Flow 1 of DESIGN.md: :func:`check_siret` → :func:`authorize` ("meg") → :func:`meg_status` →
:func:`preview_period` / :func:`validate_period` → :func:`authorize` ("inqom") →
:func:`list_inqom_folders` → ``Connector.connect_dossier``.

Every function takes optional ``endpoints`` (default: production; the sandbox's come from
:func:`endpoints_from_sandbox`), ``paths`` (data folder, for settings such as the proxy) and
``store`` (the credential store; sandbox tokens live in their own keyring namespace).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from meg_inqom_desktop.app.accounts import (
    AuthorizationHandle,
    authorize,
    authorize_in_sandbox,
    sign_in_with_password,
    usable_account,
)
from meg_inqom_desktop.app.services import (
    SANDBOX_NAMESPACE,
    SERVICES,
    checked_siret,
    credential_store,
    endpoints_from_sandbox,
    http_settings,
    resolve_endpoints,
)
from meg_inqom_desktop.domain.entry import Entry
from meg_inqom_desktop.domain.folder_match import Candidate, Match, chosen_folder, rank_folders
from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.meg.errors import (
    FIX_CONNECTION,
    FIX_PREMIUM,
    CompanyNotFound,
)
from meg_inqom_desktop.meg.mapping import ItemFailure
from meg_inqom_desktop.net.credentials import CredentialStore
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.errors import AuthorizationMissing
from meg_inqom_desktop.store.paths import DataPaths

__all__ = [
    "SANDBOX_NAMESPACE",
    "SERVICES",
    "AuthorizationHandle",
    "Endpoints",
    "InqomFolder",
    "MegStatus",
    "PeriodPreview",
    "ValidationReport",
    "authorize",
    "authorize_in_sandbox",
    "check_siret",
    "credential_store",
    "endpoints_from_sandbox",
    "http_settings",
    "list_inqom_folders",
    "meg_status",
    "preview_period",
    "sign_in_with_password",
    "usable_account",
    "validate_period",
]


def check_siret(text: str) -> Siret:
    """The checked SIRET, or ``InvalidSiret`` with a French explanation."""
    return Siret.parse(text)


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
    account: str = ""  # whose MEG authorization saw the company

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
    account: str | None = None,
) -> MegStatus:
    """Company found, premium licence, production-software connection, with the fixes.

    Asks with ``account``'s authorization, else with each kept MEG authorization in turn
    (the one known to reach the company first) until one sees the company; that account is
    then recorded as reaching it."""
    value = checked_siret(siret)
    ep = resolve_endpoints(endpoints)
    keep = store or credential_store(ep)
    accounts = [account] if account else await keep.run(_meg_accounts, keep, value)
    if not accounts:
        raise AuthorizationMissing("MEG", value)
    missing: CompanyNotFound | None = None
    for name in accounts:
        async with MegClient.open(
            ep, value, keep, settings=http_settings(paths), account=name
        ) as meg:
            try:
                company = await meg.company()
            except CompanyNotFound as exc:
                missing = exc
                continue
        await keep.run(keep.note_reach, "meg", name, value)
        break
    else:
        assert missing is not None
        return MegStatus(value, False, fix_steps={"company_found": missing.message})
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
        account=name,
    )


def _meg_accounts(store: CredentialStore, siret: str) -> list[str]:
    now = time.time()
    items = [a for a in store.authorizations("meg") if not a.expired(now)]
    items.sort(key=lambda a: siret not in a.reaches)  # stable: most recent first otherwise
    return [a.account for a in items]


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
    value = checked_siret(siret)
    ep = resolve_endpoints(endpoints)
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
    value = checked_siret(siret)
    ep = resolve_endpoints(endpoints)
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
    match: str = Match.NAME  # "siret", "siren" or "name" (Match)
    likeness: float = 0.0  # how much its name looks like the company's, 0..1
    chosen: bool = False  # the only folder with the dossier's SIRET: selected without asking


async def list_inqom_folders(
    siret: str | Siret,
    *,
    company_name: str = "",
    account: str | None = None,
    endpoints: Endpoints | Any | None = None,
    paths: DataPaths | None = None,
    store: CredentialStore | None = None,
) -> list[InqomFolder]:
    """The Inqom folders ``account`` (default: the one that reaches the dossier) sees, best
    match first: SIREN + NIC, then SIREN, then by likeness to ``company_name``."""
    value = checked_siret(siret)
    ep = resolve_endpoints(endpoints)
    keep = store or credential_store(ep)
    inqom = InqomClient.open(ep, value, keep, settings=http_settings(paths), account=account)
    async with inqom:
        found = [f for f in await inqom.folders() if f.Status != "Archived"]
    candidates = [Candidate(f.Id, f.Name, f.Siren or "", f.Nic or "") for f in found]
    ranked = rank_folders(value, company_name, candidates)
    pick = chosen_folder(ranked)
    return [
        InqomFolder(
            r.candidate.id,
            r.candidate.name,
            r.candidate.siren,
            r.candidate.nic,
            r.match is Match.SIRET,
            r.match,
            round(r.likeness, 3),
            r.candidate is pick,
        )
        for r in ranked
    ]
