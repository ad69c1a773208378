"""A SIZE-row customer export from the demo database, against a bare openpyxl dump.

    python bench/export_100k.py [SIZE]      (default 100,000)

"export" is what 文件 → 导出… and `python -m crm export customers` do: read the customers in
scope from SQLite, mask them, and write the styled workbook (title row, frozen filtered header,
¥ and date formats, widths, 说明 sheet) through crm.reports.excel, audited. The floor is a bare
openpyxl write-only dump of the same values, fetched once into memory beforehand, with no
styles at all: what "just write these rows" costs with the library the customer named. Each
side runs three times, alternating; medians are reported. The demo database is cached in
$TMPDIR/crm-bench (as bench/startup.py does); seeding 100,000 customers takes about 10 s.
Last line: {"bench": "export_100k", "rows", "seconds", "floor_s", "ratio"}
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REPEATS = 3


def floor_dump(path: Path, headers: list[str], rows: list[list[object]]) -> float:
    from openpyxl import Workbook

    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("客户清单")
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return time.perf_counter() - start


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from startup import database   # the same cached demo database as bench/startup.py

    from crm.domain.actors import Actor
    from crm.persistence.engine import connect
    from crm.reports import exports

    cache = Path(tempfile.gettempdir()) / "crm-bench"
    cache.mkdir(exist_ok=True)
    db = connect(database(cache / f"startup-{size}.sqlite3", size))
    actor = Actor.cli()
    with db.sessions() as session:   # the same values the export writes, masked, in memory
        source = exports._customers(session, actor, exports._Masker(False),
                                    exports.ExportRequest("customers"))
        headers = [c.header for c in source.columns]
        values = [row for page in source.pages for row in page]
    out, bare = cache / "export_bench.xlsx", cache / "export_bench_floor.xlsx"
    seconds, floors, rows = [], [], 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        rows = exports.export_customers(db, actor, out).rows
        seconds.append(time.perf_counter() - start)
        floors.append(floor_dump(bare, headers, values))
        print(f"export {seconds[-1]:.2f} s   bare openpyxl dump {floors[-1]:.2f} s", flush=True)
    assert rows == len(values) == size, (rows, len(values), size)
    out.unlink(missing_ok=True)
    bare.unlink(missing_ok=True)
    db.dispose()
    s, f = statistics.median(seconds), statistics.median(floors)
    print(f"{rows:,} customers exported in {s:.2f} s; bare openpyxl write-only dump of the "
          f"same values {f:.2f} s; ratio {s / f:.2f}")
    print(json.dumps({"bench": "export_100k", "rows": rows, "seconds": round(s, 2),
                      "floor_s": round(f, 2), "ratio": round(s / f, 2)}))


if __name__ == "__main__":
    main()
