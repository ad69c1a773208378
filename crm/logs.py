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


def scrub_line(text: str) -> str:
    from crm.domain.masking import scrub     # stdnum/phonenumbers: not at start-up

    return scrub(text)


class ScrubFilter(logging.Filter):
    """Masks ID numbers and mobiles in the message, the traceback and the stack of a record
    (SQL parameters in a database error's text included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub_line(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_line(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_line(record.stack_info)
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
