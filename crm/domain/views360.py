"""Frozen records of the customer workspace: 360 tabs, contacts, tasks, Today, attachments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, FeedbackKind,
    FeedbackStatus, FiveTier, LoanStatus, PromiseStatus, RepaymentKind, RepaymentMethod,
    ReviewStatus, SurveyChannel, TaskKind, TaskStatus, VisitPurpose, VisitStatus,
)


# ---- contacts and promises -------------------------------------------------------------

@dataclass(frozen=True)
class ContactView:
    """One entry of the 联系记录 timeline, with its promise and any compliance override."""

    id: int
    customer_id: int
    loan_id: int | None
    loan_no: str
    user_id: int | None
    user_name: str
    channel: ContactChannel
    direction: ContactDirection
    party: ContactParty
    party_name: str
    contacted_at: datetime
    outcome: ContactOutcome
    summary: str
    promise_amount: Decimal | None
    promise_date: date | None
    promise_status: PromiseStatus | None
    next_follow_up_on: date | None
    compliance_note: str
    override_by: int | None
    override_by_name: str
    version: int
    follow_up_task_id: int | None = None


@dataclass(frozen=True)
class PartyView:
    """A person on file, for the party picker of the contact dialog."""

    id: int
    relation: ContactParty
    name: str
    authorised: bool
    may_discuss_debt: bool


@dataclass(frozen=True)
class OverrideView:
    """A compliance override, as the supervisor reviews it."""

    event_id: int
    occurred_at: datetime
    actor_name: str
    customer_id: int | None
    customer_name: str
    contact_id: int | None
    rules: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PromiseSettlement:
    kept: int = 0
    broken: int = 0
    tasks_created: int = 0


# ---- tasks and Today -------------------------------------------------------------------

@dataclass(frozen=True)
class TaskView:
    id: int
    kind: TaskKind
    title: str
    customer_id: int | None
    customer_name: str
    owner_id: int | None
    owner_name: str
    due_on: date
    snoozed_until: date | None
    status: TaskStatus
    done_at: datetime | None
    note: str
    version: int

    @property
    def effective_due(self) -> date:
        return self.snoozed_until or self.due_on


@dataclass(frozen=True)
class TodayRow:
    """One line of 今日工作; opening it opens the customer (and task_id acts on the task)."""

    customer_id: int | None
    customer_name: str
    what: str
    due_on: date | None
    source: str  # "task", "promise", "visit", "alert", "remediation"
    ref_id: int
    task_id: int | None = None
    owner_name: str = ""


@dataclass(frozen=True)
class TodaySection:
    count: int
    rows: tuple[TodayRow, ...]


@dataclass(frozen=True)
class TodaySummary:
    today: date
    follow_ups_due: TodaySection
    follow_ups_overdue: TodaySection
    promises_due: TodaySection
    promises_broken: TodaySection
    visits_today: TodaySection
    open_alerts: TodaySection
    surveys_due: TodaySection

    @property
    def due_count(self) -> int:
        """The navigation badge: work due by today (see tasks.due_count)."""
        return (self.follow_ups_due.count + self.follow_ups_overdue.count
                + self.promises_due.count)


# ---- attachments -----------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentView:
    id: int
    customer_id: int | None
    visit_id: int | None
    file_name: str
    mime_type: str
    size: int
    sha256: str
    description: str
    uploaded_by: int | None
    uploaded_by_name: str
    created_at: datetime


@dataclass(frozen=True)
class DocumentContent:
    """The bytes of one attachment, to hand to the system viewer."""

    id: int
    file_name: str
    mime_type: str
    sha256: str
    data: bytes


# ---- customer 360 tabs -----------------------------------------------------------------

@dataclass(frozen=True)
class RepaymentView:
    id: int
    kind: RepaymentKind
    due_on: date | None
    paid_on: date | None
    amount_due: Decimal | None
    amount_paid: Decimal | None
    principal: Decimal | None
    interest: Decimal | None


@dataclass(frozen=True)
class LoanView:
    id: int
    loan_no: str
    product: str
    principal: Decimal | None
    balance: Decimal
    rate: Decimal | None
    disbursed_on: date | None
    maturity_on: date | None
    repayment_method: RepaymentMethod | None
    overdue_days: int
    overdue_amount: Decimal
    five_tier: FiveTier | None
    class_override: FiveTier | None
    collateral: str
    guarantee: str
    purpose: str
    status: LoanStatus
    repayments: tuple[RepaymentView, ...]

    @property
    def effective_class(self) -> FiveTier | None:
        return self.class_override or self.five_tier


@dataclass(frozen=True)
class FinancialPoint:
    """Figures at one date (as_of None: the customer's current values).

    `drops` names the metrics (monthly_income, assets, credit_score) that fell by at least
    the threshold since the previous point; the chart marks them.
    """

    as_of: date | None
    monthly_income: Decimal | None
    assets: Decimal | None
    liabilities: Decimal | None
    credit_score: int | None
    overdue_amount: Decimal | None
    source: str
    drops: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FinancialHistory:
    points: tuple[FinancialPoint, ...]  # oldest first, snapshots then the current values
    current: FinancialPoint


@dataclass(frozen=True)
class FeedbackView:
    id: int
    kind: FeedbackKind
    category: str
    content: str
    channel: str
    status: FeedbackStatus
    received_at: datetime
    due_on: date | None
    assignee_name: str
    resolution: str


@dataclass(frozen=True)
class VisitView:
    id: int
    planned_on: date
    purpose: VisitPurpose
    status: VisitStatus
    staff_names: tuple[str, ...]
    met_customer: bool | None
    findings: str
    agreed_actions: str
    visited_at: datetime | None
    review_status: ReviewStatus | None


@dataclass(frozen=True)
class SurveyScore:
    question: str
    score: int | None
    text: str
    likert: bool = False  # a 1-5 satisfaction score, counted in the average


@dataclass(frozen=True)
class SurveyView:
    id: int
    template_name: str
    channel: SurveyChannel
    collected_at: datetime
    collected_by_name: str
    average_score: Decimal | None
    answers: tuple[SurveyScore, ...]

