"""Visit reads: one visit, the calendar, a staff member's day and route, the review queue.

Scope: a visit is visible to whoever sees its customer (crm.queries.scope) and to the staff
sent on it (the second person may be a colleague's customer's visitor). Screening lives in
crm.queries.visit_screening, effect evaluation in crm.queries.visit_effects.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.enums import ChecklistItem, VisitPurpose, VisitReason, VisitStatus
from crm.domain.errors import NotFoundError
from crm.domain.masking import mask_address
from crm.domain.records import NextSteps, VisitPlanView, VisitStaffView
from crm.domain.route import Point, Route, Stop, plan_route, route_length
from crm.models import ContactRecord, Customer, Setting, User, VisitPlan, VisitStaff
from crm.queries.scope import customer_scope

NOT_FOUND = "走访计划不存在，或不在您的管辖范围内"
SETTINGS_KEY = "visits"
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
    """Views of the visits a select() of VisitPlan (or a list of ids) names, in its order."""
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


__all__ = ["ACTIVE", "DONE", "NOT_FOUND", "CalendarEntry", "DayRoute", "RouteStop",
           "day_route", "get_visit", "next_steps_of", "route_start", "scoped_visit",
           "staff_day", "visit_calendar", "visit_scope", "visit_views"]
