"""Inqom-specific errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from meg_inqom_desktop.errors import RecoverableError


@dataclass(frozen=True)
class InqomErrorItem:
    """One fault named by Inqom in a refused batch (sandbox shape ``InqomError.Errors``)."""

    code: str
    message: str
    entry_index: int | None = None
    line_index: int | None = None
    external_id: str | None = None


class BatchRejected(RecoverableError):
    """Inqom refused a batch of entries (all or none: nothing was created)."""

    title = "Écritures refusées par Inqom"
    code = "inqom_batch_rejected"

    def __init__(
        self, message: str = "", errors: list[InqomErrorItem] | None = None, **context: Any
    ):
        self.errors = errors or []
        detail = "; ".join(f"{e.external_id or '?'} : {e.message}" for e in self.errors[:5])
        super().__init__(
            message=(
                f"Inqom a refusé l'envoi ({message or 'sans précision'})"
                f"{' — ' + detail if detail else ''}. Aucune de ces écritures n'a été créée."
            ),
            **context,
        )

    def faulty_external_ids(self) -> set[str]:
        """Entry ExternalIds named by Inqom (line ids ``<id>-<n>`` count for their entry)."""
        return {e.external_id for e in self.errors if e.external_id}
