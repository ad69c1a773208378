"""Rotating log files in the user's data folder, with ID numbers and phones masked."""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path



def data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return Path(os.environ.get("CRM_DATA_DIR", base / "PostLoanCRM"))


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from crm.domain.masking import scrub     # stdnum/phonenumbers: not at start-up

        record.msg = scrub(record.getMessage())
        record.args = None
        return True


def setup(level: int = logging.INFO) -> Path:
    """Log to DATA/logs/crm.log (5 files of 2 MB). Returns the log file's path."""
    folder = data_dir() / "logs"
    path = folder / "crm.log"
    root = logging.getLogger()
    if any(getattr(h, "crm_log", False) for h in root.handlers):
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.crm_log = True  # type: ignore[attr-defined]
    handler.addFilter(ScrubFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
