"""Load test: 10 simulated clients (separate processes) on a loopback PostgreSQL server.

    python bench/load_test.py [SECONDS]      (default 300)

A throwaway cluster (tests/pgcluster.py) gets the demo branch with CUSTOMERS customers
(env LOAD_CUSTOMERS, default 3000). Nine clients sign in as the demo managers (jingli01..06,
so some share a manager and meet each other's optimistic locks) and loop, each through the
same services the app uses: search the customer list (text: a surname, a phone's last 4, a
name initial), open a customer (基本信息, loans, contact timeline), record a contact, plan a
visit with a second manager (two-person rule). The tenth client imports two overlapping
files of 1,000 loan rows again and again (the import lock serialises it against nothing
else: it is the only importer). Every client stops at the deadline or after MAX_OPS
operations; the parent kills any client still running 120 s after the deadline.

Lost writes: each client counts the contacts and visits it saved (commit returned), tagged
with its number; afterwards those counts must equal the rows in the database, and the
imported loans must be there exactly once. Refusals (the compliance guard, a visit clash, an
optimistic-lock conflict) are counted separately; they are answers, not lost writes.

Last line: {"bench": "load_test", "clients", "seconds", "customers",
"ops": {name: {"count", "per_s", "p95_ms", "refused"}}, "lost_writes"}
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLIENTS = 10
MAX_OPS = 200_000
IMPORT_ROWS = 1000
HEAD = ["客户名称", "证件号码", "手机号码", "地址", "借据号", "贷款余额", "逾期天数", "逾期金额",
        "五级分类"]


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def import_file(path: Path, first: int, last: int) -> Path:
    from openpyxl import Workbook

    from crm.domain.identity import make_id_number

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("贷款清单")
    ws.append(HEAD)
    for i in range(first, last):
        k = i // 2
        ws.append([f"导入客户{k}", make_id_number("330108", date(1970, 1, 1) + timedelta(days=k), 7),
                   f"137{k:08d}", f"杭州市余杭区良渚路{k}号", f"LT{i:07d}", 1000 + i, i % 9,
                   (i % 9) * 10, "正常" if i % 9 == 0 else "关注"])
    wb.save(path)
    return path


def worker(client: int, url: str, username: str, start_at: float, seconds: float,
           files: list[str], out: Any) -> None:
    from sqlalchemy import select

    from crm.domain.actors import Actor
    from crm.domain.enums import ContactChannel, ContactOutcome, VisitPurpose
    from crm.domain.errors import UserError
    from crm.models import Customer, User
    from crm.persistence.engine import connect
    from crm.queries.customer360 import customer_loans
    from crm.queries.customers import CustomerFilter, customer_page
    from crm.services.auth import actor_for
    from crm.services.contacts import ContactDraft, add_contact, contact_timeline
    from crm.services.customers import get_customer
    from crm.services.visits import VisitDraft, plan_visit

    rnd = random.Random(client)
    db = connect(url)
    lat: dict[str, list[float]] = {}
    refused: dict[str, int] = {}
    saved = {"contacts": 0, "visits": 0, "imported_loans": set()}

    def timed(name: str, fn: Any) -> Any:
        t = time.perf_counter()
        try:
            value = fn()
        except UserError:
            refused[name] = refused.get(name, 0) + 1
            value = None
        lat.setdefault(name, []).append((time.perf_counter() - t) * 1000)
        return value

    def wait_for_start() -> float:
        # time.time() crosses processes; the deadline is this process's monotonic clock
        time.sleep(max(0.0, start_at - time.time()))
        return time.monotonic() + seconds

    try:
        if username == "import":
            from crm.importing import engine, fields, reader

            actor = Actor.cli()
            deadline = wait_for_start()
            n = 0
            while time.monotonic() < deadline and n < MAX_OPS:
                path = files[n % 2]

                def run() -> Any:
                    src = reader.open_source(path)
                    return engine.run_import(db, actor, src, fields.detect_mapping(src.headers),
                                             lock_wait=60)
                rep = timed("import", run)
                if rep is not None:
                    saved["imported_loans"] |= {n % 2}
                n += 1
        else:
            with db.sessions() as s:
                me = s.scalar(select(User).where(User.username == username))
                actor = actor_for(me)
                others = [u.id for u in s.scalars(select(User).where(
                    User.branch_id == me.branch_id, User.id != me.id,
                    User.username.like("jingli%")))]
                mine = list(s.scalars(select(Customer.id).where(Customer.owner_id == me.id)))
                names = [n for (n,) in s.execute(select(Customer.name).where(
                    Customer.owner_id == me.id).limit(200))]
                last4 = [p for (p,) in s.execute(select(Customer.phone_last4).where(
                    Customer.owner_id == me.id).limit(200)) if p]
            today = date.today()
            deadline = wait_for_start()
            n = 0
            while time.monotonic() < deadline and n < MAX_OPS:
                n += 1
                kind = rnd.random()
                cid = rnd.choice(mine)
                if kind < 0.35:
                    text = rnd.choice([rnd.choice(names)[:1], rnd.choice(names), rnd.choice(last4)])

                    def search() -> Any:
                        with db.sessions() as s:
                            return customer_page(s, actor, CustomerFilter(text=text), limit=50)
                    timed("search", search)
                elif kind < 0.65:
                    def open_customer() -> Any:
                        with db.uow(actor) as uow:
                            get_customer(uow, actor, cid)
                            customer_loans(uow.session, actor, cid)
                            return contact_timeline(uow, actor, cid, limit=50)
                    timed("open", open_customer)
                elif kind < 0.9:
                    def contact() -> Any:
                        with db.uow(actor) as uow:
                            add_contact(uow, actor, ContactDraft(
                                customer_id=cid, channel=ContactChannel.PHONE,
                                outcome=rnd.choice([ContactOutcome.CONNECTED,
                                                    ContactOutcome.NO_ANSWER]),
                                summary=f"load-{client}", quiet_hours_reason="压力测试"))
                            uow.commit()
                        saved["contacts"] += 1
                        return True
                    timed("record_contact", contact)
                else:
                    def visit() -> Any:
                        with db.uow(actor) as uow:
                            plan_visit(uow, actor, VisitDraft(
                                customer_id=cid, planned_on=today + timedelta(days=rnd.randrange(1, 90)),
                                purpose=VisitPurpose.UNDERSTAND,
                                staff_ids=(actor.user_id, rnd.choice(others)),
                                notes=f"load-{client}"))
                            uow.commit()
                        saved["visits"] += 1
                        return True
                    timed("plan_visit", visit)
        out.put({"client": client, "lat": lat, "refused": refused,
                 "contacts": saved["contacts"], "visits": saved["visits"],
                 "imported": sorted(saved["imported_loans"])})
    except BaseException as exc:  # noqa: BLE001 - report, the parent decides
        import traceback

        out.put({"client": client, "error": "".join(traceback.format_exception(exc))[-3000:]})
    finally:
        db.dispose()


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 300.0
    customers = int(os.environ.get("LOAD_CUSTOMERS", "3000"))
    from sqlalchemy import func, select

    from crm.models import ContactRecord, Loan, VisitPlan
    from crm.persistence.engine import connect
    from crm.persistence.migrate import upgrade
    from crm.services.demo import seed_demo
    from tests.pgcluster import Cluster

    cluster = Cluster()
    try:
        db = connect(cluster.url)
        upgrade(db)
        t = time.perf_counter()
        seed_demo(db, customers)
        print(f"demo data: {customers} customers in {time.perf_counter() - t:.1f} s", flush=True)
        folder = Path(cluster.dir)
        files = [str(import_file(folder / "imp_a.xlsx", 0, IMPORT_ROWS)),
                 str(import_file(folder / "imp_b.xlsx", IMPORT_ROWS // 2,
                                 IMPORT_ROWS // 2 + IMPORT_ROWS))]
        ctx = mp.get_context("spawn")
        out = ctx.Queue()
        users = [f"jingli{(i % 6) + 1:02d}" for i in range(CLIENTS - 1)] + ["import"]
        # the clients start together, once their interpreters are up
        start_at = time.time() + 15
        procs = []
        for i, user in enumerate(users):
            p = ctx.Process(target=worker, args=(i, cluster.url, user, start_at, seconds, files, out))
            p.start()
            procs.append(p)
        results = []
        hard_stop = time.monotonic() + 15 + seconds + 120
        while len(results) < len(procs) and time.monotonic() < hard_stop:
            try:
                results.append(out.get(timeout=5))
            except Exception:  # noqa: BLE001 - queue.Empty: keep waiting until the hard stop
                if not any(p.is_alive() for p in procs) and out.empty():
                    break
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
        errors = [r["error"] for r in results if "error" in r]
        for e in errors:
            print(e, file=sys.stderr)
        good = [r for r in results if "error" not in r]
        lat: dict[str, list[float]] = {}
        refused: dict[str, int] = {}
        for r in good:
            for k, v in r["lat"].items():
                lat.setdefault(k, []).extend(v)
            for k, v in r["refused"].items():
                refused[k] = refused.get(k, 0) + v
        with db.sessions() as s:
            contacts = {c: s.scalar(select(func.count()).select_from(ContactRecord).where(
                ContactRecord.summary == f"load-{c}")) for c in range(CLIENTS)}
            visits = {c: s.scalar(select(func.count()).select_from(VisitPlan).where(
                VisitPlan.notes == f"load-{c}")) for c in range(CLIENTS)}
            loans = s.scalar(select(func.count(func.distinct(Loan.loan_no))).where(
                Loan.loan_no.like("LT%")))
            loan_rows = s.scalar(select(func.count()).select_from(Loan).where(
                Loan.loan_no.like("LT%")))
        lost = 0
        for r in good:
            c = r["client"]
            lost += abs(contacts[c] - r["contacts"]) + abs(visits[c] - r["visits"])
            if r["imported"]:
                expected = IMPORT_ROWS if r["imported"] == [0] or r["imported"] == [1] \
                    else IMPORT_ROWS + IMPORT_ROWS // 2
                lost += abs(loans - expected) + abs(loan_rows - loans)
        ops = {}
        for name in ("search", "open", "record_contact", "plan_visit", "import"):
            v = lat.get(name, [])
            ops[name] = {"count": len(v), "per_s": round(len(v) / seconds, 2),
                         "p95_ms": round(p95(v), 1), "refused": refused.get(name, 0)}
        print(f"clients finished: {len(good)}/{CLIENTS}, errors: {len(errors)}; contacts saved "
              f"{sum(r['contacts'] for r in good)} = rows {sum(contacts.values())}; visits saved "
              f"{sum(r['visits'] for r in good)} = rows {sum(visits.values())}; imported loans "
              f"{loans}", flush=True)
        db.dispose()
        print(json.dumps({"bench": "load_test", "clients": CLIENTS, "seconds": seconds,
                          "customers": customers, "ops": ops,
                          "lost_writes": lost if len(good) == CLIENTS else -1,
                          "client_errors": len(errors)}, ensure_ascii=False))
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
