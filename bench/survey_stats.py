"""满意度分析 on a big database: the full analysis against one bare GROUP BY over the answers.

    python bench/survey_stats.py [RESPONSES]      (default 1,000,000; 10 answers each)

The database is migrated as the app does it, holds 5 branches, 50 managers, the shipped
default template (10 questions: 6 Likert, 2 single choice, NPS, free text) and 20,000
customers with 1–3 loans of distinct products (about 27,000 loans), then RESPONSES
responses over 24 months with their 10 answers are written with sqlite3 executemany (indexes
dropped during the load and rebuilt after; the stored per-response figures computed as
record_response computes them). Cached in $TMPDIR/crm-bench between runs.

"seconds": survey_analysis for the last 12 months against the 12 before (every dimension's
distribution, mean and CSAT, NPS with counts, the monthly trend, the per-manager, branch,
segment, channel and template tables, period-over-period changes), median of 5 warm runs.
"product_s": the by-product table (product_breakdown, asked for on demand, not part of the
page's first load), median of 3.
"floor_s": the faster of two bare passes over the answers (median of 5 each):
SELECT question_id, score, COUNT(*) ... WHERE score IS NOT NULL GROUP BY question_id, score
(SQLite sorts: no index has that order) and the same GROUP BY month, question_id, score (an
ordered walk of the partial index ix_survey_answers_month); both are printed. Last line: {"bench": "survey_stats", "responses", "seconds", "floor_s",
"ratio", "product_s", ...}
"""
from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ANSWER_INDEXES = ("ix_survey_answers_month", "ix_survey_answers_response_id",
                  "ix_survey_answers_question_id")
RESPONSE_INDEXES = ("ix_survey_responses_rollup", "ix_survey_responses_collected_at",
                    "ix_survey_responses_customer_id")
SEGMENTS = ("优质维护", "重点关注", "一般维护", "风险预警", "催收处置", None)
CHANNELS = ("paper", "phone", "visit", "branch", "email")
PRODUCTS = ("个人经营贷", "个人消费贷", "农户小额贷", "个人住房贷", "个人信用贷", "创业担保贷")
CUSTOMERS = 20000
TEXTS = ("希望缩短网点排队时间", "客户经理很耐心，谢谢", "希望手机银行能查询贷款明细", "无",
         "还款提醒短信可以早几天发", "希望增加随借随还的产品", "服务很好，没有意见")


def setup(url: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, int]]]:
    """Schema, branches, managers, the default template; its questions and the managers."""
    from sqlalchemy import select

    from crm.domain.actors import Actor
    from crm.domain.enums import Role
    from crm.models import Branch, SurveyQuestion, User
    from crm.persistence.engine import connect
    from crm.persistence.migrate import upgrade
    from crm.services.surveys import ensure_default_template

    db = connect(url)
    upgrade(db)
    with db.uow(Actor.cli()) as uow:
        s = uow.session
        branches = [Branch(code=f"09{i:02d}", name=f"测试{i}支行") for i in range(5)]
        s.add_all(branches)
        s.flush()
        s.add_all(User(username=f"bench{i:02d}", display_name=f"经理{i:02d}", role=Role.MANAGER,
                       branch_id=branches[i % 5].id, password_hash="x") for i in range(50))
        t = ensure_default_template(uow)
        uow.commit()
        questions = [(q.id, q.kind.value, q.dimension.value) for q in
                     s.scalars(select(SurveyQuestion).where(SurveyQuestion.template_id == t.id)
                               .order_by(SurveyQuestion.seq))]
        managers = [(u.id, u.branch_id) for u in s.scalars(
            select(User).where(User.username.like("bench%")).order_by(User.id))]
        template_id = t.id
    db.dispose()
    return [(template_id, "", "")] + questions, managers  # type: ignore[list-item]


def build(path: Path, n: int) -> None:
    from crm.domain.surveys import month_key

    spec, managers = setup(f"sqlite:///{path}")
    template_id, questions = spec[0][0], spec[1:]
    rnd = random.Random(8)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    add_customers(con)
    for name in ANSWER_INDEXES + RESPONSE_INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {name}")
    start = datetime(2024, 12, 1, tzinfo=timezone.utc)
    span = (datetime(2026, 11, 30, tzinfo=timezone.utc) - start).total_seconds()
    responses, answers = [], []

    def flush() -> None:
        con.executemany(
            "INSERT INTO survey_responses (id, template_id, customer_id, channel, collected_at, "
            "month, manager_id, branch_id, segment, nps, likert_sum, likert_n, likert_top, low, "
            "positive) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", responses)
        con.executemany("INSERT INTO survey_answers (response_id, question_id, score, choice, "
                        "text, month) VALUES (?,?,?,?,?,?)", answers)
        responses.clear()
        answers.clear()

    for rid in range(1, n + 1):
        at = start + timedelta(seconds=rnd.random() * span)
        month = month_key(at)
        manager, branch = managers[rid % len(managers)]
        mood = rnd.random()
        likert = []
        nps = None
        for qid, kind, _dim in questions:
            if kind == "likert5":
                score = min(5, max(1, round(3.9 + mood - rnd.random() * 1.8)))
                likert.append(score)
                answers.append((rid, qid, score, None, None, month))
            elif kind == "scale10":
                nps = min(10, max(0, round(7 + 4 * mood - rnd.random() * 4)))
                answers.append((rid, qid, nps, None, None, month))
            elif kind == "choice":
                answers.append((rid, qid, None, "暂无需求", None, month))
            else:
                answers.append((rid, qid, None, None, TEXTS[rid % len(TEXTS)], month))
        top = sum(1 for s in likert if s >= 4)
        low = min(likert) <= 2 or nps is not None and nps <= 6
        positive = top == len(likert) and (nps is None or nps >= 9)
        responses.append((rid, template_id, 1 + rid % CUSTOMERS, CHANNELS[rid % 5],
                          at.strftime("%Y-%m-%d %H:%M:%S.%f"), month, manager, branch,
                          SEGMENTS[rid % 6], nps, sum(likert), len(likert), top, low, positive))
        if len(responses) >= 20000:
            flush()
    flush()
    con.commit()
    con.execute("CREATE INDEX ix_survey_answers_response_id ON survey_answers (response_id)")
    con.execute("CREATE INDEX ix_survey_answers_question_id ON survey_answers (question_id)")
    con.execute("CREATE INDEX ix_survey_answers_month ON survey_answers (month, question_id, score) "
                "WHERE score IS NOT NULL")
    con.execute("CREATE INDEX ix_survey_responses_collected_at ON survey_responses (collected_at)")
    con.execute("CREATE INDEX ix_survey_responses_customer_id ON survey_responses (customer_id)")
    con.execute("CREATE INDEX ix_survey_responses_rollup ON survey_responses (month, manager_id, "
                "branch_id, segment, channel, template_id, nps, likert_sum, likert_n, "
                "likert_top, low)")
    con.commit()
    con.close()


def add_customers(con: sqlite3.Connection) -> None:
    """The surveyed customers and their loans, for the by-product table (a cache built before
    they were part of the bench gets them in place)."""
    if con.execute("SELECT count(*) FROM loans").fetchone()[0]:
        return
    rnd = random.Random(9)
    con.executemany("INSERT INTO customers (id, id_number, name) VALUES (?,?,?)",
                    [(i, f"110101199001{i:06d}", f"客户{i:05d}") for i in range(1, CUSTOMERS + 1)])
    loans = []
    for cid in range(1, CUSTOMERS + 1):
        for product in rnd.sample(PRODUCTS, 1 + (rnd.random() < 0.3) + (rnd.random() < 0.05)):
            loans.append((len(loans) + 1, f"BL{len(loans) + 1:08d}", cid, product))
    con.executemany("INSERT INTO loans (id, loan_no, customer_id, product) VALUES (?,?,?,?)",
                    loans)
    con.commit()


def median_time(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    cache = Path(tempfile.gettempdir()) / "crm-bench"
    cache.mkdir(exist_ok=True)
    path = cache / f"surveys-{n}.sqlite3"
    done = path.with_suffix(".done")
    build_s = None
    if not done.exists():
        path.unlink(missing_ok=True)
        t = time.perf_counter()
        build(path, n)
        build_s = round(time.perf_counter() - t, 1)
        done.touch()
        print(f"built {n:,} responses ({n * 10:,} answers) in {build_s} s")
    else:
        con = sqlite3.connect(path)
        add_customers(con)
        con.close()

    from sqlalchemy import text

    from crm.domain.actors import Actor
    from crm.persistence.engine import connect
    from crm.queries.surveys import AnalysisFilter, product_breakdown, survey_analysis

    db = connect(f"sqlite:///{path}")
    flt = AnalysisFilter.last_months(12, today=date(2026, 11, 30))
    actor = Actor.cli()
    with db.sessions() as s:
        result = survey_analysis(s, actor, flt)   # warm the cache
        seconds = median_time(lambda: survey_analysis(s, actor, flt))
        floor = median_time(lambda: s.execute(text(
            "SELECT question_id, score, COUNT(*) FROM survey_answers WHERE score IS NOT NULL "
            "GROUP BY question_id, score")).all())
        floor_month = median_time(lambda: s.execute(text(
            "SELECT month, question_id, score, COUNT(*) FROM survey_answers "
            "WHERE score IS NOT NULL GROUP BY month, question_id, score")).all())
        products = product_breakdown(s, actor, flt)
        product_s = median_time(lambda: product_breakdown(s, actor, flt), runs=3)
    db.dispose()
    print(f"responses this period {result.responses:,}, previous {result.previous_responses:,}; "
          f"NPS {result.nps.score:.1f} ({result.nps_change[1]}), CSAT {result.csat:.1f}%; "
          f"{len(result.by_manager)} managers, {len(result.months)} months")
    for d in result.dimensions:
        print(f"  {d.dimension.label}: mean {d.stats.mean:.2f} CSAT {d.stats.csat:.1f}% n={d.stats.n:,}")
    print("by product (a customer with several products counts under each): " + "; ".join(
        f"{f.label} {f.responses:,}" for f in products))
    best = min(floor, floor_month)
    print(json.dumps({"bench": "survey_stats", "responses": n, "seconds": round(seconds, 3),
                      "floor_s": round(best, 3), "ratio": round(seconds / best, 2),
                      "floor_by_question_s": round(floor, 3),
                      "floor_by_month_s": round(floor_month, 3),
                      "product_s": round(product_s, 3), "build_s": build_s}))


if __name__ == "__main__":
    main()
