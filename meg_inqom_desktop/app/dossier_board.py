"""The accountant's month over many dossiers, without Qt: the dashboard and the next month.

For each dossier the dashboard says what MEG holds (its months, the last one validated, the
entries validated there and not pulled yet), the state of the MEG and Inqom authorizations,
what waits in « À traiter » and the next slot. What MEG says is asked for when the window
wants it (:meth:`DossierBoard.refresh`, a few dossiers at a time) and kept until the next
refresh; the rest is read from the ledger.

« Valider la période suivante »: the month after the last one validated in MEG (the oldest one
not validated when none is), previewed with its totals per journal and the number of entries
it will lock (:meth:`DossierBoard.next_months`). A month is locked once it is over, the current
one only when the person confirms it is complete (``domain.periods``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from meg_inqom_desktop.domain import periods as p
from meg_inqom_desktop.errors import MegInqomError

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.setup import PeriodPreview
    from meg_inqom_desktop.net.credentials import Authorization
    from meg_inqom_desktop.store.dossiers import DossierRecord, DossierStatus

log = logging.getLogger(__name__)

REFRESH_CONCURRENCY = 4  # dossiers asked of MEG at a time

# authorization states
VALID = "valid"
MISSING = "missing"  # never authorized on this workstation
RENEW = "renew"  # refused by the service: authorize again
NOT_USED = "not_used"  # Inqom for a local-only dossier
UNKNOWN = "unknown"  # the keyring not read yet (the dashboard's first refresh reads it)


def paris_today() -> date:
    """Today in Europe/Paris (months are French accounting months)."""
    from meg_inqom_desktop.sync.schedule import PARIS

    return datetime.now(PARIS).date()


@dataclass(frozen=True)
class MonthState:
    """One month of a MEG company."""

    month: str
    validated: bool
    entry_count: int
    over: bool
    current: bool

    @property
    def start(self) -> date:
        return p.month_start(self.month)

    @property
    def end(self) -> date:
        return p.month_end(self.month)

    @property
    def label(self) -> str:
        return p.month_label(self.month)


@dataclass(frozen=True)
class MegPlan:
    """A company's months in MEG, oldest first, as seen on ``today``."""

    siret: str
    months: tuple[MonthState, ...]
    today: date
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def last_validated(self) -> MonthState | None:
        done = [m for m in self.months if m.validated]
        return done[-1] if done else None

    @property
    def open_months(self) -> list[MonthState]:
        """Months not validated that are over, then the current one (the wizard's choice)."""
        return [m for m in self.months if not m.validated and (m.over or m.current)]

    @property
    def next_month(self) -> MonthState | None:
        """The month to validate next; None when MEG is up to date (the next one has not
        begun)."""
        last = self.last_validated
        if last is not None:
            wanted = p.next_month(last.month)
        else:
            pending = [m for m in self.months if not m.validated]
            if not pending:
                return None
            wanted = pending[0].month
        if wanted > p.month_of(self.today):
            return None
        return self.month(wanted)

    def month(self, month: str) -> MonthState:
        """The state of ``month`` (a month MEG does not list holds no entry)."""
        for state in self.months:
            if state.month == month:
                return state
        return _month_state(month, False, 0, self.today)

    def not_pulled(self, pulled: dict[str, int], start: date | None) -> int:
        """Entries of months validated in MEG that the ledger does not hold (``pulled``: MEG
        entries stored per month), from the dossier's start date on."""
        first = "" if start is None else p.month_of(start)
        missing = 0
        for state in self.months:
            if not state.validated or state.month < first:
                continue
            if start is not None and state.month == first and start.day != 1:
                continue  # a month only partly wanted: its count says nothing
            missing += max(0, state.entry_count - pulled.get(state.month, 0))
        return missing


def _month_state(month: str, validated: bool, count: int, today: date) -> MonthState:
    return MonthState(month, validated, count, p.is_over(month, today), month == p.month_of(today))


def plan_from_periods(siret: str, periods: Sequence[Any], today: date) -> MegPlan:
    """A :class:`MegPlan` from MEG's ``/periods`` answer (objects with ``month``,
    ``validated`` and ``entry_count``)."""
    months = tuple(
        _month_state(str(x.month), bool(x.validated), int(x.entry_count), today)
        for x in sorted(periods, key=lambda x: str(x.month))
    )
    return MegPlan(siret, months, today)


@dataclass(frozen=True)
class AuthorizationState:
    """One service's authorization for a dossier: ``valid``, ``missing``, ``renew``,
    ``not_used`` or ``unknown`` (not looked at yet); ``expires_on`` when the service said when
    it ends."""

    service: str
    state: str
    expires_on: date | None = None


@dataclass(frozen=True)
class DossierDashboard:
    """One row of the dashboard."""

    status: DossierStatus
    meg: AuthorizationState
    inqom: AuthorizationState
    next_slot: datetime | None
    plan: MegPlan | None = None  # None until MEG was asked
    plan_error: str = ""  # why MEG could not be asked (French)
    not_pulled: int | None = None

    @property
    def dossier(self) -> DossierRecord:
        return self.status.dossier

    @property
    def id(self) -> int:
        return self.status.dossier.id


@dataclass(frozen=True)
class MonthToValidate:
    """« Valider la période suivante » for one dossier: the month and what it would lock."""

    dossier: DossierRecord
    month: MonthState | None  # None: nothing to validate (MEG up to date)
    preview: PeriodPreview | None = None
    error: str = ""  # MEG could not be asked (French)

    @property
    def entry_count(self) -> int:
        return len(self.preview.entries) if self.preview is not None else 0

    @property
    def needs_confirmation(self) -> bool:
        """The month is the current one: locked only if the person says it is complete."""
        return self.month is not None and self.month.current


@dataclass(frozen=True)
class ValidationOutcome:
    """What locking a dossier's month did (``count`` entries) or why it did not."""

    dossier: DossierRecord
    month: str
    count: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class DossierBoard:
    """The dashboard's state and the month routine of a :class:`Connector`."""

    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self._plans: dict[str, MegPlan] = {}
        self._errors: dict[str, MegInqomError] = {}
        self._auth: dict[tuple[str, str], Authorization | None] = {}

    # -- reading MEG --------------------------------------------------------------------------

    async def plan(self, siret: str, *, today: date | None = None) -> MegPlan:
        """MEG's months for the dossier (kept for the dashboard)."""
        from meg_inqom_desktop.app import setup

        c = self.connector
        await c.sandbox_authorize("meg", siret)
        try:
            async with setup.meg_client(
                siret, endpoints=c.endpoints(), paths=c.paths, store=c.credential_store()
            ) as meg:
                found = await meg.periods()
        except MegInqomError as exc:
            self._errors[siret] = exc
            self._plans.pop(siret, None)
            raise
        plan = plan_from_periods(siret, found, today or paris_today())
        self._plans[siret] = plan
        self._errors.pop(siret, None)
        return plan

    async def refresh(
        self,
        sirets: Sequence[str] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        today: date | None = None,
    ) -> list[DossierDashboard]:
        """Ask MEG for the months of these dossiers (every one when None), a few at a time,
        and read the authorizations again; returns the dashboard."""
        if sirets is None:
            sirets = [d.siret for d in self.connector.dossiers()]
        wanted = list(sirets)
        gate = asyncio.Semaphore(REFRESH_CONCURRENCY)
        done = 0

        async def one(siret: str) -> None:
            nonlocal done
            async with gate:
                try:
                    await self.plan(siret, today=today)
                except MegInqomError as exc:
                    log.info("MEG months of %s not read: %s", siret, exc)
            done += 1
            if progress is not None:
                progress(done, len(wanted))

        await asyncio.gather(*(one(s) for s in wanted))
        await self.connector.in_thread(self._read_authorizations)
        return await self.connector.in_thread(self.dashboard)

    # -- the dashboard ------------------------------------------------------------------------

    def _read_authorizations(self) -> None:
        """Which authorization each dossier would use (blocking keyring reads: call it in a
        worker thread). Authorizations are per person and service, shared by dossiers."""
        store = self.connector.credential_store()
        for record in self.connector.dossiers():
            for service in ("meg", "inqom"):
                try:
                    account = store.account_for(service, record.siret)
                    auth = store.authorization(service, account) if account else None
                except MegInqomError:
                    auth = None
                self._auth[(service, record.siret)] = auth

    def _authorization(self, service: str, status: DossierStatus) -> AuthorizationState:
        from meg_inqom_desktop.net.errors import (
            AuthorizationMissing,
            AuthorizationRevoked,
            SignInNeeded,
        )

        record = status.dossier
        if service == "inqom" and (record.local_only or record.inqom_folder_id is None):
            return AuthorizationState(service, NOT_USED)
        key = (service, record.siret)
        if key not in self._auth:
            return AuthorizationState(service, UNKNOWN)
        auth = self._auth[key]
        state, expires_on = VALID, None
        if auth is None:
            state = MISSING
        elif auth.expired(time.time()):
            state = RENEW
        elif not auth.renewable and auth.expires_at is not None:
            expires_on = datetime.fromtimestamp(auth.expires_at, UTC).date()
        refusal = _last_run_refusal(status, service)
        error = self._errors.get(record.siret) if service == "meg" else None
        renew = (AuthorizationRevoked, SignInNeeded)
        if isinstance(error, renew) or refusal in (AuthorizationRevoked.title, SignInNeeded.title):
            state, expires_on = RENEW, None
        elif isinstance(error, AuthorizationMissing) or refusal == AuthorizationMissing.title:
            state, expires_on = MISSING, None
        return AuthorizationState(service, state, expires_on)

    def dashboard(self, *, now: datetime | None = None) -> list[DossierDashboard]:
        """Every dossier's row (ledger reads only; MEG as last asked)."""
        from meg_inqom_desktop.domain.provenance import MEG
        from meg_inqom_desktop.store.ledger_queries import entries_per_month
        from meg_inqom_desktop.sync.schedule import following_slot

        c = self.connector
        slots = c.settings.slot_times()
        moment = now or datetime.now(UTC)
        rows: list[DossierDashboard] = []
        for status in c.dossier_statuses():
            record = status.dossier
            plan = self._plans.get(record.siret)
            error = self._errors.get(record.siret)
            not_pulled = None
            if plan is not None:
                per_month = entries_per_month(record.id, MEG.code)
                pulled = {m: sum(j.values()) for m, j in per_month.items()}
                not_pulled = plan.not_pulled(pulled, record.start_date)
            active = record.active and not c.settings.paused
            rows.append(
                DossierDashboard(
                    status=status,
                    meg=self._authorization("meg", status),
                    inqom=self._authorization("inqom", status),
                    next_slot=following_slot(moment, slots) if active and slots else None,
                    plan=plan,
                    plan_error=error.message if error is not None else "",
                    not_pulled=not_pulled,
                )
            )
        return rows

    # -- « Valider la période suivante » ------------------------------------------------------

    async def next_months(
        self,
        sirets: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        today: date | None = None,
    ) -> list[MonthToValidate]:
        """For each dossier, the next month to validate and its preview (in ``sirets``
        order); a dossier MEG cannot be asked about carries its error."""
        gate = asyncio.Semaphore(REFRESH_CONCURRENCY)
        done = 0

        async def one(siret: str) -> MonthToValidate:
            nonlocal done
            record = self.connector.dossier(siret)
            async with gate:
                try:
                    plan = await self.plan(siret, today=today)
                    month = plan.next_month
                    preview = None
                    if month is not None:
                        preview = await self.connector.preview_period(siret, month.start, month.end)
                    result = MonthToValidate(record, month, preview)
                except MegInqomError as exc:
                    result = MonthToValidate(record, None, error=f"{exc.title} : {exc.message}")
            done += 1
            if progress is not None:
                progress(done, len(sirets))
            return result

        return list(await asyncio.gather(*(one(s) for s in sirets)))

    async def validate(
        self,
        items: Sequence[MonthToValidate],
        *,
        current_month_complete: bool = False,
        progress: Callable[[int, int], None] | None = None,
        today: date | None = None,
    ) -> list[ValidationOutcome]:
        """Lock each item's month in MEG, one dossier after the other (irreversible: the
        person has confirmed); a refusal for one dossier does not stop the others."""
        out: list[ValidationOutcome] = []
        wanted = [i for i in items if i.month is not None and not i.error]
        for n, item in enumerate(wanted, 1):
            assert item.month is not None
            try:
                report = await self.connector.validate_period(
                    item.dossier.siret,
                    item.month.start,
                    item.month.end,
                    current_month_complete=current_month_complete,
                    today=today,
                )
                out.append(ValidationOutcome(item.dossier, item.month.month, report.count))
            except MegInqomError as exc:
                out.append(
                    ValidationOutcome(
                        item.dossier, item.month.month, error=f"{exc.title} : {exc.message}"
                    )
                )
            self._plans.pop(item.dossier.siret, None)  # MEG changed: ask again
            if progress is not None:
                progress(n, len(wanted))
        return out


def _last_run_refusal(status: DossierStatus, service: str) -> str:
    """The title of the authorization error the dossier's last run stopped on for the
    service ("" when it did not)."""
    if status.last_status != "failed":
        return ""
    names = {"meg": "MEG", "inqom": "Inqom"}
    return status.last_error_title if names[service] in status.last_error_message else ""
