"""Store: peewee models on SQLite, migrations, ledger queries, content store, FEC file I/O."""
