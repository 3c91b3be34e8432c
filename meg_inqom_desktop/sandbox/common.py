"""JSON responses shared by both emulators (Decimal rendered as a JSON number)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from starlette.responses import Response

from meg_inqom_desktop.domain.json_exact import dumps_exact


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = dumps_exact(data, default=_default)  # Decimal amounts as exact JSON numbers
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def iso_z(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``."""
    return value.isoformat().replace("+00:00", "Z")
