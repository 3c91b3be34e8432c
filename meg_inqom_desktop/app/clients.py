"""The sync engine's client provider: authorised MEG and Inqom clients for a dossier.

``client_provider(paths, sandbox=None)`` is what the GUI, the CLI and ``serve`` hand to the
:class:`~meg_inqom_desktop.app.sync_service.SyncService`. Tokens come from the credential
store (the OS keyring), those of the account that reaches the dossier; with the embedded
sandbox, a dossier that no account reaches is authorised automatically (the sandbox's consent
page is "clicked" for the user). One rate limiter is shared by every Inqom client of the
provider, since Inqom counts requests per client and user.

Before each dossier's run the provider looks at the authorizations it will use: one that
cannot be renewed without the person and expires within a week (or has) gets its line in
« À traiter » and its :class:`~meg_inqom_desktop.app.sign_in.SignInNotice` for the tray
(:meth:`ClientProvider.take_notices`); a healthy one clears such lines.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx2

from meg_inqom_desktop.app import setup
from meg_inqom_desktop.app.sign_in import SignInNotice, notice_for, record_notice, resolve_notices
from meg_inqom_desktop.inqom.client import InqomClient
from meg_inqom_desktop.meg.client import MegClient
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring, keyring_usable
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.http import HttpSettings, RetryPolicy
from meg_inqom_desktop.net.ratelimit import TokenBucket
from meg_inqom_desktop.store.models import DossierRow

if TYPE_CHECKING:
    from meg_inqom_desktop.sandbox.server import SandboxHandle
from meg_inqom_desktop.store.paths import DataPaths

log = logging.getLogger(__name__)

# Inqom allows 15 requests per second per client and user over a sliding one-second window.
# The push sends its requests one after the other; with one token at most in the bucket, 15
# consecutive requests span at least 14 / 13.8 = 1.0145 s, so the window never holds 16, while
# 92 % of the allowance is used (the Inqom client's own default, 12.5/s + 2, uses 83 %).
SYNC_INQOM_RATE = 13.8
SYNC_INQOM_BURST = 1.0


@dataclass
class DossierClients:
    """The clients of one dossier for one run (closed by the engine at the end)."""

    meg: MegClient
    inqom: InqomClient | None = None

    def retry_stats(self) -> dict[str, Any]:
        stats = {"meg": self.meg.stats.snapshot()}
        if self.inqom is not None:
            stats["inqom"] = self.inqom.stats.snapshot()
        return stats

    async def aclose(self) -> None:
        await self.meg.aclose()
        if self.inqom is not None:
            await self.inqom.aclose()


@dataclass(frozen=True)
class ClientTuning:
    """Retry policies and Inqom's rate limiter (tests and benchmarks make them faster)."""

    meg_policy: RetryPolicy | None = None
    inqom_policy: RetryPolicy | None = None
    limiter: TokenBucket | None = None


@dataclass
class ClientProvider:
    """Builds :class:`DossierClients`; see the module docstring."""

    endpoints: Endpoints
    store: CredentialStore
    settings: HttpSettings = field(default_factory=HttpSettings)
    sandbox: SandboxHandle | None = None
    meg_policy: RetryPolicy | None = None
    inqom_policy: RetryPolicy | None = None
    limiter: TokenBucket = field(
        default_factory=lambda: TokenBucket(SYNC_INQOM_RATE, SYNC_INQOM_BURST)
    )
    _auth_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    clock: Callable[[], float] = time.time
    notices: dict[str, SignInNotice] = field(default_factory=dict)

    async def _sandbox_authorize(self, service: str, siret: str) -> None:
        if self.sandbox is None or await self.store.aaccount_for(service, siret):
            return
        async with self._auth_lock:
            if await self.store.aaccount_for(service, siret):
                return
            await setup.authorize_in_sandbox(
                self.sandbox, service, siret, store=self.store, endpoints=self.endpoints
            )
            log.info("sandbox: %s authorised automatically for %s", service, siret)

    async def _look_at_sign_in(self, dossier: DossierRow, service: str) -> None:
        """Record (or clear) the dossier's « À traiter » line about the account's sign-in."""
        account = await self.store.aaccount_for(service, dossier.siret)
        auth = await self.store.aauthorization(service, account) if account else None
        if auth is None:
            return  # the client says the authorization is missing at its first call
        notice = notice_for(auth, self.clock())
        if notice is None:
            resolve_notices(dossier.id, service)
            return
        record_notice(dossier.id, notice)
        self.notices[notice.source_id] = notice

    def take_notices(self) -> list[SignInNotice]:
        """The sign-in notices of the runs since the last call (for the tray)."""
        notices, self.notices = list(self.notices.values()), {}
        return notices

    async def connect(self, dossier: DossierRow) -> DossierClients:
        siret = dossier.siret
        await self._sandbox_authorize("meg", siret)
        await self._look_at_sign_in(dossier, "meg")
        meg = MegClient.open(
            self.endpoints, siret, self.store, settings=self.settings, policy=self.meg_policy
        )
        inqom = None
        if not dossier.local_only and dossier.inqom_folder_id is not None:
            await self._sandbox_authorize("inqom", siret)
            await self._look_at_sign_in(dossier, "inqom")
            inqom = InqomClient.open(
                self.endpoints,
                siret,
                self.store,
                settings=self.settings,
                policy=self.inqom_policy,
                limiter=self.limiter,
            )
        return DossierClients(meg, inqom)

    async def network_ok(self) -> bool:
        """True if MEG's host answers at all (any HTTP status), within a few seconds."""
        try:
            async with httpx2.AsyncClient(timeout=5.0, proxy=self.settings.proxy) as client:
                await client.get(self.endpoints.meg_url)
        except httpx2.HTTPError:
            return False
        return True

    async def aclose(self) -> None:
        """Nothing kept open between runs."""


def sandbox_store(endpoints: Endpoints) -> CredentialStore:
    """The sandbox's token namespace; in memory when the OS has no usable keyring."""
    store = setup.credential_store(endpoints)
    if not keyring_usable():
        store = CredentialStore(store.namespace, backend=EphemeralKeyring())
    return store


def client_provider(
    paths: DataPaths | None,
    *,
    sandbox: SandboxHandle | None = None,
    endpoints: Endpoints | None = None,
    store: CredentialStore | None = None,
    tuning: ClientTuning | None = None,
) -> ClientProvider:
    """The provider for production (default) or for a running sandbox handle."""
    tune = tuning or ClientTuning()
    extra: dict[str, Any] = {"meg_policy": tune.meg_policy, "inqom_policy": tune.inqom_policy}
    if tune.limiter is not None:
        extra["limiter"] = tune.limiter
    if sandbox is not None:
        ep = endpoints or setup.endpoints_from_sandbox(sandbox)
        return ClientProvider(
            ep, store or sandbox_store(ep), setup.http_settings(paths), sandbox, **extra
        )
    ep = endpoints or Endpoints.production()
    return ClientProvider(
        ep, store or setup.credential_store(ep), setup.http_settings(paths), **extra
    )
