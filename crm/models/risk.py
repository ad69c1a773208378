"""Risk rules (data, versioned), score history, alerts and their workflow steps."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.enums import AlertStatus, RiskLevel
from crm.models.base import Base, Timestamps, Versioned, enum_col


class RiskRule(Versioned, Base):
    __tablename__ = "risk_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    indicator: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    severity: Mapped[RiskLevel] = mapped_column(enum_col(RiskLevel))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    reason_template: Mapped[str] = mapped_column(String(255), default="", server_default="")


class RiskRuleSetVersion(Timestamps, Base):
    """A frozen copy of the whole rule set each time it changes; scores name their version."""

    __tablename__ = "risk_rule_set_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RiskScore(Base):
    __tablename__ = "risk_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    computed_at: Mapped[datetime]
    score: Mapped[int] = mapped_column(Integer)
    level: Mapped[RiskLevel] = mapped_column(enum_col(RiskLevel))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rule_set_version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_risk_scores_customer_at", "customer_id", "computed_at"),)


class RiskAlert(Versioned, Base):
    __tablename__ = "risk_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    rule_code: Mapped[str] = mapped_column(String(64))
    level: Mapped[RiskLevel] = mapped_column(enum_col(RiskLevel))
    status: Mapped[AlertStatus] = mapped_column(enum_col(AlertStatus), default=AlertStatus.NEW,
                                                server_default=AlertStatus.NEW.value)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    raised_at: Mapped[datetime]
    respond_by: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    action: Mapped[str | None] = mapped_column(String(32))
    action_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_risk_alerts_status_level", "status", "level"),
                      Index("ix_risk_alerts_customer_rule", "customer_id", "rule_code", "status"))


class RiskAlertEvent(Base):
    """One workflow step of an alert: who, when, to which status, with which note."""

    __tablename__ = "risk_alert_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("risk_alerts.id", ondelete="CASCADE"),
                                          index=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[AlertStatus] = mapped_column(enum_col(AlertStatus))
    action: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


class DistrictRisk(Versioned, Base):
    __tablename__ = "district_risks"
    district: Mapped[str] = mapped_column(String(64), primary_key=True)
    weight: Mapped[int] = mapped_column(Integer, default=0)
