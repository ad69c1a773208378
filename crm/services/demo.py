"""Demo data: a realistic Hangzhou branch (accounts, customers, loans, contacts, visits, surveys).

Everything is written in one transaction with Core executemany in batches (never ORM objects),
so a cancel or an error leaves nothing. The rows bypass the after-flush audit listener on
purpose; one `demo_data` event summarises them. During the load the name search index is
suspended (crm.persistence.search_index) and, on an empty database, the big tables' secondary
indexes are dropped; both are rebuilt at the end inside the same transaction, because sorting
once is several times faster than maintaining a score of indexes row by row.
"""
from __future__ import annotations

import json
import random
import re
import time as clock
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, exists, insert, select, text
from sqlalchemy.exc import DBAPIError

from crm.domain.actors import Actor
from crm.domain.classification import suggested_five_tier
from crm.domain.enums import (
    CaseStatus, ContactChannel as CC, ContactOutcome as CO, FeedbackKind, FeedbackStatus, LoanStatus, PromiseStatus, QuestionKind, RepaymentMethod as RM, ReviewStatus, Role,
    SurveyChannel, SurveyDimension, TaskKind, TaskStatus, VisitPurpose, VisitStatus, VisitReason, ChecklistItem,
)
from crm.domain.errors import UserError
from crm.domain.identity import make_id_number
from crm.domain.pinyin import name_keys
from crm.domain.risk import add_working_days
from crm.domain.surveys import AnswerInput, QuestionDef, summarise
from crm.models import AuditEvent, Branch, Customer, SurveyQuestion, SurveyTemplate, User, VisitPlan
from crm.paths import RESOURCES
from crm.persistence.auditing import event_row
from crm.persistence.engine import Database
from crm.persistence.errors import translate
from crm.persistence.search_index import search_index_suspended
from crm.services.auth import hash_password

BRANCH_CODE = "0101"
BRANCH_NAME = "杭州西湖支行"
BANK_NAME = "示例农村商业银行"
DEMO_PASSWORD = "Demo@2026"
TEMPLATE_FILE = RESOURCES / "surveys" / "default_template.json"
BATCH = 5000
CANCELLED = "已取消"
UTC = timezone.utc


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    display_name: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", DEMO_PASSWORD, Role.ADMIN, "管理员"),
    DemoAccount("zhuguan", DEMO_PASSWORD, Role.SUPERVISOR, "王芳"),
    DemoAccount("shenji", DEMO_PASSWORD, Role.AUDITOR, "李强"),
    DemoAccount("jingli01", DEMO_PASSWORD, Role.MANAGER, "陈静"),
    DemoAccount("jingli02", DEMO_PASSWORD, Role.MANAGER, "张伟"),
    DemoAccount("jingli03", DEMO_PASSWORD, Role.MANAGER, "刘洋"),
    DemoAccount("jingli04", DEMO_PASSWORD, Role.MANAGER, "赵敏"),
    DemoAccount("jingli05", DEMO_PASSWORD, Role.MANAGER, "孙浩"),
    DemoAccount("jingli06", DEMO_PASSWORD, Role.MANAGER, "周婷"),
)


@dataclass
class DemoSummary:
    customers: int = 0
    loans: int = 0
    contacts: int = 0
    visits: int = 0
    responses: int = 0
    feedback: int = 0
    tasks: int = 0
    cases: int = 0     # remediation cases opened by low answers (闭环整改)
    accounts: int = 0  # demo accounts created by this run (existing ones are reused)
    seconds: float = 0.0


Progress = Callable[[int, int, str], None]


@cache
def _demo_hash() -> str:
    """scrypt costs ~50 ms: hash the shared demo password once per process."""
    return hash_password(DEMO_PASSWORD)


def database_is_empty(db: Database) -> bool:
    """True when there are neither customers nor users (a fresh database)."""
    with db.engine.connect() as conn:
        return not conn.scalar(select(exists().select_from(Customer))) and \
            not conn.scalar(select(exists().select_from(User)))


def seed_demo(db: Database, customers: int, seed: int = 1, *, today: date | None = None,
              progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
              actor: Actor | None = None) -> DemoSummary:
    """Write the demo branch and `customers` customers with everything that hangs off them.

    Deterministic for a seed on a fresh database; `today` is the reference date of every
    overdue figure, contact and task. One transaction: cancel() is asked between batches, and
    a true answer raises UserError("已取消") and leaves the database as it was. The demo branch,
    accounts and survey template are reused when they exist. `actor` (default: the command
    line operator) is who the audit event names.
    """
    if customers < 0:
        raise UserError("客户数量不能为负数")
    started = clock.perf_counter()
    try:
        summary = _seed(db, customers, seed, today or date.today(),
                        progress or (lambda _d, _t, _l: None), cancel, actor or Actor.cli(),
                        started)
    except DBAPIError as exc:
        raise translate(exc, db.description) or exc from exc
    summary.seconds = round(clock.perf_counter() - started, 3)
    return summary


def _seed(db: Database, customers: int, seed: int, today: date, report: Progress,
          cancel: Callable[[], bool] | None, actor: Actor, started: float) -> DemoSummary:
    def check() -> None:
        if cancel is not None and cancel():
            raise UserError(CANCELLED)

    summary = DemoSummary()
    with db.engine.begin() as conn:
        _begin_immediately(conn)
        check()
        report(0, customers, "账户")
        branch_id = _ensure_branch(conn)
        users, summary.accounts = _ensure_accounts(conn, branch_id)
        template_id, questions = _ensure_template(conn)
        check()
        if customers:
            gen = _Generator(conn, random.Random(seed), today, branch_id, users, template_id,
                             questions)
            with _bulk_load(conn, gen.empty_start, report, check):
                done = 0
                while done < customers:
                    check()
                    n = min(BATCH, customers - done)
                    gen.customers(n)
                    done += n
                    report(done, customers, "客户")
            gen.sync_sequences()
            c = gen.counts
            summary.customers, summary.loans = c["customers"], c["loans"]
            summary.contacts, summary.visits = c["contact_records"], c["visit_plans"]
            summary.responses, summary.feedback = c["survey_responses"], c["feedback"]
            summary.tasks, summary.cases = c["tasks"], c["remediation_cases"]
        summary.seconds = round(clock.perf_counter() - started, 3)
        _audit(conn, actor, summary, seed, today)
    return summary


# --- setup: branch, accounts, survey template ------------------------------------------------

def _begin_immediately(conn: Connection) -> None:
    """pysqlite opens its transaction lazily, at the first INSERT: DDL or reads before that would
    run outside it. Begin now (and take the write lock up front, so no reader->writer upgrade)."""
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:  # type: ignore[attr-defined]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _ensure_branch(conn: Connection) -> int:
    branch_id = conn.scalar(select(Branch.id).where(Branch.code == BRANCH_CODE))
    if branch_id is None:
        conn.execute(insert(Branch), [{"code": BRANCH_CODE, "name": BRANCH_NAME,
                                       "bank_name": BANK_NAME, "emergency_contact": ""}])
        branch_id = conn.scalar(select(Branch.id).where(Branch.code == BRANCH_CODE))
    return int(branch_id)  # type: ignore[arg-type]


def _ensure_accounts(conn: Connection, branch_id: int) -> tuple[dict[str, int], int]:
    names = [a.username for a in DEMO_ACCOUNTS]
    existing = dict(conn.execute(select(User.username, User.id)
                                 .where(User.username.in_(names))).tuples().all())
    missing = [a for a in DEMO_ACCOUNTS if a.username not in existing]
    if missing:
        pw = _demo_hash()
        conn.execute(insert(User), [{"username": a.username, "display_name": a.display_name,
                                     "role": a.role, "branch_id": branch_id,
                                     "password_hash": pw} for a in missing])
        existing = dict(conn.execute(select(User.username, User.id)
                                     .where(User.username.in_(names))).tuples().all())
    return {k: int(v) for k, v in existing.items()}, len(missing)


@dataclass(frozen=True)
class _Question:
    id: int
    kind: QuestionKind
    choices: tuple[str, ...]
    dimension: SurveyDimension


def load_default_template() -> dict[str, Any]:
    """The shipped default satisfaction survey (resources/surveys/default_template.json)."""
    return json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _ensure_template(conn: Connection) -> tuple[int, list[_Question]]:
    spec = load_default_template()
    tid = conn.scalar(select(SurveyTemplate.id).where(SurveyTemplate.code == spec["code"])
                      .order_by(SurveyTemplate.revision.desc()).limit(1))
    if tid is None:
        conn.execute(insert(SurveyTemplate), [{"code": spec["code"], "revision": 1,
                                               "name": spec["name"]}])
        tid = conn.scalar(select(SurveyTemplate.id).where(SurveyTemplate.code == spec["code"]))
        conn.execute(insert(SurveyQuestion), [
            {"template_id": tid, "seq": q["seq"], "text": q["text"], "dimension": q["dimension"],
             "kind": q["kind"], "choices": q["choices"], "required": q["required"]}
            for q in spec["questions"]])
    rows = conn.execute(select(SurveyQuestion.id, SurveyQuestion.kind, SurveyQuestion.choices,
                               SurveyQuestion.dimension)
                        .where(SurveyQuestion.template_id == tid).order_by(SurveyQuestion.seq))
    return int(tid), [_Question(int(i), QuestionKind(k), tuple(c or ()), SurveyDimension(d))
                      for i, k, c, d in rows]


def _audit(conn: Connection, actor: Actor, s: DemoSummary, seed: int, today: date) -> None:
    counts = {"customers": s.customers, "loans": s.loans, "contacts": s.contacts,
              "visits": s.visits, "responses": s.responses, "feedback": s.feedback,
              "tasks": s.tasks, "accounts_created": s.accounts, "seed": seed,
              "today": today.isoformat(), "seconds": s.seconds}
    conn.execute(insert(AuditEvent), [event_row(
        actor, "demo_data", summary=f"生成演示数据：{s.customers} 位客户、{s.loans} 笔贷款、"
                                    f"{s.contacts} 条联系记录、{s.visits} 次走访、"
                                    f"{s.responses} 份问卷", after=counts)])


# --- bulk loading ------------------------------------------------------------------------------

_BULK_TABLES = ("customers", "loans", "contact_records")


@contextmanager
def _bulk_load(conn: Connection, fresh: bool, report: Progress,
               check: Callable[[], None]) -> Iterator[None]:
    """The name search index is refilled once at the end (its triggers cost 5x per row); on a
    fresh database the big tables' indexes are rebuilt too. All inside the transaction."""
    with _big_page_cache(conn), search_index_suspended(conn):
        with _indexes_rebuilt(conn, _BULK_TABLES if fresh else (), report, check):
            yield
        check()
        report(0, 1, "搜索索引")


@contextmanager
def _big_page_cache(conn: Connection) -> Iterator[None]:
    """SQLite: a 256 MiB page cache while loading (the default 2 MiB makes the random-order
    UNIQUE index on id_number spill; a million customers load ~25% faster). SQLite allocates
    the pages only as it needs them; the pooled connection gets its setting back after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


@contextmanager
def _indexes_rebuilt(conn: Connection, tables: Sequence[str], report: Progress,
                     check: Callable[[], None]) -> Iterator[None]:
    """Drop the secondary indexes of `tables`, run the load, create them again (same transaction).

    The definitions are read from the database itself, so whatever a migration created comes
    back exactly; indexes behind constraints (primary keys, UNIQUE) stay.
    """
    if not tables:
        yield
        return
    if conn.dialect.name == "sqlite":
        marks = ",".join("?" * len(tables))
        defs = conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name", tuple(tables)).all()
    else:
        defs = conn.execute(text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
            "current_schema() AND i.tablename = ANY(:t) AND NOT EXISTS (SELECT 1 FROM "
            "pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname"),
            {"t": list(tables)}).all()
    quote = conn.dialect.identifier_preparer.quote
    for name, _sql in defs:
        conn.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for i, (_name, sql) in enumerate(defs):
        check()
        report(i, len(defs), "建立索引")
        conn.exec_driver_sql(sql)
    report(len(defs), len(defs), "建立索引")


class _Native:
    """Values in the form the driver stores, so the big tables skip SQLAlchemy's per-value
    type processing (5x faster on SQLite). Mirrors Money, UTCDateTime and Date exactly:
    SQLite gets floats for amounts (as Money's text would become under NUMERIC affinity),
    ISO text for dates and naive-UTC text for timestamps; PostgreSQL gets Python objects."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"
        self.mark = "?" if self.sqlite else "%s"

    def money(self, cents: int) -> Any:
        return cents / 100 if self.sqlite else Decimal(cents).scaleb(-2)

    def rate(self, basis_points: int) -> Any:
        return basis_points / 10000 if self.sqlite else Decimal(basis_points).scaleb(-4)

    def day(self, d: date) -> Any:
        return d.isoformat() if self.sqlite else d

    def stamp(self, d: date, seconds: int) -> Any:
        h, rest = divmod(seconds, 3600)
        if self.sqlite:
            return f"{d.isoformat()} {h:02d}:{rest // 60:02d}:{rest % 60:02d}.000000"
        return datetime(d.year, d.month, d.day, h, rest // 60, rest % 60, tzinfo=UTC)


_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "id", "id_number", "name", "name_pinyin", "name_initials", "id_last4", "gender",
        "birth_date", "phone", "phone_valid", "phone_last4", "phone2", "address", "district",
        "latitude", "longitude", "occupation", "employer", "monthly_income", "assets",
        "liabilities", "credit_score", "family_situation", "preferences", "consent_scope",
        "consent_at", "owner_id", "branch_id", "segment", "total_balance", "overdue_amount",
        "max_overdue_days", "worst_class", "last_contact_at", "next_follow_up"),
    "loans": (
        "id", "loan_no", "customer_id", "product", "principal", "balance", "rate",
        "disbursed_on", "maturity_on", "repayment_method", "overdue_days", "overdue_amount",
        "five_tier", "collateral", "guarantee", "purpose", "status"),
    "visit_staff": ("visit_id", "user_id", "lead"),
    "contact_records": (
        "id", "customer_id", "loan_id", "user_id", "visit_id", "channel", "direction", "party",
        "party_name", "contacted_at", "outcome", "summary", "promise_amount", "promise_date",
        "promise_status", "next_follow_up_on"),
    "survey_responses": (
        "id", "template_id", "customer_id", "visit_id", "channel", "survey_code",
        "collected_by", "collected_at", "month", "manager_id", "branch_id", "segment", "nps",
        "likert_sum", "likert_n", "likert_top", "low", "positive"),
    "survey_answers": ("response_id", "question_id", "score", "choice", "text", "month"),
    "remediation_cases": (
        "id", "customer_id", "response_id", "assignee_id", "due_on", "status", "trigger",
        "root_cause", "action_taken", "outcome", "escalated", "escalated_to", "escalated_at",
        "closed_at", "closed_by"),
    "tasks": (
        "kind", "title", "customer_id", "owner_id", "due_on", "status", "done_at",
        "source_type", "source_id", "note", "created_by"),
    "feedback": (
        "customer_id", "kind", "category", "content", "channel", "received_by", "assignee_id",
        "due_on", "status", "resolution", "resolution_satisfaction", "adoption",
        "adoption_reason", "response_id", "received_at"),
    "financial_snapshots": (
        "customer_id", "as_of", "monthly_income", "assets", "liabilities", "credit_score",
        "overdue_amount", "max_overdue_days", "source"),
}
# visit_plans goes in between loans and the rows that point at visits; it has JSON columns,
# so it takes the ordinary (typed) Core path - it is a few rows per batch
_ORDER = ("customers", "loans", "visit_plans", "visit_staff", "contact_records",
          "survey_responses", "survey_answers", "remediation_cases", "tasks", "feedback",
          "financial_snapshots")
_EXPLICIT_IDS = ("customers", "loans", "visit_plans", "contact_records", "survey_responses",
                 "remediation_cases")


class _Sink:
    """Row buffers per table, flushed together in foreign-key order."""

    def __init__(self, conn: Connection, native: _Native) -> None:
        self.conn = conn
        self.rows: dict[str, list[Any]] = {t: [] for t in _ORDER}
        self.counts: dict[str, int] = {t: 0 for t in _ORDER}
        quote = conn.dialect.identifier_preparer.quote
        self.sql = {t: f"INSERT INTO {t} ({', '.join(quote(c) for c in cols)}) "
                       f"VALUES ({', '.join([native.mark] * len(cols))})"
                    for t, cols in _COLUMNS.items()}

    def flush(self) -> None:
        for table in _ORDER:
            rows = self.rows[table]
            if not rows:
                continue
            if table == "visit_plans":
                self.conn.execute(insert(VisitPlan), rows)
            else:
                self.conn.exec_driver_sql(self.sql[table], rows)
            self.counts[table] += len(rows)
            rows.clear()


# --- what the data is made of --------------------------------------------------------------------

def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [x / total for x in out]


_SURNAMES = (
    "王7 李7 张6.8 陈6.5 刘5 杨3 吴3 徐2.6 黄2.3 赵2.2 周2.1 孙1.5 马1.4 朱1.4 胡1.4 郭1 何1.1 "
    "高1 林1 罗0.9 郑0.9 梁0.7 谢0.7 宋0.6 唐0.6 许0.7 韩0.6 冯0.5 邓0.5 曹0.5 彭0.5 肖0.4 "
    "田0.4 董0.4 袁0.4 潘0.5 于0.4 蒋0.5 蔡0.4 余0.5 杜0.4 叶0.6 程0.4 苏0.3 魏0.3 吕0.3 丁0.3 "
    "任0.3 沈0.6 姚0.4 卢0.3 姜0.3 崔0.3 钟0.3 谭0.3 陆0.4 汪0.4 范0.3 金0.4 方0.4 钱0.3 俞0.3 "
    "毛0.3 邵0.3 楼0.15 应0.15 童0.15 傅0.2 施0.2 严0.2 孔0.15 欧阳0.05 司马0.02 诸葛0.02").split()
_MALE_FIRST = "建志国海明晓振伟俊文永家子浩宇嘉一天立德金春小新"
_MALE_LAST = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳峰亮东锋晨昊博成荣兵"
_FEMALE_FIRST = "秀桂丽美晓玉雅佳欣思雨梦海春金慧婉紫诗一小"
_FEMALE_LAST = "芳娜敏静丽艳娟霞燕玲婷雪慧莉萍红琳颖倩洁琴云晶悦怡璐瑶梅兰英丹薇蕾露月彤妍雯"

# district, ID region code, centre (lat, lon), roads, residential communities, towns (rural)
_DISTRICTS: tuple[tuple[str, str, float, float, float, str, str, str], ...] = (
    ("西湖区", "330106", 0.20, 30.259, 120.130, "文三路 文二路 天目山路 古墩路 紫荆花路 留下街 转塘街 西溪路",
     "翠苑一区 嘉绿苑 文鼎苑 金都华府 西溪诚园 府苑新村", "双浦镇 三墩镇"),
    ("拱墅区", "330105", 0.15, 30.319, 120.142, "莫干山路 湖墅南路 上塘路 丽水路 大关路 登云路 石祥路",
     "大关西苑 和睦新村 米市巷小区 德胜新村 朝晖九区 运河宸园", "半山街道 康桥街道"),
    ("上城区", "330102", 0.13, 30.242, 120.169, "解放路 庆春路 望江路 秋涛路 江城路 凤起路 清泰街",
     "采荷新村 景芳三区 望江家园 近江小区 四季青家园 濮家新村", "丁兰街道 九堡街道"),
    ("滨江区", "330108", 0.08, 30.208, 120.211, "江南大道 滨盛路 长河路 西兴路 江虹路 月明路",
     "东方郡 钱江湾花园 春江花月 江南春城 白金海岸", "浦沿街道 长河街道"),
    ("余杭区", "330110", 0.12, 30.274, 119.978, "文一西路 五常大道 良睦路 余杭塘路 龙潭路 荆长路",
     "五常港湾家园 永福家园 良渚文化村 未来科技城公寓", "仓前街道 闲林街道 径山镇 黄湖镇"),
    ("萧山区", "330109", 0.12, 30.162, 120.264, "金城路 市心路 人民路 育才路 通惠路 山阴路",
     "金色江南 旺角城 湘湖人家 信息港小镇公寓 城厢新苑", "瓜沥镇 义桥镇 河上镇 戴村镇"),
    ("临平区", "330113", 0.06, 30.419, 120.300, "临平大道 迎宾路 星光街 北沙西路 望梅路",
     "东湖花苑 荷花塘小区 星桥北苑 丁山河新苑", "塘栖镇 崇贤街道 运河街道"),
    ("钱塘区", "330114", 0.04, 30.309, 120.344, "学林街 下沙路 文泽路 金沙大道 海达南路",
     "金沙学府 下沙家园 景冉佳园 和达城", "义蓬街道 河庄街道"),
    ("富阳区", "330111", 0.05, 30.049, 119.960, "江滨西大道 桂花路 金桥北路 富春街",
     "春江花园 富春山居 金桥花园", "新登镇 场口镇 常安镇 洞桥镇"),
    ("临安区", "330112", 0.05, 30.234, 119.725, "钱王街 衣锦街 万马路 苕溪南街",
     "锦城花园 临安城市花园 吴越花园", "於潜镇 太湖源镇 昌化镇 天目山镇"),
)
_OTHER_REGIONS = ("330103", "330104", "330105", "330122", "330127", "330182", "330203", "330302",
                  "330402", "330502", "330602", "330683", "330702", "330782", "331002", "330802")
_VILLAGES = "青山 上溪 金家 石桥 东坞 下塘 华墅 杨家 新联 前庄 沈家 白沙".split()
_MOBILE = ("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
           "173 177 180 181 182 183 185 186 187 188 189 191 198 199").split()
_SHOPS = "便利店 五金店 服装店 小吃店 水果店 汽车修理部 茶叶店 理发店 建材商行 电器商行".split()
_FIRMS = ("杭州恒昌纺织有限公司 杭州新锐电子科技有限公司 浙江华联物流有限公司 杭州宏达机械制造有限公司 "
          "杭州远景软件股份有限公司 浙江天和建设集团有限公司 杭州银泰百货 杭州市公交集团 "
          "杭州娃哈哈集团有限公司 杭州海康威视数字技术股份有限公司").split()
_PUBLIC = ("杭州市第一人民医院 浙江大学医学院附属第一医院 杭州市{d}人民政府 杭州市{d}第二实验小学 "
           "杭州市{d}市场监督管理局 杭州市{d}中医院").split()
_GIG = "美团配送站点 饿了么蜂鸟配送 顺丰速运 中通快递 滴滴出行 曹操出行".split()

# occupation, weight, employer kind, income range (yuan/month), weights of _PRODUCTS
_OCCUPATIONS = (
    ("个体工商户", 18, "shop", 6000, 40000, (70, 12, 0, 6, 10, 2)),
    ("私营企业主", 6, "firm", 15000, 100000, (72, 0, 0, 18, 0, 10)),
    ("农户", 14, "village", 3000, 12000, (0, 12, 85, 0, 3, 0)),
    ("企业职员", 22, "firm", 6000, 30000, (0, 45, 0, 25, 30, 0)),
    ("工人", 8, "firm", 5000, 10000, (0, 60, 0, 5, 35, 0)),
    ("教师", 4, "public", 8000, 18000, (0, 45, 0, 50, 5, 0)),
    ("医护人员", 3, "public", 9000, 25000, (0, 45, 0, 50, 5, 0)),
    ("公务员", 4, "public", 9000, 20000, (0, 40, 0, 60, 0, 0)),
    ("快递/外卖/网约车从业人员", 8, "gig", 6000, 12000, (5, 50, 0, 0, 38, 7)),
    ("自由职业", 5, None, 4000, 20000, (10, 45, 0, 5, 40, 0)),
    ("务工人员", 8, None, 4000, 9000, (0, 60, 10, 0, 30, 0)),
)
# name, principal range (yuan), step, terms (months), rate range (bp), methods, purposes,
# collateral, guarantee (each: text, share of loans; {d} is the district)
_PRODUCTS = (
    ("个人经营贷", 50_000, 1_000_000, 10_000, (12, 24, 36), (385, 620),
     ((RM.INTEREST_FIRST, 5), (RM.EQUAL_INSTALMENT, 3), (RM.BULLET, 2)),
     ("店面经营周转", "采购原材料", "店面装修", "购置经营设备", "支付货款"),
     ("{d}住宅房产抵押", 0.4), ("自然人保证", 0.3)),
    ("个人消费贷", 20_000, 300_000, 1_000, (12, 24, 36, 60), (360, 800),
     ((RM.EQUAL_INSTALMENT, 7), (RM.EQUAL_PRINCIPAL, 3)),
     ("家庭装修", "购买家用汽车", "子女教育", "购置家电家具", "医疗支出", "婚庆"), None, None),
    ("农户小额贷", 10_000, 300_000, 5_000, (12, 24, 36), (450, 720),
     ((RM.INTEREST_FIRST, 5), (RM.BULLET, 3), (RM.EQUAL_INSTALMENT, 2)),
     ("茶叶种植", "水产养殖", "购买农资", "购置农机", "民宿经营", "苗木种植"),
     None, ("农户联保小组", 0.6)),
    ("个人住房贷", 300_000, 3_000_000, 10_000, (120, 180, 240, 300, 360), (310, 490),
     ((RM.EQUAL_INSTALMENT, 7), (RM.EQUAL_PRINCIPAL, 3)), ("购买自住住房",),
     ("所购{d}住房抵押", 1.0), None),
    ("个人信用贷", 10_000, 200_000, 1_000, (12, 24, 36), (420, 980),
     ((RM.EQUAL_INSTALMENT, 8), (RM.INTEREST_FIRST, 2)), ("日常消费", "资金周转", "家庭装修", "旅游"),
     None, None),
    ("创业担保贷", 100_000, 500_000, 10_000, (24, 36), (300, 400),
     ((RM.INTEREST_FIRST, 7), (RM.EQUAL_INSTALMENT, 3)), ("创业启动资金", "门店租金及装修"),
     None, ("杭州市创业担保基金", 1.0)),
)
# worst overdue of a customer: M0 80%, then decreasing through M1 .. M6+
_OVERDUE = ((0.80, 0, 0), (0.875, 1, 30), (0.915, 31, 60), (0.94, 61, 90), (0.97, 91, 180),
            (1.0, 181, 900))
_MANAGER_SHARE = (20, 18, 17, 16, 15, 14)
_FAMILY = ("已婚，育有一子", "已婚，育有一女", "已婚，育有一子一女", "未婚，与父母同住",
           "离异，独自抚养一女", "已婚，配偶在本地企业工作", "已婚，子女在外地上学", "丧偶，与子女同住")
_PREFERENCES = ("工作日白天不便接听电话，建议晚上联系", "偏好微信沟通", "说杭州话沟通更顺畅",
                "希望还款日前三天短信提醒", "周末方便面谈")

_SAYINGS: dict[str, tuple[str, ...]] = {
    CO.CONNECTED: ("已提醒客户本期应还金额及还款日，客户表示知悉", "客户称本周内处理，会主动联系",
                   "与客户核实了联系方式和住址，信息无变化"),
    CO.NO_ANSWER: ("电话无人接听，已发送还款提醒短信", "多次拨打未接通，稍后再联系", "电话占线，未接通"),
    CO.REFUSED: ("客户接听后挂断，拒绝沟通", "客户情绪激动，表示暂不谈还款，已礼貌结束通话"),
    CO.PROMISED: ("客户承诺近期还款",),
    CO.HARDSHIP: ("客户称生意周转困难，希望延期还款", "客户家人住院，近期资金紧张，请求宽限",
                  "客户称工程款未结算，资金回笼慢", "客户失业，正在找工作，愿意分期偿还"),
    CO.LOST_CONTACT: ("电话已停机，联系紧急联系人未果", "客户长期失联，拟安排上门了解情况"),
    CO.WRONG_NUMBER: ("号码已易主，需更新客户联系方式",),
    CO.COMPLAINT: ("客户对催收频次不满，已记录并安排主管回访",),
    CO.PAID: ("客户已通过手机银行归还部分逾期款项",),
    CO.OTHER: ("客户配偶接听，转告客户回电",),
}
_CARE = ("例行回访，客户经营情况正常，还款无压力", "例行回访，提醒客户关注还款日，客户表示满意",
         "节前问候，介绍新上线的手机银行还款功能")
_FEEDBACK: dict[str, tuple[tuple[str, str], ...]] = {
    FeedbackKind.COMPLAINT: (("催收方式", "对催收电话过于频繁表示不满"), ("服务效率", "网点排队时间过长"),
                             ("利率费用", "对提前还款违约金有异议"), ("员工态度", "客户经理答复不够耐心")),
    FeedbackKind.SUGGESTION: (("产品种类", "希望增加随借随还的经营贷款"), ("服务效率", "希望手机银行支持查询贷款明细"),
                              ("网点环境", "建议网点增设老年人休息区"), ("还款方式", "希望还款日可以自行选择")),
    FeedbackKind.PRAISE: (("员工态度", "客户经理上门服务热情周到"), ("服务效率", "贷款续贷办理很快，点赞"),
                          ("问题解决", "延期还款申请处理及时，帮了大忙")),
}
_SUGGESTIONS_GOOD = ("服务很好，希望继续保持", "希望手机银行功能更完善", "利率再优惠一点就更好了")
_SUGGESTIONS_BAD = ("催收电话太频繁，希望改进", "办理业务等待时间太长", "希望还款方式更灵活")


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _months_shift(d: date, months: int, day: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, day)


def _fmt_yuan(cents: int) -> str:
    return f"{cents // 100:,}"


# --- the generator -------------------------------------------------------------------------------

class _Generator:
    """Makes one customer at a time with its loans, contacts, visit, survey, tasks and feedback,
    so the customer's summary columns are computed from exactly the rows written for it.
    Amounts are integer cents until they are written."""

    def __init__(self, conn: Connection, rng: random.Random, today: date, branch_id: int,
                 users: dict[str, int], template_id: int, questions: list[_Question]) -> None:
        self.conn, self.rng, self.today = conn, rng, today
        self.native = _Native(conn.dialect.name)
        self.sink = _Sink(conn, self.native)
        self.branch_id, self.template_id, self.questions = branch_id, template_id, questions
        # the same per-response figures and loop triggers as crm.services.surveys computes
        self.question_defs = [QuestionDef(n, "", q.dimension, q.kind, q.choices, True, q.id)
                              for n, q in enumerate(questions, start=1)]
        self.managers = [users[a.username] for a in DEMO_ACCOUNTS if a.role is Role.MANAGER]
        self.manager_cum = _cumulative(_MANAGER_SHARE[:len(self.managers)])
        self.supervisor = users["zhuguan"]
        self.next_id = {t: int(conn.scalar(text(f"SELECT coalesce(max(id), 0) FROM {t}")) or 0)
                        + 1 for t in _EXPLICIT_IDS}
        self.empty_start = not conn.scalar(text("SELECT count(*) FROM customers"))
        # a database that already holds customers: never collide with their numbers
        self.taken_ids: set[str] = set() if self.empty_start else set(
            conn.scalars(text("SELECT id_number FROM customers")))
        self.taken_loans: set[str] = set() if self.empty_start else set(
            conn.scalars(text("SELECT loan_no FROM loans")))
        self.id_seq: dict[int, int] = {}
        self.visits_made = 0
        # (day, staff id) -> the hours already booked: the clash rule of crm.services.visits
        self.booked: dict[tuple[date, int], set[int]] = {}
        self.birth_hi = _years_before(today, 22).toordinal()  # age 22 .. 70 on `today`
        self.birth_span = self.birth_hi - _years_before(today, 71).toordinal() - 1
        self.tier_of = [suggested_five_tier(d).value for d in range(_OVERDUE[-1][2] + 1)]
        self._pools()

    def _pools(self) -> None:
        parsed = [re.fullmatch(r"(\D+)([\d.]+)", s).groups() for s in _SURNAMES]  # type: ignore[union-attr]
        self.surnames = [(s, *name_keys(s)) for s, _w in parsed]
        self.surname_cum = _cumulative([float(w) for _s, w in parsed])

        def given(first: str, last: str) -> tuple[list[tuple[str, str, str]], ...]:
            singles = [(c, *name_keys(c)) for c in last]
            doubles = [(a + b, *name_keys(a + b)) for a in first for b in last if a != b]
            return singles, doubles

        self.given = {True: given(_MALE_FIRST, _MALE_LAST),
                      False: given(_FEMALE_FIRST, _FEMALE_LAST)}
        self.districts = [(n, code, lat, lon, roads.split(), comms.split(), towns.split())
                          for n, code, _w, lat, lon, roads, comms, towns in _DISTRICTS]
        self.district_cum = _cumulative([d[2] for d in _DISTRICTS])
        self.region_index = {code: i for i, code in enumerate(
            [d[1] for d in _DISTRICTS] + list(_OTHER_REGIONS))}
        self.occupations = [(name, kind, lo * 100, (hi - lo) * 100, _cumulative(products))
                            for name, _w, kind, lo, hi, products in _OCCUPATIONS]
        self.occupation_cum = _cumulative([o[1] for o in _OCCUPATIONS])
        self.products = [
            (name, lo * 100, (hi - lo) // step + 1, step * 100, terms, rates[0],
             rates[1] - rates[0] + 1, tuple(m.value for m, _w in methods),
             _cumulative([w for _m, w in methods]), purposes, *(coll or (None, 0.0)),
             *(guar or (None, 0.0)))
            for name, lo, hi, step, terms, rates, methods, purposes, coll, guar in _PRODUCTS]

    def _pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.rng.random() * len(seq))]

    def _take(self, table: str) -> int:
        n = self.next_id[table]
        self.next_id[table] = n + 1
        return n

    def customers(self, n: int) -> None:
        for _ in range(n):
            self._customer()
        self.sink.flush()

    @property
    def counts(self) -> dict[str, int]:
        return self.sink.counts

    def sync_sequences(self) -> None:
        """Explicit ids on PostgreSQL leave the serial sequences behind: move them on."""
        if self.conn.dialect.name != "postgresql":
            return
        for t in _EXPLICIT_IDS:
            self.conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                                   f"(SELECT max(id) FROM {t}))"))

    # who the customer is ----------------------------------------------------------------------
    def _name(self, male: bool) -> tuple[str, str, str, str]:
        """(surname, full name, pinyin, initials); keys are per character, as name_keys does."""
        r = self.rng.random
        s, sp, si = self.surnames[bisect(self.surname_cum, r())]
        singles, doubles = self.given[male]
        g, gp, gi = (singles[int(r() * len(singles))] if r() < 0.22
                     else doubles[int(r() * len(doubles))])
        return s, s + g, sp + gp, si + gi

    def _identity(self, region: str, male: bool) -> tuple[date, str]:
        """A unique, valid ID number: birth date, and a sequence number whose parity is the sex."""
        r = self.rng.random
        if r() < 0.3:  # registered elsewhere in Zhejiang
            region = _OTHER_REGIONS[int(r() * len(_OTHER_REGIONS))]
        while True:
            # borrowers cluster in their thirties and forties
            birth_ord = self.birth_hi - int(((r() + r()) / 2) ** 1.15 * self.birth_span)
            key = (birth_ord * 32 + self.region_index[region]) * 2 + male
            n = self.id_seq.get(key)
            if n is None:
                n = int(r() * 60)
            if n > 499:
                region = _OTHER_REGIONS[int(r() * len(_OTHER_REGIONS))]
                continue
            self.id_seq[key] = n + 1 + int(r() * 3)
            birth = date.fromordinal(birth_ord)
            number = make_id_number(region, birth, n * 2 + male)
            if number not in self.taken_ids:
                return birth, number

    def _address(self, dname: str, roads: list[str], comms: list[str], towns: list[str],
                 farmer: bool) -> tuple[str, str | None]:
        """(address, village) - the village also names a farmer's employer."""
        r = self.rng.random
        if farmer or r() < 0.08:
            village = (f"{towns[int(r() * len(towns))]}"
                       f"{_VILLAGES[int(r() * len(_VILLAGES))]}村")
            return f"杭州市{dname}{village}{1 + int(r() * 150)}号", village
        if r() < 0.55:
            return (f"杭州市{dname}{comms[int(r() * len(comms))]}{1 + int(r() * 30)}幢"
                    f"{1 + int(r() * 4)}单元{1 + int(r() * 18)}0{1 + int(r() * 4)}室"), None
        return f"杭州市{dname}{roads[int(r() * len(roads))]}{1 + int(r() * 400)}号", None

    def _employer(self, kind: str | None, dname: str, surname: str,
                  village: str | None) -> str | None:
        r = self.rng.random
        if kind == "shop":
            return f"{dname}{surname}记{_SHOPS[int(r() * len(_SHOPS))]}"
        if kind == "firm":
            return _FIRMS[int(r() * len(_FIRMS))]
        if kind == "public":
            return _PUBLIC[int(r() * len(_PUBLIC))].format(d=dname)
        if kind == "village":
            return village
        if kind == "gig":
            return _GIG[int(r() * len(_GIG))]
        return None

    def _customer(self) -> None:
        r, nat = self.rng.random, self.native
        cid = self._take("customers")
        owner = self.managers[bisect(self.manager_cum, r())]
        dname, dcode, lat, lon, roads, comms, towns = self.districts[
            bisect(self.district_cum, r())]
        male = r() < 0.56
        birth, id_number = self._identity(dcode, male)
        surname, name, py, ini = self._name(male)
        occ, kind, income_lo, income_span, product_cum = self.occupations[
            bisect(self.occupation_cum, r())]
        income = int((income_lo + income_span * r() * r()) / 10000) * 10000  # whole 100 yuan
        prefix = _MOBILE[int(r() * len(_MOBILE))]
        if r() < 0.008:  # kept as written and flagged invalid, as an import would
            phone, valid = f"{prefix}{int(r() * 10_000_000):07d}", False
        else:
            phone, valid = f"+86{prefix}{int(r() * 100_000_000):08d}", True
        address, village = self._address(dname, roads, comms, towns, kind == "village")

        worst = self._worst_days()
        balance, overdue, first_loan, main_loan = self._loans(cid, worst, product_cum, dname)
        contacts, visit = self._contacts(cid, owner, worst, overdue, main_loan)
        last = contacts[-1] if contacts else None
        if worst > 60:
            segment = "重点催收"
        elif worst:
            segment = "关注"
        elif income >= 2_000_000 or balance >= 100_000_000 or r() < 0.12:
            segment = "优质"
        else:
            segment = "普通"
        self._survey_and_feedback(cid, owner, worst, visit, segment, name)
        self._tasks(cid, owner, name, worst, last, visit)
        if r() < 0.015:
            self._snapshots(cid, income, worst, overdue)

        assets = int(income * (20 + 200 * r())) // 10000 * 10000 if r() < 0.4 else None
        money = nat.money
        self.sink.rows["customers"].append((
            cid, id_number, name, py, ini, id_number[-4:], "M" if male else "F", nat.day(birth),
            phone, valid, phone[-4:],
            f"+865718{int(r() * 10_000_000):07d}" if r() < 0.1 else None,
            address, dname, lat + (r() - 0.5) * 0.06, lon + (r() - 0.5) * 0.06,
            occ, self._employer(kind, dname, surname, village), money(income),
            None if assets is None else money(assets),
            money(balance + (int(r() * 2000) * 10000 if r() < 0.3 else 0)),
            max(350, min(900, 620 + int(r() * 220) - min(250, worst))),
            _FAMILY[int(r() * len(_FAMILY))] if r() < 0.4 else None,
            _PREFERENCES[int(r() * len(_PREFERENCES))] if r() < 0.3 else None,
            "贷后管理、客户服务及风险评估", nat.stamp(first_loan, 7200),
            owner, self.branch_id, segment, money(balance), money(overdue), worst,
            self.tier_of[worst], nat.stamp(last[0], last[1]) if last else None,
            nat.day(last[14]) if last and last[14] else None))

    # loans ------------------------------------------------------------------------------------
    def _worst_days(self) -> int:
        """The customer's worst overdue days: M0 80%, then thinning out through M1 .. M6+."""
        r = self.rng.random
        u = r()
        for upper, lo, hi in _OVERDUE:
            if u < upper:
                if not hi:
                    return 0
                if hi > 180:
                    return lo + int(r() ** 1.6 * (hi - lo))
                return lo + int(r() * (hi - lo + 1))
        return 0

    def _loans(self, cid: int, worst: int, product_cum: list[float],
               dname: str) -> tuple[int, int, date, int]:
        """Write 1-3 loans, the worst first; (balance, overdue, first disbursed, worst loan id).
        Other loans are overdue too half the time (cross default), else current or settled;
        so the worst loan decides max overdue days and the worst class."""
        r, products = self.rng.random, self.products
        u = r()
        main, balance, overdue, first = self._loan(
            cid, products[bisect(product_cum, r())], worst, False, dname)
        for _ in range(0 if u < 0.75 else 1 if u < 0.95 else 2):
            if worst and r() < 0.5:
                days, settled = max(1, int(worst * (0.3 + 0.7 * r()))), False
            else:
                days, settled = 0, r() < 0.4
            _id, b, o, d = self._loan(cid, products[bisect(product_cum, r())], days, settled,
                                      dname)
            balance, overdue, first = balance + b, overdue + o, min(first, d)
        return balance, overdue, first, main

    def _loan(self, cid: int, p: tuple[Any, ...], days: int, settled: bool,
              dname: str) -> tuple[int, int, int, date]:
        """One loan with dates, balance and overdue amount that agree with its overdue days."""
        r, nat, today = self.rng.random, self.native, self.today
        (product, lo, steps, step, terms, rate_lo, rate_span, methods, method_cum, purposes,
         collateral, collateral_p, guarantee, guarantee_p) = p
        principal = lo + int(r() ** 1.7 * steps) * step
        term = terms[int(r() * len(terms))]
        rate = rate_lo + int(r() * rate_span)  # basis points a year
        method = methods[bisect(method_cum, r())]
        balance = overdue = 0
        if settled:
            maturity = today - timedelta(days=30 + int(r() * 900))
            disbursed = _months_shift(maturity, -term, min(maturity.day, 28))
        elif not days:
            paid = 1 + int(r() * min(term - 1, 72))  # instalments paid so far
            dom = 1 + int(r() * 28)
            disbursed = _months_shift(today, -paid, dom)
            maturity = _months_shift(disbursed, term, dom)
            balance = principal if method in _NOT_AMORTISING else \
                principal * (term - paid) // term
        else:
            missed_on = today - timedelta(days=days)  # the first instalment not paid
            dom = min(missed_on.day, 28)
            if method == _BULLET:  # its one due date is maturity
                maturity = missed_on
                disbursed = _months_shift(missed_on, -term, dom)
                balance = overdue = principal
            else:
                paid = int(r() * min(term - 1, 60))
                disbursed = _months_shift(missed_on, -(paid + 1), dom)
                maturity = _months_shift(disbursed, term, dom)
                missed = days // 30 + 1
                if method == _INTEREST_FIRST:
                    balance = principal
                    overdue = principal if maturity <= today else \
                        min(principal, missed * principal * rate // 120_000)
                else:
                    balance = principal * (term - paid) // term
                    overdue = balance if maturity <= today else min(
                        balance, min(missed, term - paid)
                        * (principal // term + balance * rate // 120_000))
        loan_id = self._take("loans")
        loan_no = f"JJ{disbursed.year}{loan_id:08d}"
        while loan_no in self.taken_loans:
            loan_no = f"JJ{disbursed.year}{loan_id:08d}{int(r() * 100):02d}"
        self.sink.rows["loans"].append((
            loan_id, loan_no, cid, product, nat.money(principal), nat.money(balance),
            nat.rate(rate), nat.day(disbursed), nat.day(maturity), method, days,
            nat.money(overdue), self.tier_of[days],
            collateral.format(d=dname) if collateral and r() < collateral_p else None,
            guarantee if guarantee and r() < guarantee_p else None,
            purposes[int(r() * len(purposes))], _SETTLED if settled else _ACTIVE))
        return loan_id, balance, overdue, disbursed

    # contacts and visits -------------------------------------------------------------------
    def _secs(self) -> int:
        """A time of day in UTC within 09:00-19:00 Beijing time."""
        return 3600 + int(self.rng.random() * 36000)

    def _contacts(self, cid: int, owner: int, worst: int, overdue: int,
                  loan_id: int) -> tuple[list[list[Any]], dict[str, Any] | None]:
        """The customer's contact records, oldest first, ids given in that order."""
        r, today = self.rng.random, self.today
        out: list[list[Any]] = []
        if worst:
            window = min(worst, 120)
            for _ in range(1 + int(r() * min(6, 1 + worst // 30))):
                out.append(self._dunning(today - timedelta(days=1 + int(r() * window)), owner,
                                         worst, overdue, loan_id))
        elif r() < 0.04:
            day = today - timedelta(days=1 + int(r() * 180))
            out.append([day, self._secs(), loan_id, owner, None,
                        _PHONE if r() < 0.7 else _WECHAT, _OUT, _BORROWER, None, _CONNECTED,
                        self._pick(_CARE), None, None, None,
                        day + timedelta(days=90) if r() < 0.5 else None, 0])
        visit = None
        if worst > 30 and (self.visits_made < 8 or r() < 0.03):
            visit = self._visit(cid, owner, worst, overdue, loan_id, out)
        out.sort(key=lambda c: (c[0], c[1]))
        rows, nat = self.sink.rows["contact_records"], self.native
        for c in out:
            c[15] = self._take("contact_records")
            rows.append((c[15], cid, c[2], c[3], c[4], c[5], c[6], c[7], c[8],
                         nat.stamp(c[0], c[1]), c[9], c[10],
                         None if c[11] is None else nat.money(c[11]),
                         None if c[12] is None else nat.day(c[12]), c[13],
                         None if c[14] is None else nat.day(c[14])))
        if visit is not None and visit["appointment"] is not None:
            visit["row"]["appointment_contact_id"] = visit["appointment"][15]
        return out, visit

    def _promise(self, day: date, overdue: int) -> tuple[int, date, str, str]:
        r = self.rng.random
        amount = max(50_000, int(overdue * (0.3 + 0.7 * r())) // 10_000 * 10_000)
        due = day + timedelta(days=3 + int(r() * 13))
        status = _PENDING if due >= self.today else _KEPT if r() < 0.4 else _BROKEN
        return amount, due, status, f"客户承诺于{due.month}月{due.day}日前归还{_fmt_yuan(amount)}元"

    def _dunning(self, day: date, owner: int, worst: int, overdue: int,
                 loan_id: int) -> list[Any]:
        r = self.rng.random
        u = r()
        channel = (_PHONE if u < 0.62 else _SMS if u < 0.78 else _WECHAT if u < 0.9 else
                   _BRANCH if u < 0.95 else _LETTER if worst > 60 else _PHONE)
        direction, party, party_name = _OUT, _BORROWER, None
        if channel == _SMS:
            outcome, summary = _OTHER, "发送逾期还款提醒短信，告知应还金额及还款方式"
        elif channel == _LETTER:
            outcome, summary = _OTHER, "寄送《逾期贷款催收通知书》至客户登记住址"
        else:
            if channel == _BRANCH:
                direction = _IN
                outcome = _PROMISED if r() < 0.5 else _PAID if r() < 0.4 else _HARDSHIP
            else:
                sev = 0 if worst <= 30 else 1 if worst <= 90 else 2
                outcome = _OUTCOMES[bisect(_OUTCOME_CUM[sev], r())]
            summary = ("已通过微信发送还款提醒，客户未回复" if channel == _WECHAT and
                       outcome == _NO_ANSWER else self._pick(_SAYINGS[outcome]))
            if outcome in _TALKED and r() < 0.1:
                party = _SPOUSE if r() < 0.6 else _GUARANTOR
                party_name = self._name(r() < 0.5)[1]
        amount = due = status = None
        if outcome == _PROMISED:
            amount, due, status, summary = self._promise(day, overdue)
            follow = due + timedelta(days=1)
        elif outcome in (_NO_ANSWER, _REFUSED, _WRONG_NUMBER):
            follow = day + timedelta(days=1 + int(r() * 3))
        elif outcome == _HARDSHIP:
            follow = day + timedelta(days=7 + int(r() * 8))
        else:
            follow = day + timedelta(days=3 + int(r() * 8))
        return [day, self._secs(), loan_id, owner, None, channel, direction, party, party_name,
                outcome, summary, amount, due, status, follow, 0]

    def _visit(self, cid: int, owner: int, worst: int, overdue: int, loan_id: int,
               contacts: list[list[Any]]) -> dict[str, Any]:
        r, today = self.rng.random, self.today
        self.visits_made += 1
        vid = self._take("visit_plans")
        planned = today + timedelta(days=int(r() * 53) - 40)
        if planned > today:
            status = VisitStatus.APPOINTED if r() < 0.6 else VisitStatus.DRAFT
        elif planned == today:
            status = VisitStatus.APPOINTED
        else:
            status = _PAST_VISIT[bisect(_PAST_VISIT_CUM, r())]
        morning = r() < 0.6
        others = [m for m in self.managers if m != owner]
        second = self.supervisor if r() < 0.3 or not others else self._pick(others)
        start, end = self._slot(planned, (owner, second), morning)
        row: dict[str, Any] = dict(
            id=vid, customer_id=cid, planned_on=planned, window_start=start, window_end=end,
            purpose=VisitPurpose.COLLECT if worst > 90 else
            VisitPurpose.NEGOTIATE if r() < 0.6 else VisitPurpose.UNDERSTAND,
            status=status, notes="重点了解逾期原因、家庭及经营状况，商议可行的还款安排",
            checklist={}, appointment_at=None, appointment_contact_id=None, route_order=None,
            two_person_override=None, cancel_reason=None, met_customer=None, present=None,
            situation=None, reason_codes=[], willingness=None, ability=None, findings=None,
            agreed_actions=None, safety_incident=False, safety_note=None, visited_at=None,
            review_status=None, review_comment=None, reviewer_id=None, reviewed_at=None,
            created_by=owner)
        appointment = None
        if status is not VisitStatus.DRAFT:
            day = min(planned, today) - timedelta(days=1 + int(r() * 4))
            appointment = [day, self._secs(), loan_id, owner, vid, _PHONE, _OUT, _BORROWER, None,
                           _CONNECTED, f"电话预约{planned.month}月{planned.day}日"
                           f"{'上午' if start is None or start.hour < 12 else '下午'}"
                           "上门走访，客户同意在家等候",
                           None, None, None, planned, 0]
            contacts.append(appointment)
            at = start or time(9, 0)
            row["appointment_at"] = datetime(planned.year, planned.month, planned.day,
                                             at.hour - 8, at.minute, tzinfo=UTC)
        if status is VisitStatus.CANCELLED:
            row["cancel_reason"] = "客户临时外出务工，改期另约"
        met = status in _MET_VISIT
        if met or status is VisitStatus.NOT_MET:
            secs = ((start or time(9, 0)).hour - 8) * 3600 + int(r() * 3000)
            contacts.append(self._visit_record(row, planned, secs, met, owner, loan_id,
                                               overdue))
        if status is VisitStatus.REVIEWED or status is VisitStatus.RETURNED:
            row.update(review_status=ReviewStatus.APPROVED if status is VisitStatus.REVIEWED
                       else ReviewStatus.RETURNED, reviewer_id=self.supervisor,
                       review_comment="记录完整，同意后续跟进安排"
                       if status is VisitStatus.REVIEWED else "请补充客户家庭收入情况及还款来源",
                       reviewed_at=datetime.combine(min(today, planned + timedelta(days=2)),
                                                    time(8, 30), tzinfo=UTC))
        elif status is VisitStatus.PENDING_REVIEW:
            row["review_status"] = ReviewStatus.PENDING
        self.sink.rows["visit_plans"].append(row)
        self.sink.rows["visit_staff"].extend(((vid, owner, True), (vid, second, False)))
        return {"id": vid, "status": status, "planned": planned, "met": met, "row": row,
                "appointment": appointment}

    def _slot(self, day: date, staff: tuple[int, int],
              morning: bool) -> tuple[time | None, time | None]:
        """A one-hour window free for both staff (no double booking); none when the day is full."""
        hours = (9, 10, 11, 14, 15, 16) if morning else (14, 15, 16, 9, 10, 11)
        for h in hours:
            if all(h not in self.booked.get((day, who), ()) for who in staff):
                for who in staff:
                    self.booked.setdefault((day, who), set()).add(h)
                return time(h, 0), time(h + 1, 0)
        return None, None

    def _visit_record(self, row: dict[str, Any], planned: date, secs: int, met: bool,
                      owner: int, loan_id: int, overdue: int) -> list[Any]:
        """Fill the visit's outcome and return its contact record."""
        r = self.rng.random
        h, rest = divmod(secs, 3600)
        row.update(visited_at=datetime(planned.year, planned.month, planned.day, h, rest // 60,
                                       tzinfo=UTC), met_customer=met)
        amount = due = status = None
        if not met:
            row["checklist"] = {_BASICS: True, _TOLD_SUPERVISOR: True}
            outcome, summary = _OTHER, "上门未见到客户本人，向邻居了解情况并留下联系卡"
            follow = planned + timedelta(days=3)
        else:
            outcome = _PROMISED if r() < 0.4 else _HARDSHIP if r() < 0.6 else _CONNECTED
            summary = "上门走访，与客户当面沟通逾期原因及还款安排"
            follow = planned + timedelta(days=7)
            if outcome == _PROMISED:
                amount, due, status, promised = self._promise(planned, overdue)
                summary = f"{summary}；{promised}"
                follow = due + timedelta(days=1)
            reasons = list({self._pick(_REASONS) for _ in range(1 + int(r() * 2))})  # values
            row.update(
                checklist={c: True for c in _PREPARED},
                present="借款人本人" if r() < 0.5 else "借款人本人、配偶",
                situation=self._pick(_SITUATIONS), reason_codes=sorted(reasons),
                willingness=2 + int(r() * 4), ability=1 + int(r() * 4),
                findings=self._pick(_FINDINGS),
                agreed_actions=summary if amount else "一周后电话跟进，协助客户准备延期还款申请材料")
        return [planned, secs, loan_id, owner, row["id"], _VISIT, _OUT, _BORROWER, None,
                outcome, summary, amount, due, status, follow, 0]

    # surveys, feedback, tasks, snapshots ----------------------------------------------------
    def _survey_and_feedback(self, cid: int, owner: int, worst: int,
                             visit: dict[str, Any] | None, segment: str, name: str) -> None:
        r, nat, today = self.rng.random, self.native, self.today
        at_visit = visit is not None and visit["met"] and r() < 0.5
        if at_visit or r() < 0.095:
            rid = self._take("survey_responses")
            if at_visit:
                channel, day, vid = _SURVEY_VISIT, visit["planned"], visit["id"]  # type: ignore[index]
            else:
                channel = _SURVEY_CHANNELS[bisect(_SURVEY_CHANNEL_CUM, r())]
                day, vid = today - timedelta(days=1 + int(r() * 180)), None
            secs = self._secs()   # UTC, within Beijing office hours: the same local day
            month = day.year * 100 + day.month
            mood = 4.3 - 0.3 * min(5, (worst + 29) // 30) + (r() - 0.5) * 1.6
            given: list[AnswerInput] = []
            for q in self.questions:
                if q.kind is QuestionKind.LIKERT5:
                    given.append(AnswerInput(q.id, score=max(1, min(5, round(
                        mood + (r() - 0.5) * 1.4)))))
                elif q.kind is QuestionKind.SCALE10:
                    given.append(AnswerInput(q.id, score=max(0, min(10, round(
                        mood * 2.3 - 1.5 + (r() - 0.5) * 3)))))
                elif q.kind is QuestionKind.CHOICE:
                    if q.choices and r() < 0.9:
                        given.append(AnswerInput(q.id, choice=self._pick(q.choices)))
                elif r() < 0.25:
                    given.append(AnswerInput(q.id, text=self._pick(
                        _SUGGESTIONS_BAD if mood < 3 else _SUGGESTIONS_GOOD)))
            fig = summarise(self.question_defs, given)
            self.sink.rows["survey_responses"].append(
                (rid, self.template_id, cid, vid, channel, f"SV{rid:08d}", owner,
                 nat.stamp(day, secs), month, owner, self.branch_id, segment, fig.nps,
                 fig.likert_sum, fig.likert_n, fig.likert_top, fig.low, fig.positive))
            self.sink.rows["survey_answers"].extend(
                (rid, a.question_id, a.score, a.choice, a.text, month) for a in given)
            if fig.low:
                self._case(cid, owner, name, rid, day, "；".join(fig.triggers))
            if mood < 2.6 and r() < 0.7:
                self._feedback(cid, owner, FeedbackKind.COMPLAINT, rid, day)
        if r() < 0.008:
            kind = _FEEDBACK_KINDS[bisect(_FEEDBACK_KIND_CUM, r())]
            self._feedback(cid, owner, kind, None, today - timedelta(days=1 + int(r() * 120)))

    def _case(self, cid: int, owner: int, name: str, rid: int, day: date, trigger: str) -> None:
        """The remediation case a low answer opens (due after 3 working days): most past ones
        closed with a cause, action and outcome; an overdue open one escalated to the
        supervisor, with a task on their 今日工作, as escalate_overdue_cases does."""
        r, nat, today = self.rng.random, self.native, self.today
        case_id = self._take("remediation_cases")
        due = add_working_days(day, 3)
        closed = r() < (0.85 if due < today else 0.3 if day < today - timedelta(days=1) else 0)
        escalated = not closed and due < today
        cause, action, outcome = self._pick(_CASE_STORIES)
        closed_on = min(today, day + timedelta(days=1 + int(r() * 6)))
        self.sink.rows["remediation_cases"].append((
            case_id, cid, rid, owner, nat.day(due), _CLOSED_CASE if closed else _OPEN_CASE,
            trigger, cause if closed else None, action if closed else None,
            outcome if closed else None, escalated, self.supervisor if escalated else None,
            nat.stamp(due + timedelta(days=1), 3600) if escalated else None,
            nat.stamp(closed_on, self._secs()) if closed else None, owner if closed else None))
        if escalated:
            self.sink.rows["tasks"].append((
                TaskKind.REMEDIATION.value, f"整改逾期：{name}", cid, self.supervisor,
                nat.day(due + timedelta(days=1)), _OPEN, None, "case_escalated", case_id,
                f"满意度整改事项（{trigger}）应于 {due:%Y-%m-%d} 前完成，已逾期，请督促客户经理处理。"[:500],
                self.supervisor))

    def _feedback(self, cid: int, owner: int, kind: FeedbackKind, response_id: int | None,
                  day: date) -> None:
        r, nat = self.rng.random, self.native
        category, content = self._pick(_FEEDBACK[kind])
        complaint = kind is FeedbackKind.COMPLAINT
        age = (self.today - day).days
        done = (age > 20 and r() < 0.85) or (age > 7 and r() < 0.4)
        status = (FeedbackStatus.CLOSED if r() < 0.5 else FeedbackStatus.RESOLVED) if done else \
            (FeedbackStatus.IN_PROGRESS if r() < 0.5 else FeedbackStatus.OPEN)
        adoption = reason = None
        if done and kind is FeedbackKind.SUGGESTION:
            adoption = self._pick(_ADOPTIONS)
            reason = "受现行监管规定限制，暂不采纳" if adoption == "not_adopted" else \
                "已纳入本季度服务改进计划"
        channel = "问卷" if response_id else self._pick(_FEEDBACK_CHANNELS if complaint
                                                       else _FEEDBACK_CHANNELS[:4])
        due = day + timedelta(days=5 if complaint else 15)
        self.sink.rows["feedback"].append((
            cid, kind.value, category, content, channel, owner,
            self.supervisor if complaint else owner,
            None if kind is FeedbackKind.PRAISE else nat.day(due), status.value,
            _RESOLUTIONS[kind] if done else None,
            3 + int(r() * 3) if done and complaint else None, adoption, reason, response_id,
            nat.stamp(day, self._secs())))

    def _tasks(self, cid: int, owner: int, name: str, worst: int, last: list[Any] | None,
               visit: dict[str, Any] | None) -> None:
        r, nat, today = self.rng.random, self.native, self.today
        rows = self.sink.rows["tasks"]

        def add(kind: TaskKind, title: str, due: date, source: tuple[str | None, int | None] =
                (None, None), done: bool = False) -> None:
            rows.append((kind.value, title, cid, owner, nat.day(due),
                         _DONE if done else _OPEN, nat.stamp(due, 32400) if done else None,
                         source[0], source[1], None, owner))

        if last is not None and last[13] == _PENDING:
            add(TaskKind.PROMISE, f"{name} 承诺还款到期（{_fmt_yuan(last[11])} 元）", last[12],
                ("contact_record", last[15]))
        elif worst and last is not None and last[14] is not None and r() < 0.8:
            add(TaskKind.FOLLOW_UP, f"跟进逾期客户 {name}", last[14],
                ("contact_record", last[15]))
        if worst and r() < 0.3:
            add(TaskKind.FOLLOW_UP, f"电话提醒 {name} 还款",
                today - timedelta(days=5 + int(r() * 55)), done=True)
        if visit is not None:
            if visit["status"] in (VisitStatus.DRAFT, VisitStatus.APPOINTED):
                add(TaskKind.VISIT, f"上门走访 {name}", visit["planned"],
                    ("visit_plan", visit["id"]))
            elif visit["status"] is VisitStatus.RETURNED:
                add(TaskKind.FOLLOW_UP, f"补充走访记录：{name}", today + timedelta(days=2),
                    ("visit_plan", visit["id"]))
        if not worst and r() < 0.03:
            add(TaskKind.REVISIT, f"定期回访 {name}", today + timedelta(days=int(r() * 36) - 5))

    def _snapshots(self, cid: int, income: int, worst: int, overdue: int) -> None:
        """Two dated snapshots; overdue customers earned more half a year ago (a visible drop)."""
        r, nat, today = self.rng.random, self.native, self.today
        before = int(income * ((1.1 + 0.3 * r()) if worst else (0.9 + 0.2 * r()))) // 10000 * 10000
        older = max(0, worst - 180)
        rows = self.sink.rows["financial_snapshots"]
        rows.append((cid, nat.day(today - timedelta(days=180 + int(r() * 10))), nat.money(before),
                     None, None, 700 + int(r() * 100), nat.money(overdue // 2 if older else 0),
                     older, "demo"))
        rows.append((cid, nat.day(today - timedelta(days=1 + int(r() * 30))), nat.money(income),
                     None, None, max(350, 680 + int(r() * 100) - min(250, worst)),
                     nat.money(overdue), worst, "demo"))



# plain strings for the raw rows (enum members cost an adapter lookup per value)
_PHONE, _SMS, _WECHAT, _BRANCH, _LETTER, _VISIT = (
    CC.PHONE.value, CC.SMS.value, CC.WECHAT.value, CC.BRANCH.value, CC.LETTER.value,
    CC.VISIT.value)
_OUT, _IN = "outbound", "inbound"
_BORROWER, _SPOUSE, _GUARANTOR = "borrower", "spouse", "guarantor"
_CONNECTED, _NO_ANSWER, _REFUSED, _PROMISED, _PAID, _HARDSHIP, _OTHER, _WRONG_NUMBER = (
    CO.CONNECTED.value, CO.NO_ANSWER.value, CO.REFUSED.value, CO.PROMISED.value, CO.PAID.value,
    CO.HARDSHIP.value, CO.OTHER.value, CO.WRONG_NUMBER.value)
_PENDING, _KEPT, _BROKEN = (PromiseStatus.PENDING.value, PromiseStatus.KEPT.value,
                            PromiseStatus.BROKEN.value)
_OPEN, _DONE = TaskStatus.OPEN.value, TaskStatus.DONE.value
_ACTIVE, _SETTLED = LoanStatus.ACTIVE.value, LoanStatus.SETTLED.value
_BULLET, _INTEREST_FIRST = RM.BULLET.value, RM.INTEREST_FIRST.value
_NOT_AMORTISING = (_BULLET, _INTEREST_FIRST)
_TALKED = (_CONNECTED, _PROMISED, _HARDSHIP, _REFUSED)
_OUTCOMES = tuple(o.value for o in (CO.CONNECTED, CO.NO_ANSWER, CO.REFUSED, CO.PROMISED,
                                    CO.HARDSHIP, CO.LOST_CONTACT, CO.WRONG_NUMBER,
                                    CO.COMPLAINT, CO.PAID))
# by severity: up to 30 days, up to 90 days, beyond
_OUTCOME_CUM = [_cumulative(w) for w in ((30, 22, 3, 33, 8, 0, 1, 1, 2),
                                         (15, 28, 8, 27, 15, 4, 1, 1, 1),
                                         (6, 30, 12, 17, 18, 13, 2, 1, 1))]
_PAST_VISIT = (VisitStatus.REVIEWED, VisitStatus.PENDING_REVIEW, VisitStatus.VISITED,
               VisitStatus.RETURNED, VisitStatus.NOT_MET, VisitStatus.CANCELLED)
_PAST_VISIT_CUM = _cumulative((35, 20, 10, 10, 15, 10))
_MET_VISIT = (VisitStatus.REVIEWED, VisitStatus.PENDING_REVIEW, VisitStatus.VISITED,
              VisitStatus.RETURNED)
# stored by value (VisitReason), like every closed vocabulary
_REASONS = tuple(v.value for v in (VisitReason.BUSINESS_DIFFICULTY, VisitReason.FAMILY_EVENT,
                                   VisitReason.UNEMPLOYED, VisitReason.INCOME_DROP,
                                   VisitReason.ILLNESS, VisitReason.OTHER))
_PREPARED = tuple(c.value for c in (ChecklistItem.BASICS_VERIFIED, ChecklistItem.OVERDUE_REVIEWED,
                                    ChecklistItem.FAMILY_KNOWN, ChecklistItem.PLAN_PREPARED,
                                    ChecklistItem.SUPERVISOR_INFORMED))
_BASICS, _TOLD_SUPERVISOR = (ChecklistItem.BASICS_VERIFIED.value,
                             ChecklistItem.SUPERVISOR_INFORMED.value)
_SITUATIONS = ("客户经营的小店受周边道路施工影响，客流明显减少", "客户家人患病住院，医疗支出较大",
               "客户在外地务工，收入不稳定", "客户对还款有意愿，但短期资金紧张",
               "客户承接的工程款尚未结算，资金回笼慢")
_FINDINGS = ("住所与登记地址一致，家庭居住稳定", "店铺仍在正常营业，存货较少",
             "客户态度诚恳，愿意配合制定还款计划", "家中有老人需要照顾，配偶无固定收入")
_SURVEY_CHANNELS = tuple(c.value for c in (SurveyChannel.PHONE, SurveyChannel.BRANCH,
                                           SurveyChannel.PAPER, SurveyChannel.VISIT,
                                           SurveyChannel.EMAIL))
_SURVEY_CHANNEL_CUM = _cumulative((45, 25, 15, 10, 5))
_SURVEY_VISIT = SurveyChannel.VISIT.value
_FEEDBACK_KINDS = (FeedbackKind.COMPLAINT, FeedbackKind.SUGGESTION, FeedbackKind.PRAISE)
_FEEDBACK_KIND_CUM = _cumulative((35, 40, 25))
_FEEDBACK_CHANNELS = ("电话", "网点", "微信", "意见箱", "监管转办")
_ADOPTIONS = ("adopted", "not_adopted", "implemented")
_OPEN_CASE, _CLOSED_CASE = CaseStatus.OPEN.value, CaseStatus.CLOSED.value
_CASE_STORIES = (
    ("客户对催收电话频次不满，认为打扰正常生活", "主管致电致歉，调整为每周一次、工作日晚间联系",
     "客户表示理解，愿意按约还款"),
    ("网点办理业务排队时间长，客户等待超过一小时", "为客户开通预约办理，并介绍手机银行还款",
     "客户已改用手机银行还款，表示满意"),
    ("客户经理对延期还款政策解释不清", "客户经理上门说明政策并协助准备申请材料",
     "客户已提交延期申请，对处理过程认可"),
    ("客户认为贷款产品选择少，利率偏高", "介绍了新上线的随借随还经营贷及利率优惠",
     "客户考虑续贷时改选新产品"),
)
_RESOLUTIONS = {FeedbackKind.COMPLAINT: "已致电客户说明情况并致歉，调整了联系频次",
                FeedbackKind.SUGGESTION: "已汇总上报总行相关部门",
                FeedbackKind.PRAISE: "已转达表扬并纳入员工服务考评"}
