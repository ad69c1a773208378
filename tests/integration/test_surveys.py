"""Surveys close the loop: template → response → low score → case → close → follow-up survey."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from crm.domain.actors import Actor
from crm.domain.enums import (
    Adoption, CaseStatus, FeedbackKind, FeedbackStatus, QuestionKind as K, Role, SurveyChannel,
    SurveyDimension as D, TaskKind, TaskStatus, TemplateStatus,
)
from crm.domain.errors import NotFoundError, PermissionDenied, ValidationError
from crm.domain.surveys import AnswerInput, QuestionDef, TemplateDraft
from crm.models import Feedback, Task
from crm.queries.surveys import AnalysisFilter, free_text_answers, loop_figures, survey_analysis
from crm.services import surveys as sv
from tests import factories

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)      # Thursday 10:00 in Beijing


@pytest.fixture
def world(db):
    b = factories.branch(db)
    boss = factories.user(db, "zhuguan", Role.SUPERVISOR, b)
    mgr = factories.user(db, "jingli01", Role.MANAGER, b, display_name="王经理")
    other = factories.user(db, "jingli02", Role.MANAGER, b)
    admin = factories.user(db, "admin", Role.ADMIN)
    c1 = factories.customer(db, "张三", owner=mgr)
    c2 = factories.customer(db, "李四", owner=mgr)
    with db.uow(admin) as uow:
        t = sv.ensure_default_template(uow)
        uow.commit()

    class W:
        pass
    w = W()
    w.db, w.boss, w.mgr, w.other, w.admin, w.c1, w.c2, w.t = db, boss, mgr, other, admin, c1, c2, t
    return w


def answers(t, likert=4, nps=9, text_="", **by_seq):
    out = []
    for q in t.questions:
        if q.kind is K.LIKERT5:
            out.append(AnswerInput(q.id, score=by_seq.get(f"q{q.seq}", likert)))
        elif q.kind is K.SCALE10:
            out.append(AnswerInput(q.id, score=nps))
        elif q.kind is K.TEXT:
            out.append(AnswerInput(q.id, text=text_))
    return tuple(out)


def record(w, customer, ans, actor=None, at=NOW, **kw):
    with w.db.uow(actor or w.mgr) as uow:
        r = sv.record_response(uow, actor or w.mgr, sv.ResponseDraft(
            customer, SurveyChannel.PHONE, ans, w.t.id, collected_at=at, **kw), now=NOW)
        uow.commit()
        return r


def test_the_default_template_is_installed_once(world):
    with world.db.uow(world.admin) as uow:
        again = sv.ensure_default_template(uow)
        templates = sv.list_templates(uow, world.admin)
    assert again.id == world.t.id and len(templates) == 1
    assert {q.dimension for q in world.t.questions} == set(D)
    assert world.t.title == "客户满意度调查（标准版）（第 1 版）"


def test_low_score_opens_a_case_and_the_loop_closes_with_a_follow_up_survey(world):
    w = world
    r = record(w, w.c1, answers(w.t, q3=2, nps=5, text_="希望缩短排队时间"))
    assert r.summary.low and r.case_id is not None
    assert "服务质量 2 分（不满意）" in r.summary.triggers[0]
    with w.db.uow(w.mgr) as uow:
        case = sv.get_case(uow, w.mgr, r.case_id)
        [fb] = sv.list_feedback(uow, w.mgr, sv.FeedbackFilter(kind=FeedbackKind.SUGGESTION), today=NOW.date())
    assert case.assignee_id == w.mgr.user_id and case.status is CaseStatus.OPEN
    assert case.due_on == date(2026, 12, 8)        # 3 working days after Thursday 3 December
    assert fb.content == "希望缩短排队时间" and fb.response_id == r.id
    # the supervisor sees it, another manager does not
    with w.db.uow(w.boss) as uow:
        assert [c.id for c in sv.list_cases(uow, w.boss)] == [r.case_id]
    with w.db.uow(w.other) as uow, pytest.raises(NotFoundError):
        sv.get_case(uow, w.other, r.case_id)
    # closing needs root cause, action and outcome; it schedules the follow-up survey
    with w.db.uow(w.mgr) as uow, pytest.raises(ValidationError) as e:
        sv.close_case(uow, w.mgr, r.case_id, case.version, root_cause="", action_taken="x",
                      outcome="y", now=NOW)
    assert e.value.fields["root_cause"] == "关闭整改事项前请填写原因分析"
    with w.db.uow(w.mgr) as uow:
        closed = sv.close_case(uow, w.mgr, r.case_id, case.version, root_cause="讲解不清",
                               action_taken="上门重新讲解还款安排", outcome="客户表示理解",
                               follow_up_on=date(2026, 12, 10), now=NOW)
        uow.commit()
    assert closed.status is CaseStatus.CLOSED and closed.follow_up_task_id is not None
    with w.db.uow(w.mgr) as uow:
        task = uow.session.get(Task, closed.follow_up_task_id)
        assert (task.kind, task.due_on, task.owner_id) == (TaskKind.SURVEY, date(2026, 12, 10),
                                                           w.mgr.user_id)
    # the follow-up survey is not refused by the 30-day rule, and it completes the task
    again = record(w, w.c1, answers(w.t, likert=5, nps=10), follow_up_of=r.case_id,
                   at=NOW - timedelta(minutes=1))
    assert again.summary.positive and again.case_id is None
    with w.db.uow(w.mgr) as uow:
        assert uow.session.get(Task, closed.follow_up_task_id).status is TaskStatus.DONE


def test_a_customer_surveyed_within_30_days_is_refused_in_chinese(world):
    w = world
    record(w, w.c1, answers(w.t), at=NOW - timedelta(days=10))
    with pytest.raises(ValidationError) as e:
        record(w, w.c1, answers(w.t))
    msg = e.value.fields["customer_id"]
    assert "客户张三已于 2026-11-23 接受过满意度调查，30 天内不再重复调查" in msg
    with w.db.uow(w.admin) as uow:
        sv.set_survey_settings(uow, w.admin, sv.SurveySettings(min_days_between=7))
        uow.commit()
    assert record(w, w.c1, answers(w.t)).id


def test_bad_answers_name_the_question_and_nothing_is_written(world):
    w = world
    bad = list(answers(w.t))
    bad[0] = AnswerInput(bad[0].question_id, score=7)
    with pytest.raises(ValidationError) as e:
        record(w, w.c1, tuple(bad))
    assert e.value.fields["q1"] == "第 1 题（服务效率）：请填写 1–5 之间的整数分数"
    with w.db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM survey_responses")).scalar() == 0


def test_editing_an_answered_template_makes_a_new_version(world):
    w = world
    record(w, w.c1, answers(w.t))
    draft = TemplateDraft("客户满意度调查（2027 版）", tuple(
        QuestionDef(q.seq, q.text, q.dimension, q.kind, q.choices, q.required) for q in w.t.questions))
    with w.db.uow(w.mgr) as uow, pytest.raises(PermissionDenied):
        sv.edit_template(uow, w.mgr, w.t.id, 1, draft)
    with w.db.uow(w.admin) as uow:
        new = sv.edit_template(uow, w.admin, w.t.id, 1, draft)
        uow.commit()
    assert (new.code, new.revision, new.previous_id, new.responses) == (w.t.code, 2, w.t.id, 0)
    with w.db.uow(w.admin) as uow:
        old = sv.get_template(uow, w.admin, w.t.id)
        assert old.status is TemplateStatus.RETIRED and old.responses == 1
        retired = sv.retire_template(uow, w.admin, new.id, new.version)
        assert retired.status is TemplateStatus.RETIRED
    with pytest.raises(ValidationError, match="已停用"):
        record(w, w.c2, answers(w.t))


def test_paper_sheet_codes_are_entered_later(world):
    w = world
    with w.db.uow(w.mgr) as uow:
        [inv] = sv.issue_survey_codes(uow, w.mgr, [w.c2], w.t.id, now=NOW)
        uow.commit()
    with w.db.uow(w.mgr) as uow:
        found = sv.find_invitation(uow, w.mgr, inv.code.lower().replace("-", ""))
    assert found.customer_name == "李四"
    with w.db.uow(w.mgr) as uow:
        r = sv.record_response(uow, w.mgr, sv.ResponseDraft(
            w.c2, SurveyChannel.PAPER, answers(w.t), survey_code=inv.code), now=NOW)
        uow.commit()
    assert r.survey_code == inv.code
    with w.db.uow(w.mgr) as uow, pytest.raises(ValidationError, match="已录入"):
        sv.record_response(uow, w.mgr, sv.ResponseDraft(
            w.c2, SurveyChannel.PAPER, answers(w.t), survey_code=inv.code), now=NOW)


def test_overdue_cases_escalate_once_to_the_supervisor(world):
    w = world
    r = record(w, w.c1, answers(w.t, likert=1, nps=0))
    with w.db.uow(Actor.cli()) as uow:
        assert sv.escalate_overdue_cases(uow, today=date(2026, 12, 9), now=NOW) == 1
        assert sv.escalate_overdue_cases(uow, today=date(2026, 12, 9), now=NOW) == 0
        uow.commit()
    with w.db.uow(w.boss) as uow:
        case = sv.get_case(uow, w.boss, r.case_id)
        task = uow.session.scalar(select(Task).where(Task.source_type == sv.CASE_ESCALATED))
        assert (task.owner_id, task.due_on, task.kind) == (w.boss.user_id, date(2026, 12, 9),
                                                           TaskKind.REMEDIATION)
    assert case.escalated and case.escalated_to == w.boss.user_id


def test_feedback_complaints_open_cases_and_suggestions_get_decisions(world):
    w = world
    with w.db.uow(w.mgr) as uow:
        c = sv.add_feedback(uow, w.mgr, sv.FeedbackDraft(FeedbackKind.COMPLAINT, "催收电话太频繁",
                                                         customer_id=w.c1, channel="电话"), now=NOW)
        s = sv.add_feedback(uow, w.mgr, sv.FeedbackDraft(FeedbackKind.SUGGESTION, "增加线上还款",
                                                         customer_id=w.c2), now=NOW)
        uow.commit()
    with w.db.uow(w.mgr) as uow:
        [case] = sv.list_cases(uow, w.mgr)
        assert case.feedback_id == c.id and case.trigger == "客户投诉：催收电话太频繁"
        with pytest.raises(PermissionDenied):
            sv.decide_feedback(uow, w.mgr, s.id, s.version, Adoption.ADOPTED)
    with w.db.uow(w.boss) as uow:
        with pytest.raises(ValidationError) as e:
            sv.decide_feedback(uow, w.boss, s.id, s.version, Adoption.NOT_ADOPTED)
        assert e.value.fields["adoption_reason"] == "暂不采纳请说明原因"
        d = sv.decide_feedback(uow, w.boss, s.id, s.version, Adoption.ADOPTED, now=NOW)
        uow.commit()
    assert d.adoption is Adoption.ADOPTED and d.status is FeedbackStatus.IN_PROGRESS
    with w.db.uow(w.mgr) as uow:
        with pytest.raises(ValidationError, match="办结前请填写处理结果"):
            sv.update_feedback(uow, w.mgr, c.id, c.version, status=FeedbackStatus.RESOLVED)
        done = sv.update_feedback(uow, w.mgr, c.id, c.version, status=FeedbackStatus.RESOLVED,
                                  resolution="已调整联系频次", resolution_satisfaction=4,
                                  now=NOW + timedelta(days=2))
        uow.commit()
    assert done.age_days == 2 and done.status is FeedbackStatus.RESOLVED
    with w.db.uow(w.boss) as uow:
        figures = loop_figures(uow.session, w.boss, today=NOW.date())
    assert (figures.suggestions, figures.adopted, figures.cases_open) == (1, 1, 1)
    assert figures.adoption_rate == pytest.approx(100.0)


def test_analysis_hand_computed(world):
    w = world
    # 3 responses in December 2026, 1 in June 2026 (the previous 6-month period)
    record(w, w.c1, answers(w.t, likert=5, nps=10, text_="很满意"))
    record(w, w.c2, answers(w.t, likert=2, nps=3), at=NOW - timedelta(hours=1))
    c3 = factories.customer(w.db, "王五", owner=w.other)
    record(w, c3, answers(w.t, likert=4, nps=8), actor=w.other)
    record(w, w.c1, answers(w.t, likert=3, nps=9), at=datetime(2026, 6, 15, tzinfo=timezone.utc))
    flt = AnalysisFilter(202607, 202612)
    with w.db.uow(w.boss) as uow:
        a = survey_analysis(uow.session, w.boss, flt)
        texts = free_text_answers(uow.session, w.boss, flt)
    assert a.previous_months == (202601, 202606)
    assert (a.responses, a.previous_responses) == (3, 1)
    # NPS: 10 promoter, 3 detractor, 8 passive → (1 − 1) / 3 = 0; previous: one 9 → +100
    assert (a.nps.promoters, a.nps.passives, a.nps.detractors) == (1, 1, 1)
    assert a.nps.score == pytest.approx(0.0) and a.nps_change == (pytest.approx(-100.0), "↓")
    eff = a.dimensions[0]
    assert eff.dimension is D.EFFICIENCY
    assert eff.stats.counts == ((2, 1), (4, 1), (5, 1))
    assert eff.stats.mean == pytest.approx(11 / 3) and eff.stats.csat == pytest.approx(200 / 3)
    assert eff.mean_change[1] == "↑"                   # previous mean 3
    # CSAT over all Likert answers: 6 per response; 12 of 18 are 4–5
    assert a.csat == pytest.approx(200 / 3)
    dec = [m for m in a.months if m.key == 202612][0]
    assert dec.responses == 3 and dec.low == 1 and len(a.months) == 6
    by_manager = {f.label: f.responses for f in a.by_manager}
    assert by_manager == {"王经理": 2, "jingli02": 1}
    assert [f.label for f in a.by_channel] == ["电话"]
    assert [t.text for t in texts] == ["很满意"] and texts[0].customer_name == "张三"
    # a manager sees only the surveys of their own customers
    with w.db.uow(w.other) as uow:
        mine = survey_analysis(uow.session, w.other, flt)
    assert mine.responses == 1 and mine.nps.passives == 1


def test_a_completed_visit_leaves_a_survey_task_unless_surveyed_recently(world):
    w = world
    from crm.models import Customer
    with w.db.uow(Actor.cli()) as uow:
        customer = uow.session.get(Customer, w.c2)
        task = sv.schedule_visit_survey(uow.session, customer, None, w.mgr.user_id,
                                        date(2026, 12, 4), None)
        assert task.due_on == date(2026, 12, 7) and task.kind is TaskKind.SURVEY
        assert sv.schedule_visit_survey(uow.session, customer, None, w.mgr.user_id,
                                        date(2026, 12, 4), None) is None   # one open at a time
    record(w, w.c1, answers(w.t))
    with w.db.uow(Actor.cli()) as uow:
        customer = uow.session.get(Customer, w.c1)
        assert sv.schedule_visit_survey(uow.session, customer, None, w.mgr.user_id,
                                        NOW.date(), None) is None
