"""Frozen records the services return: widgets never touch ORM objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Generic, TypeVar

from crm.domain.enums import (
    ChecklistItem, FiveTier, Gender, InstalmentStatus, PlanMethod, PlanStatus, ReviewStatus,
    RiskLevel, Role, VisitPurpose, VisitReason, VisitStatus,
)

T = TypeVar("T")


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: Role
    branch_id: int | None
    branch_name: str
    active: bool
    locked_until: datetime | None
    version: int


@dataclass(frozen=True)
class UserDraft:
    username: str
    display_name: str
    role: Role
    password: str
    branch_code: str | None = None


@dataclass(frozen=True)
class BranchView:
    id: int
    code: str
    name: str
    bank_name: str


@dataclass(frozen=True)
class CustomerView:
    """One customer; sensitive fields are masked unless `revealed`."""

    id: int
    name: str
    id_number: str
    gender: Gender | None
    birth_date: date | None
    phone: str
    phone_valid: bool
    address: str
    district: str
    occupation: str
    employer: str
    monthly_income: Decimal | None
    assets: Decimal | None
    liabilities: Decimal | None
    credit_score: int | None
    family_situation: str
    owner_id: int | None
    owner_name: str
    branch_id: int | None
    segment: str
    risk_level: RiskLevel | None
    worst_class: FiveTier | None
    total_balance: Decimal
    overdue_amount: Decimal
    max_overdue_days: int
    consent_scope: str
    consent_at: datetime | None
    version: int
    revealed: bool = False


@dataclass(frozen=True)
class CustomerRow:
    """A row of the customer list."""

    id: int
    name: str
    id_masked: str
    phone_masked: str
    district: str
    owner_name: str
    segment: str
    risk_level: RiskLevel | None
    worst_class: FiveTier | None
    total_balance: Decimal
    max_overdue_days: int
    overdue_amount: Decimal
    last_contact_at: datetime | None
    next_follow_up: date | None


@dataclass(frozen=True)
class AuditEventView:
    id: int
    occurred_at: datetime
    actor_name: str
    action: str
    entity: str | None
    entity_id: str | None
    customer_id: int | None
    summary: str
    before: dict[str, Any] | None = field(default=None)
    after: dict[str, Any] | None = field(default=None)
    host: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int | None = None


# ---- visits (crm.services.visits, crm.queries.visits) -------------------------------------

@dataclass(frozen=True)
class VisitStaffView:
    user_id: int
    name: str
    lead: bool


@dataclass(frozen=True)
class NextSteps:
    """What a visit agreed; the ids say what the outcome wrote for it."""

    promise_amount: Decimal | None = None
    promise_date: date | None = None
    plan_wanted: bool = False          # draw up a negotiated repayment plan
    next_visit_on: date | None = None
    follow_up_call_on: date | None = None
    contact_id: int | None = None
    task_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class VisitPlanView:
    """One visit plan with its outcome and review; the address is masked."""

    id: int
    customer_id: int
    customer_name: str
    district: str
    address_masked: str
    planned_on: date
    window_start: time | None
    window_end: time | None
    purpose: VisitPurpose
    status: VisitStatus
    staff: tuple[VisitStaffView, ...]
    notes: str
    checklist: frozenset[ChecklistItem]
    appointment_at: datetime | None
    appointment_contact_id: int | None
    route_order: int | None
    two_person_override: str
    cancel_reason: str
    met_customer: bool | None
    present: str
    situation: str
    reason_codes: tuple[VisitReason, ...]
    willingness: int | None
    ability: int | None
    findings: str
    agreed_actions: str
    next_steps: NextSteps
    safety_incident: bool
    safety_note: str
    visited_at: datetime | None
    overdue_at_visit: Decimal | None
    review_status: ReviewStatus | None
    review_comment: str
    reviewer_name: str
    reviewed_at: datetime | None
    version: int

    @property
    def staff_names(self) -> str:
        return "、".join(s.name for s in self.staff)

    @property
    def window_text(self) -> str:
        if self.window_start and self.window_end:
            return f"{self.window_start:%H:%M}–{self.window_end:%H:%M}"
        return f"{self.window_start:%H:%M}" if self.window_start else "时间待定"


@dataclass(frozen=True)
class RepaymentInstalmentView:
    id: int
    seq: int
    due_on: date
    amount: Decimal
    paid_amount: Decimal
    paid_on: date | None
    status: InstalmentStatus


@dataclass(frozen=True)
class RepaymentPlanView:
    id: int
    customer_id: int
    customer_name: str
    visit_id: int | None
    loan_ids: tuple[int, ...]
    loan_nos: tuple[str, ...]
    arrears_amount: Decimal
    grace_months: int
    instalment_count: int
    method: PlanMethod
    first_due_on: date
    status: PlanStatus
    signed_on: date | None
    approved_by_name: str
    approved_at: datetime | None
    created_by_name: str
    note: str
    instalments: tuple[RepaymentInstalmentView, ...]
    version: int

    @property
    def paid_total(self) -> Decimal:
        return sum((i.paid_amount for i in self.instalments), Decimal("0"))

