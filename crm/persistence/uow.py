"""The unit of work: one transaction, rolled back unless committed, audited automatically."""
from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm.domain.actors import Actor
from crm.domain.errors import ConflictError
from crm.models import AuditEvent
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

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside 'with'")
        return self._session

    def __enter__(self) -> "UnitOfWork":
        self._session = self.db.sessions()
        self._session.info["actor"] = self.actor
        event.listen(self._session, "after_flush", auditing.after_flush)
        return self

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

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        self.session.commit()

    def audit(self, action: str, summary: str = "", **fields: Any) -> None:
        """An event that is not a row change: sign-in, export, reveal, import."""
        self.session.execute(insert(AuditEvent),
                             [auditing.event_row(self.actor, action, summary=summary, **fields)])
