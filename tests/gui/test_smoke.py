"""`main.py --smoke-test`, the self-check the bundle build runs, passes on a source checkout
and fails loudly when something it needs is missing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _smoke(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRM_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke-test", *extra],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)


def test_the_smoke_test_opens_every_page_and_passes(tmp_path):
    shot = tmp_path / "window.png"
    result = _smoke(tmp_path, "--smoke-shot", str(shot))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "ok   translations: 今日工作" in lines
    assert any(line.startswith("ok   main window: 7 pages") for line in lines)
    assert lines[-1] == "smoke test passed"
    assert shot.stat().st_size > 10_000


def test_the_smoke_test_fails_on_a_database_it_cannot_open(tmp_path):
    (tmp_path / "not-a-db.sqlite3").write_bytes(b"this is not a database" * 100)
    result = _smoke(tmp_path, "--db", f"sqlite:///{tmp_path / 'not-a-db.sqlite3'}")
    assert result.returncode == 1
    assert "FAIL database" in result.stdout and result.stdout.splitlines()[-1].startswith(
        "smoke test FAILED")
