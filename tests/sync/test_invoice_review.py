"""The pull cross-checks each entry with the Factur-X invoices of its pièces: disagreements go
to « À traiter » with both figures, the entries are stored and pushed all the same, and a later
version that matches clears the item (sandbox over loopback)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meg_inqom_desktop.store.ledger_writes import set_cursor
from meg_inqom_desktop.store.models import Rejection
from meg_inqom_desktop.store.todo import todo_items

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

MENUISERIE = 0  # a demo company with a Factur-X pièce whose number is not the entry's


def open_invoice_items() -> dict[str, Rejection]:
    rows = Rejection.select().where(
        (Rejection.kind == "invoice") & (Rejection.resolved_at.is_null())
    )
    return {r.source_id: r for r in rows}


def test_invoices_that_disagree_go_to_review_and_clear_when_corrected(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier(MENUISERIE)
    company = env.state.meg.companies[siret]
    defects = {
        e.id: (e, doc.render["einvoice"])
        for e in company.feed
        for doc in e.documents
        if doc.render.get("einvoice", {}).get("defect")
    }
    assert [fx["defect"] for _e, fx in defects.values()] == ["number"]

    result = env.sync(dossier_id)
    assert result.status == "success", result.error  # nothing held back
    assert result.counts.new == result.counts.pushed == len(company.feed)
    assert result.counts.details["invoices_to_review"] == len(defects)
    items = open_invoice_items()
    assert set(items) == set(defects)
    [wrong_number] = defects
    assert items[wrong_number].reason_code == "number"
    assert items[wrong_number].provenance == "meg"
    entry, fx = defects[wrong_number]
    todo = {t.what: t for t in todo_items(dossier_id) if t.rejection_kind == "invoice"}
    shown = todo[f"invoice {wrong_number}"]
    assert shown.invoice == fx["number"] and shown.entry == entry.piece_ref
    assert f"Écriture MEG {wrong_number} ({entry.piece_ref})" in shown.reason
    assert "envoyée quand même" in shown.reason and fx["number"] in shown.reason

    set_cursor(dossier_id, "meg", "")  # read the whole feed again, unchanged: still to review
    unchanged = env.sync(dossier_id)
    assert unchanged.counts.unchanged == len(company.feed)
    assert open_invoice_items()[wrong_number].attempts == 2

    with env.state.lock:  # corrected in MEG: the entry now names the invoice's number
        entry.piece_ref = fx["number"]
    set_cursor(dossier_id, "meg", "")  # read the whole feed again
    again = env.sync(dossier_id)
    assert again.counts.conflicts == 1  # the corrected version waits for the accountant
    assert open_invoice_items() == {}
    assert Rejection.get(Rejection.source_id == wrong_number).resolved_at is not None
