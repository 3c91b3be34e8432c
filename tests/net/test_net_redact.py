"""Redaction of tokens and authorization headers in logs."""

from __future__ import annotations

import logging

import pytest

from meg_inqom_desktop.net.redact import MASK, RedactingFilter, install_redaction, redact

SECRET = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.sig-_nature"


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {SECRET}",
        f"headers={{'Authorization': 'Bearer {SECRET}'}}",
        f"authorization={SECRET}",
        f'{{"access_token": "{SECRET}", "expires_in": 3600}}',
        f"{{'refresh_token': '{SECRET}'}}",
        f"grant_type=refresh_token&refresh_token={SECRET}&client_id=x",
        f"GET /callback?code={SECRET}&state=abc",
        f"code_verifier={SECRET}",
        f"bearer {SECRET}",
    ],
)
def test_secrets_are_masked(text: str) -> None:
    out = redact(text)
    assert SECRET not in out
    assert MASK in out


def test_harmless_text_is_kept() -> None:
    text = "GET /v1/dossiers/12/entries postal_code=75001 token_type=Bearer status=200"
    assert redact(text) == text


def test_filter_masks_args_and_exceptions(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("meg_inqom_desktop.test_redact")
    flt = RedactingFilter()
    logger.addFilter(flt)
    try:
        with caplog.at_level(logging.INFO, logger=logger.name):
            logger.info("token %s", {"access_token": SECRET})
            try:
                raise ValueError(f"Authorization: Bearer {SECRET}")
            except ValueError:
                logger.exception("failed")
    finally:
        logger.removeFilter(flt)
    text = caplog.text
    assert SECRET not in text
    assert MASK in text


def test_install_redaction_covers_http_library_loggers() -> None:
    handler = logging.NullHandler()
    flt = install_redaction([handler])
    assert flt in handler.filters
    assert any(isinstance(f, RedactingFilter) for f in logging.getLogger("httpx2").filters)


def test_a_jwt_is_masked_wherever_it_appears() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEwMDEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
    assert redact(f"answer: {jwt} (cached)") == f"answer: {MASK} (cached)"
    assert redact("eyJ alone is not a token") == "eyJ alone is not a token"
