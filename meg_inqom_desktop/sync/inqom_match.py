"""Recognising MEG entries among what Inqom already holds, by content (pure code, no I/O).

Inqom promises no idempotency and its entry-line reads do not return ``ExternalId``, so an
entry posted by another workstation, by a reset ledger, by a restored backup or by Inqom's own
MEG connector is recognised by its content. :func:`signature` is the one content signature:
the Inqom journal, the entry date and the multiset of (account, debit, credit, label) lines,
accounts as Inqom numbers them (it renumbers third-party accounts), labels without case nor
repeated spaces (Inqom upper-cases them). The document reference takes part when Inqom shows
one (its lines show the reference of the accounting document they carry).

:func:`match` pairs MEG entries with Inqom entries:

* **sure**: same signature, and the same reference when Inqom shows one; each Inqom entry is
  paired once. When a signature has more Inqom candidates than MEG entries, none is sure:
  the MEG entries are **held** as ``ambiguous`` (a person chooses).
* **near**: no sure match, but an unpaired Inqom entry of the same journal and date has the
  same reference, or the same lines with other labels, or the same accounts with other
  amounts: the MEG entry is **held** as ``near`` with its candidates, never posted blindly.
* the rest is **unmatched**: not in Inqom, to be posted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")
AMBIGUOUS, NEAR = "ambiguous", "near"

LineKey = tuple[str, Decimal, Decimal, str]
Signature = tuple[int, str, tuple[LineKey, ...]]


def _text(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _account(value: str) -> str:
    return "".join(value.split()).upper()


def signature(
    journal_id: int, day: date, lines: Iterable[tuple[str, Decimal, Decimal, str]]
) -> Signature:
    """The content signature of an entry (see the module docstring); equal on both sides
    for the same entry, whoever posted it."""
    keys = sorted(
        (
            _account(account),
            Decimal(debit).quantize(CENT),
            Decimal(credit).quantize(CENT),
            _text(label),
        )
        for account, debit, credit, label in lines
    )
    return (journal_id, day.isoformat(), tuple(keys))


@dataclass(frozen=True)
class EntryView:
    """One entry as the matcher sees it: a MEG entry (``key`` = its push record id) mapped to
    Inqom's numbering, or an Inqom entry (``inqom_id``) read back."""

    journal_id: int
    day: date
    lines: tuple[tuple[str, Decimal, Decimal, str], ...]
    reference: str | None = None
    key: int = 0
    inqom_id: int = 0
    document_id: int | None = None  # Inqom side: the accounting document its lines carry

    @property
    def signature(self) -> Signature:
        return signature(self.journal_id, self.day, self.lines)

    def reference_agrees(self, meg: EntryView) -> bool:
        """True unless this (Inqom) entry shows a reference that differs from ``meg``'s."""
        return self.reference is None or _text(self.reference) == _text(meg.reference)

    def near_keys(self) -> tuple[Any, ...]:
        """What a near match may share: the lines without their labels, the accounts."""
        amounts = tuple(sorted((s[0], s[1], s[2]) for s in self.signature[2]))
        accounts = tuple(sorted(Counter(a for a, _d, _c in amounts).items()))
        return (amounts, accounts)

    def is_near(self, meg: EntryView) -> bool:
        """Same journal and date, and the same reference, lines or accounts (not sure)."""
        if (self.journal_id, self.day) != (meg.journal_id, meg.day):
            return False
        if self.reference is not None and _text(self.reference) == _text(meg.reference):
            return True
        mine, theirs = self.near_keys(), meg.near_keys()
        return bool(mine[0] == theirs[0] or mine[1] == theirs[1])


@dataclass
class Held:
    """A MEG entry that a person must look at: ``reason`` ``near`` or ``ambiguous``."""

    meg: EntryView
    reason: str
    candidates: list[EntryView]


@dataclass
class MatchResult:
    sure: list[tuple[EntryView, EntryView]] = field(default_factory=list)  # (MEG, Inqom)
    held: list[Held] = field(default_factory=list)
    unmatched: list[EntryView] = field(default_factory=list)  # MEG entries not in Inqom
    leftover: list[EntryView] = field(default_factory=list)  # Inqom entries not paired


def match(megs: Sequence[EntryView], inqoms: Sequence[EntryView]) -> MatchResult:
    """Pair ``megs`` with ``inqoms`` (see the module docstring); deterministic: MEG entries in
    the given order, Inqom entries by id."""
    result = MatchResult()
    pool: dict[Signature, list[EntryView]] = defaultdict(list)
    for view in sorted(inqoms, key=lambda v: v.inqom_id):
        pool[view.signature].append(view)
    groups: dict[Signature, list[EntryView]] = defaultdict(list)
    for view in megs:
        groups[view.signature].append(view)
    used: set[int] = set()
    rest: list[EntryView] = []
    for sig, group in groups.items():
        candidates = pool.get(sig, [])
        agreeing = [c for c in candidates if any(c.reference_agrees(m) for m in group)]
        if len(agreeing) > len(group):
            for meg in group:
                result.held.append(Held(meg, AMBIGUOUS, list(agreeing)))
            used.update(c.inqom_id for c in agreeing)
            continue
        for meg in group:
            found = next(
                (c for c in agreeing if c.inqom_id not in used and c.reference_agrees(meg)), None
            )
            if found is None:
                rest.append(meg)
            else:
                used.add(found.inqom_id)
                result.sure.append((meg, found))
    leftover = [v for v in sorted(inqoms, key=lambda v: v.inqom_id) if v.inqom_id not in used]
    for meg in rest:
        near = [c for c in leftover if c.is_near(meg)]
        if near:
            result.held.append(Held(meg, NEAR, near))
        else:
            result.unmatched.append(meg)
    result.leftover = leftover
    return result
