"""Demo data: realistic, internally consistent, one transaction; on SQLite and PostgreSQL."""
from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from datetime import date, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm.domain.classification import suggested_five_tier
from crm.domain.actors import Actor
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import (
    CaseStatus, FiveTier, Gender, LoanStatus, PromiseStatus, QuestionKind, Role, SurveyDimension, TaskStatus,
)
from crm.domain.errors import UserError
from crm.domain.identity import age_on, parse_id_number, parse_phone
from crm.domain.pinyin import name_keys
from crm.models import (
    AuditEvent, Branch, ContactRecord, Customer, Feedback, FinancialSnapshot, Loan,
    RemediationCase, SurveyAnswer,
    SurveyQuestion, SurveyResponse, SurveyTemplate, Task, User, VisitPlan, VisitStaff,
)
from crm.domain.surveys import AnswerInput, QuestionDef, summarise
from crm.persistence.engine import connect
from crm.queries.surveys import AnalysisFilter, survey_analysis
from crm.persistence.search_index import name_fragment_ids, search_index_live
from crm.services.auth import sign_in
from crm.services.demo import (
    BRANCH_CODE, DEMO_ACCOUNTS, database_is_empty, load_default_template, seed_demo,
)
from tests import factories

TODAY = date(2026, 3, 16)
N = 300
HANGZHOU = {"西湖区", "拱墅区", "上城区", "滨江区", "余杭区", "萧山区", "临平区", "钱塘区", "富阳区",
            "临安区"}


@pytest.fixture
def seeded(db):
    assert database_is_empty(db)
    summary = seed_demo(db, N, seed=7, today=TODAY)
    return db, summary


def count(db, model) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_counts_agree_with_the_summary(seeded):
    db, s = seeded
    assert not database_is_empty(db)
    assert (s.customers, s.accounts) == (N, len(DEMO_ACCOUNTS))
    assert count(db, Customer) == N and count(db, User) == len(DEMO_ACCOUNTS)
    assert count(db, Loan) == s.loans and 1.15 * N <= s.loans <= 1.45 * N
    assert count(db, ContactRecord) == s.contacts > 0
    assert count(db, VisitPlan) == s.visits > 0
    assert count(db, SurveyResponse) == s.responses and 0.05 * N <= s.responses <= 0.2 * N
    assert count(db, Feedback) == s.feedback > 0
    assert count(db, Task) == s.tasks > 0
    assert count(db, FinancialSnapshot) > 0


def test_customer_summary_columns_equal_their_loans_and_contacts(seeded):
    db, _ = seeded
    with db.sessions() as s:
        sums = {cid: (bal, due, days) for cid, bal, due, days in s.execute(
            select(Loan.customer_id, func.sum(Loan.balance), func.sum(Loan.overdue_amount),
                   func.max(Loan.overdue_days)).group_by(Loan.customer_id))}
        worst: dict[int, FiveTier] = {}
        for cid, tier in s.execute(select(Loan.customer_id, Loan.five_tier)):
            if cid not in worst or tier.rank > worst[cid].rank:
                worst[cid] = tier
        last: dict[int, tuple] = {}
        for cid, at, follow in s.execute(
                select(ContactRecord.customer_id, ContactRecord.contacted_at,
                       ContactRecord.next_follow_up_on)
                .order_by(ContactRecord.contacted_at, ContactRecord.id)):
            last[cid] = (at, follow)
        customers = s.scalars(select(Customer)).all()
    assert len(customers) == N and set(sums) == {c.id for c in customers}
    for c in customers:
        assert (c.total_balance, c.overdue_amount, c.max_overdue_days) == sums[c.id], c.id
        assert c.worst_class is worst[c.id], c.id
        at, follow = last.get(c.id, (None, None))
        assert (c.last_contact_at, c.next_follow_up) == (at, follow), c.id


def test_people_have_valid_ids_names_phones_and_owners(seeded):
    db, _ = seeded
    with db.sessions() as s:
        customers = s.scalars(select(Customer)).all()
        managers = set(s.scalars(select(User.id).where(User.role == Role.MANAGER)))
        branch = s.scalar(select(Branch.id).where(Branch.code == BRANCH_CODE))
    assert len({c.id_number for c in customers}) == N
    for c in customers:
        info = parse_id_number(c.id_number, today=TODAY)
        assert (c.birth_date, c.gender, c.id_last4) == (info.birth_date, info.gender,
                                                        c.id_number[-4:])
        assert c.id_number.startswith("33") and 22 <= age_on(c.birth_date, TODAY) <= 70
        assert (c.name_pinyin, c.name_initials) == name_keys(c.name) and 2 <= len(c.name) <= 4
        phone = parse_phone(c.phone)
        assert phone is not None and phone.valid == c.phone_valid and c.phone_last4 == c.phone[-4:]
        if c.phone_valid:
            assert phone.value == c.phone and c.phone.startswith("+861")
        assert c.district in HANGZHOU and c.address.startswith(f"杭州市{c.district}")
        assert c.owner_id in managers and c.branch_id == branch
        assert c.segment in {"优质", "普通", "关注", "重点催收"} and c.occupation
        assert c.monthly_income is not None and c.monthly_income > 0
    assert len({c.owner_id for c in customers}) == 6
    assert Counter(c.gender for c in customers)[Gender.FEMALE] > N // 5


def test_loans_agree_with_their_overdue_days(seeded):
    db, _ = seeded
    with db.sessions() as s:
        loans = s.scalars(select(Loan)).all()
        worst = dict(s.execute(select(Customer.id, Customer.max_overdue_days)).tuples().all())
    assert len({x.loan_no for x in loans}) == len(loans)
    for x in loans:
        assert x.loan_no.startswith(f"JJ{x.disbursed_on.year}")
        assert x.five_tier is suggested_five_tier(x.overdue_days)
        assert (x.overdue_amount > 0) == (x.overdue_days > 0)
        assert Decimal("0") <= x.overdue_amount <= x.balance <= x.principal
        assert x.principal.as_tuple().exponent == -2 and x.principal >= Decimal("10000.00")
        assert Decimal("0.02") < x.rate < Decimal("0.1")
        assert x.disbursed_on < x.maturity_on and x.disbursed_on < TODAY
        if x.status is LoanStatus.SETTLED:
            assert x.balance == 0 and x.maturity_on < TODAY
    current = sum(1 for d in worst.values() if d == 0) / N
    assert 0.7 <= current <= 0.9
    assert any(d > 90 for d in worst.values()) and any(0 < d <= 30 for d in worst.values())


def test_contacts_promises_tasks_and_visits_make_sense(seeded):
    db, _ = seeded
    with db.sessions() as s:
        contacts = s.scalars(select(ContactRecord)).all()
        tasks = s.scalars(select(Task)).all()
        visits = s.scalars(select(VisitPlan)).all()
        staff = s.execute(select(VisitStaff.visit_id, VisitStaff.lead)).all()
        overdue = set(s.scalars(select(Customer.id).where(Customer.max_overdue_days > 0)))
    for c in contacts:
        assert c.contacted_at.tzinfo is timezone.utc and c.contacted_at.date() < TODAY
        if c.promise_status is PromiseStatus.PENDING:
            assert c.promise_date >= TODAY and c.promise_amount > 0
        elif c.promise_status is not None:
            assert c.promise_date < TODAY
    assert {c.promise_status for c in contacts} >= {PromiseStatus.KEPT, PromiseStatus.BROKEN}
    assert sum(c.customer_id in overdue for c in contacts) > 0.6 * len(contacts)
    open_tasks = [t for t in tasks if t.status is TaskStatus.OPEN]
    assert any(t.due_on <= TODAY for t in open_tasks) and any(t.due_on > TODAY for t in open_tasks)
    assert all(t.done_at is not None for t in tasks if t.status is TaskStatus.DONE)
    by_visit = defaultdict(list)
    for visit_id, lead in staff:
        by_visit[visit_id].append(lead)
    assert len(visits) >= 5 and len({v.status for v in visits}) >= 3
    contact_owner = {c.id: c.customer_id for c in contacts}
    for v in visits:
        assert sorted(by_visit[v.id]) == [False, True]
        if v.appointment_contact_id is not None:
            assert contact_owner[v.appointment_contact_id] == v.customer_id


def test_survey_template_and_responses(seeded):
    db, s_ = seeded
    with db.sessions() as s:
        templates = s.scalars(select(SurveyTemplate).where(SurveyTemplate.code == "SAT-DEFAULT")).all()
        questions = {q.id: q for q in s.scalars(select(SurveyQuestion))}
        answers = s.scalars(select(SurveyAnswer)).all()
        responses = {r.id: r for r in s.scalars(select(SurveyResponse))}
    assert len(templates) == 1 and templates[0].name == "客户满意度调查（标准版）"
    assert {q.dimension for q in questions.values()} == set(SurveyDimension)
    assert len({r.survey_code for r in responses.values()}) == len(responses) == s_.responses
    for a in answers:
        q = questions[a.question_id]
        assert q.template_id == responses[a.response_id].template_id == templates[0].id
        if q.kind is QuestionKind.LIKERT5:
            assert 1 <= a.score <= 5
        elif q.kind is QuestionKind.SCALE10:
            assert 0 <= a.score <= 10
        elif q.kind is QuestionKind.CHOICE:
            assert a.choice in q.choices
        else:
            assert a.text
    assert len(answers) >= 7 * len(responses)



def test_demo_responses_carry_their_figures_and_the_analysis_shows_them(seeded):
    """The derived columns (month, NPS, Likert sums, flags, snapshot) are written with the rows,
    the same as record_response computes them, so 满意度分析 shows the demo branch."""
    db, s_ = seeded
    with db.sessions() as s:
        template = s.scalar(select(SurveyTemplate).where(SurveyTemplate.code == "SAT-DEFAULT"))
        qdefs = [QuestionDef(q.seq, q.text, q.dimension, q.kind, tuple(q.choices or ()),
                             q.required, q.id)
                 for q in s.scalars(select(SurveyQuestion).order_by(SurveyQuestion.seq))]
        given = defaultdict(list)
        for a in s.scalars(select(SurveyAnswer).order_by(SurveyAnswer.id)):
            given[a.response_id].append(AnswerInput(a.question_id, a.score, a.choice, a.text))
            assert a.month
        responses = s.scalars(select(SurveyResponse)).all()
        owners = {c.id: (c.owner_id, c.branch_id, c.segment) for c in s.scalars(select(Customer))}
        cases = s.scalars(select(RemediationCase)).all()
        first = min(r.month for r in responses)
        analysis = survey_analysis(s, Actor.cli(), AnalysisFilter(first, 202603))
    low = 0
    for r in responses:
        fig = summarise(qdefs, given[r.id])
        local = r.collected_at.astimezone(SHANGHAI)
        assert r.month == local.year * 100 + local.month and r.template_id == template.id
        assert (r.nps, r.likert_sum, r.likert_n, r.likert_top, r.low, r.positive) == (
            fig.nps, fig.likert_sum, fig.likert_n, fig.likert_top, fig.low, fig.positive)
        assert (r.manager_id, r.branch_id, r.segment) == owners[r.customer_id]
        low += r.low
    assert analysis.responses == s_.responses > 0
    assert analysis.nps.n == s_.responses and analysis.nps.score is not None
    assert analysis.nps.promoters and analysis.nps.detractors       # a real branch has both
    assert analysis.csat is not None and 50 < analysis.csat < 100
    assert {d.dimension for d in analysis.dimensions if d.stats.n} >= {
        SurveyDimension.EFFICIENCY, SurveyDimension.QUALITY, SurveyDimension.OVERALL}
    assert sum(f.responses for f in analysis.by_manager) == s_.responses
    # low answers opened remediation cases, one each, assigned to the manager
    assert 0 < low < len(responses) / 2
    assert len(cases) == low == s_.cases
    by_id = {r.id: r for r in responses}
    for c in cases:
        r = by_id[c.response_id]
        assert r.low and c.customer_id == r.customer_id and c.assignee_id == r.manager_id
        assert "分" in c.trigger
        if c.status is CaseStatus.CLOSED:
            assert c.root_cause and c.action_taken and c.outcome and c.closed_at
    assert any(c.status is CaseStatus.CLOSED for c in cases)

def test_demo_accounts_sign_in_with_their_roles(seeded):
    db, _ = seeded
    with db.sessions() as s:
        branch = s.scalar(select(Branch).where(Branch.code == BRANCH_CODE))
    assert (branch.name, branch.bank_name) == ("杭州西湖支行", "示例农村商业银行")
    assert [a.role for a in DEMO_ACCOUNTS].count(Role.MANAGER) == 6
    for account in DEMO_ACCOUNTS:
        actor = sign_in(db, account.username, account.password)
        assert (actor.role, actor.branch_id) == (account.role, branch.id)
        assert actor.display_name == account.display_name


def test_one_audit_event_summarises_the_run(seeded):
    db, s_ = seeded
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "demo_data")).all()
    assert len(events) == 1
    assert events[0].after["customers"] == N and events[0].after["loans"] == s_.loans
    assert "演示数据" in events[0].summary


def test_demo_customers_are_found_by_a_name_fragment(seeded):
    db, _ = seeded
    with db.engine.connect() as conn:
        assert search_index_live(conn)
        for cid, name in conn.execute(select(Customer.id, Customer.name)
                                      .order_by(Customer.id.desc()).limit(3)):
            assert cid in set(conn.execute(name_fragment_ids(conn, name[-2:])).scalars())


def test_progress_is_reported_per_batch(db):
    seen = []
    seed_demo(db, 50, today=TODAY, progress=lambda done, total, label: seen.append(
        (done, total, label)))
    assert (50, 50, "客户") in seen and all(total >= done for done, total, _l in seen)


def _schema(db) -> set[tuple[str, str]]:
    """Tables, indexes and triggers: the loader drops indexes and search triggers for a while."""
    with db.engine.connect() as conn:
        if db.backend == "sqlite":
            return set(conn.exec_driver_sql("SELECT type, name FROM sqlite_master").tuples())
        return set(conn.exec_driver_sql(
            "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema()"
        ).tuples())


def test_cancel_leaves_the_database_as_it_was(db):
    before = _schema(db)
    customers_written = []

    def progress(done, total, label):
        if label == "客户":
            customers_written.append(done)

    # cancel once the rows are in and the indexes are being rebuilt
    with pytest.raises(UserError, match="已取消"):
        seed_demo(db, N, today=TODAY, progress=progress, cancel=lambda: bool(customers_written))
    assert customers_written == [N]
    assert database_is_empty(db)
    for model in (Branch, User, SurveyTemplate, Loan, ContactRecord, AuditEvent):
        assert count(db, model) == 0, model
    assert _schema(db) == before and len(before) > 40


def test_cancel_when_the_accounts_already_exist(db):
    """Nothing is written before the first DDL then: it must still be inside the transaction."""
    seed_demo(db, 0, today=TODAY)
    before = _schema(db)
    with pytest.raises(UserError, match="已取消"):
        seed_demo(db, 20, today=TODAY, progress=lambda d, t, label: None,
                  cancel=iter([False, False, False, True]).__next__)
    assert _schema(db) == before and count(db, Customer) == 0 and count(db, AuditEvent) == 1


def test_no_customers_makes_only_the_accounts_and_a_rerun_reuses_them(db):
    s = seed_demo(db, 0, today=TODAY)
    assert (s.customers, s.loans, s.accounts) == (0, 0, len(DEMO_ACCOUNTS))
    assert not database_is_empty(db)
    assert count(db, User) == len(DEMO_ACCOUNTS) and count(db, SurveyQuestion) > 0
    again = seed_demo(db, 0, today=TODAY)
    assert again.accounts == 0 and count(db, User) == len(DEMO_ACCOUNTS)
    assert count(db, Branch) == 1 and count(db, SurveyTemplate) == 1


def test_a_second_run_adds_customers_and_the_app_can_still_add_its_own(db):
    seed_demo(db, 40, seed=3, today=TODAY)
    seed_demo(db, 40, seed=3, today=TODAY)  # same seed: same people again, new numbers
    assert count(db, Customer) == 80 and count(db, User) == len(DEMO_ACCOUNTS)
    with db.sessions() as s:
        assert s.scalar(select(func.count(func.distinct(Customer.id_number)))) == 80
    # ids were given explicitly: the next ORM insert must not collide (PostgreSQL sequences)
    assert factories.customer(db, "新客户") > 80


def test_the_same_seed_gives_the_same_data(sqlite_template, tmp_path):
    def run(name: str) -> list[tuple]:
        path = tmp_path / name
        shutil.copy(sqlite_template, path)
        db = connect(f"sqlite:///{path}")
        try:
            seed_demo(db, 60, seed=11, today=TODAY)
            with db.sessions() as s:
                return s.execute(select(Customer.name, Customer.id_number, Loan.loan_no,
                                        Loan.balance).join(Loan, Loan.customer_id == Customer.id)
                                 .order_by(Loan.id)).all()
        finally:
            db.dispose()

    assert run("a.sqlite3") == run("b.sqlite3")


def test_the_shipped_template_covers_every_dimension():
    spec = load_default_template()
    assert (spec["code"], spec["name"]) == ("SAT-DEFAULT", "客户满意度调查（标准版）")
    questions = spec["questions"]
    assert [q["seq"] for q in questions] == list(range(1, len(questions) + 1))
    assert {SurveyDimension(q["dimension"]) for q in questions} == set(SurveyDimension)
    kinds = {QuestionKind(q["kind"]) for q in questions}
    assert kinds == set(QuestionKind)
    for q in questions:
        if q["kind"] == QuestionKind.LIKERT5:
            assert q["choices"] == ["非常不满意", "不满意", "一般", "满意", "非常满意"]
        if q["kind"] == QuestionKind.CHOICE:
            assert len(q["choices"]) >= 3
        if q["dimension"] == SurveyDimension.NPS:
            assert q["kind"] == QuestionKind.SCALE10
