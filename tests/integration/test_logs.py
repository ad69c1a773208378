"""No personal data in the log files: after an import through the command line (with SQL
logging switched on and a database error's traceback logged) and after a GUI run, the log
folder holds no unmasked ID number or mobile number."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.integration import procs

ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?:(?<![0-9])|(?<=86))1[3-9][0-9]{9}(?![0-9])")

CHILD = r"""
import logging, sys
from crm import logs
path = logs.setup()
logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)   # what IT switches on to debug
from crm.cli import main
from crm.persistence.engine import connect
from crm.domain.actors import Actor
from sqlalchemy import text
code = main(["--db", sys.argv[1], "import", sys.argv[2]])
db = connect(sys.argv[1])
number, phone = sys.argv[3], sys.argv[4]
try:
    with db.engine.begin() as conn:  # a duplicate ID number: its text carries the parameters
        conn.execute(text("INSERT INTO customers (id_number, name, phone) VALUES (:n, 'x', :p)"),
                     {"n": number, "p": phone})
except Exception:
    logging.getLogger("crm.test").exception("saving customer %s (%s) failed", number, phone)
logging.getLogger("crm.test").warning("called %s and +86 %s", phone, phone[3:])
logging.getLogger("crm.test").error("crash details: %s", "ValueError: bad id " + number)
db.dispose()
print(path)
raise SystemExit(code)
"""


def unmasked(folder: Path) -> list[str]:
    found = []
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            body = f.read_text(encoding="utf-8", errors="replace")
            found += [f"{f.name}: {m}" for m in ID.findall(body) + MOBILE.findall(body)]
    return found


def test_import_sql_logging_and_tracebacks_leave_no_personal_data_in_the_logs(sqlite_url,
                                                                               tmp_path):
    data = tmp_path / "data"
    file = procs.loan_file(tmp_path / "a.xlsx", 0, 60)
    number, phone = procs.id_number(3), "13900000003"
    out = subprocess.run([sys.executable, "-c", CHILD, sqlite_url, str(file), number,
                          "+86" + phone], cwd=procs.ROOT, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "CRM_DATA_DIR": str(data),
                                           "PYTHONIOENCODING": "utf-8"})
    assert out.returncode == 0, out.stderr[-3000:]
    logs = data / "logs"
    body = (logs / "crm.log").read_text(encoding="utf-8")
    # the log did record the import's SQL, the failure and its traceback ...
    assert "INSERT INTO customers" in body and "Traceback" in body and "UNIQUE" in body
    assert number[:6] + "********" + number[-4:] in body and "139****0003" in body
    # ... and nothing in the folder is an unmasked ID number or mobile
    assert unmasked(logs) == []


def test_a_gui_run_leaves_no_personal_data_in_the_logs(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "CRM_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONIOENCODING": "utf-8", "HOME": str(tmp_path)}  # own QSettings
    env.pop("CRM_DB_URL", None)
    out = subprocess.run([sys.executable, "main.py", "--smoke-test"], cwd=procs.ROOT, env=env,
                         capture_output=True, text=True, timeout=240)
    # whether every page passed is tests/gui/test_smoke.py's business; here: it ran signed in
    assert "sign-in" in out.stdout, (out.stdout[-2000:], out.stderr[-2000:])
    logs = data / "logs"
    assert (logs / "crm.log").exists()
    assert unmasked(logs) == []


def test_the_command_line_logs_to_the_same_masked_file(sqlite_url, tmp_path):
    data = tmp_path / "data"
    bad = tmp_path / "13812345678.xlsx"        # a file named after a mobile, and not Excel
    bad.write_text("not a workbook", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "crm", "--db", sqlite_url, "import", str(bad)],
                         cwd=procs.ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "CRM_DATA_DIR": str(data),
                              "PYTHONIOENCODING": "utf-8"})
    assert out.returncode != 0 and "错误" in out.stderr
    body = (data / "logs" / "crm.log").read_text(encoding="utf-8")
    assert "command import" in body and "refused" in body
    assert unmasked(data / "logs") == []
