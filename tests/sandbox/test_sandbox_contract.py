"""Every route of both contracts, called over HTTP; every response validated by its schema."""

from __future__ import annotations

from typing import Any

import yaml

from meg_inqom_desktop.sandbox import SandboxHandle
from meg_inqom_desktop.sandbox.oauth import COLLABORATOR

from .conftest import RESOURCES, ApiFactory, Contract


def test_contracts_are_openapi_31_with_their_oauth2_flows(contracts: dict[str, Contract]) -> None:
    for service, contract in contracts.items():
        doc = contract.doc
        assert doc["openapi"].startswith("3.1"), service
        schemes = doc["components"]["securitySchemes"]
        assert all(scheme["type"] == "oauth2" for scheme in schemes.values())
        flows = {name: flow for s in schemes.values() for name, flow in s["flows"].items()}
        code = flows["authorizationCode"]
        assert code["authorizationUrl"] and code["tokenUrl"] and code["refreshUrl"]
        # MEG keeps its browser flow only; Inqom declares both of its ways in
        assert set(flows) == (
            {"authorizationCode", "password"} if service == "inqom" else {"authorizationCode"}
        )
    password = contracts["inqom"].doc["components"]["securitySchemes"]["inqomPassword"]
    assert set(password["flows"]["password"]["scopes"]) == {"openid", "apidata"}


def test_inqom_contract_uses_inqom_names() -> None:
    doc = yaml.safe_load((RESOURCES / "inqom-api.yaml").read_text())
    schemas = doc["components"]["schemas"]
    assert {"Siren", "Nic", "ExternalId"} <= set(schemas["AccountingFolder"]["properties"])
    assert "Locked" in schemas["AccountingPeriod"]["properties"]
    entry = schemas["EntryInput"]["properties"]
    assert {"JournalId", "ExternalId", "Lines", "Document"} <= set(entry)
    line = schemas["EntryLineInput"]["properties"]
    assert {"DebitAmount", "CreditAmount", "AccountNumber", "Currency", "Label"} <= set(line)
    post = doc["paths"]["/v1/dossiers/{dossierId}/entries"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["maxItems"] == 50


def _companies(handle: SandboxHandle) -> dict[str, str]:
    out = {}
    for c in handle.state.meg.companies.values():
        if not c.premium_licence:
            out["no_premium"] = c.siret
        elif not c.production_software_connection:
            out["off"] = c.siret
        else:
            out.setdefault("ok", c.siret)
    return out


def test_every_meg_route_answers_per_contract(
    sb: SandboxHandle, api: ApiFactory, contracts: dict[str, Contract]
) -> None:
    meg = api(sb, "meg", sb.issue_tokens("meg")["access_token"])
    sirets = _companies(sb)
    ok = sirets["ok"]
    assert meg.get(f"/companies/{ok}").status_code == 200
    assert meg.get(f"/companies/{sirets['no_premium']}").json()["premium_licence"] is False
    assert meg.get("/companies/12345678901234").json()["code"] == "invalid_siret"
    assert meg.get("/companies/73282932000074").json()["code"] == "company_not_found"
    assert meg.get(f"/companies/{ok}/periods").status_code == 200
    assert meg.get(f"/companies/{sirets['no_premium']}/periods").json()["code"] == "not_premium"
    assert meg.get(f"/companies/{sirets['off']}/entries").json()["code"] == "connection_disabled"
    period = {"from": "2026-02-01", "to": "2026-03-31"}
    preview = meg.post(f"/companies/{ok}/exports/preview", json=period)
    assert preview.status_code == 200
    assert meg.post(f"/companies/{ok}/exports/preview", json={"from": "x"}).status_code == 400
    assert meg.post(f"/companies/{ok}/validations", json=period).status_code == 201
    assert meg.post(f"/companies/{ok}/validations", json=period).status_code == 409
    page = meg.get(f"/companies/{ok}/entries", params={"limit": 50})
    assert page.status_code == 200
    assert meg.get(f"/companies/{ok}/entries", params={"cursor": "zz"}).status_code == 400
    doc = next(d for e in page.json()["entries"] for d in e["documents"])
    assert meg.get(doc["download_url"]).status_code == 200
    assert meg.get("/documents/nope").status_code == 404
    anonymous = api(sb, "meg")
    assert anonymous.get(f"/companies/{ok}").status_code == 401
    covered = {(t, m) for t, m, _ in contracts["meg"].covered}
    api_ops = {op for op in contracts["meg"].operations() if not op[0].startswith("/oauth")}
    assert api_ops <= covered


def _entry(journal_id: int, external_id: str, amount: str = "120.00") -> dict[str, Any]:
    return {
        "JournalId": journal_id,
        "Date": "2025-03-14",
        "Document": {"Reference": "FA-2025-0042", "Date": "2025-03-14"},
        "ExternalId": external_id,
        "Lines": [
            {
                "Label": "Vente",
                "DebitAmount": 0,
                "CreditAmount": 100.0,
                "Currency": "EUR",
                "AccountNumber": "706000",
                "ExternalId": f"{external_id}-1",
            },
            {
                "Label": "TVA",
                "DebitAmount": 0,
                "CreditAmount": 20.0,
                "Currency": "EUR",
                "AccountNumber": "445710",
                "ExternalId": f"{external_id}-2",
            },
            {
                "Label": "Client",
                "DebitAmount": float(amount),
                "CreditAmount": 0,
                "Currency": "EUR",
                "AccountNumber": "512000",
                "ExternalId": f"{external_id}-3",
            },
        ],
    }


def test_every_inqom_route_answers_per_contract(
    sb: SandboxHandle, api: ApiFactory, contracts: dict[str, Contract]
) -> None:
    inq = api(sb, "inqom", sb.issue_tokens("inqom")["access_token"])
    (access,) = inq.get("/provisioning/users/internal-access").json()
    folders = inq.get(f"/provisioning/companies/{access['Id']}/accounting-folders").json()
    assert inq.get("/provisioning/companies/999/accounting-folders").status_code == 404
    fid = folders[0]["Id"]
    d = f"/v1/dossiers/{fid}"
    general = inq.get(f"{d}/dossier-permanent/general").json()
    assert (general["Siren"], general["Nic"]) == (folders[0]["Siren"], folders[0]["Nic"])
    # a collaborator: AccountingFolder accesses without Siren or Nic, no company listing
    mine = api(sb, "inqom", sb.issue_tokens("inqom", username=COLLABORATOR)["access_token"])
    accesses = mine.get("/provisioning/users/internal-access").json()
    assert {a["AccessType"] for a in accesses} == {"AccountingFolder"} and len(accesses) == 3
    assert "Siren" not in accesses[0]
    listing = f"/provisioning/companies/{access['Id']}/accounting-folders"
    assert mine.get(listing).status_code == 403
    assert mine.get(f"/v1/dossiers/{accesses[0]['Id']}/dossier-permanent/general").json()["Nic"]
    outside = next(f["Id"] for f in folders if f["Id"] not in {a["Id"] for a in accesses})
    assert mine.get(f"/v1/dossiers/{outside}/journals").status_code == 404
    assert inq.get(f"{d}/accounting-periods").status_code == 200
    assert inq.get("/v1/dossiers/1/accounting-periods").status_code == 404
    journals = inq.get(f"{d}/journals").json()
    vt = next(j["Id"] for j in journals if j["Name"] == "VT")
    assert inq.get(f"{d}/accounts", params={"accountNumberPrefix": "4"}).status_code == 200
    made = inq.post(f"{d}/accounts", json={"AccountNumber": "411DUPONT", "Name": "Dupont"})
    assert made.status_code == 201
    assert inq.post(f"{d}/accounts", json={"Name": "x"}).status_code == 400
    posted = inq.post(f"{d}/entries", json=[_entry(vt, "c-1")])
    assert posted.status_code == 200
    assert inq.post(f"{d}/entries", json=[_entry(vt, "c-2", "1.00")]).status_code == 400
    entry_id = posted.json()[0]["Id"]
    again = inq.put(f"{d}/entries", json=[{**_entry(vt, "c-1", "121.00"), "Id": entry_id}])
    assert again.status_code == 400  # unbalanced: refused, nothing changed
    updated = inq.put(f"{d}/entries", json=[{**_entry(vt, "c-1"), "Id": entry_id}])
    assert updated.status_code == 200 and updated.json()[0]["Id"] == entry_id
    assert inq.put(f"{d}/entries", json=[{**_entry(vt, "c-1"), "Id": 1}]).status_code == 400
    files = {"file": ("FA-2025-0042.pdf", b"%PDF-1.4\n%test\n", "application/pdf")}
    doc = inq.post(f"{d}/accounting-documents", data={"entryId": str(entry_id)}, files=files)
    assert doc.status_code == 201
    assert inq.get(f"{d}/accounting-documents/{doc.json()['Id']}").status_code == 200
    assert inq.get(f"{d}/accounting-documents/1").status_code == 404
    window = {"startDate": "2025-01-01", "endDate": "2025-12-31"}
    assert inq.get(f"{d}/entry-lines", params=window).status_code == 200
    assert inq.get(f"{d}/entry-lines").status_code == 400
    assert inq.get(f"{d}/entry-lines/count", params=window).status_code == 200
    changes = {**window, "changedBefore": "2100-01-01T00:00:00+00:00"}
    assert inq.get(f"{d}/entry-lines/changes", params=changes).status_code == 200
    link = inq.get(f"{d}/accounting-documents/{doc.json()['Id']}").json()["link"]
    assert inq.get(link).content.startswith(b"%PDF")
    assert inq.get("/files/unknown").status_code == 404
    assert api(sb, "inqom").get(f"{d}/journals").status_code == 401
    covered = {(t, m) for t, m, _ in contracts["inqom"].covered}
    api_ops = {op for op in contracts["inqom"].operations() if "/identity/" not in op[0]}
    assert api_ops <= covered
