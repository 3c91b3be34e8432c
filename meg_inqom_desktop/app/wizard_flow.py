"""The setup wizard's navigation as plain data (no Qt), after Electrum's wizard.

The wizard has four steps: prerequisites, step 1 (configure MEG), step 2 (validate entries)
and step 3 (connect to Inqom). :class:`WizardState` holds what the accountant has done so far;
:class:`WizardFlow` says which step follows which, whether a step is complete (``valid``), and
what is still missing as :class:`Need` codes (the pages say them in the user's language). Pages
only show the state and call the connector; the flow is tested without any widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from meg_inqom_desktop.domain.siret import siret_problem


class Step(StrEnum):
    """The wizard's steps, in their usual order."""

    PREREQUISITES = "prerequisites"
    MEG = "meg"
    VALIDATE = "validate"
    CONNECT = "connect"


class Need(StrEnum):
    """What a step still needs before the wizard may go on."""

    PREREQUISITES = "prerequisites"  # the accountant confirms the prerequisites
    VALID_SIRET = "valid_siret"
    MEG_AUTHORIZATION = "meg_authorization"
    COMPANY_FOUND = "company_found"
    PREMIUM = "premium"
    CONNECTION_ENABLED = "connection_enabled"  # MEG's production-software connection
    VALIDATION = "validation"  # a period validated, or the step skipped
    INQOM_AUTHORIZATION = "inqom_authorization"  # or « local uniquement »
    INQOM_FOLDER = "inqom_folder"
    MARKETPLACE_OFF = "marketplace_off"  # Inqom's own MEG application not active there
    START_DATE = "start_date"
    CONNECTED = "connected"  # « Connexion » clicked


@dataclass
class MegChecks:
    """The three MEG checks of step 1 (None: not checked yet)."""

    company_found: bool | None = None
    premium: bool | None = None
    connection: bool | None = None

    @property
    def all_ok(self) -> bool:
        return bool(self.company_found and self.premium and self.connection)


@dataclass
class WizardState:
    """What the accountant has entered and what the services have confirmed."""

    prerequisites_read: bool = False
    siret: str = ""
    company_name: str = ""
    meg_authorized: bool = False
    checks: MegChecks = field(default_factory=MegChecks)
    periods_already_validated: bool = False
    validation_done: bool = False
    validation_skipped: bool = False
    inqom_authorized: bool = False
    inqom_folder_id: int | None = None
    marketplace_off: bool = False  # confirmed: Inqom's Marketplace MEG app is not active
    local_only: bool = False
    start_date: date | None = None
    connected: bool = False
    first_sync_done: bool = False
    busy: Step | None = None
    errors: dict[Step, str] = field(default_factory=dict)


class WizardFlow:
    """Order of the steps and what each one needs before "Suivant" is allowed."""

    def __init__(self, *, add_dossier: bool = False) -> None:
        self.add_dossier = add_dossier
        self.state = WizardState(prerequisites_read=add_dossier)

    # -- order -------------------------------------------------------------------------------
    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps shown: adding a dossier to a configured app skips the prerequisites."""
        if self.add_dossier:
            return (Step.MEG, Step.VALIDATE, Step.CONNECT)
        return (Step.PREREQUISITES, Step.MEG, Step.VALIDATE, Step.CONNECT)

    @property
    def first(self) -> Step:
        return self.steps[0]

    def next_step(self, step: Step) -> Step | None:
        """The step after ``step`` (None after the last one)."""
        order = self.steps
        index = order.index(step)
        return order[index + 1] if index + 1 < len(order) else None

    def previous_step(self, step: Step) -> Step | None:
        """The step before ``step``; none once the dossier is connected (nothing to undo)."""
        if self.state.connected:
            return None
        order = self.steps
        index = order.index(step)
        return order[index - 1] if index > 0 else None

    def is_last(self, step: Step) -> bool:
        return self.next_step(step) is None

    # -- what each step needs ------------------------------------------------------------------
    def missing(self, step: Step) -> list[Need]:
        """What is still missing in ``step`` (empty: the step is complete)."""
        s = self.state
        out: list[Need] = []
        if step is Step.PREREQUISITES:
            if not s.prerequisites_read:
                out.append(Need.PREREQUISITES)
        elif step is Step.MEG:
            if siret_problem(s.siret):
                out.append(Need.VALID_SIRET)
            if not s.meg_authorized:
                out.append(Need.MEG_AUTHORIZATION)
            elif not s.checks.company_found:
                out.append(Need.COMPANY_FOUND)
            elif not s.checks.premium:
                out.append(Need.PREMIUM)
            elif not s.checks.connection:
                out.append(Need.CONNECTION_ENABLED)
        elif step is Step.VALIDATE:
            if not (s.validation_done or s.validation_skipped or s.periods_already_validated):
                out.append(Need.VALIDATION)
        elif step is Step.CONNECT:
            if not s.local_only and not s.inqom_authorized:
                out.append(Need.INQOM_AUTHORIZATION)
            if not s.local_only and s.inqom_authorized and s.inqom_folder_id is None:
                out.append(Need.INQOM_FOLDER)
            if not s.local_only and s.inqom_folder_id is not None and not s.marketplace_off:
                out.append(Need.MARKETPLACE_OFF)
            if s.start_date is None:
                out.append(Need.START_DATE)
            if not s.connected:
                out.append(Need.CONNECTED)
        return out

    def can_connect(self) -> bool:
        """True when « Connexion » may be clicked in step 3: nothing is missing but the
        connection itself."""
        return self.state.busy is None and set(self.missing(Step.CONNECT)) <= {Need.CONNECTED}

    def valid(self, step: Step) -> bool:
        return not self.missing(step)

    def can_skip(self, step: Step) -> bool:
        """Only step 2 may be skipped (when the periods are already validated in MEG)."""
        return step is Step.VALIDATE and not self.state.validation_done

    def skip(self, step: Step) -> None:
        if not self.can_skip(step):
            raise ValueError(f"step {step} cannot be skipped")
        self.state.validation_skipped = True

    def can_go_next(self, step: Step) -> bool:
        """ "Suivant"/"Terminer" is enabled when the step is valid and nothing is running."""
        return self.valid(step) and self.state.busy is None

    def can_finish(self) -> bool:
        """ "Terminer" (opens the main window) once the dossier is connected."""
        return self.state.connected and self.state.busy is None

    # -- busy / error ----------------------------------------------------------------------
    def set_busy(self, step: Step | None) -> None:
        self.state.busy = step

    def set_error(self, step: Step, message: str | None) -> None:
        if message:
            self.state.errors[step] = message
        else:
            self.state.errors.pop(step, None)

    def error(self, step: Step) -> str | None:
        return self.state.errors.get(step)

    # -- changes that invalidate later steps ---------------------------------------------------
    def set_siret(self, text: str) -> None:
        """A new SIRET invalidates the MEG authorization checks and everything after."""
        cleaned = "".join(ch for ch in text if ch.isdigit())
        if cleaned != self.state.siret:
            self.state.siret = cleaned
            self.state.checks = MegChecks()
            self.state.company_name = ""
            self.state.connected = False

    @property
    def siren(self) -> str:
        return self.state.siret[:9]

    @property
    def nic(self) -> str:
        return self.state.siret[9:]
