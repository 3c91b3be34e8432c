"""Pure units of the network layer: PKCE, backoff schedule, Retry-After, token bucket."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import random
import re
from urllib.parse import parse_qs, urlsplit

from meg_inqom_desktop.net.http import RetryPolicy, RetryStats, parse_retry_after
from meg_inqom_desktop.net.oauth import (
    OAuthConfig,
    TokenResponse,
    authorization_url,
    make_pkce,
    pkce_challenge,
)
from meg_inqom_desktop.net.ratelimit import TokenBucket


def test_pkce_rfc7636_appendix_b_vector() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_make_pkce_is_fresh_and_well_formed() -> None:
    a, b = make_pkce(), make_pkce()
    assert a.verifier != b.verifier
    assert 43 <= len(a.verifier) <= 128
    assert re.fullmatch(r"[A-Za-z0-9\-._~]+", a.verifier)
    digest = hashlib.sha256(a.verifier.encode()).digest()
    assert a.challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert a.method == "S256"


def test_authorization_url_carries_pkce_state_and_redirect() -> None:
    config = OAuthConfig(
        service="meg",
        display_name="MEG",
        authorize_url="http://127.0.0.1:1/oauth/authorize",
        token_url="http://127.0.0.1:1/oauth/token",
        revoke_url=None,
        scopes=("entries", "documents"),
    )
    pkce = make_pkce()
    url = authorization_url(
        config, redirect_uri="http://127.0.0.1:5000/callback", state="st", pkce=pkce
    )
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert q == {
        "response_type": "code",
        "client_id": "meg-inqom-desktop",
        "redirect_uri": "http://127.0.0.1:5000/callback",
        "state": "st",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
        "scope": "entries documents",
    }
    assert pkce.verifier not in url


def test_token_response_repr_hides_tokens() -> None:
    tokens = TokenResponse(access_token="AAA", token_type="Bearer", refresh_token="RRR")
    assert "AAA" not in repr(tokens) and "RRR" not in str(tokens)


def test_exponential_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(base=0.5, factor=2, max_delay=3, jitter=0)
    assert [policy.base_delay(n) for n in range(1, 6)] == [0.5, 1, 2, 3, 3]


def test_jitter_stays_within_bounds_and_varies() -> None:
    policy = RetryPolicy(base=1, factor=2, jitter=0.2)
    rng = random.Random(7)
    waits = [policy.delay(2, rng=rng) for _ in range(200)]
    assert all(2.0 <= w <= 2.4 for w in waits)
    assert len({round(w, 6) for w in waits}) > 100


def test_inqom_schedule_is_the_documented_one() -> None:
    policy = RetryPolicy.inqom()
    assert policy.max_attempts == 5
    assert [policy.base_delay(n) for n in range(1, 5)] == [0.5, 1.0, 2.0, 4.0]
    rng = random.Random(1)
    for n, base in enumerate((0.5, 1.0, 2.0, 4.0), start=1):
        assert base <= policy.delay(n, rng=rng) <= base * 1.1


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(base=0.1, jitter=0, max_retry_after=10)
    assert policy.delay(1, retry_after=3) == 3
    assert policy.delay(1, retry_after=3600) == 10
    assert policy.delay(1, retry_after=0) == 0.1


def test_parse_retry_after_seconds_and_http_date() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = 1_700_000_000.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:25 GMT", now=now) == 5.0


def test_retry_stats_snapshot() -> None:
    stats = RetryStats()
    stats.record_retry("GET /feed", "503")
    stats.record_retry("GET /feed", "429")
    stats.record_retry("GET /documents", "ReadError")
    snap = stats.snapshot()
    assert snap["retries"] == {"GET /feed": 2, "GET /documents": 1}
    assert snap["reasons"]["GET /feed: 429"] == 1
    assert stats.total_retries == 3


def test_token_bucket_limits_rate_without_real_time() -> None:
    now = [0.0]
    slept: list[float] = []

    async def fake_sleep(delay: float) -> None:
        slept.append(delay)
        now[0] += delay

    async def run() -> None:
        bucket = TokenBucket(15, clock=lambda: now[0], sleep=fake_sleep)
        for _ in range(45):
            await bucket.acquire()

    asyncio.run(run())
    # 15 immediately (full bucket), the 30 others at 15/s: two seconds of waiting.
    assert abs(sum(slept) - 2.0) < 1e-9
    assert abs(now[0] - 2.0) < 1e-9
