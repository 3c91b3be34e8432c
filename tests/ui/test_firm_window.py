"""The main window on a firm's PostgreSQL ledger: where the ledger is, the runs of the other
workstations and of the firm's service live, their result when they end, and who did what
(Historique → « Qui a fait quoi »), filterable by dossier and by person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_cluster import FIRM_PASSWORD
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.firm import store_password
from meg_inqom_desktop.store import audit, dossiers
from meg_inqom_desktop.store.models import SyncRun
from meg_inqom_desktop.store.paths import resolve_data_paths
from meg_inqom_desktop.sync.runs import Phase, Progress
from meg_inqom_desktop.ui import firm_activity
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.tray import Tray

SERVICE = audit.Who("SRV-COMPTA", "meg-sync")
GARAGE, BOULANGERIE = "33413164600591", "79083863500585"


@pytest.fixture
def firm_window(
    qapp, qtbot, firm_database: str, tmp_path: Path, monkeypatch
) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(firm_activity, "POLL_MS", 50)
    store_password(firm_database, FIRM_PASSWORD)
    connector = Connector(resolve_data_paths(tmp_path / "poste").ensure(), database=firm_database)
    with connector.opened():
        dossiers.get_or_create_dossier(GARAGE, name="Garage Rousseau")
        dossiers.get_or_create_dossier(BOULANGERIE, name="Boulangerie Martin")
        window = MainWindow(connector, Tray())
        qtbot.addWidget(window)
        yield window
        window.firm_activity.stop()


def test_the_window_names_the_firm_database(firm_window: MainWindow, firm_database: str) -> None:
    labels = [w.text() for w in firm_window.statusBar().findChildren(QLabel)]
    assert f"Base du cabinet : {firm_database}" in labels


def test_runs_of_the_service_are_seen_live_then_their_result(
    firm_window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    panel = firm_window.firm_activity
    garage = dossiers.require_dossier(GARAGE)
    run = SyncRun.create(
        dossier=garage.id, trigger="schedule", status="running", holder="SRV-COMPTA / meg-sync"
    )
    qtbot.waitUntil(
        lambda: "SRV-COMPTA / meg-sync synchronise Garage Rousseau" in panel.text(), timeout=5000
    )
    assert panel.isVisibleTo(firm_window)
    event = Progress(Phase.PULL, garage.id, "Garage Rousseau", entries_done=40, entries_total=162)
    SyncRun.update(progress=json.dumps(event.__dict__)).where(SyncRun.id == run.id).execute()
    qtbot.waitUntil(lambda: "40/162" in panel.text(), timeout=5000)
    ended: list[object] = []
    panel.finished_elsewhere.connect(ended.append)
    SyncRun.update(status="success", new=162, pushed=162).where(SyncRun.id == run.id).execute()
    qtbot.waitUntil(lambda: bool(ended), timeout=5000)
    assert ended == [{garage.id}]
    assert "SRV-COMPTA / meg-sync a synchronisé Garage Rousseau" in panel.text()
    assert "162 nouvelles écritures, 162 envoyées à Inqom" in panel.text()
    assert "synchronise Garage" not in panel.text().replace("a synchronisé", "")


def test_this_workstations_own_runs_are_not_repeated(firm_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = firm_window.firm_activity
    garage = dossiers.require_dossier(GARAGE)
    SyncRun.create(dossier=garage.id, trigger="manual", status="running", holder=audit.who().label)
    other = SyncRun.create(
        dossier=garage.id, trigger="manual", status="running", holder="POSTE-3 / jdupont"
    )
    qtbot.waitUntil(lambda: "POSTE-3 / jdupont" in panel.text(), timeout=5000)
    assert audit.who().label not in panel.text()
    SyncRun.delete().where(SyncRun.id == other.id).execute()


def test_who_did_what_filtered_by_dossier_and_person(firm_window: MainWindow) -> None:
    audit.record(
        "period_validated",
        "Période du 01/01/2026 au 31/01/2026 validée.",
        siret=GARAGE,
        dossier_name="Garage Rousseau",
        by=audit.Who("POSTE-3", "jdupont"),
    )
    audit.record(
        "sync",
        "Garage Rousseau : 12 écritures reçues.",
        siret=GARAGE,
        dossier_name="Garage Rousseau",
        by=SERVICE,
    )
    audit.record(
        "sync",
        "Boulangerie Martin : rien de nouveau.",
        siret=BOULANGERIE,
        dossier_name="Boulangerie Martin",
        by=SERVICE,
    )
    audit.record(
        "setting_changed", "Notifications : toutes → erreurs.", by=audit.Who("POSTE-1", "mlegrand")
    )
    firm_window.show_dossier(None)
    firm_window.tabs.setCurrentWidget(firm_window.history)
    view = firm_window.history.audit
    shown = lambda: [view.model.row_object(i) for i in range(view.model.rowCount())]  # noqa: E731
    assert len(shown()) == 4
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "Poste"
    view.person.setCurrentIndex(view.person.findData("meg-sync"))
    assert {e.dossier_name for e in shown()} == {"Garage Rousseau", "Boulangerie Martin"}
    view.dossier.setCurrentIndex(view.dossier.findData(GARAGE))
    assert [e.detail for e in shown()] == ["Garage Rousseau : 12 écritures reçues."]
    view.person.setCurrentIndex(0)  # everybody, Garage only
    assert [e.person for e in shown()] == ["meg-sync", "jdupont"]
    assert view.count.text() == "Actions affichées : 2"
    garage = dossiers.require_dossier(GARAGE)
    firm_window.show_dossier(garage.id)  # the window's dossier is the trail's
    assert view.dossier.currentData() == GARAGE
