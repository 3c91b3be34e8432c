"""Network and authorization errors, converted at the HTTP boundary (``net.http``).

Every class carries a French ``title`` and a ``message`` that says what to do. ``retry_later``
tells the sync engine whether a later run may succeed without the user doing anything.
"""

from __future__ import annotations

from typing import Any

from meg_inqom_desktop.errors import DocumentRefused as DocumentRefused  # one class, both layers
from meg_inqom_desktop.errors import FatalError


class NetworkError(FatalError):
    """Base of errors that stop a run because a remote service could not be used."""

    title = "Service distant injoignable"
    code = "network"
    retry_later = True


class NetworkUnavailable(NetworkError):
    title = "Connexion impossible"
    code = "network_unavailable"

    def __init__(self, service: str = "", detail: str = "", **context: Any) -> None:
        name = service or "le service"
        super().__init__(
            message=(
                f"Impossible de joindre {name}. Vérifiez la connexion à Internet et, si le "
                "cabinet passe par un proxy, les réglages de proxy ; la synchronisation "
                "reprendra au prochain créneau."
            ),
            service=service,
            detail=detail,
            **context,
        )


class ServerError(NetworkError):
    title = "Erreur du service distant"
    code = "server_error"

    def __init__(self, service: str = "", status: int = 0, **context: Any) -> None:
        name = service or "Le service"
        super().__init__(
            message=(
                f"{name} a répondu par une erreur ({status}) à plusieurs reprises. "
                "Réessayez plus tard ; si cela persiste, contactez le support de l'éditeur."
            ),
            service=service,
            status=status,
            **context,
        )


class RateLimited(NetworkError):
    title = "Trop de requêtes"
    code = "rate_limited"

    def __init__(self, service: str = "", **context: Any) -> None:
        name = service or "Le service"
        super().__init__(
            message=(
                f"{name} limite le nombre de requêtes et demande d'attendre. "
                "La synchronisation reprendra automatiquement au prochain créneau."
            ),
            service=service,
            **context,
        )


class MalformedResponse(NetworkError):
    """A whole response could not be read (bad JSON, wrong content type, schema mismatch)."""

    title = "Réponse illisible"
    code = "malformed_response"

    def __init__(self, service: str = "", detail: str = "", **context: Any) -> None:
        name = service or "Le service"
        super().__init__(
            message=(
                f"{name} a renvoyé une réponse illisible ({detail}). Réessayez plus tard ; "
                "si cela persiste, signalez-le au support."
            ),
            service=service,
            detail=detail,
            **context,
        )


class OutcomeUnknown(NetworkError):
    """A non-idempotent call whose fate is unknown (connection lost after sending)."""

    title = "Résultat incertain"
    code = "outcome_unknown"

    def __init__(self, service: str = "", **context: Any) -> None:
        name = service or "le service"
        super().__init__(
            message=(
                f"La connexion avec {name} a été coupée pendant un envoi : l'application "
                "relira ce qui a été reçu avant de renvoyer quoi que ce soit."
            ),
            service=service,
            **context,
        )


class RequestRejected(FatalError):
    """A 4xx answer the client cannot fix by itself."""

    title = "Requête refusée"
    code = "request_rejected"
    retry_later = False

    def __init__(self, service: str = "", status: int = 0, detail: str = "", **context: Any):
        name = service or "Le service"
        super().__init__(
            message=f"{name} a refusé la demande ({status}) : {detail or 'sans précision'}.",
            service=service,
            status=status,
            detail=detail,
            **context,
        )


class AccessDenied(RequestRejected):
    title = "Accès refusé"
    code = "access_denied"


class NotFound(RequestRejected):
    title = "Introuvable"
    code = "not_found"


class AuthorizationError(FatalError):
    """Base of authorization problems (the user has to act)."""

    title = "Autorisation nécessaire"
    code = "authorization"
    retry_later = False


class AuthorizationMissing(AuthorizationError):
    title = "Autorisation absente"
    code = "authorization_missing"

    def __init__(self, service: str = "", siret: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"Aucune autorisation {service} n'est enregistrée pour le dossier {siret}. "
                f"Lancez l'étape « Autoriser {service} » de l'assistant "
                f"(ou la commande « meg-inqom auth {service.lower()} »)."
            ),
            service=service,
            siret=siret,
            **context,
        )


class AuthorizationRevoked(AuthorizationError):
    title = "Autorisation révoquée"
    code = "authorization_revoked"

    def __init__(self, service: str = "", siret: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"L'accès à {service} n'est plus autorisé pour le dossier {siret} "
                "(autorisation expirée ou révoquée). Autorisez de nouveau l'application "
                "depuis l'assistant ou la commande « meg-inqom auth »."
            ),
            service=service,
            siret=siret,
            **context,
        )


class AuthorizationDenied(AuthorizationError):
    title = "Autorisation refusée"
    code = "authorization_denied"

    def __init__(self, service: str = "", detail: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"L'autorisation de {service} a été refusée dans le navigateur"
                f"{f' ({detail})' if detail else ''}. Recommencez et cliquez sur « Autoriser »."
            ),
            service=service,
            detail=detail,
            **context,
        )


class AuthorizationTimeout(AuthorizationError):
    title = "Autorisation non reçue"
    code = "authorization_timeout"

    def __init__(self, service: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"Aucune réponse de {service} n'est arrivée à temps. Recommencez ; si le "
                "navigateur ne s'ouvre pas, copiez le lien et collez-le dans votre navigateur."
            ),
            service=service,
            **context,
        )


class AuthorizationCancelled(AuthorizationError):
    title = "Autorisation annulée"
    code = "authorization_cancelled"

    def __init__(self, service: str = "", **context: Any) -> None:
        super().__init__(message=f"L'autorisation de {service} a été annulée.", **context)
