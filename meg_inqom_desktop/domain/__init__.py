"""Pure domain code: entries, money, SIRET, validation, FEC format, provenance. No I/O here."""
