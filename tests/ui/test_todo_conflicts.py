""" "À traiter": keep or replace a conflict from the tab; a replaced entry Inqom already holds is
flagged and the accountant warned (nothing is pushed); "Réessayer" is for rejections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from qt_helpers import wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store import ledger_writes as lw
from meg_inqom_desktop.store.ledger_queries import LedgerLine
from meg_inqom_desktop.store.models import Conflict, EntryRow, PushRecord
from meg_inqom_desktop.store.models import EntryLineRow as LineRow
from meg_inqom_desktop.store.rejections import RejectionItem
from meg_inqom_desktop.ui.main_window import MainWindow
from meg_inqom_desktop.ui.tray import Tray
from meg_inqom_desktop.ui.views.todo_view import TodoView

SIRET = "73282932000074"


def _entry(source_id: str, amount: str, piece: str, account: str = "411000") -> Entry:
    value = Decimal(amount)
    return Entry(
        source_id=source_id,
        journal=Journal("VT"),
        date=date(2026, 3, 15),
        piece_ref=piece,
        label="Vente",
        number=source_id,
        lines=(
            EntryLine(account=account, label="Vente", debit=value),
            EntryLine(account="706000", label="Vente", credit=value),
        ),
    )


def _store_with_conflicts() -> dict[str, Any]:
    """Two MEG entries that came back changed: ``local`` never pushed, ``pushed`` in Inqom."""
    dossier, _ = dossiers.get_or_create_dossier(SIRET, name="ACME SARL")
    first = lw.upsert_entries(
        dossier.id,
        [_entry("m1", "10.00", "F-LOCAL"), _entry("m2", "20.00", "F-PUSHED")],
        provenance=MEG,
    )
    local_id, pushed_id = first.new_entry_ids
    PushRecord.create(entry=pushed_id, dossier=dossier.id, status="pushed", inqom_entry_id=777)
    changed = lw.upsert_entries(
        dossier.id,
        [_entry("m1", "12.00", "F-LOCAL"), _entry("m2", "25.00", "F-PUSHED", "512000")],
        provenance=MEG,
    )
    assert changed.conflicts == 2
    by_entry = {c.entry_id: c.id for c in Conflict.select()}
    return {
        "dossier": dossier.id,
        "local": (local_id, by_entry[local_id]),
        "pushed": (pushed_id, by_entry[pushed_id]),
    }


def _window(paths: Any, qtbot: Any, dossier_id: int) -> MainWindow:
    window = MainWindow(Connector(paths), Tray())
    qtbot.addWidget(window)
    window.show()
    window.reload()
    window.show_dossier(dossier_id)
    window.tabs.setCurrentWidget(window.todo)
    return window


def _select_conflict(todo: TodoView, conflict_id: int) -> None:
    row = next(
        r
        for r in range(todo.model.rowCount())
        if todo.model.row_object(r).kind == "conflict"
        and todo.model.row_object(r).id == conflict_id
    )
    todo.select_row(row)
    assert todo.keep.isEnabled() and todo.replace.isEnabled()


def test_keep_then_replace_an_entry_never_pushed(qapp, qtbot, qloop, ledger_paths) -> None:
    store = _store_with_conflicts()
    window = _window(ledger_paths, qtbot, store["dossier"])
    todo = window.todo
    assert todo.model.rowCount() == 2
    assert not todo.keep.isEnabled() and not todo.replace.isEnabled()  # nothing selected
    assert not todo.retry.isEnabled()  # no rejection to retry
    local_entry, local_conflict = store["local"]

    async def keep() -> None:
        _select_conflict(todo, local_conflict)
        todo.keep.click()
        await wait_until(lambda: todo.notice.isVisibleTo(todo), 10, "notice after keep")

    qloop.run_until_complete(keep())
    assert todo.notice.text() == "Version enregistrée conservée ; la nouvelle version est écartée."
    assert Conflict.get_by_id(local_conflict).resolution == "kept"
    assert EntryRow.get_by_id(local_entry).total_cents == 1000
    assert todo.model.rowCount() == 1  # the list was read again
    # a newer version of the same entry comes back: replace it
    dossier_id = store["dossier"]
    again = lw.upsert_entries(dossier_id, [_entry("m1", "13.00", "F-LOCAL")], provenance=MEG)
    (new_conflict,) = again.conflict_ids
    todo.reload(dossier_id)

    async def replace() -> None:
        todo.notice.setVisible(False)
        _select_conflict(todo, new_conflict)
        todo.replace.click()
        await wait_until(lambda: todo.notice.isVisibleTo(todo), 10, "notice after replace")

    qloop.run_until_complete(replace())
    assert todo.notice.text() == "Écriture remplacée par la nouvelle version venue de MEG."
    assert Conflict.get_by_id(new_conflict).resolution == "replaced"
    assert EntryRow.get_by_id(local_entry).total_cents == 1300
    assert PushRecord.get_or_none(PushRecord.entry == local_entry) is None
    # the Journal shows the new amounts
    window.tabs.setCurrentWidget(window.journal)
    window.journal.model.fetch_all()
    amounts = {
        line.debit
        for line in window.journal.model.lines()
        if isinstance(line, LedgerLine) and line.entry_id == local_entry
    }
    assert Decimal("13.00") in amounts


def test_replacing_an_entry_inqom_holds_warns_and_pushes_nothing(
    qapp, qtbot, qloop, ledger_paths
) -> None:
    store = _store_with_conflicts()
    window = _window(ledger_paths, qtbot, store["dossier"])
    todo = window.todo
    pushed_entry, pushed_conflict = store["pushed"]

    async def replace() -> Any:
        _select_conflict(todo, pushed_conflict)
        outcome = await window.resolve_conflict(pushed_conflict, "replace")
        assert todo.notice.isVisibleTo(todo)
        return outcome

    outcome = qloop.run_until_complete(replace())
    assert outcome.inqom_has_old_version and outcome.inqom_entry_id == 777
    text = todo.notice.text()
    assert "déjà été envoyée à Inqom" in text and "garde l'ancienne version" in text
    assert "bold" in todo.notice.styleSheet()
    row = EntryRow.get_by_id(pushed_entry)
    assert row.total_cents == 2500
    accounts = {ln.account for ln in LineRow.select().where(LineRow.entry == pushed_entry)}
    assert accounts == {"512000", "706000"}
    record = PushRecord.get(PushRecord.entry == pushed_entry)
    assert (record.status, record.inqom_entry_id) == ("pushed", 777)  # not sent again
    assert "Inqom garde l'ancienne version" in record.error
    # resolving it twice says so, in French, without a crash
    qloop.run_until_complete(window.resolve_conflict(pushed_conflict, "keep"))
    assert todo.notice.text().startswith("Conflit déjà traité")


def test_retry_is_for_rejections(qapp, qtbot, ledger_paths) -> None:
    store = _store_with_conflicts()
    todo = TodoView(Connector(ledger_paths))
    qtbot.addWidget(todo)
    assert todo.reload(store["dossier"]) == 2
    assert not todo.retry.isEnabled()  # conflicts only: nothing to retry
    item = RejectionItem("entry", "m9", "unbalanced", "Écriture déséquilibrée.")
    lw.record_rejection(store["dossier"], item, provenance=MEG)
    assert todo.reload(store["dossier"]) == 3
    assert todo.retry.isEnabled()
    retries: list[bool] = []
    todo.retry_requested.connect(lambda: retries.append(True))
    rejection_row = next(r for r in range(3) if todo.model.row_object(r).kind == "rejection")
    todo.select_row(rejection_row)
    assert not todo.keep.isEnabled() and not todo.replace.isEnabled()
    todo.retry.click()
    assert retries == [True]
