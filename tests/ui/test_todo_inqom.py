""" "À traiter": an entry deleted or edited in Inqom shows the decisions it offers; a decision
is recorded, and one that must reach Inqom asks for a sync."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from qt_helpers import wait_until

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import Journal
from meg_inqom_desktop.domain.provenance import MEG
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store import ledger_writes as lw
from meg_inqom_desktop.store.models import PushRecord, Rejection
from meg_inqom_desktop.store.rejections import RejectionItem
from meg_inqom_desktop.sync.push_records import set_aside
from meg_inqom_desktop.ui.views.todo_view import TodoView

SIRET = "73282932000074"


def _pushed(source_id: str, inqom_id: int) -> int:
    dossier, _ = dossiers.get_or_create_dossier(SIRET, name="ACME SARL")
    entry = Entry(
        source_id=source_id,
        journal=Journal("VT"),
        date=date(2026, 3, 15),
        piece_ref=f"F-{source_id}",
        label="Vente",
        lines=(
            EntryLine(account="411000", label="Vente", debit=Decimal("10.00")),
            EntryLine(account="706000", label="Vente", credit=Decimal("10.00")),
        ),
    )
    (entry_id,) = lw.upsert_entries(dossier.id, [entry], provenance=MEG).new_entry_ids
    record = PushRecord.create(
        entry=entry_id, dossier=dossier.id, status="pushed", inqom_entry_id=inqom_id
    )
    return int(record.id)


def _item(source_id: str, record_id: int | None, status: str, code: str) -> None:
    text = {"inqom_deleted": "supprimée dans Inqom le 15/03/2026", "inqom_edited": "modifiée"}
    item = RejectionItem("inqom", source_id, code, f"Écriture {text[code]}.", "{}")
    set_aside(dossiers.require_dossier(SIRET).id, [(record_id, status, item)], None)


def test_inqom_items_offer_their_decisions(qapp, qtbot, qloop, ledger_paths) -> None:
    deleted = _pushed("m1", 700001)
    _pushed("m2", 700002)
    _item("m1", deleted, "deleted", "inqom_deleted")
    _item("m2", None, "", "inqom_edited")
    dossier_id = dossiers.require_dossier(SIRET).id
    todo = TodoView(Connector(ledger_paths))
    qtbot.addWidget(todo)
    todo.show()
    assert todo.reload(dossier_id) == 2
    shown = {a for a, b in todo.inqom_buttons.items() if b.isVisibleTo(todo)}
    assert shown == set()  # nothing selected
    rows = {todo.model.row_object(r).what: r for r in range(2)}
    assert todo.model.data(todo.model.index(rows["Inqom m1"], 0)) == "Inqom"
    todo.select_row(rows["Inqom m1"])
    shown = {a for a, b in todo.inqom_buttons.items() if b.isVisibleTo(todo)}
    assert shown == {"repost", "ignore"}
    assert not todo.keep.isEnabled()  # conflict buttons stay off
    todo.select_row(rows["Inqom m2"])
    shown = {a for a, b in todo.inqom_buttons.items() if b.isVisibleTo(todo)}
    assert shown == {"keep_inqom", "resend_meg"}
    syncs: list[bool] = []
    todo.retry_requested.connect(lambda: syncs.append(True))

    async def keep_then_repost() -> None:
        todo.inqom_buttons["keep_inqom"].click()
        await wait_until(lambda: todo.model.rowCount() == 1, 10, "the kept item gone")
        assert todo.notice.text() == "La version d'Inqom est gardée."
        assert syncs == []  # nothing to write to Inqom
        todo.select_row(0)
        todo.inqom_buttons["repost"].click()
        await wait_until(lambda: todo.model.rowCount() == 0, 10, "the reposted item gone")

    qloop.run_until_complete(keep_then_repost())
    assert syncs == [True]  # reposting needs Inqom: the window syncs
    assert todo.notice.text() == "L'écriture va être envoyée de nouveau à Inqom."
    record = PushRecord.get_by_id(deleted)
    assert (record.status, record.inqom_entry_id) == ("force", None)
    assert Rejection.select().where(Rejection.resolved_at.is_null()).count() == 0

    async def twice() -> None:  # an item already handled: said in French, no crash
        await todo.decide(Rejection.get(Rejection.source_id == "m1").id, "ignore")

    qloop.run_until_complete(twice())
    assert todo.notice.text().startswith("Décision impossible : Cet élément a déjà été traité")
