"""我的视图: named customer-list definitions (filter + sort + visible columns), per user.

The definition is whatever JSON object the list page keeps (it is stored as given and
returned as given); this module owns who may see, replace and delete which view. Saving
under an existing name replaces that view. Writes go through the unit of work, so they are
audited like any other change.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.domain.actors import Actor
from crm.domain.errors import NotFoundError, ValidationError
from crm.models import SavedView
from crm.persistence.uow import UnitOfWork

KIND = "customer_list"
NAME_MAX = 128
DEFINITION_MAX = 64_000       # characters of JSON: a view is a few hundred
VIEW_NOT_FOUND = "视图不存在，或不属于您"


@dataclass(frozen=True)
class SavedViewRecord:
    id: int
    name: str
    definition: dict[str, Any]
    updated_at: datetime


def _record(v: SavedView) -> SavedViewRecord:
    return SavedViewRecord(v.id, v.name, dict(v.definition or {}), v.updated_at)


def _mine(actor: Actor, kind: str) -> Any:
    return select(SavedView).where(SavedView.kind == kind, SavedView.user_id == actor.user_id)


def _check(actor: Actor, name: str, definition: Any) -> str:
    errors: dict[str, str] = {}
    name = name.strip()
    if actor.user_id is None:
        errors["user"] = "命令行操作员没有个人视图，请以用户身份登录"
    if not name:
        errors["name"] = "请输入视图名称"
    elif len(name) > NAME_MAX:
        errors["name"] = f"视图名称不能超过 {NAME_MAX} 个字"
    if not isinstance(definition, dict):
        errors["definition"] = "视图定义无效"
    else:
        try:
            size = len(json.dumps(definition, ensure_ascii=False))
        except (TypeError, ValueError):
            errors["definition"] = "视图定义无法保存（含有不支持的值）"
        else:
            if size > DEFINITION_MAX:
                errors["definition"] = "视图定义过大"
    if errors:
        raise ValidationError(errors)
    return name


def list_views(session: Session, actor: Actor, kind: str = KIND) -> list[SavedViewRecord]:
    """The actor's own views of `kind`, by name."""
    if actor.user_id is None:
        return []
    stmt = _mine(actor, kind).order_by(SavedView.name, SavedView.id)
    return [_record(v) for v in session.scalars(stmt)]


def save_view(uow: UnitOfWork, actor: Actor, name: str, definition: dict[str, Any],
              kind: str = KIND) -> SavedViewRecord:
    """Create the view, or replace the actor's view of that name. The caller commits."""
    name = _check(actor, name, definition)
    s = uow.session
    view = s.scalar(_mine(actor, kind).where(SavedView.name == name))
    if view is None:
        view = SavedView(user_id=actor.user_id, kind=kind, name=name, definition=definition)
        s.add(view)
    else:
        view.definition = definition
    uow.flush()
    return _record(view)


def delete_view(uow: UnitOfWork, actor: Actor, view_id: int, kind: str = KIND) -> None:
    """Delete one of the actor's views; someone else's is 'not found'. The caller commits."""
    view = uow.session.scalar(_mine(actor, kind).where(SavedView.id == view_id))
    if view is None:
        raise NotFoundError(VIEW_NOT_FOUND)
    uow.session.delete(view)
    uow.flush()


__all__ = ["KIND", "SavedViewRecord", "delete_view", "list_views", "save_view"]
