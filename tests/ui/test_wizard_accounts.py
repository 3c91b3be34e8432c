"""The wizard with the accountants' accounts, on the sandbox, the test playing the browser: step 3
with the firm's administrator and with a collaborator (folder matched by SIREN + NIC both
times), no silent choice when nothing matches, and a second dossier that needs no new MEG
authorization."""

from __future__ import annotations

import asyncio
from typing import Any

from qt_helpers import save_screenshot, wait_signal, wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.wizard_flow import Need, Step, WizardFlow
from meg_inqom_desktop.sandbox.oauth import COLLABORATOR, DEMO_USER
from meg_inqom_desktop.ui.wizard.pages_connect import LOCAL_ONLY, ConnectPage
from meg_inqom_desktop.ui.wizard.wizard import SetupWizard

GARAGE = "33413164600591"  # folder 4506: the administrator's and the collaborator's
MENUISERIE = "81819600800127"  # folder 4501: the administrator's only


async def play_browser(widget: Any, button: Any, sandbox: Any, user: str | None = None) -> None:
    waiting = asyncio.ensure_future(wait_signal(widget.url_ready, 15))
    button.click()
    (url,) = await waiting
    done = asyncio.ensure_future(wait_signal(widget.authorized, 15))
    await asyncio.to_thread(sandbox.authorize_as_browser, url, follow=True, username=user)
    await done


def connect_page(qtbot: Any, ui_sandbox: Any, ledger_paths: Any, siret: str) -> ConnectPage:
    connector = Connector(ledger_paths, sandbox=ui_sandbox, open_browser=False)
    flow = WizardFlow(add_dossier=True)
    flow.state.siret = siret
    flow.state.company_name = ui_sandbox.state.meg_company(siret).name
    page = ConnectPage(flow, connector)
    qtbot.addWidget(page)
    page.show()
    page.entered()
    return page


def test_step_3_with_the_administrator_then_a_collaborator(
    qapp, qtbot, qloop, ledger_paths, ui_sandbox
) -> None:  # type: ignore[no-untyped-def]
    page = connect_page(qtbot, ui_sandbox, ledger_paths, GARAGE)
    flow = page.flow

    async def scenario() -> None:
        await play_browser(page.auth, page.auth.start_button, ui_sandbox)
        await wait_until(lambda: page.folder.count() > 1, what="the administrator's folders")
        assert page.auth.account == DEMO_USER
        assert page.folder.count() == 7 + 1  # every folder of the firm, and « local »
        assert page.folder.currentData() == 4506 and flow.state.inqom_folder_id == 4506
        assert "même SIREN et NIC" in page.folder.currentText()
        assert page.match_hint.text() == "✓ Dossier Inqom trouvé par son SIREN et son NIC."
        assert flow.missing(Step.CONNECT) == [Need.MARKETPLACE_OFF, Need.CONNECTED]
        assert not page.connect_button.isEnabled()  # the Marketplace app first
        page.marketplace.setChecked(True)
        assert page.connect_button.isEnabled()
        assert page.auth.other_button.isVisible()
        # « Utiliser un autre compte »: the collaborator, who sees three folders only
        await play_browser(page.auth, page.auth.other_button, ui_sandbox, COLLABORATOR)
        await wait_until(lambda: page.folder.count() == 3 + 1, what="the collaborator's folders")
        assert page.auth.account == COLLABORATOR
        assert page.folder.currentData() == 4506 and flow.state.inqom_folder_id == 4506
        save_screenshot(page, "wizard_3_collaborator")

    qloop.run_until_complete(scenario())


def test_no_folder_with_the_siret_is_never_chosen_silently(
    qapp, qtbot, qloop, ledger_paths, ui_sandbox
) -> None:  # type: ignore[no-untyped-def]
    page = connect_page(qtbot, ui_sandbox, ledger_paths, MENUISERIE)

    async def scenario() -> None:
        await play_browser(page.auth, page.auth.start_button, ui_sandbox, COLLABORATOR)
        await wait_until(lambda: page.folder.count() > 1, what="the collaborator's folders")
        assert page.folder.currentData() is None  # « Choisissez le dossier Inqom… »
        assert page.folder.itemData(page.folder.count() - 1) == LOCAL_ONLY
        assert page.flow.missing(Step.CONNECT)[0] is Need.INQOM_FOLDER
        assert page.match_hint.text().startswith("Aucun dossier Inqom ne porte ce SIREN")
        assert not page.connect_button.isEnabled()

    qloop.run_until_complete(scenario())


def test_a_second_dossier_needs_no_new_meg_authorization(
    qapp, qtbot, qloop, ledger_paths, ui_sandbox
) -> None:  # type: ignore[no-untyped-def]
    connector = Connector(ledger_paths, sandbox=ui_sandbox, open_browser=False)
    first = SetupWizard(connector, add_dossier=True)
    qtbot.addWidget(first)

    async def scenario() -> None:
        first.show()
        page = first.meg_page
        qtbot.keyClicks(page.siret_edit, GARAGE)
        await play_browser(page.auth, page.auth.start_button, ui_sandbox)
        await wait_until(lambda: first.flow.valid(Step.MEG), what="first dossier's checks")
        first.close()
        second = SetupWizard(connector, add_dossier=True)
        qtbot.addWidget(second)
        second.show()
        page = second.meg_page
        qtbot.keyClicks(page.siret_edit, MENUISERIE)
        urls: list[str] = []
        page.auth.url_ready.connect(urls.append)
        done = asyncio.ensure_future(wait_signal(page.auth.authorized, 15))
        page.auth.start_button.click()
        await done
        assert urls == []  # no browser
        assert page.auth.status.text() == f"✓ Autorisation MEG déjà donnée par {DEMO_USER}."
        assert page.auth.other_button.isVisible()
        await wait_until(lambda: second.flow.valid(Step.MEG), what="second dossier's checks")
        assert [row.mark.text() for row in page.checks] == ["✓", "✓", "✓"]
        save_screenshot(second, "wizard_1_meg_already_authorized")

    qloop.run_until_complete(scenario())
    assert len(ui_sandbox.state.meg_oauth.codes) == 1
