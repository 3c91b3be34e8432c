"""Store tests (a package so helpers import as ``tests/store`` siblings)."""
