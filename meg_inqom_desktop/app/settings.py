"""User settings, kept as JSON in the data folder (``settings.json``).

Sync slots, notifications (off / errors / all), proxy, language, autostart, the paused flag, and
the Inqom environment and API client id set in Paramètres. No secrets here (tokens and the API
client secret live in the OS keyring). Reading never fails: a missing or damaged file
gives the defaults (a damaged one is kept aside as ``settings.json.bad``); writing is atomic.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import time
from pathlib import Path
from typing import Any

from meg_inqom_desktop.sync.schedule import DEFAULT_SLOTS, format_slot, parse_slots

log = logging.getLogger(__name__)

NOTIFICATIONS = ("off", "errors", "all")
LANGUAGES = ("fr", "en")
INQOM_ENVIRONMENTS = ("production", "staging")  # net.endpoints.INQOM_HOSTS (kept light here)


@dataclass(frozen=True)
class Settings:
    """The app's settings; ``slots`` as ``"HH:MM"`` strings in Europe/Paris."""

    slots: tuple[str, ...] = field(default_factory=lambda: tuple(map(format_slot, DEFAULT_SLOTS)))
    notifications: str = "all"
    proxy: str = ""  # empty: the system's proxy settings
    language: str = "fr"
    autostart: bool = False
    paused: bool = False
    firm_database: str = ""  # PostgreSQL URL of the firm's shared ledger, never a password
    inqom_environment: str = "production"  # or "staging" (Inqom's test platform)
    inqom_client_id: str = ""  # empty: the deployment's, else the app's own

    def slot_times(self) -> tuple[time, ...]:
        return parse_slots(self.slots)

    def validated(self) -> Settings:
        """A copy with every field checked; raises ``ValueError`` with a French message."""
        slots = tuple(format_slot(s) for s in parse_slots(self.slots))
        if self.notifications not in NOTIFICATIONS:
            raise ValueError(f"Notifications : valeur inconnue « {self.notifications} ».")
        if self.language not in LANGUAGES:
            raise ValueError(f"Langue inconnue : « {self.language} ».")
        proxy = self.proxy.strip()
        if proxy and "://" not in proxy:
            raise ValueError(f"Proxy invalide : « {proxy} » (ex. http://proxy:3128).")
        if self.inqom_environment not in INQOM_ENVIRONMENTS:
            raise ValueError(f"Environnement Inqom inconnu : « {self.inqom_environment} ».")
        client_id = self.inqom_client_id.strip()
        if any(ch.isspace() for ch in client_id) or len(client_id) > 200:
            raise ValueError(f"Identifiant client Inqom invalide : « {client_id} ».")
        firm_database = ""
        if self.firm_database.strip():
            from meg_inqom_desktop.app.firm import settings_url
            from meg_inqom_desktop.errors import DatabaseError

            try:
                firm_database = settings_url(self.firm_database)
            except DatabaseError as exc:
                raise ValueError(f"{exc.title} : {exc.message}") from exc
        return replace(
            self,
            slots=slots,
            proxy=proxy,
            inqom_client_id=client_id,
            firm_database=firm_database,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["slots"] = list(self.slots)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        """Known keys only; a bad value falls back to its default (logged)."""
        default = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name == "slots":
                value = tuple(value) if isinstance(value, list) else value
            candidate = replace(default, **{f.name: value})
            try:
                candidate.validated()
                if f.name in ("autostart", "paused") and not isinstance(value, bool):
                    raise ValueError("not a boolean")
            except (ValueError, TypeError) as exc:
                log.warning("settings: ignoring %s (%s)", f.name, exc)
                continue
            values[f.name] = value
        return replace(default, **values).validated()


def load_settings(path: Path) -> Settings:
    """The settings stored at ``path``, or the defaults."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # missing, or its folder unusable (said elsewhere)
        return Settings()
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        log.warning("settings: %s is damaged, using defaults", path)
        try:
            os.replace(path, path.with_name(path.name + ".bad"))
        except OSError:
            pass
        return Settings()
    return Settings.from_json(data)


def save_settings(path: Path, settings: Settings) -> Settings:
    """Write ``settings`` atomically (temporary file then rename); returns the checked copy."""
    import tempfile  # only when saving: reading the settings spares it

    checked = settings.validated()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(checked.to_json(), ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return checked
