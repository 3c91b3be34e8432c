"""Render every top-level window and dialog of the app on the sandbox, on the screen Qt was
started with, and print as JSON what is cut or off screen (``layout_check.problems``).

Run by ``test_layouts_fit.py`` in a subprocess, once per screen (1366×768; 1920×1080 at 150 %),
since Qt's screen is chosen when the process starts. With ``MEG_INQOM_LAYOUT_SHOTS=DIR`` it
also saves each window as ``DIR/<prefix>_<name>.png``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from keyring.backend import KeyringBackend
from layout_check import problems
from PySide6.QtWidgets import QApplication, QWidget
from waiting import wait_until_async


class _MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


async def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()
        await asyncio.sleep(0)  # layouts and deferred resizes run between the turns


async def main(app: QApplication) -> dict[str, Any]:
    from meg_inqom_desktop.app.clients import ClientTuning
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.app.wizard_flow import Step
    from meg_inqom_desktop.net.ratelimit import TokenBucket
    from meg_inqom_desktop.sandbox import start_sandbox
    from meg_inqom_desktop.store import dossiers
    from meg_inqom_desktop.store.paths import resolve_data_paths
    from meg_inqom_desktop.ui.about_dialog import AboutDialog
    from meg_inqom_desktop.ui.error_dialog import ErrorDialog
    from meg_inqom_desktop.ui.fec_export_dialog import FecExportDialog
    from meg_inqom_desktop.ui.main_window import MainWindow
    from meg_inqom_desktop.ui.settings_dialog import SettingsDialog
    from meg_inqom_desktop.ui.tray import Tray
    from meg_inqom_desktop.ui.wizard.wizard import SetupWizard

    shots = os.environ.get("MEG_INQOM_LAYOUT_SHOTS", "")
    prefix = os.environ.get("MEG_INQOM_LAYOUT_PREFIX", "layout")
    screen = app.primaryScreen().availableGeometry()
    found: list[str] = []
    seen: list[str] = []

    async def check(window: QWidget, name: str) -> None:
        if not window.isVisible():
            window.show()
        await _settle(app)
        seen.append(name)
        found.extend(f"[{name}] {p}" for p in problems(window, screen))
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            window.grab().save(str(Path(shots) / f"{prefix}_{name}.png"))

    handle = start_sandbox(rate_limit=None)
    paths = resolve_data_paths(Path(tempfile.mkdtemp()) / "data").ensure()
    connector = Connector(
        paths,
        sandbox=handle,
        open_browser=False,
        tuning=ClientTuning(limiter=TokenBucket(1e4, 1e3)),
    )
    connector.open()
    try:
        connector.add_demo_dossiers()
        first = connector.dossiers()[0]
        dossiers.rename_dossier(first.siret, "Société Coopérative des Producteurs de Lavande")
        company = handle.state.meg_company(first.siret)
        last = max(company.validated)
        connector.update_dossier(first.siret, start_date=date(int(last[:4]), int(last[5:]), 1))
        await connector.sync(first.id)
        main_window = MainWindow(connector, Tray())
        main_window.show()
        main_window.reload()
        await main_window.refresh_meg_state()
        main_window.dossiers.select_sirets([first.siret])
        main_window.journal.set_provenance("meg")
        for index, tab in enumerate(("journal", "grand_livre", "todo", "history")):
            main_window.tabs.setCurrentIndex(index)
            await check(main_window, f"main_window_{tab}")
        entry = next(
            line.entry_id
            for line in connector.journal_page(main_window.journal.current_filter())
            if connector.entry_documents(line.entry_id)
        )
        viewer = await main_window.open_piece(entry)
        assert viewer is not None
        await check(viewer, "piece_viewer")
        viewer.close()
        for name, dialog in (
            ("settings_dialog", SettingsDialog(connector, main_window)),
            ("fec_export_dialog", FecExportDialog(connector, first.siret, main_window)),
            ("about_dialog", AboutDialog(main_window, paths)),
            ("error_dialog", ErrorDialog(paths, RuntimeError("exemple"), main_window)),
        ):
            dialog.open()
            await check(dialog, name)
            dialog.close()
        fec = connector.export_fec(first.siret, int(last[:4]), Path(tempfile.mkdtemp()))
        fec_import = main_window.open_fec_import(first.siret)
        fec_import.file.setText(str(fec.path))
        assert await fec_import.check() is not None  # the check report shown
        await check(fec_import, "fec_import_dialog")
        fec_import.close()
        sirets = [d.siret for d in connector.dossiers()][:3]
        validate = main_window.dossier_actions.validate(sirets)
        await asyncio.wait_for(validate.tasks._tasks["work"], 60)
        await check(validate, "validate_month_dialog")
        validate.close()
        edit = main_window.dossier_actions.edit(first.siret)
        await check(edit, "dossier_dialog")
        edit.close()
        main_window.quitting = True
        main_window.close()
        wizard = SetupWizard(connector)
        wizard.pages[Step.PREREQUISITES].confirm.setChecked(True)  # type: ignore[attr-defined]
        await check(wizard, "wizard_0_prerequisites")
        wizard.go_next()
        other = next(s for s in handle.state.meg.companies if s != first.siret)
        await connector.sandbox_authorize("meg", other)
        wizard.meg_page.siret_edit.setText(other)
        wizard.flow.state.meg_authorized = True
        await wizard.meg_page.run_checks()
        await check(wizard, "wizard_1_meg")
        wizard.flow.state.checks.premium = wizard.flow.state.checks.connection = True
        wizard.show_step(Step.VALIDATE)
        page = wizard.validate_page
        await wait_until_async(lambda: page.plan is not None, 60, "MEG's months")
        if page.first_month.count():
            await page.preview()
        await check(wizard, "wizard_2_validate")
        wizard.show_step(Step.CONNECT)
        await check(wizard, "wizard_3_connect")
        wizard.close()
    finally:
        await connector.aclose()
        connector.close()
        handle.stop()
    return {"screen": screen.getRect(), "windows": seen, "problems": found}


if __name__ == "__main__":
    keyring.set_keyring(_MemoryKeyring())
    application = QApplication(sys.argv[:1])
    import qasync

    loop = qasync.QEventLoop(application)
    asyncio.set_event_loop(loop)
    with loop:
        result = loop.run_until_complete(main(application))
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
