"""The one place that decides what the user sees for an error (after Maestral's error handling).

:func:`present` maps an exception to a :class:`Presentation`: a French title and message, how
loud to be (status line, notification, dialog) and whether the operation can be retried.
Unknown exceptions are bugs: they get the unexpected-error dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from meg_inqom_desktop.errors import FatalError, MegInqomError, RecoverableError


class Reaction(StrEnum):
    STATUS = "status"  # a line in the window; nothing stopped
    NOTIFY = "notify"  # a tray notification and the error icon
    DIALOG = "dialog"  # a message box: the user must act
    BUG = "bug"  # the unexpected-error dialog (with the log)


@dataclass(frozen=True)
class Presentation:
    title: str
    message: str
    reaction: Reaction
    retry: bool


def present(exc: BaseException) -> Presentation:
    """What to show for ``exc``."""
    if isinstance(exc, RecoverableError):
        return Presentation(exc.title, exc.message, Reaction.STATUS, retry=True)
    if isinstance(exc, FatalError):
        return Presentation(exc.title, exc.message, Reaction.DIALOG, retry=False)
    if isinstance(exc, MegInqomError):
        return Presentation(exc.title, exc.message, Reaction.NOTIFY, retry=True)
    if isinstance(exc, OSError):
        return Presentation(
            "Erreur système",
            f"{exc.strerror or exc}. Vérifiez le dossier de données et l'espace disque.",
            Reaction.DIALOG,
            retry=True,
        )
    return Presentation(
        "Erreur inattendue",
        f"{type(exc).__name__}: {exc}. Le journal de l'application contient le détail.",
        Reaction.BUG,
        retry=False,
    )
