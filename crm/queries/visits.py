"""Visit reads: screening, one visit, calendar, a staff member's day and route, the review
queue, returned reports, and effect evaluation.

Scope: a visit is visible to whoever sees its customer (crm.queries.scope) and to the staff
sent on it (the second person may be a colleague's customer's visitor).

Screening (走访筛选) filters in SQL, pre-orders the matches by a rough SQL version of the
priority (amount band, days overdue, risk level, contact recency) and scores only the top
`pool` of them exactly in Python with crm.domain.visit_priority, so a million-customer
branch answers in well under a second.
"""
from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement, and_, case, exists, false, func, literal, literal_column, or_, select, true,
)
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.classification import bucket_for, bucket_range
from crm.domain.compliance import SHANGHAI, local_date, local_today
from crm.domain.enums import (
    Bucket, ChecklistItem, ContactChannel, ContactOutcome, InstalmentStatus, PlanStatus,
    PromiseStatus, RiskLevel, Role, VisitPurpose, VisitReason, VisitStatus,
)
from crm.domain.errors import NotFoundError
from crm.domain.masking import mask_address
from crm.domain.records import NextSteps, VisitPlanView, VisitStaffView
from crm.domain.route import Point, Route, Stop, plan_route, route_length
from crm.domain.visit_priority import (
    AMOUNT_FLOOR, CONTACT_CAP, DAYS_CAP, DISTRICT_CAP, PROMISES_CAP, VISIT_CAP, Contribution,
    PriorityInput, PriorityWeights, score, total,
)
from crm.models import (
    ContactRecord, Customer, DistrictRisk, FinancialSnapshot, RepaymentPlan,
    RepaymentPlanInstalment, Setting, User, VisitPlan, VisitStaff,
)
from crm.paths import RESOURCES
from crm.queries.scope import customer_scope

log = logging.getLogger(__name__)

NOT_FOUND = "走访计划不存在，或不在您的管辖范围内"
SETTINGS_KEY = "visits"
WEIGHTS_KEY = "visit_priority"
WEIGHTS_FILE = RESOURCES / "visits" / "priority_weights.json"
UNREACHABLE = (ContactOutcome.LOST_CONTACT, ContactOutcome.WRONG_NUMBER)
# outcomes where nobody was reached (as crm.services.contacts.NOT_REACHED)
NOT_REACHED = (ContactOutcome.NO_ANSWER, ContactOutcome.REFUSED, *UNREACHABLE)
BATCH = 500
# spelled as a literal so both backends match it to the partial index ix_contact_records_broken
BROKEN_PROMISE = ContactRecord.promise_status == literal_column(f"'{PromiseStatus.BROKEN.value}'")
ACTIVE = (VisitStatus.DRAFT, VisitStatus.APPOINTED)
# statuses of a visit that took place (or was attempted at the door)
DONE = (VisitStatus.VISITED, VisitStatus.NOT_MET, VisitStatus.PENDING_REVIEW,
        VisitStatus.REVIEWED, VisitStatus.RETURNED)


def visit_scope(actor: Actor) -> ColumnElement[bool]:
    """Visits whose customer is in scope, or on which the actor is staff."""
    if not actor.can(Permission.READ_CUSTOMERS):
        return false()
    if actor.sees_all_branches:
        return true()
    own = customer_scope(actor)
    if actor.user_id is None:
        return own
    staffed = select(VisitStaff.visit_id).where(VisitStaff.user_id == actor.user_id)
    return or_(own, VisitPlan.id.in_(staffed))


def _enum_set(cls: Any, values: Iterable[Any]) -> list[Any]:
    out = []
    for v in values or ():
        try:
            out.append(cls(v))
        except ValueError:  # a label from older data: keep what can be read
            try:
                out.append(cls.from_label(str(v)))
            except ValueError:
                continue
    return out


def next_steps_of(raw: dict[str, Any] | None) -> NextSteps:
    from datetime import date as _d
    from decimal import Decimal
    raw = raw or {}

    def day(key: str) -> _d | None:
        return _d.fromisoformat(raw[key]) if raw.get(key) else None

    amount = raw.get("promise_amount")
    return NextSteps(Decimal(amount) if amount else None, day("promise_date"),
                     bool(raw.get("plan_wanted")), day("next_visit_on"),
                     day("follow_up_call_on"), raw.get("contact_id"),
                     tuple(raw.get("task_ids") or ()))


def _staff(session: Session, ids: Sequence[int]) -> dict[int, tuple[VisitStaffView, ...]]:
    found: dict[int, list[VisitStaffView]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(VisitStaff.visit_id, VisitStaff.user_id, User.display_name, VisitStaff.lead)
            .join(User, User.id == VisitStaff.user_id)
            .where(VisitStaff.visit_id.in_(ids[start:start + 500]))
            .order_by(VisitStaff.visit_id, VisitStaff.lead.desc(), User.id))
        for vid, uid, name, lead in rows:
            found[vid].append(VisitStaffView(uid, name, lead))
    return {k: tuple(v) for k, v in found.items()}


def visit_views(session: Session, stmt_or_ids: Any) -> list[VisitPlanView]:
    """Views of the visits a select() of VisitPlan (or a list of ids) names, in its order.

    The customer is joined here: a statement given may filter on Customer columns (scope)
    but must not join it itself.
    """
    reviewer = aliased(User)
    if isinstance(stmt_or_ids, (list, tuple)):
        order = {vid: i for i, vid in enumerate(stmt_or_ids)}
        stmt = select(VisitPlan).where(VisitPlan.id.in_(list(stmt_or_ids)))
    else:
        order, stmt = None, stmt_or_ids
    stmt = (stmt.add_columns(Customer.name, Customer.district, Customer.address,
                             reviewer.display_name)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .outerjoin(reviewer, reviewer.id == VisitPlan.reviewer_id))
    rows = session.execute(stmt).all()
    if order is not None:
        rows.sort(key=lambda r: order[r[0].id])
    staff = _staff(session, [r[0].id for r in rows])
    return [_view(v, name, district, address, reviewer_name, staff.get(v.id, ()))
            for v, name, district, address, reviewer_name in rows]


def _view(v: VisitPlan, name: str, district: str | None, address: str | None,
          reviewer_name: str | None, staff: tuple[VisitStaffView, ...]) -> VisitPlanView:
    checklist = frozenset(_enum_set(ChecklistItem, [k for k, on in (v.checklist or {}).items()
                                                    if on]))
    return VisitPlanView(
        v.id, v.customer_id, name, district or "", mask_address(address), v.planned_on,
        v.window_start, v.window_end, v.purpose, v.status, staff, v.notes or "", checklist,
        v.appointment_at, v.appointment_contact_id, v.route_order, v.two_person_override or "",
        v.cancel_reason or "", v.met_customer, v.present or "", v.situation or "",
        tuple(_enum_set(VisitReason, v.reason_codes)), v.willingness, v.ability,
        v.findings or "", v.agreed_actions or "", next_steps_of(v.next_steps),
        bool(v.safety_incident), v.safety_note or "", v.visited_at, v.overdue_at_visit,
        v.review_status, v.review_comment or "", reviewer_name or "", v.reviewed_at, v.version)


def scoped_visit(session: Session, actor: Actor, visit_id: int) -> VisitPlan:
    visit = session.scalar(select(VisitPlan).join(Customer, Customer.id == VisitPlan.customer_id)
                           .where(VisitPlan.id == visit_id, visit_scope(actor)))
    if visit is None:
        raise NotFoundError(NOT_FOUND)
    return visit


def get_visit(session: Session, actor: Actor, visit_id: int) -> VisitPlanView:
    scoped_visit(session, actor, visit_id)
    [view] = visit_views(session, [visit_id])
    return view


# ---- calendar and a staff member's day ------------------------------------------------------

@dataclass(frozen=True)
class CalendarEntry:
    """One staff member's place in one visit: a visit with two staff appears twice."""

    visit_id: int
    user_id: int
    user_name: str
    lead: bool
    planned_on: date
    window_start: time | None
    window_end: time | None
    customer_id: int
    customer_name: str
    purpose: VisitPurpose
    status: VisitStatus
    version: int


def visit_calendar(session: Session, actor: Actor, start: date, end: date,
                   staff_id: int | None = None, branch_id: int | None = None,
                   include_cancelled: bool = False) -> list[CalendarEntry]:
    """Visits from `start` to `end` (inclusive) per staff member, for the week and day views.

    `staff_id` narrows to one person; `branch_id` to the staff of one branch (a supervisor's
    branch view). Ordered by date, staff, window.
    """
    stmt = (select(VisitPlan, VisitStaff.user_id, User.display_name, VisitStaff.lead,
                   Customer.name)
            .join(VisitStaff, VisitStaff.visit_id == VisitPlan.id)
            .join(User, User.id == VisitStaff.user_id)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .where(VisitPlan.planned_on >= start, VisitPlan.planned_on <= end,
                   visit_scope(actor)))
    if not include_cancelled:
        stmt = stmt.where(VisitPlan.status != VisitStatus.CANCELLED)
    if staff_id is not None:
        stmt = stmt.where(VisitStaff.user_id == staff_id)
    if branch_id is not None:
        stmt = stmt.where(User.branch_id == branch_id)
    stmt = stmt.order_by(VisitPlan.planned_on, User.display_name, User.id,
                         VisitPlan.window_start.nulls_last(), VisitPlan.id)
    return [CalendarEntry(v.id, uid, uname, lead, v.planned_on, v.window_start, v.window_end,
                          v.customer_id, cname, v.purpose, v.status, v.version)
            for v, uid, uname, lead, cname in session.execute(stmt)]


def _day_stmt(actor: Actor, user_id: int, day: date) -> Any:
    staffed = select(VisitStaff.visit_id).where(VisitStaff.user_id == user_id)
    return (select(VisitPlan)
            .where(VisitPlan.planned_on == day, VisitPlan.id.in_(staffed),
                   VisitPlan.status != VisitStatus.CANCELLED, visit_scope(actor))
            .order_by(VisitPlan.route_order.nulls_last(), VisitPlan.window_start.nulls_last(),
                      VisitPlan.id))


def staff_day(session: Session, actor: Actor, user_id: int, day: date) -> list[VisitPlanView]:
    """One staff member's visits on a day, in route order (hand-set order first), not cancelled."""
    return visit_views(session, _day_stmt(actor, user_id, day))


# ---- the day's route ---------------------------------------------------------------------

@dataclass(frozen=True)
class RouteStop:
    visit_id: int
    customer_name: str
    district: str
    address_masked: str
    latitude: float | None
    longitude: float | None
    window_start: time | None


@dataclass(frozen=True)
class DayRoute:
    """The stops in their current order, its length, and the proposed order (not saved)."""

    stops: tuple[RouteStop, ...]
    start: Point | None
    current_km: float | None
    proposed: Route


def route_start(session: Session, branch_id: int | None) -> Point | None:
    """The branch's start point (Setting "visits" → start_points), or None when not set."""
    row = session.get(Setting, SETTINGS_KEY)
    points = (row.value or {}).get("start_points", {}) if row else {}
    found = points.get(str(branch_id)) if branch_id is not None else None
    try:
        return (float(found[0]), float(found[1])) if found else None
    except (TypeError, ValueError, IndexError):
        return None


def day_route(session: Session, actor: Actor, user_id: int, day: date,
              start: Point | None = None) -> DayRoute:
    """Order one staff member's visits on a day; the start defaults to their branch's point."""
    rows = session.execute(_day_stmt(actor, user_id, day).add_columns(
        Customer.name, Customer.district, Customer.address, Customer.latitude,
        Customer.longitude).join(Customer, Customer.id == VisitPlan.customer_id)).all()
    if start is None:
        user = session.get(User, user_id)
        start = route_start(session, user.branch_id if user else None)
    stops = tuple(RouteStop(v.id, name, district or "", mask_address(address), lat, lon,
                            v.window_start)
                  for v, name, district, address, lat, lon in rows)
    plain = [Stop(s.visit_id, s.latitude, s.longitude, s.district, address or "")
             for s, (_v, _n, _d, address, _la, _lo) in zip(stops, rows)]
    return DayRoute(stops, start, route_length(plain, start), plan_route(plain, start))




# ---- screening (走访筛选) --------------------------------------------------------------------

def default_weights() -> PriorityWeights:
    try:
        return PriorityWeights.from_json(json.loads(WEIGHTS_FILE.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        log.warning("%s is missing or malformed; using the built-in weights", WEIGHTS_FILE)
        return PriorityWeights()


def load_priority_weights(session: Session) -> PriorityWeights:
    """The administrator's weights (Setting "visit_priority"), else the shipped defaults."""
    row = session.get(Setting, WEIGHTS_KEY)
    if row is None or not row.value:
        return default_weights()
    try:
        return PriorityWeights.from_json(row.value)
    except (ValueError, TypeError):
        log.warning("visit priority weights are malformed; using the defaults")
        return default_weights()


@dataclass(frozen=True)
class ScreeningFilter:
    """Every field narrows the candidates; by default: overdue customers with no visit
    already planned."""

    owner_id: int | None = None
    district: str | None = None
    bucket: Bucket | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    not_visited_days: int | None = None   # no visit made in the last N days
    unreachable: bool = False             # 失联: phone lost or wrong since the last reach
    exclude_planned: bool = True          # leave out customers with a visit planned from today
    overdue_only: bool = True


@dataclass(frozen=True)
class CandidateRow:
    customer_id: int
    name: str
    district: str
    owner_id: int | None
    owner_name: str
    overdue_amount: Decimal
    overdue_days: int
    bucket: Bucket
    risk_level: RiskLevel | None
    last_visit_on: date | None
    last_contact_at: datetime | None
    unreachable: bool
    broken_promises: int
    past_overdue: int
    district_weight: int
    score: float
    explanation: str
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class Screening:
    rows: tuple[CandidateRow, ...]
    matched: int        # customers that pass the filters
    scored: int         # how many of them were scored exactly (the SQL pre-order's top)
    weights: PriorityWeights


def _unreachable_ids() -> Any:
    """Customers whose phone was found lost or wrong and nobody has been reached since."""
    later = aliased(ContactRecord)
    reached_since = exists().where(later.customer_id == ContactRecord.customer_id,
                                   later.contacted_at > ContactRecord.contacted_at,
                                   later.outcome.not_in(NOT_REACHED))
    return (select(ContactRecord.customer_id)
            .where(ContactRecord.outcome.in_(UNREACHABLE), ~reached_since))


def _visited_since(day: date) -> Any:
    return select(VisitPlan.customer_id).where(VisitPlan.status.in_(DONE),
                                               VisitPlan.planned_on >= day)


def _screen_conditions(actor: Actor, flt: ScreeningFilter, today: date) -> list[Any]:
    conds: list[Any] = [customer_scope(actor)]
    if flt.overdue_only:
        conds.append(Customer.overdue_amount > 0)
    if flt.owner_id is not None:
        conds.append(Customer.owner_id == flt.owner_id)
    if flt.district:
        conds.append(Customer.district == flt.district)
    if flt.bucket is not None:
        low, high = bucket_range(flt.bucket)
        conds.append(Customer.max_overdue_days >= low)
        if high is not None:
            conds.append(Customer.max_overdue_days <= high)
    if flt.min_amount is not None:
        conds.append(Customer.overdue_amount >= flt.min_amount)
    if flt.max_amount is not None:
        conds.append(Customer.overdue_amount <= flt.max_amount)
    # uncorrelated IN / NOT IN lists: each is computed once, not probed per customer
    if flt.not_visited_days is not None:
        conds.append(Customer.id.not_in(_visited_since(
            today - timedelta(days=flt.not_visited_days))))
    if flt.unreachable:
        conds.append(Customer.id.in_(_unreachable_ids()))
    if flt.exclude_planned:
        conds.append(Customer.id.not_in(
            select(VisitPlan.customer_id).where(VisitPlan.status.in_(ACTIVE),
                                                VisitPlan.planned_on >= today)))
    return conds


def _rough_priority(w: PriorityWeights, today: date) -> Any:
    """A SQL stand-in for the score, to pick whom to score.

    Only columns the (owner|branch, overdue_amount, ...) indexes carry: amount band, days
    overdue and contact recency, so the pre-order reads index entries, never the table
    (risk level and the other factors are weighed in the exact score of the pool).
    """
    amount = Customer.overdue_amount
    # the log scale of visit_priority in tenths: ¥998 is 0.1, ¥1,991 0.2 ... ¥500,000 1.0
    amount_part = case(*[(amount >= AMOUNT_FLOOR * Decimal(1000) ** (Decimal(k) / 10), k / 10)
                         for k in range(10, 0, -1)], else_=0.0)
    days = Customer.max_overdue_days
    days_part = case((days >= DAYS_CAP, 1.0), else_=days / float(DAYS_CAP))
    start = datetime.combine(today, time(), SHANGHAI)
    contact = case((Customer.last_contact_at.is_(None), 1.0),
                   *[(Customer.last_contact_at < start - timedelta(days=CONTACT_CAP * k / 10),
                      k / 10) for k in range(10, 0, -1)], else_=0.0)
    return w.overdue_amount * amount_part + w.overdue_days * days_part + w.since_contact * contact


def _preorder(conds: list[Any], w: PriorityWeights, today: date, pool: int) -> Any:
    """The ids to score exactly: the first `pool` by a rough priority.

    Broken promises, the last visit and the district weight are joined pre-aggregated (one
    pass over broken promises and done visits, not a probe per customer); the customer
    columns come from the scope index alone (no table reads). Risk level and past overdue
    episodes are left to the exact score: reading them here would mean a table read per
    matching customer.
    """
    broken = (select(ContactRecord.customer_id.label("cid"), func.count().label("n"))
              .where(BROKEN_PROMISE)
              .group_by(ContactRecord.customer_id).subquery())
    visited = (select(VisitPlan.customer_id.label("cid"),
                      func.max(VisitPlan.planned_on).label("last"))
               .where(VisitPlan.status.in_(DONE)).group_by(VisitPlan.customer_id).subquery())
    promises = case((broken.c.n >= PROMISES_CAP, 1.0), (broken.c.n.is_(None), 0.0),
                    else_=broken.c.n / float(PROMISES_CAP))
    since_visit = case((visited.c.last.is_(None), 1.0),
                       *[(visited.c.last < today - timedelta(days=VISIT_CAP * k // 10), k / 10)
                         for k in range(10, 0, -1)], else_=0.0)
    district = func.coalesce(DistrictRisk.weight, 0) / float(DISTRICT_CAP)
    rough = (_rough_priority(w, today) + w.broken_promises * promises
             + w.since_visit * since_visit + w.district_risk * district)
    return (select(Customer.id)
            .outerjoin(broken, broken.c.cid == Customer.id)
            .outerjoin(visited, visited.c.cid == Customer.id)
            .outerjoin(DistrictRisk, DistrictRisk.district == Customer.district)
            .where(*conds).order_by(rough.desc(), Customer.id).limit(pool))


def _grouped_rows(session: Session, stmt: Any, ids: Sequence[int]) -> list[Any]:
    out: list[Any] = []
    for start in range(0, len(ids), BATCH):
        out.extend(session.execute(stmt(ids[start:start + BATCH])).all())
    return out


def _grouped(session: Session, stmt: Any, ids: Sequence[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for start in range(0, len(ids), BATCH):
        found.update(dict(session.execute(stmt(ids[start:start + BATCH])).all()))
    return found


def _extras(session: Session, ids: Sequence[int], today: date) -> dict[str, dict[int, Any]]:
    month_ago = today - timedelta(days=30)
    return {
        # counted with a CASE, not a WHERE on the status: SQLite would otherwise walk the
        # promise-status index over every broken promise in the database for each batch
        "broken": _grouped(session, lambda b: select(
            ContactRecord.customer_id,
            func.sum(case((ContactRecord.promise_status == PromiseStatus.BROKEN, 1), else_=0)))
            .where(ContactRecord.customer_id.in_(b)).group_by(ContactRecord.customer_id), ids),
        "visited": _grouped(session, lambda b: select(VisitPlan.customer_id,
                                                      func.max(VisitPlan.planned_on))
                            .where(VisitPlan.customer_id.in_(b), VisitPlan.status.in_(DONE))
                            .group_by(VisitPlan.customer_id), ids),
        "episodes": _grouped(session, lambda b: select(FinancialSnapshot.customer_id,
                                                       func.count())
                             .where(FinancialSnapshot.customer_id.in_(b),
                                    FinancialSnapshot.overdue_amount > 0,
                                    FinancialSnapshot.as_of < month_ago)
                             .group_by(FinancialSnapshot.customer_id), ids),
        "lost": _grouped(session, lambda b: _unreachable_ids().add_columns(literal(True))
                         .where(ContactRecord.customer_id.in_(b)).distinct(), ids),
    }


def screen_candidates(session: Session, actor: Actor, flt: ScreeningFilter = ScreeningFilter(),
                      weights: PriorityWeights | None = None, today: date | None = None,
                      limit: int = 200, pool: int = 1500) -> Screening:
    """Candidates for a visit, highest priority first, each with its explanation.

    `pool` bounds the exact scoring: the matches are pre-ordered in SQL by a rough priority
    and only the first `pool` are scored; `limit` rows are returned.
    Past overdue episodes are the financial snapshots (one per import, and the demo's) older
    than 30 days that show an overdue amount.
    """
    today = today or local_today()
    w = weights or load_priority_weights(session)
    conds = _screen_conditions(actor, flt, today)
    # ids first, answered from the scope index alone; then the pool's rows by id
    matched = session.scalar(select(func.count()).select_from(Customer).where(*conds)) or 0
    ids = session.scalars(_preorder(conds, w, today, pool)).all()
    owner = aliased(User)
    rows = _grouped_rows(session, lambda b: (
        select(Customer.id, Customer.name, Customer.district, Customer.owner_id,
               owner.display_name, Customer.overdue_amount, Customer.max_overdue_days,
               Customer.risk_level, Customer.last_contact_at)
        .outerjoin(owner, owner.id == Customer.owner_id).where(Customer.id.in_(b))), ids)
    extras = _extras(session, [r[0] for r in rows], today)
    districts = dict(session.execute(select(DistrictRisk.district, DistrictRisk.weight)).all())
    inputs = [(r, _input(r, extras, districts, today)) for r in rows]
    ranked = sorted(((total(p, w), r, p) for r, p in inputs),
                    key=lambda t: (-t[0], -t[1][5], t[1][0]))
    out = tuple(_candidate(r, p, extras, w) for _, r, p in ranked[:limit])
    return Screening(out, matched, len(rows), w)


def _input(r: Any, extras: dict[str, dict[int, Any]], districts: dict[str, int],
           today: date) -> PriorityInput:
    cid, _name, district, _oid, _oname, amount, days, level, last_contact = r
    visited = extras["visited"].get(cid)
    return PriorityInput(
        overdue_amount=amount, overdue_days=days,
        broken_promises=int(extras["broken"].get(cid) or 0),
        past_overdue=extras["episodes"].get(cid, 0),
        district_weight=int(districts.get(district or "", 0) or 0), risk_level=level,
        days_since_visit=(today - visited).days if visited else None,
        days_since_contact=(today - local_date(last_contact)).days if last_contact else None)


def _candidate(r: Any, p: PriorityInput, extras: dict[str, dict[int, Any]],
               w: PriorityWeights) -> CandidateRow:
    cid, name, district, owner_id, owner_name, amount, days, level, last_contact = r
    priority = score(p, w)
    return CandidateRow(cid, name, district or "", owner_id, owner_name or "", amount, days,
                        bucket_for(days), level, extras["visited"].get(cid), last_contact,
                        bool(extras["lost"].get(cid)), p.broken_promises, p.past_overdue,
                        p.district_weight, priority.score, priority.explanation,
                        priority.contributions)


# ---- review queue and returned reports -----------------------------------------------------

@dataclass(frozen=True)
class ReviewRow:
    """A visit report for the supervisor (or returned to its manager), with what to look at."""

    visit: VisitPlanView
    compliance_notes: tuple[str, ...]   # overrides on the appointment or visit contact

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        if self.visit.safety_incident:
            out.append(f"安全事件：{self.visit.safety_note}")
        if self.visit.two_person_override:
            out.append(f"单人走访特批：{self.visit.two_person_override}")
        out.extend(f"合规特批：{n}" for n in self.compliance_notes)
        return tuple(out)

    @property
    def highlighted(self) -> bool:
        return bool(self.flags)


def _review_rows(session: Session, stmt: Any) -> list[ReviewRow]:
    views = visit_views(session, stmt)
    notes: dict[int, list[str]] = defaultdict(list)
    ids = [v.id for v in views]
    for start in range(0, len(ids), BATCH):
        for vid, note in session.execute(
                select(ContactRecord.visit_id, ContactRecord.compliance_note)
                .where(ContactRecord.visit_id.in_(ids[start:start + BATCH]),
                       ContactRecord.compliance_note.is_not(None))
                .order_by(ContactRecord.id)):
            notes[vid].append(note)
    rows = [ReviewRow(v, tuple(notes.get(v.id, ()))) for v in views]
    # highlighted first, then the oldest report: stable sort keeps the SQL order within
    rows.sort(key=lambda r: not r.highlighted)
    return rows


def review_queue(session: Session, actor: Actor, limit: int = 200) -> list[ReviewRow]:
    """待复核 within scope: safety incidents and overrides first, then oldest first."""
    stmt = (select(VisitPlan)  # visit_views joins the customer
            .where(VisitPlan.status == VisitStatus.PENDING_REVIEW, customer_scope(actor))
            .order_by(VisitPlan.visited_at.nulls_last(), VisitPlan.id).limit(limit))
    return _review_rows(session, stmt)


def returned_visits(session: Session, actor: Actor, limit: int = 200) -> list[ReviewRow]:
    """退回补充 reports for 今日工作: a manager's own (staffed) visits, a supervisor's branch."""
    stmt = select(VisitPlan).where(VisitPlan.status == VisitStatus.RETURNED)
    if actor.role is Role.MANAGER and actor.user_id is not None:
        stmt = stmt.where(VisitPlan.id.in_(select(VisitStaff.visit_id)
                                           .where(VisitStaff.user_id == actor.user_id)))
    else:
        stmt = stmt.where(visit_scope(actor))
    return _review_rows(session, stmt.order_by(VisitPlan.reviewed_at.nulls_last(),
                                               VisitPlan.id).limit(limit))


def review_count(session: Session, actor: Actor) -> int:
    """The review page's badge."""
    return session.scalar(select(func.count()).select_from(VisitPlan)
                          .join(Customer, Customer.id == VisitPlan.customer_id)
                          .where(VisitPlan.status == VisitStatus.PENDING_REVIEW,
                                 customer_scope(actor))) or 0


# ---- effect evaluation (效果评估) ------------------------------------------------------------

OFFSETS = (30, 60, 90)


@dataclass(frozen=True)
class Figure:
    """Overdue amount and days on a date; `source` says where it came from."""

    amount: Decimal | None
    days: int | None
    source: str   # "走访登记" | "财务快照" | "当前" | "" (no data) | "未到期"


@dataclass(frozen=True)
class EffectRow:
    visit_id: int
    customer_id: int
    customer_name: str
    manager_id: int | None
    manager_name: str
    visited_on: date
    month: str
    at_visit: Figure
    after: tuple[Figure, Figure, Figure]   # 30, 60, 90 days after
    now: Figure
    promises: int
    promises_kept: int
    promises_broken: int


@dataclass(frozen=True)
class EffectGroup:
    key: str
    visits: int
    customers: int
    overdue_at_visit: Decimal       # over visits with both figures (at visit and 90 days)
    overdue_after_90: Decimal
    compared_90: int                # visits with both figures
    cured_90: int                   # of those, overdue down to zero
    promises: int
    promises_kept: int
    promises_broken: int
    plans: int
    plans_settled: int
    plans_defaulted: int
    instalments_due: int
    instalments_paid: int

    @property
    def reduction_pct(self) -> float | None:
        if not self.compared_90 or self.overdue_at_visit <= 0:
            return None
        return float((self.overdue_at_visit - self.overdue_after_90) / self.overdue_at_visit * 100)

    @property
    def promise_kept_rate(self) -> float | None:
        ended = self.promises_kept + self.promises_broken
        return 100.0 * self.promises_kept / ended if ended else None

    @property
    def plan_completion_rate(self) -> float | None:
        ended = self.plans_settled + self.plans_defaulted
        return 100.0 * self.plans_settled / ended if ended else None

    @property
    def instalment_paid_rate(self) -> float | None:
        if not self.instalments_due:
            return None
        return 100.0 * self.instalments_paid / self.instalments_due


@dataclass(frozen=True)
class EffectReport:
    rows: tuple[EffectRow, ...]
    by_manager: tuple[EffectGroup, ...]
    by_month: tuple[EffectGroup, ...]
    overall: EffectGroup
    source_note: str


SOURCE_NOTE = ("走访时的逾期金额取自走访登记时的客户数据（较早的走访取当日或之前最近的财务快照）；"
               "30/60/90 天后的数值取自该日或之前、走访之后最近一次导入形成的财务快照；"
               "尚未到达的日期显示“未到期”，没有快照的显示为空。")


def _snapshots(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[date, Any, Any]]]:
    found: dict[int, list[tuple[date, Any, Any]]] = defaultdict(list)
    for start in range(0, len(ids), BATCH):
        for cid, as_of, amount, days in session.execute(
                select(FinancialSnapshot.customer_id, FinancialSnapshot.as_of,
                       FinancialSnapshot.overdue_amount, FinancialSnapshot.max_overdue_days)
                .where(FinancialSnapshot.customer_id.in_(ids[start:start + BATCH]),
                       FinancialSnapshot.overdue_amount.is_not(None))
                .order_by(FinancialSnapshot.customer_id, FinancialSnapshot.as_of,
                          FinancialSnapshot.id)):
            found[cid].append((as_of, amount, days))
    return found


def _figure_on(snaps: list[tuple[date, Any, Any]], after: date | None, on: date,
               today: date) -> Figure:
    if on > today:
        return Figure(None, None, "未到期")
    best = None
    for as_of, amount, days in snaps:
        if as_of > on:
            break
        if after is None or as_of > after:
            best = (amount, days)
    return Figure(best[0], best[1], "财务快照") if best else Figure(None, None, "")


def visit_effects(session: Session, actor: Actor, start: date, end: date,
                  today: date | None = None) -> EffectReport:
    """Visits made from `start` to `end` (inclusive): overdue at the visit and 30/60/90 days
    after, promises made at the visits, and plans drawn up within 90 days of them; grouped
    by the lead manager and by month."""
    today = today or local_today()
    lead = aliased(User)
    stmt = (select(VisitPlan, Customer.name, Customer.overdue_amount, Customer.max_overdue_days,
                   lead.id, lead.display_name)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .outerjoin(VisitStaff, and_(VisitStaff.visit_id == VisitPlan.id, VisitStaff.lead))
            .outerjoin(lead, lead.id == VisitStaff.user_id)
            .where(VisitPlan.status.in_(DONE), VisitPlan.planned_on >= start,
                   VisitPlan.planned_on <= end, visit_scope(actor))
            .order_by(VisitPlan.planned_on, VisitPlan.id))
    found = session.execute(stmt).all()
    customers = sorted({r[0].customer_id for r in found})
    snaps = _snapshots(session, customers)
    promises = _visit_promises(session, [r[0].id for r in found])
    rows = []
    for v, name, amount_now, days_now, lead_id, lead_name in found:
        day = local_date(v.visited_at) if v.visited_at else v.planned_on
        s = snaps.get(v.customer_id, [])
        if v.overdue_at_visit is not None:
            at = Figure(v.overdue_at_visit, v.overdue_days_at_visit, "走访登记")
        else:
            at = _figure_on(s, None, day, today)
        after = tuple(_figure_on(s, day, day + timedelta(days=n), today) for n in OFFSETS)
        made, kept, broken = promises.get(v.id, (0, 0, 0))
        rows.append(EffectRow(v.id, v.customer_id, name, lead_id, lead_name or "", day,
                              f"{day:%Y-%m}", at, after,  # type: ignore[arg-type]
                              Figure(amount_now, days_now, "当前"), made, kept, broken))
    plans = _plans_after(session, rows, today)
    by_manager = _groups(rows, plans, lambda r: r.manager_name or "（未指定）")
    by_month = _groups(rows, plans, lambda r: r.month)
    overall = _groups(rows, plans, lambda r: "合计")
    empty = EffectGroup("合计", 0, 0, Decimal(0), Decimal(0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    return EffectReport(tuple(rows), tuple(by_manager),
                        tuple(sorted(by_month, key=lambda g: g.key)),
                        overall[0] if overall else empty, SOURCE_NOTE)


def _visit_promises(session: Session, ids: Sequence[int]) -> dict[int, tuple[int, int, int]]:
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for start in range(0, len(ids), BATCH):
        for vid, status in session.execute(
                select(ContactRecord.visit_id, ContactRecord.promise_status)
                .where(ContactRecord.visit_id.in_(ids[start:start + BATCH]),
                       ContactRecord.channel == ContactChannel.VISIT,
                       ContactRecord.promise_status.is_not(None))):
            found[vid][0] += 1
            found[vid][1] += status is PromiseStatus.KEPT
            found[vid][2] += status is PromiseStatus.BROKEN
    return {k: (a, b, c) for k, (a, b, c) in found.items()}


@dataclass(frozen=True)
class _Plan:
    status: PlanStatus
    due: int
    paid: int


def _plans_after(session: Session, rows: Sequence[EffectRow],
                 today: date) -> dict[int, list[_Plan]]:
    """Per visit: the customer's plans drawn up from the visit day to 90 days after it."""
    ids = sorted({r.customer_id for r in rows})
    plans: dict[int, list[tuple[date, _Plan]]] = defaultdict(list)
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        due = func.sum(case((RepaymentPlanInstalment.due_on < today, 1), else_=0))
        paid = func.sum(case((RepaymentPlanInstalment.status == InstalmentStatus.PAID, 1),
                             else_=0))
        for p, n_due, n_paid in session.execute(
                select(RepaymentPlan, due, paid)
                .outerjoin(RepaymentPlanInstalment,
                           RepaymentPlanInstalment.plan_id == RepaymentPlan.id)
                .where(RepaymentPlan.customer_id.in_(batch),
                       RepaymentPlan.status != PlanStatus.DRAFT)
                .group_by(RepaymentPlan.id)):
            plans[p.customer_id].append((local_date(p.created_at),
                                         _Plan(p.status, int(n_due or 0), int(n_paid or 0))))
    return {r.visit_id: [p for made, p in plans.get(r.customer_id, [])
                         if r.visited_on <= made <= r.visited_on + timedelta(days=90)]
            for r in rows}


def _groups(rows: Sequence[EffectRow], plans: dict[int, list[_Plan]],
            key: Any) -> list[EffectGroup]:
    grouped: dict[str, list[EffectRow]] = defaultdict(list)
    for r in rows:
        grouped[key(r)].append(r)
    out = []
    for name, members in grouped.items():
        both = [r for r in members if r.at_visit.amount is not None
                and r.after[2].amount is not None]
        mine = [p for r in members for p in plans.get(r.visit_id, [])]
        out.append(EffectGroup(
            name, len(members), len({r.customer_id for r in members}),
            sum((r.at_visit.amount for r in both), Decimal(0)),   # type: ignore[misc]
            sum((r.after[2].amount for r in both), Decimal(0)),   # type: ignore[misc]
            len(both), sum(1 for r in both if r.after[2].amount == 0),
            sum(r.promises for r in members), sum(r.promises_kept for r in members),
            sum(r.promises_broken for r in members), len(mine),
            sum(p.status is PlanStatus.SETTLED for p in mine),
            sum(p.status is PlanStatus.DEFAULTED for p in mine),
            sum(p.due for p in mine), sum(p.paid for p in mine)))
    out.sort(key=lambda g: (-g.visits, g.key))
    return out


__all__ = [
    "ACTIVE", "DONE", "NOT_FOUND", "CalendarEntry", "CandidateRow", "DayRoute", "EffectGroup",
    "EffectReport", "EffectRow", "Figure", "ReviewRow", "RouteStop", "Screening",
    "ScreeningFilter", "day_route", "default_weights", "get_visit", "load_priority_weights",
    "next_steps_of", "returned_visits", "review_count", "review_queue", "route_start",
    "scoped_visit", "screen_candidates", "staff_day", "visit_calendar", "visit_effects",
    "visit_scope", "visit_views",
]
