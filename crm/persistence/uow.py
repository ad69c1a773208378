"""The unit of work: one transaction, rolled back unless committed, audited automatically.

Clock: on PostgreSQL, PCs with skewed clocks share one database, so the unit of work takes
"now" from the database server once per transaction (uow.now()) and stamps created_at and
updated_at of every row the ORM writes with it (before_flush). Audit events already use the
server's now() as a column default. Times services pick themselves (datetime.now in
contacts, visits, tasks...) and the import's bulk rows still use the PC's clock; on SQLite
there is one machine and its clock is the clock.
"""
from __future__ import annotations

import zlib
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm.domain.actors import Actor
from crm.domain.errors import ConflictError
from crm.models import AuditEvent
from crm.models.base import Timestamps, utcnow
from crm.persistence import auditing
from crm.persistence.errors import translate

if TYPE_CHECKING:
    from crm.persistence.engine import Database

CONFLICT = "该记录已被其他人修改并保存。请刷新后查看最新内容再修改。"


class UnitOfWork:
    def __init__(self, db: "Database", actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self._session: Session | None = None
        self._now: tuple[object, datetime] | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside 'with'")
        return self._session

    def __enter__(self) -> "UnitOfWork":
        self._session = self.db.sessions()
        self._session.info["actor"] = self.actor
        event.listen(self._session, "after_flush", auditing.after_flush)
        if self.db.backend == "postgresql":
            event.listen(self._session, "before_flush", self._stamp)
        return self

    def now(self) -> datetime:
        """UTC now: the database server's transaction time on PostgreSQL, else the PC's."""
        if self.db.backend != "postgresql":
            return utcnow()
        txn = self.session.get_transaction()
        if self._now is None or self._now[0] is not txn or txn is None:
            value = self.session.connection().exec_driver_sql("SELECT now()").scalar_one()
            self._now = (self.session.get_transaction(), value.astimezone(timezone.utc))
        return self._now[1]

    def _stamp(self, session: Session, _ctx: object, _instances: object) -> None:
        new = [o for o in session.new if isinstance(o, Timestamps)]
        dirty = [o for o in session.dirty if isinstance(o, Timestamps) and session.is_modified(o)]
        if not new and not dirty:
            return
        now = self.now()
        for obj in new:
            if obj.created_at is None:
                obj.created_at = now
            if obj.updated_at is None:
                obj.updated_at = now
        for obj in dirty:
            obj.updated_at = now

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        session, self._session = self.session, None
        try:
            session.rollback()
        finally:
            session.close()
        if isinstance(exc, StaleDataError):
            raise ConflictError(CONFLICT) from exc
        if isinstance(exc, DBAPIError):
            user_error = translate(exc, self.db.description)
            if user_error is not None:
                raise user_error from exc

    def one_at_a_time(self, job: str) -> None:
        """Serialise a system job across PCs: on PostgreSQL, wait for a transaction-scoped
        advisory lock named after the job, so when every PC of a branch opens 今日工作 at 8:30
        the daily jobs run one after another, each seeing what the one before committed (they
        are idempotent: the second finds nothing left to do). SQLite has one writer anyway."""
        if self.db.backend != "postgresql":
            return
        key = zlib.crc32(f"crm-job:{job}".encode())
        self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        self.session.commit()

    def audit(self, action: str, summary: str = "", **fields: Any) -> None:
        """An event that is not a row change: sign-in, export, reveal, import."""
        self.session.execute(insert(AuditEvent),
                             [auditing.event_row(self.actor, action, summary=summary, **fields)])
