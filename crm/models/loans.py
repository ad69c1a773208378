"""Loans (借据) and their repayment rows."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.enums import FiveTier, LoanStatus, RepaymentKind, RepaymentMethod
from crm.models.base import Base, Timestamps, Versioned, enum_col


class Loan(Versioned, Base):
    __tablename__ = "loans"
    id: Mapped[int] = mapped_column(primary_key=True)
    loan_no: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    product: Mapped[str | None] = mapped_column(String(64))
    principal: Mapped[Decimal | None]
    balance: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    maturity_on: Mapped[date | None] = mapped_column(Date, index=True)
    repayment_method: Mapped[RepaymentMethod | None] = mapped_column(enum_col(RepaymentMethod))
    overdue_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0", index=True)
    overdue_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    five_tier: Mapped[FiveTier | None] = mapped_column(enum_col(FiveTier), index=True)
    # suggested by the risk recompute from overdue days (the bank must confirm the policy)
    suggested_class: Mapped[FiveTier | None] = mapped_column(enum_col(FiveTier))
    class_override: Mapped[FiveTier | None] = mapped_column(enum_col(FiveTier))
    class_override_reason: Mapped[str | None] = mapped_column(Text)
    class_override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    class_override_confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    collateral: Mapped[str | None] = mapped_column(String(255))
    guarantee: Mapped[str | None] = mapped_column(String(255))
    purpose: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[LoanStatus] = mapped_column(enum_col(LoanStatus), default=LoanStatus.ACTIVE,
                                               server_default=LoanStatus.ACTIVE.value)
    source_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))

    __table_args__ = (
        # 报表 (migration 0006): buckets and classes in one ordered walk, and one customer's
        # loans, each from the index alone
        Index("ix_loans_bucket_figures", "overdue_days", "class_override", "five_tier", "status",
              "balance", "overdue_amount"),
        Index("ix_loans_customer_figures", "customer_id", "status", "overdue_days",
              "class_override", "five_tier", "balance", "overdue_amount"),
    )


class Repayment(Timestamps, Base):
    """One instalment due or one payment made."""

    __tablename__ = "repayments"
    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    kind: Mapped[RepaymentKind] = mapped_column(enum_col(RepaymentKind))
    due_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    amount_due: Mapped[Decimal | None]
    amount_paid: Mapped[Decimal | None]
    principal: Mapped[Decimal | None]
    interest: Mapped[Decimal | None]

    __table_args__ = (Index("ix_repayments_loan_due", "loan_id", "due_on"),)
