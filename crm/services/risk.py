"""Risk recompute: indicators by SQL aggregates, scores, alerts, segments and revisit tasks.

Set-based: customers are taken in batches (an id range for a full recompute, id lists for an
incremental one). In each batch one query finds the customers with a risk signal (overdue,
a class below normal, broken promises, failed contacts, complaints, ... or a score stored
last time); the others — usually most — cannot fire a rule: one INSERT ... SELECT works out
their result (score 0, the lowest level, the segment their value gives) into a temporary
table, keeping only the rows that differ from what is stored, and an UPDATE per combination
of differing column groups writes them. For the customers with a signal one aggregate query
per source table (loans, contacts, feedback, survey answers, snapshots, visits) gives every
indicator. A digest of what the rules read is stored with each result (risk_inputs): a
customer who reads the same as last time is skipped (a second run on a day, or the morning
run after the import's recompute); the pure rules (crm.domain.risk) score the others, then
one executemany each writes the customers whose result changed, the history rows, the alerts
and the tasks. Revisit tasks for the customers the rules did not see are set in SQL, and one
UPDATE writes the loans' suggested five-tier class. One transaction per batch: a cancel keeps
the batches already done, each of them whole.

Derived columns (customers' risk, segment and loan summary; loans' suggested class) are
written with SQL UPDATEs, like last_contact_at and next_follow_up: they must not bump a
row's version nor write an audit event per row. The recompute itself is one audit event;
the rule set it used is named on every customer and every history row.
"""
from __future__ import annotations

import gc
import hashlib
import json
import math
import time
from collections import defaultdict, namedtuple
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time as day_time, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger, Column, ColumnElement, Integer, MetaData, String, Table, Text, and_, bindparam,
    case, cast, func, insert, literal, literal_column, or_, select, type_coerce, union, update,
)
from sqlalchemy.orm import Session

from crm.domain.actors import Actor, Permission
from crm.domain.classification import TierThresholds
from crm.domain.compliance import SHANGHAI, local_date, local_today
from crm.domain.enums import (
    AlertStatus, ContactOutcome, FeedbackKind, FiveTier, LoanStatus, PromiseStatus,
    QuestionKind, RiskLevel, TaskKind, TaskStatus,
)
from crm.domain.errors import PermissionDenied
from crm.domain.risk import (
    Assessment, RuleSet, SegmentDef, evaluate, new_signals, quiet_assessment,
    quiet_segments, respond_by, segment_for, validate_rule_set,
)
from crm.models import (
    ContactRecord, Customer, DistrictRisk, Feedback, FinancialSnapshot, Loan, RiskAlert,
    RiskAlertEvent, RiskRule, RiskRuleSetVersion, RiskScore, SurveyAnswer, SurveyQuestion,
    SurveyResponse, Task, VisitPlan,
)
from crm.models.base import UTCDateTime, utcnow
from crm.paths import RESOURCES
from crm.persistence.engine import Database
from crm.persistence.uow import UnitOfWork
from crm.services.tasks import advance_next_follow_ups

DEFAULT_RULES = RESOURCES / "risk" / "default_rules.json"
BATCH = 20000  # customers per id range (full recompute)
ID_BATCH = 2000  # customers per IN list (incremental; the ids are written into the SQL)
SIGNAL_BATCH = 4000  # customers with a risk signal per IN list (scored in Python)
REVISIT_SOURCE = "risk_segment"
CANCELLED = "风险重算已取消"
OPEN_ALERTS = (AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS)
NOT_REACHED = (ContactOutcome.NO_ANSWER, ContactOutcome.REFUSED, ContactOutcome.LOST_CONTACT,
               ContactOutcome.WRONG_NUMBER)
RANK = {t.value: t.rank for t in FiveTier}
_TIERS = tuple(FiveTier)
_ZERO = Decimal("0.00")
_NONE: frozenset[str] = frozenset()
Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
C: Table = Customer.__table__  # type: ignore[assignment]
L: Table = Loan.__table__  # type: ignore[assignment]


# ---- the rule set: defaults, versions, edits ------------------------------------------------

def load_default_rule_set() -> RuleSet:
    return RuleSet.from_json(json.loads(DEFAULT_RULES.read_text(encoding="utf-8")))


def current_rule_set(session: Session) -> RuleSet | None:
    row = session.execute(select(RiskRuleSetVersion.number, RiskRuleSetVersion.snapshot)
                          .order_by(RiskRuleSetVersion.number.desc()).limit(1)).first()
    return None if row is None else RuleSet.from_json(row.snapshot, row.number)


def ensure_rule_set(uow: UnitOfWork) -> RuleSet:
    """The current rule set; on first use the shipped defaults, and on an upgrade that ships
    new default rules, those rules added (each a new version)."""
    current = current_rule_set(uow.session)
    defaults = load_default_rule_set()
    if current is None:
        return _save_version(uow, defaults, "初始默认规则")
    have = {r.code for r in current.rules}
    missing = tuple(r for r in defaults.rules if r.code not in have)
    if not missing:
        return current
    names = "、".join(r.name for r in missing)
    return _save_version(uow, replace(current, rules=current.rules + missing),
                         f"升级新增默认规则：{names}")


def _save_version(uow: UnitOfWork, rs: RuleSet, note: str) -> RuleSet:
    """Mirror the rules into RiskRule / DistrictRisk and freeze the whole set as a version.
    ORM writes: each changed rule and the version are audited."""
    s = uow.session
    rules = {r.code: r for r in s.scalars(select(RiskRule))}
    for rule in rs.rules:
        row = rules.get(rule.code) or RiskRule(code=rule.code)
        row.name, row.indicator, row.params = rule.name, rule.indicator, dict(rule.params)
        row.weight, row.severity, row.enabled = rule.weight, rule.severity, rule.enabled
        row.reason_template = rule.reason_template[:255]
        if row.id is None:
            s.add(row)
    districts = {d.district: d for d in s.scalars(select(DistrictRisk))}
    for name, weight in rs.districts.items():
        d = districts.get(name) or DistrictRisk(district=name)
        d.weight = weight
        if name not in districts:
            s.add(d)
    for name, d in districts.items():
        if name not in rs.districts:
            s.delete(d)
    number = (s.scalar(select(func.max(RiskRuleSetVersion.number))) or 0) + 1
    frozen = replace(rs, version=number, note=note)
    s.add(RiskRuleSetVersion(number=number, snapshot=frozen.to_json(), note=note,
                             created_by=uow.actor.user_id))
    s.flush()
    return frozen


def save_rule_set(uow: UnitOfWork, rs: RuleSet, note: str = "") -> RuleSet:
    """An administrator's edit: validated, saved as a new version (audited). The caller
    commits; the next recompute uses it."""
    uow.actor.require(Permission.MANAGE_SETTINGS)
    validate_rule_set(rs)
    return _save_version(uow, rs, note.strip() or "修改风险规则")


def rule_set_versions(session: Session, limit: int = 50) -> list[tuple[int, datetime, str]]:
    rows = session.execute(select(RiskRuleSetVersion.number, RiskRuleSetVersion.created_at,
                                  RiskRuleSetVersion.note)
                           .order_by(RiskRuleSetVersion.number.desc()).limit(limit))
    return [(n, at, note or "") for n, at, note in rows]


# ---- indicators by SQL aggregates ---------------------------------------------------------

def _cents(expr: Any) -> Any:
    return cast(func.round(expr * 100), BigInteger)


def _money(cents: Any) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class _Clock:
    now: datetime
    today: date

    def ago(self, days: int) -> datetime:
        return self.now - timedelta(days=days)


def _window(rs: RuleSet, code: str, default: int) -> int:
    rule = rs.rule(code)
    return (rule.window_days if rule is not None and rule.window_days else default)


def _loans(s: Session, where: ColumnElement[bool], rs: RuleSet, clock: _Clock) -> dict[int, tuple]:
    active = L.c.status == LoanStatus.ACTIVE.value
    # the bank's class, or a manager's override of it (as the import's summary counts it)
    own_class = func.coalesce(L.c.class_override, L.c.five_tier)
    rank = case(RANK, value=own_class, else_=None)
    horizon = clock.today + timedelta(days=_window(rs, "maturing_balance", 60))
    keywords = [k for k in rs.param("purpose_flag", "keywords", []) if k]
    flagged = (func.max(case((and_(active, _any_like(L.c.purpose, keywords)), L.c.purpose)))
               if keywords else literal(None))
    stmt = (select(
        L.c.customer_id,
        func.sum(case((active, _cents(L.c.balance)), else_=0)),
        func.sum(case((active, _cents(L.c.overdue_amount)), else_=0)),
        func.max(case((active, L.c.overdue_days), else_=0)),
        func.max(case((active, rank))),
        func.count(),
        func.min(L.c.disbursed_on),
        func.sum(case((and_(active, L.c.maturity_on >= clock.today, L.c.maturity_on <= horizon),
                       _cents(L.c.balance)), else_=0)),
        func.sum(case((and_(active, L.c.overdue_days > 0, L.c.collateral.is_(None),
                            L.c.guarantee.is_(None)), 1), else_=0)),
        flagged,
    ).where(where).group_by(L.c.customer_id))
    return {r[0]: tuple(r[1:]) for r in s.execute(stmt).all()}


def _any_like(col: Any, words: Sequence[str]) -> ColumnElement[bool]:
    return or_(*[col.contains(w, autoescape=True) for w in words])


def _contacts(s: Session, where: ColumnElement[bool], rs: RuleSet, clock: _Clock
              ) -> dict[int, tuple]:
    cr = ContactRecord
    not_reached = cr.outcome.in_(NOT_REACHED)
    fail_since = clock.ago(_window(rs, "failed_contacts", 30))
    broken_since = clock.today - timedelta(days=_window(rs, "broken_promises", 90))
    complaint_since = clock.ago(_window(rs, "complaint", 90))
    stmt = (select(
        cr.customer_id,
        type_coerce(func.max(case((~not_reached, cr.contacted_at))), UTCDateTime()),
        func.sum(case((and_(not_reached, cr.contacted_at >= fail_since), 1), else_=0)),
        func.sum(case((and_(cr.promise_status == PromiseStatus.BROKEN,
                            cr.promise_date >= broken_since), 1), else_=0)),
        func.sum(case((and_(cr.outcome == ContactOutcome.COMPLAINT,
                            cr.contacted_at >= complaint_since), 1), else_=0)),
    ).where(where).group_by(cr.customer_id))
    return {r[0]: tuple(r[1:]) for r in s.execute(stmt).all()}


def _complaints(s: Session, where: ColumnElement[bool], rs: RuleSet, clock: _Clock
                ) -> dict[int, int]:
    since = clock.ago(_window(rs, "complaint", 90))
    stmt = (select(Feedback.customer_id, func.count())
            .where(where, Feedback.kind == FeedbackKind.COMPLAINT, Feedback.received_at >= since)
            .group_by(Feedback.customer_id))
    return dict(s.execute(stmt).tuples().all())


def _low_scores(s: Session, where: ColumnElement[bool], rs: RuleSet, clock: _Clock
                ) -> dict[int, int]:
    since = clock.ago(_window(rs, "low_satisfaction", 90))
    stmt = (select(SurveyResponse.customer_id, func.min(SurveyAnswer.score))
            .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .where(where, SurveyQuestion.kind == QuestionKind.LIKERT5,
                   SurveyAnswer.score.is_not(None), SurveyResponse.collected_at >= since)
            .group_by(SurveyResponse.customer_id))
    return dict(s.execute(stmt).tuples().all())


def _snapshots(s: Session, where: ColumnElement[bool]) -> dict[int, dict[str, Any]]:
    """Income drop, liabilities rise and credit-score drop between the last two snapshots."""
    fs = FinancialSnapshot
    rows = s.execute(select(fs.customer_id, fs.monthly_income, fs.liabilities, fs.credit_score)
                     .where(where).order_by(fs.customer_id, fs.as_of, fs.id)).all()
    last_two: dict[int, list[tuple]] = defaultdict(list)
    for cid, income, liabilities, credit in rows:
        pair = last_two[cid]
        pair.append((income, liabilities, credit))
        if len(pair) > 2:
            pair.pop(0)
    out: dict[int, dict[str, Any]] = {}
    for cid, pair in last_two.items():
        if len(pair) < 2:
            continue
        (i0, l0, c0), (i1, l1, c1) = pair
        ind: dict[str, Any] = {}
        if i0 and i1 is not None and i0 > 0 and i1 < i0:
            ind["income_drop_pct"] = round(float((i0 - i1) / i0 * 100), 1)
        if l0 and l1 is not None and l0 > 0 and l1 > l0:
            ind["liabilities_rise_pct"] = round(float((l1 - l0) / l0 * 100), 1)
        if c0 is not None and c1 is not None and c1 < c0:
            ind["credit_drop"] = c0 - c1
        out[cid] = ind
    return out


def _visit_codes(s: Session, where: ColumnElement[bool], rs: RuleSet, clock: _Clock
                 ) -> dict[int, set[str]]:
    days = max(_window(rs, "visit_hardship", 180), _window(rs, "visit_wilful", 180))
    rows = s.execute(select(VisitPlan.customer_id, VisitPlan.reason_codes)
                     .where(where, VisitPlan.visited_at >= clock.ago(days))).all()
    out: dict[int, set[str]] = defaultdict(set)
    for cid, codes in rows:
        out[cid].update(str(c) for c in codes or ())
    return out


def _pairs(s: Session, stmt: Any) -> set[tuple[int, str]]:
    return {(a, b) for a, b in s.execute(stmt).all()}


# ---- one batch ----------------------------------------------------------------------------

@dataclass
class RecomputeResult:
    customers: int = 0
    skipped: int = 0  # read the same as at their last recompute: the rules were not run
    changed: int = 0
    history_rows: int = 0
    alerts: int = 0
    tasks: int = 0
    loans_suggested: int = 0
    escalated: int = 0
    version: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    levels: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: read, score, write

    def lap(self, phase: str, since: float) -> float:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - since
        return now

    def to_json(self) -> dict[str, Any]:
        return {"customers": self.customers, "skipped": self.skipped, "changed": self.changed,
                "history_rows": self.history_rows, "alerts": self.alerts, "tasks": self.tasks,
                "loans_suggested": self.loans_suggested, "escalated": self.escalated,
                "rule_set_version": self.version, "seconds": round(self.seconds, 3),
                "cancelled": self.cancelled,
                "phases_s": {k: round(v, 2) for k, v in sorted(self.phases.items())}}

    def summary(self) -> str:
        return (f"风险重算（规则版本 {self.version}）：{self.customers} 位客户"
                + (f"（其中 {self.skipped} 位数据未变，沿用上次结果）" if self.skipped else "")
                + f"，评分变化 {self.changed} 位，"
                f"新预警 {self.alerts} 条，定期回访任务 {self.tasks} 个，"
                f"五级分类建议更新 {self.loans_suggested} 笔，升级至主管 {self.escalated} 条"
                + ("（已取消，已完成的批次已保存）" if self.cancelled else ""))


_CUSTOMER_COLS = (C.c.id, C.c.name, C.c.owner_id, C.c.district, C.c.monthly_income,
                  C.c.liabilities, C.c.risk_score, C.c.risk_level, C.c.risk_rule_version,
                  # as text: decoded only for the customers the rules see
                  cast(C.c.risk_reasons, Text).label("risk_reasons"), C.c.segment,
                  C.c.total_balance, C.c.overdue_amount, C.c.max_overdue_days, C.c.worst_class,
                  C.c.last_contact_at, C.c.risk_inputs)


_Customer = namedtuple("_Customer", [c.name for c in _CUSTOMER_COLS])  # type: ignore[misc]


def _indicators(c: Any, loans: tuple | None, contacts: tuple | None, extra: dict[str, Any],
                rs: RuleSet, clock: _Clock) -> dict[str, Any]:
    balance, overdue, days, rank, count, first, maturing, unsecured, purpose = \
        loans or (0, 0, 0, None, 0, None, 0, 0, None)
    last, failed, broken, complaint_contacts = contacts or (None, 0, 0, 0)
    total, owed, days = _money(balance), _money(overdue), int(days or 0)
    income = c.monthly_income
    debt = c.liabilities if c.liabilities is not None else total
    ind: dict[str, Any] = {
        "overdue_days": days, "total_balance": total,
        "overdue_amount": owed if owed > 0 else None,
        "overdue_share": round(float(owed / total * 100), 1) if total > 0 and owed > 0 else None,
        "worst_class_rank": int(rank) if rank is not None else None,
        "broken_promises": int(broken or 0) or None,
        "failed_contacts": int(failed or 0) or None,
        "complaints": (int(complaint_contacts or 0) + extra.pop("complaints", 0)) or None,
        "maturing_balance": _money(maturing) if maturing else None,
        "unsecured_overdue": int(unsecured or 0) or None,
        "flagged_purpose": [purpose] if purpose else [],
        "debt_to_income": round(float(debt / (income * 12)), 1)
        if income and income > 0 and debt else None,
        "district": c.district, "district_weight": rs.districts.get(c.district or "") or None,
        "products": int(count or 0), "last_contact_at": last,
        "relationship_years": (clock.today - first).days / 365.25 if first else 0,
    }
    if last is not None:
        ind["days_since_contact"] = (clock.today - local_date(last)).days
    else:
        ind["days_since_contact_missing"] = True
    ind.update(extra)
    return ind


@dataclass
class _Batch:
    rs: RuleSet
    clock: _Clock
    result: RecomputeResult
    # rows to update, grouped by the columns that changed: SQLite rewrites every index that
    # holds a column in the SET list, changed or not, and customers carry many such indexes
    customer_updates: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    respond_by: dict[RiskLevel, datetime | None] = field(default_factory=dict)  # by severity


def _run_batch(uow: UnitOfWork, rs: RuleSet, clock: _Clock, where: Callable[[Any], Any],
               result: RecomputeResult, skip_unchanged: bool = False) -> list[int]:
    """Score the customers `where` selects; returns the ids that went through the rules (with
    `skip_unchanged`, the others read exactly what their last recompute read: see _digest)."""
    s, lap = uow.session, time.perf_counter()
    # first only what the rules read of the customer: most are skipped on a second run
    light = s.execute(select(C.c.id, C.c.district, C.c.monthly_income, C.c.liabilities,
                             C.c.risk_level, C.c.risk_inputs)
                      .where(where(C.c.id)).order_by(C.c.id)).all()
    if not light:
        return []
    loans = _loans(s, where(L.c.customer_id), rs, clock)
    contacts = _contacts(s, where(ContactRecord.customer_id), rs, clock)
    complaints = _complaints(s, where(Feedback.customer_id), rs, clock)
    low = _low_scores(s, where(SurveyResponse.customer_id), rs, clock)
    snaps = _snapshots(s, where(FinancialSnapshot.customer_id))
    visits = _visit_codes(s, where(VisitPlan.customer_id), rs, clock)
    digests: dict[int, str] = {}
    levels = result.levels
    for cid, district, income, liabilities, level, stored in light:
        digest = _digest((district, income, liabilities), loans.get(cid), contacts.get(cid),
                         complaints.get(cid), low.get(cid), snaps.get(cid), visits.get(cid),
                         rs, clock)
        if skip_unchanged and digest == stored and level is not None:
            result.skipped += 1
            levels[level.value] = levels.get(level.value, 0) + 1
        else:
            digests[cid] = digest
    result.customers += len(light)
    if not digests:
        result.lap("read", lap)
        return []
    processed = list(digests)
    some = _among(processed) if len(processed) < len(light) else where
    # plain named tuples: cheaper to read than a Row's attributes
    customers = [_Customer._make(r) for r in s.execute(
        select(*_CUSTOMER_COLS).where(some(C.c.id)).order_by(C.c.id)).all()]
    # the status in HAVING: given it in WHERE, SQLite walks every open alert (the status
    # index) for each batch instead of the batch's own customers' alerts
    a = RiskAlert
    open_alerts = _pairs(s, select(a.customer_id, a.rule_code).where(some(a.customer_id))
                         .group_by(a.customer_id, a.rule_code)
                         .having(func.max(case((a.status.in_(OPEN_ALERTS), 1), else_=0)) == 1))
    open_revisits = {cid for cid, in s.execute(
        select(Task.customer_id).where(some(Task.customer_id), Task.kind == TaskKind.REVISIT,
                                       Task.status == TaskStatus.OPEN)).all()}
    lap = result.lap("read", lap)
    b = _Batch(rs, clock, result)
    for c in customers:
        extra: dict[str, Any] = dict(snaps.get(c.id, {}))
        if c.id in complaints:
            extra["complaints"] = complaints[c.id]
        if c.id in low:
            extra["lowest_satisfaction"] = low[c.id]
        if c.id in visits:
            extra["visit_codes"] = visits[c.id]
        ind = _indicators(c, loans.get(c.id), contacts.get(c.id), extra, rs, clock)
        _one(b, c, ind, evaluate(ind, rs), open_alerts, open_revisits, digests[c.id])
    lap = result.lap("score", lap)
    _write(uow, b)
    result.lap("write", lap)
    return processed


_DIGEST_FORMAT = 1  # raise when the scoring code changes what the same inputs give


def _digest(customer: tuple, loans: tuple | None, contacts: tuple | None,
            complaints: int | None, low: int | None, snaps: dict[str, Any] | None,
            visits: set[str] | None, rs: RuleSet, clock: _Clock) -> str:
    """What the rules read for this customer (its district, income and liabilities, and the
    batch's aggregates), as a short digest stored with the result: a customer who reads the
    same next time gets the same result, and is skipped. The stored result itself is left
    out: only a recompute writes it, together with the digest (the figures an import writes,
    it writes from the loans, which are in). The clock enters only where the result can move
    with it: an overdue customer's days since the last contact (the rules that read them fire
    only when overdue), and whether the relationship is old enough to count for value.
    (Revisit tasks, which do move with the clock, are set in SQL for customers skipped.)
    The rule set enters by number and by content: a merged database may give other rules the
    same number."""
    first = loans[5] if loans else None
    days = years = None
    if loans and loans[2]:  # overdue: rules that fire only when overdue may read the clock
        floor, by_years = rs.clock_reads
        last = contacts[0] if contacts else None
        if last is not None:
            since = (clock.today - local_date(last)).days
            days = since if floor is None or since >= floor else -1
        if by_years and first is not None:
            years = (clock.today - first).days
    old = first is not None and \
        (clock.today - first).days / 365.25 >= rs.value.relationship_years_min
    key = (_DIGEST_FORMAT, rs.version, rs.fingerprint, customer,
           loans[:5] + loans[6:] if loans else None, contacts, complaints, low, tuple(sorted(snaps.items())) if snaps else None,
           tuple(sorted(visits)) if visits else None, days, years, old)
    return hashlib.blake2b(repr(key).encode(), digest_size=8).hexdigest()


def _one(b: _Batch, c: Any, ind: dict[str, Any], a: Assessment,
         open_alerts: set[tuple[int, str]], open_revisits: set[int], digest: str) -> None:
    rs, clock = b.rs, b.clock
    levels = b.result.levels
    levels[a.level.value] = levels.get(a.level.value, 0) + 1
    seg = segment_for(ind, a, rs)
    seg_name = seg.name if seg else None
    reasons = [f.to_json() for f in a.fired] if a.fired else []
    rank = ind["worst_class_rank"]
    worst = _TIERS[rank] if rank is not None else None
    owed = ind["overdue_amount"] or _ZERO
    prev_level = c.risk_level
    new = (a.score, a.level, a.version, reasons, seg_name, ind["total_balance"], owed,
           ind["overdue_days"], worst, ind["last_contact_at"])
    prev_reasons = json.loads(c.risk_reasons) if c.risk_reasons else None
    old = (c.risk_score, prev_level, c.risk_rule_version, prev_reasons, c.segment,
           c.total_balance, c.overdue_amount, c.max_overdue_days, c.worst_class,
           c.last_contact_at, c.risk_inputs)
    new += (digest,)
    if new != old:
        row = {col: x for col, x, y in zip(_WRITTEN, new, old) if x != y}
        changed = tuple(row)
        row["cid"] = c.id
        b.customer_updates.setdefault(changed, []).append(row)
    prev_codes = frozenset(r["code"] for r in prev_reasons) if prev_reasons else _NONE
    if (a.score, a.level, a.codes) != (c.risk_score, prev_level, prev_codes) and \
            not (c.risk_score is None and a.score == 0):
        b.result.changed += 1
        b.history.append({"customer_id": c.id, "computed_at": clock.now, "score": a.score,
                          "level": a.level, "reasons": reasons, "rule_set_version": a.version})
    if a.fired and (prev_level is None or prev_level is not a.level
                    or not a.codes <= prev_codes):
        _raise(b, c, a, prev_codes, prev_level, open_alerts)
    if seg is not None and seg.cadence_days and c.id not in open_revisits:
        last = ind["last_contact_at"]
        if last is None or (clock.today - local_date(last)).days >= seg.cadence_days:
            b.tasks.append(_revisit(c.id, c.name, c.owner_id, last, seg, clock))


def _revisit(cid: int, name: str, owner_id: int | None, last: datetime | None, seg: SegmentDef,
             clock: _Clock) -> dict[str, Any]:
    since = f"上次联系 {local_date(last):%Y-%m-%d}" if last else "尚无联系记录"
    return {"kind": TaskKind.REVISIT, "customer_id": cid,
            "title": f"定期回访 {name}（{seg.name}，每 {seg.cadence_days} 天）"[:255],
            "owner_id": owner_id, "due_on": clock.today, "status": TaskStatus.OPEN,
            "source_type": REVISIT_SOURCE, "note": f"{since}。{seg.strategy}", "created_by": None}


def _raise(b: _Batch, c: Any, a: Assessment, prev_codes: frozenset[str],
           prev_level: RiskLevel | None, open_alerts: set[tuple[int, str]]) -> None:
    now = b.clock.now
    for sig in new_signals(prev_codes, prev_level, a, b.rs):
        if (c.id, sig.rule_code) in open_alerts:
            continue
        open_alerts.add((c.id, sig.rule_code))
        if sig.level not in b.respond_by:
            b.respond_by[sig.level] = respond_by(now, sig.level, b.rs)
        due = b.respond_by[sig.level]
        b.alerts.append(({"customer_id": c.id, "rule_code": sig.rule_code, "level": sig.level,
                          "status": AlertStatus.NEW, "reason": sig.reason, "raised_at": now,
                          "respond_by": due,
                          "assignee_id": c.owner_id, "escalated": False}, sig.reason))


_WRITTEN = ("risk_score", "risk_level", "risk_rule_version", "risk_reasons", "segment",
            "total_balance", "overdue_amount", "max_overdue_days", "worst_class",
            "last_contact_at", "risk_inputs")


@lru_cache(maxsize=256)
def _update(columns: tuple[str, ...]) -> Any:
    return update(C).where(C.c.id == bindparam("cid")).values(
        {k: bindparam(k) for k in columns})


def _write(uow: UnitOfWork, b: _Batch) -> None:
    s, result, lap = uow.session, b.result, time.perf_counter()
    conn = s.connection()  # Core executemany: no ORM bulk bookkeeping for rows never loaded
    if b.customer_updates:
        for columns, rows in b.customer_updates.items():
            conn.execute(_update(columns), rows)
        lap = result.lap("write_customers", lap)
    if b.history:
        conn.execute(insert(RiskScore.__table__), b.history)
        result.history_rows += len(b.history)
        lap = result.lap("write_history", lap)
    if b.alerts:
        table = RiskAlert.__table__
        # RETURNING in parameter order would send the rows one at a time (SQLite has no
        # ordering sentinel here); a batch never holds two alerts of one customer and rule
        reasons = {(row["customer_id"], row["rule_code"]): reason for row, reason in b.alerts}
        ids = conn.execute(insert(table).returning(table.c.id, table.c.customer_id,
                                                   table.c.rule_code),
                           [row for row, _ in b.alerts]).all()
        conn.execute(insert(RiskAlertEvent.__table__), [
            {"alert_id": i, "at": b.clock.now, "user_id": None, "status": AlertStatus.NEW,
             "action": None, "note": f"系统重算风险时发出：{reasons[(cid, code)]}"}
            for i, cid, code in ids])
        result.alerts += len(ids)
        lap = result.lap("write_alerts", lap)
    if b.tasks:
        conn.execute(insert(Task.__table__), b.tasks)
        advance_next_follow_ups(s, [t["customer_id"] for t in b.tasks], b.clock.today)
        result.tasks += len(b.tasks)
        result.lap("write_tasks", lap)


def _suggest_classes(s: Session, where: ColumnElement[bool], t: TierThresholds) -> int:
    """The suggested five-tier class of every active loan, from its overdue days, in SQL."""
    days = L.c.overdue_days
    suggestion = case((days > t.loss_after, FiveTier.LOSS.value),
                      (days > t.doubtful_after, FiveTier.DOUBTFUL.value),
                      (days > t.substandard_after, FiveTier.SUBSTANDARD.value),
                      (days >= t.special_mention_from, FiveTier.SPECIAL_MENTION.value),
                      else_=FiveTier.NORMAL.value)
    stmt = (update(L).where(where, L.c.status == LoanStatus.ACTIVE.value,
                            (L.c.suggested_class.is_(None)) | (L.c.suggested_class != suggestion))
            .values(suggested_class=suggestion))
    return int(s.connection().execute(stmt).rowcount or 0)


# ---- the quiet majority: customers with no risk signal, scored in SQL ------------------------
#
# Most customers have nothing any rule could fire on: no overdue loan, a normal class, no broken
# promise, no failed contacts, no complaint... Their result is known without the rules: score 0,
# the lowest level, no reasons, and a segment that only the value criteria can still change.
# One UPDATE ... FROM writes them (only the rows whose stored figures differ); the Python rules
# run for the others. A rule the SQL pre-filter cannot bound sends everyone through Python.

# indicators whose signal the pre-filter knows (each is None, 0 or empty without one)
_BOUNDED = frozenset({
    "overdue_days", "overdue_amount", "overdue_share", "unsecured_overdue", "worst_class_rank",
    "broken_promises", "failed_contacts", "complaints", "maturing_balance", "flagged_purpose",
    "debt_to_income", "district_weight", "income_drop_pct", "liabilities_rise_pct",
    "credit_drop", "lowest_satisfaction", "visit_codes",
})


@dataclass(frozen=True)
class _Quiet:
    """How the rule set scores a customer with no signal, and where the signals are."""

    assessment: Assessment
    high: SegmentDef | None  # the segment of such a customer of high value
    low: SegmentDef | None
    fire: dict[str, float]  # indicator -> least value a rule fires on (enabled rules only)
    at_most: frozenset[str]


def _quiet_plan(rs: RuleSet) -> _Quiet | None:
    fire: dict[str, float] = {}
    at_most: set[str] = set()
    for rule, indicator, missing_ok, le in rs.compiled:
        if rule.params.get("only_overdue"):
            continue  # cannot fire without overdue days, which are a signal
        if indicator not in _BOUNDED or missing_ok or (le and indicator != "lowest_satisfaction"):
            return None
        fire[indicator] = min(fire.get(indicator, math.inf), rule.min_fire)
        if le:
            at_most.add(indicator)
    high, low = quiet_segments(rs)
    return _Quiet(quiet_assessment(rs), high, low, fire, frozenset(at_most))


def _has_signal(c: Any, where: Callable[[Any], Any], rs: RuleSet, clock: _Clock, q: _Quiet
                ) -> ColumnElement[bool]:
    """True for the customers (rows of `c`, customers or an alias) the rules must look at."""
    cr, active = ContactRecord, L.c.status == LoanStatus.ACTIVE.value
    own_class = func.coalesce(L.c.class_override, L.c.five_tier)
    sources: list[Any] = [
        # overdue or classed below normal (also what the value criteria and segments read)
        select(L.c.customer_id).where(where(L.c.customer_id), active, or_(
            L.c.overdue_days > 0, L.c.overdue_amount > 0,
            and_(own_class.is_not(None), own_class != FiveTier.NORMAL.value))),
        # grouped, with the promise in HAVING: given it in WHERE, SQLite walks every broken
        # promise in the window (the promise index) for each batch, 0.1 s a batch at a million
        # customers, against 4 ms through the batch's own customers
        select(cr.customer_id).where(where(cr.customer_id)).group_by(cr.customer_id).having(
            func.max(case((and_(cr.promise_status == PromiseStatus.BROKEN, cr.promise_date >=
                               clock.today - timedelta(days=_window(rs, "broken_promises", 90))),
                           1), else_=0)) == 1),
    ]
    fire = q.fire
    if "maturing_balance" in fire:
        horizon = clock.today + timedelta(days=_window(rs, "maturing_balance", 60))
        sources.append(select(L.c.customer_id).where(
            where(L.c.customer_id), active, L.c.maturity_on >= clock.today,
            L.c.maturity_on <= horizon).group_by(L.c.customer_id).having(
            func.sum(_cents(L.c.balance)) >= max(1, math.ceil(fire["maturing_balance"] * 100))))
    keywords = [k for k in rs.param("purpose_flag", "keywords", []) if k]
    if "flagged_purpose" in fire and keywords:
        sources.append(select(L.c.customer_id).where(where(L.c.customer_id), active,
                                                     _any_like(L.c.purpose, keywords)))
    if "failed_contacts" in fire:
        sources.append(select(cr.customer_id).where(
            where(cr.customer_id), cr.outcome.in_(NOT_REACHED),
            cr.contacted_at >= clock.ago(_window(rs, "failed_contacts", 30)))
            .group_by(cr.customer_id)
            .having(func.count() >= max(1, math.ceil(fire["failed_contacts"]))))
    if "complaints" in fire:
        since = clock.ago(_window(rs, "complaint", 90))
        sources.append(select(cr.customer_id).where(
            where(cr.customer_id), cr.outcome == ContactOutcome.COMPLAINT, cr.contacted_at >= since))
        sources.append(select(Feedback.customer_id).where(
            where(Feedback.customer_id), Feedback.customer_id.is_not(None),
            Feedback.kind == FeedbackKind.COMPLAINT, Feedback.received_at >= since))
    if "lowest_satisfaction" in fire:
        low = (select(SurveyResponse.customer_id)
               .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
               .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
               .where(where(SurveyResponse.customer_id), SurveyResponse.customer_id.is_not(None),
                      SurveyQuestion.kind == QuestionKind.LIKERT5,
                      SurveyAnswer.score.is_not(None),
                      SurveyResponse.collected_at >= clock.ago(_window(rs, "low_satisfaction", 90))))
        if "lowest_satisfaction" in q.at_most:
            low = low.where(SurveyAnswer.score <= fire["lowest_satisfaction"])
        sources.append(low)
    if fire.keys() & {"income_drop_pct", "liabilities_rise_pct", "credit_drop"}:
        fs = FinancialSnapshot
        sources.append(select(fs.customer_id).where(where(fs.customer_id))
                       .group_by(fs.customer_id).having(func.count() >= 2))
    if "visit_codes" in fire:
        days = max(_window(rs, "visit_hardship", 180), _window(rs, "visit_wilful", 180))
        sources.append(select(VisitPlan.customer_id).where(
            where(VisitPlan.customer_id), VisitPlan.customer_id.is_not(None),
            VisitPlan.visited_at >= clock.ago(days), VisitPlan.reason_codes.is_not(None)))
    reasons_empty = or_(c.c.risk_reasons.is_(None),
                        cast(c.c.risk_reasons, String).in_(("[]", "null")))
    a = q.assessment
    scored_quiet = and_(or_(and_(c.c.risk_score.is_(None), c.c.risk_level.is_(None)),
                            and_(c.c.risk_score == a.score, c.c.risk_level == a.level)),
                        reasons_empty)
    signal: list[Any] = [c.c.id.in_(union(*sources)), ~scored_quiet]
    if "debt_to_income" in fire:
        income = c.c.monthly_income
        margin = fire["debt_to_income"] - 0.06  # the indicator is rounded to one decimal
        signal.append(and_(income > 0, or_(c.c.liabilities.is_(None),
                                           c.c.liabilities >= income * (12 * margin))))
    if "district_weight" in fire:
        heavy = sorted(d for d, w in rs.districts.items() if w and w >= fire["district_weight"])
        if heavy:
            signal.append(c.c.district.in_(heavy))
    return or_(*signal)


# the quiet customers' figures, worked out once per batch and then written column group by
# column group (a temporary table: private to the connection, emptied at each batch)
_QUIET = Table("risk_quiet", MetaData(), Column("qid", Integer, primary_key=True),
               Column("cents", BigInteger), Column("worst", String(16)),
               Column("last", C.c.last_contact_at.type), Column("seg", String(32)),
               Column("mask", Integer), prefixes=["TEMPORARY"])


def _score_quiet(uow: UnitOfWork, rs: RuleSet, clock: _Clock, where: Callable[[Any], Any],
                 q: _Quiet, signalled: Sequence[int]) -> None:
    """Write the customers without a signal whose stored figures differ from the quiet result."""
    s, cr = uow.session, ContactRecord
    active = L.c.status == LoanStatus.ACTIVE.value
    own_class = func.coalesce(L.c.class_override, L.c.five_tier)
    loans = (select(L.c.customer_id.label("cid"),
                    func.sum(case((active, _cents(L.c.balance)), else_=0)).label("cents"),
                    func.max(case((and_(active, own_class.is_not(None)), 1))).label("classed"),
                    func.count().label("n"), func.min(L.c.disbursed_on).label("first"))
             .where(where(L.c.customer_id)).group_by(L.c.customer_id).subquery("ql"))
    contacts = (select(cr.customer_id.label("cid"),
                       type_coerce(func.max(case((~cr.outcome.in_(NOT_REACHED), cr.contacted_at))),
                                   UTCDateTime()).label("last"))
                .where(where(cr.customer_id)).group_by(cr.customer_id).subquery("qk"))
    cents = func.coalesce(loans.c.cents, 0)
    segment: Any = literal(q.low.name if q.low else None, String)
    if (q.high.name if q.high else None) != (q.low.name if q.low else None):
        v = rs.value
        points = [case((cents >= math.ceil(v.balance_min * 100), 1), else_=0),
                  case((func.coalesce(loans.c.n, 0) >= v.products_min, 1), else_=0),
                  literal(1)]  # a clean repayment record: no overdue, no broken promise
        if v.relationship_years_min > 0:
            since = clock.today - timedelta(days=math.ceil(v.relationship_years_min * 365.25))
            points.append(case((loans.c.first <= since, 1), else_=0))
        else:
            points.append(literal(1))
        segment = case((sum(points[1:], points[0]) >= v.points_min,
                        literal(q.high.name if q.high else None, String)), else_=segment)
    worst = case((loans.c.classed == 1, FiveTier.NORMAL.value), else_=None)
    a = q.assessment
    figures = {"cents": cents, "worst": worst, "last": contacts.c.last, "seg": segment}
    # which column groups differ from what is stored, one bit each; only those rows are kept
    mask = sum((case((differs, 1 << i), else_=0)
                for i, (differs, _v) in enumerate(_quiet_groups(a, figures))), literal(0))
    quiet = (select(C.c.id, cents, worst, contacts.c.last, segment, mask.label("mask"))
             .select_from(C.outerjoin(loans, loans.c.cid == C.c.id)
                          .outerjoin(contacts, contacts.c.cid == C.c.id))
             .where(where(C.c.id), *([~_among(signalled)(C.c.id)] if signalled else []))
             .subquery("quiet"))
    conn = s.connection()
    _QUIET.create(conn, checkfirst=True)
    conn.execute(_QUIET.delete())
    conn.execute(insert(_QUIET).from_select(list(_QUIET.c.keys()),
                                            select(quiet).where(quiet.c.mask != 0)))
    t = _QUIET.c
    groups = _quiet_groups(a, t)
    # one UPDATE per combination of differing groups (usually one or two), each row written
    # once; the batch's own condition keeps the planner from scanning every customer
    for mask in conn.scalars(select(t.mask).distinct()).all():
        values: dict[str, Any] = {}
        for i, (_d, group) in enumerate(groups):
            if mask & (1 << i):
                values.update(group)
        conn.execute(update(C).where(where(C.c.id), C.c.id == t.qid, t.mask == mask)
                     .values(values))


def _quiet_groups(a: Assessment, new: Any) -> tuple[tuple[ColumnElement[bool], dict[str, Any]], ...]:
    """The quiet result, by group of columns: (differs from what is stored, values to write),
    `new` giving the figures (cents, worst, last, seg) as SQL expressions. A row is written
    only in the groups that differ: SQLite rewrites every index that holds a column in the SET
    list, and customers carry many (a first run writes every level, but the figures the import
    keeps are usually right already)."""
    stored_cents = cast(func.round(C.c.total_balance * 100), BigInteger)
    return (
        (or_(C.c.risk_score.is_distinct_from(a.score),
             C.c.risk_rule_version.is_distinct_from(a.version), C.c.risk_reasons.is_(None),
             cast(C.c.risk_reasons, String) != "[]", C.c.risk_inputs.is_not(None)),
         {"risk_score": a.score, "risk_rule_version": a.version, "risk_reasons": [],
          "risk_inputs": None}),
        (C.c.risk_level.is_distinct_from(a.level), {"risk_level": a.level}),
        (C.c.segment.is_distinct_from(new["seg"]), {"segment": new["seg"]}),
        (or_(stored_cents.is_distinct_from(new["cents"]), C.c.overdue_amount.is_distinct_from(0),
             C.c.max_overdue_days.is_distinct_from(0),
             C.c.worst_class.is_distinct_from(new["worst"])),
         {"total_balance": new["cents"] / 100.0, "overdue_amount": _ZERO,
          "max_overdue_days": 0, "worst_class": new["worst"]}),
        (C.c.last_contact_at.is_distinct_from(new["last"]), {"last_contact_at": new["last"]}),
    )


def _revisits(uow: UnitOfWork, rs: RuleSet, clock: _Clock, where: Callable[[Any], Any],
              scored: Sequence[int], result: RecomputeResult) -> None:
    """Revisit tasks for the customers the rules did not see this time (those with no signal,
    and those whose data did not move): where their stored segment has a cadence, they are
    due, and no revisit is open. The rules set the others' tasks (`scored`)."""
    s, tasks = uow.session, []
    open_revisit = select(Task.customer_id).where(
        where(Task.customer_id), Task.customer_id.is_not(None), Task.kind == TaskKind.REVISIT,
        Task.status == TaskStatus.OPEN)
    for seg in rs.segments:
        if not seg.cadence_days:
            continue
        first_fresh = clock.today - timedelta(days=seg.cadence_days - 1)
        due = datetime.combine(first_fresh, day_time(0), tzinfo=SHANGHAI).astimezone(timezone.utc)
        rows = s.execute(select(C.c.id, C.c.name, C.c.owner_id, C.c.last_contact_at).where(
            where(C.c.id), C.c.segment == seg.name,
            or_(C.c.last_contact_at.is_(None), C.c.last_contact_at < due),
            C.c.id.not_in(open_revisit), *([~_among(scored)(C.c.id)] if scored else []))
            .order_by(C.c.id))
        tasks += [_revisit(cid, name, owner, last, seg, clock) for cid, name, owner, last in rows]
    if tasks:
        s.connection().execute(insert(Task.__table__), tasks)
        advance_next_follow_ups(s, [t["customer_id"] for t in tasks], clock.today)
        result.tasks += len(tasks)


def _run_part(uow: UnitOfWork, rs: RuleSet, clock: _Clock, where: Callable[[Any], Any],
              q: _Quiet | None, result: RecomputeResult) -> None:
    """One batch: the quiet customers in SQL, the others through the rules (unless their data
    did not move), revisit tasks for those the rules did not see, then the loans' suggested
    classes."""
    s, lap = uow.session, time.perf_counter()
    if q is None:
        _run_batch(uow, rs, clock, where, result)
    else:
        total = s.scalar(select(func.count()).select_from(C).where(where(C.c.id))) or 0
        signalled = s.scalars(select(C.c.id).where(
            where(C.c.id), _has_signal(C, where, rs, clock, q)).order_by(C.c.id)).all()
        lap = result.lap("select", lap)
        _score_quiet(uow, rs, clock, where, q, signalled)
        quiet = total - len(signalled)
        result.customers += quiet
        level = q.assessment.level.value
        result.levels[level] = result.levels.get(level, 0) + quiet
        lap = result.lap("quiet_scores", lap)
        scored: list[int] = []
        for start in range(0, len(signalled), SIGNAL_BATCH):
            part = signalled[start:start + SIGNAL_BATCH]
            scored += _run_batch(uow, rs, clock, _among(part), result, skip_unchanged=True)
        lap = time.perf_counter()
        _revisits(uow, rs, clock, where, scored, result)
        lap = result.lap("revisits", lap)
    result.loans_suggested += _suggest_classes(s, where(L.c.customer_id), rs.tiers)
    result.lap("classes", lap)


# ---- the whole run ----------------------------------------------------------------------------

def _ranges(db: Database, batch: int) -> Iterator[Callable[[Any], Any]]:
    with db.sessions() as s:
        # two queries: asked together, SQLite scans an index instead of reading both ends
        lo = s.scalar(select(func.min(Customer.id)))
        hi = s.scalar(select(func.max(Customer.id)))
    if lo is None:
        return
    for start in range(lo, hi + 1, batch):
        end = min(hi, start + batch - 1)
        yield lambda col, a=start, z=end: col.between(a, z)


def _among(ids: Sequence[int]) -> Callable[[Any], Any]:
    """`col IN (1, 2, ...)` with the ids written into the SQL: thousands of bound parameters
    cost more to render than the query costs to run."""
    listed = literal_column("(" + ",".join(str(int(i)) for i in ids) + ")")
    return lambda col: col.op("IN")(listed)


def _id_lists(ids: Collection[int]) -> Iterator[Callable[[Any], Any]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), ID_BATCH):
        chunk = ordered[start:start + ID_BATCH]
        yield _among(chunk)


def recompute(db: Database, actor: Actor, customer_ids: Collection[int] | None = None, *,
              progress: Progress | None = None, cancel: Cancel | None = None,
              now: datetime | None = None, batch: int = BATCH, fast: bool = True
              ) -> RecomputeResult:
    """Score every customer (or only `customer_ids`), raise alerts, set segments and revisit
    tasks, suggest loan classes, escalate missed alerts. One transaction per batch.
    `fast=False` runs every customer through the rules (the tests compare the two)."""
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看，不能重算风险")
    started = time.monotonic()
    now = (now or utcnow()).astimezone(timezone.utc)
    clock = _Clock(now, local_today(now))
    with db.uow(actor) as uow:
        rs = ensure_rule_set(uow)
        uow.commit()
    result = RecomputeResult(version=rs.version)
    quiet = _quiet_plan(rs) if fast else None
    if customer_ids is not None:
        parts, total = list(_id_lists(customer_ids)), len(set(customer_ids))
    else:
        parts = list(_ranges(db, batch))
        with db.sessions() as s:
            total = s.scalar(select(func.count()).select_from(Customer)) or 0
    collecting = gc.isenabled()
    gc.disable()  # batches allocate many short-lived objects and no cycles worth a collection
    try:
        for where in parts:
            if cancel is not None and cancel():
                result.cancelled = True
                break
            with db.uow(actor) as uow:
                # two PCs recomputing at once (or an import's recompute beside a full one) take
                # the batches in turn, so neither raises an alert or task the other just raised
                uow.one_at_a_time("risk_recompute")
                _run_part(uow, rs, clock, where, quiet, result)
                lap = time.perf_counter()
                uow.commit()
                result.lap("commit", lap)
            if progress is not None:
                progress(min(result.customers, total), total, "计算风险评分")
    finally:
        if collecting:
            gc.enable()
    from crm.services.alerts import escalate_overdue

    with db.uow(actor) as uow:
        result.escalated = escalate_overdue(uow, now)
        result.seconds = time.monotonic() - started
        if customer_ids is None or result.changed or result.alerts or result.tasks:
            uow.audit("risk_recompute", result.summary(), entity="risk_rule_set_versions",
                      entity_id=str(rs.version), after=result.to_json())
        uow.commit()
    return result


def recompute_after_import(db: Database, actor: Actor, customer_ids: Sequence[int]) -> None:
    """The import's hook: rescore the customers it touched (a failure here never undoes the
    import; the next recompute catches up)."""
    if not customer_ids or actor.read_only:
        return
    recompute(db, actor, customer_ids)


__all__ = [
    "DEFAULT_RULES", "REVISIT_SOURCE", "RecomputeResult", "current_rule_set", "ensure_rule_set",
    "load_default_rule_set", "recompute", "recompute_after_import", "rule_set_versions",
    "save_rule_set",
]
