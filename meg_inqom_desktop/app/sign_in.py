"""Sign-ins that need the person: said ahead of time, never a silent failed sync.

When a service gave no refresh token (Inqom may not) and no password is remembered, the
access token is all the app has: before it expires the person is asked to sign in again, in
a line of « À traiter » (a rejection of kind ``sign_in`` per dossier) and in the tray
notification after the sync. When the sign-in is missing or expired, the dossier's run stops
with :class:`~meg_inqom_desktop.net.errors.SignInNeeded` and the same line says what to do.
The line is resolved by the next sign-in of that account. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.net.credentials import Authorization
from meg_inqom_desktop.store.database import convert_db_errors
from meg_inqom_desktop.store.db import utcnow
from meg_inqom_desktop.store.models import Rejection
from meg_inqom_desktop.store.rejections import RejectionItem, record_rejection

KIND = "sign_in"
REMIND_BEFORE = 7 * 24 * 3600.0  # a week ahead: the person may be away a few days
PARIS = ZoneInfo("Europe/Paris")
LABELS = {"meg": "MEG", "inqom": "Inqom"}
SERVICE_CODES = {label: code for code, label in LABELS.items()}


@dataclass(frozen=True)
class SignInNotice:
    """An authorization that will stop working (or has) unless the person signs in."""

    service: str
    account: str
    expires_at: float
    expired: bool
    password_grant: bool

    @property
    def source_id(self) -> str:
        return f"{self.service}:{self.account}"

    @property
    def text(self) -> str:
        """What the tray and « À traiter » say, in French."""
        label = LABELS.get(self.service, self.service)
        when = datetime.fromtimestamp(self.expires_at, UTC).astimezone(PARIS)
        day = when.strftime("%d/%m/%Y à %H:%M")
        if self.password_grant:
            todo = (
                f"sur le poste du service : « meg-inqom auth {self.service} --password-grant "
                f"--username {self.account} »"
            )
        else:
            todo = f"Paramètres › Connexions › « Se connecter à {label} »"
        if self.expired:
            return (
                f"La connexion {label} de {self.account} a expiré le {day} : les envois vers "
                f"{label} sont arrêtés. Reconnectez-vous ({todo})."
            )
        return (
            f"La connexion {label} de {self.account} expire le {day} et {label} ne permet pas "
            f"de la prolonger seule. Reconnectez-vous avant ({todo})."
        )


def notice_for(auth: Authorization, now: float) -> SignInNotice | None:
    """The notice ``auth`` calls for at ``now``, if any."""
    if auth.renewable or auth.expires_at is None or auth.expires_at - now > REMIND_BEFORE:
        return None
    return SignInNotice(
        auth.service,
        auth.account,
        auth.expires_at,
        now >= auth.expires_at,
        auth.method == "password",
    )


def record_notice(dossier_id: int, notice: SignInNotice) -> None:
    """The « À traiter » line of ``notice`` for the dossier (one per account, updated)."""
    code = "sign_in_expired" if notice.expired else "sign_in_due"
    item = RejectionItem(KIND, notice.source_id, code, notice.text)
    record_rejection(dossier_id, item, provenance=notice.service)


def record_failure(dossier_id: int, error: MegInqomError) -> None:
    """A run stopped for want of an authorization: its « À traiter » line (the error's
    message says what to do)."""
    service = SERVICE_CODES.get(str(error.context.get("service", "")), "")
    if not service:
        return
    account = str(error.context.get("account") or "")
    item = RejectionItem(KIND, f"{service}:{account}", error.code, error.message)
    record_rejection(dossier_id, item, provenance=service)


def resolve_notices(dossier_id: int | None, service: str, account: str | None = None) -> int:
    """Sign-in lines no longer needed: ``account``'s (every account's of the service when
    None), of the dossier (of every dossier when None)."""
    query = Rejection.update(resolved_at=utcnow()).where(
        Rejection.kind == KIND,
        Rejection.provenance == service,
        Rejection.resolved_at.is_null(),
    )
    if dossier_id is not None:
        query = query.where(Rejection.dossier == dossier_id)
    if account is not None:
        query = query.where(Rejection.source_id == f"{service}:{account}")
    with convert_db_errors():
        return int(query.execute())
