"""Importing customer/loan lists, on SQLite and PostgreSQL: counts, upserts, undo, reports,
export round trip, the command line, and bad files that must leave the database untouched."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update

from crm.domain.actors import Actor
from crm.domain.enums import FiveTier, ImportStatus, Role
from crm.domain.errors import BadFileError, PermissionDenied, UserError
from crm.domain.identity import make_id_number
from crm.importing import collect, engine, export, fields, mappings, reader, report
from crm.importing.apply import summarise
from crm.models import (
    AuditEvent, Customer, FinancialSnapshot, ImportBatch, ImportChange, Loan, SavedView,
)
from tests import factories
from tests.data import make_corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"
ROW_KEYS = ("rows_inserted", "rows_updated", "unchanged", "duplicates", "skipped", "rejected")


def run(db, actor, path, dry_run=False, **kw):
    src = reader.open_source(path)
    mapping = fields.detect_mapping(src.headers)
    return engine.run_import(db, actor, src, mapping, dry_run=dry_run, **kw)


def add_up(counts):
    return counts["rows_read"] == sum(counts[k] for k in ROW_KEYS)


def table_counts(db):
    with db.sessions() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Customer, Loan, ImportBatch, ImportChange, AuditEvent,
                          FinancialSnapshot)}


def customer(db, number):
    with db.sessions() as s:
        return s.scalar(select(Customer).where(Customer.id_number == number))


def loans_of(db, customer_id):
    with db.sessions() as s:
        return {loan.loan_no: loan for loan in s.scalars(
            select(Loan).where(Loan.customer_id == customer_id))}


def check_summaries(db):
    """Every customer's summary columns equal the aggregate of its loans."""
    with db.sessions() as s:
        for c in s.scalars(select(Customer)):
            loans = [{"balance": x.balance, "overdue_amount": x.overdue_amount,
                      "overdue_days": x.overdue_days, "five_tier": x.five_tier,
                      "class_override": x.class_override, "status": x.status}
                     for x in s.scalars(select(Loan).where(Loan.customer_id == c.id))]
            expected = summarise(loans)
            got = {k: getattr(c, k) for k in expected}
            assert got == expected, c.name


def write_xlsx(path, headers, rows):
    wb = Workbook()
    wb.active.append(headers)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.fixture
def manager(db):
    branch = factories.branch(db)
    return factories.user(db, "wangli", Role.MANAGER, branch, display_name="王丽")


# --- the messy file ------------------------------------------------------------------------------

def test_messy_file_counts_add_up_and_values_land_parsed(db, manager, operator):
    rep = run(db, operator, CORPUS / "messy.xlsx")
    c = rep.counts
    assert {k: c[k] for k in make_corpus.EXPECTED} == make_corpus.EXPECTED
    assert add_up(c) and c["warnings"] == 5
    zhang = customer(db, make_corpus.ID1)
    assert zhang.name == "张三" and zhang.owner_id == manager.user_id
    assert zhang.branch_id == manager.branch_id
    assert zhang.phone == "+8613800138000" and zhang.phone_valid
    assert (zhang.total_balance, zhang.overdue_amount, zhang.max_overdue_days, zhang.worst_class) \
        == (Decimal("140000.00"), Decimal("3000.50"), 35, FiveTier.SPECIAL_MENTION)
    loans = loans_of(db, zhang.id)
    assert loans["JJ001"].balance == Decimal("125000.00")
    assert loans["JJ001"].disbursed_on == date(2023, 5, 6)
    assert loans["JJ002"].disbursed_on == date(2023, 5, 6)
    assert loans["JJ001"].principal == Decimal("200000.00")
    li = customer(db, make_corpus.ID2)
    assert li.id_number.endswith("X") and li.phone == "+8657187654321"
    assert loans_of(db, li.id)["JJ003"].principal == Decimal("120000.00")
    wang = customer(db, "330106197506301233")  # the 15-digit number, converted
    assert wang.phone == "12345" and not wang.phone_valid and wang.owner_id is None
    assert customer(db, make_corpus.ID8) is not None  # customer kept, loan without number not
    assert {i.row for i in rep.errors} == {11, 12, 13}
    check_summaries(db)
    rep_rows = rep.issues_by_row()
    assert any("校验位" in i.reason for i in rep_rows[11])


def test_import_is_audited_and_the_batch_keeps_the_counts(db, manager, operator):
    rep = run(db, operator, CORPUS / "messy.xlsx")
    with db.sessions() as s:
        batch = s.get(ImportBatch, rep.batch_id)
        assert batch.status is ImportStatus.APPLIED and batch.counts == rep.counts
        assert batch.sheet == "客户清单" and len(batch.sha256) == 64
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
        assert len(events) == 1 and events[0].entity_id == str(rep.batch_id)
        assert "新增客户 5 位" in events[0].summary
        snaps = s.scalars(select(FinancialSnapshot)).all()
        assert {sn.max_overdue_days for sn in snaps} == {35, 95}


def test_same_file_again_changes_nothing(db, manager, operator):
    first = run(db, operator, CORPUS / "messy.xlsx")
    before = table_counts(db)
    with db.sessions() as s:
        versions = dict(s.execute(select(Customer.id, Customer.version)).all())
    again = run(db, operator, CORPUS / "messy.xlsx")
    c = again.counts
    assert c["rows_inserted"] == c["rows_updated"] == 0 and add_up(c)
    assert c["unchanged"] == first.counts["rows_inserted"]
    assert c["customers_updated"] == c["loans_updated"] == 0
    after = table_counts(db)
    assert after["customers"] == before["customers"] and after["loans"] == before["loans"]
    assert after["import_changes"] == before["import_changes"]
    assert after["financial_snapshots"] == before["financial_snapshots"]
    with db.sessions() as s:
        assert dict(s.execute(select(Customer.id, Customer.version)).all()) == versions


@pytest.mark.parametrize("name", ["messy_gbk.csv", "messy_utf8_bom.csv", "messy_utf8.csv",
                                  "messy.xls"])
def test_other_formats_import_the_same(db, manager, operator, name):
    rep = run(db, operator, CORPUS / name)
    assert {k: rep.counts[k] for k in make_corpus.EXPECTED} == make_corpus.EXPECTED
    assert customer(db, make_corpus.ID1).total_balance == Decimal("140000.00")


def test_dry_run_counts_everything_and_writes_nothing(db, manager, operator):
    before = table_counts(db)
    dry = run(db, operator, CORPUS / "messy.xlsx", dry_run=True)
    assert table_counts(db) == before and dry.batch_id is None and dry.dry_run
    real = run(db, operator, CORPUS / "messy.xlsx")
    assert dry.counts == real.counts


# --- next quarter ------------------------------------------------------------------------------

HEAD = ["客户名称", "证件号码", "手机号码", "地址", "借据号", "贷款余额", "逾期天数", "逾期金额",
        "五级分类"]
A = make_id_number("330106", date(1981, 2, 3), 12)
B = make_id_number("330106", date(1982, 3, 4), 13)
C = make_id_number("330106", date(1983, 4, 5), 14)


def quarter1(tmp_path):
    return write_xlsx(tmp_path / "q1.xlsx", HEAD, [
        ["甲", A, "13800138001", "杭州市滨江区1号", "L1", 1000, 0, 0, "正常"],
        ["甲", A, "13800138001", "杭州市滨江区1号", "L2", 2000, 0, 0, "正常"],
        ["乙", B, "13800138002", "杭州市萧山区2号", "L3", 3000, 10, 100, "关注"],
    ])


def quarter2(tmp_path):
    # no address column: addresses must stay; L1 overdue now; 乙 pays off; 丙 is new
    return write_xlsx(tmp_path / "q2.xlsx", [h for h in HEAD if h != "地址"], [
        ["甲", A, "13800138001", "L1", 900, 40, 50, "关注类"],
        ["甲", A, "13800138001", "L2", 2000, 0, 0, "正常"],
        ["乙", B, "13800138009", "L3", 0, 0, 0, "正常"],
        ["丙", C, "13800138003", "L4", 5000, 0, 0, "正常"],
    ])


def test_next_quarter_updates_adds_and_never_blanks(db, operator, tmp_path):
    run(db, operator, quarter1(tmp_path))
    rep = run(db, operator, quarter2(tmp_path))
    c = rep.counts
    assert add_up(c)
    assert (c["rows_inserted"], c["rows_updated"], c["unchanged"]) == (1, 2, 1)
    assert (c["customers_inserted"], c["customers_updated"], c["loans_inserted"],
            c["loans_updated"], c["loans_unchanged"]) == (1, 1, 1, 2, 1)
    a, b = customer(db, A), customer(db, B)
    assert a.address == "杭州市滨江区1号" and b.address == "杭州市萧山区2号"
    assert (a.total_balance, a.max_overdue_days, a.worst_class) == (
        Decimal("2900.00"), 40, FiveTier.SPECIAL_MENTION)
    assert b.phone == "+8613800138009" and b.total_balance == Decimal("0.00")
    assert customer(db, C).total_balance == Decimal("5000.00")
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 3
        assert s.scalar(select(func.count()).select_from(Loan)) == 4
        snaps = s.scalars(select(FinancialSnapshot).where(
            FinancialSnapshot.customer_id == a.id)).all()
        assert [(x.max_overdue_days, x.overdue_amount) for x in snaps] == [(40, Decimal("50.00"))]
    check_summaries(db)


def test_a_minimal_file_never_blanks_other_fields(db, operator, tmp_path):
    run(db, operator, quarter1(tmp_path))
    path = write_xlsx(tmp_path / "min.xlsx", ["姓名", "身份证号", "借据号", "余额"],
                      [["甲", A, "L1", 800]])
    rep = run(db, operator, path)
    assert rep.counts["rows_updated"] == 1
    a = customer(db, A)
    assert a.phone == "+8613800138001" and a.address == "杭州市滨江区1号"
    loan = loans_of(db, a.id)["L1"]
    assert loan.balance == Decimal("800.00") and loan.five_tier is FiveTier.NORMAL


def test_customers_only_file(db, operator, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", ["客户姓名", "证件号", "住址"],
                      [["甲", A, "地址一"], ["乙", B, "地址二"]])
    rep = run(db, operator, path)
    assert rep.counts["customers_inserted"] == 2 and rep.counts["loans_inserted"] == 0


def test_conflicting_customer_rows_reject_the_later_one(db, operator, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", HEAD, [
        ["甲", A, "13800138001", "", "L1", 1, 0, 0, "正常"],
        ["甲乙", A, "13800138001", "", "L2", 1, 0, 0, "正常"],
        ["乙", B, "", "", "L3", 1, 0, 0, "正常"],
        ["乙", B, "", "", "L3", 2, 0, 0, "正常"],
    ])
    rep = run(db, operator, path)
    assert rep.counts["rejected"] == 2 and add_up(rep.counts)
    reasons = [i.reason for i in rep.errors]
    assert "客户信息不同" in reasons[0] and "内容不同" in reasons[1]
    assert customer(db, A).name == "甲"


# --- all or nothing ----------------------------------------------------------------------------

@pytest.mark.parametrize("phase", ["read", "write"])
def test_cancel_leaves_the_database_as_it_was(db, operator, tmp_path, monkeypatch, phase):
    run(db, operator, quarter1(tmp_path))
    before = table_counts(db)
    monkeypatch.setattr(collect, "BATCH", 1)
    monkeypatch.setattr("crm.importing.apply.CHUNK", 1)
    calls = {"n": 0}

    def cancel():
        calls["n"] += 1
        return calls["n"] > (2 if phase == "read" else 6)

    with pytest.raises(UserError, match="导入已取消，数据库未做任何更改。"):
        run(db, operator, quarter2(tmp_path), cancel=cancel)
    assert table_counts(db) == before
    assert customer(db, B).phone == "+8613800138002"
    rep = run(db, operator, quarter2(tmp_path))  # importing again works
    assert rep.counts["customers_inserted"] == 1


def test_progress_is_reported(db, operator):
    seen = []
    run(db, operator, CORPUS / "messy.xlsx", progress=lambda d, t, label: seen.append(label))
    assert "正在读取并校验…" in seen and "正在写入数据库…" in seen


# --- undo --------------------------------------------------------------------------------------

def test_undo_restores_updated_fields_and_removes_created_records(db, operator, tmp_path):
    run(db, operator, quarter1(tmp_path))
    snapshot = {n: (c.phone, c.total_balance, c.max_overdue_days, c.worst_class, c.version)
                for n in (A, B) if (c := customer(db, n))}
    rep = run(db, operator, quarter2(tmp_path))
    assert engine.can_undo(db, rep.batch_id) == (True, "")
    result = engine.undo_import(db, operator, rep.batch_id)
    assert result["customers_deleted"] == 1 and result["loans_deleted"] == 1
    for n in (A, B):
        c = customer(db, n)
        assert (c.phone, c.total_balance, c.max_overdue_days, c.worst_class) == snapshot[n][:4]
    assert customer(db, C) is None
    assert loans_of(db, customer(db, A).id)["L1"].balance == Decimal("1000.00")
    check_summaries(db)
    with db.sessions() as s:
        assert s.get(ImportBatch, rep.batch_id).status is ImportStatus.UNDONE
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "undo_import")) == 1
        assert s.scalar(select(func.count()).select_from(FinancialSnapshot).where(
            FinancialSnapshot.source == f"import:{rep.batch_id}")) == 0
    ok, reason = engine.can_undo(db, rep.batch_id)
    assert not ok and "撤销过" in reason


def test_undo_is_refused_once_someone_edited_a_record(db, operator, tmp_path):
    first = run(db, operator, quarter1(tmp_path))
    with db.uow(operator) as uow:
        a = uow.session.scalar(select(Customer).where(Customer.id_number == A))
        a.occupation = "教师"
        uow.commit()
    ok, reason = engine.can_undo(db, first.batch_id)
    assert not ok and "修改" in reason
    with pytest.raises(UserError, match="不能再撤销"):
        engine.undo_import(db, operator, first.batch_id)


def test_undo_is_refused_after_a_later_import_touched_the_records(db, operator, tmp_path):
    first = run(db, operator, quarter1(tmp_path))
    run(db, operator, quarter2(tmp_path))
    assert not engine.can_undo(db, first.batch_id)[0]


def test_list_batches(db, manager, operator, tmp_path):
    run(db, manager, quarter1(tmp_path))
    run(db, operator, CORPUS / "messy.xlsx")
    assert len(engine.list_batches(db, operator)) == 2
    mine = engine.list_batches(db, manager)
    assert [b.file_name for b in mine] == ["q1.xlsx"] and mine[0].status_label == "已导入"


# --- scope and permissions ---------------------------------------------------------------------

def test_a_manager_cannot_change_another_managers_customer(db, tmp_path):
    branch = factories.branch(db)
    mine = factories.user(db, "m1", Role.MANAGER, branch, display_name="经理一")
    other = factories.user(db, "m2", Role.MANAGER, branch, display_name="经理二")
    run(db, other, quarter1(tmp_path))
    rep = run(db, mine, quarter1(tmp_path))
    assert rep.counts["unchanged"] == 3 and rep.counts["rejected"] == 0
    rep = run(db, mine, quarter2(tmp_path))
    assert rep.counts["rejected"] == 3 and add_up(rep.counts)
    assert "管辖范围" in rep.errors[0].reason
    assert customer(db, B).phone == "+8613800138002"
    assert customer(db, C).owner_id == mine.user_id


def test_an_auditor_cannot_import(db, tmp_path):
    auditor = factories.user(db, "audit", Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        run(db, auditor, quarter1(tmp_path))


# --- error report ------------------------------------------------------------------------------

def test_error_report_can_be_fixed_and_imported(db, manager, operator, tmp_path):
    src = reader.open_source(CORPUS / "messy.xlsx")
    rep = engine.run_import(db, operator, src, fields.detect_mapping(src.headers))
    out = tmp_path / "errors.xlsx"
    assert report.write_error_report(rep, src, out) == 6  # 3 rejected + 3 rows with warnings
    back = reader.open_source(out)
    assert back.headers == [*make_corpus.HEADERS, "行号", "原因"]
    rows = dict((r[-2], r) for _n, r in back.rows())
    assert "校验位" in rows[11][-1] and rows[12][0] in ("", None)
    wb = Workbook()
    wb.active.append(back.headers)
    for _n, cells in back.rows():
        cells = list(cells)
        if cells[-2] == 11:
            cells[1] = make_id_number("330106", date(1990, 2, 3), 41)
        if cells[-2] == 12:
            cells[0] = "吴十"
        wb.active.append(cells)
    wb.save(tmp_path / "fixed.xlsx")
    again = run(db, operator, tmp_path / "fixed.xlsx")
    assert again.counts["customers_inserted"] == 2 and add_up(again.counts)


# --- export ------------------------------------------------------------------------------------

def test_export_round_trip_is_all_unchanged(db, manager, operator, tmp_path):
    run(db, operator, CORPUS / "messy.xlsx")
    run(db, operator, quarter1(tmp_path))
    for what, fn in (("customers", export.export_customers), ("loans", export.export_loans)):
        out = tmp_path / f"{what}.xlsx"
        result = fn(db, operator, out, unmasked=True)
        assert result.rows > 0
        rep = run(db, operator, out)
        c = rep.counts
        assert c["rows_read"] == result.rows and add_up(c), what
        assert c["unchanged"] == result.rows, (what, c, [i.message for i in rep.issues])


def test_export_is_masked_by_default_and_unmasked_needs_the_role(db, manager, operator, tmp_path):
    run(db, operator, CORPUS / "messy.xlsx")
    out = tmp_path / "masked.xlsx"
    export.export_customers(db, manager, out)
    src = reader.open_source(out)
    cells = [cells for _r, cells in src.rows()]
    assert all("*" in c[1] for c in cells) and all("*" in c[2] for c in cells if c[2])
    assert {c[0] for c in cells} >= {"张三", "李四"}  # 王丽's customers only
    rep = run(db, operator, out)
    assert rep.counts["rejected"] == rep.counts["rows_read"]  # masked IDs identify nobody
    with pytest.raises(PermissionDenied):
        export.export_customers(db, manager, tmp_path / "full.xlsx", unmasked=True)
    supervisor = factories.user(db, "boss", Role.SUPERVISOR, manager.branch_id)
    export.export_loans(db, supervisor, tmp_path / "full.xlsx", unmasked=True)
    with db.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [e.after["unmasked"] for e in events] == [False, True]


def test_export_respects_scope(db, tmp_path):
    branch = factories.branch(db)
    m1 = factories.user(db, "m1", Role.MANAGER, branch)
    m2 = factories.user(db, "m2", Role.MANAGER, branch)
    factories.customer(db, "甲", owner=m1)
    factories.customer(db, "乙", owner=m2)
    assert export.export_customers(db, m1, tmp_path / "m1.xlsx").rows == 1


# --- saved mappings ----------------------------------------------------------------------------

def test_saved_mapping_is_found_for_the_same_headers(db, manager):
    headers = ["名字", "证件", "借据"]
    mapping = fields.Mapping({0: fields.ColumnMap("name"), 1: fields.ColumnMap("id_number"),
                              2: fields.ColumnMap("loan_no")})
    mappings.save_mapping(db, manager, "核心系统 A", headers, mapping)
    mappings.save_mapping(db, manager, "核心系统 A", headers, mapping)  # overwrite by name
    assert [m.name for m in mappings.list_mappings(db, manager)] == ["核心系统 A"]
    found = mappings.find_for_headers(db, manager, [" 名字 ", "证件", "借据", ""])
    assert found == ("核心系统 A", mapping)
    assert mappings.find_for_headers(db, manager, ["别的"]) is None
    with db.sessions() as s:
        assert s.scalar(select(SavedView.kind)) == "import_mapping"


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [name for name, _w in [
    ("renamed_pdf.xlsx", 0), ("renamed_docx.xlsx", 0), ("html_table.xls", 0),
    ("encrypted.xlsx", 0), ("empty.csv", 0), ("empty.xlsx", 0), ("header_only.xlsx", 0),
    ("no_header.xlsx", 0), ("only_hidden.xlsx", 0), ("truncated.xlsx", 0), ("binary.csv", 0),
]])
def test_bad_files_write_nothing(db, operator, name):
    before = table_counts(db)
    with pytest.raises(BadFileError):
        run(db, operator, CORPUS / name)
    assert table_counts(db) == before


def test_formulas_and_error_cells(db, operator):
    rep = run(db, operator, CORPUS / "formulas.xlsx")
    assert rep.counts["rejected"] == 2 and rep.counts["rows_inserted"] == 4
    assert any("公式" in n for n in rep.notes)
    assert customer(db, make_corpus.simple_rows(1)[0][1]).total_balance == Decimal("1000.00")


def test_a_100000_character_cell_rejects_only_its_row(db, operator):
    rep = run(db, operator, CORPUS / "long_cell.xlsx")
    assert rep.counts["rejected"] == 1 and rep.counts["rows_inserted"] == 2
    assert "过长" in rep.errors[0].reason and len(rep.errors[0].value) < 100


def test_a_million_rows_write_nothing(db, operator, tmp_path):
    path = tmp_path / "million.xlsx"
    make_corpus.write_million_rows_xlsx(path)
    before = table_counts(db)
    with pytest.raises(BadFileError, match="上限"):
        run(db, operator, path)
    assert table_counts(db) == before


# --- the command line --------------------------------------------------------------------------

def crm(url, *args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("CRM_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "crm", "--db", url, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_import_json_last_line_errors_report_and_export(db, tmp_path):
    url = db.url.render_as_string(hide_password=False)
    out = crm(url, "import", str(CORPUS / "messy.xlsx"), "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    dry = json.loads(out.stdout.strip().splitlines()[-1])
    assert dry["dry_run"] is True and table_counts(db)["customers"] == 0
    out = crm(url, "import", str(CORPUS / "messy.xlsx"), "--errors", str(tmp_path / "e.xlsx"),
              "--json")
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    for key in ("rows_read", "customers_inserted", "customers_updated", "loans_inserted",
                "loans_updated", "unchanged", "duplicates", "skipped", "rejected", "warnings"):
        assert key in counts
    assert counts["rejected"] == 3 and add_up(counts)
    assert "校验位" in out.stdout and (tmp_path / "e.xlsx").exists()
    out = crm(url, "export", "loans", "--out", str(tmp_path / "l.xlsx"), "--unmasked")
    assert out.returncode == 0 and "5 行" in out.stdout and "贷款清单" in out.stdout


def test_cli_bad_file_exits_non_zero_with_a_message(db):
    url = db.url.render_as_string(hide_password=False)
    out = crm(url, "import", str(CORPUS / "encrypted.xlsx"), "--json")
    assert out.returncode != 0
    assert "错误：" in out.stderr and "密码" in out.stderr
    assert "error" in json.loads(out.stdout.strip().splitlines()[-1])


def test_cli_unmasked_export_needs_the_role(db, tmp_path, manager):
    url = db.url.render_as_string(hide_password=False)
    out = crm(url, "--as", "wangli", "export", "customers", "--out", str(tmp_path / "c.xlsx"),
              "--unmasked")
    assert out.returncode != 0 and "错误：" in out.stderr


def test_customer_summary_can_be_restated_by_a_later_edit(db, operator, tmp_path):
    """The summary is derived: a direct loan edit followed by a re-import puts it right."""
    run(db, operator, quarter1(tmp_path))
    with db.engine.begin() as conn:
        conn.execute(update(Customer).where(Customer.id_number == A).values(
            total_balance=Decimal("1")))
    run(db, operator, quarter1(tmp_path))
    assert customer(db, A).total_balance == Decimal("3000.00")
    assert isinstance(Actor.cli(), Actor)
