"""The content signature and the matcher (pure code), and the paged read-back (sandbox)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from meg_inqom_desktop.sandbox.other_connector import book_entry
from meg_inqom_desktop.sync.engine import load_dossier
from meg_inqom_desktop.sync.inqom_match import AMBIGUOUS, NEAR, EntryView, match, signature
from meg_inqom_desktop.sync.push_readback import ReadBack

if TYPE_CHECKING:
    from tests.sync.conftest import SyncEnv

DAY = date(2025, 3, 14)
D = Decimal


def view(
    lines: list[tuple[str, str, str, str]],
    *,
    key: int = 0,
    inqom: int = 0,
    day: date = DAY,
    reference: str | None = "FA-2025-0042",
) -> EntryView:
    return EntryView(
        journal_id=41002,
        day=day,
        lines=tuple((a, D(d), D(c), label) for a, d, c, label in lines),
        reference=reference,
        key=key,
        inqom_id=inqom,
    )


SALE = [
    ("4111CDUPONT", "120.00", "0", "Facture FA-2025-0042 Dupont SARL"),
    ("706000", "0", "100.00", "Facture FA-2025-0042"),
    ("445710", "0", "20.00", "TVA 20 % FA-2025-0042"),
]
UPPER = [(a, d, c, label.upper()) for a, d, c, label in SALE]


def test_signature_ignores_case_spaces_and_line_order() -> None:
    mine = signature(1, DAY, [(a, D(d), D(c), label) for a, d, c, label in SALE])
    theirs = signature(
        1, DAY, [(a, D(d), D(c), f"  {label.upper()} ") for a, d, c, label in reversed(SALE)]
    )
    assert mine == theirs
    other_day = signature(1, date(2025, 3, 15), [(a, D(d), D(c), x) for a, d, c, x in SALE])
    assert other_day != mine
    assert signature(2, DAY, [(a, D(d), D(c), x) for a, d, c, x in SALE]) != mine


def test_sure_near_ambiguous_and_unmatched() -> None:
    megs = [
        view(SALE, key=1),
        view(SALE, key=2, reference="FA-2025-0043", day=date(2025, 3, 15)),
        view([("512000", "50.00", "0", "X"), ("627000", "0", "50.00", "X")], key=3),
        view([("512000", "9.00", "0", "Frais"), ("627000", "0", "9.00", "Frais")], key=4),
    ]
    other = [
        ("4111CDUPONT", "121.00", "0", "A"),
        ("706000", "0", "101.00", "B"),
        ("445710", "0", "20.00", "C"),
    ]
    inqoms = [
        view(UPPER, inqom=700),  # key 1, labels upper-cased by Inqom
        view(other, inqom=701, reference="FA-2025-0043", day=date(2025, 3, 15)),  # near key 2
        view([("512000", "50.00", "0", "X"), ("627000", "0", "50.00", "X")], inqom=702),
        view([("512000", "50.00", "0", "X"), ("627000", "0", "50.00", "X")], inqom=703),
    ]
    result = match(megs, inqoms)
    assert [(m.key, i.inqom_id) for m, i in result.sure] == [(1, 700)]
    held = {h.meg.key: (h.reason, [c.inqom_id for c in h.candidates]) for h in result.held}
    assert held == {2: (NEAR, [701]), 3: (AMBIGUOUS, [702, 703])}
    assert [m.key for m in result.unmatched] == [4]
    assert [v.inqom_id for v in result.leftover] == [701]


def test_a_reference_shown_by_inqom_must_agree() -> None:
    megs = [view(SALE, key=1)]
    assert match(megs, [view(UPPER, inqom=9, reference=None)]).sure  # not shown: not compared
    result = match(megs, [view(UPPER, inqom=9, reference="AUTRE")])
    assert not result.sure and [h.reason for h in result.held] == [NEAR]


def test_identical_entries_pair_one_to_one() -> None:
    fee = [("627000", "9.00", "0", "Frais"), ("512000", "0", "9.00", "Frais")]
    megs = [view(fee, key=1), view(fee, key=2)]
    result = match(megs, [view(fee, inqom=5)])
    assert [(m.key, i.inqom_id) for m, i in result.sure] == [(1, 5)]
    assert [m.key for m in result.unmatched] == [2]  # MEG has two, Inqom one: post the other


def test_read_back_reads_every_page_even_when_the_last_is_full(env: SyncEnv) -> None:
    dossier_id, siret = env.add_dossier()
    folder = env.state.inqom_folder(siret)
    company = env.state.meg.companies[siret]
    fees = [e for e in company.feed if e.label == "Frais bancaires"][:1]
    with env.state.lock:  # 100 lines of one journal in one month: one full page exactly
        for _ in range(50):
            book_entry(env.state.inqom, folder, fees[0], Decimal(0), datetime.now(UTC))

    async def read() -> tuple[int, int]:
        conns = await env.provider().connect(load_dossier(dossier_id))
        try:
            assert conns.inqom is not None
            back = ReadBack(conns.inqom, folder.Id)
            day = fees[0].date
            journal = next(j.Id for j in folder.journals if j.Name == "BQ")
            lines = await back.lines(day.replace(day=1), day, journal)
            return len(lines), back.pages
        finally:
            await conns.aclose()

    assert asyncio.run(read()) == (100, 3)  # count, the full page, then an empty one
