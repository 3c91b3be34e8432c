"""The one front door over the core, for the desktop app and the command line alike.

A :class:`Connector` is one data folder at work: its ledger database, its lock, its settings,
the MEG and Inqom services (real, or the embedded sandbox) and the sync. The GUI's pages and
the CLI's commands call its methods for every use case, never the store, the clients or the
sync engine directly; what it returns are plain dataclasses. No Qt here.

One process syncs a data folder at a time (DESIGN.md). The data folder's lock is taken by
:meth:`Connector.take_lock` (the GUI keeps it for its lifetime, a CLI command for its own);
crash recovery (runs left ``running`` closed, partial pièce files deleted, pushes left
``sending`` found) happens once, with the lock held, because a process recovering while another
one syncs would close a live run and delete a pièce being written. Without the lock the ledger
stays readable and :meth:`Connector.sync` raises :class:`DataFolderLocked`.

Heavy parts (network clients, the sync engine, FEC code) are imported when first used: the
first window paints before they load.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from meg_inqom_desktop.app.instance_lock import InstanceLock
from meg_inqom_desktop.errors import DataFolderLocked
from meg_inqom_desktop.store import dossiers, ledger_queries
from meg_inqom_desktop.store.database import close_database, open_database
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.dossiers import DossierRecord, DossierStatus
from meg_inqom_desktop.store.ledger_queries import (
    AccountTotals,
    DocumentInfo,
    GrandLivrePage,
    LedgerFilter,
    LedgerLine,
    LineKey,
    Totals,
)
from meg_inqom_desktop.store.paths import DataPaths
from meg_inqom_desktop.store.todo import TodoItem, todo_items

if TYPE_CHECKING:
    from meg_inqom_desktop.app.accounts import AuthorizationInfo
    from meg_inqom_desktop.app.clients import ClientProvider, ClientTuning
    from meg_inqom_desktop.app.conflicts import ConflictResolution
    from meg_inqom_desktop.app.dossier_board import (
        DossierBoard,
        DossierDashboard,
        MegPlan,
        MonthToValidate,
        ValidationOutcome,
    )
    from meg_inqom_desktop.app.firm import ConnectionCheck
    from meg_inqom_desktop.app.inqom_decisions import InqomDecision
    from meg_inqom_desktop.app.installation import InqomInstallation
    from meg_inqom_desktop.app.settings import Settings
    from meg_inqom_desktop.app.setup import (
        AuthorizationHandle,
        InqomFolder,
        MegStatus,
        PeriodPreview,
        ValidationReport,
    )
    from meg_inqom_desktop.app.sync_service import SyncService
    from meg_inqom_desktop.domain.fec.regime import FecRegime
    from meg_inqom_desktop.net.credentials import Authorization, CredentialStore
    from meg_inqom_desktop.net.endpoints import Endpoints
    from meg_inqom_desktop.sandbox.server import SandboxHandle
    from meg_inqom_desktop.store.audit import AuditRecord
    from meg_inqom_desktop.store.content_store import ContentStore
    from meg_inqom_desktop.store.dossiers import DossierContents
    from meg_inqom_desktop.store.fec.check import FecScan
    from meg_inqom_desktop.store.fec.exporter import FecExportResult
    from meg_inqom_desktop.store.fec.importer import FecImportResult, ImportQuestion
    from meg_inqom_desktop.sync.engine import EngineOptions, RunResult
    from meg_inqom_desktop.sync.relink import RelinkReport
    from meg_inqom_desktop.sync.runs import LiveRun, Progress, RunInfo

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
ProgressListener = Callable[["Progress"], None]
ByteProgress = Callable[[int], None]


@dataclass(frozen=True)
class StartReport:
    """What :meth:`Connector.start` found: the lock, and what a crash left behind."""

    lock_held: bool
    closed_runs: int = 0
    unsettled_dossiers: tuple[int, ...] = ()  # pushes left ``sending``: next run reads back


@dataclass(frozen=True)
class FilterChoices:
    """What the ledger filters of a dossier can offer."""

    provenances: list[str]
    journals: list[str]


class Connector:
    """One data folder at work; see the module docstring."""

    def __init__(
        self,
        paths: DataPaths,
        *,
        sandbox: SandboxHandle | None = None,
        endpoints: Endpoints | None = None,
        store: CredentialStore | None = None,
        open_browser: bool = True,
        tuning: ClientTuning | None = None,
        engine: EngineOptions | None = None,
        database: str | None = None,
    ) -> None:
        self.paths = paths
        self.database_option = database  # --database: the firm's PostgreSQL URL
        self.sandbox = sandbox
        self.open_browser = open_browser  # False in tests: the test plays the browser
        self._settings: Settings | None = None  # read when first needed
        self._store = store
        self._tuning = tuning
        self._engine = engine
        self._endpoints = endpoints  # default: the sandbox's, else production
        self._endpoints_given = endpoints is not None
        self._sync: SyncService | None = None
        self._provider: ClientProvider | None = None
        self._content: ContentStore | None = None
        self._lock = InstanceLock(paths.lock)
        self.lock_error: DataFolderLocked | None = None
        self._recovered: StartReport | None = None
        self._board: DossierBoard | None = None

    # -- the data folder ----------------------------------------------------------------------

    @property
    def database_url(self) -> str | None:
        """The firm's PostgreSQL URL in use (``--database``, ``MEG_INQOM_DATABASE``, then the
        settings), or None: the data folder's own SQLite ledger."""
        from meg_inqom_desktop.store.postgres import database_url

        return database_url(self.database_option, self.settings.firm_database)

    @property
    def firm_mode(self) -> bool:
        return self.database_url is not None

    def database_label(self) -> str:
        """Where the ledger is, for people: the firm database's URL (no password) or the file."""
        from meg_inqom_desktop.store.postgres import display_url

        url = self.database_url
        return display_url(url) if url else str(self.paths.database)

    def open(self, *, create: bool = True) -> Connector:
        """Open the ledger database (created, or migrated after a backup, when needed): the
        firm's PostgreSQL database in firm mode, else the data folder's SQLite file."""
        url = self.database_url
        password = None
        if url:
            from meg_inqom_desktop.app.firm import stored_password

            password = stored_password(url)
        open_database(self.paths.ensure(), create=create, url=url, password=password)
        return self

    def close(self) -> None:
        """Give the lock back and close the ledger database."""
        self._lock.release()
        close_database()

    def use_sandbox(self, sandbox: SandboxHandle) -> None:
        """Talk to this sandbox instead of the real services (before anything connects)."""
        if self._sync is not None:
            raise RuntimeError("the sync has started: too late to change services")
        self.sandbox = sandbox
        self._endpoints = None
        self._store = None

    @contextmanager
    def opened(self, *, lock: bool = False, create: bool = True) -> Iterator[Connector]:
        """The ledger open for the block (and the data folder locked and recovered when
        ``lock``: :class:`DataFolderLocked` if another process holds it); closed after."""
        self.open(create=create)
        try:
            if lock:
                self.require_lock()
                self.recover()
            yield self
        finally:
            self.close()

    @property
    def lock_held(self) -> bool:
        return self._lock.held

    @property
    def locked_owner(self) -> str:
        """The pid of the process holding the data folder ("" if unknown or not locked)."""
        if self.lock_error is None:
            return ""
        return str(self.lock_error.context.get("owner") or "")

    def take_lock(self) -> bool:
        """Take the data folder's lock if free (kept until :meth:`aclose`); True when held."""
        try:
            self.require_lock()
        except DataFolderLocked:
            return False
        return True

    def require_lock(self) -> None:
        """Take the data folder's lock or raise :class:`DataFolderLocked`."""
        if self._lock.held:
            return
        try:
            self._lock.acquire()
        except DataFolderLocked as exc:
            self.lock_error = exc
            raise
        self.lock_error = None

    def recover(self) -> StartReport:
        """After a crash, once, with the lock held: runs left ``running`` closed, partial
        pièce files removed, a previous sandbox's Inqom ids forgotten; returns what it found
        (pushes left ``sending`` are settled by the next run of their dossier, which reads
        Inqom back first)."""
        if self._recovered is None:
            from meg_inqom_desktop.sync.push_records import unsettled_dossiers
            from meg_inqom_desktop.sync.runs import close_interrupted_runs

            # on a firm database other workstations' runs are alive: each dossier's dead runs
            # are closed by whoever takes its lease next (sync.engine)
            closed = 0 if self.firm_mode else close_interrupted_runs()
            self.content_store.remove_leftovers()
            self._migrate_quietly()
            self._adopt_sandbox()
            unsettled = unsettled_dossiers()
            if closed or unsettled:
                log.info("recovered: %d run(s) closed, push to read back for %s", closed, unsettled)
            self._recovered = StartReport(True, closed, unsettled)
        return self._recovered

    def _migrate_quietly(self) -> None:
        """Crash recovery must not fail for want of a keyring: say it and go on."""
        from meg_inqom_desktop.errors import CredentialStoreUnavailable

        try:
            self.migrate_authorizations()
        except CredentialStoreUnavailable as exc:
            log.warning("authorizations not migrated: %s", exc.message)

    async def start(self) -> StartReport:
        """The GUI's start: take the lock and, if taken, recover (in a worker thread)."""
        if not self.take_lock():
            log.warning("data folder synced by another process: %s", self.lock_error)
            return StartReport(lock_held=False)
        return await _in_thread(self.recover)

    async def aclose(self) -> None:
        """Cancel a running sync, close the clients and give the lock back."""
        try:
            if self._sync is not None:
                await self._sync.aclose()
        finally:
            self._lock.release()

    @staticmethod
    async def in_thread(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """One of these methods in a worker thread with its own database connection, for
        reads that may take a moment while a window must stay responsive."""
        return await _in_thread(func, *args, **kwargs)

    # -- settings -----------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The data folder's settings (read from its file when first asked for)."""
        if self._settings is None:
            from meg_inqom_desktop.app.settings import load_settings

            self._settings = load_settings(self.paths.settings)
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    def save_settings(self, settings: Settings) -> Settings:
        from meg_inqom_desktop.app.settings import save_settings

        before = self.settings
        self.settings = save_settings(self.paths.settings, settings)
        inqom = (self.settings.inqom_environment, self.settings.inqom_client_id)
        if (
            inqom != (before.inqom_environment, before.inqom_client_id)
            and not self._endpoints_given
        ):
            self._endpoints = None  # the next sign-in and sync use the new Inqom client
        changes = _setting_changes(before, self.settings)
        if changes and DB.obj is not None:  # who changed which setting
            _audit("setting_changed", " ; ".join(changes), data={"changes": changes})
        return self.settings

    @staticmethod
    def check_firm_database(url: str, password: str | None = None) -> ConnectionCheck:
        """Test a firm database URL (``password``, else the keyring's): reachable, accepted,
        schema this version can use. Blocks up to the connection timeout: call in a thread."""
        from meg_inqom_desktop.app.firm import check_connection, stored_password

        return check_connection(url, password or stored_password(url.strip()))

    def set_firm_database(self, url: str, password: str = "") -> Settings:
        """Point this workstation at the firm's database (``""``: back to the data folder's
        own ledger) from its next start; a non-empty ``password`` goes to the keyring."""
        from meg_inqom_desktop.app.firm import settings_url, store_password

        clean = settings_url(url)
        if clean and password:
            store_password(clean, password)
        return self.save_settings(replace(self.settings, firm_database=clean))

    # -- dossiers -----------------------------------------------------------------------------

    def dossier_count(self) -> int:
        return dossiers.dossier_count()

    def dossier_statuses(self) -> list[DossierStatus]:
        """Every dossier with its last run and its items to handle."""
        return dossiers.dossier_statuses()

    def dossiers(self, *, active_only: bool = False) -> list[DossierRecord]:
        return dossiers.list_dossiers(active_only=active_only)

    def dossier(self, siret: str) -> DossierRecord:
        """The dossier of a SIRET; ``DossierNotFound`` (French message) if there is none."""
        return dossiers.require_dossier(siret)

    def add_dossier(
        self,
        siret: str,
        *,
        name: str = "",
        inqom_folder_id: int | None = None,
        local_only: bool = False,
        start_date: date | None = None,
    ) -> tuple[DossierRecord, bool]:
        """Record a dossier (without contacting MEG or Inqom); returns it and whether it is
        new. ``inqom_folder_id`` links it to Inqom; ``local_only`` removes that link."""
        record, created = dossiers.get_or_create_dossier(siret, name=name)
        if inqom_folder_id is not None:
            record = dossiers.set_inqom_link(siret, inqom_folder_id)
        elif local_only:
            record = dossiers.clear_inqom_link(siret)
        if start_date is not None:
            record = dossiers.set_start_date(siret, start_date)
        if created:
            _audit_dossier("dossier_added", record, _link_text(record))
        return record, created

    def remove_dossier(self, siret: str) -> bool:
        """Delete the dossier and everything stored for it (the pièces' files stay: they may
        be shared); False if there was none."""
        record = dossiers.get_dossier(siret)
        removed = dossiers.remove_dossier(siret)
        if removed and record is not None:
            _audit_dossier(
                "dossier_removed", record, "Dossier retiré avec ses écritures et son historique."
            )
        return removed

    def add_demo_dossiers(self) -> list[str]:
        """Sandbox only, in a data folder without dossiers: the demo firm's companies that
        can be synced, linked to their Inqom folders; returns the names left out."""
        if self.sandbox is None or dossiers.list_dossiers():
            return []
        skipped = []
        for siret, name, syncable, folder_id, folder_name in self.sandbox.demo_dossiers():
            if not syncable:
                skipped.append(name)
                continue
            dossiers.get_or_create_dossier(siret, name=name)
            if folder_id is not None:
                dossiers.set_inqom_link(siret, folder_id, folder_name)
        return skipped

    # -- setup: MEG and Inqom -----------------------------------------------------------------

    @staticmethod
    def siret_problem(text: str) -> str | None:
        """What is wrong with a typed SIRET, in French (None: it is valid)."""
        from meg_inqom_desktop.domain.siret import siret_problem

        return siret_problem(text)

    def endpoints(self) -> Endpoints:
        """The services' addresses: the sandbox's, or production."""
        if self._endpoints is None:
            from meg_inqom_desktop.net.endpoints import Endpoints

            if self.sandbox is not None:
                self._endpoints = Endpoints.from_sandbox(self.sandbox)
            else:
                self._endpoints = self.inqom_installation().endpoints()
        return self._endpoints

    def credential_store(self) -> CredentialStore:
        """Where tokens are kept (the OS keyring; the sandbox's own namespace)."""
        if self._store is None:
            from meg_inqom_desktop.app.clients import sandbox_store
            from meg_inqom_desktop.app.setup import credential_store

            ep = self.endpoints()
            self._store = sandbox_store(ep) if self.sandbox is not None else credential_store(ep)
        return self._store

    async def authorize(
        self, service: str, siret: str = "", *, timeout: float = 300.0, reuse: bool = False
    ) -> AuthorizationHandle:
        """Start the browser authorization of ``service`` ("meg" or "inqom"); with ``reuse``,
        an authorization already kept is used instead when there is one (the handle's
        ``existing`` says whose)."""
        from meg_inqom_desktop.app import setup
        from meg_inqom_desktop.net.loopback import open_browser

        handle = await setup.authorize(
            service,
            siret,
            open_browser=open_browser if self.open_browser else None,
            endpoints=self.endpoints(),
            paths=self.paths,
            store=self.credential_store(),
            timeout=timeout,
            reuse=reuse,
        )
        handle.on_success = self._signed_in
        return handle

    async def _signed_in(self, service: str, account: str) -> None:
        """A new sign-in: the « À traiter » lines asking for it are done."""
        from meg_inqom_desktop.app.sign_in import resolve_notices

        if DB.obj is not None:
            await _in_thread(resolve_notices, None, service, account)

    async def sign_in_with_password(
        self, username: str, password: str, *, remember: bool = False
    ) -> Authorization:
        """The firm's Inqom service account, signed in with its password (password grant)."""
        from meg_inqom_desktop.app import setup

        auth = await setup.sign_in_with_password(
            username,
            password,
            remember=remember,
            endpoints=self.endpoints(),
            paths=self.paths,
            store=self.credential_store(),
        )
        await self._signed_in("inqom", auth.account)
        return auth

    def authorizations(self) -> list[AuthorizationInfo]:
        """Every kept authorization, per service (no secret)."""
        from meg_inqom_desktop.app.accounts import describe

        names = {d.siret: d.name for d in dossiers.list_dossiers()} if DB.obj is not None else {}
        return describe(self.credential_store(), names)

    async def logout(self, service: str, account: str | None = None) -> list[str]:
        """Revoke (where the service allows it) and forget ``account``'s authorization, or
        every authorization of ``service``; returns the accounts forgotten."""
        from meg_inqom_desktop.app.accounts import logout

        return await logout(self.credential_store(), self.endpoints(), service, account, self.paths)

    def migrate_authorizations(self) -> dict[str, list[str]]:
        """Per-dossier tokens of older versions become per-account authorizations (once;
        nothing lost); returns the SIRETs migrated per service."""
        from meg_inqom_desktop.net.credentials import SERVICES

        sirets = [d.siret for d in dossiers.list_dossiers()]
        store = self.credential_store()
        return {s: store.migrate_per_siret(s, sirets) for s in SERVICES}

    def inqom_installation(self) -> InqomInstallation:
        """The Inqom environment and API client in force, and where each comes from."""
        from meg_inqom_desktop.app.installation import inqom_installation

        return inqom_installation(self.settings)

    async def set_inqom_client_secret(self, secret: str) -> None:
        """Paramètres › Application Inqom: the client secret, kept in the keyring ("": none)."""
        store = self.credential_store()
        await store.run(store.set_client_secret, "inqom", secret)

    async def meg_status(self, siret: str, *, account: str | None = None) -> MegStatus:
        from meg_inqom_desktop.app import setup

        return await setup.meg_status(
            siret,
            endpoints=self.endpoints(),
            paths=self.paths,
            store=self.credential_store(),
            account=account,
        )

    async def preview_period(self, siret: str, start: date, end: date) -> PeriodPreview:
        from meg_inqom_desktop.app import setup

        return await setup.preview_period(
            siret,
            start,
            end,
            endpoints=self.endpoints(),
            paths=self.paths,
            store=self.credential_store(),
        )

    async def validate_period(
        self,
        siret: str,
        start: date,
        end: date,
        *,
        current_month_complete: bool = False,
        today: date | None = None,
    ) -> ValidationReport:
        """Lock the period's whole months in MEG (irreversible: ask the person first).

        Months that are not over are refused (``MonthNotOver``), the current one unless
        ``current_month_complete``: MEG would lock it whole, entries still to come included."""
        from meg_inqom_desktop.app import setup
        from meg_inqom_desktop.app.dossier_board import paris_today
        from meg_inqom_desktop.domain.periods import check_lockable, months_covered

        check_lockable(
            months_covered(start, end),
            today or paris_today(),
            current_month_complete=current_month_complete,
        )

        report = await setup.validate_period(
            siret,
            start,
            end,
            endpoints=self.endpoints(),
            paths=self.paths,
            store=self.credential_store(),
        )
        import asyncio

        period = f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
        await asyncio.to_thread(
            self._audit_opened,
            "period_validated",
            f"Période {period} validée (verrouillée) dans MEG : {report.count} écriture(s).",
            siret=str(siret),
            data={"start": start.isoformat(), "end": end.isoformat(), "entries": report.count},
        )
        return report

    def _audit_opened(self, action: str, detail: str, *, siret: str, data: Any) -> None:
        """An audit line also from a command that works without the ledger open (``meg
        validate``); the action is done by then: a ledger that cannot be opened is logged."""
        from meg_inqom_desktop.errors import MegInqomError

        try:
            if DB.obj is not None:
                with DB.connection_context():
                    _audit(action, detail, siret=siret, data=data)
                return
            with self.opened():
                _audit(action, detail, siret=siret, data=data)
        except MegInqomError as exc:
            log.warning("audit line not written (%s): %s", action, exc)

    async def inqom_folders(
        self, siret: str, *, company_name: str = "", account: str | None = None
    ) -> list[InqomFolder]:
        """The folders ``account`` sees, best match for the dossier first (SIREN + NIC, then
        SIREN, then by likeness to ``company_name``)."""
        from meg_inqom_desktop.app import setup

        return await setup.list_inqom_folders(
            siret,
            company_name=company_name,
            account=account,
            endpoints=self.endpoints(),
            paths=self.paths,
            store=self.credential_store(),
        )

    async def connect_dossier(
        self,
        siret: str,
        inqom_folder_id: int | None,
        start_date: date | None,
        *,
        name: str = "",
        inqom_folder_name: str = "",
        inqom_account: str | None = None,
    ) -> DossierRecord:
        """Save the dossier (local only when ``inqom_folder_id`` is None); ``inqom_account``
        (whose folder list it was chosen from) is the one its syncs will use."""
        if inqom_account and inqom_folder_id is not None:
            store = self.credential_store()
            await store.run(store.note_reach, "inqom", inqom_account, siret)

        def save() -> DossierRecord:
            _record, created = dossiers.get_or_create_dossier(siret, name=name)
            if inqom_folder_id is None:
                dossiers.clear_inqom_link(siret)
            else:
                dossiers.set_inqom_link(siret, inqom_folder_id, inqom_folder_name)
            record = dossiers.set_start_date(siret, start_date)
            _audit_dossier(
                "dossier_added" if created else "dossier_changed",
                record,
                "Connexion : " + _link_text(record),
            )
            return record

        return await _in_thread(save)

    # -- the month routine, the dashboard, managing dossiers ------------------------------

    @property
    def board(self) -> DossierBoard:
        """The dashboard's state (MEG as last asked) and the month routine."""
        if self._board is None:
            from meg_inqom_desktop.app.dossier_board import DossierBoard

            self._board = DossierBoard(self)
        return self._board

    def dashboard(self) -> list[DossierDashboard]:
        """Every dossier's row: MEG as last asked, authorizations, À traiter, next slot."""
        return self.board.dashboard()

    async def refresh_dashboard(
        self, sirets: list[str] | None = None, *, progress: Callable[[int, int], None] | None = None
    ) -> list[DossierDashboard]:
        """Ask MEG for these dossiers' months (all when None) and read the authorizations."""
        return await self.board.refresh(sirets, progress=progress)

    async def meg_plan(self, siret: str) -> MegPlan:
        """The company's months in MEG: validated or not, entry counts, which are over."""
        return await self.board.plan(siret)

    async def next_months(
        self, sirets: list[str], *, progress: Callable[[int, int], None] | None = None
    ) -> list[MonthToValidate]:
        """« Valider la période suivante »: each dossier's next month and its preview."""
        return await self.board.next_months(sirets, progress=progress)

    async def validate_months(
        self,
        items: list[MonthToValidate],
        *,
        current_month_complete: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[ValidationOutcome]:
        """Lock the previewed months in MEG, dossier by dossier (irreversible)."""
        return await self.board.validate(
            items, current_month_complete=current_month_complete, progress=progress
        )

    async def sandbox_authorize(self, service: str, siret: str) -> None:
        """With the sandbox, authorize a dossier that has no token yet (its consent page is
        answered for the user); nothing with the real services."""
        if self.sandbox is not None:
            await self.client_provider().sandbox_authorize(service, siret)

    def update_dossier(
        self,
        siret: str,
        *,
        start_date: date | EllipsisType | None = ...,
        inqom_folder: tuple[int, str] | None = None,
        local_only: bool = False,
        active: bool | None = None,
    ) -> DossierRecord:
        """Change a dossier: ``start_date`` (``...``: unchanged; an earlier date forgets MEG's
        position so that the next sync reads the entries before it), the Inqom folder
        ``(id, name)`` or ``local_only``, ``active`` (False pauses its syncs)."""
        record = dossiers.require_dossier(siret)
        if not isinstance(start_date, EllipsisType) and start_date != record.start_date:
            earlier = start_date is None or (
                record.start_date is not None and start_date < record.start_date
            )
            record = dossiers.set_start_date(siret, start_date)
            if earlier:
                self.resync_from_meg(siret)
        if inqom_folder is not None:
            record = dossiers.set_inqom_link(siret, inqom_folder[0], inqom_folder[1])
        elif local_only and not record.local_only:
            record = dossiers.clear_inqom_link(siret)
        if active is not None and active != record.active:
            record = dossiers.set_active(siret, active)
        return record

    def removal_impact(self, siret: str) -> DossierContents:
        """What removing the dossier would delete from the ledger."""
        return dossiers.dossier_contents(dossiers.require_dossier(siret).id)

    def resync_from_meg(self, siret: str) -> bool:
        """Forget where MEG's feed stopped: the next sync reads it from the start (entries
        already stored are recognised, never stored twice). True if a position was kept."""
        from meg_inqom_desktop.store.ledger_writes import forget_cursor
        from meg_inqom_desktop.sync.pull import CURSOR_SOURCE

        return forget_cursor(dossiers.require_dossier(siret).id, CURSOR_SOURCE)

    def inqom_web_url(self, siret: str) -> str:
        """Where the dossier's Inqom folder opens in the browser."""
        record = dossiers.require_dossier(siret)
        if self.sandbox is not None and record.inqom_folder_id is not None:
            return f"{self.endpoints().inqom_url}/app/dossiers/{record.inqom_folder_id}"
        from meg_inqom_desktop.net.endpoints import INQOM_WEB_URL

        return INQOM_WEB_URL

    # -- sync ---------------------------------------------------------------------------------

    @property
    def content_store(self) -> ContentStore:
        if self._content is None:
            from meg_inqom_desktop.store.content_store import ContentStore

            self._content = ContentStore(self.paths.documents)
        return self._content

    @property
    def sync_service(self) -> SyncService:
        """The runs of this process (one per dossier at a time; the scheduler's target)."""
        if self._sync is None:
            from meg_inqom_desktop.app.sync_service import SyncService

            provider = self._provider = self.client_provider()
            self._sync = SyncService(provider, self.content_store, options=self._engine)
        return self._sync

    def client_provider(self) -> ClientProvider:
        from meg_inqom_desktop.app.clients import client_provider

        return client_provider(
            self.paths,
            sandbox=self.sandbox,
            endpoints=self.endpoints(),
            store=self.credential_store(),
            tuning=self._tuning,
        )

    def syncing(self) -> bool:
        return self._sync is not None and self._sync.is_running()

    async def sync(
        self,
        dossier_id: int | None = None,
        *,
        trigger: str = "manual",
        dossier_ids: list[int] | None = None,
    ) -> list[RunResult]:
        """Sync one dossier, these ``dossier_ids`` (one after the other) or every active one;
        a second call joins the running run.

        Raises :class:`DataFolderLocked` while another process syncs this data folder."""
        self.require_lock()
        await _in_thread(self.recover)
        service = self.sync_service
        if dossier_ids is not None:
            return await service.sync_all(trigger, dossier_ids=dossier_ids)
        if dossier_id is None:
            return await service.start_all(trigger)
        return [await service.sync_dossier(dossier_id, trigger)]

    async def sync_dossiers(self, ids: list[int], *, trigger: str = "cli") -> list[RunResult]:
        """These dossiers, one after the other (the command line's ``sync``)."""
        self.require_lock()
        self.recover()
        return await self.sync_service.sync_all(trigger, dossier_ids=ids)

    def _adopt_sandbox(self) -> None:
        """With the sandbox, forget a previous emulator's Inqom ids (``app/sandbox_ids``); not
        on a firm database, whose pushes are every workstation's."""
        if self.sandbox is not None and not self.firm_mode:
            from meg_inqom_desktop.app.sandbox_ids import adopt_sandbox

            adopt_sandbox(self.paths.root, self.sandbox.instance_id, self.credential_store())

    async def cancel_sync(self) -> None:
        if self._sync is not None:
            await self._sync.cancel()

    def add_progress_listener(self, listener: ProgressListener) -> None:
        """Receive the sync's progress events (added once however often it is called)."""
        service = self.sync_service
        service.remove_listener(listener)
        service.add_listener(listener)

    def remove_progress_listener(self, listener: ProgressListener) -> None:
        if self._sync is not None:
            self._sync.remove_listener(listener)

    def history(self, dossier_id: int | None = None, limit: int = 50) -> list[RunInfo]:
        """The latest runs first, skipped slots included."""
        from meg_inqom_desktop.sync.runs import list_runs

        return list_runs(dossier_id, limit)

    def audit_events(
        self, *, siret: str = "", person: str = "", limit: int = 500
    ) -> list[AuditRecord]:
        """Who did what, latest first (the firm's whole trail on a firm database)."""
        from meg_inqom_desktop.store import audit

        return audit.events(siret=siret, person=person, limit=limit)

    def audit_people(self) -> list[str]:
        from meg_inqom_desktop.store import audit

        return audit.people()

    def live_runs(self, *, elsewhere: bool = False) -> list[LiveRun]:
        """Runs in progress in any process (another workstation or the firm's service on a
        firm database), with their latest progress; ``elsewhere``: not this workstation's
        person's (what the window shows beside its own progress)."""
        from meg_inqom_desktop.store.audit import who
        from meg_inqom_desktop.sync.runs import live_runs

        runs = live_runs()
        if elsewhere:
            me = who().label
            runs = [run for run in runs if run.holder != me]
        return runs

    def notify_text(self, results: list[RunResult]) -> str | None:
        """The tray's text after a sync, per the ``notifications`` setting (None: quiet), with
        the sign-ins to renew soon (said unless notifications are off)."""
        from meg_inqom_desktop.app.sync_service import notify_text

        text = notify_text(results, self.settings.notifications)
        notices = self._provider.take_notices() if self._provider is not None else []
        if notices and self.settings.notifications != "off":
            text = "\n".join([*([text] if text else []), *(n.text for n in notices)])
        return text

    # -- the ledger ---------------------------------------------------------------------------

    def journal_page(
        self, flt: LedgerFilter, after: LineKey | None = None, limit: int = 200
    ) -> list[LedgerLine]:
        """Lines in Journal order after ``after`` (keyset paging)."""
        return ledger_queries.journal_page(flt, after=after, limit=limit)

    def accounts(self, flt: LedgerFilter) -> list[str]:
        """The dossier's accounts, narrowed to the filter's account prefix."""
        found = ledger_queries.accounts_present(flt.dossier_id)
        prefix = flt.account_prefix
        return [a for a in found if a.startswith(prefix)] if prefix else found

    def grand_livre_page(
        self,
        flt: LedgerFilter,
        account: str,
        after: LineKey | None = None,
        limit: int = 200,
        opening: Decimal | None = None,
    ) -> GrandLivrePage:
        """One page of an account with running balances; the first page of a period starts
        from the balance brought forward."""
        if opening is None and after is None and flt.date_from is not None:
            before = replace(flt, date_from=None, date_to=None)
            start = LineKey(flt.date_from, 0, 0)
            opening = ledger_queries.opening_balance(before, account, start)
        return ledger_queries.grand_livre_page(
            flt, account, after=after, limit=limit, opening=opening
        )

    def totals(self, flt: LedgerFilter) -> Totals:
        """Count and sums of the filtered lines (scans them: the GUI calls it through
        :meth:`in_thread`)."""
        return ledger_queries.journal_totals(flt)

    def balance(self, flt: LedgerFilter) -> tuple[list[AccountTotals], Totals]:
        """Trial balance: accounts with their totals, and the grand total."""
        return ledger_queries.balance(flt)

    def filter_choices(self, dossier_id: int) -> FilterChoices:
        return FilterChoices(
            ledger_queries.provenances_present(dossier_id),
            ledger_queries.journals_present(dossier_id),
        )

    def entries_per_month(self, dossier_id: int | None) -> dict[str, dict[str, int]]:
        return ledger_queries.entries_per_month(dossier_id)

    # -- À traiter ----------------------------------------------------------------------------

    def todo_items(self, dossier_id: int | None = None) -> list[TodoItem]:
        return todo_items(dossier_id)

    async def resolve_conflict(self, conflict_id: int, action: str) -> ConflictResolution:
        """Keep (``"keep"``) or replace (``"replace"``) the stored entry."""
        from meg_inqom_desktop.app import conflicts

        resolution = await _in_thread(conflicts.resolve, conflict_id, action)
        how = "version stockée gardée" if action == "keep" else "nouvelle version de MEG retenue"
        await _in_thread(
            _audit,
            "item_resolved",
            f"Écriture modifiée dans MEG : {how}.",
            data={"conflict": conflict_id, "entry": resolution.entry_id, "action": action},
        )
        return resolution

    # -- Inqom's side: decisions, relink ------------------------------------------------------

    async def decide_inqom_item(self, item_id: int, action: str) -> InqomDecision:
        """Record a person's decision on an « À traiter » item about Inqom (``needs_sync``:
        the next sync writes it to Inqom)."""
        from meg_inqom_desktop.app.inqom_decisions import decide

        return await _in_thread(decide, item_id, action)

    async def relink(self, siret: str, *, apply: bool) -> RelinkReport:
        """Rebuild the dossier's push records from what Inqom holds (``apply=False``: only
        count). Holds the data folder's lock, like a sync."""
        from meg_inqom_desktop.errors import InvalidInput
        from meg_inqom_desktop.sync.engine import load_dossier
        from meg_inqom_desktop.sync.relink import relink

        self.require_lock()
        self.recover()
        row = load_dossier(dossiers.require_dossier(siret).id)
        if row.local_only or row.inqom_folder_id is None:
            raise InvalidInput(
                "Dossier local",
                "Ce dossier n'est pas relié à Inqom : il n'y a rien à relier.",
            )
        conns = await self.client_provider().connect(row)
        try:
            assert conns.inqom is not None
            return await relink(row, conns.inqom, self.content_store, apply=apply)
        finally:
            await conns.aclose()

    # -- pièces -------------------------------------------------------------------------------

    def entry_documents(self, entry_id: int) -> list[DocumentInfo]:
        return ledger_queries.entry_documents(entry_id)

    async def read_document(self, sha256: str) -> bytes:
        """A pièce's bytes (read in a worker thread)."""
        return await _in_thread(self.content_store.read, sha256)

    def document_path(self, sha256: str) -> Path:
        return self.content_store.local_copy(sha256)

    def piece_copy(self, document: DocumentInfo) -> Path:
        """A copy of a pièce to open with the system's default application: in a new
        owner-only temporary folder, under the name the app makes from the type its bytes
        show (``FA-2025-0042.pdf``), never the server's; :class:`DocumentRefused` if its
        bytes are not of an accepted type (nothing is written then)."""
        from meg_inqom_desktop.app.piece_files import piece_copy

        return piece_copy(self.content_store, document.sha256, document.filename)

    # -- FEC ----------------------------------------------------------------------------------

    @staticmethod
    def check_fec(
        path: Path, progress: ByteProgress | None = None, regime: FecRegime | None = None
    ) -> FecScan:
        """Read and check a FEC file (no database needed), under ``regime`` (default: the
        one its header suggests)."""
        from meg_inqom_desktop.store.fec.check import check_fec

        return check_fec(path, progress=progress, regime=regime)

    def fec_import_questions(self, path: Path, siret: str) -> list[ImportQuestion]:
        """What the accountant must confirm before importing ``path`` into the dossier of
        ``siret`` (a dossier that does not exist yet, another SIREN in the file name)."""
        from meg_inqom_desktop.store.fec.importer import import_questions

        return import_questions(path, siret)

    def import_fec(
        self,
        path: Path,
        siret: str,
        *,
        name: str = "",
        partial: bool = False,
        force: bool = False,
        check_progress: ByteProgress | None = None,
        import_progress: ByteProgress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> FecImportResult:
        """Import a FEC file into the dossier of ``siret``: all or nothing unless ``partial``;
        ``FecNeedsConfirmation`` unless confirmed (:meth:`fec_import_questions`) or ``force``;
        ``FecImportCancelled`` (nothing kept) once ``cancelled()`` returns True."""
        from meg_inqom_desktop.store.fec.importer import import_fec

        result = import_fec(
            path,
            siret,
            check_progress=check_progress,
            import_progress=import_progress,
            dossier_name=name,
            partial=partial,
            force=force,
            cancelled=cancelled,
        )
        if result.refused or result.already_imported:
            detail = f"{path.name} : " + (
                "refusé, rien n'a été importé." if result.refused else "déjà importé, rien ajouté."
            )
        else:
            detail = (
                f"{path.name} : {result.entries_new} écriture(s) nouvelle(s), "
                f"{result.entries_unchanged} déjà présente(s), {result.lines_rejected} ligne(s) "
                "mise(s) de côté."
            )
        _audit(
            "fec_imported",
            detail,
            siret=siret,
            dossier_name=name,
            data={"file": path.name, "sha256": result.sha256, "new": result.entries_new},
        )
        return result

    def export_fec(
        self,
        siret: str,
        year: int,
        out_dir: Path,
        *,
        closing: date | None = None,
        start: date | None = None,
        progress: ByteProgress | None = None,
    ) -> FecExportResult:
        """Write the FEC of the dossier's fiscal year closing in ``year`` into ``out_dir``."""
        from meg_inqom_desktop.store.fec.exporter import export_fec

        result = export_fec(siret, year, out_dir, closing=closing, start=start, progress=progress)
        _audit(
            "fec_exported",
            f"{result.path.name} : {result.entries} écriture(s), {result.lines} ligne(s).",
            siret=siret,
            data={"file": result.path.name, "entries": result.entries},
        )
        return result


def _audit(
    action: str, detail: str, *, siret: str = "", dossier_name: str = "", data: Any = None
) -> None:
    """One line of the audit trail, by this workstation's person (see store/audit.py)."""
    from meg_inqom_desktop.store import audit

    if siret:
        found = dossiers.get_dossier(siret)
        if found is not None:
            siret, dossier_name = found.siret, dossier_name or found.name
    audit.record(action, detail, siret=siret, dossier_name=dossier_name, data=data)


def _audit_dossier(action: str, record: DossierRecord, detail: str) -> None:
    _audit(action, detail, siret=record.siret, dossier_name=record.name)


def _link_text(record: DossierRecord) -> str:
    if record.inqom_folder_id is None:
        return "sans envoi vers Inqom (grand livre seulement)."
    name = record.inqom_folder_name or str(record.inqom_folder_id)
    return f"envoi vers le dossier Inqom « {name} »."


_SETTING_LABELS = {
    "slots": "Créneaux",
    "notifications": "Notifications",
    "proxy": "Proxy",
    "language": "Langue",
    "autostart": "Lancement au démarrage",
    "paused": "Synchronisation en pause",
    "firm_database": "Base du cabinet",
    "inqom_environment": "Environnement Inqom",
    "inqom_client_id": "Application Inqom (identifiant client)",
}


def _setting_changes(before: Settings, after: Settings) -> list[str]:
    """« Créneaux : 10:00, 14:00, 18:00 → 09:00, 17:30 » for each setting that changed."""

    def shown(value: Any) -> str:
        if isinstance(value, tuple):
            return ", ".join(map(str, value))
        if isinstance(value, bool):
            return "oui" if value else "non"
        return str(value) if value != "" else "aucun"

    out = []
    for key, label in _SETTING_LABELS.items():
        old, new = getattr(before, key, None), getattr(after, key, None)
        if old != new:
            out.append(f"{label} : {shown(old)} → {shown(new)}")
    return out


async def _in_thread(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``func`` in a worker thread with its own database connection (peewee keeps one per
    thread), so the event loop never waits on the disk."""

    def work() -> T:
        with DB.connection_context():
            return func(*args, **kwargs)

    import asyncio  # not at the top: a command reading the ledger does without it

    return await asyncio.to_thread(work)
