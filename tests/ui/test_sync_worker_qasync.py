"""The sync's ledger worker under the GUI's qasync loop (loopback server, child process, the
token lent over the connection), as "Synchroniser maintenant" runs it on a big dossier."""

from __future__ import annotations

from meg_inqom_desktop.app.clients import client_provider
from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
from meg_inqom_desktop.store import dossiers
from meg_inqom_desktop.store.content_store import ContentStore
from meg_inqom_desktop.store.models import EntryRow
from meg_inqom_desktop.sync.engine import EngineOptions, run_dossier


def test_ledger_worker_under_qasync(qapp, qloop, ledger_paths, ui_sandbox) -> None:  # type: ignore[no-untyped-def]
    company = next(
        c
        for c in ui_sandbox.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection and c.feed
    )
    store = CredentialStore("test-ui-worker", backend=EphemeralKeyring())
    store.set_refresh_token("meg", company.siret, ui_sandbox.issue_tokens("meg")["refresh_token"])
    record, _ = dossiers.get_or_create_dossier(company.siret, name=company.name)  # local only
    provider = client_provider(ledger_paths, sandbox=ui_sandbox, store=store)
    options = EngineOptions(ledger_worker="always", worker_download_share=1.0, page_size=25)

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
    assert result.counts.details["ledger_worker_pages"] > 1
    stored = {e.source_id for e in EntryRow.select().where(EntryRow.dossier == record.id)}
    assert stored == {e.id for e in company.feed}
    assert result.counts.documents == sum(len(e.documents) for e in company.feed) > 0
