"""Inqom "Fred" API v1 client (httpx2, async), OAuth, and the wire <-> domain mapping."""
