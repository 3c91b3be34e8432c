"""The month routine and the dashboard through the connector, on the sandbox: the next month
to validate with what it locks, the refusal of a month that is not over, the dashboard's
counts and authorizations, editing, resynchronising and removing a dossier."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from meg_inqom_desktop.app.connector import Connector
from meg_inqom_desktop.app.dossier_board import MISSING, NOT_USED, RENEW, UNKNOWN, VALID
from meg_inqom_desktop.domain.periods import MonthNotOver
from meg_inqom_desktop.net.credentials import (
    Authorization,
    CredentialStore,
    EphemeralKeyring,
    Secrets,
)
from meg_inqom_desktop.sandbox import start_sandbox
from meg_inqom_desktop.store.ledger_writes import get_cursor
from meg_inqom_desktop.store.paths import resolve_data_paths


@pytest.fixture
def board(tmp_path: Path) -> Iterator[tuple[Connector, Any, list[str]]]:
    """Two demo companies MEG lets through, local only, in a fresh data folder."""
    handle = start_sandbox(rate_limit=None)
    paths = resolve_data_paths(tmp_path / "data").ensure()
    front = Connector(
        paths, sandbox=handle, store=CredentialStore("board-test", backend=EphemeralKeyring())
    )
    with front.opened():
        sirets = [
            c.siret
            for c in handle.state.meg.companies.values()
            if c.premium_licence and c.production_software_connection
        ][:2]
        for siret in sirets:
            front.add_dossier(siret, name=handle.state.meg_company(siret).name, local_only=True)
        try:
            yield front, handle, sirets
        finally:
            handle.stop()


def _next(company: Any) -> str:
    last = max(company.validated)
    year, month = int(last[:4]), int(last[5:])
    return f"{year + (month == 12)}-{month % 12 + 1:02d}"


def test_next_month_is_previewed_then_locked_for_several_dossiers(
    board: tuple[Connector, Any, list[str]],
) -> None:
    front, handle, sirets = board
    companies = [handle.state.meg_company(s) for s in sirets]

    async def scenario() -> None:
        seen: list[tuple[int, int]] = []
        items = await front.next_months(sirets, progress=lambda d, t: seen.append((d, t)))
        assert seen[-1] == (2, 2)
        for item, company in zip(items, companies, strict=True):
            assert item.month is not None and item.month.month == _next(company)
            in_month = [e for e in company.entries if e.month == item.month.month]
            assert item.entry_count == len(in_month) > 0
            assert item.preview is not None
            assert sum(t.entry_count for t in item.preview.totals) == len(in_month)
            assert not item.needs_confirmation  # the sandbox's months are long over
        outcomes = await front.validate_months(items)
        assert [o.ok for o in outcomes] == [True, True]
        assert [o.count for o in outcomes] == [i.entry_count for i in items]
        for item, company in zip(items, companies, strict=True):
            assert item.month is not None and item.month.month in company.validated
        # the plan read again says the month after
        plan = await front.meg_plan(sirets[0])
        assert plan.last_validated is not None
        assert plan.last_validated.month == items[0].month.month  # type: ignore[union-attr]

    import asyncio

    asyncio.run(scenario())


def test_a_month_that_is_not_over_is_never_locked(
    board: tuple[Connector, Any, list[str]],
) -> None:
    front, handle, sirets = board
    company = handle.state.meg_company(sirets[0])
    month = _next(company)
    year, number = int(month[:4]), int(month[5:])
    during = date(year, number, 15)  # as if today were in the middle of that month

    async def scenario() -> None:
        await front.sandbox_authorize("meg", sirets[0])
        before = len(handle.state.meg.validations)
        start, end = date(year, number, 1), date(year, number, 28)
        with pytest.raises(MonthNotOver) as refused:
            await front.validate_period(sirets[0], start, end, today=during)
        assert "est en cours" in refused.value.message
        with pytest.raises(MonthNotOver):
            await front.validate_period(sirets[0], start, end, today=date(year, number, 1))
        assert len(handle.state.meg.validations) == before and month not in company.validated
        plan = await front.board.plan(sirets[0], today=during)
        assert plan.next_month is not None and plan.next_month.current
        assert plan.open_months[-1].month == month and plan.open_months[-1].current
        # the person ticked « le mois est complet »: locked
        report = await front.validate_period(
            sirets[0], start, end, today=during, current_month_complete=True
        )
        assert report.months == [month] and month in company.validated

    import asyncio

    asyncio.run(scenario())


def test_dashboard_counts_entries_validated_but_not_pulled_and_authorizations(
    board: tuple[Connector, Any, list[str]],
) -> None:
    front, handle, sirets = board
    import asyncio

    rows = front.dashboard()
    assert [r.plan for r in rows] == [None, None]  # MEG not asked yet
    assert {(r.meg.state, r.inqom.state) for r in rows} == {(UNKNOWN, NOT_USED)}  # not read

    rows = asyncio.run(front.refresh_dashboard())
    by_siret = {r.dossier.siret: r for r in rows}
    for siret in sirets:
        company = handle.state.meg_company(siret)
        row = by_siret[siret]
        assert row.meg.state == VALID  # the sandbox authorized it when asked
        assert row.plan is not None and row.plan.last_validated is not None
        assert row.plan.last_validated.month == max(company.validated)
        assert row.not_pulled == len(company.feed)  # nothing pulled yet
        assert row.next_slot is not None
    first = by_siret[sirets[0]].dossier
    asyncio.run(front.sync(first.id))
    rows = asyncio.run(front.refresh_dashboard([sirets[0]]))
    assert {r.dossier.siret: r.not_pulled for r in rows}[sirets[0]] == 0
    # linked to Inqom without an Inqom authorization yet: « missing »
    folder = handle.state.inqom.folder_by_siret(sirets[1])
    front.update_dossier(sirets[1], inqom_folder=(folder.Id, folder.Name))
    rows = asyncio.run(front.refresh_dashboard([sirets[1]]))
    assert {r.dossier.siret: r.inqom.state for r in rows}[sirets[1]] == MISSING
    # an Inqom sign-in without refresh token (a password grant) lasts until a known day
    store = front.credential_store()
    ends = datetime(2027, 1, 15, 12, tzinfo=UTC).timestamp()
    store.save(
        Authorization("inqom", "compta@cabinet.fr", "password", (sirets[1],), ends, False),
        Secrets(access_token="jeton"),
    )
    rows = asyncio.run(front.refresh_dashboard([sirets[1]]))
    inqom = {r.dossier.siret: r.inqom for r in rows}[sirets[1]]
    assert (inqom.state, inqom.expires_on) == (VALID, date(2027, 1, 15))
    store.update("inqom", "compta@cabinet.fr", expires_at=ends - 400 * 86400)  # gone by
    rows = asyncio.run(front.refresh_dashboard([sirets[1]]))
    assert {r.dossier.siret: r.inqom.state for r in rows}[sirets[1]] == RENEW
    # paused: no next slot; an authorization MEG refuses is « to renew »
    front.update_dossier(sirets[1], active=False)
    account = store.account_for("meg", sirets[1])
    assert account is not None  # one MEG authorization, shared by both dossiers
    store.update("meg", account, Secrets(refresh_token="not-a-valid-token"))
    handle.state.expire_access_tokens()
    rows = asyncio.run(front.refresh_dashboard([sirets[1]]))
    second = {r.dossier.siret: r for r in rows}[sirets[1]]
    assert second.next_slot is None and not second.dossier.active
    assert second.meg.state == RENEW and second.plan is None
    assert "autoris" in second.plan_error.lower()


def test_edit_resync_and_remove_a_dossier(board: tuple[Connector, Any, list[str]]) -> None:
    front, handle, sirets = board
    import asyncio

    record = front.dossier(sirets[0])
    company = handle.state.meg_company(sirets[0])
    last = max(company.validated)
    front.update_dossier(sirets[0], start_date=date(int(last[:4]), int(last[5:]), 1))
    asyncio.run(front.sync(record.id))
    assert get_cursor(record.id, "meg") is not None
    later = front.removal_impact(sirets[0])
    assert later.entries > 0 and later.lines > later.entries and later.runs == 1
    # a later start date keeps the position; an earlier one reads MEG again from the start
    front.update_dossier(sirets[0], start_date=date(int(last[:4]), int(last[5:]), 2))
    assert get_cursor(record.id, "meg") is not None
    front.update_dossier(sirets[0], start_date=date(2025, 1, 1))
    assert get_cursor(record.id, "meg") is None
    results = asyncio.run(front.sync(record.id))
    assert results[0].counts.new == len(company.feed) - later.entries
    assert results[0].counts.unchanged == later.entries
    # resynchronise: everything read again, nothing stored twice
    assert front.resync_from_meg(sirets[0])
    again = asyncio.run(front.sync(record.id))[0]
    assert (again.counts.new, again.counts.unchanged) == (0, len(company.feed))
    # link to Inqom, then local only again
    folder = handle.state.inqom.folder_by_siret(sirets[0])
    linked = front.update_dossier(sirets[0], inqom_folder=(folder.Id, folder.Name))
    assert linked.inqom_folder_id == folder.Id and not linked.local_only
    assert front.inqom_web_url(sirets[0]).endswith(f"/app/dossiers/{folder.Id}")
    assert front.update_dossier(sirets[0], local_only=True).local_only
    impact = front.removal_impact(sirets[0])
    assert impact.entries == len(company.feed) and impact.runs == 3
    assert front.remove_dossier(sirets[0])
    assert [d.siret for d in front.dossiers()] == sirets[1:]
