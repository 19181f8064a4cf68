"""Encrypted persistence: the SQLCipher database, its key slots, migrations and change capture."""
