"""Online backups of the local SQLite database, with a manifest of schema version and counts.

- backup_sqlite: SQLite's online backup API (consistent while the app runs), integrity_check,
  then FILE.manifest.json (schema revision, row counts, sha256 of the file).
- restore_sqlite: into a new file next to the target, checked (sha256, integrity_check, schema
  revision, row counts against the manifest) before the target is replaced atomically; the
  old file is kept as TARGET.before-restore.
- rolling_backup: the app's backup on exit, kept as the last 7 daily and 4 weekly
  (crm.domain.retention).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from crm.domain import retention
from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.errors import UserError
from crm.models import Base
from crm.models.base import utcnow
from crm.persistence.engine import Database
from crm.persistence.migrate import current_revision, known_revisions

log = logging.getLogger(__name__)


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
            # one self-contained file (the live database is in WAL mode, and the copy with it)
            dest.execute("PRAGMA journal_mode=DELETE")
            dest.close()
        finally:
            raw.close()
        check = sqlite3.connect(tmp)
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
        if ok != "ok":
            raise UserError(f"备份文件校验失败：{ok}")
        tmp.replace(out)
    except (OSError, sqlite3.Error) as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise UserError(f"备份失败，无法写入 {out}：{reason}") from exc
    manifest = _manifest(db)
    manifest["file"] = out.name
    manifest["sha256"] = _sha256(out)
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_path(backup: str | Path) -> Path:
    backup = Path(backup)
    return backup.with_name(backup.name + ".manifest.json")


# --- restore -----------------------------------------------------------------------------------

@dataclass
class RestoreResult:
    target: Path
    previous: Path | None          # the replaced database, kept as TARGET.before-restore
    schema_revision: str
    row_counts: dict[str, int]
    backup_created_at: str


def _file_counts(path: Path) -> tuple[str, str | None, dict[str, int]]:
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
                    if "alembic_version" in tables else None)
        counts = {t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                  for t in Base.metadata.sorted_tables if t.name in tables}
        return ok, revision, counts
    finally:
        conn.close()


def _in_use(target: Path) -> bool:
    """True when another program holds the database (an open write or read transaction)."""
    conn = sqlite3.connect(target, timeout=0.5)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fold the WAL into the file
        return False
    except sqlite3.OperationalError:
        return True
    except sqlite3.DatabaseError:   # not a database any more (damaged): nobody can be using it
        return False
    finally:
        conn.close()


def restore_sqlite(backup: str | Path, target: str | Path, actor: Actor | None = None) -> RestoreResult:
    """Restore BACKUP over TARGET: check a new copy first, then swap it in atomically."""
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise UserError(f"找不到备份文件：{backup}")
    mpath = manifest_path(backup)
    if not mpath.is_file():
        raise UserError(f"找不到备份清单 {mpath.name}（与备份文件放在同一文件夹），无法核对备份是否完整，未恢复。")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        expected_rev = manifest["schema_revision"]
        expected_counts = dict(manifest["row_counts"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(f"备份清单 {mpath.name} 无法读取（{exc}），未恢复。") from None
    if manifest.get("sha256") and _sha256(backup) != manifest["sha256"]:
        raise UserError(f"备份文件 {backup.name} 与清单记录的校验值不符（文件已损坏或被改动），未恢复。")
    revisions, _head = known_revisions()
    if expected_rev not in revisions:
        raise UserError(f"备份的数据库结构版本 {expected_rev} 比本程序新，请先升级程序再恢复。")
    if not target.parent.is_dir():
        raise UserError(f"目标文件夹不存在：{target.parent}")
    fresh = target.with_name(target.name + ".restoring")
    fresh.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        dest = sqlite3.connect(fresh)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        ok, revision, counts = _file_counts(fresh)
        problems = []
        if ok != "ok":
            problems.append(f"完整性检查未通过（{ok}）")
        if revision != expected_rev:
            problems.append(f"结构版本为 {revision}，清单记录为 {expected_rev}")
        wrong = [f"{name} {counts.get(name)} 行（清单 {n} 行）"
                 for name, n in expected_counts.items() if counts.get(name) != n]
        if wrong:
            problems.append("行数与清单不符：" + "，".join(wrong[:5]))
        if problems:
            raise UserError(f"备份 {backup.name} 校验失败：" + "；".join(problems) + "。原数据库未作任何更改。")
        previous = None
        if target.exists():
            if _in_use(target):
                raise UserError(f"数据库 {target} 正在被其他程序使用，请先关闭贷后管理程序再恢复。"
                                "原数据库未作任何更改。")
            previous = target.with_name(target.name + ".before-restore")
            os.replace(target, previous)
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(fresh, target)
    except OSError as exc:
        raise UserError(f"恢复失败：{exc.strerror}（{exc.filename}）。原数据库未作任何更改。") from exc
    finally:
        fresh.unlink(missing_ok=True)
    from crm.persistence.engine import connect

    db = connect(f"sqlite:///{target}")
    try:
        with db.uow(actor or Actor.cli()) as uow:
            uow.audit("restore", f"从备份 {backup.name}（{manifest.get('created_at', '')}）恢复数据库",
                      after={"backup": str(backup), "schema_revision": expected_rev})
            uow.commit()
    finally:
        db.dispose()
    return RestoreResult(target, previous, expected_rev, expected_counts,
                         str(manifest.get("created_at", "")))


# --- rolling backups on exit -------------------------------------------------------------------

@dataclass
class RollingResult:
    path: Path
    deleted: list[Path] = field(default_factory=list)


def existing_backups(folder: Path) -> dict[datetime, Path]:
    found: dict[datetime, Path] = {}
    if folder.is_dir():
        for path in folder.iterdir():
            stamp = retention.parse_backup_name(path.name)
            if stamp is not None:
                found[stamp] = path
    return found


def rolling_backup(db: Database, folder: str | Path, now: datetime,
                   actor: Actor | None = None) -> RollingResult:
    """Back up to FOLDER/crm-YYYYMMDD-HHMMSS.sqlite3 and keep the last 7 daily and 4 weekly.

    Raises UserError when the backup cannot be made; the caller reports it (never silent).
    Old backups are deleted only after the new one is written and checked.
    """
    folder = Path(folder)
    local = now.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0)
    out = folder / retention.backup_name(local)
    backup_sqlite(db, out, actor or Actor.cli())
    result = RollingResult(out)
    backups = existing_backups(folder)
    for stamp in retention.backups_to_delete(backups):
        path = backups[stamp]
        try:
            path.unlink()
            manifest_path(path).unlink(missing_ok=True)
            result.deleted.append(path)
        except OSError as exc:  # an old file we cannot remove is no reason to fail the backup
            log.warning("could not delete old backup %s: %s", path, exc)
    log.info("rolling backup written to %s, %d old removed", out, len(result.deleted))
    return result
