"""Forgetting what a data folder knows of an Inqom it can no longer reach.

The embedded sandbox keeps its Inqom state in memory: when its process ends, the entries
posted there and the third-party accounts created there are gone. A data folder that then
talks to a new sandbox must not take those ids for granted (« Compte 4211… inconnu »):
:func:`forget_inqom_ids` drops the push records and account numbers, so the next run pushes
every entry to the new emulator as to an empty Inqom. Used for sandbox data folders only.
"""

from __future__ import annotations

from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import utcnow, write_transaction
from meg_inqom_desktop.store.models import InqomAccount, PushRecord, Rejection


def forget_inqom_ids() -> int:
    """Drop every push record and Inqom account number of the data folder, and close the
    items set aside by a push; one transaction. Returns how many push records were dropped."""
    with convert_db_errors(), write_transaction():
        dropped = PushRecord.delete().execute()
        InqomAccount.delete().execute()
        Rejection.update(resolved_at=utcnow()).where(
            Rejection.kind.in_(("push", "document")) & Rejection.resolved_at.is_null()
        ).execute()
    return int(dropped)
