"""Tasks and 今日工作: what is due today, complete / snooze / reassign, the navigation badge.

Scope: a manager sees the tasks they own and the promises, alerts and cases of their own
customers, and the visits they are staffed on; a supervisor sees the branch (tasks owned by
branch staff or about branch customers); administrators, auditors and the command line see
everything.

"Follow-ups" are all open tasks, whatever their kind: a task is a to-do someone must act on.
Visits, alerts and remediation cases are listed from their own tables.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    ColumnElement, Select, case, false, func, literal, or_, select, true, update,
)
from sqlalchemy.orm import Session, aliased

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import local_date, local_today
from crm.domain.enums import (
    AlertStatus, CaseStatus, PromiseStatus, Role, TaskKind, TaskStatus, VisitStatus,
)
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.domain.views360 import TaskView, TodayRow, TodaySection, TodaySummary
from crm.models import (
    ContactRecord, Customer, RemediationCase, RiskAlert, Task, User, VisitPlan, VisitStaff,
)
from crm.persistence.uow import UnitOfWork
from crm.queries.scope import customer_scope

TASK_NOT_FOUND = "任务不存在，或不在您的管辖范围内"
# the kinds that make a customer's "next follow-up" (the list column): contact work
FOLLOW_UP_KINDS = (TaskKind.FOLLOW_UP, TaskKind.PROMISE, TaskKind.REVISIT)
OPEN_ALERTS = (AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS)
PLANNED_VISITS = (VisitStatus.DRAFT, VisitStatus.APPOINTED)
ROW_LIMIT = 100


def effective_due() -> ColumnElement[Any]:
    """A snoozed task is due on its snooze date."""
    return func.coalesce(Task.snoozed_until, Task.due_on)


def task_scope(actor: Actor) -> ColumnElement[bool]:
    if not actor.can(Permission.READ_CUSTOMERS):
        return false()
    if actor.sees_all_branches:
        return true()
    if actor.role is Role.MANAGER:
        return Task.owner_id == actor.user_id if actor.user_id is not None else false()
    if actor.role is Role.SUPERVISOR and actor.branch_id is not None:
        return or_(Task.owner_id.in_(select(User.id).where(User.branch_id == actor.branch_id)),
                   Task.customer_id.in_(select(Customer.id)
                                        .where(Customer.branch_id == actor.branch_id)))
    return false()


# ---- writing tasks (also used by contacts and promises) ---------------------------------

def open_follow_up(session: Session, customer: Customer, due_on: date, title: str, *,
                   created_by: int | None, owner_id: int | None = None,
                   kind: TaskKind = TaskKind.FOLLOW_UP, source_type: str | None = None,
                   source_id: int | None = None, note: str | None = None) -> Task:
    """A task for the customer's manager (or `owner_id`), keeping next_follow_up in step."""
    task = Task(kind=kind, title=title[:255], customer_id=customer.id,
                owner_id=owner_id or customer.owner_id or created_by, due_on=due_on,
                status=TaskStatus.OPEN, source_type=source_type, source_id=source_id,
                note=note, created_by=created_by)
    session.add(task)
    session.flush()
    refresh_next_follow_up(session, customer.id)
    return task


def refresh_next_follow_up(session: Session, customer_id: int) -> None:
    """Customer.next_follow_up is the earliest open follow-up task (snoozes count).

    Written with an SQL UPDATE, like last_contact_at: a derived summary column must not bump
    the customer's version (the 基本信息 form would then see a false conflict) nor add an
    audit event of its own (the task's own create/update event records the change).
    """
    refresh_next_follow_ups(session, [customer_id])


def refresh_next_follow_ups(session: Session, customer_ids: Collection[int]) -> None:
    """`refresh_next_follow_up` for many customers in one UPDATE per 500 ids."""
    ids = sorted(set(customer_ids))
    earliest = (select(func.min(effective_due()))
                .where(Task.customer_id == Customer.id, Task.status == TaskStatus.OPEN,
                       Task.kind.in_(FOLLOW_UP_KINDS))
                .scalar_subquery())
    for start in range(0, len(ids), 500):
        session.execute(update(Customer).where(Customer.id.in_(ids[start:start + 500]))
                        .values(next_follow_up=earliest)
                        .execution_options(synchronize_session=False))
    wanted = set(ids)  # the customers already loaded see the new value on next access
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Customer) and obj.id in wanted:
            session.expire(obj, ["next_follow_up"])


def advance_next_follow_ups(session: Session, customer_ids: Collection[int], due: date) -> None:
    """Each customer just got a new open follow-up due on `due` (not snoozed): their next
    follow-up becomes `due` where it was later or empty. The same result as
    refresh_next_follow_ups without reading every customer's open tasks again."""
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), 500):
        session.execute(update(Customer).where(
            Customer.id.in_(ids[start:start + 500]),
            or_(Customer.next_follow_up.is_(None), Customer.next_follow_up > due))
            .values(next_follow_up=due).execution_options(synchronize_session=False))


def _task(uow: UnitOfWork, actor: Actor, task_id: int, *, open_only: bool = True) -> Task:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")
    task = uow.session.scalar(select(Task).where(Task.id == task_id, task_scope(actor)))
    if task is None:
        raise NotFoundError(TASK_NOT_FOUND)
    if open_only and task.status is not TaskStatus.OPEN:
        raise ValidationError({"status": f"任务已{task.status.label}，不能再修改"})
    return task


def _after_change(uow: UnitOfWork, task: Task) -> TaskView:
    uow.flush()
    if task.customer_id is not None:
        refresh_next_follow_up(uow.session, task.customer_id)
    return task_view(uow.session, task)


def complete_task(uow: UnitOfWork, actor: Actor, task_id: int, note: str | None = None,
                  now: datetime | None = None) -> TaskView:
    task = _task(uow, actor, task_id)
    task.status = TaskStatus.DONE
    task.done_at = now or datetime.now(timezone.utc)
    if note and note.strip():
        task.note = f"{task.note}\n{note.strip()}" if task.note else note.strip()
    return _after_change(uow, task)


def snooze_task(uow: UnitOfWork, actor: Actor, task_id: int, until: date,
                today: date | None = None) -> TaskView:
    task = _task(uow, actor, task_id)
    if until <= (today or local_today()):
        raise ValidationError({"until": "推迟到的日期须晚于今天"})
    task.snoozed_until = until
    return _after_change(uow, task)


def reassign_task(uow: UnitOfWork, actor: Actor, task_id: int, new_owner_id: int) -> TaskView:
    """Supervisors only, to an active manager or supervisor of their own branch."""
    actor.require(Permission.REVIEW)
    task = _task(uow, actor, task_id)
    owner = uow.session.get(User, new_owner_id)
    if (owner is None or not owner.active or owner.role not in (Role.MANAGER, Role.SUPERVISOR)
            or (not actor.sees_all_branches and owner.branch_id != actor.branch_id)):
        raise ValidationError({"owner": "只能转派给本支行在岗的客户经理或主管"})
    task.owner_id = owner.id
    return _after_change(uow, task)


def task_view(session: Session, task: Task) -> TaskView:
    customer = session.get(Customer, task.customer_id) if task.customer_id else None
    owner = session.get(User, task.owner_id) if task.owner_id else None
    return TaskView(task.id, task.kind, task.title, task.customer_id,
                    customer.name if customer else "", task.owner_id,
                    owner.display_name if owner else "", task.due_on, task.snoozed_until,
                    task.status, task.done_at, task.note or "", task.version)


def list_tasks(uow: UnitOfWork, actor: Actor, customer_id: int | None = None,
               include_done: bool = False, limit: int = 200) -> list[TaskView]:
    stmt = select(Task).where(task_scope(actor))
    if customer_id is not None:
        stmt = stmt.where(Task.customer_id == customer_id)
    if not include_done:
        stmt = stmt.where(Task.status == TaskStatus.OPEN)
    stmt = stmt.order_by(effective_due(), Task.id).limit(limit)
    return [task_view(uow.session, t) for t in uow.session.scalars(stmt)]


# ---- 今日工作 ----------------------------------------------------------------------------

RowMaker = Callable[[Sequence[Any]], TodayRow]


def _section(session: Session, stmt: Select[Any], make: RowMaker, order: Sequence[Any],
             limit: int) -> TodaySection:
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = tuple(make(r) for r in session.execute(stmt.order_by(*order).limit(limit)))
    return TodaySection(count, rows)


def _tasks_stmt(actor: Actor) -> Select[Any]:
    owner = aliased(User)
    return (select(Task, Customer.name, owner.display_name)
            .outerjoin(Customer, Customer.id == Task.customer_id)
            .outerjoin(owner, owner.id == Task.owner_id)
            .where(task_scope(actor), Task.status == TaskStatus.OPEN))


def _task_row(r: Sequence[Any]) -> TodayRow:
    task, name, owner_name = r
    return TodayRow(task.customer_id, name or "", task.title, task.snoozed_until or task.due_on,
                    "task", task.id, task.id, owner_name or "")


def _promises_stmt(actor: Actor, status: PromiseStatus, on: date) -> Select[Any]:
    return (select(ContactRecord, Customer.name)
            .join(Customer, Customer.id == ContactRecord.customer_id)
            .where(customer_scope(actor), ContactRecord.promise_status == status,
                   ContactRecord.promise_date == on))


def _promise_row(broken: bool) -> RowMaker:
    def make(r: Sequence[Any]) -> TodayRow:
        c, name = r
        amount = f"¥{c.promise_amount:,.2f}" if c.promise_amount is not None else ""
        what = (f"承诺还款 {amount} 未履行（承诺日 {c.promise_date:%m-%d}）" if broken
                else f"承诺还款 {amount} 今日到期")
        return TodayRow(c.customer_id, name, what, c.promise_date, "promise", c.id)
    return make


def _visits_stmt(actor: Actor, today: date) -> Select[Any]:
    stmt = (select(VisitPlan, Customer.name)
            .join(Customer, Customer.id == VisitPlan.customer_id)
            .where(VisitPlan.planned_on == today, VisitPlan.status.in_(PLANNED_VISITS)))
    if actor.role is Role.MANAGER:
        staffed = select(VisitStaff.visit_id).where(VisitStaff.user_id == actor.user_id)
        return stmt.where(VisitPlan.id.in_(staffed))
    return stmt.where(customer_scope(actor))


def _visit_row(r: Sequence[Any]) -> TodayRow:
    v, name = r
    window = f" {v.window_start:%H:%M}" if v.window_start else ""
    return TodayRow(v.customer_id, name, f"{v.purpose.label}走访{window}（{v.status.label}）",
                    v.planned_on, "visit", v.id)


def _alerts_stmt(actor: Actor) -> Select[Any]:
    return (select(RiskAlert, Customer.name)
            .join(Customer, Customer.id == RiskAlert.customer_id)
            .where(customer_scope(actor), RiskAlert.status.in_(OPEN_ALERTS)))


def _alert_row(r: Sequence[Any]) -> TodayRow:
    a, name = r
    due = local_date(a.respond_by) if a.respond_by else local_date(a.raised_at)
    return TodayRow(a.customer_id, name, f"{a.level.label}风险预警：{a.reason}", due, "alert",
                    a.id)


def _cases_stmt(actor: Actor, today: date) -> Select[Any]:
    # the survey tasks themselves (after a visit, periodic per segment) are follow-ups; this
    # section lists the remediation cases (闭环整改) due by today
    return (select(RemediationCase, Customer.name)
            .join(Customer, Customer.id == RemediationCase.customer_id)
            .where(customer_scope(actor), RemediationCase.status == CaseStatus.OPEN,
                   RemediationCase.due_on <= today))


def _case_row(r: Sequence[Any]) -> TodayRow:
    case, name = r
    return TodayRow(case.customer_id, name, f"满意度整改到期：{case.trigger}".rstrip("："),
                    case.due_on, "remediation", case.id)


def today_summary(uow: UnitOfWork, actor: Actor, today: date | None = None,
                  limit: int = ROW_LIMIT) -> TodaySummary:
    """Counts are exact; each section lists at most `limit` rows, most urgent first.

    "Promises broken yesterday" reads the status settle_promises wrote, so the app settles
    promises (settle_promises) before showing the page each day.
    """
    s, today = uow.session, today or local_today()
    due = effective_due()
    tasks = _tasks_stmt(actor)
    # a supervisor's lists hold the whole branch's tasks: their own come first
    mine = case((Task.owner_id == actor.user_id, 0), else_=1) if actor.user_id else literal(0)
    return TodaySummary(
        today=today,
        follow_ups_due=_section(s, tasks.where(due == today), _task_row, [mine, Task.id],
                                limit),
        follow_ups_overdue=_section(s, tasks.where(due < today), _task_row,
                                    [mine, due, Task.id], limit),
        promises_due=_section(s, _promises_stmt(actor, PromiseStatus.PENDING, today),
                              _promise_row(False), [ContactRecord.id], limit),
        promises_broken=_section(
            s, _promises_stmt(actor, PromiseStatus.BROKEN, today - timedelta(days=1)),
            _promise_row(True), [ContactRecord.id], limit),
        visits_today=_section(s, _visits_stmt(actor, today), _visit_row,
                              [VisitPlan.route_order.nulls_last(),
                               VisitPlan.window_start.nulls_last(), VisitPlan.id],
                              limit),
        open_alerts=_section(s, _alerts_stmt(actor), _alert_row,  # the nearest deadline first
                             [RiskAlert.respond_by.is_(None), RiskAlert.respond_by,
                              RiskAlert.raised_at, RiskAlert.id], limit),
        surveys_due=_section(s, _cases_stmt(actor, today), _case_row,
                             [RemediationCase.due_on, RemediationCase.id], limit),
    )


def due_count(uow: UnitOfWork, actor: Actor, today: date | None = None) -> int:
    """The badge: open tasks due by today (overdue included) plus promises due today.

    A broken promise is not counted again: settling it created a follow-up task due today.
    """
    s, today = uow.session, today or local_today()
    tasks = s.scalar(select(func.count()).select_from(Task)
                     .where(task_scope(actor), Task.status == TaskStatus.OPEN,
                            effective_due() <= today)) or 0
    promises = s.scalar(select(func.count()).select_from(ContactRecord)
                        .join(Customer, Customer.id == ContactRecord.customer_id)
                        .where(customer_scope(actor),
                               ContactRecord.promise_status == PromiseStatus.PENDING,
                               ContactRecord.promise_date == today)) or 0
    return tasks + promises


__all__ = [
    "FOLLOW_UP_KINDS", "complete_task", "due_count", "list_tasks", "open_follow_up",
    "advance_next_follow_ups", "reassign_task", "refresh_next_follow_up", "refresh_next_follow_ups", "snooze_task", "task_scope", "task_view",
    "today_summary",
]
