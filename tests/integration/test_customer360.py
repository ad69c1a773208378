"""The customer 360 tabs' read side: loans with repayments, financial history, trail, visits."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from crm.domain.enums import (
    FeedbackKind, FiveTier, QuestionKind, RepaymentKind, Role, SurveyChannel, SurveyDimension,
    VisitPurpose, VisitStatus,
)
from crm.domain.errors import NotFoundError
from crm.models import (
    Customer, Feedback, FinancialSnapshot, Loan, Repayment, SurveyAnswer, SurveyQuestion,
    SurveyResponse, SurveyTemplate, VisitPlan, VisitStaff,
)
from crm.queries.customer360 import (
    customer_audit, customer_feedback, customer_loans, customer_surveys, customer_visits,
    financial_history,
)
from crm.services.customers import CustomerEdit, update_customer
from tests import factories

AT = datetime(2024, 6, 1, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def profile(db):
    west = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, west, "王经理")
    zhao = factories.user(db, "zhao", Role.MANAGER, west, "赵经理")
    cid = factories.customer(db, "王一", wang)
    with db.sessions() as s:
        old = Loan(loan_no="L-OLD", customer_id=cid, balance=Decimal("0"),
                   disbursed_on=date(2020, 1, 1), five_tier=FiveTier.NORMAL)
        new = Loan(loan_no="L-NEW", customer_id=cid, balance=Decimal("50000"),
                   disbursed_on=date(2023, 1, 1), overdue_days=45,
                   overdue_amount=Decimal("3000"), five_tier=FiveTier.SPECIAL_MENTION,
                   class_override=FiveTier.SUBSTANDARD)
        s.add_all([old, new])
        s.flush()
        s.add_all([
            Repayment(loan_id=new.id, kind=RepaymentKind.INSTALMENT, due_on=date(2024, 5, 1),
                      amount_due=Decimal("1500")),
            Repayment(loan_id=new.id, kind=RepaymentKind.PAYMENT, paid_on=date(2024, 4, 3),
                      amount_paid=Decimal("1500")),
            Repayment(loan_id=new.id, kind=RepaymentKind.INSTALMENT, due_on=date(2024, 4, 1),
                      amount_due=Decimal("1500")),
        ])
        s.commit()
    return db, {"wang": wang, "zhao": zhao}, cid


def test_loans_come_newest_first_with_their_repayment_history(profile):
    db, who, cid = profile
    with db.sessions() as s:
        loans = customer_loans(s, who["wang"], cid)
    assert [ln.loan_no for ln in loans] == ["L-NEW", "L-OLD"]
    new = loans[0]
    assert new.effective_class is FiveTier.SUBSTANDARD and new.overdue_amount == Decimal("3000")
    assert [(r.kind, r.due_on or r.paid_on) for r in new.repayments] == [
        (RepaymentKind.INSTALMENT, date(2024, 4, 1)), (RepaymentKind.PAYMENT, date(2024, 4, 3)),
        (RepaymentKind.INSTALMENT, date(2024, 5, 1))]
    assert loans[1].repayments == ()


def test_financial_history_flags_drops(profile):
    db, who, cid = profile
    with db.sessions() as s:
        s.add_all([
            FinancialSnapshot(customer_id=cid, as_of=date(2024, 1, 1),
                              monthly_income=Decimal("10000"), assets=Decimal("500000"),
                              credit_score=720),
            FinancialSnapshot(customer_id=cid, as_of=date(2024, 3, 1),
                              monthly_income=Decimal("9500"), assets=Decimal("300000"),
                              credit_score=700),
        ])
        s.get(Customer, cid).credit_score = 600
        s.commit()
        history = financial_history(s, who["wang"], cid)
    assert [p.as_of for p in history.points] == [date(2024, 1, 1), date(2024, 3, 1), None]
    assert history.points[0].drops == frozenset()
    assert history.points[1].drops == {"assets"}  # income fell 5%: not flagged
    # current: income 8000 (from the factory) vs 9500 is a 15.8% fall; credit 700 -> 600
    assert history.current.drops == {"monthly_income", "credit_score"}
    assert history.current.source == "current" and history.current.monthly_income == 8000


def test_the_audit_trail_and_other_tabs_are_scoped(profile):
    db, who, cid = profile
    with db.uow(who["wang"]) as uow:
        update_customer(uow, who["wang"], cid, 1, CustomerEdit(occupation="个体工商户"))
        uow.commit()
    with db.sessions() as s:
        trail = customer_audit(s, who["wang"], cid)
        assert trail[0].action == "update" and trail[0].after == {"occupation": "个体工商户"}
        for read in (customer_loans, financial_history, customer_audit, customer_feedback,
                     customer_visits, customer_surveys):
            with pytest.raises(NotFoundError):
                read(s, who["zhao"], cid)


def test_feedback_visits_and_surveys(profile):
    db, who, cid = profile
    with db.sessions() as s:
        s.add(Feedback(customer_id=cid, kind=FeedbackKind.COMPLAINT, content="催收电话太频繁",
                       received_at=AT, assignee_id=who["wang"].user_id))
        visit = VisitPlan(customer_id=cid, planned_on=date(2024, 6, 3),
                          purpose=VisitPurpose.NEGOTIATE, status=VisitStatus.VISITED,
                          findings="家中有病人，收入下降")
        template = SurveyTemplate(code="SAT", name="满意度问卷")
        s.add_all([visit, template])
        s.flush()
        s.add_all([VisitStaff(visit_id=visit.id, user_id=who["zhao"].user_id),
                   VisitStaff(visit_id=visit.id, user_id=who["wang"].user_id, lead=True)])
        q1 = SurveyQuestion(template_id=template.id, seq=1, text="服务效率",
                            dimension=SurveyDimension.EFFICIENCY, kind=QuestionKind.LIKERT5)
        q2 = SurveyQuestion(template_id=template.id, seq=2, text="员工态度",
                            dimension=SurveyDimension.ATTITUDE, kind=QuestionKind.LIKERT5)
        q3 = SurveyQuestion(template_id=template.id, seq=3, text="推荐意愿",
                            dimension=SurveyDimension.NPS, kind=QuestionKind.SCALE10)
        response = SurveyResponse(template_id=template.id, customer_id=cid,
                                  channel=SurveyChannel.PHONE, collected_at=AT,
                                  collected_by=who["wang"].user_id)
        s.add_all([q1, q2, q3, response])
        s.flush()
        s.add_all([SurveyAnswer(response_id=response.id, question_id=q2.id, score=4),
                   SurveyAnswer(response_id=response.id, question_id=q1.id, score=3),
                   SurveyAnswer(response_id=response.id, question_id=q3.id, score=9)])
        s.commit()
        [fb] = customer_feedback(s, who["wang"], cid)
        [v] = customer_visits(s, who["wang"], cid)
        [sv] = customer_surveys(s, who["wang"], cid)
    assert fb.kind is FeedbackKind.COMPLAINT and fb.assignee_name == "王经理"
    assert v.staff_names == ("王经理", "赵经理") and v.findings.startswith("家中有病人")
    assert sv.template_name == "满意度问卷" and sv.collected_by_name == "王经理"
    assert [a.question for a in sv.answers] == ["服务效率", "员工态度", "推荐意愿"]
    assert sv.average_score == Decimal("3.50")  # the 0-10 score is not mixed in
