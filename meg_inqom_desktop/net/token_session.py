"""``TokenSession``: one account's bearer tokens for the API clients (``http.BearerAuth``).

The access token lives in memory and in the credential store until it expires: the account's
other dossiers and processes use it (forty dossiers of one person: one renewal, not forty),
and a restart needs no new sign-in. It is renewed with the refresh token when there is one
(under a lock: a rotated refresh token used twice would make the server revoke the whole
family), with the remembered password of a service account, or else
:class:`~meg_inqom_desktop.net.errors.SignInNeeded`: the person signs in again. On an API 401
the caller renews once (:meth:`TokenSession.invalidate`), then reports.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from meg_inqom_desktop.net.credentials import Authorization, CredentialStore, Secrets
from meg_inqom_desktop.net.errors import (
    AuthorizationMissing,
    AuthorizationRevoked,
    SignInNeeded,
    WrongCredentials,
)
from meg_inqom_desktop.net.http import HttpCaller
from meg_inqom_desktop.net.oauth import (
    OAuthConfig,
    TokenResponse,
    account_of,
    client_secret,
    password_grant,
    refresh_tokens,
    revoke_token,
)

log = logging.getLogger(__name__)

EXPIRY_SKEW = 30.0  # renew this many seconds before the access token expires

_RENEW_LOCKS: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[str, str, str], asyncio.Lock]
] = weakref.WeakKeyDictionary()


def _renew_lock(namespace: str, service: str, account: str) -> asyncio.Lock:
    """One lock per account and event loop, shared by every session of that account: forty
    dossiers share one authorization, and the dashboard asks MEG for several at once while
    a sync runs. They renew one after the other, each with the refresh token the previous
    one stored; two renewals with the same rotated token would make the server revoke the
    whole authorization (RFC 9700 §4.14)."""
    locks = _RENEW_LOCKS.setdefault(asyncio.get_running_loop(), {})
    return locks.setdefault((namespace, service, account), asyncio.Lock())


@dataclass
class TokenSession:
    """Bearer tokens of one account at one service (implements ``http.BearerAuth``).

    ``account`` None: the account that reaches ``siret`` (:meth:`CredentialStore.account_for`),
    looked up at the first call.
    """

    caller: HttpCaller  # an un-authenticated caller for the token endpoint
    config: OAuthConfig
    store: CredentialStore
    siret: str = ""
    account: str | None = None
    clock: Callable[[], float] = time.time
    _access: str | None = field(default=None, repr=False)
    _expires_at: float = 0.0
    refreshes: int = 0

    def adopt(self, tokens: TokenResponse) -> None:
        """Use freshly obtained tokens (the caller stores what must be kept)."""
        self._access = tokens.access_token
        self._expires_at = self.clock() + (tokens.expires_in or 0)

    def _valid(self) -> bool:
        return self._access is not None and self.clock() < self._expires_at - EXPIRY_SKEW

    async def _account(self) -> str:
        if self.account is None:
            self.account = await self.store.aaccount_for(self.config.service, self.siret)
            if self.account is None:
                raise AuthorizationMissing(self.config.display_name, self.siret)
        return self.account

    async def access_token(self) -> str:
        if self._valid():
            assert self._access is not None
            return self._access
        async with _renew_lock(self.store.namespace, self.config.service, await self._account()):
            if not self._valid() and not await self._load_kept():
                await self._renew()
            assert self._access is not None
            return self._access

    async def _load_kept(self) -> bool:
        """Use the access token kept in the keyring when it is still valid."""
        account = await self._account()
        auth = await self.store.aauthorization(self.config.service, account)
        if auth is None:
            raise AuthorizationMissing(self.config.display_name, self.siret)
        if auth.expires_at is None or self.clock() >= auth.expires_at - EXPIRY_SKEW:
            return False
        kept = (await self.store.asecrets(self.config.service, account)).access_token
        if not kept:
            return False
        self._access, self._expires_at = kept, auth.expires_at
        return True

    async def invalidate(self, stale: str) -> None:
        """The server refused ``stale``: renew once (the caller then retries, or reports)."""
        async with _renew_lock(self.store.namespace, self.config.service, await self._account()):
            if self._access == stale or self._access is None:
                self._access = None
                account = await self._account()
                auth = await self.store.aauthorization(self.config.service, account)
                if auth is not None and auth.expires_at is not None:
                    # the kept token is refused before its time: it must not be used again
                    await self.store.run(
                        self.store.update, self.config.service, account, expires_at=self.clock()
                    )
                await self._renew()

    async def _renew(self) -> None:
        name, service = self.config.display_name, self.config.service
        account = await self._account()
        auth = await self.store.aauthorization(service, account)
        if auth is None:
            raise AuthorizationMissing(name, self.siret)
        kept = await self.store.asecrets(service, account)
        secret = await client_secret(self.config, self.store)
        if kept.refresh_token:
            try:
                tokens = await refresh_tokens(
                    self.caller,
                    self.config,
                    kept.refresh_token,
                    self.siret,
                    secret=secret,
                    account="" if auth.migrated else account,
                )
            except AuthorizationRevoked:
                await self.store.run(self.store.forget, service, account)
                raise
            # rotation: the old refresh token is now spent; the access token is kept for the
            # account's other dossiers and processes until it expires
            new = Secrets(tokens.refresh_token or kept.refresh_token, tokens.access_token)
            expires = self.clock() + (tokens.expires_in or 0)
            await self.store.run(self.store.update, service, account, new, expires_at=expires)
            await self._learn_identity(auth, tokens)
        elif kept.password and auth.method == "password":
            try:
                tokens = await password_grant(
                    self.caller, self.config, account, kept.password, secret
                )
            except WrongCredentials:  # the password changed: the one kept is useless now
                await self.store.run(
                    self.store.update, service, account, Secrets(), renewable=False
                )
                raise
            expires = self.clock() + (tokens.expires_in or 0)
            await self.store.run(
                self.store.update,
                service,
                account,
                Secrets(access_token=tokens.access_token, password=kept.password),
                expires_at=expires,
            )
        else:
            raise SignInNeeded(name, account, password_grant=auth.method == "password")
        self.adopt(tokens)
        self.refreshes += 1
        log.info("%s access token renewed", name)

    async def _learn_identity(self, auth: Authorization, tokens: TokenResponse) -> None:
        """A migrated per-SIRET token takes the name of its account once the service says it."""
        known = account_of(tokens)
        if auth.migrated and known and known != auth.account:
            await self.store.run(self.store.rename, auth.service, auth.account, known)
            self.account = known

    async def revoke(self) -> None:
        """Revoke the account's refresh token at the server and forget it locally."""
        account = await self._account()
        kept = await self.store.asecrets(self.config.service, account)
        try:
            if kept.refresh_token:
                secret = await client_secret(self.config, self.store)
                await revoke_token(self.caller, self.config, kept.refresh_token, secret=secret)
        finally:
            await self.store.run(self.store.forget, self.config.service, account)
            self._access = None
