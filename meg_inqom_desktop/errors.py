"""One error root for the whole app.

Every error the accountant may see is a :class:`MegInqomError` with a short French ``title``
and a ``message`` that says what happened and what to do. Library errors (httpx, peewee,
keyring) are converted at the boundary of the layer that calls them, in one place each.

``RecoverableError`` concerns one item (an entry, a document, a FEC line): it is set aside
and the rest goes on. ``FatalError`` stops the current operation (authorization revoked,
database unusable).
"""

from __future__ import annotations

from typing import Any


class MegInqomError(Exception):
    """Root of every error of the app; ``title`` and ``message`` are shown to the user."""

    title: str = "Erreur"
    code: str = "error"

    def __init__(self, title: str | None = None, message: str = "", **context: Any) -> None:
        self.title = title or type(self).title
        self.message = message
        self.context = context
        super().__init__(f"{self.title}: {message}" if message else self.title)


class RecoverableError(MegInqomError):
    """An error about one item: the item is set aside, the operation goes on."""

    code = "recoverable"


class FatalError(MegInqomError):
    """An error that stops the operation in progress."""

    code = "fatal"


class InvalidInput(RecoverableError):
    """Bad input from a file, a form or a remote payload (set aside with its reason)."""

    title = "Donnée invalide"
    code = "invalid_input"


class InvalidSiret(InvalidInput):
    title = "SIRET invalide"
    code = "invalid_siret"


class InvalidEntry(InvalidInput):
    """An entry refused by validation; ``problems`` lists every reason."""

    title = "Écriture refusée"
    code = "invalid_entry"


class DocumentRefused(RecoverableError):
    """A pièce set aside: too large, not of an accepted type, or not the content announced.

    Raised by the MEG client (download checks) and the content store (size cap, sha256), so one
    ``except`` and one reason code cover both.
    """

    title = "Pièce refusée"
    code = "document_refused"

    def __init__(
        self, document: str = "", reason: str = "", *, message: str = "", **context: Any
    ) -> None:
        super().__init__(
            message=message or f"La pièce {document} est mise de côté : {reason}",
            document=document,
            reason=reason,
            **context,
        )


class DatabaseError(FatalError):
    title = "Base de données inutilisable"
    code = "database"


class DataFolderLocked(FatalError):
    title = "Dossier de données déjà utilisé"
    code = "data_folder_locked"


class CredentialStoreUnavailable(FatalError):
    title = "Trousseau du système indisponible"
    code = "keyring_unavailable"


class DataFolderUnusable(FatalError):
    """The data (or log) folder cannot be used: a file in its place, read-only, disk full."""

    title = "Dossier de données inutilisable"
    code = "data_folder_unusable"


class OutputUnwritable(FatalError):
    """A command's output cannot be written (``> file`` on a full disk): the data folder is
    not at fault."""

    title = "Sortie impossible"
    code = "output_unwritable"


class ExportFailed(FatalError):
    """An exported file could not be written (its folder full, read-only, not a folder): the
    data folder is not at fault, and no half-written file is left."""

    title = "Export impossible"
    code = "export_failed"
