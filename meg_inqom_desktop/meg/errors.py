"""MEG-specific errors, each with what to do in MEG to fix it."""

from __future__ import annotations

from typing import Any

from meg_inqom_desktop.errors import FatalError

FIX_PREMIUM = "Supervision > crayon > Accès aux modules MEG Premium"
FIX_CONNECTION = "engrenage > Cabinets/Sites > Connexion avec votre logiciel de production"


class MegError(FatalError):
    title = "MEG"
    code = "meg"
    retry_later = False


class CompanyNotFound(MegError):
    title = "Société introuvable dans MEG"
    code = "company_not_found"

    def __init__(self, siret: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"Aucune société de SIRET {siret} n'est accessible dans MEG avec ce compte. "
                "Vérifiez le SIRET et que le compte autorisé a accès à ce dossier."
            ),
            siret=siret,
            **context,
        )


class NotPremium(MegError):
    title = "Licence MEG Premium absente"
    code = "not_premium"

    def __init__(self, siret: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"La société {siret} n'a pas la licence premium nécessaire à la connexion. "
                f"Dans MEG : {FIX_PREMIUM}."
            ),
            siret=siret,
            **context,
        )


class ConnectionDisabled(MegError):
    title = "Connexion au logiciel de production désactivée"
    code = "connection_disabled"

    def __init__(self, siret: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"La connexion avec le logiciel de production est désactivée pour {siret}. "
                f"Dans MEG : {FIX_CONNECTION}, puis cochez la case."
            ),
            siret=siret,
            **context,
        )


class PeriodLocked(MegError):
    title = "Période déjà validée"
    code = "period_locked"

    def __init__(self, months: list[str] | None = None, **context: Any) -> None:
        listed = ", ".join(months or []) or "une partie de la période"
        super().__init__(
            message=(
                f"Les mois {listed} sont déjà validés (verrouillés) dans MEG : rien n'a été "
                "validé. Choisissez une période qui ne contient que des mois non validés."
            ),
            months=months or [],
            **context,
        )


class InvalidPeriod(MegError):
    title = "Période invalide"
    code = "invalid_period"

    def __init__(self, detail: str = "", **context: Any) -> None:
        super().__init__(message=detail or "La période demandée n'est pas valide.", **context)


class InvalidCursor(MegError):
    title = "Position de synchronisation inconnue"
    code = "invalid_cursor"

    def __init__(self, **context: Any) -> None:
        super().__init__(
            message=(
                "MEG ne reconnaît plus la position enregistrée de la synchronisation. "
                "Relancez une synchronisation complète du dossier (les écritures déjà reçues "
                "ne seront pas dupliquées)."
            ),
            **context,
        )


class PageTooLarge(MegError):
    """A feed page beyond the size the app reads (the reader asks again with fewer entries)."""

    title = "Page du flux MEG trop volumineuse"
    code = "page_too_large"

    def __init__(self, size: int = 0, cap: int = 0, limit: int = 0, **context: Any) -> None:
        if not limit:  # not a feed page: a company, periods, a preview...
            super().__init__(
                message=(
                    f"MEG a envoyé une réponse de plus de {cap / 2**20:.0f} Mo, que "
                    "l'application ne lit pas. Réessayez plus tard ; si cela persiste, "
                    "signalez-le au support de MEG."
                ),
                size=size,
                cap=cap,
                **context,
            )
            return
        super().__init__(
            message=(
                f"MEG a envoyé une page d'écritures de plus de {cap / 2**20:.0f} Mo "
                f"({size / 2**20:.0f} Mo lus pour {limit} écriture(s) demandée(s)) qui ne "
                "peut pas être lue. Les écritures précédentes sont enregistrées et la "
                "synchronisation reprendra à cet endroit : signalez-le au support de MEG."
            ),
            size=size,
            cap=cap,
            limit=limit,
            **context,
        )


class FeedStuck(MegError):
    """The feed does not end: a cursor seen twice in a run, or more pages than announced."""

    title = "Flux MEG sans fin"
    code = "feed_stuck"

    def __init__(self, detail: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"MEG {detail} : la synchronisation de ce dossier s'arrête ici pour ne pas "
                "tourner sans fin. Les écritures déjà reçues sont enregistrées. Réessayez plus "
                "tard ; si cela se reproduit, signalez-le au support de MEG."
            ),
            detail=detail,
            **context,
        )
