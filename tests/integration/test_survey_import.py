"""Paper questionnaire answers imported from a messy Excel sheet: good rows recorded (a low one
opens a remediation case), bad rows rejected with the row, the column and a Chinese reason,
blank rows skipped; the counts add up and the error report holds every rejected row."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from crm.cli import main
from crm.domain.enums import CaseStatus, Role, SurveyChannel
from crm.domain.errors import UserError
from crm.domain.surveys import new_survey_code
from crm.importing.survey_answers import import_survey_answers
from crm.models import RemediationCase, SurveyResponse
from crm.models.surveys import SurveyInvitation
from crm.persistence.engine import connect
from tests import factories


@pytest.fixture
def issued(sqlite_url):
    db = connect(sqlite_url)
    b = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, b, "王经理")
    ids, codes, t = factories.issued_survey_codes(db, wang, ("王一", "王二", "王三", "王四", "王五"))
    yield db, wang, ids, codes, t
    db.dispose()


GOOD = [5, "5 分钟以内", 4, 5, "暂无需求", 5, 4, 5, 10, "服务很好"]
LOW = ["非常不满意", 2, "一般", 3, "", "不满意", 2, 2, 3, "催收电话太频繁"]   # labels and an option number


def _sheet(path, t, codes, day):
    wb = Workbook()
    ws = wb.active
    ws.append(["纸质问卷答案录入表"])                                     # a title row above the header
    heads = [t.questions[0].text] + [f"Q{n}" for n in range(2, 9)] + ["第9题", "10. 意见建议"]
    ws.append(["问卷编号", "客户名称", "填写日期", *heads])
    ws.append([codes[0], "王一", day, *GOOD])                             # row 3: good
    ws.append([codes[1].lower().replace("-", " "), "王二", day.isoformat(), *LOW])   # row 4: low, typed loosely
    ws.append(["S2612-XXXX", "王三", day, *GOOD])                         # row 5: bad format
    ws.append([codes[2], "王三", day, 5, None, 7, 4, None, 4, 4, 4, 9, None])   # row 6: Q3 = 7
    ws.append([codes[0], "王一", day, *GOOD])                             # row 7: duplicate of row 3
    ws.append([None] * 13)                                                # row 8: blank
    ws.append([new_survey_code(day), "某人", day, *GOOD])                 # row 9: never issued
    ws.append([codes[3], "王四", day, 5, None, 5, 5, None, 5, None, 5, 10, None])   # row 10: Q7 missing
    ws.append([codes[4], "王五", "上周", *GOOD])                          # row 11: bad date
    wb.save(path)


def test_a_messy_sheet(issued, sqlite_url, tmp_path, capsys):
    db, wang, ids, codes, t = issued
    day = date.today() - timedelta(days=2)
    path, errors = tmp_path / "答案.xlsx", tmp_path / "错误.xlsx"
    _sheet(path, t, codes, day)
    assert main(["--db", sqlite_url, "--as", "wang", "surveys", "import", str(path),
                 "--errors", str(errors), "--json"]) == 0
    said = capsys.readouterr().out
    assert "录入 2 份答卷，拒绝 6 行，跳过空行 1 行" in said and "整改事项 1 件" in said
    assert '"rows_read": 9' in said

    with db.sessions() as s:
        responses = s.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
        cases = s.scalars(select(RemediationCase)).all()
        used = dict(s.execute(select(SurveyInvitation.code, SurveyInvitation.response_id)).all())
    assert [r.customer_id for r in responses] == ids[:2]
    assert all(r.channel is SurveyChannel.PAPER for r in responses)
    assert [r.survey_code for r in responses] == codes[:2]
    assert responses[0].positive and responses[0].nps == 10
    assert responses[1].low and responses[1].likert_sum == 1 + 3 + 3 + 2 + 2 + 2
    assert responses[0].collected_at.date() in (day, day - timedelta(days=1))
    assert used[codes[0]] == responses[0].id and used[codes[2]] is None
    assert [(c.customer_id, c.status) for c in cases] == [(ids[1], CaseStatus.OPEN)]
    assert "服务效率 1 分" in cases[0].trigger

    rows = list(load_workbook(errors).active.iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    assert head[:3] == ("问卷编号", "客户名称", "填写日期") and head[-2:] == ("行号", "原因")
    reasons = {r[-2]: r[-1] for r in body}
    assert sorted(reasons) == [5, 6, 7, 9, 10, 11]
    assert "【问卷编号】" in reasons[5] and "格式不正确" in reasons[5]
    assert "【Q3】" in reasons[6] and "1–5" in reasons[6]
    assert "与第 3 行的问卷编号重复" in reasons[7]
    assert "不存在" in reasons[9]
    assert "【Q7】" in reasons[10] and "必答" in reasons[10]
    assert "【填写日期】" in reasons[11]
    # nothing lost: the report keeps what was typed
    assert [r[0] for r in body if r[-2] == 5] == ["S2612-XXXX"]


def test_fixed_rows_import_again_and_a_recorded_code_is_refused(issued, tmp_path):
    db, wang, ids, codes, t = issued
    day = date.today() - timedelta(days=1)
    path = tmp_path / "a.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["问卷编号", *[f"Q{n}" for n in range(1, 11)]])
    ws.append([codes[2], *GOOD])
    wb.save(path)
    first = import_survey_answers(db, wang, path)
    assert first.counts["recorded"] == 1 and not first.issues
    again = import_survey_answers(db, wang, path)
    assert again.counts == {"rows_read": 1, "recorded": 0, "rejected": 1, "skipped": 0, "cases": 0}
    assert "已录入" in again.issues[0].message and "第 2 行" in again.issues[0].message
    dry = tmp_path / "b.xlsx"
    ws.cell(2, 1, codes[3])
    wb.save(dry)
    report = import_survey_answers(db, wang, dry, dry_run=True)
    assert report.counts["recorded"] == 1
    with db.sessions() as s:
        assert s.scalar(select(SurveyInvitation.response_id)
                        .where(SurveyInvitation.code == codes[3])) is None
    del day


def test_a_sheet_without_a_code_column_is_refused(issued, tmp_path, sqlite_url, capsys):
    path = tmp_path / "c.xlsx"
    wb = Workbook()
    wb.active.append(["客户名称", "Q1"])
    wb.active.append(["王一", 5])
    wb.save(path)
    assert main(["--db", sqlite_url, "surveys", "import", str(path)]) == 1
    assert "问卷编号" in capsys.readouterr().err


def test_cancel_records_nothing(issued, tmp_path):
    db, wang, _ids, codes, _t = issued
    path = tmp_path / "d.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["问卷编号", *[f"Q{n}" for n in range(1, 11)]])
    for code in codes[:3]:
        ws.append([code, *GOOD])
    wb.save(path)
    seen = []
    with pytest.raises(UserError, match="已取消"):
        import_survey_answers(db, wang, path, progress=lambda d, t, label: seen.append(d),
                              cancel=lambda: bool(seen))   # after the first row
    with db.sessions() as s:
        assert s.scalars(select(SurveyResponse)).all() == []
