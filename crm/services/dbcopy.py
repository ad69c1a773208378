"""Copy a whole database to another one (SQLite -> PostgreSQL and back), or merge a laptop in.

Plain copy (`db copy --from A --to B`):
- B is brought to the code's schema head and must be empty. Tables are copied in foreign-key
  order with their ids, in batches (Core executemany; never the ORM, MEASURED.md), one
  transaction per table. Attachments are rows too (documents.content), so they travel with
  the table; so does the audit trail (audit_events).
- Resumable: when a run stops half-way, the tables already committed are compared with the
  source (row count and checksum) on the next run; identical tables are skipped, and any other
  non-empty table makes the copy refuse.
- PostgreSQL sequences are moved past the copied ids (setval), the planner statistics refreshed.
- Verified per table: row count and an order-independent checksum (see `row_digest`) of the
  values read back from B, computed the same way as those read from A.

Merge (`--merge`): a manager's laptop database into the (non-empty) branch database, in one
transaction. Rows are matched by natural keys; nothing that exists in B is overwritten:
- branches by code, users by username, customers by ID number, loans by loan number
  (inserted with new ids when B lacks them). A customer or loan on both sides whose master
  fields differ is reported as a conflict (customer, field, B's value, the laptop's value).
- the laptop's work on customers - parties, snapshots, contacts and promises, visits and their
  staff, tasks, attachments, repayment plans, alerts, scores, surveys answered, feedback,
  cases - and its audit trail are added with new ids and their references re-pointed. A row
  that B already has (same values apart from ids, version and updated_at) is not added again,
  so running the same merge twice adds nothing.
- survey templates/questions and risk rules are matched by code (B's are kept; rows that
  need a template B lacks are skipped and counted); settings, district weights, rule-set
  versions, saved views and import history stay B's and are not merged.
- afterwards each added row is read back from B and checked against the laptop's row by the
  same checksum.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timezone
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Enum as SAEnum, LargeBinary, Numeric,
                        String, Table, Text, Time, bindparam, cast,
                        func, insert, literal, select, text, tuple_, type_coerce, update)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from crm.domain.actors import Actor
from crm.domain.errors import UserError
from crm.models import Base
from crm.persistence.engine import Database

Progress = Callable[[int, int, str], None]
BATCH = 2000
BLOB_BATCH = 50          # documents carry their file bytes: fewer rows per batch
MOD = 1 << 128
CANCELLED = "已取消复制：已完成的表保留在目标数据库中，再次运行同一命令会跳过它们，从中断处继续。"

# --- merge policy ------------------------------------------------------------------------------
KEYS: dict[str, tuple[str, ...]] = {
    "branches": ("code",), "users": ("username",), "customers": ("id_number",),
    "loans": ("loan_no",), "survey_templates": ("code", "revision"),
    "survey_questions": ("template_id", "seq"), "risk_rules": ("code",),
    "survey_responses": ("survey_code",), "survey_invitations": ("code",),
}
MAP_ONLY = frozenset({"survey_templates", "survey_questions", "risk_rules"})
NOT_MERGED = frozenset({"settings", "district_risks", "risk_rule_set_versions", "saved_views",
                        "import_batches", "import_changes"})
# fields compared for a customer/loan present on both sides (derived and volatile ones are not:
# risk, balances and overdue figures come from the core system and the recompute)
COMPARED: dict[str, tuple[str, ...]] = {
    "customers": ("name", "gender", "birth_date", "phone", "phone2", "address", "district",
                  "latitude", "longitude", "occupation", "employer", "monthly_income", "assets",
                  "liabilities", "credit_score", "family_situation", "preferences", "notes",
                  "consent_scope", "consent_at", "owner_id", "branch_id"),
    "loans": ("customer_id", "product", "principal", "rate", "disbursed_on", "maturity_on",
              "repayment_method", "collateral", "guarantee", "purpose"),
}
# integer columns that point at another table without a foreign key
SOFT_REFS: dict[tuple[str, str], str] = {
    ("visit_plans", "appointment_contact_id"): "contact_records",
    ("survey_responses", "manager_id"): "users", ("survey_responses", "branch_id"): "branches",
    ("survey_responses", "thanked_by"): "users",
    ("survey_responses", "follow_up_of"): "survey_responses",
    ("feedback", "decided_by"): "users",
    ("remediation_cases", "feedback_id"): "feedback",
    ("remediation_cases", "escalated_to"): "users", ("remediation_cases", "closed_by"): "users",
    ("remediation_cases", "follow_up_task_id"): "tasks",
    ("audit_events", "actor_id"): "users", ("audit_events", "customer_id"): "customers",
}
TASK_SOURCES = {"visit_plan": "visit_plans", "visit_survey": "visit_plans",
                "case_follow_up": "remediation_cases", "case_escalated": "remediation_cases",
                "promise_broken": "contact_records", "contact_records": "contact_records",
                "repayment_instalment": "repayment_plan_instalments", "risk_alert": "risk_alerts"}
NOT_IN_FINGERPRINT = frozenset({"version", "updated_at"})
FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "phone": "手机", "phone2": "备用电话",
    "address": "住址", "district": "区县", "latitude": "纬度", "longitude": "经度",
    "occupation": "职业", "employer": "工作单位", "monthly_income": "月收入", "assets": "资产",
    "liabilities": "负债", "credit_score": "信用评分", "family_situation": "家庭情况",
    "preferences": "偏好", "notes": "备注", "consent_scope": "授权范围", "consent_at": "授权时间",
    "owner_id": "客户经理", "branch_id": "支行", "customer_id": "客户", "product": "产品",
    "principal": "本金", "rate": "利率", "disbursed_on": "发放日", "maturity_on": "到期日",
    "repayment_method": "还款方式", "collateral": "抵押物", "guarantee": "担保", "purpose": "用途",
}
TABLE_LABELS = {
    "branches": "支行", "users": "用户", "customers": "客户", "loans": "贷款",
    "contact_records": "联系记录", "visit_plans": "走访", "tasks": "待办", "documents": "附件",
    "audit_events": "审计记录", "repayment_plans": "还款计划", "survey_responses": "问卷",
}


@dataclass
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str
    seconds: float = 0.0
    skipped: bool = False          # already copied by an earlier, interrupted run

    @property
    def ok(self) -> bool:
        return (self.source_rows == self.target_rows
                and self.source_checksum == self.target_checksum)


@dataclass(frozen=True)
class Conflict:
    table: str            # customers or loans
    key: str              # the ID number or loan number
    label: str            # the customer's name (and loan number)
    field: str
    ours: str             # the target's value, kept
    theirs: str           # the source's value, not written


@dataclass
class CopyReport:
    source: str
    target: str
    merge: bool
    checks: list[TableCheck] = field(default_factory=list)
    inserted: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0

    @property
    def mismatches(self) -> list[TableCheck]:
        return [c for c in self.checks if not c.ok]

    @property
    def ok(self) -> bool:
        return not self.mismatches

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# --- reading and writing rows the same way on both backends -----------------------------------

def _is_json(col: Column[Any]) -> bool:
    return isinstance(col.type, JSON)


def _is_enum(col: Column[Any]) -> bool:
    return isinstance(col.type, SAEnum)


def _read_expr(col: Column[Any], dialect: str) -> ColumnElement[Any]:
    """JSON as its stored text (keeps SQL NULL apart from JSON null), enums as their strings."""
    if _is_json(col):
        expr = type_coerce(col, Text) if dialect == "sqlite" else cast(col, Text)
        return expr.label(col.name)
    if _is_enum(col):
        return type_coerce(col, String).label(col.name)
    return col


def _select(table: Table, dialect: str, columns: Sequence[Column[Any]] | None = None) -> Any:
    cols = list(columns if columns is not None else table.columns)
    return select(*[_read_expr(c, dialect) for c in cols]).order_by(*table.primary_key.columns)


def _insert(table: Table, dialect: str, columns: Sequence[Column[Any]]) -> Any:
    values: dict[str, Any] = {}
    for col in columns:
        if _is_json(col):
            param = bindparam(f"p_{col.name}", type_=Text)
            values[col.name] = param if dialect == "sqlite" else cast(param, col.type)
        elif _is_enum(col):
            values[col.name] = bindparam(f"p_{col.name}", type_=String)
        else:
            values[col.name] = bindparam(f"p_{col.name}", type_=col.type)
    return insert(table).values(values)


def _params(names: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    return {f"p_{n}": v for n, v in zip(names, row)}


def canonical(value: Any, col: Column[Any] | None = None) -> str:
    """One text per value, whichever backend it was read from."""
    if value is None:
        return "\x00"
    if col is not None and _is_json(col):
        return "j" + json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False,
                                separators=(",", ":"))
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, Enum):
        return "s" + str(value.value)
    if isinstance(value, int):
        return "s" + str(value)
    if isinstance(value, Decimal):
        scale = getattr(col.type, "scale", None) if col is not None else None
        if isinstance(scale, int) and value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-scale))
        return "d" + format(value, "f")
    if isinstance(value, float):
        if col is not None and isinstance(col.type, Numeric) and col.type.asdecimal:
            return canonical(Decimal(str(value)), col)
        return "f" + repr(value)
    if isinstance(value, str):
        return "s" + value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "b" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return "t" + value.isoformat()
    if isinstance(value, (date, dtime)):
        return "t" + value.isoformat()
    return "?" + repr(value)


def _converter(col: Column[Any]) -> Callable[[Any], str]:
    """canonical() specialised for one column: the checksum runs it on every value."""
    kind = col.type
    if _is_json(col) or isinstance(kind, (Numeric, LargeBinary, DateTime, Date, Time, Boolean)):
        return lambda v: canonical(v, col)
    return lambda v: "\x00" if v is None else "s" + str(v.value if isinstance(v, Enum) else v)


_CONVERTERS: dict[tuple[Column[Any], ...], list[Callable[[Any], str]]] = {}


def row_digest(values: Iterable[Any], columns: Sequence[Column[Any]]) -> int:
    key = tuple(columns)
    fns = _CONVERTERS.get(key)
    if fns is None:
        fns = _CONVERTERS[key] = [_converter(c) for c in columns]
    text_ = "\x1f".join([f(v) for f, v in zip(fns, values)])
    return int.from_bytes(hashlib.blake2b(text_.encode("utf-8"), digest_size=16).digest(), "big")


class _Sum:
    """Order-independent checksum: the sum of the rows' 128-bit digests, and the row count."""

    def __init__(self) -> None:
        self.total = 0
        self.rows = 0

    def add(self, digest: int) -> None:
        self.total = (self.total + digest) % MOD
        self.rows += 1

    @property
    def hex(self) -> str:
        return f"{self.total:032x}"


def table_checksum(conn: Connection, table: Table, batch: int = BATCH) -> tuple[int, str]:
    """Row count and checksum of a whole table, streamed in primary-key order."""
    acc = _Sum()
    cols = list(table.columns)
    result = conn.execution_options(yield_per=batch).execute(_select(table, conn.dialect.name))
    for part in result.partitions():
        for row in part:
            acc.add(row_digest(row, cols))
    result.close()
    return acc.rows, acc.hex


def _batch_size(table: Table) -> int:
    return BLOB_BATCH if table.name == "documents" else BATCH


# --- snapshots, sequences, emptiness -----------------------------------------------------------

def _snapshot(db: Database) -> Connection:
    """A read connection that sees one consistent state of the source for the whole copy."""
    if db.backend == "postgresql":
        conn = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
        conn.begin()
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        return conn
    conn = db.engine.connect()
    conn.exec_driver_sql("BEGIN")  # a read transaction: WAL gives it a snapshot
    conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    return conn


def _close(conn: Connection) -> None:
    try:
        conn.rollback()
    finally:
        conn.close()


def reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move every id sequence past the largest id, so new rows get fresh ids."""
    if conn.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                           {"t": table.name}).scalar()
        if seq:
            top = conn.scalar(select(func.max(table.c.id)))
            conn.execute(text("SELECT setval(:s, :v, :called)"),
                         {"s": seq, "v": top or 1, "called": top is not None})


def non_empty_tables(conn: Connection) -> list[str]:
    return [t.name for t in Base.metadata.sorted_tables
            if conn.execute(select(literal(1)).select_from(t).limit(1)).first() is not None]


def _prepare(src: Database, dst: Database) -> None:
    from crm.persistence.migrate import upgrade

    if src.url.render_as_string(hide_password=False) == dst.url.render_as_string(hide_password=False):
        raise UserError("源数据库和目标数据库是同一个，请给出另一个目标数据库。")
    src.check()
    dst.check()
    upgrade(src)   # the app would do the same at its next start
    upgrade(dst)


def _audit(dst: Database, actor: Actor, action: str, summary: str, after: dict[str, Any]) -> None:
    with dst.uow(actor) as uow:
        uow.audit(action, summary, after=after)
        uow.commit()


# --- plain copy --------------------------------------------------------------------------------

def copy_database(src: Database, dst: Database, *, merge: bool = False,
                  progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                  actor: Actor | None = None) -> CopyReport:
    """Copy src into dst (empty, or resuming an interrupted copy), or merge it (merge=True)."""
    actor = actor or Actor.cli()
    _prepare(src, dst)
    if merge:
        return merge_database(src, dst, progress=progress, cancel=cancel, actor=actor)
    started = time.perf_counter()
    report = CopyReport(src.description, dst.description, merge=False)
    tables = Base.metadata.sorted_tables
    with dst.engine.connect() as conn:
        filled = non_empty_tables(conn)
    done: set[str] = set()
    if filled:
        done = _resumable(src, dst, filled, report)
    total = len(tables)
    sconn = _snapshot(src)
    try:
        for n, table in enumerate(tables):
            if progress:
                progress(n, total, f"复制 {table.name}")
            if table.name in done:
                continue
            report.checks.append(_copy_table(sconn, dst, table, progress, cancel))
    finally:
        _close(sconn)
    with dst.engine.begin() as conn:
        reset_sequences(conn)
        if dst.backend == "postgresql":
            conn.exec_driver_sql("ANALYZE")
    # verify: read every table back from the target
    for check in report.checks:
        if check.skipped:
            continue
        if progress:
            progress(total, total, f"校验 {check.table}")
        with dst.engine.connect() as conn:
            check.target_rows, check.target_checksum = table_checksum(
                conn, Base.metadata.tables[check.table], _batch_size(Base.metadata.tables[check.table]))
    report.rows = sum(c.source_rows for c in report.checks if not c.skipped)
    report.seconds = time.perf_counter() - started
    if progress:
        progress(total, total, "完成")
    _audit(dst, actor, "db_copy",
           f"从 {src.description} 复制整库：{report.rows} 行，"
           + ("校验一致" if report.ok else f"{len(report.mismatches)} 张表校验不一致"),
           {"source": src.description, "rows": report.rows, "ok": report.ok,
            "mismatches": [c.table for c in report.mismatches]})
    return report


def _resumable(src: Database, dst: Database, filled: list[str], report: CopyReport) -> set[str]:
    """Tables an interrupted copy already committed are skipped when identical to the source."""
    differing: list[str] = []
    same: set[str] = set()
    with src.engine.connect() as sconn, dst.engine.connect() as dconn:
        for name in filled:
            table = Base.metadata.tables[name]
            s_rows, s_sum = table_checksum(sconn, table, _batch_size(table))
            d_rows, d_sum = table_checksum(dconn, table, _batch_size(table))
            if (s_rows, s_sum) == (d_rows, d_sum):
                same.add(name)
                report.checks.append(TableCheck(name, s_rows, d_rows, s_sum, d_sum, skipped=True))
            else:
                differing.append(name)
    if differing:
        names = "、".join(differing[:8]) + (f" 等 {len(differing)} 张表" if len(differing) > 8 else "")
        raise UserError(f"目标数据库不是空的：{names} 已有数据（{dst.description}）。"
                        "整库复制只能复制到刚建立的空数据库；要把本库合并进已有数据，请加 --merge。")
    report.notes.append(f"继续上次中断的复制：{len(same)} 张表已复制且与源一致，已跳过。")
    return same


def _copy_table(sconn: Connection, dst: Database, table: Table, progress: Progress | None,
                cancel: Callable[[], bool] | None) -> TableCheck:
    started = time.perf_counter()
    cols = list(table.columns)
    names = [c.name for c in cols]
    stmt = _insert(table, dst.backend, cols)
    acc = _Sum()
    copier = _pg_copier(table, dst) if dst.backend == "postgresql" else None
    result = sconn.execution_options(yield_per=_batch_size(table)).execute(
        _select(table, sconn.dialect.name))
    with dst.engine.begin() as dconn:
        suspended = False
        if dst.backend == "sqlite" and table.name == "customers":
            from crm.persistence.search_index import suspend_search_index

            suspend_search_index(dconn)
            suspended = True
        for part in result.partitions():
            if cancel is not None and cancel():
                raise UserError(CANCELLED)
            for row in part:
                acc.add(row_digest(row, cols))
            if copier is not None:
                copier(dconn, part)
            else:
                dconn.execute(stmt, [_params(names, row) for row in part])
            if progress:
                progress(acc.rows, 0, f"复制 {table.name}")
        if suspended:
            from crm.persistence.search_index import rebuild_search_index

            rebuild_search_index(dconn)
    result.close()
    return TableCheck(table.name, acc.rows, -1, acc.hex, "", time.perf_counter() - started)


def _pg_copier(table: Table, dst: Database) -> Callable[[Connection, Sequence[Any]], None]:
    """PostgreSQL: load a batch with COPY (several times faster than executemany, MEASURED.md).

    Each value goes through its column type's bind processing first (amounts quantized, times
    in UTC); JSON arrives as its stored text and enums as their strings, as with INSERT.
    """
    dialect = dst.engine.dialect
    procs = [None if _is_json(col) or _is_enum(col)
             else col.type.dialect_impl(dialect).bind_processor(dialect) for col in table.columns]
    sql = (f'COPY {dialect.identifier_preparer.format_table(table)} ('
           + ", ".join(dialect.identifier_preparer.quote(c.name) for c in table.columns)
           + ") FROM STDIN")

    def load(conn: Connection, rows: Sequence[Any]) -> None:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([v if p is None or v is None else p(v) for p, v in zip(procs, row)])
        cursor.close()

    return load


# --- merge -------------------------------------------------------------------------------------

def _display(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, (date, dtime)):
        return value.isoformat()
    return str(value)


def _same(a: Any, b: Any, col: Column[Any]) -> bool:
    return canonical(a, col) == canonical(b, col)


class _Merger:
    def __init__(self, sconn: Connection, dconn: Connection, report: CopyReport,
                 progress: Progress | None, cancel: Callable[[], bool] | None) -> None:
        self.s, self.d, self.report = sconn, dconn, report
        self.dialect = dconn.dialect.name
        self.progress, self.cancel = progress, cancel
        self.ids: dict[str, dict[Any, Any]] = defaultdict(dict)     # table -> source id -> target id
        self.added: dict[str, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
        self.deferred: list[tuple[str, str, Any, str, Any]] = []   # table, column, new id, ref table, src ref
        self.labels: dict[str, dict[Any, str]] = defaultdict(dict)  # target id -> name, for conflicts

    # references -------------------------------------------------------------------------------
    def _fk_targets(self, table: Table) -> dict[str, str]:
        return {c.name: next(iter(c.foreign_keys)).column.table.name
                for c in table.columns if c.foreign_keys}

    def _soft_target(self, table: str, col: str, row: Mapping[str, Any]) -> str | None:
        if table == "tasks" and col == "source_id":
            return TASK_SOURCES.get(row.get("source_type") or "")
        return SOFT_REFS.get((table, col))

    def remap(self, table: Table, row: dict[str, Any]) -> tuple[dict[str, Any] | None, list[tuple[str, str, Any]]]:
        """Point the row's references at target ids; None when a parent was not merged."""
        out = dict(row)
        later: list[tuple[str, str, Any]] = []
        for col, ref in self._fk_targets(table).items():
            value = row[col]
            if value is None:
                continue
            if ref in NOT_MERGED:
                out[col] = None
            elif value in self.ids[ref]:
                out[col] = self.ids[ref][value]
            else:
                return None, []
        for col in list(row):
            ref = self._soft_target(table.name, col, row)
            if ref is None or row[col] is None:
                continue
            if ref in NOT_MERGED:
                out[col] = None
            elif row[col] in self.ids[ref]:
                out[col] = self.ids[ref][row[col]]
            else:   # points at a row merged later (or not at all): fixed up at the end
                out[col] = None
                later.append((col, ref, row[col]))
        if table.name == "audit_events" and row.get("entity") in Base.metadata.tables:
            mapped = self.ids[row["entity"]].get(_int(row.get("entity_id")))
            out["entity_id"] = str(mapped) if mapped is not None else row.get("entity_id")
        return out, later

    def _fingerprint_cols(self, table: Table) -> list[Column[Any]]:
        soft = {c for (t, c) in SOFT_REFS if t == table.name}
        if table.name == "tasks":
            soft.add("source_id")
        if table.name == "audit_events":
            soft.add("entity_id")
        pk = {c.name for c in table.primary_key.columns} if len(table.primary_key.columns) == 1 else set()
        return [c for c in table.columns
                if c.name not in pk and c.name not in NOT_IN_FINGERPRINT and c.name not in soft]

    # tables -------------------------------------------------------------------------------------
    def run(self) -> None:
        # the audit trail last: its references (customer, actor, entity) are all mapped by then
        tables = sorted(Base.metadata.sorted_tables, key=lambda t: t.name == "audit_events")
        for n, table in enumerate(tables):
            if self.progress:
                self.progress(n, len(tables), f"合并 {table.name}")
            if self.cancel is not None and self.cancel():
                raise UserError("已取消合并，目标数据库未作任何更改。")
            if table.name in NOT_MERGED:
                continue
            rows = [dict(r._mapping) for r in self.s.execute(_select(table, self.s.dialect.name))]
            if not rows:
                continue
            if table.name in KEYS:
                self._keyed(table, rows)
            elif len(table.primary_key.columns) > 1:
                self._link(table, rows)
            else:
                self._dependent(table, rows)
        self._fix_deferred()

    def _target_rows(self, table: Table, cols: Sequence[Column[Any]]) -> list[Any]:
        pk = list(table.primary_key.columns)
        return list(self.d.execute(select(*pk, *[_read_expr(c, self.dialect) for c in cols])))

    def _keyed(self, table: Table, rows: list[dict[str, Any]]) -> None:
        key_cols = KEYS[table.name]
        compared = COMPARED.get(table.name, ())
        cols = [table.c[k] for k in key_cols] + [table.c[f] for f in compared]
        existing: dict[tuple[Any, ...], Any] = {}
        for r in self._target_rows(table, cols):
            existing[tuple(r[1:1 + len(key_cols)])] = r
            if table.name in ("customers", "users", "branches"):   # customers: by name
                self.labels[table.name][r[0]] = str(r[2] if table.name == "customers" else r[1])
        new_rows: list[tuple[Any, dict[str, Any], list[tuple[str, str, Any]]]] = []
        for row in rows:
            mapped, later = self.remap(table, row)
            if mapped is None:
                self._skip(table.name)
                continue
            key = tuple(mapped[k] for k in key_cols)
            found = existing.get(key)
            if found is not None:
                self.ids[table.name][row["id"]] = found[0]
                self.report.matched[table.name] = self.report.matched.get(table.name, 0) + 1
                self._compare(table, row, mapped, found, len(key_cols))
            elif table.name in MAP_ONLY:
                self._skip(table.name)
            else:
                new_rows.append((row["id"], mapped, later))
        self._insert_new(table, new_rows)

    def _compare(self, table: Table, row: dict[str, Any], mapped: dict[str, Any], found: Any,
                 offset: int) -> None:
        for i, name in enumerate(COMPARED.get(table.name, ())):
            ours, theirs, col = found[1 + offset + i], mapped[name], table.c[name]
            if _same(ours, theirs, col):
                continue
            if name in ("owner_id", "customer_id", "branch_id"):
                ref = {"owner_id": "users", "customer_id": "customers", "branch_id": "branches"}[name]
                ours, theirs = (self.labels[ref].get(ours, ours), self.labels[ref].get(theirs, theirs))
            if table.name == "customers":
                label = row["name"]
            else:
                label = f"{self.labels['customers'].get(found_customer(found, table), '')} 借据 {row['loan_no']}"
            self.report.conflicts.append(Conflict(
                table.name, str(row[KEYS[table.name][0]]), label.strip(),
                FIELD_LABELS.get(name, name), _display(ours), _display(theirs)))

    def _insert_new(self, table: Table, new_rows: list[tuple[Any, dict[str, Any], list[tuple[str, str, Any]]]]) -> None:
        if not new_rows:
            return
        single = len(table.primary_key.columns) == 1
        cols = [c for c in table.columns if not (single and c.primary_key)]
        names = [c.name for c in cols]
        stmt = _insert(table, self.dialect, cols)
        pk = next(iter(table.primary_key.columns))
        for start in range(0, len(new_rows), 500):
            chunk = new_rows[start:start + 500]
            params = [_params(names, [m[n] for n in names]) for _src, m, _l in chunk]
            result = self.d.execute(stmt.returning(pk, sort_by_parameter_order=True), params)
            new_ids = [r[0] for r in result]
            for (src_id, mapped, later), new_id in zip(chunk, new_ids):
                self.ids[table.name][src_id] = new_id
                self.added[table.name].append((new_id, mapped))
                if table.name in ("customers", "users", "branches"):
                    self.labels[table.name][new_id] = str(
                        mapped["name"] if table.name == "customers" else mapped[KEYS[table.name][0]])
                for col, ref, src_ref in later:
                    self.deferred.append((table.name, col, new_id, ref, src_ref))
        self.report.inserted[table.name] = self.report.inserted.get(table.name, 0) + len(new_rows)

    def _dependent(self, table: Table, rows: list[dict[str, Any]]) -> None:
        fp_cols = self._fingerprint_cols(table)
        pk = next(iter(table.primary_key.columns))
        have: dict[int, Any] = {}
        for r in self._target_rows(table, fp_cols):
            have.setdefault(row_digest(r[1:], fp_cols), r[0])
        new_rows = []
        for row in rows:
            mapped, later = self.remap(table, row)
            if mapped is None:
                self._skip(table.name)
                continue
            digest = row_digest([mapped[c.name] for c in fp_cols], fp_cols)
            if digest in have:
                self.ids[table.name][row[pk.name]] = have[digest]
                self.report.matched[table.name] = self.report.matched.get(table.name, 0) + 1
            else:
                new_rows.append((row[pk.name], mapped, later))
        self._insert_new(table, new_rows)
        if table.name == "contact_records":
            self._touch_last_contact(new_rows)

    def _link(self, table: Table, rows: list[dict[str, Any]]) -> None:
        pk_names = [c.name for c in table.primary_key.columns]
        have = {tuple(r) for r in self.d.execute(select(*table.primary_key.columns))}
        cols = list(table.columns)
        names = [c.name for c in cols]
        params = []
        for row in rows:
            mapped, _later = self.remap(table, row)
            if mapped is None:
                self._skip(table.name)
                continue
            key = tuple(mapped[n] for n in pk_names)
            if key in have:
                self.report.matched[table.name] = self.report.matched.get(table.name, 0) + 1
                continue
            have.add(key)
            params.append(_params(names, [mapped[n] for n in names]))
            self.added[table.name].append((key, mapped))
        if params:
            self.d.execute(_insert(table, self.dialect, cols), params)
            self.report.inserted[table.name] = self.report.inserted.get(table.name, 0) + len(params)

    def _touch_last_contact(self, new_rows: list[tuple[Any, dict[str, Any], Any]]) -> None:
        """The customers' 'last contact' follows the contacts the merge added."""
        latest: dict[int, datetime] = {}
        for _src, m, _l in new_rows:
            at = m.get("contacted_at")
            if at is not None and m.get("outcome") not in ("no_answer", "refused", "lost_contact"):
                if m["customer_id"] not in latest or latest[m["customer_id"]] < at:
                    latest[m["customer_id"]] = at
        customers = Base.metadata.tables["customers"]
        for cid, at in latest.items():
            self.d.execute(update(customers).where(
                customers.c.id == cid,
                (customers.c.last_contact_at.is_(None)) | (customers.c.last_contact_at < at))
                .values(last_contact_at=at))

    def _fix_deferred(self) -> None:
        unresolved = 0
        added = {t: dict(rows) for t, rows in self.added.items()}
        for table_name, col, new_id, ref, src_ref in self.deferred:
            target = self.ids[ref].get(src_ref)
            if target is None:
                unresolved += 1
                continue
            table = Base.metadata.tables[table_name]
            self.d.execute(update(table).where(table.c.id == new_id).values({col: target}))
            added[table_name][new_id][col] = target
        if unresolved:
            self.report.notes.append(f"{unresolved} 处指向未合并记录的引用已置空。")

    def _skip(self, table: str) -> None:
        self.report.skipped[table] = self.report.skipped.get(table, 0) + 1

    # verification -------------------------------------------------------------------------------
    def verify(self) -> None:
        """Read every added row back from the target and compare it with what was written."""
        for name, rows in self.added.items():
            table = Base.metadata.tables[name]
            single = len(table.primary_key.columns) == 1
            cols = [c for c in table.columns if not (single and c.primary_key)]
            want, got = _Sum(), _Sum()
            for _id, mapped in rows:
                want.add(row_digest([mapped[c.name] for c in cols], cols))
            if single:
                pk = next(iter(table.primary_key.columns))
                ids = [i for i, _m in rows]
                for start in range(0, len(ids), 500):
                    stmt = select(*[_read_expr(c, self.dialect) for c in cols]).where(
                        pk.in_(ids[start:start + 500]))
                    for r in self.d.execute(stmt):
                        got.add(row_digest(r, cols))
            else:
                keys = [k for k, _m in rows]
                pkc = list(table.primary_key.columns)
                for start in range(0, len(keys), 500):
                    stmt = select(*[_read_expr(c, self.dialect) for c in cols]).where(
                        tuple_(*pkc).in_(keys[start:start + 500]))
                    for r in self.d.execute(stmt):
                        got.add(row_digest(r, cols))
            self.report.checks.append(TableCheck(name, want.rows, got.rows, want.hex, got.hex))


def found_customer(found: Any, table: Table) -> Any:
    """The target customer id of a matched loan row (customer_id is its first compared field)."""
    return found[1 + len(KEYS[table.name])]


def _int(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def merge_database(src: Database, dst: Database, *, progress: Progress | None = None,
                   cancel: Callable[[], bool] | None = None, actor: Actor | None = None) -> CopyReport:
    """Merge src (a laptop) into dst (the branch) by natural keys, in one transaction."""
    actor = actor or Actor.cli()
    started = time.perf_counter()
    report = CopyReport(src.description, dst.description, merge=True)
    sconn = _snapshot(src)
    try:
        with dst.engine.begin() as dconn:
            merger = _Merger(sconn, dconn, report, progress, cancel)
            merger.run()
            merger.verify()
            if not report.ok:
                bad = "、".join(c.table for c in report.mismatches)
                raise UserError(f"合并后校验不一致（{bad}），已回滚，目标数据库未作任何更改。")
            reset_sequences(dconn)
    finally:
        _close(sconn)
    report.rows = sum(report.inserted.values())
    report.seconds = time.perf_counter() - started
    if report.skipped:
        report.notes.append("未合并的记录：" + "，".join(
            f"{TABLE_LABELS.get(t, t)} {n} 条" for t, n in report.skipped.items())
            + "（其所属的问卷模板或上级记录在目标库中不存在）。")
    report.notes.append("合并不改动目标库已有的设置、风险规则、问卷模板和导入历史；"
                        "合并后请运行“风险重算”（python -m crm risk recompute）。")
    _audit(dst, actor, "db_merge",
           f"从 {src.description} 合并：新增 {report.rows} 行，冲突 {len(report.conflicts)} 处",
           {"source": src.description, "inserted": report.inserted, "matched": report.matched,
            "skipped": report.skipped,
            "conflicts": [{"table": c.table, "label": c.label, "field": c.field}
                          for c in report.conflicts]})
    return report


__all__ = ["Conflict", "CopyReport", "TableCheck", "canonical", "copy_database", "merge_database",
           "non_empty_tables", "reset_sequences", "row_digest", "table_checksum"]
