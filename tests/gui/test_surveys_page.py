"""满意度调查 page: the loop walked in the UI — the default questionnaire → answers typed by
keyboard with a low score → a remediation case on 整改工单 → closed with a follow-up date →
the follow-up survey is taken (the 30-day rule refuses an ordinary one) → 满意度分析 shows
both responses with CSAT/NPS computed by hand; bad input is refused in Chinese, nothing saved.

Dialogs are driven by filling their fields and calling their save methods (never exec()).
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit
from sqlalchemy import func, select

from crm.domain.compliance import local_today
from crm.domain.enums import Adoption, CaseStatus, FeedbackKind, Role, TaskKind, TaskStatus
from crm.models import SurveyResponse, Task
from crm.ui.context import AppContext, AppSignals
from crm.ui.dates import qdate
from crm.ui.pages.surveys import SurveysPage
from tests import factories

WAIT = 20000


@pytest.fixture
def world(empty_db, settings, runner, zh):
    db = empty_db
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    boss = factories.user(db, "boss", Role.SUPERVISOR, branch, "李主管")
    cid = factories.customer(db, "张三", wang)
    return {"db": db, "cid": cid, "runner": runner,
            "wang": AppContext(db, wang, settings, runner, AppSignals(), "西湖支行"),
            "boss": AppContext(db, boss, settings, runner, AppSignals(), "西湖支行")}


def idle(qtbot, ctx) -> None:
    for _ in range(3):
        qtbot.waitUntil(lambda: not ctx.runner.running, timeout=WAIT)
        qtbot.wait(20)


def make_page(qtbot, ctx) -> SurveysPage:
    page = SurveysPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    idle(qtbot, ctx)
    return page


def responses(db) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(SurveyResponse))


def find_customer(qtbot, ctx, form, text: str) -> None:
    form.picker.search.setFocus()
    form.picker.search.setText(text)       # Chinese comes from the input method, not keys
    qtbot.keyClick(form.picker.search, Qt.Key.Key_Return)
    idle(qtbot, ctx)


def type_answers(qtbot, form, values: dict[int, str]) -> None:
    """Focus the first question and go through them with the keyboard: type, then Tab."""
    form.window().activateWindow()              # back from a dialog
    qtbot.waitUntil(form.window().isActiveWindow, timeout=WAIT)
    form.rows[0].input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.rows[0].input, timeout=WAIT)
    for row in form.rows:
        widget = QApplication.focusWidget()
        assert widget is row.input, f"Tab did not reach question {row.q.seq}"
        value = values.get(row.q.seq, "")
        if value and value.isascii():
            qtbot.keyClicks(widget, value)
        elif value:
            widget.insertPlainText(value)      # the input method's text
        qtbot.keyClick(widget, Qt.Key.Key_Tab)


def save_by_keyboard(qtbot, ctx, form) -> None:
    form.rows[-1].input.setFocus()
    qtbot.keyClick(form.rows[-1].input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, ctx)


def test_the_loop_from_answers_to_follow_up_survey_and_analysis(qtbot, world, tmp_path):
    db, wang, cid = world["db"], world["wang"], world["cid"]
    page = make_page(qtbot, wang)
    form = page.entry

    # the shipped default questionnaire is there, with every dimension
    assert form.template.currentText() == "客户满意度调查（标准版）（第 1 版）"
    assert len(form.rows) == 10
    page.tabs.setCurrentWidget(page.templates)
    assert page.templates.model.rowCount() == 1
    assert page.templates.questions.rowCount() == 10

    # collect: found by name, answers typed with digits and Tab, quality 2 and NPS 5 are low
    page.tabs.setCurrentWidget(form)
    find_customer(qtbot, wang, form, "张三")
    assert form.picker.customer_id() == cid
    assert form.customer_note.text() == "此前未接受过满意度调查。"
    assert form.channel.currentText() == "电话"
    type_answers(qtbot, form, {1: "4", 3: "2", 4: "4", 6: "4", 7: "4", 8: "3", 9: "5",
                               10: "希望缩短排队时间"})
    save_by_keyboard(qtbot, wang, form)
    assert not form.general_error.isVisibleTo(form), form.general_error.text()
    result = form.result.text()
    assert "已开立整改工单 #1" in result and "服务质量 2 分（不满意）" in result
    assert "推荐意愿 5 分（贬损者）" in result
    assert "已转为意见建议" in result
    assert responses(db) == 1
    assert all(isinstance(r.input, (QLineEdit, QComboBox, QPlainTextEdit)) for r in form.rows)
    assert form.rows[0].input.text() == ""          # the form is ready for the next one

    # the case is on 整改工单; close it with root cause, action, outcome and a follow-up date
    page.tabs.setCurrentWidget(page.cases)
    idle(qtbot, wang)
    assert page.cases.model.rowCount() == 1
    case = page.cases.model.record(0)
    assert case.customer_name == "张三" and case.status is CaseStatus.OPEN
    page.cases.view.selectRow(0)
    dialog = page.cases.open_case()
    assert "服务质量 2 分" in dialog.header.text()
    dialog.close_case()                                 # nothing filled in: refused, in Chinese
    idle(qtbot, wang)
    assert dialog.errors["root_cause"].text() == "关闭整改事项前请填写原因分析"
    assert dialog.result is None
    follow_on = local_today() + timedelta(days=7)
    dialog.root_cause.setPlainText("还款安排讲解不清")
    dialog.action.setPlainText("上门重新讲解还款计划和费用")
    dialog.outcome.setPlainText("客户表示理解")
    assert dialog.follow_up.isChecked()
    dialog.follow_up_on.setDate(qdate(follow_on))
    dialog.close_case()
    idle(qtbot, wang)
    assert dialog.result is not None and dialog.result.status is CaseStatus.CLOSED
    with db.sessions() as s:
        task = s.get(Task, dialog.result.follow_up_task_id)
        assert (task.kind, task.due_on, task.status) == (TaskKind.SURVEY, follow_on,
                                                         TaskStatus.OPEN)
    assert page.cases.state.currentData() == "closed"
    assert page.cases.select_case(case.id)
    assert page.cases.survey_button.isEnabled()

    # an ordinary survey of the same customer now is refused by the 30-day rule...
    page.tabs.setCurrentWidget(form)
    find_customer(qtbot, wang, form, "张三")
    assert "前不再调查" in form.customer_note.text()
    type_answers(qtbot, form, {n: "5" for n in (1, 3, 4, 6, 7, 8)} | {9: "10"})
    save_by_keyboard(qtbot, wang, form)
    assert "30 天内不再重复调查" in form.general_error.text()
    assert responses(db) == 1
    assert form.rows[0].input.text() == "5"            # nothing typed is lost

    # ...but the follow-up survey of the closed case is taken
    page.tabs.setCurrentWidget(page.cases)
    page.cases.survey_button.click()
    assert page.tabs.currentWidget() is form
    assert form.follow_label.isVisibleTo(form) and "#1" in form.follow_label.text()
    assert form.picker.customer_id() == cid
    idle(qtbot, wang)
    type_answers(qtbot, form, {n: "5" for n in (1, 3, 4, 6, 7, 8)} | {9: "10"})
    save_by_keyboard(qtbot, wang, form)
    assert not form.general_error.isVisibleTo(form), form.general_error.text()
    assert "可标记感谢" in form.result.text() and "整改工单" not in form.result.text()
    assert form.thank_button.isVisibleTo(form)
    assert responses(db) == 2
    with db.sessions() as s:
        assert s.get(Task, dialog.result.follow_up_task_id).status is TaskStatus.DONE

    # analysis, by hand: Likert answers 4,2,4,4,4,3 and 5×6 → 10 of 12 at 4–5 = 83.3 %;
    # NPS answers 5 and 10 → 1 promoter, 1 detractor → NPS 0; quality 2 and 5 → mean 3.50
    analysis = page.analysis
    page.tabs.setCurrentWidget(analysis)
    analysis.refresh()
    idle(qtbot, wang)
    a = analysis.analysis
    assert a.responses == 2
    assert (a.nps.promoters, a.nps.passives, a.nps.detractors) == (1, 0, 1)
    assert a.nps.score == 0 and round(a.csat, 1) == 83.3
    headline = analysis.headline.text()
    assert "83.3%" in headline and "1 名推荐者" in headline and "1 名贬损者" in headline
    table = analysis.dimensions
    cells = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
             for r in range(table.rowCount())}
    assert cells["服务质量"][1:5] == ["2", "3.50", "50.0%", "2:1  5:1"]
    assert cells["推荐意愿（0–10）"][3] == "NPS 0.0"
    assert cells["总体满意度"][1:4] == ["2", "4.00", "50.0%"]
    # the free text, one double-click from the customer
    assert [r.text for r in analysis.text_model.records] == ["希望缩短排队时间"]
    with qtbot.waitSignal(page.open_customer) as opened:
        analysis.text_view.doubleClicked.emit(analysis.text_model.index(0, 4))
    assert opened.args == [cid]
    # each chart saves as PNG
    for which in ("profile", "distribution", "trend"):
        path = tmp_path / f"{which}.png"
        assert analysis.save_chart(which, str(path)) and path.stat().st_size > 1000


def test_a_score_out_of_range_is_named_in_chinese_and_nothing_is_saved(qtbot, world):
    db, wang = world["db"], world["wang"]
    page = make_page(qtbot, wang)
    form = page.entry
    find_customer(qtbot, wang, form, "张三")
    type_answers(qtbot, form, {1: "7", 3: "4", 4: "4", 6: "4", 7: "4", 8: "4", 9: "x"})
    form.save()
    idle(qtbot, wang)
    assert form.rows[0].error.text() == "第 1 题（服务效率）：请填写 1–5 之间的整数分数"
    assert form.rows[0].error.isVisibleTo(form)
    assert form.rows[8].error.text() == "第 9 题（推荐意愿）：请填写数字分数"
    assert QApplication.focusWidget() is form.rows[0].input
    assert responses(db) == 0 and form.result.text() == ""
    assert form.rows[0].input.text() == "7"            # what was typed stays to be corrected
    # a required question left blank is named too
    form.rows[0].input.clear()
    form.rows[8].input.setText("9")
    form.save()
    idle(qtbot, wang)
    assert form.rows[0].error.text() == "第 1 题（服务效率）：此题必答"
    assert responses(db) == 0


def test_a_supervisor_decides_on_a_suggestion_and_the_adoption_rate_shows(qtbot, world):
    db, wang, boss = world["db"], world["wang"], world["boss"]
    page = make_page(qtbot, wang)
    find_customer(qtbot, wang, page.entry, "张三")
    type_answers(qtbot, page.entry, {n: "4" for n in (1, 3, 4, 6, 7, 8)} | {9: "8",
                                                                             10: "增加周末服务"})
    save_by_keyboard(qtbot, wang, page.entry)
    assert "已转为意见建议" in page.entry.result.text()

    sup = make_page(qtbot, boss)
    panel = sup.feedback
    sup.tabs.setCurrentWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData(FeedbackKind.SUGGESTION))
    idle(qtbot, boss)
    assert [f.content for f in panel.model.records] == ["增加周末服务"]
    panel.view.selectRow(0)
    dialog = panel.handle()
    dialog.adoption.setCurrentIndex(dialog.adoption.findData(Adoption.NOT_ADOPTED))
    dialog.save()
    idle(qtbot, boss)
    assert dialog.error.text() == "暂不采纳请说明原因" and dialog.result is None
    dialog.adoption.setCurrentIndex(dialog.adoption.findData(Adoption.ADOPTED))
    dialog.save()
    idle(qtbot, boss)
    assert dialog.result is not None and dialog.result.adoption is Adoption.ADOPTED
    idle(qtbot, boss)
    assert "采纳率 100.0%" in panel.rate.text()


def test_the_visit_survey_opens_preset_to_the_customer_and_the_visit(qtbot, world):
    from crm.domain.enums import SurveyChannel
    from crm.ui.survey_dialogs import SurveyEntryDialog
    wang, cid = world["wang"], world["cid"]
    dialog = SurveyEntryDialog(wang, cid, "张三", channel=SurveyChannel.VISIT, visit_id=None)
    qtbot.addWidget(dialog)
    idle(qtbot, wang)
    form = dialog.form
    assert form.picker.customer_id() == cid and form.channel.currentText() == "上门"
    assert len(form.rows) == 10 and dialog.windowTitle() == "满意度调查 — 张三"
