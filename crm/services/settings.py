"""Administrator-editable settings rows (table `settings`, JSON per key)."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crm.models import Setting


def put_setting(session: Session, key: str, value: Any) -> None:
    """Create or replace one setting through the ORM, so the change is versioned and audited."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


__all__ = ["put_setting"]
