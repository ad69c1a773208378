"""On-site visits (上门走访): plan, appoint, reschedule, route order, record, review, cancel.

Rules, each refused with a Chinese message naming the field:
- Two-person rule: every visit has at least two staff, for safety. A supervisor (REVIEW)
  may plan fewer with a written reason; it is stored on the plan and audited
  ("two_person_override"), and the review queue highlights it.
- Clash: a staff member cannot be on two visits of the same day whose time windows overlap
  (cancelled visits do not count; a visit without a window clashes with nothing until its
  time is fixed). The message names the other visit.
- Status flow (TRANSITIONS): 草稿 → 已预约 → 已走访 / 未见到客户 → 待复核 → 已复核 or 退回补充
  (→ 待复核 again once supplemented); 已取消, with a reason, from any status but 已复核.
- The appointment is a contact record written by crm.services.contacts.add_contact, so the
  compliance guard (quiet hours, frequency, third parties) applies to the appointment call.
- Moving an appointed visit to another day sends it back to 草稿: the customer expects us on
  the day agreed, so the new day needs a new appointment.
- Writers need EDIT_CUSTOMERS and the customer in scope (a manager: own customers; a
  supervisor: the branch). Staff must be active managers or supervisors of the customer's
  branch. Every change is audited by the unit of work; overrides and reviews get their own
  events too. Stale saves (expected_version) raise ConflictError.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select, update

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import SHANGHAI, local_date, local_today
from crm.domain.enums import (
    ChecklistItem, ContactChannel, ContactDirection, ContactOutcome, ContactParty, ReviewStatus,
    Role, TaskKind, TaskStatus, VisitPurpose, VisitReason, VisitStatus,
)
from crm.domain.errors import ConflictError, PermissionDenied, UserError, ValidationError
from crm.domain.records import VisitPlanView
from crm.models import ContactRecord, Customer, Setting, Task, User, VisitPlan, VisitStaff
from crm.persistence.uow import CONFLICT, UnitOfWork
from crm.queries.customers import scoped_customer
from crm.domain.visit_priority import PriorityWeights
from crm.queries.visits import (
    SETTINGS_KEY, WEIGHTS_KEY, get_visit, load_priority_weights, scoped_visit, staff_day,
)
from crm.services.contacts import ContactDraft, add_contact
from crm.services.customers import update_contact_details
from crm.services.documents import attach
from crm.services.tasks import open_follow_up, refresh_next_follow_up
from crm.services.settings import put_setting
from crm.services.surveys import schedule_visit_survey

S = VisitStatus
TRANSITIONS: dict[VisitStatus, frozenset[VisitStatus]] = {
    S.DRAFT: frozenset({S.APPOINTED, S.CANCELLED}),
    S.APPOINTED: frozenset({S.APPOINTED, S.DRAFT, S.VISITED, S.NOT_MET, S.PENDING_REVIEW,
                            S.CANCELLED}),
    S.VISITED: frozenset({S.VISITED, S.NOT_MET, S.PENDING_REVIEW, S.CANCELLED}),
    S.NOT_MET: frozenset({S.VISITED, S.NOT_MET, S.PENDING_REVIEW, S.CANCELLED}),
    S.PENDING_REVIEW: frozenset({S.REVIEWED, S.RETURNED, S.CANCELLED}),
    S.RETURNED: frozenset({S.VISITED, S.NOT_MET, S.PENDING_REVIEW, S.CANCELLED}),
    S.REVIEWED: frozenset(),
    S.CANCELLED: frozenset(),
}
TASK_SOURCE = "visit_plan"
OVERRIDE_ACTION = "two_person_override"
DEFAULT_SLOT = timedelta(hours=1)
MAX_TEXT = 2000


# ---- drafts ------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class VisitDraft:
    """A new visit plan. The first of `staff_ids` leads the visit."""

    customer_id: int
    planned_on: date
    purpose: VisitPurpose
    staff_ids: tuple[int, ...]
    window_start: time | None = None
    window_end: time | None = None
    notes: str = ""
    checklist: frozenset[ChecklistItem] = frozenset()
    two_person_override: str = ""  # a supervisor's reason for fewer than two staff


@dataclass(frozen=True, kw_only=True)
class AppointmentDraft:
    """The appointment call (预约): how the customer was reached and the time agreed."""

    confirmed_at: datetime            # naive: Asia/Shanghai
    channel: ContactChannel = ContactChannel.PHONE
    party: ContactParty = ContactParty.BORROWER
    party_name: str | None = None
    summary: str = ""
    contacted_at: datetime | None = None  # when the call was made; None: now
    quiet_hours_reason: str | None = None
    override: str | None = None


@dataclass(frozen=True)
class Attachment:
    file_name: str
    data: bytes
    mime_type: str | None = None
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class OutcomeDraft:
    """The visit record (走访记录)."""

    met_customer: bool
    visited_at: datetime | None = None   # naive: Asia/Shanghai; None: now
    present: str = ""
    situation: str = ""
    reason_codes: frozenset[VisitReason] = frozenset()
    willingness: int | None = None       # 1-5, required when the customer was met
    ability: int | None = None           # 1-5, required when the customer was met
    findings: str = ""
    new_phone: str | None = None
    new_address: str | None = None
    new_district: str | None = None
    attachments: tuple[Attachment, ...] = ()
    promise_amount: Any = None           # Decimal
    promise_date: date | None = None
    promise_loan_id: int | None = None
    plan_wanted: bool = False
    next_visit_on: date | None = None
    follow_up_call_on: date | None = None
    agreed_actions: str = ""
    safety_incident: bool = False
    safety_note: str = ""
    submit: bool = True                  # straight to 待复核; False keeps 已走访 / 未见到客户
    quiet_hours_reason: str | None = None
    override: str | None = None


@dataclass(frozen=True)
class BulkResult:
    created: tuple[VisitPlanView, ...]
    refused: tuple[tuple[int, str], ...] = field(default=())  # (customer id, reason)


# ---- helpers -------------------------------------------------------------------------------

def _writer(actor: Actor) -> None:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")


def _check_version(visit: VisitPlan, expected_version: int) -> None:
    if visit.version != expected_version:
        raise ConflictError(CONFLICT)


def _move(visit: VisitPlan, to: VisitStatus) -> None:
    if to not in TRANSITIONS[visit.status]:
        raise ValidationError({"status": f"走访计划当前为“{visit.status.label}”，"
                                         f"不能变为“{to.label}”"})
    visit.status = to


def _writable_visit(uow: UnitOfWork, actor: Actor, visit_id: int,
                    expected_version: int) -> tuple[VisitPlan, Customer]:
    _writer(actor)
    visit = scoped_visit(uow.session, actor, visit_id)
    customer = scoped_customer(uow.session, actor, visit.customer_id)
    _check_version(visit, expected_version)
    return visit, customer


def _window_problems(start: time | None, end: time | None) -> dict[str, str]:
    if start is not None and end is not None and end <= start:
        return {"window_end": "结束时间须晚于开始时间"}
    if start is None and end is not None:
        return {"window_start": "请填写开始时间"}
    return {}


def _span(start: time | None, end: time | None) -> tuple[time, time] | None:
    if start is None:
        return None
    if end is None:
        end = (datetime.combine(date.min, start) + DEFAULT_SLOT).time()
        end = end if end > start else time(23, 59)
    return start, end


def _staff_users(uow: UnitOfWork, customer: Customer, staff_ids: Sequence[int]) -> list[User]:
    ids = list(dict.fromkeys(staff_ids))
    if not ids:
        raise ValidationError({"staff": "请至少选择一名走访人员"})
    users = {u.id: u for u in uow.session.scalars(select(User).where(User.id.in_(ids)))}
    for uid in ids:
        u = users.get(uid)
        if u is None or not u.active or u.role not in (Role.MANAGER, Role.SUPERVISOR):
            raise ValidationError({"staff": "走访人员须为在岗的客户经理或主管"})
        if customer.branch_id is not None and u.branch_id != customer.branch_id:
            raise ValidationError({"staff": f"{u.display_name} 不是该客户所属支行的员工"})
    return [users[uid] for uid in ids]


def _two_person(uow: UnitOfWork, actor: Actor, staff: list[User], override: str) -> str | None:
    """None when two or more go; else the supervisor's reason, or a refusal."""
    if len(staff) >= 2:
        return None
    if not override:
        raise ValidationError({"staff": "为保障人身安全，上门走访须至少两人同行。"
                                        "如确需单人走访，请由主管填写特批理由"})
    if not actor.can(Permission.REVIEW):
        raise ValidationError({"two_person_override": f"当前角色“{actor.role.label}”无权特批"
                                                      "单人走访，请由主管登录后安排"})
    if len(override) > 500:
        raise ValidationError({"two_person_override": "特批理由不能超过 500 个字"})
    return override


def _clash(uow: UnitOfWork, staff: Sequence[User], day: date, start: time | None,
           end: time | None, exclude: int | None = None) -> None:
    span = _span(start, end)
    if span is None:
        return
    ids = [u.id for u in staff]
    stmt = (select(VisitPlan, VisitStaff.user_id, Customer.name)
            .join(VisitStaff, VisitStaff.visit_id == VisitPlan.id)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .where(VisitStaff.user_id.in_(ids), VisitPlan.planned_on == day,
                   VisitPlan.status != VisitStatus.CANCELLED,
                   VisitPlan.window_start.is_not(None)))
    if exclude is not None:
        stmt = stmt.where(VisitPlan.id != exclude)
    names = {u.id: u.display_name for u in staff}
    for other, uid, customer_name in uow.session.execute(stmt):
        o_start, o_end = _span(other.window_start, other.window_end) or (None, None)
        assert o_start is not None and o_end is not None
        if span[0] < o_end and o_start < span[1]:
            raise ValidationError({"staff": (
                f"{names[uid]} 在 {day:%Y-%m-%d} {o_start:%H:%M}–{o_end:%H:%M} 已安排走访客户"
                f"“{customer_name}”（走访计划 #{other.id}），与本次时间冲突")})


def _clean(text: str | None, field_name: str, label: str, limit: int = MAX_TEXT) -> str:
    value = (text or "").strip()
    if len(value) > limit:
        raise ValidationError({field_name: f"{label}不能超过 {limit} 个字"})
    return value


# ---- planning ----------------------------------------------------------------------------

def plan_visit(uow: UnitOfWork, actor: Actor, draft: VisitDraft,
               today: date | None = None) -> VisitPlanView:
    """A new plan in 草稿, after the two-person and clash checks."""
    _writer(actor)
    s = uow.session
    customer = scoped_customer(s, actor, draft.customer_id)
    errors = _window_problems(draft.window_start, draft.window_end)
    if draft.planned_on < (today or local_today()):
        errors["planned_on"] = "走访日期不能早于今天"
    if errors:
        raise ValidationError(errors)
    notes = _clean(draft.notes, "notes", "备注")
    staff = _staff_users(uow, customer, draft.staff_ids)
    override = _two_person(uow, actor, staff, (draft.two_person_override or "").strip())
    _clash(uow, staff, draft.planned_on, draft.window_start, draft.window_end)
    visit = VisitPlan(customer_id=customer.id, planned_on=draft.planned_on,
                      window_start=draft.window_start, window_end=draft.window_end,
                      purpose=draft.purpose, status=VisitStatus.DRAFT, notes=notes or None,
                      checklist={c.value: True for c in draft.checklist},
                      two_person_override=override, created_by=actor.user_id,
                      reason_codes=[], safety_incident=False)
    s.add(visit)
    s.flush()
    for i, u in enumerate(staff):
        s.add(VisitStaff(visit_id=visit.id, user_id=u.id, lead=i == 0))
    if override:
        uow.audit(OVERRIDE_ACTION, f"主管特批单人走访 {customer.name}：{override}",
                  entity="visit_plans", entity_id=str(visit.id), customer_id=customer.id,
                  after={"staff": [u.id for u in staff], "reason": override})
    uow.flush()
    return get_visit(s, actor, visit.id)


def plan_visits_bulk(uow: UnitOfWork, actor: Actor, customer_ids: Sequence[int],
                     planned_on: date, purpose: VisitPurpose, staff_ids: tuple[int, ...], *,
                     first_start: time | None = None, slot_minutes: int | None = None,
                     notes: str = "", two_person_override: str = "",
                     today: date | None = None) -> BulkResult:
    """Plans for the customers chosen on the screening page, all on one day.

    With `first_start` and `slot_minutes` the visits get consecutive windows (09:00-10:00,
    10:00-11:00, ...); otherwise no window (time to be fixed at the appointment). A customer
    out of scope, already planned that day, or clashing is refused with its reason and the
    others are planned.
    """
    created: list[VisitPlanView] = []
    refused: list[tuple[int, str]] = []
    slot = timedelta(minutes=slot_minutes) if slot_minutes else None
    start = first_start
    for cid in dict.fromkeys(customer_ids):
        window = (start, (datetime.combine(planned_on, start) + slot).time()) \
            if start is not None and slot is not None else (start, None)
        if window[1] is not None and start is not None and window[1] <= start:
            refused.append((cid, "当天已无可用的时间段"))
            continue
        already = uow.session.scalar(select(VisitPlan.id).where(
            VisitPlan.customer_id == cid, VisitPlan.planned_on == planned_on,
            VisitPlan.status != VisitStatus.CANCELLED))
        if already is not None:
            refused.append((cid, f"该客户当天已有走访计划 #{already}"))
            continue
        try:  # plan_visit checks everything before it writes: a refusal leaves nothing
            created.append(plan_visit(uow, actor, VisitDraft(
                customer_id=cid, planned_on=planned_on, purpose=purpose, staff_ids=staff_ids,
                window_start=window[0], window_end=window[1], notes=notes,
                two_person_override=two_person_override), today))
        except PermissionDenied:
            raise
        except UserError as exc:  # out of scope, a clash, one person without an override
            refused.append((cid, exc.message))
            continue
        if window[1] is not None:
            start = window[1]
    return BulkResult(tuple(created), tuple(refused))


def update_visit(uow: UnitOfWork, actor: Actor, visit_id: int, expected_version: int, *,
                 purpose: VisitPurpose | None = None, notes: str | None = None,
                 checklist: frozenset[ChecklistItem] | None = None,
                 staff_ids: tuple[int, ...] | None = None,
                 two_person_override: str | None = None) -> VisitPlanView:
    """Edit a plan before the visit (草稿 / 已预约): purpose, notes, checklist, staff."""
    visit, customer = _writable_visit(uow, actor, visit_id, expected_version)
    if visit.status not in (VisitStatus.DRAFT, VisitStatus.APPOINTED):
        raise ValidationError({"status": f"走访计划已{visit.status.label}，不能再修改计划内容"})
    if purpose is not None:
        visit.purpose = purpose
    if notes is not None:
        visit.notes = _clean(notes, "notes", "备注") or None
    if checklist is not None:
        visit.checklist = {c.value: True for c in checklist}
    if staff_ids is not None:
        staff = _staff_users(uow, customer, staff_ids)
        reason = (two_person_override if two_person_override is not None
                  else visit.two_person_override or "").strip()
        override = _two_person(uow, actor, staff, reason)
        _clash(uow, staff, visit.planned_on, visit.window_start, visit.window_end, visit.id)
        for row in uow.session.scalars(select(VisitStaff).where(VisitStaff.visit_id == visit.id)):
            uow.session.delete(row)
        uow.session.flush()
        for i, u in enumerate(staff):
            uow.session.add(VisitStaff(visit_id=visit.id, user_id=u.id, lead=i == 0))
        if override and override != visit.two_person_override:
            uow.audit(OVERRIDE_ACTION, f"主管特批单人走访 {customer.name}：{override}",
                      entity="visit_plans", entity_id=str(visit.id), customer_id=customer.id,
                      after={"staff": [u.id for u in staff], "reason": override})
        visit.two_person_override = override
        visit.updated_at = datetime.now(timezone.utc)  # the staff change bumps the version
    uow.flush()
    return get_visit(uow.session, actor, visit.id)


def _staff_of(uow: UnitOfWork, visit: VisitPlan) -> list[User]:
    return list(uow.session.scalars(
        select(User).join(VisitStaff, VisitStaff.user_id == User.id)
        .where(VisitStaff.visit_id == visit.id).order_by(VisitStaff.lead.desc(), User.id)))


def reschedule_visit(uow: UnitOfWork, actor: Actor, visit_id: int, expected_version: int,
                     planned_on: date, window_start: time | None, window_end: time | None,
                     today: date | None = None) -> VisitPlanView:
    """Move a planned visit (calendar drag), clash-checked; another day needs a new appointment."""
    visit, _customer = _writable_visit(uow, actor, visit_id, expected_version)
    if visit.status not in (VisitStatus.DRAFT, VisitStatus.APPOINTED):
        raise ValidationError({"status": f"走访计划已{visit.status.label}，不能改期"})
    errors = _window_problems(window_start, window_end)
    if planned_on < (today or local_today()):
        errors["planned_on"] = "走访日期不能早于今天"
    if errors:
        raise ValidationError(errors)
    _clash(uow, _staff_of(uow, visit), planned_on, window_start, window_end, visit.id)
    if planned_on != visit.planned_on and visit.status is VisitStatus.APPOINTED:
        _move(visit, VisitStatus.DRAFT)
        visit.appointment_at = None
    visit.planned_on, visit.window_start, visit.window_end = planned_on, window_start, window_end
    visit.route_order = None
    uow.flush()
    return get_visit(uow.session, actor, visit.id)


def appoint_visit(uow: UnitOfWork, actor: Actor, visit_id: int, expected_version: int,
                  draft: AppointmentDraft, now: datetime | None = None) -> VisitPlanView:
    """Record the appointment call through add_contact (the compliance guard applies).

    The visit moves to the day and time agreed (clash-checked); its window keeps its length.
    """
    visit, customer = _writable_visit(uow, actor, visit_id, expected_version)
    now = now or datetime.now(timezone.utc)
    if visit.status not in (VisitStatus.DRAFT, VisitStatus.APPOINTED):
        raise ValidationError({"status": f"走访计划已{visit.status.label}，不能再预约"})
    confirmed = draft.confirmed_at
    if confirmed.tzinfo is None:
        confirmed = confirmed.replace(tzinfo=SHANGHAI)
    local = confirmed.astimezone(SHANGHAI)
    if local.date() < local_today(now):
        raise ValidationError({"confirmed_at": "约定的走访时间不能早于今天"})
    length = (datetime.combine(date.min, visit.window_end)
              - datetime.combine(date.min, visit.window_start)
              if visit.window_start and visit.window_end else DEFAULT_SLOT)
    start = local.time().replace(second=0, microsecond=0, tzinfo=None)
    end_dt = datetime.combine(local.date(), start) + length
    end = end_dt.time() if end_dt.date() == local.date() else time(23, 59)
    _clash(uow, _staff_of(uow, visit), local.date(), start, end, visit.id)
    summary = (f"预约 {local:%Y-%m-%d %H:%M} 上门走访（{visit.purpose.label}）"
               + (f"：{draft.summary.strip()}" if draft.summary.strip() else ""))
    contact = add_contact(uow, actor, ContactDraft(
        customer_id=customer.id, channel=draft.channel, direction=ContactDirection.OUTBOUND,
        party=draft.party, party_name=draft.party_name, outcome=ContactOutcome.CONNECTED,
        summary=summary, contacted_at=draft.contacted_at,
        quiet_hours_reason=draft.quiet_hours_reason, override=draft.override), now=now)
    uow.session.execute(update(ContactRecord).where(ContactRecord.id == contact.id)
                        .values(visit_id=visit.id))
    _move(visit, VisitStatus.APPOINTED)
    if local.date() != visit.planned_on:
        visit.route_order = None
    visit.planned_on, visit.window_start, visit.window_end = local.date(), start, end
    visit.appointment_at = confirmed.astimezone(timezone.utc)
    visit.appointment_contact_id = contact.id
    uow.flush()
    return get_visit(uow.session, actor, visit.id)


def set_route_order(uow: UnitOfWork, actor: Actor, user_id: int, day: date,
                    visit_ids: Sequence[int]) -> list[VisitPlanView]:
    """Keep a hand-made (or accepted proposed) order of one staff member's day: 1, 2, 3..."""
    _writer(actor)
    day_visits = {v.id: v for v in staff_day(uow.session, actor, user_id, day)}
    ids = list(dict.fromkeys(visit_ids))
    stray = [vid for vid in ids if vid not in day_visits]
    if stray:
        raise ValidationError({"visit_ids": f"走访计划 #{stray[0]} 不是该员工当天的走访"})
    if set(ids) != set(day_visits):
        raise ValidationError({"visit_ids": "请为当天的每一个走访点排定顺序"})
    for position, vid in enumerate(ids, start=1):
        visit = scoped_visit(uow.session, actor, vid)
        if visit.route_order != position:
            visit.route_order = position
    uow.flush()
    return staff_day(uow.session, actor, user_id, day)


def set_route_start(uow: UnitOfWork, actor: Actor, branch_id: int, latitude: float,
                    longitude: float) -> None:
    """The branch's start point for route ordering (supervisors of the branch, admins)."""
    if not (actor.can(Permission.MANAGE_SETTINGS) or
            (actor.can(Permission.REVIEW) and actor.branch_id == branch_id)):
        raise PermissionDenied("只有本支行主管或管理员可以设置走访出发点")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError({"latitude": "经纬度超出范围"})
    row = uow.session.get(Setting, SETTINGS_KEY)
    value = dict(row.value or {}) if row else {}
    points = dict(value.get("start_points") or {})
    points[str(branch_id)] = [latitude, longitude]
    value["start_points"] = points
    put_setting(uow.session, SETTINGS_KEY, value)


def set_priority_weights(uow: UnitOfWork, actor: Actor,
                         weights: PriorityWeights) -> PriorityWeights:
    """Administrators tune the screening weights (Setting "visit_priority"; audited)."""
    actor.require(Permission.MANAGE_SETTINGS)
    if errors := weights.problems():
        raise ValidationError(errors)
    put_setting(uow.session, WEIGHTS_KEY, weights.to_json())
    return load_priority_weights(uow.session)


# ---- the outcome ---------------------------------------------------------------------------

def _outcome_problems(d: OutcomeDraft, visited_on: date, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if visited_on > today:
        errors["visited_at"] = "走访时间不能晚于当前时间"
    for name, label in (("willingness", "还款意愿"), ("ability", "还款能力")):
        value = getattr(d, name)
        if value is None and d.met_customer:
            errors[name] = f"见到客户时请评估{label}（1–5 分）"
        elif value is not None and not 1 <= value <= 5:
            errors[name] = f"{label}须为 1–5 分"
    if d.met_customer and not d.situation.strip():
        errors["situation"] = "请填写走访了解到的情况"
    if d.safety_incident and not d.safety_note.strip():
        errors["safety_note"] = "请说明安全事件的经过"
    if not d.met_customer and d.promise_amount is not None:
        errors["promise_amount"] = "未见到客户时不能登记承诺还款"
    for name, label in (("next_visit_on", "下次走访日期"), ("follow_up_call_on", "电话跟进日期")):
        value = getattr(d, name)
        if value is not None and value < today:
            errors[name] = f"{label}不能早于今天"
    return errors


def _summary(customer: Customer, d: OutcomeDraft) -> str:
    parts = ["上门走访，" + ("见到客户" if d.met_customer else "未见到客户")]
    if d.present.strip():
        parts.append(f"在场：{d.present.strip()}")
    if d.reason_codes:
        parts.append("困难原因：" + "、".join(r.label for r in sorted(d.reason_codes)))
    if d.situation.strip():
        parts.append(d.situation.strip())
    if d.agreed_actions.strip():
        parts.append(f"约定：{d.agreed_actions.strip()}")
    return "；".join(parts)[:1000]


def _outcome_contact(uow: UnitOfWork, actor: Actor, visit: VisitPlan, customer: Customer,
                     d: OutcomeDraft, at: datetime, now: datetime) -> int:
    outcome = (ContactOutcome.PROMISED if d.promise_amount is not None else
               ContactOutcome.CONNECTED if d.met_customer else ContactOutcome.OTHER)
    contact = add_contact(uow, actor, ContactDraft(
        customer_id=customer.id, channel=ContactChannel.VISIT,
        direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER, outcome=outcome,
        summary=_summary(customer, d), contacted_at=at, loan_id=d.promise_loan_id,
        promise_amount=d.promise_amount, promise_date=d.promise_date,
        next_follow_up_on=d.follow_up_call_on, quiet_hours_reason=d.quiet_hours_reason,
        override=d.override), now=now)
    uow.session.execute(update(ContactRecord).where(ContactRecord.id == contact.id)
                        .values(visit_id=visit.id))
    return contact.id


def _next_step_tasks(uow: UnitOfWork, actor: Actor, visit: VisitPlan, customer: Customer,
                     d: OutcomeDraft, lead_id: int | None, done: dict[str, Any],
                     today: date) -> list[int]:
    """Tasks for the plan and the next visit, each once (a supplement adds only new ones)."""
    made = list(done.get("task_ids") or [])
    wanted = []
    if d.plan_wanted and not done.get("plan_wanted"):
        wanted.append((TaskKind.FOLLOW_UP, f"拟定协商还款计划：{customer.name}", today))
    if d.next_visit_on and d.next_visit_on != _iso_date(done.get("next_visit_on")):
        wanted.append((TaskKind.VISIT, f"再次上门走访：{customer.name}", d.next_visit_on))
    for kind, title, due in wanted:
        task = open_follow_up(uow.session, customer, due, title, created_by=actor.user_id,
                              owner_id=lead_id, kind=kind, source_type=TASK_SOURCE,
                              source_id=visit.id,
                              note=f"来自 {visit.planned_on:%Y-%m-%d} 的走访记录")
        made.append(task.id)
    return made


def _iso_date(raw: Any) -> date | None:
    return date.fromisoformat(raw) if raw else None


def record_outcome(uow: UnitOfWork, actor: Actor, visit_id: int, expected_version: int,
                   draft: OutcomeDraft, now: datetime | None = None) -> VisitPlanView:
    """Save the visit record: contact record, tasks, contact-detail changes, attachments.

    The first save writes the contact record (channel 上门, with the promise if one was
    agreed and the follow-up call as its follow-up task); saving again (退回补充, or before
    submitting) updates the visit and adds only what is new. With `submit` the plan goes to
    待复核.
    """
    visit, customer = _writable_visit(uow, actor, visit_id, expected_version)
    now = now or datetime.now(timezone.utc)
    at = draft.visited_at or now
    at = (at.replace(tzinfo=SHANGHAI) if at.tzinfo is None else at).astimezone(timezone.utc)
    if errors := _outcome_problems(draft, local_date(at), local_today(now)):
        raise ValidationError(errors)
    target = VisitStatus.VISITED if draft.met_customer else VisitStatus.NOT_MET
    if visit.status not in (S.APPOINTED, S.VISITED, S.NOT_MET, S.RETURNED):
        raise ValidationError({"status": f"走访计划当前为“{visit.status.label}”，"
                                         "不能登记走访记录" + ("（请先预约）" if visit.status is
                                                           S.DRAFT else "")})
    done = dict(visit.next_steps or {})
    if done.get("contact_id") is None:
        done["contact_id"] = _outcome_contact(uow, actor, visit, customer, draft, at, now)
    elif draft.promise_amount is not None and str(draft.promise_amount) != str(
            done.get("promise_amount")):
        raise ValidationError({"promise_amount": "本次走访的联系记录已保存，如需登记新的承诺还款，"
                                                 "请另行添加联系记录"})
    else:
        contact = uow.session.get(ContactRecord, done["contact_id"])
        if contact is not None:
            contact.summary = _summary(customer, draft)
    lead = next((u.id for u in _staff_of(uow, visit)), None)
    done["task_ids"] = _next_step_tasks(uow, actor, visit, customer, draft, lead, done,
                                        local_today(now))
    done.update(promise_amount=str(draft.promise_amount) if draft.promise_amount else
                done.get("promise_amount"),
                promise_date=draft.promise_date.isoformat() if draft.promise_date else
                done.get("promise_date"),
                plan_wanted=draft.plan_wanted or bool(done.get("plan_wanted")),
                next_visit_on=draft.next_visit_on.isoformat() if draft.next_visit_on else None,
                follow_up_call_on=draft.follow_up_call_on.isoformat()
                if draft.follow_up_call_on else done.get("follow_up_call_on"))
    changed = update_contact_details(uow, actor, customer.id, phone=draft.new_phone,
                                     address=draft.new_address, district=draft.new_district,
                                     source=f"走访记录 #{visit.id}")
    for a in draft.attachments:
        attach(uow, actor, customer.id, a.file_name, a.data, a.mime_type, visit_id=visit.id,
               description=a.description or f"走访 {visit.planned_on:%Y-%m-%d}")
    _fill(visit, customer, draft, at, done, changed)
    if target is VisitStatus.VISITED and visit.status is not VisitStatus.VISITED:
        schedule_visit_survey(uow.session, customer, visit.id, lead, local_date(at), actor.user_id)
    _move(visit, target)
    if draft.submit:
        _submit(uow, visit)
    uow.flush()
    if draft.safety_incident:
        uow.audit("safety_incident", f"走访 {customer.name} 时发生安全事件：{draft.safety_note}",
                  entity="visit_plans", entity_id=str(visit.id), customer_id=customer.id)
    return get_visit(uow.session, actor, visit.id)


def _fill(visit: VisitPlan, customer: Customer, d: OutcomeDraft, at: datetime,
          done: dict[str, Any], changed: list[str]) -> None:
    visit.met_customer = d.met_customer
    visit.present = _clean(d.present, "present", "在场人员", 255) or None
    visit.situation = _clean(d.situation, "situation", "走访情况") or None
    visit.reason_codes = sorted(r.value for r in d.reason_codes)
    visit.willingness, visit.ability = d.willingness, d.ability
    findings = _clean(d.findings, "findings", "走访发现")
    if changed:
        findings = (findings + "\n" if findings else "") + f"已更新客户{'、'.join(changed)}"
    visit.findings = findings or None
    visit.agreed_actions = _clean(d.agreed_actions, "agreed_actions", "约定事项") or None
    visit.safety_incident = d.safety_incident
    visit.safety_note = _clean(d.safety_note, "safety_note", "安全事件说明") or None
    visit.visited_at = at
    visit.next_steps = done
    if visit.overdue_at_visit is None:
        visit.overdue_at_visit = customer.overdue_amount
        visit.overdue_days_at_visit = customer.max_overdue_days


def _submit(uow: UnitOfWork, visit: VisitPlan) -> None:
    _move(visit, VisitStatus.PENDING_REVIEW)
    visit.review_status = ReviewStatus.PENDING
    # the "supplement" task of an earlier return is done now
    for task in uow.session.scalars(select(Task).where(
            Task.source_type == TASK_SOURCE, Task.source_id == visit.id,
            Task.kind == TaskKind.FOLLOW_UP, Task.status == TaskStatus.OPEN,
            Task.title.like("补充走访记录%"))):
        task.status, task.done_at = TaskStatus.DONE, datetime.now(timezone.utc)


def submit_visit(uow: UnitOfWork, actor: Actor, visit_id: int,
                 expected_version: int) -> VisitPlanView:
    """Send a saved record (已走访 / 未见到客户) to the supervisor: 待复核."""
    visit, _customer = _writable_visit(uow, actor, visit_id, expected_version)
    if visit.status not in (VisitStatus.VISITED, VisitStatus.NOT_MET):
        raise ValidationError({"status": f"走访计划当前为“{visit.status.label}”，"
                                         "请先登记走访记录再提交复核"})
    _submit(uow, visit)
    uow.flush()
    return get_visit(uow.session, actor, visit.id)


# ---- review and cancel ---------------------------------------------------------------------

def review_visit(uow: UnitOfWork, actor: Actor, visit_id: int, expected_version: int,
                 approve: bool, comment: str = "",
                 now: datetime | None = None) -> VisitPlanView:
    """主管复核: approve, or return for supplement with a comment (a task for the lead)."""
    actor.require(Permission.REVIEW)
    visit, customer = _writable_visit(uow, actor, visit_id, expected_version)
    comment = _clean(comment, "review_comment", "复核意见", 1000)
    if not approve and not comment:
        raise ValidationError({"review_comment": "退回补充时请填写需要补充的内容"})
    now = now or datetime.now(timezone.utc)
    _move(visit, VisitStatus.REVIEWED if approve else VisitStatus.RETURNED)
    visit.review_status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    visit.review_comment, visit.reviewer_id, visit.reviewed_at = comment or None, actor.user_id, now
    if not approve:
        lead = next((u.id for u in _staff_of(uow, visit)), None)
        open_follow_up(uow.session, customer, local_today(now), f"补充走访记录：{customer.name}",
                       created_by=actor.user_id, owner_id=lead, kind=TaskKind.FOLLOW_UP,
                       source_type=TASK_SOURCE, source_id=visit.id, note=f"主管意见：{comment}")
    uow.flush()
    uow.audit("visit_review", f"{'复核通过' if approve else '退回补充'}走访 {customer.name}"
              + (f"：{comment}" if comment else ""), entity="visit_plans",
              entity_id=str(visit.id), customer_id=customer.id,
              after={"decision": "approved" if approve else "returned", "comment": comment})
    return get_visit(uow.session, actor, visit.id)


def cancel_visit(uow: UnitOfWork, actor: Actor, visit_id: int, expected_version: int,
                 reason: str) -> VisitPlanView:
    """已取消, with a reason; the visit's open tasks are cancelled with it."""
    visit, customer = _writable_visit(uow, actor, visit_id, expected_version)
    reason = _clean(reason, "cancel_reason", "取消原因", 500)
    if not reason:
        raise ValidationError({"cancel_reason": "请填写取消原因"})
    _move(visit, VisitStatus.CANCELLED)
    visit.cancel_reason = reason
    visit.route_order = None
    for task in uow.session.scalars(select(Task).where(
            Task.source_type == TASK_SOURCE, Task.source_id == visit.id,
            Task.status == TaskStatus.OPEN)):
        task.status = TaskStatus.CANCELLED
    uow.flush()
    refresh_next_follow_up(uow.session, customer.id)
    return get_visit(uow.session, actor, visit.id)


__all__ = [
    "Attachment", "AppointmentDraft", "BulkResult", "OutcomeDraft", "TRANSITIONS",
    "VisitDraft", "appoint_visit", "cancel_visit", "plan_visit", "plan_visits_bulk",
    "record_outcome", "reschedule_visit", "review_visit", "set_priority_weights",
    "set_route_order", "set_route_start", "submit_visit", "update_visit",
]
