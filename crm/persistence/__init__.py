"""Engines, units of work, migrations: how the program talks to SQLite and PostgreSQL."""
