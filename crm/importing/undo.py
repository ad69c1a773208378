"""Undo an import: delete what it created, restore what it updated, in one audited transaction.

Allowed until someone (or a later import) edits a record the import created or updated:
a created record still has version 1, an updated one still has ImportChange.version_after,
and nothing else (contacts, visits, repayments...) points at a record it would delete.

The risk recompute that follows every import writes derived rows for the new customers
(score history, alerts nobody has touched yet, system revisit tasks). Those do not block
an undo: they are deleted with the customers. An alert someone has acknowledged, or a task
someone has worked, does block it. After the undo the customers whose values were restored
are rescored.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import (
    Date, Enum as SAEnum, Table, and_, bindparam, delete, func, not_, select, true, update,
)
from sqlalchemy.orm import Session

from crm.domain.actors import Actor, Permission
from crm.domain.enums import ImportStatus
from crm.domain.errors import ConflictError, NotFoundError, PermissionDenied, UserError
from crm.domain.enums import AlertStatus, TaskStatus
from crm.models import (
    Base, Customer, FinancialSnapshot, ImportBatch, ImportChange, Loan, RiskAlert, RiskAlertEvent,
    RiskScore, Task,
)
from crm.models.base import Money, UTCDateTime, utcnow
from crm.persistence.engine import Database

C: Table = Customer.__table__  # type: ignore[assignment]
L: Table = Loan.__table__  # type: ignore[assignment]
TABLES = {"customers": C, "loans": L}


def _source(batch_id: int) -> str:
    return f"import:{batch_id}"


def _edited_since(s: Session, batch_id: int) -> str | None:
    created_c = s.scalar(select(func.count()).select_from(C).where(
        C.c.source_batch_id == batch_id, C.c.version != 1))
    created_l = s.scalar(select(func.count()).select_from(L).where(
        L.c.source_batch_id == batch_id, L.c.version != 1))
    if created_c or created_l:
        return f"这次导入新建的客户或贷款中有 {created_c + created_l} 条在导入后被修改过"
    for entity, table in TABLES.items():
        n = s.scalar(select(func.count()).select_from(ImportChange).join(
            table, and_(table.c.id == ImportChange.entity_id,
                        table.c.version != ImportChange.version_after)).where(
            ImportChange.batch_id == batch_id, ImportChange.entity == entity))
        if n:
            return f"这次导入更新的{'客户' if entity == 'customers' else '贷款'}中有 {n} 条在导入后被再次修改过"
    return None


def _system_rows() -> dict[Table, Any]:
    """Per table, the rows the system wrote on its own and nobody has touched since."""
    from crm.services.risk import REVISIT_SOURCE

    return {RiskScore.__table__: true(),
            RiskAlert.__table__: and_(RiskAlert.status == AlertStatus.NEW, RiskAlert.version == 1),
            Task.__table__: and_(Task.created_by.is_(None), Task.source_type == REVISIT_SOURCE,
                                 Task.status == TaskStatus.OPEN)}


def _delete_system_rows(s: Session, batch_id: int) -> None:
    created = select(C.c.id).where(C.c.source_batch_id == batch_id)
    alerts = select(RiskAlert.id).where(RiskAlert.customer_id.in_(created))
    s.execute(delete(RiskAlertEvent).where(RiskAlertEvent.alert_id.in_(alerts)))
    for table in (RiskAlert.__table__, RiskScore.__table__, Task.__table__):
        s.execute(delete(table).where(table.c.customer_id.in_(created)))  # type: ignore[attr-defined]


def _dependants(s: Session, batch_id: int) -> str | None:
    """Rows elsewhere that point at a customer or loan this batch created."""
    created = {C: select(C.c.id).where(C.c.source_batch_id == batch_id),
               L: select(L.c.id).where(L.c.source_batch_id == batch_id)}
    system = _system_rows()
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            target = fk.column.table
            if target not in created or fk.column.name != "id":
                continue
            cond = fk.parent.in_(created[target])
            if table is L:
                cond = and_(cond, L.c.source_batch_id.is_distinct_from(batch_id))
            if table is FinancialSnapshot.__table__:
                cond = and_(cond, FinancialSnapshot.source != _source(batch_id))
            if table in system:
                cond = and_(cond, not_(system[table]))
            if s.scalar(select(func.count()).select_from(table).where(cond)):
                return "这次导入新建的客户已经有了后续记录（如联系记录、走访、还款或其他导入的贷款）"
    return None


def _blocker(s: Session, batch_id: int) -> str | None:
    batch = s.get(ImportBatch, batch_id)
    if batch is None:
        return "导入批次不存在"
    if batch.status is ImportStatus.UNDONE:
        return "这次导入已经撤销过了"
    if batch.status is not ImportStatus.APPLIED:
        return f"这次导入的状态是“{batch.status.label}”，不能撤销"
    reason = _edited_since(s, batch_id) or _dependants(s, batch_id)
    return f"{reason}，不能再撤销。" if reason else None


def can_undo(db: Database, batch_id: int) -> tuple[bool, str]:
    """(True, "") or (False, the reason in Chinese)."""
    with db.sessions() as s:
        reason = _blocker(s, batch_id)
    return (reason is None, reason or "")


def _from_json(column: Any, value: Any) -> Any:
    """A value as ImportChange.before stored it (JSON) -> what the column binds."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Money):
        return Decimal(str(value))
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, SAEnum) and kind.enum_class is not None:
        enum_class: type[Enum] = kind.enum_class
        return enum_class(value)
    return value


def _restore(s: Session, batch_id: int, now: datetime) -> int:
    changes = s.execute(select(ImportChange).where(ImportChange.batch_id == batch_id,
                                                   ImportChange.created.is_(False))).scalars().all()
    groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for ch in changes:
        table = TABLES[ch.entity]
        before = ch.before or {}
        params = {"b_id": ch.entity_id, "b_version": ch.version_after,
                  "b_new": ch.version_after + 1}
        params.update({f"v_{k}": _from_json(table.c[k], v) for k, v in before.items()})
        groups[(ch.entity, tuple(sorted(before)))].append(params)
    for (entity, keys), params in groups.items():
        table = TABLES[entity]
        stmt = (update(table)
                .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
                .values({table.c[k]: bindparam(f"v_{k}", type_=table.c[k].type) for k in keys}
                        | {table.c.version: bindparam("b_new"), table.c.updated_at: now}))
        result = s.execute(stmt, params)
        if result.rowcount is not None and 0 <= result.rowcount != len(params):
            raise ConflictError("撤销期间有其他人修改了相关客户或贷款，撤销未执行。请稍后重试。")
    return len(changes)


def _surviving_customers(s: Session, batch_id: int) -> list[int]:
    """Customers the undo changes but keeps: their own values restored, or a loan of theirs
    restored or deleted. They are rescored once the undo is committed."""
    changed = select(ImportChange.entity_id).where(ImportChange.batch_id == batch_id,
                                                   ImportChange.entity == "customers",
                                                   ImportChange.created.is_(False))
    loans = select(L.c.customer_id).where(
        L.c.id.in_(select(ImportChange.entity_id).where(
            ImportChange.batch_id == batch_id, ImportChange.entity == "loans"))
        | (L.c.source_batch_id == batch_id))
    ids = set(s.scalars(changed)) | set(s.scalars(loans))
    created = set(s.scalars(select(C.c.id).where(C.c.source_batch_id == batch_id)))
    return sorted(ids - created)


def undo_import(db: Database, actor: Actor, batch_id: int) -> dict[str, int]:
    """Revert one import in one transaction; returns what was deleted and restored."""
    actor.require(Permission.IMPORT)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看，不能撤销导入")
    with db.uow(actor) as uow:
        s = uow.session
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFoundError("导入批次不存在")
        if not actor.sees_all_branches and batch.user_id != actor.user_id:
            raise PermissionDenied("只能撤销自己执行的导入")
        reason = _blocker(s, batch_id)
        if reason:
            raise UserError(reason)
        now = utcnow()
        restored_ids = _surviving_customers(s, batch_id)
        restored = _restore(s, batch_id, now)
        _delete_system_rows(s, batch_id)
        s.execute(delete(FinancialSnapshot).where(FinancialSnapshot.source == _source(batch_id)))
        loans = s.execute(delete(L).where(L.c.source_batch_id == batch_id)).rowcount
        customers = s.execute(delete(C).where(C.c.source_batch_id == batch_id)).rowcount
        s.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            status=ImportStatus.UNDONE, undone_at=now, updated_at=now))
        result = {"customers_deleted": customers, "loans_deleted": loans,
                  "records_restored": restored}
        uow.audit("undo_import", f"撤销导入“{batch.file_name}”：删除新建客户 {customers} 位、"
                  f"贷款 {loans} 笔，恢复被更新的记录 {restored} 条",
                  entity="import_batches", entity_id=str(batch_id), after=result)
        uow.commit()
    if restored_ids:
        from crm.importing.engine import _rescore

        _rescore(db, actor, restored_ids)
    return result
