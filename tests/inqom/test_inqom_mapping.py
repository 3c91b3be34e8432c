"""Domain Entry → Inqom JSON: journals, ExternalIds, exact two-decimal amounts, batches."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meg_inqom_desktop.domain.entry import Entry, EntryLine
from meg_inqom_desktop.domain.journal import AC, BQ, NDF, OD, VT, Journal
from meg_inqom_desktop.domain.money import NotExactCents
from meg_inqom_desktop.inqom.mapping import (
    JournalNotMapped,
    batches,
    dumps_exact,
    entry_to_wire,
    match_posted_lines,
    resolve_journal,
)
from meg_inqom_desktop.inqom.wire import InqomJournal, PostedEntry

JOURNALS = [
    InqomJournal(Id=1, Name="HA", Type="Buy"),
    InqomJournal(Id=2, Name="VT", Type="Sell"),
    InqomJournal(Id=3, Name="BQ1", Type="Bank"),
    InqomJournal(Id=4, Name="OD", Type="Misc"),
]


def sale() -> Entry:
    return Entry(
        source_id="meg-42",
        journal=VT,
        date=date(2025, 3, 14),
        piece_ref="FA-2025-0042",
        label="Vente ACME",
        lines=(
            EntryLine("411", "ACME", debit=Decimal("120.00"), aux_account="411ACME"),
            EntryLine("706", "Prestation", credit=Decimal("100.00")),
            EntryLine("44571", "TVA 20 %", credit=Decimal("20.00")),
        ),
    )


def test_journal_mapping() -> None:
    assert resolve_journal(VT, JOURNALS).Id == 2  # same name
    assert resolve_journal(AC, JOURNALS).Id == 1  # Buy
    assert resolve_journal(BQ, JOURNALS).Id == 3  # Bank
    assert resolve_journal(NDF, JOURNALS).Id == 4  # Misc when no expense journal
    assert resolve_journal(OD, JOURNALS).Id == 4
    with_ndf = [
        *JOURNALS,
        InqomJournal(Id=9, Name="NF", Description="Notes de frais", Type="Other"),
    ]
    assert resolve_journal(NDF, with_ndf).Id == 9
    with pytest.raises(JournalNotMapped) as info:
        resolve_journal(Journal("XX"), [JOURNALS[0]])
    assert info.value.args == ("XX",)


def test_entry_to_wire_external_ids_and_exact_amounts() -> None:
    body = entry_to_wire(
        sale(), journal_id=2, account_number=lambda ln: ln.aux_account or ln.account
    )
    raw = dumps_exact([body]).decode()
    assert '"DebitAmount":120.00' in raw
    assert '"CreditAmount":0.00' in raw
    parsed = json.loads(raw, parse_float=Decimal)
    entry = parsed[0]
    assert entry["ExternalId"] == "meg-42"
    assert [ln["ExternalId"] for ln in entry["Lines"]] == ["meg-42-1", "meg-42-2", "meg-42-3"]
    assert entry["Lines"][0]["AccountNumber"] == "411ACME"
    assert entry["Document"] == {"Reference": "FA-2025-0042", "Date": "2025-03-14"}
    assert entry["JournalId"] == 2 and entry["Date"] == "2025-03-14"
    assert all(ln["Currency"] == "EUR" for ln in entry["Lines"])


def test_dumps_exact_refuses_float_and_sub_cents() -> None:
    with pytest.raises(TypeError, match=r"^float in a JSON payload"):
        dumps_exact({"DebitAmount": 0.1})
    with pytest.raises(NotExactCents, match=r"^montant au-delà du centime : 0\.001$"):
        dumps_exact({"DebitAmount": Decimal("0.001")})
    assert dumps_exact({"a": "é", "b": [1, True, None]}) == '{"a":"é","b":[1,true,null]}'.encode()


@given(st.integers(min_value=0, max_value=10**13))
def test_amounts_roundtrip_exactly(cents: int) -> None:
    amount = Decimal(cents) / 100
    text = dumps_exact({"A": amount}).decode()
    assert json.loads(text, parse_float=Decimal)["A"] == amount
    assert re.fullmatch(r'\{"A":(0|[1-9][0-9]*)\.[0-9]{2}\}', text), text


def test_batches_of_at_most_50() -> None:
    sizes = [len(b) for b in batches(list(range(123)))]
    assert sizes == [50, 50, 23]
    with pytest.raises(ValueError, match=r"^batch size must be 1\.\.50$"):
        list(batches([1], 51))


def test_posted_lines_matched_by_external_id_else_order() -> None:
    sent = entry_to_wire(sale(), 2)
    live = PostedEntry.model_validate(
        {
            "Id": 7,
            "ExternalId": "meg-42",
            "Lines": [
                {"Id": 13, "ExternalId": "meg-42-3"},
                {"Id": 11, "ExternalId": "meg-42-1"},
                {"Id": 12, "ExternalId": "meg-42-2"},
            ],
        }
    )
    assert match_posted_lines(sent, live) == {"meg-42-1": 11, "meg-42-2": 12, "meg-42-3": 13}
    guide = PostedEntry.model_validate(
        {"EntryId": 8, "Lines": [{"EntryLineId": 21}, {"EntryLineId": 22}, {"EntryLineId": 23}]}
    )
    assert guide.entry_id == 8
    assert match_posted_lines(sent, guide) == {"meg-42-1": 21, "meg-42-2": 22, "meg-42-3": 23}
