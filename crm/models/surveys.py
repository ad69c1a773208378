"""Satisfaction survey templates, responses and answers; feedback and remediation cases."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from crm.domain.enums import (
    Adoption, CaseStatus, FeedbackKind, FeedbackStatus, QuestionKind, SurveyChannel,
    SurveyDimension, TemplateStatus,
)
from crm.models.base import Base, Timestamps, Versioned, enum_col


class SurveyTemplate(Versioned, Base):
    __tablename__ = "survey_templates"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(128))
    status: Mapped[TemplateStatus] = mapped_column(enum_col(TemplateStatus),
                                                   default=TemplateStatus.ACTIVE,
                                                   server_default=TemplateStatus.ACTIVE.value)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("survey_templates.id"))
    description: Mapped[str | None] = mapped_column(Text)     # migration 0005
    retired_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("code", "revision"),)


class SurveyQuestion(Versioned, Base):
    __tablename__ = "survey_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_templates.id",
                                                        ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(255))
    dimension: Mapped[SurveyDimension] = mapped_column(enum_col(SurveyDimension))
    kind: Mapped[QuestionKind] = mapped_column(enum_col(QuestionKind))
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class SurveyResponse(Timestamps, Base):
    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_templates.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit_plans.id"))
    channel: Mapped[SurveyChannel] = mapped_column(enum_col(SurveyChannel))
    survey_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    collected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    collected_at: Mapped[datetime] = mapped_column(index=True)
    # migration 0005: figures kept with the response so breakdowns group 1 row per response;
    # manager, branch and segment are as they stood when the survey was taken (plain ids:
    # a snapshot, not a reference that follows the customer)
    month: Mapped[int] = mapped_column(Integer, default=0, server_default="0")   # yyyymm, Beijing
    manager_id: Mapped[int | None] = mapped_column(Integer)
    branch_id: Mapped[int | None] = mapped_column(Integer)
    segment: Mapped[str | None] = mapped_column(String(32))
    nps: Mapped[int | None] = mapped_column(Integer)
    likert_sum: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    likert_n: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    likert_top: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    low: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    positive: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    thanks_note: Mapped[str | None] = mapped_column(Text)     # the thank-you / loyalty action
    thanked_at: Mapped[datetime | None]
    thanked_by: Mapped[int | None] = mapped_column(Integer)
    follow_up_of: Mapped[int | None] = mapped_column(Integer)  # the remediation case it checks

    __table_args__ = (
        # one ordered walk of this covering index gives every breakdown of a period
        Index("ix_survey_responses_rollup", "month", "manager_id", "branch_id", "segment",
              "channel", "template_id", "nps", "likert_sum", "likert_n", "likert_top", "low"),
    )


class SurveyAnswer(Base):
    __tablename__ = "survey_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id",
                                                        ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    score: Mapped[int | None] = mapped_column(Integer)
    choice: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str | None] = mapped_column(Text)
    month: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # the response's

    # per-dimension distributions of a period: an ordered walk of this index, no table rows
    # (partial: only scored answers, 7 in 10 of the default template)
    __table_args__ = (Index("ix_survey_answers_month", "month", "question_id", "score",
                            sqlite_where=sql_text("score IS NOT NULL"),
                            postgresql_where=sql_text("score IS NOT NULL")),)


class SurveyInvitation(Timestamps, Base):
    """A survey code issued before the answers come back (a printed sheet, a follow-up)."""

    __tablename__ = "survey_invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("survey_templates.id"))
    channel: Mapped[SurveyChannel] = mapped_column(enum_col(SurveyChannel))
    issued_at: Mapped[datetime]
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("remediation_cases.id"))


class Feedback(Versioned, Base):
    """A complaint, suggestion or praise, from any channel, with its handling."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[FeedbackKind] = mapped_column(enum_col(FeedbackKind))
    category: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(32))
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[FeedbackStatus] = mapped_column(enum_col(FeedbackStatus),
                                                   default=FeedbackStatus.OPEN,
                                                   server_default=FeedbackStatus.OPEN.value)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolution_satisfaction: Mapped[int | None] = mapped_column(Integer)
    adoption: Mapped[Adoption | None] = mapped_column(enum_col(Adoption))
    adoption_reason: Mapped[str | None] = mapped_column(Text)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"))
    received_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(Integer)     # migration 0005
    decided_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_feedback_status_received", "status", "received_at"),)


class RemediationCase(Versioned, Base):
    """闭环整改: opened by a low score, assigned to the customer's manager."""

    __tablename__ = "remediation_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[CaseStatus] = mapped_column(enum_col(CaseStatus), default=CaseStatus.OPEN,
                                               server_default=CaseStatus.OPEN.value)
    trigger: Mapped[str] = mapped_column(Text, default="", server_default="")
    root_cause: Mapped[str | None] = mapped_column(Text)
    action_taken: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    closed_at: Mapped[datetime | None]
    # migration 0005
    feedback_id: Mapped[int | None] = mapped_column(Integer)   # the complaint that opened it
    escalated_to: Mapped[int | None] = mapped_column(Integer)  # the supervisor
    escalated_at: Mapped[datetime | None]
    closed_by: Mapped[int | None] = mapped_column(Integer)
    follow_up_task_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_remediation_cases_status_due", "status", "due_on"),)
