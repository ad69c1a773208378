"""A briefing pack of SIZE customers from the demo database, as one PDF.

    python bench/briefing_1000.py [SIZE]      (default 1,000)

The pack is what 生成走访资料包 makes for hand-picked customers: a cover listing them, one
briefing sheet each, and the summary table, read from the database in batches and laid out
with reportlab's platypus, the font embedded as a subset. Each run is a fresh process, so
peak RSS is the pack's own; the pack is made twice, for 200 customers and for SIZE, to show
that memory does not grow with the pack size.

The floor is a bare reportlab canvas drawing the same strings (the pack's text, page by
page, as pdftotext reads it back) with the same font into one PDF, in the same run.
Wall and CPU seconds are both reported: on a machine shared with other jobs the CPU ratio
is the steadier figure.
Last line: {"bench": "briefing_1000", "pages", "seconds", "floor_s", "ratio", "cpu_s",
"floor_cpu_s", "cpu_ratio", "peak_rss_mb", "peak_rss_200_mb", "pages_per_s", "rl_accel"}
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PACK = r"""
import json, resource, sys, time
from sqlalchemy import select
from crm.domain.actors import Actor
from crm.models import Customer
from crm.persistence.engine import connect
from crm.reports.pack import BriefingRequest, make_briefing
url, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
db = connect(url)
with db.sessions() as s:
    ids = tuple(s.scalars(select(Customer.id).order_by(Customer.id).limit(size)))
def cpu():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime
start, cpu0 = time.perf_counter(), cpu()
result = make_briefing(db, Actor.cli(), BriefingRequest(customer_ids=ids), out)
seconds = time.perf_counter() - start
print(json.dumps({"pages": result.pages, "customers": result.customers, "seconds": seconds,
                  "cpu": cpu() - cpu0,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

FLOOR = r"""
import json, resource, sys, time
from reportlab.pdfgen.canvas import Canvas
from crm.reports.pdf import FONT, register_font
from reportlab import rl_config
rl_config.useA85 = 0
def cpu():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
start, cpu0 = time.perf_counter(), cpu()
register_font()
c = Canvas(sys.argv[2], initialFontName=FONT)
for page in pages:
    if not page.strip():
        continue
    y = 800
    c.setFont(FONT, 9)
    for line in page.splitlines():
        if line.strip():
            c.drawString(40, y, line.strip())
            y -= 9
    c.showPage()
c.save()
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": cpu() - cpu0}))
"""


def run(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                         text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(out.stdout + out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    cache = Path(tempfile.gettempdir()) / "crm-bench"
    cache.mkdir(exist_ok=True)
    from startup import database   # the same cached demo database as bench/startup.py

    url = database(cache / f"briefing-{max(size, 200)}.sqlite3", max(size, 200))
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    small = run(PACK, url, "200", str(work / "pack200.pdf"))
    pack = run(PACK, url, str(size), str(work / "pack.pdf"))
    text = work / "pack.txt"
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(work / "pack.pdf"), str(text)],
                   check=True)
    floor = run(FLOOR, str(text), str(work / "floor.pdf"))
    try:
        import _rl_accel  # noqa: F401 - the C module of the rl_accel package
        accel = True
    except ImportError:
        accel = False
    result = {
        "bench": "briefing_1000", "customers": pack["customers"], "pages": pack["pages"],
        "seconds": round(pack["seconds"], 2), "floor_s": round(floor["seconds"], 2),
        "ratio": round(pack["seconds"] / floor["seconds"], 2),
        # CPU time is steadier than wall time on a machine shared with other work
        "cpu_s": round(pack["cpu"], 2), "floor_cpu_s": round(floor["cpu"], 2),
        "cpu_ratio": round(pack["cpu"] / floor["cpu"], 2),
        "peak_rss_mb": round(pack["peak_kb"] / 1024, 1),
        "peak_rss_200_mb": round(small["peak_kb"] / 1024, 1),
        "pages_per_s": round(pack["pages"] / pack["seconds"], 1), "rl_accel": accel,
    }
    print(f"{pack['customers']} customers, {pack['pages']} pages in {pack['seconds']:.1f} s "
          f"({result['pages_per_s']} pages/s); bare canvas floor {floor['seconds']:.1f} s; "
          f"peak RSS {result['peak_rss_mb']} MB (200 customers: {result['peak_rss_200_mb']} MB)",
          file=sys.stderr)
    for f in work.iterdir():
        f.unlink()
    work.rmdir()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
