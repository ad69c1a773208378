"""Customers, their related parties and their dated financial snapshots."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.enums import ContactParty, FiveTier, Gender, RiskLevel
from crm.models.base import Base, Timestamps, Versioned, enum_col


class Customer(Versioned, Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    # search keys, written with the name (pypinyin), and the last digits for "last 4" search
    name_pinyin: Mapped[str] = mapped_column(String(128), default="", server_default="")
    name_initials: Mapped[str] = mapped_column(String(32), default="", server_default="")
    id_last4: Mapped[str] = mapped_column(String(4), default="", server_default="", index=True)
    gender: Mapped[Gender | None] = mapped_column(enum_col(Gender, 1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(32))
    phone_valid: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    phone_last4: Mapped[str] = mapped_column(String(4), default="", server_default="", index=True)
    phone2: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(255))
    district: Mapped[str | None] = mapped_column(String(64))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    occupation: Mapped[str | None] = mapped_column(String(64))
    employer: Mapped[str | None] = mapped_column(String(128))
    monthly_income: Mapped[Decimal | None]
    assets: Mapped[Decimal | None]
    liabilities: Mapped[Decimal | None]
    credit_score: Mapped[int | None] = mapped_column(Integer)
    family_situation: Mapped[str | None] = mapped_column(Text)
    preferences: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    consent_scope: Mapped[str | None] = mapped_column(String(255))
    consent_at: Mapped[datetime | None]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"), index=True)
    segment: Mapped[str | None] = mapped_column(String(32))
    risk_score: Mapped[int | None] = mapped_column(Integer)
    risk_level: Mapped[RiskLevel | None] = mapped_column(enum_col(RiskLevel))
    risk_rule_version: Mapped[int | None] = mapped_column(Integer)
    # the rules that fired at the last recompute: [{code, points, severity, text, name}]
    risk_reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    # a digest of what the last recompute read for this customer: a recompute that finds the
    # same skips the rules (crm.services.risk; migration 0007)
    risk_inputs: Mapped[str | None] = mapped_column(String(16))
    # loan and contact summary kept in step by the services, so the million-row list
    # filters and sorts on indexed columns instead of aggregating per row
    total_balance: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    overdue_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    max_overdue_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    worst_class: Mapped[FiveTier | None] = mapped_column(enum_col(FiveTier))
    last_contact_at: Mapped[datetime | None]
    next_follow_up: Mapped[date | None] = mapped_column(Date)
    source_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))

    __table_args__ = (
        # the list sorts on these: (column, id) makes each keyset page one index seek
        *(Index(f"ix_customers_{c}_id", c, "id") for c in (
            "name", "district", "segment", "risk_level", "worst_class", "total_balance",
            "overdue_amount", "max_overdue_days", "last_contact_at", "next_follow_up",
            "owner_id")),
        # a manager's / a branch's default list; the trailing columns let its usual filters
        # (bucket, no contact, district, segment) and a search be tested on the index entries
        *(Index(f"ix_customers_{scope}_overdue", f"{scope}_id", "overdue_amount", "id",
                "max_overdue_days", "last_contact_at", "name_initials", "name_pinyin", "name",
                "district", "segment")
          for scope in ("owner", "branch")),
        # prefix search (LIKE 'zhangs%'): PostgreSQL needs the pattern operator class, and
        # the id to answer from the index alone
        *(Index(f"ix_customers_{c}", c, "id", postgresql_ops={c: "text_pattern_ops"})
          for c in ("name_pinyin", "name_initials")),
        # 报表 (migration 0006): the per-manager book, "is this row's customer in the filter",
        # customers by risk level, each from the index alone
        Index("ix_customers_branch_owner", "branch_id", "owner_id", "max_overdue_days",
              "overdue_amount"),
        Index("ix_customers_id_scope", "id", "branch_id", "owner_id"),
        Index("ix_customers_level_scope", "risk_level", "branch_id", "owner_id"),
    )


class CustomerParty(Versioned, Base):
    """People on file for a customer: spouse, co-borrower, guarantor, authorised contact."""

    __tablename__ = "customer_parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"),
                                             index=True)
    relation: Mapped[ContactParty] = mapped_column(enum_col(ContactParty))
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(32))
    authorised: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class FinancialSnapshot(Timestamps, Base):
    """Dated income/assets/liabilities/credit and overdue figures, so drops can be detected."""

    __tablename__ = "financial_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    as_of: Mapped[date] = mapped_column(Date)
    monthly_income: Mapped[Decimal | None]
    assets: Mapped[Decimal | None]
    liabilities: Mapped[Decimal | None]
    credit_score: Mapped[int | None] = mapped_column(Integer)
    overdue_amount: Mapped[Decimal | None]
    max_overdue_days: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="manual", server_default="manual")

    __table_args__ = (Index("ix_financial_snapshots_customer_as_of", "customer_id", "as_of"),)
