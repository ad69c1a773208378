"""Read side of the customer 360 page's tabs, each inside the actor's data scope."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.domain.actors import Actor
from crm.domain.enums import QuestionKind
from crm.domain.records import AuditEventView
from crm.domain.views360 import (
    FeedbackView, FinancialHistory, FinancialPoint, LoanView, RepaymentView, SurveyScore,
    SurveyView, VisitView,
)
from crm.models import (
    Feedback, FinancialSnapshot, Loan, Repayment, SurveyAnswer, SurveyQuestion, SurveyResponse,
    SurveyTemplate, User, VisitPlan, VisitStaff,
)
from crm.queries.audit import AuditFilter, audit_page
from crm.queries.customers import scoped_customer

# a fall of at least this share since the previous point is flagged on the chart
DROP_RATIO = Decimal("0.10")
_DROP_METRICS = ("monthly_income", "assets", "credit_score")


def customer_loans(session: Session, actor: Actor, customer_id: int) -> list[LoanView]:
    """Each loan, newest first, with its repayment history (by due or paid date)."""
    scoped_customer(session, actor, customer_id)
    loans = session.scalars(select(Loan).where(Loan.customer_id == customer_id)
                            .order_by(Loan.disbursed_on.desc().nulls_last(), Loan.id.desc())).all()
    history: dict[int, list[RepaymentView]] = defaultdict(list)
    if loans:
        rows = session.scalars(
            select(Repayment).where(Repayment.loan_id.in_([ln.id for ln in loans]))
            .order_by(func.coalesce(Repayment.due_on, Repayment.paid_on), Repayment.id))
        for r in rows:
            history[r.loan_id].append(RepaymentView(r.id, r.kind, r.due_on, r.paid_on,
                                                    r.amount_due, r.amount_paid, r.principal,
                                                    r.interest))
    return [LoanView(
        ln.id, ln.loan_no, ln.product or "", ln.principal, ln.balance, ln.rate, ln.disbursed_on,
        ln.maturity_on, ln.repayment_method, ln.overdue_days, ln.overdue_amount, ln.five_tier,
        ln.class_override, ln.collateral or "", ln.guarantee or "", ln.purpose or "", ln.status,
        tuple(history[ln.id])) for ln in loans]


def _dropped(before: Decimal | int | None, after: Decimal | int | None,
             ratio: Decimal) -> bool:
    if before is None or after is None or before <= 0:
        return False
    return Decimal(before - after) >= Decimal(before) * ratio


def _with_drops(point: FinancialPoint, previous: FinancialPoint | None,
                ratio: Decimal) -> FinancialPoint:
    if previous is None:
        return point
    drops = frozenset(m for m in _DROP_METRICS
                      if _dropped(getattr(previous, m), getattr(point, m), ratio))
    return FinancialPoint(point.as_of, point.monthly_income, point.assets, point.liabilities,
                          point.credit_score, point.overdue_amount, point.source, drops)


def financial_history(session: Session, actor: Actor, customer_id: int,
                      drop_ratio: Decimal = DROP_RATIO) -> FinancialHistory:
    """Dated snapshots, oldest first, then the current figures; falls flagged in `drops`."""
    c = scoped_customer(session, actor, customer_id)
    snaps = session.scalars(select(FinancialSnapshot)
                            .where(FinancialSnapshot.customer_id == customer_id)
                            .order_by(FinancialSnapshot.as_of, FinancialSnapshot.id))
    raw = [FinancialPoint(s.as_of, s.monthly_income, s.assets, s.liabilities, s.credit_score,
                          s.overdue_amount, s.source) for s in snaps]
    raw.append(FinancialPoint(None, c.monthly_income, c.assets, c.liabilities, c.credit_score,
                              c.overdue_amount, "current"))
    points: list[FinancialPoint] = []
    for p in raw:
        points.append(_with_drops(p, points[-1] if points else None, drop_ratio))
    return FinancialHistory(tuple(points), points[-1])


def customer_audit(session: Session, actor: Actor, customer_id: int,
                   before_id: int | None = None, limit: int = 200) -> list[AuditEventView]:
    """变更记录: this customer's audit trail, newest first (keyset-paged on id)."""
    scoped_customer(session, actor, customer_id)
    return audit_page(session, actor, AuditFilter(customer_id=customer_id), before_id,
                      limit).rows


def customer_feedback(session: Session, actor: Actor, customer_id: int) -> list[FeedbackView]:
    scoped_customer(session, actor, customer_id)
    rows = session.execute(select(Feedback, User.display_name)
                           .outerjoin(User, User.id == Feedback.assignee_id)
                           .where(Feedback.customer_id == customer_id)
                           .order_by(Feedback.received_at.desc(), Feedback.id.desc()))
    return [FeedbackView(f.id, f.kind, f.category or "", f.content, f.channel or "", f.status,
                         f.received_at, f.due_on, assignee or "", f.resolution or "")
            for f, assignee in rows]


def customer_visits(session: Session, actor: Actor, customer_id: int) -> list[VisitView]:
    scoped_customer(session, actor, customer_id)
    visits = session.scalars(select(VisitPlan).where(VisitPlan.customer_id == customer_id)
                             .order_by(VisitPlan.planned_on.desc(), VisitPlan.id.desc())).all()
    staff: dict[int, list[str]] = defaultdict(list)
    if visits:
        rows = session.execute(select(VisitStaff.visit_id, User.display_name)
                               .join(User, User.id == VisitStaff.user_id)
                               .where(VisitStaff.visit_id.in_([v.id for v in visits]))
                               .order_by(VisitStaff.visit_id, VisitStaff.lead.desc(), User.id))
        for visit_id, name in rows:
            staff[visit_id].append(name)
    return [VisitView(v.id, v.planned_on, v.purpose, v.status, tuple(staff[v.id]),
                      v.met_customer, v.findings or "", v.agreed_actions or "", v.visited_at,
                      v.review_status) for v in visits]


def customer_surveys(session: Session, actor: Actor, customer_id: int) -> list[SurveyView]:
    """Survey answers, newest first; the average is over the 1-5 satisfaction answers
    (a 0-10 recommendation score is shown but not mixed into it)."""
    scoped_customer(session, actor, customer_id)
    responses = session.execute(
        select(SurveyResponse, SurveyTemplate.name, User.display_name)
        .join(SurveyTemplate, SurveyTemplate.id == SurveyResponse.template_id)
        .outerjoin(User, User.id == SurveyResponse.collected_by)
        .where(SurveyResponse.customer_id == customer_id)
        .order_by(SurveyResponse.collected_at.desc(), SurveyResponse.id.desc())).all()
    answers: dict[int, list[SurveyScore]] = defaultdict(list)
    if responses:
        rows = session.execute(
            select(SurveyAnswer, SurveyQuestion.text, SurveyQuestion.kind)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .where(SurveyAnswer.response_id.in_([r.id for r, _, _ in responses]))
            .order_by(SurveyAnswer.response_id, SurveyQuestion.seq, SurveyAnswer.id))
        for a, question, kind in rows:
            answers[a.response_id].append(SurveyScore(question, a.score,
                                                      a.text or a.choice or "",
                                                      kind is QuestionKind.LIKERT5))
    return [SurveyView(r.id, template, r.channel, r.collected_at, collector or "",
                       _average(answers[r.id]), tuple(answers[r.id]))
            for r, template, collector in responses]


def _average(scores: list[SurveyScore]) -> Decimal | None:
    values = [s.score for s in scores if s.score is not None and s.likert]
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))


__all__ = ["customer_audit", "customer_feedback", "customer_loans", "customer_surveys",
           "customer_visits", "financial_history"]
