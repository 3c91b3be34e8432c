"""A pull of many pages under the GUI's qasync loop, as "Synchroniser maintenant" runs it on a
big dossier: pages read ahead, pièces downloading and pages stored on the same loop."""

from __future__ import annotations

from meg_inqom_desktop.app.clients import client_provider
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.net.endpoints import Endpoints
from meg_inqom_desktop.net.oauth import keep_answer
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.models import EntryRow
from meg_inqom_desktop.sync.engine import EngineOptions, run_dossier


def test_a_pull_of_many_pages_under_qasync(qapp, qloop, ledger_paths, ui_sandbox) -> None:  # type: ignore[no-untyped-def]
    company = next(
        c
        for c in ui_sandbox.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection and c.feed
    )
    store = CredentialStore("test-ui-pull", backend=EphemeralKeyring())
    config = Endpoints.from_sandbox(ui_sandbox).meg_oauth()
    keep_answer(store, config, ui_sandbox.issue_tokens("meg"), (company.siret,))
    record, _ = dossiers.get_or_create_dossier(company.siret, name=company.name)  # local only
    provider = client_provider(ledger_paths, sandbox=ui_sandbox, store=store)
    options = EngineOptions(page_size=25, pages_in_flight=4)

    async def scenario():  # type: ignore[no-untyped-def]
        try:
            return await run_dossier(
                record.id,
                provider,
                ContentStore(ledger_paths.documents),
                trigger="manual",
                options=options,
            )
        finally:
            await provider.aclose()

    result = qloop.run_until_complete(scenario())
    assert result.status == "success", result.error
    assert len(company.feed) > 4 * 25  # more pages than are read ahead
    stored = {e.source_id for e in EntryRow.select().where(EntryRow.dossier == record.id)}
    assert stored == {e.id for e in company.feed}
    assert result.counts.documents == sum(len(e.documents) for e in company.feed) > 0
