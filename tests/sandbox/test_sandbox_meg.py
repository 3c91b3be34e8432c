"""MEG emulator: the seeded firm, the validated-only feed and its cursor, lock, preview."""

from __future__ import annotations

import hashlib
from collections import Counter
from decimal import Decimal

import httpx2 as httpx

from meg_inqom_desktop.domain.siret import Siret
from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox
from meg_inqom_desktop.sandbox.seed import build_seed

from .conftest import Api, ApiFactory


def meg_client(handle: SandboxHandle, api: ApiFactory) -> Api:
    return api(handle, "meg", handle.issue_tokens("meg")["access_token"])


def usable(handle: SandboxHandle) -> str:
    return next(
        c.siret
        for c in handle.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    )


def whole_feed(
    client: Api, siret: str, limit: int = 100, cursor: str | None = None
) -> tuple[list[dict], str]:
    entries: list[dict] = []
    while True:
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = client.get(f"/companies/{siret}/entries", params=params).json()
        entries += page["entries"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return entries, cursor


def test_seed_is_a_plausible_firm() -> None:
    meg, inqom = build_seed(42)
    companies = list(meg.companies.values())
    assert len(companies) >= 5
    for c in companies:
        Siret.parse(c.siret)  # raises when the Luhn check fails
        months = c.months()
        assert len(months) >= 12
        journals = Counter(e.journal for e in c.entries)
        assert {"VT", "AC", "NDF", "BQ"} <= set(journals)
        assert c.validated and set(c.validated) != set(months)  # some validated, some not
        for e in c.entries:
            assert sum(ln.debit for ln in e.lines) == sum(ln.credit for ln in e.lines)
            assert all(isinstance(ln.debit, Decimal) for ln in e.lines)
            accounts = {ln.account[:3] for ln in e.lines}
            if e.journal == "VT":
                assert {"411", "445"} <= accounts and accounts & {"706", "707"}
            if e.journal == "AC":
                assert {"401", "445"} <= accounts and any(a.startswith("6") for a in accounts)
            if e.journal == "NDF":
                assert "421" in accounts and "625" in accounts
            if e.journal == "BQ":
                assert "512" in accounts
            if e.journal in ("VT", "AC", "NDF"):
                assert e.documents, e.id
        labels = " ".join(ln.label for e in c.entries for ln in e.lines)
        for rate in ("TVA 20 %", "TVA 10 %", "TVA 5.5 %"):
            assert rate in labels
    assert sum(not c.premium_licence for c in companies) == 1
    assert sum(not c.production_software_connection for c in companies) == 1
    sirets = {f.Siren + f.Nic for f in inqom.folders.values() if f.Siren and f.Nic}
    assert {c.siret for c in companies} <= sirets


def test_seed_is_deterministic() -> None:
    a, _ = build_seed(7)
    b, _ = build_seed(7)
    c, _ = build_seed(8)
    assert list(a.companies) == list(b.companies) != list(c.companies)
    ea = [
        (e.id, e.date, [(ln.account, ln.debit, ln.credit) for ln in e.lines])
        for e in next(iter(a.companies.values())).entries
    ]
    eb = [
        (e.id, e.date, [(ln.account, ln.debit, ln.credit) for ln in e.lines])
        for e in next(iter(b.companies.values())).entries
    ]
    assert ea == eb


def test_scale_gives_a_big_company() -> None:
    meg, _ = build_seed(42, scale=20000)
    big = max(meg.companies.values(), key=lambda c: len(c.entries))
    assert len(big.entries) >= 20000
    docs = sum(len(e.documents) for e in big.entries)
    assert 4000 <= docs <= 6500
    assert len(big.feed) == len(big.entries)  # all validated: the benchmark pages everything


def test_feed_lists_validated_entries_only_in_a_stable_order(
    msb: SandboxHandle, api: ApiFactory
) -> None:
    client = meg_client(msb, api)
    siret = usable(msb)
    company = msb.state.meg_company(siret)
    entries, _ = whole_feed(client, siret, limit=37)
    assert [e["id"] for e in entries] == [e.id for e in company.feed]
    assert all(e["validated_at"] for e in entries)
    assert {e["date"][:7] for e in entries} == set(company.validated)
    again, _ = whole_feed(client, siret, limit=100)
    assert [e["id"] for e in again] == [e["id"] for e in entries]


def test_cursor_resumes_and_later_validations_come_after_it(
    fresh_sandbox: SandboxHandle, api: ApiFactory
) -> None:
    client = meg_client(fresh_sandbox, api)
    siret = usable(fresh_sandbox)
    first = client.get(f"/companies/{siret}/entries", params={"limit": 10}).json()
    rest, end_cursor = whole_feed(client, siret, cursor=first["next_cursor"])
    company = fresh_sandbox.state.meg_company(siret)
    assert len(first["entries"]) + len(rest) == len(company.feed)
    empty = client.get(f"/companies/{siret}/entries", params={"cursor": end_cursor}).json()
    assert empty == {"entries": [], "next_cursor": end_cursor, "has_more": False}
    month = next(m for m in company.months() if m not in company.validated)
    answer = client.post(
        f"/companies/{siret}/validations", json={"from": f"{month}-01", "to": f"{month}-01"}
    )
    assert answer.status_code == 201
    newer, _ = whole_feed(client, siret, cursor=end_cursor)
    assert len(newer) == answer.json()["entry_count"] > 0
    assert {e["date"][:7] for e in newer} == {month}


def test_cursor_errors_and_since(msb: SandboxHandle, api: ApiFactory) -> None:
    client = meg_client(msb, api)
    companies = [
        c
        for c in msb.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    ]
    a, b = companies[0].siret, companies[1].siret
    cursor = client.get(f"/companies/{a}/entries", params={"limit": 5}).json()["next_cursor"]
    other = client.get(f"/companies/{b}/entries", params={"cursor": cursor})
    assert other.status_code == 400 and other.json()["code"] == "invalid_cursor"
    assert client.get(f"/companies/{a}/entries", params={"limit": 0}).status_code == 400
    assert client.get(f"/companies/{a}/entries", params={"limit": 501}).status_code == 400
    company = msb.state.meg_company(a)
    last = max(company.validated.values())
    since = last.isoformat()
    recent, _ = whole_feed_since(client, a, since)
    assert recent and all(e["validated_at"] >= since.replace("+00:00", "Z") for e in recent)
    assert len(recent) < len(company.feed)


def whole_feed_since(client: Api, siret: str, since: str) -> tuple[list[dict], str]:
    page = client.get(f"/companies/{siret}/entries", params={"since": since, "limit": 500}).json()
    return page["entries"], page["next_cursor"]


def test_preview_shows_exactly_what_validation_locks(
    fresh_sandbox: SandboxHandle, api: ApiFactory
) -> None:
    client = meg_client(fresh_sandbox, api)
    siret = usable(fresh_sandbox)
    company = fresh_sandbox.state.meg_company(siret)
    open_months = [m for m in company.months() if m not in company.validated]
    validated = sorted(company.validated)
    period = {"from": f"{validated[-1]}-15", "to": f"{open_months[1]}-03"}
    preview = client.post(f"/companies/{siret}/exports/preview", json=period).json()
    assert preview["already_validated"] == [validated[-1]]
    assert preview["months"] == [validated[-1], *open_months[:2]]
    assert all(e["validated_at"] is None for e in preview["entries"])
    totals = {t["journal"]: t for t in preview["totals"]}
    for t in totals.values():
        assert t["debit"] == t["credit"]
    assert sum(t["entry_count"] for t in totals.values()) == len(preview["entries"])
    assert company.validated[validated[-1]]  # preview changed nothing
    assert open_months[0] not in company.validated
    locked = client.post(f"/companies/{siret}/validations", json=period)
    assert locked.status_code == 409 and locked.json()["details"]["months"] == [validated[-1]]
    ok = {"from": f"{open_months[0]}-01", "to": f"{open_months[1]}-28"}
    done = client.post(f"/companies/{siret}/validations", json=ok).json()
    feed, _ = whole_feed(client, siret)
    new_ids = {e["id"] for e in feed if e["date"][:7] in open_months[:2]}
    assert new_ids == {e["id"] for e in preview["entries"]}
    assert done["entry_count"] == len(new_ids)
    assert (
        client.post(f"/companies/{siret}/validations", json=ok).status_code == 409
    )  # irreversible
    assert (
        client.post(
            f"/companies/{siret}/validations", json={"from": "2099-01-01", "to": "2099-01-31"}
        ).status_code
        == 400
    )


def test_documents_are_real_pdfs_matching_their_refs(msb: SandboxHandle, api: ApiFactory) -> None:
    client = meg_client(msb, api)
    siret = usable(msb)
    page = client.get(f"/companies/{siret}/entries", params={"limit": 60}).json()
    checked = 0
    for entry in page["entries"]:
        for ref in entry["documents"]:
            body = client.get(ref["download_url"])
            assert body.headers["content-type"] == "application/pdf"
            assert body.content.startswith(b"%PDF-")
            assert len(body.content) == ref["size"]
            assert hashlib.sha256(body.content).hexdigest() == ref["sha256"]
            assert body.headers["etag"] == f'"{ref["sha256"]}"'
            assert entry["piece_ref"].encode() in body.content
            total = max(Decimal(ln["debit"]) + Decimal(ln["credit"]) for ln in entry["lines"])
            assert f"Montant TTC : {total} EUR".encode() in body.content
            checked += 1
    assert checked >= 10
    assert httpx.get(page["entries"][0]["documents"][0]["download_url"]).status_code == 401


def test_pdf_bytes_are_the_same_for_the_same_seed(msb: SandboxHandle, api: ApiFactory) -> None:
    other = start_sandbox(seed=42)
    try:
        a = meg_client(msb, api)
        b = meg_client(other, api)
        siret = usable(msb)
        ref_a = a.get(f"/companies/{siret}/entries", params={"limit": 3}).json()["entries"]
        ref_b = b.get(f"/companies/{siret}/entries", params={"limit": 3}).json()["entries"]
        sha = [[d["sha256"] for d in e["documents"]] for e in ref_a]
        assert sha == [[d["sha256"] for d in e["documents"]] for e in ref_b]
    finally:
        other.stop()


def test_bad_data_entries_appear_in_the_feed() -> None:
    handle = start_sandbox(bad_data=True)
    try:
        token = handle.issue_tokens("meg")["access_token"]
        bad = handle.state.meg.bad_entry_ids
        assert set(bad) == {"unbalanced", "malformed", "wrong_siret", "not_pdf"}
        siret = next(iter(handle.state.meg.companies))
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as client:
            feed = client.get(
                f"{handle.meg_url}/companies/{siret}/entries", params={"limit": 500}
            ).json()
            by_id = {e["id"]: e for e in feed["entries"]}
            assert set(bad.values()) <= set(by_id)
            unbalanced = by_id[bad["unbalanced"]]
            debit = sum(Decimal(ln["debit"]) for ln in unbalanced["lines"])
            assert debit != sum(Decimal(ln["credit"]) for ln in unbalanced["lines"])
            assert "piece_ref" not in by_id[bad["malformed"]]
            assert by_id[bad["wrong_siret"]]["siret"] != siret
            ref = by_id[bad["not_pdf"]]["documents"][0]
            body = client.get(ref["download_url"])
            assert ref["media_type"] == "application/pdf" and not body.content.startswith(b"%PDF")
            assert hashlib.sha256(body.content).hexdigest() == ref["sha256"]
    finally:
        handle.stop()
