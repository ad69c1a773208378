"""Customer search on the demo database: each search kind through the list's query, against a
plain full-scan reference.

    python bench/search_1m.py [SIZE] [--backend sqlite|postgresql] [--runs N] [--rebuild]

SIZE demo customers (default 1,000,000) are generated once with crm.services.demo.seed_demo
and cached under $TMPDIR/crm-bench/ (a SQLite file, or a PostgreSQL data directory that is
started on a free loopback port for the run and stopped after it).

Each search is what the customer list runs when the user stops typing: the first page
(200 rows) of customer_keyset_page, as the branch supervisor (whole branch in scope), sorted
by overdue amount, largest first. Kinds, 200 samples each (--runs), drawn from the data:
- name: a Chinese name fragment, in turn the full name, the given name alone (the 1-2
  characters after the surname, so in the middle or at the end) and surname + 1 character;
- pinyin: the pinyin initials of a name (zs);
- phone4: the last 4 digits of a phone;
- id: a full ID number (every other one typed with a lowercase x, when it has one);
- loan: a full loan number;
- filter: manager + bucket M2 + no contact in 30 days, by overdue amount, first page.
Each kind is first run WARM times on other samples (not timed), as in a session in use.
The reference runs the same searches as a plain LIKE '%x%' over the table with indexes
turned off (SQLite: NOT INDEXED; PostgreSQL: enable_indexscan/bitmapscan off), for --scan-runs
samples (default 20; a scan is slow). Last line: one JSON object,
{"bench": "search_1m", "customers", "backend", "p95_ms": {...}, "scan_p95_ms": {...}, ...}.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402

from crm.domain.enums import Bucket  # noqa: E402
from crm.models import Customer, Loan, User  # noqa: E402
from crm.persistence.engine import Database, connect  # noqa: E402
from crm.persistence.migrate import known_revisions, upgrade  # noqa: E402
from crm.queries.customers import CustomerFilter, customer_keyset_page  # noqa: E402
from crm.services.auth import actor_for  # noqa: E402

KINDS = ("name", "pinyin", "phone4", "id", "loan", "filter")
TODAY = date(2026, 1, 15)     # the demo data's "today": the no-contact filter is relative to it
PAGE = 200
WARM = 20                     # searches per kind run first, untimed, with their own samples
CACHE = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "crm-bench"


# --- the database ------------------------------------------------------------------------------

def _seed(db: Database, size: int) -> None:
    from crm.services.demo import seed_demo

    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int, label: str) -> None:
        now = time.perf_counter()
        if now - last[0] > 30:
            last[0] = now
            print(f"  {label} {done:,}/{total:,}  {now - started:.0f} s", flush=True)

    print(f"seeding {size:,} demo customers (cached for next time)…", flush=True)
    seed_demo(db, size, today=TODAY, progress=progress)
    print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)


def _ready(marker: Path) -> bool:
    return marker.exists() and marker.read_text() == known_revisions()[1]


def _seeded(marker: Path) -> bool:
    """Seeded at some earlier schema revision: a migration upgrades it in place."""
    return marker.exists() and marker.read_text().strip() != ""


@contextmanager
def _cache_lock(name: str) -> Iterator[None]:
    """One process at a time prepares a cached database (two benchmarks may start together)."""
    import fcntl

    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def sqlite_database(size: int, rebuild: bool) -> Iterator[Database]:
    path = CACHE / f"search-{size}.sqlite3"
    marker = path.with_suffix(".ready")
    with _cache_lock(path.name):
        if not rebuild and not _ready(marker) and _seeded(marker) and path.exists():
            print("upgrading the cached demo database to the current schema…", flush=True)
            db = connect(f"sqlite:///{path}")
            upgrade(db)
            db.dispose()
            marker.write_text(known_revisions()[1])
        if rebuild or not _ready(marker):
            for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                p.unlink(missing_ok=True)
            db = connect(f"sqlite:///{path}")
            upgrade(db)
            _seed(db, size)      # as `demo-data` leaves it (seed_demo rebuilds the name index)
            db.dispose()
            marker.write_text(known_revisions()[1])
    db = connect(f"sqlite:///{path}")
    try:
        yield db
    finally:
        db.dispose()


class _Server:
    """A PostgreSQL 15 cluster whose data directory stays in the cache between runs."""

    def __init__(self, data: Path) -> None:
        from tests.pgcluster import _bin, _free_port

        self.initdb, self.pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.root, self.port = data, _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *cmd: str) -> None:
        if self.as_root:
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(self.initdb), "-D", str(self.root / "data"), "-U", "postgres", "-A",
                  "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")

    def start(self) -> str:
        self._run(str(self.pg_ctl), "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                  "-w", "-t", "120", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                  "-c shared_buffers=512MB -c work_mem=16MB -c maintenance_work_mem=512MB "
                  "-c max_wal_size=4GB -c fsync=off -c synchronous_commit=off "
                  "-c full_page_writes=off", "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run(str(self.pg_ctl), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")


@contextmanager
def postgresql_database(size: int, rebuild: bool) -> Iterator[Database]:
    server = _Server(CACHE / f"search-{size}-pg")
    marker = server.root / "ready"
    fresh = rebuild or not (_ready(marker) or _seeded(marker))
    if fresh:
        server.init()
    url = server.start()
    try:
        if fresh:
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text("CREATE DATABASE crm"))
            admin.dispose()
        db = connect(url.rsplit("/", 1)[0] + "/crm")
        if not fresh and not _ready(marker):
            print("upgrading the cached demo database to the current schema…", flush=True)
            upgrade(db)
            marker.write_text(known_revisions()[1])
        if fresh:
            upgrade(db)
            _seed(db, size)
            # what autovacuum does shortly after a bulk load (statistics, visibility map)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
            marker.write_text(known_revisions()[1])
        try:
            yield db
        finally:
            db.dispose()
    finally:
        server.stop()


# --- samples -------------------------------------------------------------------------------------

def _name_fragment(name: str, surname_len: int, i: int) -> str:
    given = name[surname_len:] or name
    return (name, given, name[:surname_len + 1])[i % 3]


def samples(db: Database, runs: int) -> tuple[dict[str, list[Any]], Any]:
    rng = random.Random(7)
    with db.sessions() as s:
        top = s.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1)) or 0
        picks = [rng.randint(1, top) for _ in range(runs * 2)]
        people = s.execute(select(Customer.name, Customer.name_initials, Customer.phone_last4,
                                  Customer.id_number).where(Customer.id.in_(picks))).all()[:runs]
        loans = s.scalars(select(Loan.loan_no).where(Loan.customer_id.in_(picks))).all()[:runs]
        managers = s.scalars(select(User.id).where(User.role == "manager")).all()
        boss = actor_for(s.scalar(select(User).where(User.username == "zhuguan")))
    compound = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"}
    out: dict[str, list[Any]] = {k: [] for k in KINDS}
    for i, p in enumerate(people):
        out["name"].append(_name_fragment(p.name, 2 if p.name[:2] in compound else 1, i))
        out["pinyin"].append(p.name_initials)
        out["phone4"].append(p.phone_last4)
        out["id"].append(p.id_number.lower() if i % 2 else p.id_number)
    out["loan"] = list(loans)
    out["filter"] = [managers[i % len(managers)] for i in range(runs)]
    return out, boss


# --- timing --------------------------------------------------------------------------------------

def _flt(kind: str, value: Any) -> CustomerFilter:
    if kind == "filter":
        return CustomerFilter(owner_id=value, bucket=Bucket.M2, no_contact_days=30)
    return CustomerFilter(text=value)


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    n = fn()
    return (time.perf_counter() - started) * 1000, n


def indexed_times(db: Database, boss: Any, kind: str,
                  values: list[Any]) -> tuple[list[float], list[int]]:
    times, hits = [], []
    with db.sessions() as s:
        for v in values:
            ms, n = _timed(lambda v=v: len(customer_keyset_page(
                s, boss, _flt(kind, v), "overdue_amount", True, None, PAGE, today=TODAY)[0]))
            times.append(ms)
            hits.append(n)
    return times, hits


SCAN_ORDER = " ORDER BY c.overdue_amount DESC, c.id DESC LIMIT 200"


def _scan_sql(kind: str, sqlite: bool) -> str:
    table = "customers c NOT INDEXED" if sqlite else "customers c"
    loans = "loans l NOT INDEXED" if sqlite else "loans l"
    where = {
        "name": "c.name LIKE :p",
        "pinyin": "(c.name_initials LIKE :p OR c.name_pinyin LIKE :p)",
        "phone4": "c.phone LIKE :p",
        "id": "upper(c.id_number) LIKE upper(:p)",
        "loan": f"c.id IN (SELECT l.customer_id FROM {loans} WHERE l.loan_no LIKE :p)",
        "filter": "c.owner_id = :owner AND c.max_overdue_days BETWEEN 31 AND 60 AND "
                  "(c.last_contact_at IS NULL OR c.last_contact_at < :cutoff)",
    }[kind]
    return f"SELECT c.id FROM {table} WHERE {where}{SCAN_ORDER}"


def scan_times(db: Database, kind: str, values: list[Any]) -> list[float]:
    from crm.queries.customers import _start_of_local_day
    from datetime import timedelta

    sqlite = db.backend == "sqlite"
    sql = text(_scan_sql(kind, sqlite))
    cutoff = _start_of_local_day(TODAY - timedelta(days=29))
    times = []
    with db.engine.connect() as conn:
        if not sqlite:
            for knob in ("indexscan", "bitmapscan", "indexonlyscan"):
                conn.exec_driver_sql(f"SET enable_{knob} = off")
        for v in values:
            params: dict[str, Any] = {"p": f"%{v}%"}
            if kind == "filter":
                params = {"owner": v, "cutoff": cutoff.replace(tzinfo=None) if sqlite else cutoff}
            ms, _n = _timed(lambda p=params: len(conn.execute(sql, p).all()))
            times.append(ms)
        conn.rollback()
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("size", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--scan-runs", type=int, default=20)
    ap.add_argument("--rebuild", action="store_true", help="build the cached database again")
    args = ap.parse_args(argv[1:])
    CACHE.mkdir(parents=True, exist_ok=True)
    opener = sqlite_database if args.backend == "sqlite" else postgresql_database
    result: dict[str, Any] = {"bench": "search_1m", "customers": args.size,
                              "backend": args.backend, "p95_ms": {}, "scan_p95_ms": {},
                              "median_ms": {}, "scan_median_ms": {}, "runs": args.runs,
                              "scan_runs": args.scan_runs}
    with opener(args.size, args.rebuild) as db:
        values, boss = samples(db, args.runs + WARM)
        for kind in KINDS:
            indexed_times(db, boss, kind, values[kind][args.runs:])      # warm-up, not timed
            times, hits = indexed_times(db, boss, kind, values[kind][:args.runs])
            scans = scan_times(db, kind, values[kind][:args.scan_runs])
            result["p95_ms"][kind] = round(p95(times), 2)
            result["median_ms"][kind] = round(statistics.median(times), 2)
            result["scan_p95_ms"][kind] = round(p95(scans), 1)
            result["scan_median_ms"][kind] = round(statistics.median(scans), 1)
            print(f"{kind:7} median {statistics.median(times):7.2f} ms  p95 {p95(times):7.2f} ms"
                  f"  | scan median {statistics.median(scans):8.1f} ms  p95 {p95(scans):8.1f} ms"
                  f"  | rows on first page: median {statistics.median(hits):.0f}", flush=True)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
