"""A sandbox already running in another process (``meg-inqom sandbox``), used over HTTP.

``--sandbox-url URL`` (both ``meg-inqom`` and ``meg-inqom-desktop``) behaves like
``--sandbox`` (demo dossiers, automatic consent, the demo Inqom login) but talks to the
sandbox at URL instead of starting one: two data folders are then two workstations sharing one
MEG and one Inqom. :class:`RemoteSandbox` is a :class:`SandboxHandle` without the in-process
state: what it knows of the demo firm comes from ``GET /_admin/state``; stopping it does not
stop the server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx

from meg_inqom_desktop.sandbox.server import SandboxError, SandboxHandle, check_loopback


class RemoteSandbox(SandboxHandle):
    """The sandbox serving at ``base_url`` (loopback only), for the demo-mode helpers."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url.strip())
        if parts.scheme != "http" or not parts.hostname or parts.port is None:
            raise SandboxError(
                message=f"adresse du bac à sable illisible : {base_url!r} "
                "(attendu : http://127.0.0.1:PORT, comme l'affiche « meg-inqom sandbox »)."
            )
        check_loopback(parts.hostname)
        # no server, thread, state, faults or link of ours: the other process owns them
        self.host, self.port = parts.hostname, parts.port
        netloc = f"[{self.host}]" if ":" in self.host else self.host
        self.base_url = f"http://{netloc}:{self.port}"
        self.meg_url = f"{self.base_url}/meg"
        self.inqom_url = f"{self.base_url}/inqom"

    def summary(self) -> dict[str, Any]:
        """The running sandbox's companies and folders (``GET /_admin/state``)."""
        try:
            answer = httpx.get(f"{self.base_url}/_admin/state", timeout=10)
            answer.raise_for_status()
        except httpx.HTTPError as exc:
            raise SandboxError(
                message=f"aucun bac à sable ne répond à {self.base_url} ({exc}) : lancez "
                "« meg-inqom sandbox » d'abord, ou vérifiez l'adresse."
            ) from exc
        data: dict[str, Any] = answer.json()
        return data

    @property
    def instance_id(self) -> str:
        """The running emulator's identity, as it announces it."""
        return str(self.summary()["instance_id"])

    def demo_dossiers(self) -> list[tuple[str, str, bool, int | None, str]]:
        summary = self.summary()
        folders = {f"{f['Siren']}{f['Nic']}": f for f in summary["inqom_folders"]}
        out = []
        for company in summary["meg_companies"]:
            folder = folders.get(company["siret"])
            out.append(
                (
                    company["siret"],
                    company["name"],
                    company["premium_licence"] and company["production_software_connection"],
                    folder["Id"] if folder else None,
                    folder["Name"] if folder else "",
                )
            )
        return out

    def set_faults(self, spec: str | None) -> None:
        httpx.put(f"{self.base_url}/_admin/faults", content=spec or "", timeout=10)

    def stop(self) -> None:
        """Nothing to stop: the sandbox belongs to another process."""
