"""What « À traiter » says about Inqom's side: French messages showing both sides, and the
JSON payload kept with each item (what a decision needs: the Inqom candidates).

Reason codes (``Rejection.reason_code`` of kind ``inqom``, :mod:`..domain.inqom_review`) and
the decisions they offer:

* ``inqom_near``, ``inqom_ambiguous``: Inqom holds something close, or several identical
  entries → ``adopt`` (the first candidate) or ``post`` (send MEG's entry anyway);
* ``inqom_deleted``: deleted in Inqom after the post → ``repost`` or ``ignore``;
* ``inqom_edited``: changed in Inqom after the post → ``keep_inqom`` or ``resend_meg``;
* ``inqom_duplicate``: Inqom holds it twice (another writer posted it too) → delete one in
  Inqom; the item closes by itself once Inqom has only one.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from meg_inqom_desktop.domain.inqom_review import (
    ACTIONS,
    AMBIGUOUS,
    DELETED,
    DUPLICATE,
    EDITED,
    NEAR,
)
from meg_inqom_desktop.domain.money import format_amount
from meg_inqom_desktop.sync.inqom_match import EntryView

__all__ = ["ACTIONS", "AMBIGUOUS", "DELETED", "DUPLICATE", "EDITED", "NEAR"]


def lines_text(view: EntryView, *, labels: bool = False) -> str:
    """``411CDUPONT D 120,00 ; 706000 C 100,00`` (with ``labels``: « … » after each line)."""
    parts = []
    for account, debit, credit, label in view.lines:
        side, amount = ("D", debit) if debit else ("C", credit)
        text = f"{account} {side} {format_amount(amount)}"
        parts.append(f"{text} « {label} »" if labels else text)
    return " ; ".join(parts)


def meg_text(journal: str, piece_ref: str, day: date | None, view: EntryView) -> str:
    when = f" du {day:%d/%m/%Y}" if day else ""
    return f"{journal} {piece_ref}{when} ({lines_text(view)})"


def inqom_text(view: EntryView, *, labels: bool = False) -> str:
    ref = f", pièce {view.reference}" if view.reference else ""
    return f"n° {view.inqom_id} du {view.day:%d/%m/%Y}{ref} ({lines_text(view, labels=labels)})"


def held_message(reason: str, meg: str, candidates: list[EntryView]) -> str:
    theirs = " ; ".join(inqom_text(c) for c in candidates[:3])
    more = f" et {len(candidates) - 3} autre(s)" if len(candidates) > 3 else ""
    if reason == AMBIGUOUS:
        return (
            f"Plusieurs écritures Inqom correspondent à l'écriture MEG {meg} : {theirs}{more}. "
            "Rien n'a été envoyé : « Adopter l'écriture Inqom » la relie à la première, "
            "« Envoyer l'écriture MEG » l'envoie quand même."
        )
    return (
        f"Inqom contient une écriture proche de l'écriture MEG {meg} : {theirs}{more}. "
        "Rien n'a été envoyé : « Adopter l'écriture Inqom » si c'est la même, « Envoyer "
        "l'écriture MEG » si ce sont deux écritures différentes."
    )


def _when(start: datetime | None, end: datetime) -> str:
    last = end.astimezone()
    if start is None or start.astimezone().date() == last.date():
        return f"le {last:%d/%m/%Y}"
    return f"entre le {start.astimezone():%d/%m/%Y} et le {last:%d/%m/%Y}"


def deleted_message(meg: str, inqom_id: int, start: datetime | None, end: datetime) -> str:
    return (
        f"Écriture {meg} supprimée dans Inqom {_when(start, end)} (n° {inqom_id}). Elle n'est "
        "pas renvoyée sans décision : « Reposter » l'envoie de nouveau, « Ignorer » la laisse "
        "hors d'Inqom."
    )


def edited_message(meg: str, now: EntryView) -> str:
    return (
        f"Écriture {meg} modifiée dans Inqom : elle y est maintenant "
        f"{inqom_text(now, labels=True)}. "
        "« Garder la version Inqom » la laisse ainsi, « Renvoyer celle de MEG » remet la "
        "version de MEG dans Inqom."
    )


def duplicate_message(meg: str, ours: int, other: EntryView) -> str:
    return (
        f"Écriture {meg} présente deux fois dans Inqom : n° {ours}, envoyée depuis ce poste, "
        f"et n° {other.inqom_id}, envoyée ailleurs (un autre poste ou le connecteur MEG "
        "d'Inqom synchronise aussi ce dossier ; un seul doit envoyer). Supprimez l'une des deux "
        "dans Inqom ; cet élément se ferme de lui-même ensuite."
    )


def payload(**values: Any) -> str:
    """The JSON kept with an item (candidates, signatures, decisions)."""
    return json.dumps(values, ensure_ascii=False, default=str)


def candidate(view: EntryView) -> dict[str, Any]:
    return {"id": view.inqom_id, "document": view.document_id is not None}


def sig_text(view: EntryView) -> str:
    """A signature as text, to remember which Inqom version a person accepted."""
    return json.dumps(view.signature, default=str)
