"""报表 (management dashboard) read side: one GROUP BY function per panel, and drill-downs.

Every figure is scoped by customer_scope(actor) and narrowed by the filter's branch and
manager (the customer's branch and owner: clicking a manager shows that manager's book).
Stock figures (customers, balances, buckets, classes, levels, open alerts, plans) are as
they stand now; flow figures (contacts, visits, promises, new alerts) fall in the period.

Roll-rate matrix: there is no monthly snapshot of loan buckets, so the migration is derived
per customer from the dated financial snapshots the imports (and the demo data) write: the
customer's worst overdue days on the last snapshot on or before the day before the period
("上期末") against the last one on or before the period's end (or the customer's current
figure when the period reaches today). Customers with no snapshot before the period are
counted apart (`roll_unknown`).

Speed (bench/dashboard_1m.py; the indexes are migration 0006): a figure over a customer's rows
(loans, contacts, risk levels) reads a covering index of those rows. When the filter holds
every customer (the admin; the supervisor of a one-branch bank) it needs no join to customers
at all (`_whole_book`); otherwise the join walks narrow indexes on both sides. Loans are
grouped by their raw overdue days and class (index order, no sort) and put in buckets here.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BindParameter, BooleanClauseList, Column, ColumnElement, Select, True_, and_, case, func,
    or_, select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import AsBoolean, BinaryExpression
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Join

from crm.domain.actors import Actor, Permission
from crm.domain.classification import BUCKET_BOUNDS, bucket_for
from crm.domain.compliance import SHANGHAI, local_today
from crm.domain.enums import (
    AlertStatus, Bucket, CaseStatus, ContactChannel, ContactOutcome, FeedbackKind, FiveTier,
    PlanStatus, PromiseStatus, RiskLevel, Role, TaskStatus, VisitStatus,
)
from crm.models import (
    ContactRecord, Customer, Feedback, FinancialSnapshot, Loan, RemediationCase, RepaymentPlan,
    RiskAlert, Task, User, VisitPlan,
)
from crm.models.base import Money
from crm.queries.scope import customer_scope

ZERO = Decimal("0.00")
BUCKETS = tuple(Bucket)
TIERS = tuple(FiveTier)
LEVELS = tuple(RiskLevel)
OPEN_ALERTS = (AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS)
AGE_BANDS = (("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("90+", 91, None))
AGE_LABELS = {"0-7": "7天内", "8-30": "8-30天", "31-90": "31-90天", "90+": "90天以上"}
DONE_VISITS = (VisitStatus.VISITED, VisitStatus.NOT_MET, VisitStatus.PENDING_REVIEW,
               VisitStatus.REVIEWED, VisitStatus.RETURNED)
UNCLASSIFIED = "unclassified"
ROLL_NOTE = ("迁徙矩阵按客户计算：上期末取期初前一日或之前最近一次财务快照的最长逾期天数，"
             "本期末取期末或之前最近的快照（期末为今日或之后时取客户当前数据）；"
             "期初前没有快照的客户不计入矩阵，单独列示。")


# --- the filter -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DashboardFilter:
    start: date
    end: date                       # inclusive
    branch_id: int | None = None
    manager_id: int | None = None

    @classmethod
    def month(cls, year: int, month: int, **kw: Any) -> "DashboardFilter":
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, nxt - timedelta(days=1), **kw)

    @property
    def utc_start(self) -> datetime:
        return _local_midnight(self.start)

    @property
    def utc_end(self) -> datetime:          # exclusive
        return _local_midnight(self.end + timedelta(days=1))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), SHANGHAI).astimezone(timezone.utc)


def customer_where(actor: Actor, flt: DashboardFilter) -> ColumnElement[bool]:
    """The customers behind every figure: the actor's scope, the branch, the manager."""
    conds = [customer_scope(actor)]
    if flt.branch_id is not None:
        conds.append(Customer.branch_id == flt.branch_id)
    if flt.manager_id is not None:
        conds.append(Customer.owner_id == flt.manager_id)
    return and_(*conds)


class _MoneySum(FunctionElement[Decimal]):
    """SUM of a money expression (0 over no rows), exact to the cent. SQLite keeps amounts as
    floating point, whose sum over a million rows drifts by cents and depends on the order
    the rows are read in: there each amount is summed as whole cents (floating-point integers
    add exactly up to 2**53 cents). PostgreSQL's NUMERIC sum is exact as it is."""

    type = Money()
    name = "money_sum"
    inherit_cache = True


@compiles(_MoneySum)
def _money_sum(element: _MoneySum, compiler: Any, **kw: Any) -> str:
    return f"coalesce(sum({compiler.process(element.clauses, **kw)}), 0)"


@compiles(_MoneySum, "sqlite")
def _money_sum_sqlite(element: _MoneySum, compiler: Any, **kw: Any) -> str:
    return f"(coalesce(sum(round(({compiler.process(element.clauses, **kw)}) * 100)), 0) / 100.0)"


def _money(expr: Any) -> Any:
    return _MoneySum(expr)


class _CustomersFirst(Join):
    """customers JOIN rows ON ...: on SQLite written CROSS JOIN, which keeps the customers in
    the filter as the outer loop (each one's rows read from a covering index on customer_id).
    Left to itself SQLite walks every row in GROUP BY order and looks each customer up."""

    inherit_cache = True


@compiles(_CustomersFirst)
def _customers_first(join: _CustomersFirst, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_join(join, **kw))


@compiles(_CustomersFirst, "sqlite")
def _customers_first_sqlite(join: _CustomersFirst, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_join(join, **kw)).replace(" JOIN ", " CROSS JOIN ", 1)


def _bucket_case(days: Any) -> Any:
    whens = [(days <= upper, b.value) for upper, b in BUCKET_BOUNDS]
    return case(*whens, else_=Bucket.M6_PLUS.value)


def _in_period(col: Any, flt: DashboardFilter, dates: bool = False) -> ColumnElement[bool]:
    if dates:
        return and_(col >= flt.start, col <= flt.end)
    return and_(col >= flt.utc_start, col < flt.utc_end)


def _rate(part: int | Decimal, whole: int | Decimal) -> float | None:
    return float(part) * 100.0 / float(whole) if whole else None


def _left_out(cond: Any) -> list[Any] | None:
    """The customers a `column = value` condition leaves out, as three ranges each one index
    seek can test (< value, > value, NULL); None for any other kind of condition."""
    if (isinstance(cond, BinaryExpression) and cond.operator is operators.eq
            and isinstance(cond.left, Column) and isinstance(cond.right, BindParameter)):
        return [cond.left < cond.right, cond.left > cond.right, cond.left.is_(None)]
    return None


def _whole_book(session: Session, where: Any, in_scope: int | None = None) -> bool:
    """Whether the filter holds every customer (the admin; a one-branch bank's supervisor):
    then a figure over customers' rows (every row belongs to a customer) needs no join to
    customers. A filter of `column = value` terms (the data scope, the branch, the manager)
    is tested with a few index seeks for a customer it leaves out; anything else by counting
    (`in_scope`: the count of customers in the filter, when already known)."""
    if in_scope is None:
        inner = where.element if isinstance(where, AsBoolean) else where   # and_(true())
        conds = list(inner.clauses) if isinstance(inner, BooleanClauseList) else [inner]
        ranges = [_left_out(c) for c in conds if not isinstance(c, True_)]
        if all(r is not None for r in ranges):
            tests = [select(Customer.id).where(r).exists() for rs in ranges for r in rs or ()]
            return not tests or not session.scalar(select(or_(*tests)))
        in_scope = session.scalar(select(func.count()).select_from(Customer).where(where)) or 0
    return in_scope == (session.scalar(select(func.count()).select_from(Customer)) or 0)


def _rows_in(stmt: Select[Any], customer_id: Any, where: Any, whole: bool) -> Select[Any]:
    """stmt (over rows that belong to customers) narrowed to the customers in the filter."""
    if whole:
        return stmt
    return stmt.join(Customer, Customer.id == customer_id).where(where)


def _bucket_of(days: int | None) -> str:
    """_bucket_case in Python (a NULL falls through every WHEN to M6+, as in SQL)."""
    return Bucket.M6_PLUS.value if days is None else bucket_for(days).value


# --- portfolio --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    amount: Decimal = ZERO


@dataclass(frozen=True)
class Portfolio:
    customers: int
    loans: int
    balance: Decimal
    overdue_loans: int
    overdue_balance: Decimal        # balance of loans with any overdue days
    overdue_amount: Decimal         # the overdue amounts themselves
    buckets: tuple[Share, ...]      # loans and balance by bucket, M0 … M6+
    tiers: tuple[Share, ...]        # loans and balance by five-tier class (override first)
    roll: dict[tuple[str, str], int]  # (bucket last period end, bucket now) -> customers
    roll_unknown: int               # customers without a snapshot before the period
    roll_note: str = ROLL_NOTE

    @property
    def overdue_rate(self) -> float | None:
        """逾期率: overdue loans' balance over the whole balance, in %."""
        return _rate(self.overdue_balance, self.balance)

    def roll_rate(self, src: Bucket, dst: Bucket) -> float | None:
        row = sum(n for (a, _b), n in self.roll.items() if a == src.value)
        return _rate(self.roll.get((src.value, dst.value), 0), row)


def _tier_col() -> Any:
    return func.coalesce(Loan.class_override, Loan.five_tier)


def portfolio(session: Session, actor: Actor, flt: DashboardFilter,
              today: date | None = None) -> Portfolio:
    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    where = customer_where(actor, flt)
    customers = session.scalar(select(func.count()).select_from(Customer).where(where)) or 0
    # grouped by the raw columns, in the order of ix_loans_bucket_figures (no sort); the
    # bucket and the class (override first) are worked out per group here
    raw = (Loan.overdue_days, Loan.class_override, Loan.five_tier)
    stmt = (select(*raw, func.count(), _money(Loan.balance), _money(Loan.overdue_amount))
            .select_from(Loan).where(Loan.status == "active").group_by(*raw))
    if not _whole_book(session, where, customers):
        stmt = stmt.select_from(_CustomersFirst(Customer.__table__, Loan.__table__,
                                                Loan.customer_id == Customer.id)).where(where)
    by_bucket: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO])
    by_tier: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO])
    loans, balance, overdue_loans, overdue_balance, overdue_amount = 0, ZERO, 0, ZERO, ZERO
    for days, override, five, n, bal, amt in session.execute(stmt):
        b, t = _bucket_of(days), override or five
        loans, balance, overdue_amount = loans + n, balance + bal, overdue_amount + amt
        if b != Bucket.M0.value:
            overdue_loans, overdue_balance = overdue_loans + n, overdue_balance + bal
        for acc, key in ((by_bucket, b), (by_tier, str(t) if t else UNCLASSIFIED)):
            acc[key][0] += n
            acc[key][1] += bal
    buckets = tuple(Share(b.value, b.label, *by_bucket.get(b.value, (0, ZERO))) for b in BUCKETS)
    tiers = tuple(Share(t.value, t.label, *by_tier.get(t.value, (0, ZERO))) for t in TIERS)
    if UNCLASSIFIED in by_tier:
        tiers += (Share(UNCLASSIFIED, "未分类", *by_tier[UNCLASSIFIED]),)
    roll, unknown = _roll(session, where, flt, today, customers)
    return Portfolio(customers, loans, balance, overdue_loans, overdue_balance, overdue_amount,
                     buckets, tiers, roll, unknown)


def _bucket_on(on: date, today: date) -> Any:
    """The bucket on a day, computed inside the correlated subquery: SQLite copies a
    subquery into every branch of a CASE around it (six index seeks instead of one)."""
    if on >= today:
        return _bucket_case(Customer.max_overdue_days)
    fs = aliased(FinancialSnapshot)
    return (select(_bucket_case(fs.max_overdue_days))
            .where(fs.customer_id == Customer.id, fs.as_of <= on,
                   fs.max_overdue_days.is_not(None))
            .order_by(fs.as_of.desc(), fs.id.desc()).limit(1).scalar_subquery())


def _latest_snapshot(on: date) -> Any:
    """Each customer's last snapshot (with overdue days) on or before a day, as a subquery
    (customer_id, days): driven from the snapshots, so customers without one cost nothing."""
    fs = aliased(FinancialSnapshot)
    rank = func.row_number().over(partition_by=fs.customer_id,
                                  order_by=(fs.as_of.desc(), fs.id.desc()))
    ranked = (select(fs.customer_id, fs.max_overdue_days.label("days"), rank.label("rn"))
              .where(fs.as_of <= on, fs.max_overdue_days.is_not(None)).subquery())
    return select(ranked.c.customer_id, ranked.c.days).where(ranked.c.rn == 1).subquery()


def _roll_stmt(where: Any, flt: DashboardFilter, today: date) -> Select[Any]:
    before = _latest_snapshot(flt.start - timedelta(days=1))
    if flt.end >= today:
        days_now: Any = Customer.max_overdue_days
        stmt = select(_bucket_case(before.c.days).label("b0"), _bucket_case(days_now).label("b1"),
                      func.count())
    else:
        after = _latest_snapshot(flt.end)
        stmt = select(_bucket_case(before.c.days).label("b0"),
                      _bucket_case(after.c.days).label("b1"), func.count())
    stmt = stmt.select_from(before).join(Customer, Customer.id == before.c.customer_id)
    if flt.end < today:
        stmt = stmt.join(after, after.c.customer_id == Customer.id)
    return stmt.where(where).group_by("b0", "b1")


def _roll(session: Session, where: Any, flt: DashboardFilter, today: date,
          customers: int) -> tuple[dict[tuple[str, str], int], int]:
    """The matrix over customers with a snapshot before the period; the rest are unknown."""
    roll = {(b0, b1): n for b0, b1, n in session.execute(_roll_stmt(where, flt, today))}
    return roll, customers - sum(roll.values())


# --- risk -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RiskPanel:
    levels: tuple[Share, ...]              # customers by risk level (+ 未评级)
    new_alerts: int
    new_by_level: tuple[Share, ...]
    open_by_age: tuple[Share, ...]         # open alerts by days since raised
    open_alerts: int
    breaching: int                         # new alerts past their respond-by time


def _now(today: date) -> datetime:
    """The moment ages are counted from: the end of `today` if it is not the real today."""
    real = datetime.now(timezone.utc)
    return real if today == local_today(real) else _local_midnight(today + timedelta(days=1))


def _age_band(raised: Any, now: datetime) -> Any:
    whens = [(raised > now - timedelta(days=hi + 1), key) for key, _lo, hi in AGE_BANDS if hi]
    return case(*whens, else_=AGE_BANDS[-1][0])


def risk_panel(session: Session, actor: Actor, flt: DashboardFilter,
               today: date | None = None) -> RiskPanel:
    actor.require(Permission.READ_CUSTOMERS)
    now = _now(today or local_today())
    where = customer_where(actor, flt)
    whole = _whole_book(session, where)
    by_level = select(Customer.risk_level, func.count()).group_by(Customer.risk_level)
    levels = dict(session.execute(by_level if whole else by_level.where(where)).tuples().all())
    level_shares = tuple(Share(lv.value, lv.label, levels.get(lv, 0)) for lv in LEVELS)
    if levels.get(None):
        level_shares += (Share("none", "未评级", levels[None]),)
    new = dict(session.execute(_rows_in(
        select(RiskAlert.level, func.count()).select_from(RiskAlert)
        .where(_in_period(RiskAlert.raised_at, flt)).group_by(RiskAlert.level),
        RiskAlert.customer_id, where, whole)).tuples().all())
    band = _age_band(RiskAlert.raised_at, now).label("band")
    breach = case((and_(RiskAlert.status == AlertStatus.NEW, RiskAlert.respond_by < now), 1),
                  else_=0)
    ages: dict[str, int] = {}
    breaching = 0
    for key, n, b in session.execute(_rows_in(
            select(band, func.count(), func.sum(breach)).select_from(RiskAlert)
            .where(RiskAlert.status.in_(OPEN_ALERTS)).group_by(band),
            RiskAlert.customer_id, where, whole)):
        ages[key], breaching = n, breaching + int(b or 0)
    return RiskPanel(
        level_shares, sum(new.values()),
        tuple(Share(lv.value, lv.label, new.get(lv, 0)) for lv in LEVELS),
        tuple(Share(k, AGE_LABELS[k], ages.get(k, 0)) for k, _lo, _hi in AGE_BANDS),
        sum(ages.values()), breaching)


# --- work -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EffectSummary:
    """The 30/60/90-day figures of crm.queries.visits.visit_effects, added up over the visits
    in the filter that have both figures (at the visit and N days after)."""

    visits: int
    compared: tuple[int, int, int]
    at_visit: tuple[Decimal, Decimal, Decimal]
    after: tuple[Decimal, Decimal, Decimal]
    source_note: str = ""

    def change_pct(self, i: int) -> float | None:
        if not self.compared[i] or self.at_visit[i] <= 0:
            return None
        return float((self.after[i] - self.at_visit[i]) / self.at_visit[i] * 100)


@dataclass(frozen=True)
class WorkPanel:
    contacts: int
    by_channel: tuple[Share, ...]
    by_outcome: tuple[Share, ...]
    channel_outcome: dict[tuple[str, str], int]
    visits_planned: int
    visits_done: int
    visits_not_met: int
    visits_reviewed: int
    effects: EffectSummary
    promises_made: int
    promises_kept: int
    promises_broken: int
    promises_pending: int
    promised_amount: Decimal
    plans_active: int
    plans_completed: int
    plans_defaulted: int
    plans_other: int                        # drafts and pending approval

    @property
    def kept_rate(self) -> float | None:
        return _rate(self.promises_kept, self.promises_kept + self.promises_broken)


def work_panel(session: Session, actor: Actor, flt: DashboardFilter,
               today: date | None = None) -> WorkPanel:
    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    where = customer_where(actor, flt)
    cr = ContactRecord
    pairs: dict[tuple[str, str], int] = {}
    made = kept = broken = pending = 0
    promised = ZERO
    stmt = (select(cr.channel, cr.outcome, func.count(),
                   func.count(cr.promise_status),
                   func.sum(case((cr.promise_status == PromiseStatus.KEPT, 1), else_=0)),
                   func.sum(case((cr.promise_status == PromiseStatus.BROKEN, 1), else_=0)),
                   func.sum(case((cr.promise_status == PromiseStatus.PENDING, 1), else_=0)),
                   _money(case((cr.promise_status.is_not(None), cr.promise_amount))))
            .select_from(cr).where(_in_period(cr.contacted_at, flt))
            .group_by(cr.channel, cr.outcome))
    whole = _whole_book(session, where)
    for ch, out, n, m, k, b, p, amt in session.execute(
            _rows_in(stmt, cr.customer_id, where, whole)):
        pairs[(ch.value, out.value)] = n
        made, kept, broken, pending = made + m, kept + int(k or 0), broken + int(b or 0), \
            pending + int(p or 0)
        promised += amt
    by_channel = tuple(Share(c.value, c.label, sum(n for (a, _), n in pairs.items()
                                                   if a == c.value)) for c in ContactChannel)
    by_outcome = tuple(Share(o.value, o.label, sum(n for (_, b), n in pairs.items()
                                                   if b == o.value)) for o in ContactOutcome)
    visits = _visit_counts(session, where, whole, flt)
    plans = dict(session.execute(_rows_in(
        select(RepaymentPlan.status, func.count()).select_from(RepaymentPlan)
        .group_by(RepaymentPlan.status),
        RepaymentPlan.customer_id, where, whole)).tuples().all())
    return WorkPanel(
        sum(pairs.values()), by_channel, by_outcome, pairs, *visits,
        visit_effect_summary(session, actor, flt, today),
        made, kept, broken, pending, promised,
        plans.get(PlanStatus.ACTIVE, 0), plans.get(PlanStatus.SETTLED, 0),
        plans.get(PlanStatus.DEFAULTED, 0),
        plans.get(PlanStatus.DRAFT, 0) + plans.get(PlanStatus.PENDING_APPROVAL, 0))


def _visit_counts(session: Session, where: Any, whole: bool,
                  flt: DashboardFilter) -> tuple[int, ...]:
    v = VisitPlan
    not_met = or_(v.status == VisitStatus.NOT_MET, v.met_customer.is_(False))
    row = session.execute(_rows_in(
        select(func.count(),
               func.sum(case((v.status.in_(DONE_VISITS), 1), else_=0)),
               func.sum(case((and_(v.status.in_(DONE_VISITS), not_met), 1), else_=0)),
               func.sum(case((v.status == VisitStatus.REVIEWED, 1), else_=0)))
        .select_from(v)
        .where(_in_period(v.planned_on, flt, dates=True), v.status != VisitStatus.CANCELLED),
        v.customer_id, where, whole)).one()
    return tuple(int(x or 0) for x in row)


def visit_effect_summary(session: Session, actor: Actor, flt: DashboardFilter,
                         today: date) -> EffectSummary:
    """visit_effects() for the period, narrowed to the filter's customers."""
    from crm.queries.visits import visit_effects

    report = visit_effects(session, actor, flt.start, flt.end, today)
    rows = list(report.rows)
    if rows and (flt.branch_id is not None or flt.manager_id is not None):
        ids = sorted({r.customer_id for r in rows})
        keep: set[int] = set()
        for i in range(0, len(ids), 500):
            keep.update(session.scalars(select(Customer.id).where(
                Customer.id.in_(ids[i:i + 500]), customer_where(actor, flt))))
        rows = [r for r in rows if r.customer_id in keep]
    compared, at, after = [0, 0, 0], [ZERO] * 3, [ZERO] * 3
    for r in rows:
        for i, fig in enumerate(r.after):
            if r.at_visit.amount is not None and fig.amount is not None:
                compared[i] += 1
                at[i] += r.at_visit.amount
                after[i] += fig.amount
    return EffectSummary(len(rows), tuple(compared), tuple(at), tuple(after),  # type: ignore[arg-type]
                         report.source_note)


# --- satisfaction -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrendPoint:
    month: int           # yyyymm
    responses: int
    nps: float | None
    csat: float | None


@dataclass(frozen=True)
class SatisfactionPanel:
    responses: int
    nps: float | None
    csat: float | None
    trend: tuple[TrendPoint, ...]                  # the 12 months ending with the period's
    weakest: tuple[str, float] | None             # (dimension label, mean 1–5)
    dimensions: tuple[tuple[str, float | None], ...]
    cases_open: int
    cases_overdue: int
    suggestions_decided: int
    suggestions_adopted: int
    by_manager_nps: dict[int, float | None] = field(default_factory=dict)

    @property
    def adoption_rate(self) -> float | None:
        return _rate(self.suggestions_adopted, self.suggestions_decided)


def _survey_analysis(session: Session, actor: Actor, flt: DashboardFilter,
                     months: int = 1) -> Any:
    """crm.queries.surveys.survey_analysis of the period (or of the `months` months that end
    with the period's last), for the filter's branch and manager."""
    from crm.domain.surveys import add_months, month_key
    from crm.queries.surveys import AnalysisFilter, survey_analysis

    last = month_key(flt.end)
    first = month_key(flt.start) if months == 1 else add_months(last, 1 - months)
    return survey_analysis(session, actor, AnalysisFilter(
        first, last, branch_id=flt.branch_id, manager_id=flt.manager_id))


def _nps_by_manager(analysis: Any) -> dict[int, float | None]:
    return {f.key: f.nps.score for f in analysis.by_manager if isinstance(f.key, int)}


def satisfaction_panel(session: Session, actor: Actor, flt: DashboardFilter,
                       today: date | None = None) -> SatisfactionPanel:
    from crm.domain.enums import Adoption
    from crm.domain.surveys import RATED_DIMENSIONS

    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    now = _survey_analysis(session, actor, flt)
    trend = _survey_analysis(session, actor, flt, months=12)
    dims = tuple((d.dimension.label, d.stats.mean) for d in now.dimensions
                 if d.dimension in RATED_DIMENSIONS)
    rated = [(label, m) for label, m in dims if m is not None]
    weakest = min(rated, key=lambda x: x[1]) if rated else None
    where = customer_where(actor, flt)
    whole = _whole_book(session, where)
    overdue = and_(RemediationCase.status == CaseStatus.OPEN, RemediationCase.due_on < today)
    cases = session.execute(_rows_in(
        select(func.count(), func.sum(case((overdue, 1), else_=0))).select_from(RemediationCase)
        .where(RemediationCase.status == CaseStatus.OPEN),
        RemediationCase.customer_id, where, whole)).one()
    adopted = (Adoption.ADOPTED, Adoption.IMPLEMENTED)
    fb = session.execute(_rows_in(
        select(func.count(Feedback.adoption),
               func.sum(case((Feedback.adoption.in_(adopted), 1), else_=0))).select_from(Feedback)
        .where(Feedback.kind == FeedbackKind.SUGGESTION),
        Feedback.customer_id, where, whole)).one()
    return SatisfactionPanel(
        now.responses, now.nps.score, now.csat,
        tuple(TrendPoint(f.key, f.responses, f.nps.score, f.csat) for f in trend.months),
        weakest, dims, int(cases[0] or 0), int(cases[1] or 0), int(fb[0] or 0), int(fb[1] or 0),
        _nps_by_manager(now))


# --- per manager --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ManagerRow:
    manager_id: int
    name: str
    customers: int
    overdue_customers: int
    overdue_amount: Decimal
    contacts: int
    visits: int                      # visits done in the period
    promises_kept: int
    promises_broken: int
    nps: float | None
    overdue_tasks: int

    @property
    def kept_rate(self) -> float | None:
        return _rate(self.promises_kept, self.promises_kept + self.promises_broken)


def manager_table(session: Session, actor: Actor, flt: DashboardFilter,
                  today: date | None = None,
                  nps: dict[int, float | None] | None = None) -> tuple[ManagerRow, ...]:
    """One row per manager owning customers in the filter (or a manager of the branch)."""
    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    where = customer_where(actor, flt)
    owner = Customer.owner_id
    book = {o: (n, od, amt) for o, n, od, amt in session.execute(
        select(owner, func.count(), func.sum(case((Customer.max_overdue_days > 0, 1), else_=0)),
               _money(Customer.overdue_amount))
        .where(where, owner.is_not(None)).group_by(owner))}
    cr = ContactRecord
    contacts = {o: (n, int(k or 0), int(b or 0)) for o, n, k, b in session.execute(
        select(owner, func.count(),
               func.sum(case((cr.promise_status == PromiseStatus.KEPT, 1), else_=0)),
               func.sum(case((cr.promise_status == PromiseStatus.BROKEN, 1), else_=0)))
        .join(Customer, Customer.id == cr.customer_id)
        .where(where, _in_period(cr.contacted_at, flt)).group_by(owner))}
    visits = dict(session.execute(
        select(owner, func.count()).select_from(VisitPlan)
        .join(Customer, Customer.id == VisitPlan.customer_id)
        .where(where, _in_period(VisitPlan.planned_on, flt, dates=True),
               VisitPlan.status.in_(DONE_VISITS)).group_by(owner)).tuples().all())
    ids = set(book) | set(contacts) | set(visits)
    mgr = select(User.id, User.display_name).where(User.role == Role.MANAGER, User.active)
    if flt.manager_id is not None:
        mgr = mgr.where(User.id == flt.manager_id)
    elif flt.branch_id is not None or actor.role is Role.SUPERVISOR:
        mgr = mgr.where(User.branch_id == (flt.branch_id if flt.branch_id is not None
                                           else actor.branch_id))
    elif actor.role is Role.MANAGER:
        mgr = mgr.where(User.id == actor.user_id)
    names = dict(session.execute(mgr).tuples().all())
    names.update(session.execute(select(User.id, User.display_name)
                                 .where(User.id.in_(ids - set(names)))).tuples().all())
    tasks = dict(session.execute(
        select(Task.owner_id, func.count())
        .where(Task.owner_id.in_(list(names)), Task.status == TaskStatus.OPEN,
               Task.due_on < today).group_by(Task.owner_id)).tuples().all())
    if nps is None:
        nps = _nps_by_manager(_survey_analysis(session, actor, flt))
    rows = []
    for uid, name in names.items():
        n, od, amt = book.get(uid, (0, 0, ZERO))
        c, k, b = contacts.get(uid, (0, 0, 0))
        rows.append(ManagerRow(uid, name, n, int(od or 0), amt, c, visits.get(uid, 0), k, b,
                               nps.get(uid), tasks.get(uid, 0)))
    return tuple(sorted(rows, key=lambda r: (-r.overdue_amount, r.name)))


# --- notable cases (the monthly report's last page) -------------------------------------------

@dataclass(frozen=True)
class NotableCase:
    kind: str              # 新增逾期 | 安全事件 | 投诉
    customer_id: int
    customer_name: str
    on: date | None
    detail: str
    amount: Decimal | None = None


def notable_cases(session: Session, actor: Actor, flt: DashboardFilter,
                  limit: int = 10) -> tuple[NotableCase, ...]:
    """Largest new overdue (customers whose overdue began in the period), safety incidents
    at visits and complaints received in the period."""
    from crm.domain.compliance import local_date

    where = customer_where(actor, flt)
    span = (flt.end - flt.start).days + 1
    out: list[NotableCase] = []
    for cid, name, amt, days in session.execute(
            select(Customer.id, Customer.name, Customer.overdue_amount, Customer.max_overdue_days)
            .where(where, Customer.max_overdue_days.between(1, span))
            .order_by(Customer.overdue_amount.desc(), Customer.id).limit(limit)):
        out.append(NotableCase("新增逾期", cid, name, None, f"逾期 {days} 天", amt))
    for cid, name, day, note in session.execute(
            select(Customer.id, Customer.name, VisitPlan.planned_on, VisitPlan.safety_note)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .where(where, VisitPlan.safety_incident.is_(True),
                   _in_period(VisitPlan.planned_on, flt, dates=True))
            .order_by(VisitPlan.planned_on).limit(limit)):
        out.append(NotableCase("安全事件", cid, name, day, note or "走访中发生安全事件"))
    for cid, name, at, text in session.execute(
            select(Customer.id, Customer.name, Feedback.received_at, Feedback.content)
            .join(Customer, Customer.id == Feedback.customer_id)
            .where(where, Feedback.kind == FeedbackKind.COMPLAINT,
                   _in_period(Feedback.received_at, flt))
            .order_by(Feedback.received_at).limit(limit)):
        out.append(NotableCase("投诉", cid, name, local_date(at), text))
    for cid, name, at, text in session.execute(
            select(Customer.id, Customer.name, ContactRecord.contacted_at, ContactRecord.summary)
            .join(Customer, Customer.id == ContactRecord.customer_id)
            .where(where, ContactRecord.outcome == ContactOutcome.COMPLAINT,
                   _in_period(ContactRecord.contacted_at, flt))
            .order_by(ContactRecord.contacted_at).limit(limit)):
        out.append(NotableCase("投诉", cid, name, local_date(at), text or "联系中客户投诉"))
    return tuple(out)


# --- drill-down ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Drill:
    """The customers behind a figure: their ids, and the customer list's filter when the
    list can show exactly them (a definition for MainWindow.open_customer_list)."""

    title: str
    customer_ids: tuple[int, ...]
    list_definition: dict[str, Any] | None = None


def _ids_of(session: Session, stmt: Select[Any], limit: int) -> tuple[int, ...]:
    return tuple(session.scalars(stmt.distinct().order_by(Customer.id).limit(limit)))


def drill(session: Session, actor: Actor, flt: DashboardFilter, figure: str,
          key: str | None = None, today: date | None = None, limit: int = 5000) -> Drill:
    """figure: customers | overdue | bucket | tier | roll ("M1>M2") | risk_level | alerts_new |
    alerts_age | alerts_breaching | channel | outcome | visits (planned|done|not_met|reviewed) |
    promises (made|kept|broken|pending) | plans (active|settled|defaulted) | manager (id)."""
    actor.require(Permission.READ_CUSTOMERS)
    today = today or local_today()
    where = customer_where(actor, flt)
    ids = select(Customer.id).where(where)
    plain = flt.branch_id is None
    definition: dict[str, Any] | None = None
    title = figure if key is None else f"{figure}:{key}"
    if figure == "customers":
        definition = {"filter": {}} if plain and flt.manager_id is None else None
        if plain and flt.manager_id is not None:
            definition = {"filter": {"owner_id": flt.manager_id}}
    elif figure == "manager":
        ids = ids.where(Customer.owner_id == int(key or 0))
        definition = {"filter": {"owner_id": int(key or 0)}} if plain else None
    elif figure == "overdue":
        ids = ids.join(Loan, Loan.customer_id == Customer.id).where(
            Loan.status == "active", Loan.overdue_days > 0)
    elif figure == "bucket":
        ids = ids.join(Loan, Loan.customer_id == Customer.id).where(
            Loan.status == "active", _bucket_case(Loan.overdue_days) == key)
    elif figure == "tier":
        tier = None if key == UNCLASSIFIED else key
        ids = ids.join(Loan, Loan.customer_id == Customer.id).where(
            Loan.status == "active",
            _tier_col().is_(None) if tier is None else _tier_col() == tier)
    elif figure == "roll":
        src, dst = (key or ">").split(">")
        ids = ids.where(_bucket_on(flt.start - timedelta(days=1), today) == src,
                        _bucket_on(flt.end, today) == dst)
    elif figure == "risk_level":
        level = None if key in (None, "none") else RiskLevel(key)
        ids = ids.where(Customer.risk_level.is_(None) if level is None
                        else Customer.risk_level == level)
        if plain and level is not None:
            definition = {"filter": {"risk_level": level.value,
                                     "owner_id": flt.manager_id}}
    elif figure.startswith("alerts"):
        ids = ids.join(RiskAlert, RiskAlert.customer_id == Customer.id)
        now = _now(today)
        if figure == "alerts_new":
            ids = ids.where(_in_period(RiskAlert.raised_at, flt))
            if key:
                ids = ids.where(RiskAlert.level == RiskLevel(key))
        else:
            ids = ids.where(RiskAlert.status.in_(OPEN_ALERTS))
            if figure == "alerts_age" and key:
                ids = ids.where(_age_band(RiskAlert.raised_at, now) == key)
            elif figure == "alerts_breaching":
                ids = ids.where(RiskAlert.status == AlertStatus.NEW, RiskAlert.respond_by < now)
    elif figure in ("channel", "outcome", "promises"):
        cr = ContactRecord
        ids = ids.join(cr, cr.customer_id == Customer.id).where(_in_period(cr.contacted_at, flt))
        if figure == "channel":
            ids = ids.where(cr.channel == ContactChannel(key))
        elif figure == "outcome":
            ids = ids.where(cr.outcome == ContactOutcome(key))
        elif key == "made":
            ids = ids.where(cr.promise_status.is_not(None))
        else:
            ids = ids.where(cr.promise_status == PromiseStatus(key))
    elif figure == "visits":
        v = VisitPlan
        ids = ids.join(v, v.customer_id == Customer.id).where(
            _in_period(v.planned_on, flt, dates=True), v.status != VisitStatus.CANCELLED)
        if key == "done":
            ids = ids.where(v.status.in_(DONE_VISITS))
        elif key == "not_met":
            ids = ids.where(v.status.in_(DONE_VISITS),
                            or_(v.status == VisitStatus.NOT_MET, v.met_customer.is_(False)))
        elif key == "reviewed":
            ids = ids.where(v.status == VisitStatus.REVIEWED)
    elif figure == "plans":
        ids = ids.join(RepaymentPlan, RepaymentPlan.customer_id == Customer.id).where(
            RepaymentPlan.status == PlanStatus(key))
    else:
        raise ValueError(f"unknown figure {figure!r}")
    return Drill(title, _ids_of(session, ids, limit), definition)


@dataclass(frozen=True)
class DrillRow:
    customer_id: int
    name: str
    owner: str
    overdue_amount: Decimal
    max_overdue_days: int
    risk_level: RiskLevel | None


def drill_rows(session: Session, actor: Actor, ids: tuple[int, ...] | list[int]) -> list[DrillRow]:
    """The drilled customers as list rows (no sensitive fields), in scope only."""
    owner = aliased(User)
    out: list[DrillRow] = []
    ids = list(ids)
    for i in range(0, len(ids), 500):
        out.extend(DrillRow(*r) for r in session.execute(
            select(Customer.id, Customer.name, func.coalesce(owner.display_name, ""),
                   Customer.overdue_amount, Customer.max_overdue_days, Customer.risk_level)
            .outerjoin(owner, owner.id == Customer.owner_id)
            .where(Customer.id.in_(ids[i:i + 500]), customer_scope(actor))
            .order_by(Customer.overdue_amount.desc(), Customer.id)))
    return sorted(out, key=lambda r: (-r.overdue_amount, r.customer_id))


# --- everything at once (the monthly report, the benchmark) -----------------------------------

@dataclass(frozen=True)
class Dashboard:
    filter: DashboardFilter
    portfolio: Portfolio
    risk: RiskPanel
    work: WorkPanel
    satisfaction: SatisfactionPanel
    managers: tuple[ManagerRow, ...]


PANELS = ("portfolio", "risk", "work", "satisfaction", "managers")


def panel(session: Session, actor: Actor, flt: DashboardFilter, name: str,
          today: date | None = None) -> Any:
    fn = {"portfolio": portfolio, "risk": risk_panel, "work": work_panel,
          "satisfaction": satisfaction_panel, "managers": manager_table}[name]
    return fn(session, actor, flt, today)


def dashboard(session: Session, actor: Actor, flt: DashboardFilter,
              today: date | None = None) -> Dashboard:
    sat = satisfaction_panel(session, actor, flt, today)
    return Dashboard(flt, portfolio(session, actor, flt, today), risk_panel(session, actor, flt, today),
                     work_panel(session, actor, flt, today), sat,
                     manager_table(session, actor, flt, today, nps=sat.by_manager_nps))


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


def filter_choices(session: Session, actor: Actor) -> tuple[list[Choice], list[Choice]]:
    """(branches, managers) the actor may pick in the filter bar."""
    from crm.models import Branch

    branches = select(Branch.id, Branch.name).order_by(Branch.code)
    managers = select(User.id, User.display_name).where(User.role == Role.MANAGER, User.active)
    if not actor.sees_all_branches:
        branches = branches.where(Branch.id == actor.branch_id)
        managers = managers.where(User.branch_id == actor.branch_id)
        if actor.role is Role.MANAGER:
            managers = managers.where(User.id == actor.user_id)
    return ([Choice(*r) for r in session.execute(branches)],
            [Choice(*r) for r in session.execute(managers.order_by(User.username))])
