"""Plumbing of the Inqom emulator's routes: errors, bearer check, rate limit, parameters."""

from __future__ import annotations

from collections import deque
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from meg_inqom_desktop.sandbox.common import json_response
from meg_inqom_desktop.sandbox.oauth import bearer_token
from meg_inqom_desktop.sandbox.state import InqomFolder, SandboxState


class Fail(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        body: dict[str, Any] = {"Message": message}
        if errors:
            body["Errors"] = errors
        self.response = json_response(body, status, headers)


def handler(func: Any) -> Any:
    async def run(request: Request) -> Response:
        try:
            result: Response = await func(request)
        except Fail as fail:
            return fail.response
        except ClientDisconnect:  # the client went away mid-request: nothing to answer
            return Response(status_code=499)
        return result

    return run


def state_of(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def api_state(request: Request) -> SandboxState:
    """Token check (401/403), then the rate limit (429)."""
    state = state_of(request)
    token = bearer_token(request, "inqom")
    if token is None:
        raise Fail(
            401,
            "Authorization has been denied for this request.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if "apidata" not in token.scope.split():
        raise Fail(403, "Scope apidata requis.")
    limit = state.config.inqom_rate_limit
    if limit:
        now = state.monotonic()
        with state.lock:
            window = state.rate_windows.setdefault((token.client_id, token.user), deque())
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= limit:
                retry = max(1, int(1.0 - (now - window[0]) + 0.999))
                raise Fail(429, "Too many requests.", headers={"Retry-After": str(retry)})
            window.append(now)
    return state


def folder_of(request: Request, state: SandboxState) -> InqomFolder:
    try:
        folder = state.inqom.folders.get(int(request.path_params["dossierId"]))
    except ValueError:
        folder = None
    token = bearer_token(request, "inqom")
    reach = state.inqom.folders_of(token.user if token is not None else "")
    if folder is None or (reach is not None and folder.Id not in reach):
        raise Fail(404, "Dossier introuvable ou hors de vos droits.")
    return folder


def date_param(request: Request, name: str, required: bool = True) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        if required:
            raise Fail(400, f"Le paramètre {name} est requis.")
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise Fail(400, f"{name} : date AAAA-MM-JJ attendue.") from exc


def required_date(request: Request, name: str) -> date:
    value = date_param(request, name)
    assert value is not None  # _date_param raises when a required one is missing
    return value


def datetime_param(request: Request, name: str, required: bool) -> datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        if required:
            raise Fail(400, f"Le paramètre {name} est requis.")
        return None
    try:
        value = datetime.fromisoformat(raw.replace(" ", "+"))
    except ValueError as exc:
        raise Fail(400, f"{name} : date-heure ISO 8601 attendue.") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def page_param(request: Request) -> int:
    try:
        page = int(request.query_params.get("pageNumber", "1"))
    except ValueError:
        page = 0
    if page < 1:
        raise Fail(400, "pageNumber commence à 1.")
    return page
