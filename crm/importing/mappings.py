"""Saved import mappings (SavedView kind 'import_mapping'): save, list, and find by headers.

A file whose normalised headers match a saved mapping's picks that mapping automatically.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from crm.domain.actors import Actor, Permission
from crm.domain.errors import ValidationError
from crm.importing.fields import Mapping, header_signature
from crm.models import SavedView
from crm.persistence.engine import Database

KIND = "import_mapping"


@dataclass(frozen=True)
class SavedMapping:
    id: int
    name: str
    headers: list[str]
    signature: str
    mapping: Mapping
    shared: bool


def _visible(actor: Actor) -> Any:
    return or_(SavedView.user_id == actor.user_id, SavedView.user_id.is_(None))


def _view(v: SavedView) -> SavedMapping:
    d = v.definition or {}
    return SavedMapping(v.id, v.name, list(d.get("headers", [])), d.get("signature", ""),
                        Mapping.from_json(d.get("mapping", {})), v.user_id is None)


def save_mapping(db: Database, actor: Actor, name: str, headers: list[Any],
                 mapping: Mapping) -> SavedMapping:
    """Save (or overwrite, by name) a mapping for this header layout."""
    actor.require(Permission.IMPORT)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请为映射起一个名称"})
    if len(name) > 128:
        raise ValidationError({"name": "名称不能超过 128 个字符"})
    definition = {"headers": ["" if h is None else str(h) for h in headers],
                  "signature": header_signature(headers), "mapping": mapping.to_json()}
    with db.uow(actor) as uow:
        view = uow.session.scalar(select(SavedView).where(
            SavedView.kind == KIND, SavedView.name == name,
            SavedView.user_id.is_(actor.user_id) if actor.user_id is None
            else SavedView.user_id == actor.user_id))
        if view is None:
            view = SavedView(user_id=actor.user_id, kind=KIND, name=name, definition=definition)
            uow.session.add(view)
        else:
            view.definition = definition
        uow.flush()
        saved = _view(view)
        uow.commit()
    return saved


def list_mappings(db: Database, actor: Actor) -> list[SavedMapping]:
    """The actor's own mappings and the shared ones, newest first."""
    with db.sessions() as s:
        views = s.scalars(select(SavedView).where(SavedView.kind == KIND, _visible(actor))
                          .order_by(SavedView.updated_at.desc(), SavedView.id.desc()))
        return [_view(v) for v in views]


def find_for_headers(db: Database, actor: Actor, headers: list[Any]) -> tuple[str, Mapping] | None:
    """The most recent saved mapping made for exactly these headers, if any."""
    signature = header_signature(headers)
    for saved in list_mappings(db, actor):
        if saved.signature == signature:
            return saved.name, saved.mapping
    return None
