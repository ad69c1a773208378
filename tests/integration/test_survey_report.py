"""客户满意度分析报告: the workbook's figures against a hand-built dataset (opened with
openpyxl), the PDF's headings and numbers (pdftotext), masking, the product breakdown's
counting rule, the raw sheet's row cap, cancel, the audit, `report surveys` and its Chinese
errors, and the workbook opening in LibreOffice."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from crm.cli import main
from crm.domain.errors import ValidationError
from crm.models import AuditEvent, Customer, Loan
from crm.queries.surveys import AnalysisFilter, product_breakdown, survey_analysis
from crm.reports.excel import ExportCancelled
from crm.reports.survey_report import parse_period, survey_report
from tests import factories
from tests.integration.test_surveys import answers, record, world  # noqa: F401

FLT = AnalysisFilter(202607, 202612)
PHONE = "13812345678"


@pytest.fixture
def hand(world):  # noqa: F811
    """December 2026: 张三 5s and NPS 10 (with a text answer holding a phone number), 李四 2s
    and NPS 3, 王五 (another manager) 4s and NPS 8; June 2026 (the previous period): 张三 3s
    and NPS 9. Loans: 张三 two 个人经营贷 and a 个人消费贷, 李四 a 个人消费贷, 王五 none."""
    w = world
    record(w, w.c1, answers(w.t, likert=5, nps=10, text_=f"很满意，有事请打{PHONE}"))
    record(w, w.c2, answers(w.t, likert=2, nps=3))
    w.c3 = factories.customer(w.db, "王五", owner=w.other)
    record(w, w.c3, answers(w.t, likert=4, nps=8), actor=w.other)
    record(w, w.c1, answers(w.t, likert=3, nps=9), at=datetime(2026, 6, 15, tzinfo=timezone.utc))
    with w.db.sessions() as s:
        for n, (cid, product) in enumerate(((w.c1, "个人经营贷"), (w.c1, "个人经营贷"),
                                            (w.c1, "个人消费贷"), (w.c2, "个人消费贷"))):
            s.add(Loan(loan_no=f"L{n}", customer_id=cid, product=product))
        s.commit()
        w.numbers = list(s.scalars(select(Customer.id_number)))
    return w


def report(w, out: Path, actor=None, **kw):
    actor = actor or w.boss
    with w.db.uow(actor) as uow:
        result = survey_report(uow, actor, FLT, out, **kw)
        uow.commit()
    return result


def test_product_breakdown_counts_a_customer_once_under_each_product(hand):
    with hand.db.sessions() as s:
        rows = {f.label: f for f in product_breakdown(s, hand.boss, FLT)}
        a = survey_analysis(s, hand.boss, FLT)
    assert {k: f.responses for k, f in rows.items()} == {"个人消费贷": 2, "个人经营贷": 1,
                                                        "无贷款记录": 1}
    assert rows["个人消费贷"].nps.promoters == 1 and rows["个人消费贷"].nps.detractors == 1
    assert rows["个人消费贷"].likert_mean == pytest.approx(3.5) and rows["个人消费贷"].low == 1
    assert rows["无贷款记录"].nps.passives == 1
    # the previous period's headline now comes from the answer counts: one 9, 6 Likert 3s
    assert (a.previous_nps.promoters, a.previous_nps.n) == (1, 1) and a.previous_responses == 1
    assert a.csat_change == (pytest.approx(200 / 3), "↑")


def cells(ws) -> dict[str, list]:
    """{first cell: the row's values} for every row with text in column A."""
    return {r[0]: list(r) for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)}


def test_workbook_figures_masking_and_audit(hand, tmp_path):
    out = tmp_path / "满意度.xlsx"
    result = report(hand, out)
    assert (result.responses, result.raw_rows, result.texts) == (3, 3, 1)
    assert not result.raw_truncated
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "月度趋势", "按客户经理", "按网点", "按客群", "按产品", "按渠道",
                             "按问卷版本", "原始问卷", "文字意见"]
    s = wb["汇总"]
    rows = cells(s)
    assert "2026 年 7 月 至 2026 年 12 月" in s["A1"].value
    assert any("客户满意度调查" in k and "第 1 版" in k and "3 份" in k for k in rows)   # version
    assert rows["问卷数"][1:5] == [3, 1, 2, "↑"]
    nps = rows["NPS（推荐者% − 贬损者%）"]
    assert nps[1] == pytest.approx(0.0) and nps[2] == pytest.approx(100.0)
    assert nps[3] == pytest.approx(-100.0) and nps[4] == "↓"
    assert rows["推荐者（9–10 分）"][1:3] == [1, 1] and rows["贬损者（0–6 分）"][1:3] == [1, 0]
    csat = rows["CSAT（4–5 分占比）"]
    assert csat[1] == pytest.approx(2 / 3) and csat[2] == pytest.approx(0.0)
    eff = rows["服务效率"]
    # answers 5, 2, 4: n 3, mean 11/3, CSAT 2/3, counts 1–5 = 0 1 0 1 1; previous mean 3
    assert eff[1] == 3 and eff[2] == pytest.approx(11 / 3) and eff[3] == pytest.approx(2 / 3)
    assert eff[4:9] == [0, 1, 0, 1, 1] and eff[9] == pytest.approx(3.0)
    assert eff[10] == pytest.approx(2 / 3) and eff[13] == "↑"
    this = rows["本期"]
    assert this[1:12] == [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1] and this[12] == 3   # 0–10 counts
    # real numbers with formats
    row = next(r for r in s.iter_rows() if r[0].value == "服务效率")
    assert row[2].number_format == "0.00" and row[3].number_format == "0.0%"
    assert row[1].number_format == "#,##0"
    trend = cells(wb["月度趋势"])
    assert trend["2026-12"][1] == 3 and trend["2026-11"][1] == 0
    assert wb["月度趋势"].freeze_panes == "B2"
    assert {r[0]: r[1] for r in wb["按产品"].iter_rows(min_row=2, values_only=True)
            if r[0] and r[1] is not None} == {"个人消费贷": 2, "个人经营贷": 1, "无贷款记录": 1}
    assert any("各计一次" in (r[0] or "") for r in wb["按产品"].iter_rows(values_only=True))
    managers = {r[0]: r[1] for r in wb["按客户经理"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert managers == {"王经理": 2, "jingli02": 1}
    # raw responses: one row per response, each question a column, customers masked
    raw = wb["原始问卷"]
    head = [c.value for c in raw[1]]
    assert head[:3] == ["编号", "问卷编码", "采集时间"] and head[-2:] == ["Likert 均分", "触发整改"]
    q_cols = [i for i, h in enumerate(head) if h and h.startswith("服务效率：")]
    assert len(q_cols) == 2 and len(head) == 12 + 10 + 2     # the Likert and the choice question
    body = list(raw.iter_rows(min_row=2, values_only=True))
    assert len(body) == 3 and raw.freeze_panes == "C2"
    by_name = {r[7]: r for r in body}
    assert set(by_name) == {"张三", "李四", "王五"}
    assert by_name["李四"][q_cols[0]] == 2 and by_name["李四"][-1] == "是"
    assert by_name["张三"][-2] == pytest.approx(5.0) and by_name["张三"][-1] == "否"
    assert isinstance(by_name["张三"][2], datetime)
    assert all("********" in r[8] for r in body)
    texts = list(wb["文字意见"].iter_rows(min_row=2, values_only=True))
    assert len(texts) == 1 and texts[0][3] == "张三" and texts[0][8].startswith("很满意")
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3                               # dimensions, NPS trend, CSAT trend
    assert not any(n in xml for n in hand.numbers) and PHONE not in xml and "138****5678" in xml
    with hand.db.sessions() as s2:
        audit = s2.scalars(select(AuditEvent.summary).where(AuditEvent.action == "export")).all()
    assert any("客户满意度分析报告" in a and "满意度.xlsx" in a for a in audit)


def test_a_manager_reports_only_their_own_surveys(hand, tmp_path):
    result = report(hand, tmp_path / "mine.xlsx", actor=hand.other)
    wb = load_workbook(tmp_path / "mine.xlsx")
    assert result.responses == 1 and [r[7] for r in wb["原始问卷"].iter_rows(
        min_row=2, values_only=True)] == ["王五"]
    assert any("客户经理：jingli02（本人管户）" in k for k in cells(wb["汇总"]))


def test_the_raw_sheet_stops_at_the_cap_with_a_note(hand, tmp_path):
    result = report(hand, tmp_path / "cap.xlsx", raw_limit=2)
    assert result.raw_truncated and result.raw_rows == 2
    rows = list(load_workbook(tmp_path / "cap.xlsx")["原始问卷"].iter_rows(min_row=2,
                                                                        values_only=True))
    assert len(rows) == 3 and "仅列出前 2 份" in rows[-1][0]


def test_cancel_leaves_no_file(hand, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        report(hand, folder / "cancel.xlsx", cancel=lambda: True)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftotext", "pdffonts")),
                    reason="poppler-utils")
def test_pdf_headings_figures_and_masking(hand, tmp_path):
    out = tmp_path / "满意度.pdf"
    report(hand, out)
    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)     # embedded
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    for heading in ("客户满意度分析报告", "2026 年 7 月 至 2026 年 12 月", "一、总体情况",
                    "二、各维度满意度", "三、月度趋势", "四、分组分析", "五、闭环整改与意见建议",
                    "六、客户文字意见", "各维度均分", "各维度评分分布", "NPS 与 CSAT 月度趋势"):
        assert heading in text, heading
    assert "66.7%" in text and "3.67" in text and "↓ -100.0" in text     # CSAT, mean, NPS
    assert "个人经营贷" in text and "无贷款记录" in text and "王经理" in text
    assert "很满意" in text and "张三" in text
    assert PHONE not in text and not any(n in text for n in hand.numbers)


def test_parse_period_names_the_field():
    assert parse_period("2026-01", " 2026-06 ") == AnalysisFilter(202601, 202606)
    with pytest.raises(ValidationError) as e:
        parse_period("2026/01", "2026-13")
    assert set(e.value.fields) == {"from", "to"} and "YYYY-MM" in e.value.message
    with pytest.raises(ValidationError, match="早于"):
        parse_period("2026-06", "2026-01")


def test_cli_report_surveys(hand, tmp_path, capsys):
    if hand.db.engine.dialect.name != "sqlite":
        pytest.skip("the command line test runs once, on SQLite")
    url = str(hand.db.engine.url)
    out = tmp_path / "s.pdf"
    assert main(["--db", url, "--as", "zhuguan", "report", "surveys", "--from", "2026-07",
                 "--to", "2026-12", "--out", str(out)]) == 0
    assert "问卷 3 份" in capsys.readouterr().out and out.stat().st_size > 10000
    assert main(["--db", url, "report", "surveys", "--from", "2026-7-1", "--to", "2026-12",
                 "--out", str(out)]) == 1
    assert "开始月份（--from）“2026-7-1”格式不对" in capsys.readouterr().err
    assert main(["--db", url, "report", "surveys", "--from", "2026-07", "--to", "2026-12",
                 "--out", str(tmp_path / "s.docx")]) == 1
    assert ".pdf 或 .xlsx" in capsys.readouterr().err


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is needed")
def test_the_workbook_opens_in_libreoffice(hand, tmp_path):
    if hand.db.engine.dialect.name != "sqlite":
        pytest.skip("once is enough")
    out = tmp_path / "lo.xlsx"
    report(hand, out)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "pdf" / "lo.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "客户满意度分析报告" in text and "服务效率" in text and "个人消费贷" in text
