"""The whole wizard against the sandbox, the test acting as the browser; a screenshot per step."""

from __future__ import annotations

import asyncio
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from qt_helpers import save_screenshot, wait_signal, wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.wizard_flow import Step
from meg_inqom_desktop.store.models import DossierRow, EntryRow
from meg_inqom_desktop.ui.wizard.wizard import SetupWizard


def _company(sandbox, *, premium: bool = True, connection: bool = True):  # type: ignore[no-untyped-def]
    for company in sandbox.state.meg.companies.values():
        if company.premium_licence == premium and (
            company.production_software_connection == connection
        ):
            return company
    raise AssertionError("no such company in the sandbox")


async def _authorize(widget, button, sandbox) -> None:  # type: ignore[no-untyped-def]
    waiting = asyncio.ensure_future(wait_signal(widget.url_ready, 15))
    button.click()
    (url,) = await waiting
    assert widget.copy_button.isVisible() and widget.cancel_button.isVisible()
    done = asyncio.ensure_future(wait_signal(widget.authorized, 15))
    await asyncio.to_thread(sandbox.authorize_as_browser, url, follow=True)
    await done


def test_whole_wizard_on_the_sandbox(qapp, qtbot, qloop, ledger_paths, ui_sandbox) -> None:
    company = _company(ui_sandbox)
    connector = Connector(ledger_paths, sandbox=ui_sandbox, open_browser=False)
    wizard = SetupWizard(connector)
    qtbot.addWidget(wizard)

    async def scenario() -> None:
        wizard.show()
        # Prérequis
        assert wizard.current is Step.PREREQUISITES and not wizard.next_button.isEnabled()
        wizard.pages[Step.PREREQUISITES].confirm.setChecked(True)
        save_screenshot(wizard, "wizard_0_prerequisites")
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        # Étape 1: SIRET checked live, MEG authorized in the "browser", three checks
        page = wizard.meg_page
        assert wizard.current is Step.MEG
        qtbot.keyClicks(page.siret_edit, company.siret[:-1] + "0")
        assert page.siret_problem.text().startswith(("La clé", "Le SIREN"))
        assert not page.auth.isEnabled()
        page.siret_edit.clear()
        qtbot.keyClicks(page.siret_edit, company.siret)
        assert page.siret_problem.text() == "✓" and page.auth.isEnabled()
        await _authorize(page.auth, page.auth.start_button, ui_sandbox)
        await wait_until(lambda: wizard.flow.valid(Step.MEG), what="MEG checks")
        assert [row.mark.text() for row in page.checks] == ["✓", "✓", "✓"]
        assert wizard.next_button.isEnabled()
        save_screenshot(wizard, "wizard_1_meg")
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        # Étape 2: preview January 2026 (not yet validated), validate after confirmation
        vpage = wizard.validate_page
        vpage.date_from.setDate(QDate(2026, 1, 1))
        vpage.date_to.setDate(QDate(2026, 1, 31))
        lines = await vpage.preview()
        assert lines and vpage.model.rowCount() == len(lines)
        assert "VT" in vpage.totals.text()
        save_screenshot(wizard, "wizard_2_validate")
        validating = asyncio.ensure_future(vpage.validate())
        await wait_until(lambda: vpage.findChild(QMessageBox, "confirmation") is not None)
        box = vpage.findChild(QMessageBox, "confirmation")
        assert "définitif" in box.text()
        accept = next(b for b in box.buttons() if b.text() == "Valider définitivement")
        accept.click()
        assert await validating
        assert "validée" in vpage.report.text()
        assert wizard.flow.valid(Step.VALIDATE)
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        # Étape 3: Inqom authorized, matching folder chosen, Connexion runs the first sync
        cpage = wizard.connect_page
        assert cpage.siret.text() == company.siret
        await _authorize(cpage.auth, cpage.auth.start_button, ui_sandbox)
        await wait_until(lambda: cpage.folder.count() > 1, what="Inqom folders")
        assert company.siret[:9] in cpage.folder.currentText()
        assert wizard.flow.state.inqom_folder_id is not None
        assert not cpage.connect_button.isEnabled()  # Inqom's own MEG app: confirmed first
        cpage.marketplace.setChecked(True)
        assert cpage.connect_button.isEnabled()
        cpage.start_date.setDate(QDate(2025, 10, 1))  # a quarter and a month: a quick push
        finished = asyncio.ensure_future(wait_signal(wizard.finished_setup, 60))
        dossier_id = await cpage.connect_and_sync()
        assert dossier_id and wizard.flow.state.first_sync_done
        assert wizard.next_button.text() == "Terminer" and wizard.next_button.isEnabled()
        save_screenshot(wizard, "wizard_3_connect")
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        await finished

    qloop.run_until_complete(scenario())
    dossier = DossierRow.get(DossierRow.siret == company.siret)
    assert dossier.inqom_folder_id is not None and dossier.start_date == date(2025, 10, 1)
    stored = EntryRow.select().where(EntryRow.dossier == dossier.id).count()
    expected = [
        e for e in company.entries if e.validated_at is not None and e.date >= date(2025, 10, 1)
    ]
    assert any(e.date.month == 1 and e.date.year == 2026 for e in expected)  # validated in step 2
    assert stored == len(expected) > 0


def test_meg_checks_show_fix_steps_and_authorization_can_be_cancelled(
    qapp, qtbot, qloop, ledger_paths, ui_sandbox
) -> None:
    company = _company(ui_sandbox, premium=False, connection=True)
    connector = Connector(ledger_paths, sandbox=ui_sandbox, open_browser=False)
    wizard = SetupWizard(connector, add_dossier=True)
    qtbot.addWidget(wizard)

    async def scenario() -> None:
        wizard.show()
        assert wizard.current is Step.MEG  # adding a dossier skips the prerequisites
        page = wizard.meg_page
        qtbot.keyClicks(page.siret_edit, company.siret)
        # "Annuler" stops the wait for the browser
        waiting = asyncio.ensure_future(wait_signal(page.auth.url_ready, 15))
        page.auth.start_button.click()
        (url,) = await waiting
        page.auth.copy_button.click()  # "Copier le lien" when no browser opens
        assert QApplication.clipboard().text() == url
        page.auth.cancel_button.click()
        await wait_until(lambda: page.auth.start_button.isEnabled(), what="cancelled")
        assert page.auth.status.text() == "Autorisation annulée."
        assert not page.auth.cancel_button.isVisible()
        # authorize for real: the licence check fails with MEG's fix steps
        await _authorize(page.auth, page.auth.start_button, ui_sandbox)
        await wait_until(lambda: page.checks[1].mark.text() == "✗", what="checks")
        marks = [row.mark.text() for row in page.checks]
        assert marks == ["✓", "✗", "✓"]
        fix = page.checks[1].fix.text()
        assert "Supervision" in fix and "Accès aux modules MEG Premium" in fix
        assert page.checks[1].fix.isVisible() and page.recheck.isEnabled()
        assert not wizard.next_button.isEnabled()
        assert "licence premium" in wizard.next_button.toolTip()
        save_screenshot(wizard, "wizard_1_meg_premium_missing")
        # the accountant fixes it in MEG, then "Revérifier"
        company.premium_licence = True
        await page.run_checks()
        assert [row.mark.text() for row in page.checks] == ["✓", "✓", "✓"]
        assert wizard.next_button.isEnabled()

    qloop.run_until_complete(scenario())
