"""Sync: schedule (slots, catch-up), engine (one dossier pull and push), run records."""
