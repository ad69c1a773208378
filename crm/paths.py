"""Where the program's files are: source checkout, or a PyInstaller bundle."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES = ROOT / "resources"
MIGRATIONS = ROOT / "db" / "migrations"
DEFAULT_DB_FILE = ROOT / "db" / "crm.sqlite3"
