"""满意度调查 page: 下载答卷模板… → filled in → 导入纸质答卷… (a bad row offers the error
report); 调查设置… edits the gap, the case due days and the periodic survey per segment."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from crm.domain.actors import Actor
from crm.domain.enums import Role
from crm.services import surveys as sv
from crm.ui.context import AppContext, AppSignals
from tests import factories
from tests.gui.test_surveys_page import idle, make_page

WAIT = 20000


@pytest.fixture
def world(empty_db, settings, runner, zh):
    db = empty_db
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    admin = factories.user(db, "admin", Role.ADMIN)
    ids = [factories.customer(db, n, wang) for n in ("张三", "李四")]
    with db.uow(Actor.cli()) as uow:
        t = sv.ensure_default_template(uow)
        codes = [i.code for i in sv.issue_survey_codes(uow, wang, ids, t.id)]
        uow.commit()
    return {"db": db, "codes": codes, "t": t,
            "wang": AppContext(db, wang, settings, runner, AppSignals(), "西湖支行"),
            "admin": AppContext(db, admin, settings, runner, AppSignals(), "")}


def test_download_the_template_fill_it_and_import_it(qtbot, world, tmp_path):
    ctx, codes = world["wang"], world["codes"]
    page = make_page(qtbot, ctx)
    form = page.entry
    assert form.import_button.isVisible() and form.template_button.isVisible()
    assert form.template_button.text() == "下载答卷模板…"
    assert form.import_button.text() == "导入纸质答卷…"
    out = tmp_path / "答卷模板"
    form.download_template(str(out))
    idle(qtbot, ctx)
    path = tmp_path / "答卷模板.xlsx"
    assert path.exists()
    assert "答卷模板已保存" in form.result.text() and "2 份" in form.result.text()

    wb = load_workbook(path)
    ws = wb["答卷"]
    assert [ws.cell(r, 1).value for r in (4, 5)] == codes
    day = date.today() - timedelta(days=1)
    ws.cell(4, 3, day)
    for col, v in enumerate([5, None, 5, 4, None, 5, 5, 5, 10, None], start=4):
        ws.cell(4, col, v)
    for col, v in enumerate([5, None, 9, 4, None, 5, 5, 5, 10, None], start=4):  # Q3 = 9
        ws.cell(5, col, v)
    wb.save(path)

    form.import_paper(str(path))
    idle(qtbot, ctx)
    assert "录入 1 份答卷，拒绝 1 行" in form.result.text()
    box = form.problems_box
    qtbot.waitUntil(box.isVisible, timeout=WAIT)
    assert "Q3" in box.informativeText() and "1–5" in box.informativeText()
    box.button(QMessageBox.StandardButton.Close).click()
    errors = tmp_path / "错误.xlsx"
    form.save_error_report(form.last_import, _source(path), str(errors))
    idle(qtbot, ctx)
    rows = list(load_workbook(errors).active.iter_rows(values_only=True))
    assert rows[-1][0] == codes[1] and "1–5" in rows[-1][-1]


def _source(path):
    from crm.importing.survey_answers import open_answers
    return open_answers(path)


def test_settings_dialog_sets_the_segment_periods(qtbot, world):
    ctx, db = world["admin"], world["db"]
    page = make_page(qtbot, ctx)
    panel = page.templates
    page.tabs.setCurrentWidget(panel)
    assert panel.settings_button.isVisible() and panel.settings_button.text() == "调查设置…"
    panel.edit_settings()
    idle(qtbot, ctx)
    dialog = panel.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    assert list(dialog.periods)[:5] == ["清收处置", "风险化解", "重点关注", "优质维护", "常规维护"]
    assert dialog.periods["优质维护"].value() == 90 and dialog.periods["常规维护"].value() == 0
    assert dialog.periods["常规维护"].text() == "不定期"
    assert dialog.gap.value() == 30 and dialog.due.value() == 3
    dialog.periods["常规维护"].setValue(365)
    dialog.periods["重点关注"].setValue(0)
    dialog.gap.setValue(45)
    assert dialog.limit.value() == 20
    dialog.limit.setValue(0)
    assert dialog.limit.text() == "不限"
    dialog.save()
    idle(qtbot, ctx)
    assert dialog.result is not None
    with db.sessions() as s:
        st = sv.survey_settings(s)
    assert st.min_days_between == 45 and st.periodic_daily_limit == 0
    assert dict(st.segment_periods) == {"优质维护": 90, "常规维护": 365}


def test_a_manager_has_no_settings_button(qtbot, world):
    page = make_page(qtbot, world["wang"])
    page.tabs.setCurrentWidget(page.templates)
    assert not page.templates.settings_button.isVisible()


def test_the_supervisor_sees_new_cases_on_today(qtbot, world, settings, runner):
    from crm.domain.enums import QuestionKind as K, SurveyChannel
    from crm.domain.surveys import AnswerInput
    from crm.ui.pages.today import TodayPage

    db, wang, t = world["db"], world["wang"].actor, world["t"]
    boss = factories.user(db, "boss", Role.SUPERVISOR, wang.branch_id, "李主管")
    with db.uow(wang) as uow:
        t_ = sv.get_template(uow, wang, t.id)
        ans = tuple(AnswerInput(q.id, score=1 if q.kind is K.LIKERT5 else 3)
                    for q in t_.questions if q.kind in (K.LIKERT5, K.SCALE10))
        sv.record_response(uow, wang, sv.ResponseDraft(world_customer(db), SurveyChannel.PHONE,
                                                       ans, t.id))
        uow.commit()
    ctx = AppContext(db, boss, settings, runner, AppSignals(), "西湖支行")
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.case_banner.isVisible(), timeout=WAIT)
    assert page.case_banner.text().startswith("满意度整改：1 件新整改事项请您知悉，0 件逾期整改")
    idle(qtbot, ctx)
    # the manager has no banner
    mine = TodayPage(world["wang"])
    qtbot.addWidget(mine)
    mine.show()
    idle(qtbot, world["wang"])
    assert mine.notices is not None and not mine.case_banner.isVisible()


def world_customer(db):
    from sqlalchemy import select

    from crm.models import Customer
    with db.sessions() as s:
        return s.scalar(select(Customer.id).where(Customer.name == "张三"))
