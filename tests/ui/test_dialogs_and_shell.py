"""Settings and FEC export dialogs, CSV export, single instance, error presentation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from qt_helpers import save_screenshot
from ui_ledger_seed import seed_dossier, seed_entries

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.settings import load_settings
from meg_inqom_desktop.errors import (
    DataFolderLocked,
    FatalError,
    InvalidEntry,
    MegInqomError,
    RecoverableError,
)
from meg_inqom_desktop.store.db import DB
from meg_inqom_desktop.store.ledger_queries import LedgerFilter
from meg_inqom_desktop.ui.error_presenter import Reaction, present
from meg_inqom_desktop.ui.fec_export_dialog import FecExportDialog
from meg_inqom_desktop.ui.models.ledger_models import JournalModel
from meg_inqom_desktop.ui.settings_dialog import SettingsDialog
from meg_inqom_desktop.ui.single_instance import (
    SingleInstance,
    notify_running_instance,
    server_name,
)
from meg_inqom_desktop.ui.views.ledger_view import ExportCancelled, LedgerView, export_csv


def test_settings_dialog_saves_checked_values(qapp, qtbot, ledger_paths, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(ledger_paths.root / "xdg"))
    connector = Connector(ledger_paths)
    dialog = SettingsDialog(connector)
    qtbot.addWidget(dialog)
    dialog.slots.setText("25:00")
    assert not dialog.save()
    assert dialog.error.text()  # the French message of the settings check
    dialog.slots.setText("09:00, 17:30")
    dialog.notifications.setCurrentIndex(dialog.notifications.findData("errors"))
    dialog.proxy.setText("http://proxy.cabinet.local:3128")
    save_screenshot(dialog, "settings_dialog")
    assert dialog.save()
    stored = load_settings(ledger_paths.settings)
    assert stored.slots == ("09:00", "17:30")
    assert stored.notifications == "errors"
    assert stored.proxy == "http://proxy.cabinet.local:3128"


def test_fec_export_dialog_shows_the_report(qapp, qtbot, qloop, ledger_paths, tmp_path) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 40)
    dialog = FecExportDialog(Connector(ledger_paths), "73282932000074")
    qtbot.addWidget(dialog)
    dialog.closing.setDate(dialog.closing.date().fromString("31/12/2026", "dd/MM/yyyy"))
    dialog.folder.setText(str(tmp_path / "fec"))
    text = qloop.run_until_complete(dialog.export())
    written = list((tmp_path / "fec").glob("732829320FEC20261231.txt"))
    assert written, text
    assert "Lignes : 80" in text and "écritures : 40" in text
    assert "Erreurs : 0" in text
    save_screenshot(dialog, "fec_export_dialog")


def test_csv_export_of_the_filtered_journal(qapp, ledger_paths, tmp_path: Path) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 30)
    target = tmp_path / "journal.csv"
    flt = LedgerFilter(dossier_id=dossier, provenances=("fec",))
    count = export_csv(JournalModel(Connector(ledger_paths)), flt, target)
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    stored = DB.execute_sql("SELECT COUNT(*) FROM entry_line WHERE provenance = 'fec'").fetchone()[
        0
    ]
    assert count == stored == len(rows) - 1
    assert rows[0][:3] == ["Date", "Journal", "Pièce"]
    assert {r[7] for r in rows[1:]} == {"Import FEC"}
    assert rows[1][5] == "1\u202f000,00"


def journal_view(qtbot, ledger_paths, *, entries: int) -> tuple[LedgerView, list[str]]:
    """A Journal tab on a dossier of ``entries`` two-line entries, and the status lines it
    says."""
    dossier = seed_dossier()
    seed_entries(dossier, entries)
    view = LedgerView(Connector(ledger_paths), "journal")
    qtbot.addWidget(view)
    view.set_dossier(dossier)
    said: list[str] = []
    view.message.connect(said.append)
    return view, said


def test_csv_export_from_the_view_runs_behind_a_progress_and_says_what_it_wrote(
    qapp, qtbot, qloop, ledger_paths, tmp_path: Path
) -> None:
    view, said = journal_view(qtbot, ledger_paths, entries=30)
    target = tmp_path / "journal.csv"
    rows = qloop.run_until_complete(view.export_csv_to(target))
    with target.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle, delimiter=";"))) == rows + 1 == 61
    assert said == [f"60 lignes exportées dans {target}."]
    assert list(tmp_path.glob("*.partial")) == []


def test_csv_export_into_a_folder_that_cannot_take_it_says_so_and_leaves_nothing(
    qapp, qtbot, qloop, ledger_paths, tmp_path: Path
) -> None:
    """A file stands where the export's folder should be: « Export impossible » names that
    folder (not the data folder) in a box, the status line says it, nothing is written."""
    view, said = journal_view(qtbot, ledger_paths, entries=3)
    blocker = tmp_path / "usb"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    messages: list[str] = []

    def close_the_box() -> None:
        box = view.findChild(QMessageBox)
        if box is None:
            QTimer.singleShot(20, close_the_box)
            return
        messages.append(box.text())
        box.reject()

    QTimer.singleShot(20, close_the_box)
    assert qloop.run_until_complete(view.export_csv_to(blocker / "journal.csv")) is None
    assert said == ["Export impossible"]
    assert messages and f"« {blocker} » n'est pas un dossier" in messages[0]
    assert "Le fichier CSV « journal.csv » n'a pas été écrit" in messages[0]
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_a_cancelled_csv_export_leaves_no_file(qapp, ledger_paths, tmp_path: Path) -> None:
    dossier = seed_dossier()
    seed_entries(dossier, 30)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "journal.csv"
    seen: list[int] = []

    def cancel_after_the_first_page(rows: int) -> None:
        seen.append(rows)
        raise ExportCancelled

    flt = LedgerFilter(dossier_id=dossier)
    with pytest.raises(ExportCancelled):
        export_csv(JournalModel(Connector(ledger_paths)), flt, target, cancel_after_the_first_page)
    assert seen == [60]
    assert list(out.iterdir()) == []


def test_second_launch_asks_the_first_to_come_forward(qapp, qtbot, tmp_path: Path) -> None:
    name = server_name(tmp_path)
    assert not notify_running_instance(name)
    first = SingleInstance(name)
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activation_requested, timeout=5000):
            assert notify_running_instance(name)
    finally:
        first.close()


@pytest.mark.parametrize(
    ("error", "reaction", "retry"),
    [
        (InvalidEntry(message="Écriture déséquilibrée."), Reaction.STATUS, True),
        (RecoverableError("Pièce refusée", "Trop grande."), Reaction.STATUS, True),
        (DataFolderLocked(message="Déjà ouvert."), Reaction.DIALOG, False),
        (FatalError("Autorisation révoquée", "Relancez l'assistant."), Reaction.DIALOG, False),
        (MegInqomError("MEG indisponible", "Réessayez plus tard."), Reaction.NOTIFY, True),
        (PermissionError(13, "Permission refusée"), Reaction.DIALOG, True),
        (ZeroDivisionError("division by zero"), Reaction.BUG, False),
    ],
)
def test_error_presenter(error: BaseException, reaction: Reaction, retry: bool) -> None:
    shown = present(error)
    assert shown.reaction is reaction and shown.retry is retry
    assert shown.title and shown.message
    if isinstance(error, MegInqomError):
        assert (shown.title, shown.message) == (error.title, error.message)


def test_settings_dialog_points_the_workstation_at_the_firm_database(
    qapp, qtbot, qloop, ledger_paths, firm_database, memory_keyring
) -> None:
    """« Base du cabinet »: the test connects with the typed password; Save keeps the address
    in the settings and the password in the keyring only."""
    from postgres_cluster import FIRM_PASSWORD

    from meg_inqom_desktop.app.firm import KEYRING_SERVICE

    connector = Connector(ledger_paths)
    dialog = SettingsDialog(connector)
    qtbot.addWidget(dialog)
    dialog.firm_url.setText(firm_database)
    dialog.firm_password.setText("wrong")
    assert not qloop.run_until_complete(dialog.test_firm_database())
    assert "refusée" in dialog.firm_result.text()
    dialog.firm_password.setText(FIRM_PASSWORD)
    assert qloop.run_until_complete(dialog.test_firm_database())
    assert dialog.firm_result.text().startswith("Connexion réussie")
    save_screenshot(dialog, "settings_firm_database")
    assert dialog.save()
    stored = load_settings(ledger_paths.settings)
    assert stored.firm_database == firm_database
    assert FIRM_PASSWORD not in ledger_paths.settings.read_text(encoding="utf-8")
    assert FIRM_PASSWORD in memory_keyring.secrets.values()
    assert {service for service, _ in memory_keyring.secrets} == {KEYRING_SERVICE}
    dialog2 = SettingsDialog(Connector(ledger_paths))
    qtbot.addWidget(dialog2)
    dialog2.firm_url.setText(firm_database.replace("meg@", "meg:secret@"))
    assert not dialog2.save()
    assert "Mot de passe dans l'adresse" in dialog2.error.text()
