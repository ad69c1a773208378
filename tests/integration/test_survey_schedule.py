"""Periodic surveys per segment, and the supervisor told of every new remediation case."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from crm.domain.actors import Actor
from crm.domain.enums import (
    FeedbackKind, QuestionKind as K, Role, SurveyChannel, TaskKind, TaskStatus,
)
from crm.domain.errors import ValidationError
from crm.domain.surveys import AnswerInput, SurveySettings
from crm.models import Customer, Task
from crm.services import surveys as sv
from crm.services.tasks import complete_task, today_summary
from tests import factories

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)      # Thursday 10:00 in Beijing
TODAY = date(2026, 12, 3)


@pytest.fixture
def world(db):
    b = factories.branch(db)
    boss = factories.user(db, "zhuguan", Role.SUPERVISOR, b, display_name="赵主管")
    mgr = factories.user(db, "jingli01", Role.MANAGER, b, display_name="王经理")
    admin = factories.user(db, "admin", Role.ADMIN)
    with db.uow(admin) as uow:
        t = sv.ensure_default_template(uow)
        uow.commit()

    class W:
        pass
    w = W()
    w.db, w.boss, w.mgr, w.admin, w.t, w.branch = db, boss, mgr, admin, t, b
    return w


def _customer(w, name, segment):
    cid = factories.customer(w.db, name, owner=w.mgr)
    with w.db.uow(Actor.cli()) as uow:
        uow.session.execute(update(Customer).where(Customer.id == cid).values(segment=segment))
        uow.commit()
    return cid


def _answers(t, likert=4, nps=9):
    return tuple(AnswerInput(q.id, score=likert if q.kind is K.LIKERT5 else nps)
                 for q in t.questions if q.kind in (K.LIKERT5, K.SCALE10))


def _survey(w, cid, at, likert=4, nps=9):
    with w.db.uow(w.mgr) as uow:
        r = sv.record_response(uow, w.mgr, sv.ResponseDraft(
            cid, SurveyChannel.PHONE, _answers(w.t, likert, nps), w.t.id, collected_at=at),
            now=max(at, NOW))
        uow.commit()
        return r


def _schedule(w, today=TODAY):
    with w.db.uow(Actor.cli()) as uow:
        n = sv.schedule_periodic_surveys(uow, today, now=NOW)
        uow.commit()
        return n


def _loaded(uow, stmt):
    """The rows, usable after the unit of work ends."""
    rows = list(uow.session.scalars(stmt))
    uow.session.expunge_all()
    return rows


def _survey_tasks(w, status=TaskStatus.OPEN):
    with w.db.uow(Actor.cli()) as uow:
        return {(t.customer_id, t.source_type): t for t in _loaded(uow, select(Task).where(
            Task.kind == TaskKind.SURVEY, Task.status == status))}


def test_default_periods_survey_valued_customers_quarterly():
    st = SurveySettings()
    assert st.period_for("优质维护") == 90 and st.period_for("重点关注") == 180
    assert st.period_for("常规维护") is None and st.period_for(None) is None
    # stored and read back; a segment switched off (0) is dropped
    again = SurveySettings.from_json(SurveySettings(
        segment_periods=(("优质维护", 60), ("常规维护", 0))).to_json())
    assert again.segment_periods == (("优质维护", 60),)
    # older settings without the key get the defaults
    assert SurveySettings.from_json({"min_days_between": 30}).period_for("优质维护") == 90
    # a period shorter than the 30-day rule is stretched to it
    assert SurveySettings(segment_periods=(("优质维护", 7),)).effective_period("优质维护") == 30
    assert SurveySettings(segment_periods=(("优质维护", 5000),)).problems() == {
        "segment.优质维护": "细分“优质维护”的定期调查周期应在 1–3650 天之间（0 为不定期调查）"}


def test_due_customers_get_one_survey_task_each(world):
    w = world
    due = _customer(w, "甲到期", "优质维护")          # surveyed 100 days ago, period 90
    never = _customer(w, "乙从未", "优质维护")        # never surveyed
    fresh = _customer(w, "丙未到", "优质维护")        # surveyed 60 days ago
    recent = _customer(w, "丁十天", "重点关注")       # 180-day segment, surveyed 10 days ago
    busy = _customer(w, "戊有任务", "优质维护")       # due, but a survey task is already open
    plain = _customer(w, "己常规", "常规维护")        # segment without a period
    none = _customer(w, "庚无细分", None)
    _survey(w, due, NOW - timedelta(days=100))
    _survey(w, fresh, NOW - timedelta(days=60))
    _survey(w, recent, NOW - timedelta(days=10))
    with w.db.uow(Actor.cli()) as uow:
        uow.session.add(Task(kind=TaskKind.SURVEY, title="满意度回访：戊有任务", customer_id=busy,
                             owner_id=w.mgr.user_id, due_on=TODAY, status=TaskStatus.OPEN,
                             source_type=sv.VISIT_SURVEY))
        uow.commit()

    assert _schedule(w) == 2
    tasks = _survey_tasks(w)
    periodic = {cid for cid, src in tasks if src == sv.PERIODIC_SURVEY}
    assert periodic == {due, never}
    assert not periodic & {fresh, recent, busy, plain, none}
    t = tasks[(due, sv.PERIODIC_SURVEY)]
    assert t.title == "定期满意度调查：甲到期（优质维护，每 90 天）"
    assert (t.owner_id, t.due_on, t.version) == (w.mgr.user_id, TODAY, 1)
    assert "30 天内只调查一次" in t.note
    # the manager sees them on 今日工作
    with w.db.uow(w.mgr) as uow:
        rows = today_summary(uow, w.mgr, TODAY).follow_ups_due.rows
    assert {r.what for r in rows} >= {"定期满意度调查：甲到期（优质维护，每 90 天）",
                                       "定期满意度调查：乙从未（优质维护，每 90 天）"}
    # run again the same day, or the next: nothing doubles
    assert _schedule(w) == 0
    assert _schedule(w, TODAY + timedelta(days=1)) == 0
    # answering the survey completes the task
    _survey(w, due, NOW)
    assert (due, sv.PERIODIC_SURVEY) not in _survey_tasks(w)
    assert (due, sv.PERIODIC_SURVEY) in _survey_tasks(w, TaskStatus.DONE)


def test_the_period_boundary_and_the_30_day_rule(world):
    w = world
    cid = _customer(w, "甲", "优质维护")
    _survey(w, cid, NOW - timedelta(days=89))
    assert _schedule(w) == 0                                   # 89 days: not yet
    assert _schedule(w, TODAY + timedelta(days=1)) == 1        # 90 days: due
    # an administrator sets a 7-day period: the 30-day rule still holds
    with w.db.uow(Actor.cli()) as uow:
        for t in uow.session.scalars(select(Task).where(Task.customer_id == cid)):
            t.status = TaskStatus.CANCELLED
        uow.commit()
    with w.db.uow(w.admin) as uow:
        sv.set_survey_settings(uow, w.admin, SurveySettings(segment_periods=(("优质维护", 7),)))
        uow.commit()
    other = _customer(w, "乙", "优质维护")
    _survey(w, other, NOW - timedelta(days=10))
    assert _schedule(w) == 1                                    # 甲 again, not 乙
    assert {c for c, _s in _survey_tasks(w)} == {cid}


def test_a_segment_switched_off_schedules_nothing(world):
    w = world
    _customer(w, "甲", "优质维护")
    with w.db.uow(w.admin) as uow:
        sv.set_survey_settings(uow, w.admin, SurveySettings(segment_periods=()))
        uow.commit()
        assert sv.survey_settings(uow.session).segment_periods == ()
    assert _schedule(w) == 0


def test_bad_period_is_refused_naming_the_segment(world):
    w = world
    with w.db.uow(w.admin) as uow, pytest.raises(ValidationError) as e:
        sv.set_survey_settings(uow, w.admin, SurveySettings(segment_periods=(("重点关注", -1),)))
    assert "重点关注" in e.value.fields["segment.重点关注"]


def test_segments_offered_for_periods_are_the_risk_segments(world):
    with world.db.uow(world.admin) as uow:
        names = sv.survey_segments(uow.session)
    assert names[:5] == ["清收处置", "风险化解", "重点关注", "优质维护", "常规维护"]


# ---- the supervisor is told of each new case ---------------------------------------------

def _notices(w):
    with w.db.uow(Actor.cli()) as uow:
        return _loaded(uow, select(Task).where(Task.source_type == sv.CASE_OPENED))


def test_a_low_score_puts_the_new_case_on_the_supervisors_today(world):
    w = world
    cid = _customer(w, "张三", None)
    r = _survey(w, cid, NOW, likert=2, nps=3)
    [notice] = _notices(w)
    assert notice.owner_id == w.boss.user_id and notice.source_id == r.case_id
    assert notice.kind is TaskKind.REMEDIATION and notice.status is TaskStatus.OPEN
    assert notice.title == "新整改事项（知悉）：张三" and notice.due_on == TODAY
    assert "责任客户经理：王经理" in notice.note and "2026-12-08" in notice.note
    with w.db.uow(w.boss) as uow:
        rows = today_summary(uow, w.boss, TODAY).follow_ups_due.rows
    assert "新整改事项（知悉）：张三" in [r.what for r in rows if r.task_id is not None]
    # the supervisor can mark it read (done) ...
    with w.db.uow(w.boss) as uow:
        complete_task(uow, w.boss, notice.id, now=NOW)
        uow.commit()
    # ... and closing the case closes a notice still open
    cid2 = _customer(w, "李四", None)
    r2 = _survey(w, cid2, NOW, likert=1, nps=9)
    with w.db.uow(w.mgr) as uow:
        case = sv.get_case(uow, w.mgr, r2.case_id)
        sv.close_case(uow, w.mgr, case.id, case.version, root_cause="等候过久",
                      action_taken="电话致歉并说明", outcome="客户接受", now=NOW)
        uow.commit()
    assert {(n.source_id, n.status) for n in _notices(w)} == {
        (r.case_id, TaskStatus.DONE), (r2.case_id, TaskStatus.DONE)}


def test_a_complaint_case_informs_the_supervisor_too(world):
    w = world
    cid = _customer(w, "张三", None)
    with w.db.uow(w.mgr) as uow:
        sv.add_feedback(uow, w.mgr, sv.FeedbackDraft(FeedbackKind.COMPLAINT, "柜台服务态度差",
                                                     customer_id=cid), now=NOW)
        uow.commit()
    [notice] = _notices(w)
    assert notice.owner_id == w.boss.user_id and "客户投诉：柜台服务态度差" in notice.note


def test_no_notice_without_a_supervisor_in_the_branch(db):
    b = factories.branch(db, "0202", "城东支行")
    mgr = factories.user(db, "jingli09", Role.MANAGER, b)
    admin = factories.user(db, "admin", Role.ADMIN)
    with db.uow(admin) as uow:
        t = sv.ensure_default_template(uow)
        uow.commit()
    cid = factories.customer(db, "张三", owner=mgr)
    with db.uow(mgr) as uow:
        r = sv.record_response(uow, mgr, sv.ResponseDraft(
            cid, SurveyChannel.PHONE, _answers(t, 1, 2), t.id, collected_at=NOW), now=NOW)
        uow.commit()
    assert r.case_id is not None
    with db.uow(Actor.cli()) as uow:
        assert not list(uow.session.scalars(select(Task).where(
            Task.source_type == sv.CASE_OPENED)))


def test_cli_schedule(world, capsys):
    w = world
    _customer(w, "甲", "优质维护")
    url = w.db.engine.url.render_as_string(hide_password=False)
    from crm.cli import main
    assert main(["--db", url, "surveys", "schedule", "--json"]) == 0
    out = capsys.readouterr().out
    assert "新建调查任务 1 个" in out and out.strip().splitlines()[-1] == '{"tasks": 1}'
    assert main(["--db", url, "surveys", "schedule", "--date", "2026-12-31"]) == 0
    assert "新建调查任务 0 个" in capsys.readouterr().out


def test_a_manager_gets_at_most_the_daily_limit(world):
    w = world
    other = factories.user(w.db, "jingli02", Role.MANAGER, w.branch, display_name="赵经理")
    mine = [_customer(w, n, "优质维护") for n in ("甲", "乙", "丙")]
    theirs = factories.customer(w.db, "丁", owner=other)
    with w.db.uow(Actor.cli()) as uow:
        uow.session.execute(update(Customer).where(Customer.id == theirs)
                            .values(segment="重点关注"))
        uow.commit()
    with w.db.uow(w.admin) as uow:
        sv.set_survey_settings(uow, w.admin, SurveySettings(periodic_daily_limit=2))
        uow.commit()
    assert _schedule(w) == 3                            # 甲 and 乙 for 王经理, 丁 for 赵经理
    assert {c for c, _s in _survey_tasks(w)} == {mine[0], mine[1], theirs}
    assert _schedule(w) == 0                            # the same day: the limit is used up
    assert _schedule(w, TODAY + timedelta(days=1)) == 1  # the next day: 丙
    assert {c for c, _s in _survey_tasks(w)} == {*mine, theirs}
    assert SurveySettings(periodic_daily_limit=-1).problems()["periodic_daily_limit"].startswith(
        "每位客户经理每天")


def test_two_pcs_scheduling_at_once_give_each_customer_one_task(world):
    """Every PC runs the daily jobs when 今日工作 opens. The second waits for the first's
    transaction (PostgreSQL advisory lock), then finds nothing left to schedule."""
    import threading

    w = world
    if w.db.backend != "postgresql":
        pytest.skip("one writer at a time on SQLite")
    cid = _customer(w, "钱优质", "优质维护")
    first = w.db.uow(Actor.cli())
    first.__enter__()
    try:
        assert sv.schedule_periodic_surveys(first, TODAY, now=NOW) == 1   # not committed yet
        second: list[int] = []
        pc2 = threading.Thread(target=lambda: second.append(_schedule(w)))
        pc2.start()
        pc2.join(1.0)
        assert pc2.is_alive() and second == []     # waiting for the first PC's transaction
        first.commit()
    finally:
        first.__exit__(None, None, None)
    pc2.join(30)
    assert second == [0]
    assert list(_survey_tasks(w)) == [(cid, sv.PERIODIC_SURVEY)]
