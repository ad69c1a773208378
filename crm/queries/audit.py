"""The audit trail, read with filters by administrators and auditors."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.domain.actors import Actor, Permission
from crm.domain.records import AuditEventView, Page
from crm.models import AuditEvent
from crm.queries.customers import scoped_customer


@dataclass(frozen=True)
class AuditFilter:
    actor_name: str = ""
    action: str = ""
    entity: str = ""
    since: datetime | None = None
    until: datetime | None = None
    customer_id: int | None = None


def audit_page(session: Session, actor: Actor, flt: AuditFilter = AuditFilter(),
               before_id: int | None = None, limit: int = 200) -> Page[AuditEventView]:
    """Newest first, keyset-paged on id. A customer's own trail is readable within scope."""
    if flt.customer_id is not None and not actor.can(Permission.READ_AUDIT):
        scoped_customer(session, actor, flt.customer_id)
    else:
        actor.require(Permission.READ_AUDIT)
    stmt = select(AuditEvent)
    if flt.actor_name:
        stmt = stmt.where(AuditEvent.actor_name.contains(flt.actor_name, autoescape=True))
    if flt.action:
        stmt = stmt.where(AuditEvent.action == flt.action)
    if flt.entity:
        stmt = stmt.where(AuditEvent.entity == flt.entity)
    if flt.since:
        stmt = stmt.where(AuditEvent.occurred_at >= flt.since)
    if flt.until:
        stmt = stmt.where(AuditEvent.occurred_at < flt.until)
    if flt.customer_id is not None:
        stmt = stmt.where(AuditEvent.customer_id == flt.customer_id)
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    stmt = stmt.order_by(AuditEvent.id.desc()).limit(limit)
    return Page([_view(e) for e in session.scalars(stmt)])


def _view(e: AuditEvent) -> AuditEventView:
    summary = e.summary or describe_event(e.action, e.entity, e.before, e.after)
    return AuditEventView(e.id, e.occurred_at, e.actor_name, e.action, e.entity, e.entity_id,
                          e.customer_id, summary, e.before, e.after, e.host)


ENTITIES = {
    "users": "用户", "branches": "支行", "customers": "客户", "loans": "贷款",
    "contact_records": "联系记录", "tasks": "任务", "visit_plans": "走访计划",
    "repayment_plans": "还款计划", "survey_responses": "问卷", "feedback": "客户反馈",
    "documents": "附件", "risk_alerts": "风险预警", "risk_rules": "风险规则", "settings": "设置",
    "customer_parties": "关系人", "import_batches": "导入批次",
}
_NAME_FIELDS = ("name", "username", "loan_no", "title", "code", "file_name")


def describe_event(action: str, entity: str | None, before: dict[str, Any] | None,
                   after: dict[str, Any] | None) -> str:
    """A readable one-line summary for events that carry only before/after values."""
    label = ENTITIES.get(entity or "", entity or "")
    values = after or before or {}
    name = next((str(values[k]) for k in _NAME_FIELDS if values.get(k)), "")
    if action == "update" and after:
        changes = "，".join(f"{k}: {_short(before, k)} → {_short(after, k)}"
                           for k in list(after)[:3])
        return f"修改{label} {changes}" + ("…" if len(after) > 3 else "")
    verb = {"create": "新增", "delete": "删除"}.get(action, ACTIONS.get(action, action))
    return f"{verb}{label} {name}".strip()


def _short(values: dict[str, Any] | None, key: str) -> str:
    text = "" if values is None or values.get(key) is None else str(values[key])
    return text if len(text) <= 20 else text[:19] + "…"


ACTIONS = {
    "create": "新增", "update": "修改", "delete": "删除", "login": "登录成功",
    "login_failed": "登录失败", "login_locked": "锁定期间登录", "reveal": "查看完整信息",
    "export": "导出", "import": "导入", "demo_data": "生成演示数据", "undo_import": "撤销导入",
}
