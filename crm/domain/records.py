"""Frozen records the services return: widgets never touch ORM objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from crm.domain.enums import FiveTier, Gender, RiskLevel, Role

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
