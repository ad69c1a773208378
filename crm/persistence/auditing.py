"""Every ORM create, update and delete in a unit of work writes an AuditEvent, automatically."""
from __future__ import annotations

import socket
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from crm.domain.actors import Actor
from crm.models import AuditEvent, Customer, ImportChange, RiskScore

# rows that are themselves history, or are audited as one event by their operation
NOT_AUDITED = {AuditEvent, ImportChange, RiskScore}
# fields never copied into the audit trail, or not worth an event on their own
SECRET_FIELDS = {"password_hash", "content"}
QUIET_FIELDS = {"failed_logins", "locked_until", "last_login_at", "updated_at", "version"}
HOST = socket.gethostname()


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _columns(obj: Any) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs]


def _snapshot(obj: Any) -> dict[str, Any]:
    return {k: jsonable(getattr(obj, k)) for k in _columns(obj) if k not in SECRET_FIELDS}


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if not hist.has_changes() or key in QUIET_FIELDS:
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if key in SECRET_FIELDS:
            old, new = "***", "***"
        if jsonable(old) != jsonable(new):
            before[key], after[key] = jsonable(old), jsonable(new)
    return before, after


def _pk(obj: Any) -> str:
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in ident if v is not None)


def _customer_id(obj: Any) -> int | None:
    if isinstance(obj, Customer):
        return obj.id
    return getattr(obj, "customer_id", None)


def event_row(actor: Actor, action: str, *, entity: str | None = None,
              entity_id: str | None = None, customer_id: int | None = None, summary: str = "",
              before: dict[str, Any] | None = None,
              after: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"actor_id": actor.user_id, "actor_name": actor.username,
            "action": action, "entity": entity, "entity_id": entity_id,
            "customer_id": customer_id, "summary": summary, "before": before, "after": after,
            "host": HOST}


def after_flush(session: Session, _ctx: UOWTransaction) -> None:
    actor: Actor | None = session.info.get("actor")
    if actor is None:
        return
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if type(obj) not in NOT_AUDITED:
            rows.append(event_row(actor, "create", entity=type(obj).__tablename__,
                                  entity_id=_pk(obj), customer_id=_customer_id(obj),
                                  after=_snapshot(obj)))
    for obj in session.dirty:
        if type(obj) in NOT_AUDITED or not session.is_modified(obj):
            continue
        before, after = _changes(obj)
        if after:
            rows.append(event_row(actor, "update", entity=type(obj).__tablename__,
                                  entity_id=_pk(obj), customer_id=_customer_id(obj),
                                  before=before, after=after))
    for obj in session.deleted:
        if type(obj) not in NOT_AUDITED:
            rows.append(event_row(actor, "delete", entity=type(obj).__tablename__,
                                  entity_id=_pk(obj), customer_id=_customer_id(obj),
                                  before=_snapshot(obj)))
    if rows:
        session.connection().execute(insert(AuditEvent), rows)
