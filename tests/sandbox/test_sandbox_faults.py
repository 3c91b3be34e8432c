"""Fault injection: every kind observable over HTTP, selectors, probability, count, admin route."""

from __future__ import annotations

import json
import time

import httpx2 as httpx
import pytest

from meg_inqom_desktop.sandbox import SandboxHandle, start_sandbox
from meg_inqom_desktop.sandbox.faults import FaultSpecError, parse_spec, route_name


@pytest.fixture
def meg(msb: SandboxHandle) -> tuple[SandboxHandle, httpx.Client, str]:
    msb.set_faults(None)
    token = msb.issue_tokens("meg")["access_token"]
    client = httpx.Client(
        base_url=msb.meg_url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    siret = next(
        c.siret
        for c in msb.state.meg.companies.values()
        if c.premium_licence and c.production_software_connection
    )
    yield msb, client, siret
    client.close()
    msb.set_faults(None)


def test_spec_parsing() -> None:
    rules = parse_spec(
        "entries:500@0.2,documents:drop@0.1,*:latency=50ms,inqom.entries:429=2#3,documents:oversize=2MB"
    )
    assert [(r.selector, r.kind) for r in rules] == [
        ("entries", "status"),
        ("documents", "drop"),
        ("*", "latency"),
        ("inqom.entries", "429"),
        ("documents", "oversize"),
    ]
    assert rules[0].status == 500 and rules[0].probability == 0.2
    assert rules[2].arg == pytest.approx(0.05)
    assert rules[3].arg == 2 and rules[3].remaining == 3
    assert rules[4].arg == 2 * 1024 * 1024
    assert parse_spec("") == [] and parse_spec(None) == []
    for bad in (
        "entries",
        "entries:404",
        "entries:explode",
        "entries:500@2",
        "entries:latency=fast",
    ):
        with pytest.raises(FaultSpecError):
            parse_spec(bad)
    assert route_name("/meg/companies/1/entries") == "meg.entries"
    assert route_name("/inqom/v1/dossiers/4501/entries") == "inqom.entries"
    assert route_name("/_admin/faults") is None


@pytest.mark.parametrize(
    ("status", "code"), [(500, "server_error"), (502, "server_error"), (503, "unavailable")]
)
def test_5xx(meg: tuple[SandboxHandle, httpx.Client, str], status: int, code: str) -> None:
    handle, client, siret = meg
    handle.set_faults(f"meg.entries:{status}")
    answer = client.get(f"/companies/{siret}/entries")
    assert answer.status_code == status
    assert answer.json()["code"] == code


def test_429_with_retry_after(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("company:429=3")
    answer = client.get(f"/companies/{siret}")
    assert answer.status_code == 429 and answer.headers["retry-after"] == "3"


def test_latency(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("*:latency=300ms")
    start = time.perf_counter()
    assert client.get(f"/companies/{siret}").status_code == 200
    elapsed = time.perf_counter() - start
    print(f"latency fault: request took {elapsed * 1000:.0f} ms")
    assert elapsed >= 0.3  # a sleep lasts at least its duration
    assert ("meg.company", "latency") in handle.faults.fired


def test_dropped_connection(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("entries:drop")
    with pytest.raises(httpx.TransportError):
        client.get(f"/companies/{siret}/entries")


def test_truncated_body(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("entries:truncate")
    with pytest.raises(httpx.TransportError):
        client.get(f"/companies/{siret}/entries")


def test_malformed_json(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("entries:malformed")
    answer = client.get(f"/companies/{siret}/entries")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.content)


def test_wrong_content_type(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("company:wrongtype")
    answer = client.get(f"/companies/{siret}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")


def _doc_url(client: httpx.Client, siret: str) -> str:
    entries = client.get(f"/companies/{siret}/entries", params={"limit": 20}).json()["entries"]
    return next(d["download_url"] for e in entries for d in e["documents"])


def test_oversized_document(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    url = _doc_url(client, siret)
    handle.set_faults("meg.documents:oversize=3MB")
    with client.stream("GET", url) as answer:
        assert int(answer.headers["content-length"]) == 3 * 1024 * 1024
        received = 0
        for chunk in answer.iter_bytes():
            received += len(chunk)
            if received > 1024 * 1024:  # a client's size cap stops reading here
                break
    assert received > 1024 * 1024
    handle.set_faults("meg.documents:oversize=2MB")
    assert len(client.get(url).content) == 2 * 1024 * 1024


def test_non_pdf_document(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    url = _doc_url(client, siret)
    handle.set_faults("documents:notpdf")
    answer = client.get(url)
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"\x89PNG")


def test_count_and_selectors(meg: tuple[SandboxHandle, httpx.Client, str]) -> None:
    handle, client, siret = meg
    handle.set_faults("meg.company:503#2")
    statuses = [client.get(f"/companies/{siret}").status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 200]
    handle.set_faults("inqom.*:500")  # MEG untouched
    assert client.get(f"/companies/{siret}").status_code == 200
    handle.set_faults("company:500@0")
    assert client.get(f"/companies/{siret}").status_code == 200
    handle.set_faults("company:500@0.5")
    statuses = [client.get(f"/companies/{siret}").status_code for _ in range(40)]
    assert 0 < statuses.count(500) < 40


def test_faults_set_at_start_and_through_the_admin_route() -> None:
    handle = start_sandbox(faults="meg.token:503")
    try:
        with httpx.Client(base_url=handle.base_url, timeout=10) as raw:
            assert raw.post("/meg/oauth/token", data={}).status_code == 503
            assert raw.get("/_admin/faults").json()["spec"] == "meg.token:503"
            assert raw.put("/_admin/faults", json={"spec": "inqom.token:500"}).status_code == 200
            assert raw.post("/meg/oauth/token", data={}).status_code == 400  # no client_id
            assert raw.post("/inqom/identity/connect/token", data={}).status_code == 500
            assert raw.put("/_admin/faults", content="nonsense").status_code == 400
            assert raw.delete("/_admin/faults").json()["spec"] == ""
            assert raw.post("/inqom/identity/connect/token", data={}).status_code == 400
            raw.put("/_admin/faults", content="*:500")
            assert raw.get("/_admin/state").status_code == 200  # admin routes are never faulted
            assert raw.get("/health").status_code == 200
            raw.delete("/_admin/faults")
            summary = raw.get("/_admin/state").json()
            assert len(summary["meg_companies"]) >= 5
            assert raw.post("/_admin/expire-tokens").json() == {"expired": True}
    finally:
        handle.stop()


def test_inqom_side_effect_happens_when_the_answer_is_spoiled(msb: SandboxHandle) -> None:
    token = msb.issue_tokens("inqom")["access_token"]
    fid = min(msb.state.inqom.folders)
    with httpx.Client(
        base_url=msb.inqom_url, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        vt = next(
            j["Id"] for j in client.get(f"/v1/dossiers/{fid}/journals").json() if j["Name"] == "VT"
        )
        entry = {
            "JournalId": vt,
            "Date": "2025-05-02",
            "ExternalId": "spoiled",
            "Lines": [
                {
                    "Label": "a",
                    "DebitAmount": 10,
                    "CreditAmount": 0,
                    "Currency": "EUR",
                    "AccountNumber": "512000",
                },
                {
                    "Label": "b",
                    "DebitAmount": 0,
                    "CreditAmount": 10,
                    "Currency": "EUR",
                    "AccountNumber": "706000",
                },
            ],
        }
        msb.set_faults("inqom.entries:truncate")
        try:
            with pytest.raises(httpx.TransportError):
                client.post(f"/v1/dossiers/{fid}/entries", json=[entry])
        finally:
            msb.set_faults(None)
    assert len(msb.state.inqom.folders[fid].entries_with_external_id("spoiled")) == 1
