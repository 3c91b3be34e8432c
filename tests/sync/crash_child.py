"""Child process of the crash harness: one real sync of every dossier, killed at random.

``python crash_child.py DATA_DIR MEG_URL INQOM_URL TOKENS_JSON DOSSIERS_JSON [small-pages]``:
the dossiers of DOSSIERS_JSON (``[[siret, name, inqom folder id], ...]``) are added when the
data folder lacks them (after a reset); with ``small-pages``, the feed is read 40 entries at a
time (more page boundaries). Prints ``{"started": true, "closed_runs": N}`` once recovered, one
JSON line per progress event (``{"phase": ..., "done": ...}``) so the parent knows where it
killed it, then ``{"result": ...}`` if it is not killed first.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path


def main() -> int:
    data_dir, meg_url, inqom_url, tokens_file, dossiers_file = sys.argv[1:6]
    small_pages = sys.argv[6:7] == ["small-pages"]
    from meg_inqom_desktop.app.clients import ClientTuning
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.net.credentials import CredentialStore, EphemeralKeyring
    from meg_inqom_desktop.net.endpoints import Endpoints
    from meg_inqom_desktop.net.http import RetryPolicy
    from meg_inqom_desktop.net.oauth import keep_answer
    from meg_inqom_desktop.net.ratelimit import TokenBucket
    from meg_inqom_desktop.store.paths import resolve_data_paths
    from meg_inqom_desktop.sync.engine import EngineOptions
    from meg_inqom_desktop.sync.runs import Progress

    paths = resolve_data_paths(data_dir).ensure()
    store = CredentialStore("crash-harness", backend=EphemeralKeyring())
    endpoints = Endpoints(meg_url, inqom_url, meg_url, inqom_url, sandbox=True)
    for key, answer in json.loads(Path(tokens_file).read_text()).items():
        service, siret = key.split(":")
        keep_answer(store, endpoints.oauth(service), answer, (siret,))
    app = Connector(
        paths,
        endpoints=endpoints,
        store=store,
        tuning=ClientTuning(
            meg_policy=RetryPolicy(base=0.01, max_delay=0.05),
            inqom_policy=RetryPolicy.inqom(scale=0.01),
            limiter=TokenBucket(10_000, 1_000),
        ),
        engine=EngineOptions(page_size=40) if small_pages else EngineOptions(),
    )

    def show(event: Progress) -> None:
        line = {"phase": event.phase, "dossier": event.dossier_id, "done": event.entries_done}
        print(json.dumps(line), flush=True)

    with app.opened(lock=True):
        for siret, name, folder_id in json.loads(Path(dossiers_file).read_text()):
            app.add_dossier(siret, name=name, inqom_folder_id=folder_id)
        app.add_progress_listener(show)
        report = app.recover()
        print(json.dumps({"started": True, "closed_runs": report.closed_runs}), flush=True)
        ids = [d.id for d in app.dossiers(active_only=True)]
        results = asyncio.run(app.sync_dossiers(ids))
    print(json.dumps({"result": [(r.status, r.summary) for r in results]}), flush=True)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
