"""Real separate processes for the concurrency and resilience tests.

`python -m tests.integration.procs KIND ARGS...` runs one worker and prints one JSON line;
the helpers start workers, wait for their signal files and collect their results, every wait
bounded so a stuck worker fails the test instead of hanging it.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HEAD = ["客户名称", "证件号码", "手机号码", "地址", "借据号", "贷款余额", "逾期天数", "逾期金额",
        "五级分类"]


# --- the parent's side -------------------------------------------------------------------------

def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    full = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full.pop("CRM_DB_URL", None)
    return subprocess.Popen([sys.executable, "-m", "tests.integration.procs", *args], cwd=ROOT,
                            env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def result(proc: subprocess.Popen[str], timeout: float = 60) -> dict[str, Any]:
    """The worker's JSON line; a worker still running after timeout is killed and fails."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        raise AssertionError(f"worker still running after {timeout} s: {err[-2000:]}") from None
    lines = [line for line in out.strip().splitlines() if line.startswith("{")]
    assert lines, f"worker printed no result (exit {proc.returncode}): {err[-3000:]}"
    got = json.loads(lines[-1])
    got["stderr"] = err
    got["returncode"] = proc.returncode
    return got


def wait_for(path: Path, *procs: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        for p in procs:
            if p.poll() is not None:
                out, err = p.communicate()
                raise AssertionError(f"worker ended before {path.name}: {out[-1000:]} {err[-3000:]}")
        if time.monotonic() > deadline:
            for p in procs:
                p.kill()
            raise AssertionError(f"no {path.name} after {timeout} s")
        time.sleep(0.05)


def kill9(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def id_number(i: int) -> str:
    from crm.domain.identity import make_id_number

    return make_id_number("330106", date(1960, 1, 1) + timedelta(days=i % 15000), i // 15000 % 1000)


def loan_file(path: Path, first: int, last: int) -> Path:
    """Rows first..last-1: loan L{i} of customer i // 2 (two loans each), real IDs and phones."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("贷款清单")
    ws.append(HEAD)
    for i in range(first, last):
        k = i // 2
        ws.append([f"客户{k}", id_number(k), f"139{k:08d}", f"杭州市西湖区文三路{k}号", f"L{i:06d}",
                   1000 + i, i % 7, (i % 7) * 10, "正常" if i % 7 == 0 else "关注"])
    wb.save(path)
    return path


# --- the workers -------------------------------------------------------------------------------

def _wait_file(path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise SystemExit(f"no {path} after {timeout} s")
        time.sleep(0.02)


def _touch(path: str) -> None:
    Path(path).write_text("1")


def _outcome(fn: Any) -> dict[str, Any]:
    from crm.domain.errors import UserError

    try:
        return {"result": "ok", **(fn() or {})}
    except UserError as exc:
        return {"result": type(exc).__name__, "message": exc.message}


def edit(url: str, customer_id: str, name: str, ready: str, go: str, mode: str) -> dict[str, Any]:
    """Open the customer, say so, wait for the go, then save a new name through the service.

    mode "same": open and save in one transaction (both pass the version check in Python, the
    database decides); "apart": open in one unit of work, save in the next, like the UI."""
    from crm.domain.actors import Actor
    from crm.persistence.engine import connect
    from crm.services.customers import CustomerEdit, get_customer, update_customer

    db, actor, cid = connect(url), Actor.cli(), int(customer_id)

    def run() -> dict[str, Any]:
        if mode == "apart":
            with db.uow(actor) as uow:
                version = get_customer(uow, actor, cid).version
            _touch(ready)
            _wait_file(go)
            with db.uow(actor) as uow:
                view = update_customer(uow, actor, cid, version, CustomerEdit(name=name))
                uow.commit()
        else:
            with db.uow(actor) as uow:
                version = get_customer(uow, actor, cid).version
                _touch(ready)
                _wait_file(go)
                view = update_customer(uow, actor, cid, version, CustomerEdit(name=name))
                uow.commit()
        return {"read_version": version, "saved_version": view.version}

    try:
        return _outcome(run)
    finally:
        db.dispose()


def do_import(url: str, path: str, lock_wait: str = "300", hold: str = "", hold_s: str = "0",
              ) -> dict[str, Any]:
    """Import a file; with hold, stop once writing has begun (lock held), touch hold, then
    sleep hold_s seconds, or wait until the file hold_s exists."""
    from crm.domain.actors import Actor
    from crm.importing import engine, fields, reader
    from crm.persistence.engine import connect

    db = connect(url)
    held = {"done": False}

    def progress(done: int, total: int, label: str) -> None:
        if hold and not held["done"] and label.startswith("正在写入"):
            held["done"] = True
            _touch(hold)
            if hold_s.replace(".", "").isdigit():
                time.sleep(float(hold_s))
            else:  # hold until the parent releases (bounded): robust on a loaded machine
                _wait_file(hold_s, timeout=90)

    def run() -> dict[str, Any]:
        src = reader.open_source(path)
        rep = engine.run_import(db, Actor.cli(), src, fields.detect_mapping(src.headers),
                                progress=progress, lock_wait=float(lock_wait))
        return {"counts": rep.counts}

    try:
        return _outcome(run)
    finally:
        db.dispose()


def read_and_write(url: str, start: str) -> dict[str, Any]:
    """While another process writes: read (counts, a search) and try one small write."""
    from sqlalchemy import func, select

    from crm.domain.actors import Actor
    from crm.models import Branch, Customer
    from crm.persistence.engine import connect
    from crm.queries.customer_search import plan_search

    _wait_file(start)
    db = connect(url)
    out: dict[str, Any] = {}
    try:
        with db.sessions() as s:
            out["customers"] = s.scalar(select(func.count()).select_from(Customer))
            out["planned"] = plan_search("客户1") is not None
            out["found"] = len(s.scalars(select(Customer.id).where(
                Customer.name.like("客户1%")).limit(50)).all())

        def write() -> None:
            with db.uow(Actor.cli()) as uow:
                uow.session.add(Branch(code="9901", name="测试支行"))
                uow.commit()
        out["write"] = _outcome(write)
        return out
    finally:
        db.dispose()


WORKERS = {"edit": edit, "import": do_import, "read_and_write": read_and_write}

if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    print(json.dumps(WORKERS[kind](*rest), ensure_ascii=False, default=str), flush=True)
