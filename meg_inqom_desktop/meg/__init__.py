"""MEG API client (httpx2, async), OAuth, and the one mapping of MEG wire format to domain."""
