"""The audit trail: who (OS user) on which workstation did what, on which dossier, when.

One writer (:func:`record`) and one reader (:func:`events`) of ``audit_event``. The front door
(``app/connector.py``) records each action a person takes: validating a MEG period, resolving
an item of À traiter, running or cancelling a sync, changing a setting, adding or removing a
dossier, importing or exporting a FEC. On a firm database every workstation writes to the same
trail, so Historique and ``meg-inqom audit`` show the whole firm's. The trail never holds a
token, a password or an entry's amounts: what was done and to what, in a French sentence.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.models import AuditEvent

# action code -> what Historique calls it
ACTIONS = {
    "sync": "Synchronisation",
    "sync_cancelled": "Synchronisation annulée",
    "period_validated": "Période validée dans MEG",
    "item_resolved": "Élément traité (À traiter)",
    "setting_changed": "Paramètre modifié",
    "dossier_added": "Dossier ajouté",
    "dossier_changed": "Dossier modifié",
    "dossier_removed": "Dossier retiré",
    "fec_imported": "FEC importé",
    "fec_exported": "FEC exporté",
}


@dataclass(frozen=True)
class Who:
    """A workstation and the person using it (OS user)."""

    workstation: str
    person: str

    @property
    def label(self) -> str:
        """« POSTE-3 / jdupont »"""
        return f"{self.workstation} / {self.person}"


def who() -> Who:
    """This process's workstation (host name) and person (OS user)."""
    host = os.environ.get("COMPUTERNAME") or socket.gethostname().split(".")[0] or "?"
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (some service accounts)
        user = "?"
    return Who(host[:64], user[:64])


@dataclass(frozen=True)
class AuditRecord:
    """One line of the trail, as Historique and ``meg-inqom audit`` show it."""

    at: datetime
    workstation: str
    person: str
    siret: str
    dossier_name: str
    action: str
    detail: str
    data: dict[str, Any]

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "workstation": self.workstation,
            "person": self.person,
            "siret": self.siret,
            "dossier": self.dossier_name,
            "action": self.action,
            "detail": self.detail,
            "data": self.data,
        }


def record(
    action: str,
    detail: str,
    *,
    siret: str = "",
    dossier_name: str = "",
    data: dict[str, Any] | None = None,
    by: Who | None = None,
) -> None:
    """Add one line to the trail (its own short transaction)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    author = by or who()
    with convert_db_errors():
        AuditEvent.create(
            workstation=author.workstation,
            person=author.person,
            siret=siret,
            dossier_name=dossier_name,
            action=action,
            detail=detail,
            data=json.dumps(data or {}, ensure_ascii=False, default=str),
        )


def events(
    *, siret: str = "", person: str = "", action: str = "", limit: int = 500
) -> list[AuditRecord]:
    """The latest lines first, optionally of one dossier (SIRET), person or action."""
    query = AuditEvent.select()
    if siret:
        query = query.where(AuditEvent.siret == siret)
    if person:
        query = query.where(AuditEvent.person == person)
    if action:
        query = query.where(AuditEvent.action == action)
    with convert_db_errors():
        rows = list(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    return [
        AuditRecord(
            row.at,
            row.workstation,
            row.person,
            row.siret,
            row.dossier_name,
            row.action,
            row.detail,
            json.loads(row.data) if row.data else {},
        )
        for row in rows
    ]


def people() -> list[str]:
    """Every person present in the trail (for Historique's filter)."""
    with convert_db_errors():
        rows = AuditEvent.select(AuditEvent.person).distinct().order_by(AuditEvent.person)
        return [r.person for r in rows]
