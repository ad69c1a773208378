"""Reading the audit trail (administrators and auditors; a customer's own trail within scope)."""
from __future__ import annotations

from crm.domain.actors import Actor
from crm.domain.records import AuditEventView
from crm.persistence.uow import UnitOfWork
from crm.queries.audit import ACTIONS, ENTITIES, AuditFilter, audit_page

__all__ = ["ACTIONS", "ENTITIES", "AuditFilter", "audit_events"]


def audit_events(uow: UnitOfWork, actor: Actor, flt: AuditFilter, before_id: int | None = None,
                 limit: int = 200) -> list[AuditEventView]:
    return audit_page(uow.session, actor, flt, before_id, limit).rows
