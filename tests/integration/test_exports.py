"""Excel exports as the branch opens them: openpyxl and LibreOffice read back what was meant."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from crm.domain.actors import Actor
from crm.domain.enums import (
    AlertStatus, ContactChannel, ContactDirection, ContactOutcome, ContactParty, PlanMethod,
    PlanStatus, QuestionKind, RiskLevel, Role, SurveyChannel, VisitPurpose, VisitStatus,
)
from crm.domain.errors import PermissionDenied, UserError
from crm.domain.surveys import AnswerInput
from crm.models import (
    AuditEvent, ContactRecord, Customer, Loan, RepaymentPlan, RiskAlert, VisitPlan, VisitStaff,
)
from crm.reports import exports
from crm.reports.excel import MONEY_FORMAT, ExportCancelled
from crm.reports.exports import ExportRequest, run_export
from crm.services.surveys import ResponseDraft, ensure_default_template, record_response
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
UTC = timezone.utc


@pytest.fixture
def branch_data(db):
    """A branch with two managers and a supervisor; 王小明 (m1) has a loan, a contact with a
    phone number in its summary, a visit with m2 as second staff, an alert and a plan."""
    branch = factories.branch(db)
    m1 = factories.user(db, "m1", Role.MANAGER, branch, "张经理")
    m2 = factories.user(db, "m2", Role.MANAGER, branch, "李经理")
    boss = factories.user(db, "boss", Role.SUPERVISOR, branch, "王主管")
    cid = factories.customer(db, "王小明", owner=m1, overdue_days=40)
    other = factories.customer(db, "赵六", owner=m2)
    with db.uow(Actor.cli()) as uow:
        s = uow.session
        customer = s.get(Customer, cid)
        customer.total_balance = Decimal("123456.78")
        loan = Loan(loan_no="JJ2024000001", customer_id=cid, product="个人经营贷",
                    principal=Decimal("200000.00"), balance=Decimal("123456.78"),
                    disbursed_on=date(2024, 3, 15), maturity_on=date(2027, 3, 15),
                    overdue_days=40, overdue_amount=Decimal("3500.50"))
        s.add(loan)
        s.flush()
        s.add(ContactRecord(customer_id=cid, loan_id=loan.id, user_id=m1.user_id,
                            channel=ContactChannel.PHONE, direction=ContactDirection.OUTBOUND,
                            party=ContactParty.BORROWER,
                            contacted_at=datetime(2026, 5, 1, 2, 30, tzinfo=UTC),
                            outcome=ContactOutcome.PROMISED,
                            summary="客户改用新号码13912345678，承诺月底还款",
                            promise_amount=Decimal("3500.50"), promise_date=date(2026, 5, 31)))
        s.add(ContactRecord(customer_id=other, user_id=m2.user_id, channel=ContactChannel.SMS,
                            direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER,
                            contacted_at=datetime(2026, 4, 1, 2, 0, tzinfo=UTC),
                            outcome=ContactOutcome.NO_ANSWER, summary="未回复"))
        visit = VisitPlan(customer_id=cid, planned_on=date(2026, 5, 6), window_start=time(9),
                          window_end=time(11), purpose=VisitPurpose.COLLECT,
                          status=VisitStatus.APPOINTED, route_order=2, checklist={},
                          reason_codes=[])
        s.add(visit)
        s.flush()
        s.add_all([VisitStaff(visit_id=visit.id, user_id=m1.user_id, lead=True),
                   VisitStaff(visit_id=visit.id, user_id=m2.user_id, lead=False)])
        s.add(RiskAlert(customer_id=cid, rule_code="overdue_30", level=RiskLevel.HIGH,
                        status=AlertStatus.NEW, reason="逾期超过30天",
                        raised_at=datetime(2026, 5, 2, 1, 0, tzinfo=UTC)))
        s.add(RepaymentPlan(customer_id=cid, arrears_amount=Decimal("3500.50"), grace_months=1,
                            instalment_count=6, method=PlanMethod.EQUAL,
                            first_due_on=date(2026, 6, 30), status=PlanStatus.ACTIVE))
        id_number = customer.id_number
        uow.commit()
    return {"m1": m1, "m2": m2, "boss": boss, "id_number": id_number, "branch": branch}


def book(path):
    wb = load_workbook(path)
    return wb, wb.worksheets[0]


def data_rows(ws):
    return list(ws.iter_rows(min_row=3))


def all_text(wb) -> str:
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def export_events(db):
    with db.sessions() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.action == "export")
                         .order_by(AuditEvent.id)).all()


# --- what every export has ---------------------------------------------------------------------

def test_customer_export_has_title_frozen_filtered_header_typed_cells_and_notes(
        db, branch_data, tmp_path):
    out = tmp_path / "客户.xlsx"
    result = exports.export_customers(db, branch_data["m1"], out)
    assert result.rows == 1
    wb, ws = book(out)
    assert wb.sheetnames == ["客户清单", "说明"]
    title = ws["A1"].value
    assert "客户清单" in title and "张经理 管户的客户" in title and "张经理（客户经理）" in title
    assert "导出时间" in title and "已脱敏" in title
    assert ws["A2"].value == "客户名称" and ws["A2"].font.b
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:N3"
    row = {ws.cell(2, c.column).value: c for c in data_rows(ws)[0]}
    assert row["客户名称"].value == "王小明"
    assert row["贷款余额合计"].value == pytest.approx(123456.78)
    assert row["贷款余额合计"].number_format == MONEY_FORMAT
    assert isinstance(row["最长逾期天数"].value, int) and row["最长逾期天数"].value == 40
    assert row["证件号码"].value.startswith(branch_data["id_number"][:6]) and "*" in \
        row["证件号码"].value
    assert branch_data["id_number"] not in all_text(wb)
    assert ws.column_dimensions["A"].width >= 8             # 客户名称: 4 CJK chars + filter
    notes = dict(r for r in wb["说明"].iter_rows(min_row=2, values_only=True))
    assert notes["导出内容"] == "客户清单" and notes["行数"] == "1"
    assert "已脱敏" in notes["脱敏"] and "前6位" in notes["脱敏"]
    [event] = export_events(db)
    assert event.after["rows"] == 1 and event.after["unmasked"] is False
    assert event.after["what"] == "customers" and "客户.xlsx" in event.summary


def test_unmasked_needs_the_role_and_then_shows_the_full_id(db, branch_data, tmp_path):
    with pytest.raises(PermissionDenied, match="未脱敏"):
        exports.export_customers(db, branch_data["m1"], tmp_path / "full.xlsx", unmasked=True)
    assert not (tmp_path / "full.xlsx").exists()
    result = exports.export_customers(db, branch_data["boss"], tmp_path / "full.xlsx",
                                      unmasked=True)
    assert result.rows == 2                                   # the whole branch
    wb, ws = book(tmp_path / "full.xlsx")
    assert branch_data["id_number"] in all_text(wb)
    assert "未脱敏" in ws["A1"].value and "西湖支行全部客户" in ws["A1"].value
    assert "未脱敏" in dict(wb["说明"].iter_rows(min_row=2, values_only=True))["脱敏"]
    assert [e.after["unmasked"] for e in export_events(db)] == [True]


def test_loans_have_real_dates_and_amounts(db, branch_data, tmp_path):
    out = tmp_path / "loans.xlsx"
    exports.export_loans(db, branch_data["m1"], out)
    _wb, ws = book(out)
    row = {ws.cell(2, c.column).value: c for c in data_rows(ws)[0]}
    assert row["借据号"].value == "JJ2024000001"
    assert row["放款日期"].is_date and row["放款日期"].value.date() == date(2024, 3, 15)
    assert row["放款日期"].number_format == "yyyy-mm-dd"
    assert row["逾期金额"].value == pytest.approx(3500.50)
    assert "¥" in row["逾期金额"].number_format and "#,##0.00" in row["逾期金额"].number_format


def test_contacts_in_a_date_range_in_local_time_with_free_text_masked(db, branch_data, tmp_path):
    out = tmp_path / "contacts.xlsx"
    req = ExportRequest("contacts", date_from=date(2026, 5, 1), date_to=date(2026, 5, 1))
    assert run_export(db, branch_data["boss"], req, out).rows == 1   # 赵六's is in April
    wb, ws = book(out)
    row = {ws.cell(2, c.column).value: c.value for c in data_rows(ws)[0]}
    assert row["联系时间"] == datetime(2026, 5, 1, 10, 30)          # 02:30 UTC = 10:30 Shanghai
    assert row["渠道"] == ContactChannel.PHONE.label and row["记录人"] == "张经理"
    assert "139****5678" in row["摘要"] and "13912345678" not in all_text(wb)
    assert row["承诺金额"] == pytest.approx(3500.50)
    notes = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert notes["联系日期"] == "2026-05-01 至 2026-05-01"
    assert export_events(db)[-1].after["filter"] == {"联系日期": "2026-05-01 至 2026-05-01"}


def test_visit_plan_lists_route_staff_and_reaches_the_second_staff_member(
        db, branch_data, tmp_path):
    req = ExportRequest("visits", date_from=date(2026, 5, 4), date_to=date(2026, 5, 10))
    for who in ("m1", "m2"):                 # m2 is not the owner but goes on the visit
        out = tmp_path / f"visits_{who}.xlsx"
        assert run_export(db, branch_data[who], req, out).rows == 1
    _wb, ws = book(tmp_path / "visits_m2.xlsx")
    row = {ws.cell(2, c.column).value: c.value for c in data_rows(ws)[0]}
    assert row["计划日期"] == datetime(2026, 5, 6) and row["路线顺序"] == 2
    assert row["时间窗口"] == "09:00–11:00"
    assert row["走访人员"] == "张经理（主办）、李经理"
    assert row["客户姓名"] == "王小明" and "*" in row["证件号码"] and "*" in row["联系电话"]
    assert row["走访目的"] == VisitPurpose.COLLECT.label
    assert row["状态"] == VisitStatus.APPOINTED.label
    outside = ExportRequest("visits", date_from=date(2026, 5, 7), date_to=date(2026, 5, 31))
    assert run_export(db, branch_data["m1"], outside, tmp_path / "none.xlsx").rows == 0


def test_alerts_and_repayment_plans(db, branch_data, tmp_path):
    run_export(db, branch_data["m1"], ExportRequest("alerts"), tmp_path / "alerts.xlsx")
    _wb, ws = book(tmp_path / "alerts.xlsx")
    row = {ws.cell(2, c.column).value: c.value for c in data_rows(ws)[0]}
    assert row["预警时间"] == datetime(2026, 5, 2, 9, 0)
    assert row["预警级别"] == RiskLevel.HIGH.label and row["状态"] == AlertStatus.NEW.label
    assert row["管户经理"] == "张经理" and row["原因"] == "逾期超过30天"
    assert run_export(db, branch_data["m2"], ExportRequest("alerts"),
                      tmp_path / "a2.xlsx").rows == 0                     # not m2's customer
    run_export(db, branch_data["m1"], ExportRequest("plans"), tmp_path / "plans.xlsx")
    _wb, ws = book(tmp_path / "plans.xlsx")
    row = {ws.cell(2, c.column).value: c for c in data_rows(ws)[0]}
    assert row["欠款金额"].value == pytest.approx(3500.50)
    assert row["欠款金额"].number_format == MONEY_FORMAT
    assert row["期数"].value == 6 and row["首期还款日"].is_date


def _answers(t, scores: dict[int, int | str]) -> tuple[AnswerInput, ...]:
    out = []
    for q in t.questions:
        v = scores.get(q.seq)
        if v is None:
            continue
        out.append(AnswerInput(q.id, score=v) if isinstance(v, int) else
                   AnswerInput(q.id, choice=v) if q.kind is QuestionKind.CHOICE else
                   AnswerInput(q.id, text=v))
    return tuple(out)


def test_survey_results_one_row_per_response_with_dimension_scores(db, branch_data, tmp_path):
    m1, m2 = branch_data["m1"], branch_data["m2"]
    with db.uow(Actor.cli()) as uow:
        t = ensure_default_template(uow)
        cid, other = (uow.session.scalar(select(Customer.id).where(Customer.name == n))
                      for n in ("王小明", "赵六"))
        record_response(uow, m1, ResponseDraft(cid, SurveyChannel.PHONE, _answers(t, {
            1: 2, 2: "5 分钟以内", 3: 4, 4: 3, 6: 5, 7: 1, 8: 3, 9: 6,
            10: "请换个号码联系我13912345678"}), template_id=t.id,
            collected_at=datetime(2026, 5, 3, 1, 0, tzinfo=UTC)),
            now=datetime(2026, 5, 3, 2, 0, tzinfo=UTC))
        record_response(uow, m2, ResponseDraft(other, SurveyChannel.PAPER, _answers(t, {
            1: 5, 3: 5, 4: 5, 6: 5, 7: 5, 8: 5, 9: 10}), template_id=t.id,
            collected_at=datetime(2026, 4, 20, 1, 0, tzinfo=UTC)),
            now=datetime(2026, 5, 3, 2, 0, tzinfo=UTC))
        uow.commit()
    out = tmp_path / "surveys.xlsx"
    assert run_export(db, branch_data["boss"], ExportRequest("surveys"), out).rows == 2
    wb, ws = book(out)
    rows = [{ws.cell(2, c.column).value: c.value for c in r} for r in data_rows(ws)]
    assert [r["客户姓名"] for r in rows] == ["赵六", "王小明"]            # by time
    low = rows[1]
    assert low["调查时间"] == datetime(2026, 5, 3, 9, 0) and low["渠道"] == SurveyChannel.PHONE.label
    assert low["问卷（版本）"] == "客户满意度调查（标准版）（第 1 版）" and low["客户经理"] == "张经理"
    assert (low["服务效率"], low["服务质量"], low["产品多样性"], low["员工态度"],
            low["问题解决速度"], low["总体满意度"]) == (2, 4, 3, 5, 1, 3)
    assert low["推荐意愿（NPS 0–10）"] == 6 and low["低分（已开整改）"] == "是"
    assert low["选择题回答"] == "第2题：5 分钟以内"
    assert "139****5678" in low["意见建议"] and "13912345678" not in all_text(wb)
    assert "*" in low["证件号码"] and rows[0]["好评"] == "是"
    assert export_events(db)[-1].entity == "survey_responses"
    # a manager sees their own customers' responses; a date range in local days
    assert run_export(db, m2, ExportRequest("surveys"), tmp_path / "m2.xlsx").rows == 1
    may = ExportRequest("surveys", date_from=date(2026, 5, 1), date_to=date(2026, 5, 31))
    assert run_export(db, branch_data["boss"], may, tmp_path / "may.xlsx").rows == 1
    notes = dict(load_workbook(tmp_path / "may.xlsx")["说明"].iter_rows(min_row=2, values_only=True))
    assert notes["调查日期"] == "2026-05-01 至 2026-05-31"


def test_bad_requests_are_clear_chinese_errors(db, branch_data, tmp_path):
    m1 = branch_data["m1"]
    tmp_path = tmp_path / "out"   # the SQLite file lives in tmp_path itself
    tmp_path.mkdir()
    with pytest.raises(UserError, match="晚于"):
        run_export(db, m1, ExportRequest("visits", date_from=date(2026, 5, 9),
                                         date_to=date(2026, 5, 1)), tmp_path / "v.xlsx")
    with pytest.raises(UserError, match="不按日期筛选"):
        run_export(db, m1, ExportRequest("customers", date_from=date(2026, 5, 1)),
                   tmp_path / "c.xlsx")
    with pytest.raises(UserError, match="不存在"):
        run_export(db, m1, ExportRequest("customers"), tmp_path / "nope" / "c.xlsx")
    with pytest.raises(UserError, match=".xlsx"):
        run_export(db, m1, ExportRequest("customers"), tmp_path / "c.csv")
    assert list(tmp_path.iterdir()) == [] and export_events(db) == []


# --- cancel ------------------------------------------------------------------------------------

def test_a_cancelled_export_leaves_the_old_file_and_no_part_file(db, branch_data, tmp_path,
                                                                 monkeypatch):
    for n in range(5):
        factories.customer(db, f"客户{n}", owner=branch_data["m1"])
    monkeypatch.setattr(exports, "PAGE", 2)
    tmp_path = tmp_path / "out"   # the SQLite file lives in tmp_path itself
    tmp_path.mkdir()
    out = tmp_path / "客户.xlsx"
    out.write_bytes(b"yesterday's export")
    seen = []

    def progress(done, total, label):
        seen.append((done, total, label))

    with pytest.raises(ExportCancelled, match="已取消"):
        exports.export_customers(db, branch_data["m1"], out, progress=progress,
                                 cancel=lambda: len(seen) >= 2)
    assert out.read_bytes() == b"yesterday's export"
    assert [p.name for p in tmp_path.iterdir()] == ["客户.xlsx"]
    assert seen[1][:2] == (2, 6) and "客户清单" in seen[1][2]
    assert export_events(db) == []                          # nothing was exported


# --- real programs -----------------------------------------------------------------------------

def _soffice_csv(xlsx: Path, outdir: Path) -> list[list[str]]:
    profile = outdir / "lo_profile"
    cmd = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}",
           "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
           "--outdir", str(outdir), str(xlsx)]
    env = {**os.environ, "HOME": str(outdir)}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    target = outdir / (xlsx.stem + ".csv")
    assert target.exists(), done.stdout + done.stderr
    with target.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; .ci/run installs it")
@pytest.mark.slow
def test_libreoffice_reads_back_the_same_values(db, branch_data, tmp_path):
    out = tmp_path / "loans.xlsx"
    exports.export_loans(db, branch_data["boss"], out, unmasked=True)
    rows = _soffice_csv(out, tmp_path / "lo")
    assert rows[0][0].startswith("贷款清单｜") and "未脱敏" in rows[0][0]
    assert rows[1][:3] == ["借据号", "客户名称", "证件号码"]
    values = dict(zip(rows[1], rows[2]))
    assert values["借据号"] == "JJ2024000001" and values["客户名称"] == "王小明"
    assert values["证件号码"] == branch_data["id_number"]
    assert values["贷款金额"] == "¥200,000.00" and values["逾期金额"] == "¥3,500.50"
    assert values["放款日期"] == "2024-03-15" and values["到期日期"] == "2027-03-15"
    assert values["逾期天数"] == "40"


def test_the_command_line_exports_visits_for_a_range(db, branch_data, tmp_path):
    if db.url.get_backend_name() != "sqlite":
        pytest.skip("the command line is exercised once, on SQLite")
    url = db.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("CRM_DB_URL", None)

    def crm(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "crm", "--db", url, *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120)

    out = tmp_path / "走访.xlsx"
    done = crm("--as", "m2", "export", "visits", "--from", "2026-05-01", "--to", "2026/05/31",
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "已导出 1 行走访计划" in done.stdout and "已脱敏" in done.stdout
    bad = crm("export", "visits", "--from", "2026-02-30", "--out", str(out))
    assert bad.returncode == 1 and "--from 的日期“2026-02-30”无效" in bad.stderr
    later = crm("export", "surveys", "--from", "2026-05-01", "--out", str(tmp_path / "问卷.xlsx"))
    assert later.returncode == 0 and "已导出 0 行问卷结果" in later.stdout, later.stderr
    refused = crm("--as", "m1", "export", "alerts", "--unmasked", "--out", str(out))
    assert refused.returncode == 1 and "未脱敏" in refused.stderr
    assert "Traceback" not in bad.stderr + later.stderr + refused.stderr


def test_the_list_view_export_keeps_its_order_and_describes_its_filter(db, branch_data,
                                                                        tmp_path):
    from crm.queries.customers import CustomerFilter

    boss = branch_data["boss"]
    with db.sessions() as s:
        ids = list(s.scalars(select(Customer.id).order_by(Customer.id.desc())))
    out = tmp_path / "view.xlsx"
    exports.export_customers(db, boss, out, ids=ids,
                             view=CustomerFilter(text=" 王 ", owner_id=branch_data["m1"].user_id,
                                                 open_alert=True))
    wb, ws = book(out)
    assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True)] == ["赵六", "王小明"]
    assert "客户列表当前视图，2 位" in ws["A1"].value
    notes = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert notes["搜索"] == "王" and notes["客户经理"] == "张经理" and notes["预警"] == "有未处理预警"
    assert export_events(db)[-1].after["filter"]["搜索"] == "王"
