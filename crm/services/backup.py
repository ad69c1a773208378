"""Online backups of the local SQLite database, with a manifest of schema version and counts."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from crm.domain.actors import Actor
from crm.domain.errors import UserError
from crm.models import Base
from crm.models.base import utcnow
from crm.persistence.engine import Database
from crm.persistence.migrate import current_revision


def backup_sqlite(db: Database, out: str | Path, actor: Actor) -> dict[str, Any]:
    """Copy with SQLite's backup API (consistent while the app runs); write OUT.manifest.json."""
    if db.backend != "sqlite":
        raise UserError("PostgreSQL 数据库请使用 pg_dump 备份（见 README）")
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        raw = db.engine.raw_connection()
        try:
            dest = sqlite3.connect(tmp)
            with dest:
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            dest.close()
        finally:
            raw.close()
        check = sqlite3.connect(tmp)
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
        if ok != "ok":
            raise UserError(f"备份文件校验失败：{ok}")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"备份失败，无法写入 {out}：{exc.strerror}") from exc
    manifest = _manifest(db)
    out.with_name(out.name + ".manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    with db.uow(actor) as uow:
        uow.audit("backup", f"备份数据库到 {out}")
        uow.commit()
    return manifest


def _manifest(db: Database) -> dict[str, Any]:
    with db.engine.connect() as conn:
        counts = {t.name: conn.scalar(select(func.count()).select_from(t))
                  for t in Base.metadata.sorted_tables}
        return {"created_at": utcnow().isoformat(), "schema_revision": current_revision(conn),
                "source": db.description, "row_counts": counts}
