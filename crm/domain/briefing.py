"""Frozen records a briefing sheet and a pack cover are printed from (built by
crm.queries.briefing; already masked as the sheet must show them), and the route length."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from crm.domain.enums import (
    ContactChannel, ContactOutcome, FiveTier, Gender, PromiseStatus, RiskLevel, VisitPurpose,
    VisitStatus,
)

# the preparation checklist of a visit plan (issue 6), in the order it is printed
CHECKLIST = ("已核实基本信息", "已查看逾期记录", "已了解家庭状况", "已准备还款方案",
             "已打印走访资料", "已告知主管行程")


@dataclass(frozen=True)
class BranchHeader:
    bank_name: str
    branch_name: str
    emergency_contact: str = ""


@dataclass(frozen=True)
class VisitSlot:
    """The planned visit the sheet is for (None fields print as lines to fill in)."""

    visit_id: int | None
    planned_on: date | None
    window_start: time | None
    window_end: time | None
    purpose: VisitPurpose | None
    status: VisitStatus | None
    staff: tuple[str, ...]            # display names, lead first
    checklist: tuple[tuple[str, bool], ...]
    notes: str = ""
    route_order: int | None = None


@dataclass(frozen=True)
class BriefLoan:
    loan_no: str
    product: str
    principal: Decimal | None
    balance: Decimal
    overdue_days: int
    overdue_amount: Decimal
    five_tier: FiveTier | None
    maturity_on: date | None


@dataclass(frozen=True)
class BriefContact:
    contacted_at: datetime
    channel: ContactChannel
    outcome: ContactOutcome
    summary: str
    user_name: str


@dataclass(frozen=True)
class BriefPromise:
    promise_date: date | None
    amount: Decimal | None
    status: PromiseStatus
    made_at: datetime


@dataclass(frozen=True)
class BriefLastVisit:
    planned_on: date
    status: VisitStatus
    met_customer: bool | None
    staff: tuple[str, ...]
    situation: str
    reason_codes: tuple[str, ...]
    findings: str
    agreed_actions: str
    willingness: int | None
    ability: int | None
    safety_incident: bool
    safety_note: str


@dataclass(frozen=True)
class BriefingRecord:
    """Everything one 客户走访简报 shows. Sensitive fields are as they should print."""

    customer_id: int
    name: str
    id_masked: str                  # 前6后4, always masked on paper
    id_last4: str
    phone: str                      # 前3后4, or in full when revealed
    phone_revealed: bool
    address: str
    district: str
    gender: Gender | None
    age: int | None
    occupation: str
    employer: str
    owner_name: str
    segment: str
    risk_level: RiskLevel | None
    risk_score: int | None
    risk_reasons: tuple[str, ...]   # top reasons, empty when not scored
    risk_scored: bool
    family_situation: str
    monthly_income: Decimal | None
    total_balance: Decimal
    overdue_amount: Decimal
    max_overdue_days: int
    worst_class: FiveTier | None
    loans: tuple[BriefLoan, ...]
    contacts: tuple[BriefContact, ...]      # the last five, newest first
    open_promises: tuple[BriefPromise, ...]
    broken_promises: tuple[BriefPromise, ...]
    last_visit: BriefLastVisit | None
    difficulties: tuple[str, ...]           # reason codes and hardship notes on file
    visit: VisitSlot | None
    branch: BranchHeader
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class PackStop:
    """One line of a pack's cover and of its summary table."""

    seq: int
    customer_id: int
    name: str
    address: str        # masked
    district: str
    phone: str          # masked
    window_start: time | None = None
    window_end: time | None = None
    purpose: VisitPurpose | None = None
    visit_id: int | None = None
    overdue_days: int = 0
    overdue_amount: Decimal = Decimal("0")
    latitude: float | None = None
    longitude: float | None = None


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def route_km(stops: list[PackStop]) -> float | None:
    """The length of the route through the stops that have coordinates, in visit order;
    None when fewer than two have them."""
    points = [(s.latitude, s.longitude) for s in stops
              if s.latitude is not None and s.longitude is not None]
    if len(points) < 2:
        return None
    return sum(km_between(a, b) for a, b in zip(points, points[1:]))  # type: ignore[arg-type]
