"""The blank answer sheet (答卷模板): written, filled in as a clerk would, imported cleanly."""
from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from crm.cli import main
from crm.domain.actors import Actor
from crm.domain.enums import QuestionKind as K, Role, SurveyChannel
from crm.domain.errors import UserError
from crm.importing.survey_answers import (
    allowed_values, import_survey_answers, question_header, write_answer_template,
)
from crm.models import AuditEvent, SurveyResponse
from crm.models.surveys import SurveyInvitation
from crm.persistence.engine import connect
from crm.services.surveys import issue_survey_codes
from tests import factories
from tests.office import sheets_as_csv


@pytest.fixture
def issued(sqlite_url):
    db = connect(sqlite_url)
    b = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, b, "王经理")
    ids, codes, t = factories.issued_survey_codes(db, wang, ("王一", "王二", "王三"))
    yield db, wang, ids, codes, t
    db.dispose()


def test_the_template_filled_in_imports_cleanly(issued, tmp_path):
    db, wang, ids, codes, t = issued
    out = tmp_path / "答卷模板.xlsx"
    result = write_answer_template(db, wang, out)
    assert (result.template_id, result.questions, result.prefilled) == (t.id, 10, 3)

    wb = load_workbook(out)
    assert wb.sheetnames == ["答卷", "说明", "选项"] and wb["选项"].sheet_state == "hidden"
    ws = wb["答卷"]
    head = [c.value for c in ws[3]]
    assert head[:3] == ["问卷编号", "客户名称", "填写日期"]
    assert head[3:] == [question_header(q) for q in t.questions]
    assert head[3] == f"Q1. {t.questions[0].text}" and head[4].endswith("（选填）")
    notes = [c.value for c in ws[2]]
    assert notes[3] == "填 1–5：1=非常不满意，2=不满意，3=一般，4=满意，5=非常满意"
    assert notes[11] == "填 0–10 的整数（0=完全不可能，10=非常可能）"
    assert notes[4].startswith("选一项（或填选项序号）：1) 5 分钟以内；2) 5–15 分钟")
    assert ws["D3"].comment.text == notes[3]
    # pre-filled: the printed sheets not yet entered, with the customer's name
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (4, 5, 6)] == list(
        zip(codes, ["王一", "王二", "王三"]))
    # drop-down lists on the score and choice columns
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["D4"] == '"1,2,3,4,5"' and lists["L4"] == '"0,1,2,3,4,5,6,7,8,9,10"'
    assert lists["E4"] == "'选项'!$B$1:$B$5"
    assert [c.value for c in wb["选项"]["B"]][:5] == list(t.questions[1].choices)
    help_text = "\n".join(str(c.value) for c in wb["说明"]["A"] if c.value)
    assert "问卷编号" in help_text and "导入纸质答卷" in help_text and "Q9（推荐意愿" in help_text

    # a clerk types the answers (numbers, a label, a choice, a date) and saves
    day = date.today() - timedelta(days=1)
    answers = {4: [5, "5 分钟以内", 5, 4, "暂无需求", 5, 5, 5, 10, "服务很好"],
               5: [2, None, "一般", 3, None, 2, 2, 2, 3, "催收电话太频繁"],
               6: [4, 2, 4, 4, None, 4, 4, 4, 8, None]}
    for row, values in answers.items():
        ws.cell(row, 3, day)
        for col, value in enumerate(values, start=4):
            ws.cell(row, col, value)
    wb.save(out)

    report = import_survey_answers(db, wang, out)
    assert report.issues == []
    assert report.counts == {"rows_read": 3, "recorded": 3, "rejected": 0, "skipped": 0,
                             "cases": 1}
    with db.sessions() as s:
        rs = s.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [r.customer_id for r in rs] == ids and {r.channel for r in rs} == {SurveyChannel.PAPER}
    assert [r.nps for r in rs] == [10, 3, 8] and rs[1].low and rs[0].positive

    # a pre-filled row left untouched is skipped, not refused
    more = issue_survey_codes_for(db, wang, ids[:1], t.id)
    out2 = tmp_path / "c.xlsx"
    write_answer_template(db, wang, out2)
    wb2 = load_workbook(out2)
    assert wb2["答卷"].cell(4, 1).value == more[0]
    report = import_survey_answers(db, wang, out2)
    assert report.counts == {"rows_read": 1, "recorded": 0, "rejected": 0, "skipped": 1,
                             "cases": 0}
    assert report.unanswered == 1 and "拒绝 0 行，跳过尚未填写答案的行 1 行；" in report.summary()
    with db.uow(Actor.cli()) as uow:
        uow.session.execute(delete(SurveyInvitation).where(SurveyInvitation.code == more[0]))
        uow.commit()

    # once entered, a new template has nothing to pre-fill
    again = write_answer_template(db, wang, tmp_path / "b.xlsx")
    assert again.prefilled == 0
    assert load_workbook(tmp_path / "b.xlsx")["答卷"].cell(4, 1).value is None


def issue_survey_codes_for(db, actor, ids, template_id):
    with db.uow(actor) as uow:
        codes = [i.code for i in issue_survey_codes(uow, actor, ids, template_id)]
        uow.commit()
    return codes


def test_prefilled_codes_are_audited_and_scoped(issued, tmp_path):
    db, _wang, _ids, _codes, _t = issued
    other = factories.user(db, "li", Role.MANAGER, factories.branch(db, "0202", "城东支行"))
    assert write_answer_template(db, other, tmp_path / "o.xlsx").prefilled == 0
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert events == []
    assert write_answer_template(db, _wang, tmp_path / "w.xlsx").prefilled == 3
    with db.sessions() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert "答卷模板" in event.summary and "w.xlsx" in event.summary


def test_blank_template_and_bad_path(issued, tmp_path):
    db, wang, _ids, _codes, t = issued
    r = write_answer_template(db, wang, tmp_path / "blank.xlsx", t.id, prefill=False)
    assert r.prefilled == 0
    with pytest.raises(UserError, match=r"\.xlsx"):
        write_answer_template(db, wang, tmp_path / "x.csv")
    with pytest.raises(UserError, match="文件夹不存在"):
        write_answer_template(db, wang, tmp_path / "missing" / "x.xlsx")


def test_allowed_values_for_each_kind(issued):
    t = issued[4]
    by_kind = {q.kind: allowed_values(q) for q in t.questions}
    assert by_kind[K.TEXT] == "照抄客户写的文字（不超过 2000 字）"


def test_cli_template(issued, sqlite_url, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["--db", sqlite_url, "--as", "wang", "surveys", "template", "--out",
                 str(out)]) == 0
    said = capsys.readouterr().out
    assert "已生成答卷模板" in said and "预填 3 份" in said and out.exists()
    assert main(["--db", sqlite_url, "surveys", "template", "--out", str(out),
                 "--no-prefill"]) == 0
    assert "预填 0 份" in capsys.readouterr().out


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is needed")
def test_the_template_opens_in_libreoffice(issued, tmp_path):
    db, wang, _ids, codes, t = issued
    out = tmp_path / "template.xlsx"
    write_answer_template(db, wang, out)
    sheets = sheets_as_csv(out, tmp_path)
    assert {"答卷", "说明"} <= set(sheets)
    rows = sheets["答卷"]
    assert rows[2][:4] == ["问卷编号", "客户名称", "填写日期", question_header(t.questions[0])]
    assert [r[0] for r in rows[3:6]] == codes
    assert sheets["说明"][0][0] == "纸质问卷答卷录入说明"
