"""Inqom emulator rules: 50 per call, all-or-none, locked periods, accounts, documents, 429."""

from __future__ import annotations

import time
from typing import Any

import pytest
from waiting import ManualClock

from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox
from meg_inqom_desktop.sandbox.inqom_routes import rewrite_account

from .conftest import Api, ApiFactory


def inqom_client(handle: SandboxHandle, api: ApiFactory) -> Api:
    return api(handle, "inqom", handle.issue_tokens("inqom")["access_token"])


def folder_id(handle: SandboxHandle) -> int:
    return min(handle.state.inqom.folders)


def journal(client: Api, fid: int, name: str) -> int:
    return next(
        j["Id"] for j in client.get(f"/v1/dossiers/{fid}/journals").json() if j["Name"] == name
    )


def sale(journal_id: int, ext: str, day: str = "2025-03-14", ttc: float = 120.0) -> dict[str, Any]:
    return {
        "JournalId": journal_id,
        "Date": day,
        "Document": {"Reference": f"FA-{ext}", "Date": day},
        "ExternalId": ext,
        "Lines": [
            {
                "Label": "Client",
                "DebitAmount": ttc,
                "CreditAmount": 0,
                "Currency": "EUR",
                "AccountNumber": "512000",
            },
            {
                "Label": "Vente",
                "DebitAmount": 0,
                "CreditAmount": 100.0,
                "Currency": "EUR",
                "AccountNumber": "706000",
            },
            {
                "Label": "TVA",
                "DebitAmount": 0,
                "CreditAmount": 20.0,
                "Currency": "EUR",
                "AccountNumber": "445710",
            },
        ],
    }


def test_at_most_50_entries_per_call(sb: SandboxHandle, api: ApiFactory) -> None:
    client = inqom_client(sb, api)
    fid = folder_id(sb)
    vt = journal(client, fid, "VT")
    too_many = client.post(
        f"/v1/dossiers/{fid}/entries", json=[sale(vt, f"e{i}") for i in range(51)]
    )
    assert too_many.status_code == 400
    assert too_many.json()["Errors"][0]["Code"] == "TooManyEntries"
    assert not sb.state.inqom.folders[fid].entries
    fifty = client.post(f"/v1/dossiers/{fid}/entries", json=[sale(vt, f"e{i}") for i in range(50)])
    assert fifty.status_code == 200 and len(fifty.json()) == 50
    assert [e["ExternalId"] for e in fifty.json()] == [f"e{i}" for i in range(50)]
    assert client.post(f"/v1/dossiers/{fid}/entries", json=[]).status_code == 400


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (lambda e: e.update(JournalId=1), "JournalNotFound"),
        (lambda e: e["Lines"][0].update(DebitAmount=121.0), "Unbalanced"),
        (lambda e: e["Lines"][0].update(AccountNumber="999999"), "AccountNotFound"),
        (lambda e: e["Lines"][0].update(AccountNumber="411000"), "AccountNotImpactable"),
        (lambda e: e["Lines"][0].update(DebitAmount=0.001), "InvalidAmount"),
        (lambda e: e["Lines"][0].update(CreditAmount=5.0), "InvalidAmount"),
        (lambda e: e.update(Date="14/03/2025"), "InvalidDate"),
        (lambda e: e.update(Date="2024-06-30"), "ExerciseLockedForDates"),
        (lambda e: e.update(Date="2031-01-01"), "ExercisesNotFound"),
        (lambda e: e.update(Lines=e["Lines"][:1]), "MissingField"),
    ],
)
def test_one_bad_entry_rejects_the_whole_batch(
    msb: SandboxHandle, api: ApiFactory, spoil: Any, code: str
) -> None:
    client = inqom_client(msb, api)
    fid = folder_id(msb)
    vt = journal(client, fid, "VT")
    batch = [sale(vt, f"b{i}") for i in range(5)]
    spoil(batch[3])
    before = len(msb.state.inqom.folders[fid].entries)
    answer = client.post(f"/v1/dossiers/{fid}/entries", json=batch)
    assert answer.status_code == 400
    errors = answer.json()["Errors"]
    assert any(e["Code"] == code and e["EntryIndex"] == 3 for e in errors), errors
    assert len(msb.state.inqom.folders[fid].entries) == before  # nothing created


def test_reposting_an_external_id_creates_a_duplicate(sb: SandboxHandle, api: ApiFactory) -> None:
    client = inqom_client(sb, api)
    fid = folder_id(sb)
    vt = journal(client, fid, "VT")
    first = client.post(f"/v1/dossiers/{fid}/entries", json=[sale(vt, "meg-dup-1")]).json()
    second = client.post(f"/v1/dossiers/{fid}/entries", json=[sale(vt, "meg-dup-1")]).json()
    assert first[0]["Id"] != second[0]["Id"]
    assert len(sb.state.inqom.folders[fid].entries_with_external_id("meg-dup-1")) == 2


def test_locked_period_refuses_posts(sb: SandboxHandle, api: ApiFactory) -> None:
    client = inqom_client(sb, api)
    fid = folder_id(sb)
    periods = client.get(f"/v1/dossiers/{fid}/accounting-periods").json()
    assert any(p["Locked"] for p in periods) and not all(p["Locked"] for p in periods)
    vt = journal(client, fid, "VT")
    siret = sb.state.inqom.folders[fid].Siren + sb.state.inqom.folders[fid].Nic
    sb.state.lock_inqom_period(siret, 2025)
    answer = client.post(f"/v1/dossiers/{fid}/entries", json=[sale(vt, "late")])
    assert answer.json()["Errors"][0]["Code"] == "ExerciseLockedForDates"
    assert next(
        p
        for p in client.get(f"/v1/dossiers/{fid}/accounting-periods").json()
        if p["Name"] == "2025-12"
    )["Locked"]


def test_account_rewrite_and_listing(sb: SandboxHandle, api: ApiFactory) -> None:
    assert rewrite_account("401FOURNISSEUR") == ("4011FOURNISSEUR", "4011")
    assert rewrite_account("401000ACME") == ("4011ACME", "4011")
    assert rewrite_account("4011ACME") == ("4011ACME", "4011")
    assert rewrite_account("411 dupont") == ("4111DUPONT", "4111")
    assert rewrite_account("627000") == ("627000", None)
    client = inqom_client(sb, api)
    fid = folder_id(sb)
    made = client.post(
        f"/v1/dossiers/{fid}/accounts",
        json={"AccountNumber": "401FOURNISSEUR", "Name": "Fournisseur"},
    )
    assert made.status_code == 201 and made.json() == "4011FOURNISSEUR"
    aux = client.get(f"/v1/dossiers/{fid}/accounts", params={"accountNumberPrefix": "4011"}).json()
    assert [a["Number"] for a in aux] == ["4011FOURNISSEUR"]
    assert aux[0]["ParentAccountNumber"] == "4011"
    every = client.get(
        f"/v1/dossiers/{fid}/accounts", params={"accountNumberPrefix": "4011", "accountType": "All"}
    ).json()
    assert {a["Number"] for a in every} == {"4011", "4011FOURNISSEUR"}
    assert (
        client.post(
            f"/v1/dossiers/{fid}/accounts", json={"AccountNumber": "ABC", "Name": "x"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/v1/dossiers/{fid}/accounts", json={"AccountNumber": "4" * 23, "Name": "x"}
        ).status_code
        == 400
    )
    entry = sale(journal(client, fid, "HA"), "aux")
    entry["Lines"][0]["AccountNumber"] = "4011FOURNISSEUR"
    assert client.post(f"/v1/dossiers/{fid}/entries", json=[entry]).status_code == 200


def test_documents_attach_to_an_entry(sb: SandboxHandle, api: ApiFactory) -> None:
    client = inqom_client(sb, api)
    fid = folder_id(sb)
    vt = journal(client, fid, "VT")
    entry_id = client.post(f"/v1/dossiers/{fid}/entries", json=[sale(vt, "with-doc")]).json()[0][
        "Id"
    ]
    pdf = b"%PDF-1.4\nFA-with-doc\n%%EOF"
    form = {
        "entryId": str(entry_id),
        "date": "2025-03-14",
        "reference": "FA-with-doc",
        "fileName": "FA-with-doc.pdf",
    }
    made = client.post(
        f"/v1/dossiers/{fid}/accounting-documents",
        data=form,
        files={"file": ("x.pdf", pdf, "application/pdf")},
    )
    assert made.status_code == 201
    doc_id = made.json()["Id"]
    stored = sb.state.inqom.folders[fid].documents[doc_id]
    assert stored.entry_id == entry_id and stored.content == pdf
    link = client.get(f"/v1/dossiers/{fid}/accounting-documents/{doc_id}").json()["link"]
    assert client.get(link).content == pdf
    window = {"startDate": "2025-03-14", "endDate": "2025-03-14"}
    lines = client.get(f"/v1/dossiers/{fid}/entry-lines", params=window).json()["EntryLines"]
    assert {ln["AccountingDocument"]["Id"] for ln in lines if ln["Entry"]["Id"] == entry_id} == {
        doc_id
    }
    bad_type = client.post(
        f"/v1/dossiers/{fid}/accounting-documents",
        data={"entryId": str(entry_id)},
        files={"file": ("x.exe", b"MZ", "application/octet-stream")},
    )
    assert bad_type.status_code == 400
    no_entry = client.post(
        f"/v1/dossiers/{fid}/accounting-documents",
        data={"entryId": "1"},
        files={"file": ("x.pdf", pdf, "application/pdf")},
    )
    assert no_entry.status_code == 400
    no_file = client.post(
        f"/v1/dossiers/{fid}/accounting-documents", data={"entryId": str(entry_id)}
    )
    assert no_file.status_code == 400


def test_entry_lines_read_back_with_paging_count_and_changes(
    fresh_sandbox: SandboxHandle, api: ApiFactory
) -> None:
    fresh_sandbox.state.config.inqom_rate_limit = None
    client = inqom_client(fresh_sandbox, api)
    fid = folder_id(fresh_sandbox)
    vt = journal(client, fid, "VT")
    t0 = time.time()
    for batch in range(3):
        entries = [sale(vt, f"r{batch}-{i}", day=f"2025-04-{i % 28 + 1:02d}") for i in range(50)]
        assert client.post(f"/v1/dossiers/{fid}/entries", json=entries).status_code == 200
    window = {"startDate": "2025-04-01", "endDate": "2025-04-30"}
    count = client.get(f"/v1/dossiers/{fid}/entry-lines/count", params=window).json()
    assert count == {"TotalLinesCount": 450, "TotalPagesCount": 5}
    seen = []
    for page in range(1, 7):
        body = client.get(
            f"/v1/dossiers/{fid}/entry-lines", params={**window, "pageNumber": page}
        ).json()
        assert body["CurrentPage"] == page
        seen += body["EntryLines"]
    assert len(seen) == 450 and len({ln["Id"] for ln in seen}) == 450
    assert all(ln["Label"].isupper() for ln in seen)
    assert "ExternalId" not in seen[0]  # Inqom does not give it back on reads
    dates = [ln["Entry"]["Date"] for ln in seen]
    assert dates == sorted(dates)
    only_bank = client.get(
        f"/v1/dossiers/{fid}/entry-lines/count", params={**window, "accountNumber": "512000"}
    ).json()
    assert only_bank["TotalLinesCount"] == 150
    assert (
        client.get(
            f"/v1/dossiers/{fid}/entry-lines", params={**window, "pageNumber": 0}
        ).status_code
        == 400
    )
    folder = fresh_sandbox.state.inqom.folders[fid]
    victim = seen[0]["Entry"]["Id"]
    folder.edit_line(seen[1]["Id"], label="corrigé")
    folder.delete_entry(victim)
    changes = client.get(
        f"/v1/dossiers/{fid}/entry-lines/changes",
        params={
            **window,
            "changedAfter": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t0 - 1)),
            "changedBefore": "2100-01-01T00:00:00+00:00",
        },
    ).json()["EntryLines"]
    kinds = [c["TypeOfChange"] for c in changes]
    assert (
        kinds.count("Creation") == 450
        and kinds.count("Update") == 1
        and kinds.count("Deletion") == 3
    )
    after = client.get(f"/v1/dossiers/{fid}/entry-lines/count", params=window).json()
    assert after["TotalLinesCount"] == 447
    missing = client.get(f"/v1/dossiers/{fid}/entry-lines/changes", params=window)
    assert missing.status_code == 400  # changedBefore is required


def test_rate_limit_15_per_second_answers_429_with_retry_after(api: ApiFactory) -> None:
    handle = start_sandbox()
    clock = ManualClock()
    handle.state.monotonic = clock  # the limit's window moves only when the test says so
    try:
        client = inqom_client(handle, api)

        def status() -> int:
            return int(client.get("/provisioning/users/internal-access").status_code)

        assert [status() for _ in range(20)] == [200] * 15 + [429] * 5
        clock.advance(0.4)
        limited = client.get("/provisioning/users/internal-access")
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "1"  # 0.6 s left in the window, rounded up
        clock.advance(0.599)
        assert status() == 429  # refused requests do not count, but the window is not over
        clock.advance(0.001)  # one second after the first 15
        assert [status() for _ in range(16)] == [200] * 15 + [429]
    finally:
        handle.stop()


def test_unknown_dossier_and_company_are_404(sb: SandboxHandle, api: ApiFactory) -> None:
    client = inqom_client(sb, api)
    assert client.get("/v1/dossiers/123/journals").status_code == 404
    assert client.get("/v1/dossiers/abc/journals").status_code == 404
    assert client.get("/provisioning/companies/1/accounting-folders").status_code == 404


def test_folders_match_meg_companies_by_siren_and_nic(sb: SandboxHandle, api: ApiFactory) -> None:
    client = inqom_client(sb, api)
    folders = client.get("/provisioning/companies/310/accounting-folders").json()
    by_siret = {f["Siren"] + f["Nic"]: f for f in folders}
    for siret in sb.state.meg.companies:
        assert siret in by_siret
    journals = client.get(f"/v1/dossiers/{folders[0]['Id']}/journals").json()
    types = {j["Name"]: j["Type"] for j in journals}
    assert {"HA": "Buy", "VT": "Sell", "BQ": "Bank", "OD": "Misc"}.items() <= types.items()
    assert "NDF" in types
