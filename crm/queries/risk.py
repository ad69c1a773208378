"""Read side of risk: the alert queue, one alert with its steps, the segment matrix, a
customer's risk with its reasons, history and loan class suggestions. Scoped in SQL."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.classification import TierThresholds, next_threshold
from crm.domain.enums import AlertAction, AlertStatus, FiveTier, LoanStatus, RiskLevel
from crm.domain.errors import NotFoundError
from crm.domain.risk import LEVEL_ORDER, LEVEL_UP, FiredRule, RuleSet
from crm.models import (
    Customer, Loan, RiskAlert, RiskAlertEvent, RiskRuleSetVersion, RiskScore, User,
)
from crm.queries.scope import customer_scope

ALERT_NOT_FOUND = "预警不存在，或不在您的管辖范围内"
OPEN = (AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS)
LEVEL_UP_NAME = "风险等级上升"


def rule_names(session: Session) -> dict[str, str]:
    """Rule code -> name, from the current rule set (and the level-rise signal)."""
    snap = session.scalar(select(RiskRuleSetVersion.snapshot)
                          .order_by(RiskRuleSetVersion.number.desc()).limit(1))
    names = {r["code"]: r.get("name", r["code"]) for r in (snap or {}).get("rules", [])}
    names[LEVEL_UP] = LEVEL_UP_NAME
    return names


def rule_set_in_use(session: Session) -> RuleSet | None:
    row = session.execute(select(RiskRuleSetVersion.number, RiskRuleSetVersion.snapshot)
                          .order_by(RiskRuleSetVersion.number.desc()).limit(1)).first()
    return None if row is None else RuleSet.from_json(row.snapshot, row.number)


# ---- the alert queue ----------------------------------------------------------------------

@dataclass(frozen=True)
class AlertView:
    id: int
    customer_id: int
    customer_name: str
    owner_name: str
    rule_code: str
    rule_name: str
    level: RiskLevel
    status: AlertStatus
    reason: str
    raised_at: datetime
    respond_by: datetime | None
    escalated: bool
    action: AlertAction | None
    version: int

    def age_days(self, now: datetime) -> int:
        return max(0, (now - self.raised_at).days)

    def overdue(self, now: datetime) -> bool:
        return (self.status is AlertStatus.NEW and self.respond_by is not None
                and self.respond_by < now)


@dataclass(frozen=True)
class AlertFilter:
    levels: tuple[RiskLevel, ...] = ()
    statuses: tuple[AlertStatus, ...] = OPEN
    rule_code: str | None = None
    owner_id: int | None = None
    customer_id: int | None = None
    min_age_days: int | None = None  # raised at least this many days ago
    escalated_only: bool = False  # escalated, or not yet acknowledged past its response time


SORTS = ("raised_at", "level", "status", "customer", "rule", "respond_by")


def _alert_stmt(actor: Actor, flt: AlertFilter, now: datetime) -> Select[Any]:
    owner = aliased(User)
    stmt = (select(RiskAlert, Customer.name, owner.display_name)
            .join(Customer, Customer.id == RiskAlert.customer_id)
            .outerjoin(owner, owner.id == Customer.owner_id)
            .where(customer_scope(actor)))
    if flt.levels:
        stmt = stmt.where(RiskAlert.level.in_(flt.levels))
    if flt.statuses:
        stmt = stmt.where(RiskAlert.status.in_(flt.statuses))
    if flt.rule_code:
        stmt = stmt.where(RiskAlert.rule_code == flt.rule_code)
    if flt.owner_id is not None:
        stmt = stmt.where(Customer.owner_id == flt.owner_id)
    if flt.customer_id is not None:
        stmt = stmt.where(RiskAlert.customer_id == flt.customer_id)
    if flt.min_age_days:
        stmt = stmt.where(RiskAlert.raised_at <= now - timedelta(days=flt.min_age_days))
    if flt.escalated_only:
        stmt = stmt.where(_missed(now))
    return stmt


def _missed(now: datetime) -> Any:
    """Escalated to the supervisor, or still new after its response time (the recompute
    escalates those on its next run)."""
    return or_(RiskAlert.escalated.is_(True),
               and_(RiskAlert.status == AlertStatus.NEW, RiskAlert.respond_by < now))


def missed_alert_count(session: Session, actor: Actor, now: datetime) -> int:
    """今日工作's card: open alerts escalated or past their response time — a manager's own
    (assigned to them), a supervisor's whole queue within their scope."""
    stmt = (select(func.count()).select_from(RiskAlert)
            .join(Customer, Customer.id == RiskAlert.customer_id)
            .where(customer_scope(actor), RiskAlert.status.in_(OPEN), _missed(now)))
    if not actor.can(Permission.REVIEW) and actor.user_id is not None:
        stmt = stmt.where(RiskAlert.assignee_id == actor.user_id)
    return session.scalar(stmt) or 0


def _level_order() -> Any:
    return case({lvl.value: i for i, lvl in enumerate(LEVEL_ORDER)}, value=RiskAlert.level)


def _order(sort: str, descending: bool) -> list[Any]:
    col = {"raised_at": RiskAlert.raised_at, "level": _level_order(),
           "status": RiskAlert.status, "customer": Customer.name, "rule": RiskAlert.rule_code,
           "respond_by": RiskAlert.respond_by}.get(sort, RiskAlert.raised_at)
    return [col.desc() if descending else col.asc(),
            RiskAlert.id.desc() if descending else RiskAlert.id.asc()]


def alert_page(session: Session, actor: Actor, flt: AlertFilter, now: datetime,
               sort: str = "level", descending: bool = True, offset: int = 0,
               limit: int = 500) -> tuple[int, list[AlertView]]:
    """(total matching, one page), most severe first by default."""
    stmt = _alert_stmt(actor, flt, now)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    names = rule_names(session)
    rows = session.execute(stmt.order_by(*_order(sort, descending)).offset(offset).limit(limit))
    return total, [_view(a, name, owner, names) for a, name, owner in rows]


def _view(a: RiskAlert, name: str, owner: str | None, names: dict[str, str]) -> AlertView:
    return AlertView(a.id, a.customer_id, name, owner or "", a.rule_code,
                     names.get(a.rule_code, a.rule_code), a.level, a.status, a.reason,
                     a.raised_at, a.respond_by, a.escalated,
                     AlertAction(a.action) if a.action else None, a.version)


@dataclass(frozen=True)
class AlertEventView:
    at: datetime
    user_name: str
    status: AlertStatus
    action: AlertAction | None
    note: str


@dataclass(frozen=True)
class CustomerRisk:
    customer_id: int
    name: str
    owner_name: str
    score: int | None
    level: RiskLevel | None
    version: int | None
    reasons: tuple[FiredRule, ...]
    segment: str | None
    strategy: str
    cadence_days: int | None
    overdue_days: int
    overdue_amount: Decimal
    total_balance: Decimal
    last_contact_at: datetime | None


@dataclass(frozen=True)
class AlertDetail:
    alert: AlertView
    events: tuple[AlertEventView, ...]
    customer: CustomerRisk


def alert_detail(session: Session, actor: Actor, alert_id: int, now: datetime) -> AlertDetail:
    stmt = _alert_stmt(actor, AlertFilter(statuses=()), now).where(RiskAlert.id == alert_id)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFoundError(ALERT_NOT_FOUND)
    view = _view(*row, rule_names(session))
    who = aliased(User)
    events = tuple(AlertEventView(e.at, name or "系统", e.status,
                                  AlertAction(e.action) if e.action else None, e.note or "")
                   for e, name in session.execute(
                       select(RiskAlertEvent, who.display_name)
                       .outerjoin(who, who.id == RiskAlertEvent.user_id)
                       .where(RiskAlertEvent.alert_id == alert_id)
                       .order_by(RiskAlertEvent.at, RiskAlertEvent.id)))
    return AlertDetail(view, events, customer_risk(session, actor, view.customer_id))


# ---- one customer ---------------------------------------------------------------------------

def customer_risk(session: Session, actor: Actor, customer_id: int) -> CustomerRisk:
    owner = aliased(User)
    row = session.execute(select(Customer, owner.display_name)
                          .outerjoin(owner, owner.id == Customer.owner_id)
                          .where(Customer.id == customer_id, customer_scope(actor))).first()
    if row is None:
        raise NotFoundError("客户不存在，或不在您的管辖范围内")
    c, owner_name = row
    rs = rule_set_in_use(session)
    seg = rs.segment(c.segment) if rs is not None and c.segment else None
    return CustomerRisk(c.id, c.name, owner_name or "", c.risk_score, c.risk_level,
                        c.risk_rule_version,
                        tuple(FiredRule.from_json(r) for r in c.risk_reasons or ()),
                        c.segment, seg.strategy if seg else "", seg.cadence_days if seg else None,
                        c.max_overdue_days, c.overdue_amount, c.total_balance, c.last_contact_at)


@dataclass(frozen=True)
class ScorePoint:
    at: datetime
    score: int
    level: RiskLevel
    version: int


def score_history(session: Session, actor: Actor, customer_id: int,
                  limit: int = 120) -> list[ScorePoint]:
    """Oldest first; a point is kept whenever the score, level or fired rules changed."""
    stmt = (select(RiskScore).join(Customer, Customer.id == RiskScore.customer_id)
            .where(RiskScore.customer_id == customer_id, customer_scope(actor))
            .order_by(RiskScore.computed_at.desc(), RiskScore.id.desc()).limit(limit))
    return [ScorePoint(r.computed_at, r.score, r.level, r.rule_set_version)
            for r in reversed(session.scalars(stmt).all())]


@dataclass(frozen=True)
class LoanClassView:
    loan_id: int
    loan_no: str
    overdue_days: int
    bank_class: FiveTier | None
    suggested: FiveTier | None
    override: FiveTier | None
    override_reason: str
    override_by: str
    override_confirmed: bool
    next_class: FiveTier | None
    days_to_next: int | None
    version: int

    @property
    def disagrees(self) -> bool:
        """The bank's class and the suggestion differ: highlight the loan."""
        return (self.suggested is not None and self.bank_class is not None
                and self.suggested is not self.bank_class)


def loan_classes(session: Session, actor: Actor, customer_id: int) -> list[LoanClassView]:
    rs = rule_set_in_use(session)
    tiers = rs.tiers if rs is not None else TierThresholds()
    by = aliased(User)
    stmt = (select(Loan, by.display_name).join(Customer, Customer.id == Loan.customer_id)
            .outerjoin(by, by.id == Loan.class_override_by)
            .where(Loan.customer_id == customer_id, customer_scope(actor),
                   Loan.status == LoanStatus.ACTIVE)
            .order_by(Loan.overdue_days.desc(), Loan.id))
    out = []
    for loan, by_name in session.execute(stmt):
        nxt = next_threshold(loan.overdue_days, tiers)
        out.append(LoanClassView(
            loan.id, loan.loan_no, loan.overdue_days, loan.five_tier, loan.suggested_class,
            loan.class_override, loan.class_override_reason or "", by_name or "",
            loan.class_override_confirmed_by is not None, nxt[0] if nxt else None,
            nxt[1] if nxt else None, loan.version))
    return out


# ---- the segment matrix ---------------------------------------------------------------------

@dataclass(frozen=True)
class SegmentCell:
    count: int = 0
    balance: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class SegmentRow:
    name: str  # "" for customers not yet segmented
    strategy: str
    cadence_days: int | None
    cells: dict[RiskLevel | None, SegmentCell] = field(default_factory=dict)

    @property
    def total(self) -> SegmentCell:
        return SegmentCell(sum(c.count for c in self.cells.values()),
                           sum((c.balance for c in self.cells.values()), Decimal("0.00")))


def segment_matrix(session: Session, actor: Actor) -> list[SegmentRow]:
    """Segments (rule-set order, then any others) x risk levels: customers and balances."""
    balance = func.sum(cast(func.round(Customer.total_balance * 100), BigInteger))
    rows = session.execute(select(Customer.segment, Customer.risk_level, func.count(), balance)
                           .where(customer_scope(actor))
                           .group_by(Customer.segment, Customer.risk_level))
    found: dict[str, dict[RiskLevel | None, SegmentCell]] = {}
    for seg, level, count, cents in rows:
        found.setdefault(seg or "", {})[level] = SegmentCell(
            int(count), (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01")))
    rs = rule_set_in_use(session)
    out = [SegmentRow(s.name, s.strategy, s.cadence_days, found.pop(s.name, {}))
           for s in (rs.segments if rs else ())]
    out += [SegmentRow(name, "", None, cells) for name, cells in sorted(found.items())]
    return out


__all__ = [
    "ALERT_NOT_FOUND", "AlertDetail", "AlertEventView", "AlertFilter", "AlertView",
    "CustomerRisk", "LoanClassView", "SORTS", "ScorePoint", "SegmentCell", "SegmentRow",
    "alert_detail", "alert_page", "customer_risk", "loan_classes", "missed_alert_count",
    "rule_names",
    "rule_set_in_use", "score_history", "segment_matrix",
]
