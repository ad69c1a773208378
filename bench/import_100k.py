"""Import benchmark: (a) bare calamine read, (b) our CLI import into a fresh SQLite database,
(b') the same import again (all unchanged), (c) pandas read_excel(calamine) + to_sql.

Usage: python bench/import_100k.py [ROWS]   (default 100000). Each measurement runs in its own
process. The generated file is cached in the temp directory. The last line is one JSON object.
Targets (issue 3): b/a <= 2.5, b < c, peak memory of (b) < 400 MB, b' <= b.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADERS = ["客户名称", "证件号码", "手机号码", "地址", "所属区域", "职业", "客户经理", "借据号",
           "贷款品种", "贷款金额", "贷款余额", "放款日期", "到期日期", "逾期天数", "逾期金额",
           "五级分类"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国建华志强文博子涵雨欣浩然"
DISTRICTS = ["西湖区", "上城区", "拱墅区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区"]
PRODUCTS = ["个人经营贷款", "个人消费贷款", "个人住房贷款", "农户小额贷款"]
TIERS = ["正常"] * 20 + ["关注"] * 3 + ["次级", "可疑", "损失"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    from openpyxl import Workbook

    from crm.domain.identity import make_id_number

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("贷款清单")
    ws.append(HEADERS)
    customers = max(1, rows * 2 // 3)
    people = []
    for i in range(customers):
        birth = date(1960, 1, 1) + timedelta(days=i % 15000)  # unique (birth, sequence)
        people.append((rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                       make_id_number("330106", birth, i // 15000 % 1000),
                       f"13{rnd.randrange(10)}{rnd.randrange(10**8):08d}",
                       f"杭州市{rnd.choice(DISTRICTS)}文三路{rnd.randrange(1, 999)}号"))
    for r in range(rows):
        name, number, phone, address = people[r * customers // rows]
        principal = rnd.randrange(10_000, 2_000_000, 100)
        days = rnd.choice([0] * 8 + [rnd.randrange(1, 400)])
        start = date(2018, 1, 1) + timedelta(days=rnd.randrange(2000))
        ws.append([name, number, phone, address, address[3:6], "个体工商户", "",
                   f"JJ{r:010d}", rnd.choice(PRODUCTS), principal,
                   round(principal * rnd.random(), 2), start, start + timedelta(days=365 * 3),
                   days, round(principal * 0.01 * (days > 0), 2),
                   "正常" if days == 0 else rnd.choice(TIERS)])
    wb.save(path)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return seconds, out.stdout


# A child that reports its own peak resident memory (kB on Linux) on its last stderr line.
PEAK = ("import resource, runpy, sys, atexit;"
        "atexit.register(lambda: print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF)"
        ".ru_maxrss, file=sys.stderr));"
        "sys.argv = ['crm'] + sys.argv[1:]; runpy.run_module('crm', run_name='__main__')")

READ = ("import sys, python_calamine as c;"
        "wb = c.CalamineWorkbook.from_path(sys.argv[1]);"
        "n = sum(1 for _ in wb.get_sheet_by_name(wb.sheet_names[0]).iter_rows()); print(n)")

PANDAS = ("import sys, sqlite3, pandas as pd;"
          "df = pd.read_excel(sys.argv[1], engine='calamine');"
          "con = sqlite3.connect(sys.argv[2]); df.to_sql('loans', con, index=False);"
          "con.commit(); print(len(df))")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    cache = Path(tempfile.gettempdir()) / "crm-bench"
    cache.mkdir(exist_ok=True)
    xlsx = cache / f"import_{rows}.xlsx"
    if not xlsx.exists():
        print(f"generating {xlsx} ...", file=sys.stderr)
        generate(xlsx.with_suffix(".tmp.xlsx"), rows)
        xlsx.with_suffix(".tmp.xlsx").replace(xlsx)
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="crm-bench-"))
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    subprocess.run([py, "-m", "crm", "--db", url, "db", "upgrade"], cwd=ROOT, check=True,
                   capture_output=True)
    read_s, _ = timed([py, "-c", READ, str(xlsx)])
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    started = time.perf_counter()
    out = subprocess.run([py, "-c", PEAK, "--db", url, "import", str(xlsx), "--json"], cwd=ROOT,
                         capture_output=True, text=True, env=env)
    import_s = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(out.stdout + out.stderr)
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    peak_kb = int(out.stderr.strip().splitlines()[-1].split()[1])
    reimport_s, again = timed([py, "-m", "crm", "--db", url, "import", str(xlsx), "--json"], env)
    recounts = json.loads(again.strip().splitlines()[-1])
    pandas_s, _ = timed([py, "-c", PANDAS, str(xlsx), str(work / "pandas.sqlite3")])
    result = {
        "bench": "import_100k", "rows": rows,
        "read_s": round(read_s, 2), "import_s": round(import_s, 2),
        "reimport_s": round(reimport_s, 2), "pandas_s": round(pandas_s, 2),
        "ratio_vs_read": round(import_s / read_s, 2),
        "ratio_vs_pandas": round(import_s / pandas_s, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "rows_per_s": round(rows / import_s),
        "inserted": counts["rows_inserted"], "reimport_unchanged": recounts["unchanged"],
    }
    print(f"read {read_s:.1f}s, import {import_s:.1f}s ({rows / import_s:,.0f} rows/s), "
          f"re-import {reimport_s:.1f}s, pandas {pandas_s:.1f}s, peak {peak_kb / 1024:.0f} MB",
          file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
