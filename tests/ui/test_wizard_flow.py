"""Wizard navigation as plain data: no Qt, no server (Electrum style)."""

from __future__ import annotations

from datetime import date

import pytest

from meg_inqom_desktop.app.wizard_flow import Need, Step, WizardFlow

VALID_SIRET = "73282932000074"


def test_order_of_steps_first_run_and_add_dossier() -> None:
    flow = WizardFlow()
    assert flow.steps == (Step.PREREQUISITES, Step.MEG, Step.VALIDATE, Step.CONNECT)
    assert flow.next_step(Step.PREREQUISITES) is Step.MEG
    assert flow.next_step(Step.CONNECT) is None
    assert flow.previous_step(Step.MEG) is Step.PREREQUISITES
    again = WizardFlow(add_dossier=True)
    assert again.first is Step.MEG
    assert again.previous_step(Step.MEG) is None


def test_meg_step_needs_valid_siret_authorization_and_three_checks() -> None:
    flow = WizardFlow()
    flow.set_siret("732 829 320 00075")
    assert not flow.valid(Step.MEG)
    assert flow.missing(Step.MEG) == [Need.VALID_SIRET, Need.MEG_AUTHORIZATION]
    flow.set_siret("732 829 320 00074")
    assert flow.missing(Step.MEG) == [Need.MEG_AUTHORIZATION]
    flow.state.meg_authorized = True
    flow.state.checks.company_found = False
    assert flow.missing(Step.MEG) == [Need.COMPANY_FOUND]
    flow.state.checks.company_found = True
    flow.state.checks.premium = False
    assert flow.missing(Step.MEG) == [Need.PREMIUM]
    flow.state.checks.premium = True
    flow.state.checks.connection = False
    assert flow.missing(Step.MEG) == [Need.CONNECTION_ENABLED]
    flow.state.checks.connection = True
    assert flow.valid(Step.MEG)
    flow.set_busy(Step.MEG)
    assert not flow.can_go_next(Step.MEG)
    flow.set_busy(None)
    assert flow.can_go_next(Step.MEG)
    flow.set_siret("73282932000074")  # same digits: nothing invalidated
    assert flow.valid(Step.MEG)
    flow.set_siret("35600000000048")  # another company: checks start again
    assert not flow.state.checks.all_ok


def test_validate_step_done_or_skipped() -> None:
    flow = WizardFlow()
    assert not flow.valid(Step.VALIDATE)
    assert flow.can_skip(Step.VALIDATE)
    flow.skip(Step.VALIDATE)
    assert flow.valid(Step.VALIDATE)
    with pytest.raises(ValueError, match=r"cannot be skipped"):
        flow.skip(Step.MEG)


def test_connect_step_local_only_or_inqom_folder() -> None:
    flow = WizardFlow()
    flow.state.start_date = date(2026, 1, 1)
    assert flow.missing(Step.CONNECT) == [Need.INQOM_AUTHORIZATION, Need.CONNECTED]
    assert not flow.can_connect()
    flow.state.local_only = True
    assert flow.missing(Step.CONNECT) == [Need.CONNECTED]
    assert flow.can_connect()
    assert not flow.valid(Step.CONNECT)
    flow.set_busy(Step.CONNECT)
    assert not flow.can_connect()  # nothing clicked twice while it works
    flow.set_busy(None)
    flow.state.local_only = False
    flow.state.inqom_authorized = True
    assert flow.missing(Step.CONNECT) == [Need.INQOM_FOLDER, Need.CONNECTED]
    flow.state.inqom_folder_id = 42
    assert flow.missing(Step.CONNECT) == [Need.MARKETPLACE_OFF, Need.CONNECTED]
    assert not flow.can_connect()  # Inqom's own MEG connector would book everything twice
    flow.state.marketplace_off = True
    assert flow.can_connect()
    flow.state.connected = True
    assert flow.valid(Step.CONNECT) and flow.can_finish()
    assert flow.previous_step(Step.CONNECT) is None  # nothing to go back to once connected


def test_errors_per_step() -> None:
    flow = WizardFlow()
    flow.set_error(Step.MEG, "MEG ne répond pas.")
    assert flow.error(Step.MEG) == "MEG ne répond pas."
    flow.set_error(Step.MEG, None)
    assert flow.error(Step.MEG) is None


def test_every_need_and_step_has_its_words(qapp) -> None:  # type: ignore[no-untyped-def]
    from meg_inqom_desktop.ui.wizard.steps import NEED_TEXTS, STEP_TITLES, need_text, step_title

    assert set(NEED_TEXTS) == set(Need) and set(STEP_TITLES) == set(Step)
    assert need_text(Need.CONNECTED) == "Cliquez sur « Connexion »."
    assert step_title(Step.MEG) == "Étape 1 : configurer MEG"
