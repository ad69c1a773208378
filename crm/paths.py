"""Where the program's files are: source checkout, or a PyInstaller bundle."""
from __future__ import annotations

import sys
from pathlib import Path

FROZEN = hasattr(sys, "_MEIPASS")
ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES = ROOT / "resources"
MIGRATIONS = ROOT / "db" / "migrations"


def _default_db_file() -> Path:
    """A checkout keeps its database in db/; a bundle may sit in a read-only program folder,
    so it keeps the database in the user's data folder, next to the logs."""
    if not FROZEN:
        return ROOT / "db" / "crm.sqlite3"
    from crm.logs import data_dir

    return data_dir() / "crm.sqlite3"


DEFAULT_DB_FILE = _default_db_file()
