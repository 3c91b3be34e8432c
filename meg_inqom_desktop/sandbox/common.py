"""JSON responses shared by both emulators (Decimal rendered as a JSON number)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from starlette.responses import Response


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # two-decimal amounts: the shortest repr is exact ("123.45")
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)
    return Response(
        body.encode("utf-8"), status_code=status, headers=headers, media_type="application/json"
    )


def iso_z(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``."""
    return value.isoformat().replace("+00:00", "Z")
