"""On-site visit plans with their staff, and negotiated repayment plans."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.enums import (
    InstalmentStatus, PlanMethod, PlanStatus, ReviewStatus, VisitPurpose, VisitStatus,
)
from crm.models.base import Base, Versioned, enum_col


class VisitPlan(Versioned, Base):
    __tablename__ = "visit_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    window_start: Mapped[time | None] = mapped_column(Time)
    window_end: Mapped[time | None] = mapped_column(Time)
    purpose: Mapped[VisitPurpose] = mapped_column(enum_col(VisitPurpose))
    status: Mapped[VisitStatus] = mapped_column(enum_col(VisitStatus), default=VisitStatus.DRAFT,
                                                server_default=VisitStatus.DRAFT.value)
    notes: Mapped[str | None] = mapped_column(Text)
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    appointment_at: Mapped[datetime | None]
    # the appointment's contact record; no FK, contact_records already points here
    appointment_contact_id: Mapped[int | None] = mapped_column(Integer)
    route_order: Mapped[int | None] = mapped_column(Integer)
    two_person_override: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # outcome
    met_customer: Mapped[bool | None] = mapped_column(Boolean)
    present: Mapped[str | None] = mapped_column(String(255))
    situation: Mapped[str | None] = mapped_column(Text)
    reason_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    willingness: Mapped[int | None] = mapped_column(Integer)
    ability: Mapped[int | None] = mapped_column(Integer)
    findings: Mapped[str | None] = mapped_column(Text)
    agreed_actions: Mapped[str | None] = mapped_column(Text)
    safety_incident: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    safety_note: Mapped[str | None] = mapped_column(Text)
    visited_at: Mapped[datetime | None]
    # what was agreed and which contact record / tasks the outcome wrote (crm.services.visits)
    next_steps: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # the customer's overdue figures when the outcome was recorded (effect evaluation)
    overdue_at_visit: Mapped[Decimal | None]
    overdue_days_at_visit: Mapped[int | None] = mapped_column(Integer)
    # supervisor review
    review_status: Mapped[ReviewStatus | None] = mapped_column(enum_col(ReviewStatus))
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (Index("ix_visit_plans_date_status", "planned_on", "status"),)


class VisitStaff(Base):
    __tablename__ = "visit_staff"
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit_plans.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    lead: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class RepaymentPlan(Versioned, Base):
    __tablename__ = "repayment_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit_plans.id"))
    arrears_amount: Mapped[Decimal]
    grace_months: Mapped[int] = mapped_column(Integer, default=0)
    instalment_count: Mapped[int] = mapped_column(Integer)
    method: Mapped[PlanMethod] = mapped_column(enum_col(PlanMethod))
    first_due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[PlanStatus] = mapped_column(enum_col(PlanStatus), default=PlanStatus.DRAFT,
                                               server_default=PlanStatus.DRAFT.value)
    signed_on: Mapped[date | None] = mapped_column(Date)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # the plan's loans' overdue amount when it took effect (adherence counts the fall)
    overdue_at_start: Mapped[Decimal | None]


class RepaymentPlanLoan(Base):
    __tablename__ = "repayment_plan_loans"
    plan_id: Mapped[int] = mapped_column(ForeignKey("repayment_plans.id", ondelete="CASCADE"),
                                         primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), primary_key=True)


class RepaymentPlanInstalment(Versioned, Base):
    __tablename__ = "repayment_plan_instalments"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("repayment_plans.id", ondelete="CASCADE"),
                                         index=True)
    seq: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    paid_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    paid_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[InstalmentStatus] = mapped_column(enum_col(InstalmentStatus),
                                                     default=InstalmentStatus.DUE,
                                                     server_default=InstalmentStatus.DUE.value)
