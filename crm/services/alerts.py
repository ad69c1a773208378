"""The risk workflows people drive: alert steps (新预警 → 已确认 → 处理中 → 已解除 / 已处置),
escalation of missed response times, and five-tier class overrides.

Every step is a RiskAlertEvent (who, when, to which status, which action, the note) and an
ORM change, so the audit trail records it too. Escalation is a system job: alerts still new
after their response time are flagged for the supervisor's queue (set-based, one event each).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy import insert, select, update

from crm.domain.actors import Actor, Permission
from crm.domain.compliance import local_today
from crm.domain.enums import AlertAction, AlertStatus, FiveTier, Role, TaskKind
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.models import Customer, Loan, RiskAlert, RiskAlertEvent
from crm.models.base import utcnow
from crm.persistence.uow import UnitOfWork
from crm.queries.risk import ALERT_NOT_FOUND, AlertView, alert_detail
from crm.queries.scope import customer_scope
from crm.services.tasks import open_follow_up

ESCALATED_NOTE = "超过响应时限仍未确认，已升级至主管"
CLOSED = (AlertStatus.DISMISSED, AlertStatus.RESOLVED)
# which step may follow which
NEXT: dict[AlertStatus, tuple[AlertStatus, ...]] = {
    AlertStatus.NEW: (AlertStatus.ACKNOWLEDGED, AlertStatus.IN_PROGRESS, AlertStatus.DISMISSED,
                      AlertStatus.RESOLVED),
    AlertStatus.ACKNOWLEDGED: (AlertStatus.IN_PROGRESS, AlertStatus.DISMISSED,
                               AlertStatus.RESOLVED),
    AlertStatus.IN_PROGRESS: (AlertStatus.IN_PROGRESS, AlertStatus.DISMISSED,
                              AlertStatus.RESOLVED),
}


def _now(now: datetime | None) -> datetime:
    return (now or utcnow()).astimezone(timezone.utc)


def _check(actor: Actor) -> None:
    actor.require(Permission.EDIT_CUSTOMERS)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看")


def _alert(uow: UnitOfWork, actor: Actor, alert_id: int) -> RiskAlert:
    alert = uow.session.scalar(select(RiskAlert).join(Customer, Customer.id == RiskAlert.customer_id)
                               .where(RiskAlert.id == alert_id, customer_scope(actor)))
    if alert is None:
        raise NotFoundError(ALERT_NOT_FOUND)
    return alert


def _step(uow: UnitOfWork, alert: RiskAlert, status: AlertStatus, action: AlertAction | None,
          note: str | None, now: datetime) -> None:
    allowed = NEXT.get(alert.status, ())
    if status not in allowed:
        raise ValidationError({"status": f"预警当前为“{alert.status.label}”，不能改为“{status.label}”"})
    alert.status = status
    if action is not None:
        alert.action = action.value
        alert.action_note = (note or "").strip() or None
    if status in CLOSED:
        alert.closed_at = now
    uow.session.add(RiskAlertEvent(alert_id=alert.id, at=now, user_id=uow.actor.user_id,
                                   status=status, action=action.value if action else None,
                                   note=(note or "").strip() or None))
    uow.flush()


def acknowledge(uow: UnitOfWork, alert_id: int, note: str | None = None,
                now: datetime | None = None) -> AlertView:
    _check(uow.actor)
    alert = _alert(uow, uow.actor, alert_id)
    _step(uow, alert, AlertStatus.ACKNOWLEDGED, None, note, _now(now))
    return alert_detail(uow.session, uow.actor, alert.id, _now(now)).alert


def bulk_acknowledge(uow: UnitOfWork, alert_ids: Sequence[int], note: str | None = None,
                     now: datetime | None = None) -> int:
    """Acknowledge every listed alert that is new and in scope; returns how many."""
    _check(uow.actor)
    when = _now(now)
    alerts = uow.session.scalars(
        select(RiskAlert).join(Customer, Customer.id == RiskAlert.customer_id)
        .where(RiskAlert.id.in_(list(alert_ids)), RiskAlert.status == AlertStatus.NEW,
               customer_scope(uow.actor))).all()
    for alert in alerts:
        _step(uow, alert, AlertStatus.ACKNOWLEDGED, None, note or "批量确认", when)
    return len(alerts)


def take_action(uow: UnitOfWork, alert_id: int, action: AlertAction, note: str | None = None,
                now: datetime | None = None) -> AlertView:
    """Record what is being done (处理中). 安排走访 also puts a visit task on the manager's
    list; 上报主管 puts the alert in the supervisor's queue."""
    _check(uow.actor)
    when = _now(now)
    alert = _alert(uow, uow.actor, alert_id)
    if action is AlertAction.ESCALATE:
        alert.escalated = True
    if action is AlertAction.VISIT:
        customer = uow.session.get(Customer, alert.customer_id)
        assert customer is not None
        open_follow_up(uow.session, customer, local_today(when), f"安排走访：{customer.name}",
                       created_by=uow.actor.user_id, kind=TaskKind.VISIT,
                       source_type="risk_alert", source_id=alert.id, note=alert.reason)
    _step(uow, alert, AlertStatus.IN_PROGRESS, action, note, when)
    return alert_detail(uow.session, uow.actor, alert.id, when).alert


def close_alert(uow: UnitOfWork, alert_id: int, status: AlertStatus, note: str,
                now: datetime | None = None) -> AlertView:
    """已解除 (a false alarm or the risk went away) or 已处置 (dealt with): a note is required."""
    _check(uow.actor)
    if status not in CLOSED:
        raise ValidationError({"status": "只能改为“已解除”或“已处置”"})
    if not (note or "").strip():
        raise ValidationError({"note": f"请填写{status.label}的说明"})
    when = _now(now)
    alert = _alert(uow, uow.actor, alert_id)
    _step(uow, alert, status, None, note, when)
    return alert_detail(uow.session, uow.actor, alert.id, when).alert


def escalate_overdue(uow: UnitOfWork, now: datetime | None = None) -> int:
    """Alerts still new after their response time go to the supervisor's queue (once)."""
    when = _now(now)
    uow.one_at_a_time("escalate_alerts")
    ids = list(uow.session.scalars(select(RiskAlert.id).where(
        RiskAlert.status == AlertStatus.NEW, RiskAlert.escalated.is_(False),
        RiskAlert.respond_by.is_not(None), RiskAlert.respond_by < when)))
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        uow.session.execute(update(RiskAlert).where(RiskAlert.id.in_(part))
                            .values(escalated=True).execution_options(synchronize_session=False))
        uow.session.execute(insert(RiskAlertEvent), [
            {"alert_id": i, "at": when, "user_id": None, "status": AlertStatus.NEW,
             "action": AlertAction.ESCALATE.value, "note": ESCALATED_NOTE} for i in part])
    return len(ids)


# ---- five-tier overrides ------------------------------------------------------------------

def _loan(uow: UnitOfWork, loan_id: int) -> Loan:
    loan = uow.session.scalar(select(Loan).join(Customer, Customer.id == Loan.customer_id)
                              .where(Loan.id == loan_id, customer_scope(uow.actor)))
    if loan is None:
        raise NotFoundError("贷款不存在，或不在您的管辖范围内")
    return loan


def propose_class_override(uow: UnitOfWork, loan_id: int, tier: FiveTier, reason: str) -> None:
    """A manager records the class they judge right, with a reason; a supervisor confirms."""
    _check(uow.actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写调整五级分类的理由"})
    loan = _loan(uow, loan_id)
    loan.class_override = tier
    loan.class_override_reason = reason.strip()
    loan.class_override_by = uow.actor.user_id
    loan.class_override_confirmed_by = None
    uow.flush()


def confirm_class_override(uow: UnitOfWork, loan_id: int, approve: bool = True,
                           note: str | None = None) -> None:
    """主管确认 (or reject, which clears the override). Both are audited as loan updates."""
    uow.actor.require(Permission.REVIEW)
    if uow.actor.role is not Role.SUPERVISOR and not uow.actor.operator:
        raise PermissionDenied("只有主管可以确认五级分类调整")
    loan = _loan(uow, loan_id)
    if loan.class_override is None:
        raise ValidationError({"override": "这笔贷款没有待确认的五级分类调整"})
    if loan.class_override_by is not None and loan.class_override_by == uow.actor.user_id:
        raise ValidationError({"override": "不能确认自己提出的调整"})
    if approve:
        loan.class_override_confirmed_by = uow.actor.user_id
    else:
        loan.class_override = None
        loan.class_override_confirmed_by = None
        loan.class_override_reason = ((loan.class_override_reason or "") +
                                      f"（主管未同意：{(note or '').strip() or '无说明'}）")[:2000]
    uow.flush()


__all__ = [
    "ESCALATED_NOTE", "NEXT", "acknowledge", "bulk_acknowledge", "close_alert",
    "confirm_class_override", "escalate_overdue", "propose_class_override", "take_action",
]
