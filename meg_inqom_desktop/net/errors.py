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
        whom = f"pour le dossier {siret}" if siret else "sur ce poste"
        super().__init__(
            message=(
                f"Aucune autorisation {service} n'est enregistrée {whom}. "
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
        account = context.get("account") or ""
        whom = f"du compte {account}" if account else f"pour le dossier {siret}"
        super().__init__(
            message=(
                f"L'accès à {service} n'est plus autorisé {whom} "
                "(autorisation expirée ou révoquée). Autorisez de nouveau l'application "
                "depuis l'assistant ou la commande « meg-inqom auth »."
            ),
            service=service,
            siret=siret,
            **context,
        )


class SignInNeeded(AuthorizationError):
    """The kept access token expired (or was refused) and nothing can renew it: no refresh
    token, no remembered password. The person (or, for a service, the firm's IT) signs in."""

    title = "Connexion à renouveler"
    code = "sign_in_needed"

    def __init__(
        self, service: str = "", account: str = "", *, password_grant: bool = False, **context: Any
    ) -> None:
        if password_grant:
            todo = (
                f"Reconnectez le service sous le compte système qui l'exécute : « meg-inqom auth "
                f"{service.lower()} --password-grant --username {account} » (ajoutez "
                "« --remember » pour que ce poste garde le mot de passe dans son trousseau)."
            )
        else:
            todo = (
                f"Reconnectez-vous : bouton « Autoriser l'accès à {service} » de l'assistant, "
                f"ou commande « meg-inqom auth {service.lower()} »."
            )
        super().__init__(
            message=(
                f"La connexion {service} de {account or 'ce poste'} a expiré ou n'est plus "
                f"acceptée, et {service} n'a pas donné de quoi la renouveler sans vous. {todo}"
            ),
            service=service,
            account=account,
            **context,
        )


class WrongCredentials(AuthorizationError):
    """``invalid_grant`` on a password grant: the login or the password is wrong."""

    title = "Identifiant ou mot de passe refusé"
    code = "invalid_grant"

    def __init__(self, service: str = "", username: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"{service} a refusé l'identifiant ou le mot de passe de {username or 'ce compte'}"
                ". Vérifiez-les ; seule la personne titulaire du compte peut les corriger ou "
                f"réinitialiser le mot de passe dans {service}. Rien n'a été enregistré."
            ),
            service=service,
            **context,
        )


class ClientRejected(AuthorizationError):
    """``invalid_client`` (or a grant the client may not use): the installation's API client
    identifier or secret is wrong. Only the firm's IT or the service's support can fix it."""

    title = "Application non reconnue"
    code = "invalid_client"

    def __init__(self, service: str = "", client_id: str = "", **context: Any) -> None:
        super().__init__(
            message=(
                f"{service} ne reconnaît pas l'application configurée sur ce poste (identifiant "
                f"client « {client_id} » ou son secret). Vous ne pouvez pas le corriger "
                "vous-même : transmettez ce message au service informatique du cabinet, qui "
                "vérifiera l'identifiant et le secret (Paramètres › Application Inqom, "
                "variables MEG_INQOM_INQOM_CLIENT_ID et MEG_INQOM_INQOM_CLIENT_SECRET, ou "
                f"fichier de déploiement) ou en demandera de nouveaux au support {service}. "
                "Rien n'a été enregistré."
            ),
            service=service,
            client_id=client_id,
            **context,
        )


class NotTheService(NetworkError):
    """A web page (HTML) came back instead of the service's JSON: a proxy, a firewall or a
    captive portal answered in its place."""

    title = "Réponse d'un intermédiaire"
    code = "not_the_service"
    retry_later = False

    def __init__(self, service: str = "", status: int = 0, host: str = "", **context: Any):
        name = service or "le service"
        super().__init__(
            message=(
                f"Au lieu de la réponse de {name}, une page web est arrivée (HTTP {status}) : "
                "un proxy, un pare-feu ou un portail du réseau répond probablement à sa place. "
                f"Demandez au service informatique d'autoriser l'accès à {host or name} (ou "
                "vérifiez le proxy dans Paramètres), puis recommencez. Rien n'a été enregistré."
            ),
            service=service,
            status=status,
            host=host,
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
