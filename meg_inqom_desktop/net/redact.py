"""Log redaction: ``Authorization`` headers, bearer tokens and OAuth secrets never reach a log.

:class:`RedactingFilter` rewrites every record's final message (and exception text) with
:func:`redact`. :func:`install_redaction` attaches it to the root handlers and to the loggers
of the HTTP library, so even a third-party debug line cannot print a token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MASK = "[masqué]"

SECRET_KEYS = (
    "access_token",
    "refresh_token",
    "id_token",
    "code",
    "code_verifier",
    "client_secret",
    "password",
    "token",
)
_KEYS = "|".join(SECRET_KEYS)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer xxx / 'Authorization': 'Basic xxx' / authorization=...
    (
        re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer|basic)?\s*[^\s'\",;}]+"),
        r"\g<1>\g<2> " + MASK,
    ),
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]{12,}=*"), "Bearer " + MASK),
    # a JWT anywhere (Inqom's access tokens, OpenID Connect id_tokens)
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), MASK),
    # JSON / dict: "access_token": "xxx" or 'code': 'xxx'
    (
        re.compile(rf"(?i)(['\"](?:{_KEYS})['\"]\s*:\s*)(['\"])(?:\\.|(?!\2).)*\2"),
        r"\g<1>\g<2>" + MASK + r"\g<2>",
    ),
    # query strings and form bodies: code=xxx&state=...
    (re.compile(rf"(?i)(?<![A-Za-z0-9_])((?:{_KEYS})=)[^&\s'\"]+"), r"\g<1>" + MASK),
)


def redact(text: str) -> str:
    """``text`` with every token, secret and authorization header value masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in the formatted message and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw message, redacted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


HTTP_LOGGERS = ("httpx2", "httpcore2", "httpx", "httpcore", "meg_inqom_desktop")


def install_redaction(
    handlers: Iterable[logging.Handler] | None = None,
    loggers: Iterable[str] = HTTP_LOGGERS,
) -> RedactingFilter:
    """Attach one filter to ``handlers`` (default: the root logger's) and to ``loggers``."""
    flt = RedactingFilter()
    for handler in handlers if handlers is not None else logging.getLogger().handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    for name in loggers:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(flt)
    return flt
