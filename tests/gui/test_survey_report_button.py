"""满意度分析 → 导出报告…: the file dialog (monkeypatched) gives a name without a suffix and
the PDF filter, the report is written off the UI thread, the saved path shows beside the
button in Chinese; 按产品 loads on demand with its counting note."""
from __future__ import annotations

from datetime import datetime, timezone

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from crm.domain.actors import Actor
from crm.domain.enums import QuestionKind, SurveyChannel
from crm.domain.surveys import AnswerInput
from crm.models import Loan
from crm.services import surveys as sv
from tests.gui.test_surveys_page import WAIT, idle, make_page, world  # noqa: F401


def answered(db, cid, manager) -> None:
    with db.uow(manager) as uow:
        t = sv.ensure_default_template(uow)
        ans = tuple(AnswerInput(q.id, score=4) if q.kind is QuestionKind.LIKERT5 else
                    AnswerInput(q.id, score=9) if q.kind is QuestionKind.SCALE10 else
                    AnswerInput(q.id, text="希望增加网点") if q.kind is QuestionKind.TEXT else
                    AnswerInput(q.id) for q in t.questions if q.kind is not QuestionKind.CHOICE)
        sv.record_response(uow, manager, sv.ResponseDraft(
            cid, SurveyChannel.PHONE, ans, t.id, collected_at=datetime.now(timezone.utc)))
        uow.commit()
    with db.uow(Actor.cli()) as uow:
        uow.session.add(Loan(loan_no="GUI-1", customer_id=cid, product="个人经营贷"))
        uow.commit()


def test_export_report_button_writes_the_file_and_says_where(qtbot, world, tmp_path,  # noqa: F811
                                                             monkeypatch):
    db, ctx = world["db"], world["boss"]
    answered(db, world["cid"], world["wang"].actor)
    page = make_page(qtbot, ctx)
    analysis = page.analysis
    page.tabs.setCurrentWidget(analysis)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: analysis.analysis is not None and analysis.analysis.responses == 1,
                    timeout=WAIT)
    assert analysis.export_button.text() == "导出报告…"

    # 按产品, on demand
    keys = [analysis.breakdown.itemData(i) for i in range(analysis.breakdown.count())]
    analysis.breakdown.setCurrentIndex(keys.index("product"))
    qtbot.waitUntil(lambda: len(analysis.breakdown_model.records) == 1, timeout=WAIT)
    assert analysis.breakdown_model.records[0].label == "个人经营贷"
    assert "各计一次" in analysis.breakdown_note.text()

    asked = []

    def save_name(parent, caption, name, filters):
        asked.append((caption, name, filters))
        return str(tmp_path / "满意度报告"), "PDF 文件 (*.pdf)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    analysis.export_button.click()
    out = tmp_path / "满意度报告.pdf"
    qtbot.waitUntil(lambda: "已保存到" in analysis.export_status.text(), timeout=WAIT)
    assert asked and asked[0][0] == "导出满意度分析报告" and asked[0][1].endswith(".xlsx")
    assert "*.pdf" in asked[0][2] and "*.xlsx" in asked[0][2]
    assert out.stat().st_size > 10000 and str(out) in analysis.export_status.text()
    assert "问卷 1 份" in analysis.export_status.text() and analysis.export_button.isEnabled()

    # the same through export_report to a workbook: the raw sheet has the response
    done = []
    analysis.export_report(str(tmp_path / "r.xlsx"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    rows = list(load_workbook(tmp_path / "r.xlsx")["原始问卷"].iter_rows(min_row=2,
                                                                        values_only=True))
    assert len(rows) == 1 and rows[0][7] == "张三"
