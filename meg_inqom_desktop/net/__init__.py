"""Shared network layer below ``meg/`` and ``inqom/``: HTTP client construction, retries,
error conversion, log redaction, OAuth 2 (PKCE, loopback redirect) and the credential store.

Both remote clients need exactly the same plumbing; keeping it here means one retry policy,
one place converting httpx errors, and one place that handles tokens.
"""
