"""Contact records (with promises to pay) and tasks."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, PromiseStatus, TaskKind,
    TaskStatus,
)
from crm.models.base import Base, Versioned, enum_col


class ContactRecord(Versioned, Base):
    __tablename__ = "contact_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit_plans.id"))
    channel: Mapped[ContactChannel] = mapped_column(enum_col(ContactChannel))
    direction: Mapped[ContactDirection] = mapped_column(enum_col(ContactDirection))
    party: Mapped[ContactParty] = mapped_column(enum_col(ContactParty))
    party_name: Mapped[str | None] = mapped_column(String(64))
    contacted_at: Mapped[datetime]
    outcome: Mapped[ContactOutcome] = mapped_column(enum_col(ContactOutcome))
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    promise_amount: Mapped[Decimal | None]
    promise_date: Mapped[date | None] = mapped_column(Date)
    promise_status: Mapped[PromiseStatus | None] = mapped_column(enum_col(PromiseStatus))
    next_follow_up_on: Mapped[date | None] = mapped_column(Date)
    compliance_note: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        Index("ix_contact_records_customer_at", "customer_id", "contacted_at"),
        Index("ix_contact_records_promise", "promise_status", "promise_date"),
        # visit screening counts broken promises per customer (migration 0003)
        Index("ix_contact_records_broken", "customer_id",
              sqlite_where=text("promise_status = 'broken'"),
              postgresql_where=text("promise_status = 'broken'")),
        # 报表 (migration 0006): a period's contacts by channel, outcome and manager; the
        # promises made at visits
        Index("ix_contact_records_at_figures", "contacted_at", "customer_id", "channel",
              "outcome", "promise_status", "promise_amount"),
        Index("ix_contact_records_visit", "visit_id", "promise_status",
              sqlite_where=text("visit_id IS NOT NULL"),
              postgresql_where=text("visit_id IS NOT NULL")),
    )


class Task(Versioned, Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TaskKind] = mapped_column(enum_col(TaskKind))
    title: Mapped[str] = mapped_column(String(255))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[TaskStatus] = mapped_column(enum_col(TaskStatus), default=TaskStatus.OPEN,
                                               server_default=TaskStatus.OPEN.value)
    done_at: Mapped[datetime | None]
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    source_type: Mapped[str | None] = mapped_column(String(32))
    source_id: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (Index("ix_tasks_owner_status_due", "owner_id", "status", "due_on"),)
