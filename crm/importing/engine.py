"""Import use cases: preview, dry run, import (one transaction), undo, and the batch list.

Counting (every row after the header is counted exactly once):
    rows_read = rows_inserted + rows_updated + unchanged + duplicates + skipped + rejected
- rows_inserted: the row created a customer or a loan;
- rows_updated: it created nothing but changed a stored customer or loan;
- unchanged: it changed nothing (a customer's own change is credited to its first row);
- duplicates: an exact repeat (same parsed values) of an earlier row;
- skipped: a blank row or a total row (合计/总计/小计);
- rejected: an error in a required value, a conflict with an earlier row or the database,
  or a customer outside the importer's scope.
Record counts are separate: customers_inserted/updated/unchanged (updated = the customer's
own fields changed; customers_refreshed = only its loan summary changed), loans_*.
warnings counts warning issues; a row with warnings is still imported.

One import at a time per database:
- PostgreSQL: the import's transaction takes a transaction-scoped advisory lock
  (pg_try_advisory_xact_lock, key IMPORT_LOCK_KEY) before it reads anything, so a second import
  from another PC waits (up to lock_wait seconds, cancellable, progress says so) and then sees
  the first one's committed rows: overlapping files give no duplicates, the later file updates.
  If the wait runs out it stops before writing with IN_PROGRESS. The unique constraints on the
  ID number and the loan number stay the last line (an IntegrityError rolls back: CONCURRENT).
- SQLite has a single writer: a second import (or any write) waits up to SQLITE_BUSY_MS for
  the first one to commit and is then told in Chinese that another program is writing
  (crm.persistence.errors); readers are never blocked (WAL).
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from crm.domain.actors import Actor, Permission
from crm.domain.enums import ImportStatus, Role
from crm.domain.errors import ConflictError, PermissionDenied, UserError
from crm.importing.apply import Applier, finish_counts
from crm.importing.collect import CANCELLED, Cancel, Progress, collect
from crm.importing.fields import Mapping
from crm.importing.undo import can_undo, undo_import
from crm.importing.values import Issue, ParsedRow, RowParser
from crm.models import ImportBatch, User
from crm.models.base import utcnow
from crm.persistence.engine import Database
from crm.persistence.uow import UnitOfWork

__all__ = ["BatchView", "ImportReport", "can_undo", "list_batches", "parse_preview",
           "run_import", "undo_import"]
log = logging.getLogger(__name__)
CONCURRENT = "另一位用户同时导入或修改了相同的客户或借据，本次导入已全部撤回。请重新导入。"
IN_PROGRESS = ("另一个导入正在进行（可能是其他电脑上的同事），等待超时，本次导入没有写入任何数据。"
               "请等它完成后重试。")
WAITING = "另一个导入正在进行，正在等待它完成…"
IMPORT_LOCK_KEY = 0x43524D49  # "CRMI"
LOCK_WAIT_S = 300.0
COUNT_KEYS = ("rows_read", "rows_inserted", "rows_updated", "unchanged", "duplicates", "skipped",
              "rejected", "customers_inserted", "customers_updated", "customers_unchanged",
              "customers_refreshed", "loans_inserted", "loans_updated", "loans_unchanged",
              "warnings", "rows_with_warnings")


@dataclass
class ImportReport:
    counts: dict[str, int]
    issues: list[Issue]
    batch_id: int | None
    customer_ids: list[int]
    seconds: float
    dry_run: bool = False
    file_name: str = ""
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # file-level remarks (formulas, mapping)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def issues_by_row(self) -> dict[int, list[Issue]]:
        out: dict[int, list[Issue]] = {}
        for issue in self.issues:
            out.setdefault(issue.row, []).append(issue)
        return out

    def to_json(self) -> dict[str, Any]:
        return {**self.counts, "batch_id": self.batch_id, "dry_run": self.dry_run,
                "seconds": round(self.seconds, 3)}


def _check_actor(actor: Actor) -> None:
    actor.require(Permission.IMPORT)
    if actor.read_only:
        raise PermissionDenied("审计角色只能查看，不能导入")


def _check_mapping(mapping: Mapping) -> list[str]:
    missing = mapping.missing_required()
    if missing:
        raise UserError(f"缺少必填的列：{'、'.join(missing)}。请在映射中指定哪一列是"
                        f"{'、'.join(missing)}。")
    notes = []
    fields = mapping.fields()
    loan_fields = {"product", "principal", "balance", "disbursed_on", "maturity_on",
                   "overdue_days", "overdue_amount", "five_tier"} & fields
    if loan_fields and "loan_no" not in fields:
        notes.append("文件有贷款信息的列，但没有“借据号”列，贷款信息不会导入，只导入客户。")
    return notes


def parse_preview(source: Any, mapping: Mapping, n: int = 50) -> list[ParsedRow]:
    """The first n rows after the header, parsed (not raw), each with its issues."""
    parser = RowParser(mapping, source.headers)
    out = []
    for row, cells in source.rows():
        out.append(parser.parse(row, cells, keep_raw=True))
        if len(out) >= n:
            break
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _start_batch(uow: UnitOfWork, actor: Actor, source: Any, mapping: Mapping) -> int:
    now = uow.now()  # the server's clock on PostgreSQL
    row = {"file_name": Path(source.path).name[:255], "sha256": _sha256(Path(source.path)),
           "sheet": source.sheet, "status": ImportStatus.RUNNING, "counts": {},
           "mapping": {**mapping.to_json(), "headers": list(source.headers),
                       "header_row": source.header_row, "encoding": source.encoding},
           "user_id": actor.user_id, "user_name": actor.username[:64], "started_at": now,
           "created_at": now, "updated_at": now}
    return int(uow.session.execute(insert(ImportBatch).returning(ImportBatch.id), [row]).scalar_one())


def _summary(name: str, counts: dict[str, int]) -> str:
    return (f"导入“{name}”：读取 {counts['rows_read']} 行，新增客户 {counts['customers_inserted']} 位、"
            f"贷款 {counts['loans_inserted']} 笔，更新客户 {counts['customers_updated']} 位、"
            f"贷款 {counts['loans_updated']} 笔，未变 {counts['unchanged']} 行，"
            f"重复 {counts['duplicates']} 行，跳过 {counts['skipped']} 行，拒绝 {counts['rejected']} 行")


def _one_import_at_a_time(uow: UnitOfWork, progress: Progress | None, cancel: Cancel | None,
                          wait: float) -> None:
    """PostgreSQL: hold the import lock until this transaction ends (see the module doc)."""
    if uow.db.backend != "postgresql":
        return
    deadline = time.monotonic() + wait
    lock = text("SELECT pg_try_advisory_xact_lock(:key)")
    while not uow.session.scalar(lock, {"key": IMPORT_LOCK_KEY}):
        if cancel is not None and cancel():
            raise UserError(CANCELLED)
        if time.monotonic() >= deadline:
            raise UserError(IN_PROGRESS)
        if progress is not None:
            progress(0, 0, WAITING)
        time.sleep(0.2)


def run_import(db: Database, actor: Actor, source: Any, mapping: Mapping, *,
               dry_run: bool = False, progress: Progress | None = None,
               cancel: Cancel | None = None, lock_wait: float = LOCK_WAIT_S) -> ImportReport:
    """Validate every row and, unless dry_run, apply them all in one transaction.

    Cancel (checked every batch), an error or a killed process leaves the database as it was.
    On PostgreSQL a second import waits up to lock_wait seconds for the running one.
    """
    _check_actor(actor)
    notes = list(getattr(source, "warnings", [])) + _check_mapping(mapping)
    parser = RowParser(mapping, source.headers)
    started = time.monotonic()
    name = Path(source.path).name
    try:
        with db.uow(actor) as uow:
            if not dry_run:
                _one_import_at_a_time(uow, progress, cancel, lock_wait)
            collected = collect(source, parser, uow.session, progress, cancel)
            source.close()  # the decoded sheet is not needed while writing: free its memory
            batch_id = None if dry_run else _start_batch(uow, actor, source, mapping)
            applier = Applier(uow.session, actor, collected, parser.fields, batch_id, dry_run)
            applier.run(progress, cancel)
            counts = finish_counts(collected, applier.counts)
            if not dry_run:
                if cancel is not None and cancel():
                    raise UserError(CANCELLED)
                uow.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
                    status=ImportStatus.APPLIED, counts=counts, finished_at=utcnow(),
                    updated_at=utcnow()))
                uow.audit("import", _summary(name, counts), entity="import_batches",
                          entity_id=str(batch_id), after=counts)
                uow.commit()
    except IntegrityError as exc:
        raise ConflictError(CONCURRENT) from exc
    if not dry_run:
        notes += _rescore(db, actor, applier.customer_ids)
    issues = sorted(collected.issues, key=lambda i: i.row)
    return ImportReport(counts, issues, batch_id, applier.customer_ids,
                        time.monotonic() - started, dry_run, name, source.sheet, notes)


def _rescore(db: Database, actor: Actor, customer_ids: list[int]) -> list[str]:
    """Risk scores, alerts and segments of the customers the import touched. The import is
    already committed: a failure here is reported, and the next recompute catches up."""
    from crm.services.risk import recompute_after_import

    try:
        recompute_after_import(db, actor, customer_ids)
    except Exception:  # noqa: BLE001 - never lose a committed import over its rescoring
        log.exception("risk recompute after import failed")
        return ["导入已完成，但风险评分未能更新；请稍后在“风险预警”页重新计算。"]
    return []


# --- the batch list -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchView:
    id: int
    file_name: str
    sheet: str | None
    status: ImportStatus
    counts: dict[str, Any]
    user_name: str
    started_at: datetime
    finished_at: datetime | None
    undone_at: datetime | None

    @property
    def status_label(self) -> str:
        return self.status.label


def list_batches(db: Database, actor: Actor, limit: int = 200) -> list[BatchView]:
    """Newest first: everyone's for administrators, the branch's for a supervisor, else one's own."""
    stmt = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
    if not actor.sees_all_branches:
        if actor.role is Role.SUPERVISOR and actor.branch_id is not None:
            branch_users = select(User.id).where(User.branch_id == actor.branch_id)
            stmt = stmt.where(ImportBatch.user_id.in_(branch_users))
        else:
            stmt = stmt.where(ImportBatch.user_id == actor.user_id)
    with db.sessions() as s:
        return [BatchView(b.id, b.file_name, b.sheet, b.status, dict(b.counts or {}), b.user_name,
                          b.started_at, b.finished_at, b.undone_at) for b in s.scalars(stmt)]
