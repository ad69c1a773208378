"""客户走访简报 and 走访资料包: the PDFs checked with the programs a reader would trust
(pdffonts, pdftotext, pdfinfo, qpdf), masking and its audit, scope, route order, streaming
pack options, cancel, the command line, and the repayment agreement."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from crm.cli import main
from crm.domain.actors import Actor
from crm.domain.agreement import AgreementData, AgreementLoan, Instalment
from crm.domain.enums import (
    ContactChannel, ContactDirection, ContactOutcome, ContactParty, FiveTier, LoanStatus,
    PlanMethod, PromiseStatus, Role, VisitPurpose, VisitStatus,
)
from crm.domain.errors import NotFoundError, PermissionDenied, UserError, ValidationError
from crm.domain.masking import mask_id
from crm.models import AuditEvent, Branch, ContactRecord, Customer, Loan, VisitPlan, VisitStaff
from crm.persistence.engine import connect
from crm.reports.agreement import render_agreement
from crm.reports.pack import BriefingRequest, make_briefing
from tests import factories

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in
                                        ("pdffonts", "pdftotext", "pdfinfo", "qpdf")),
                                reason="poppler-utils and qpdf are needed (.ci/run installs them)")
NOW = datetime(2026, 5, 12, 2, 0, tzinfo=timezone.utc)


# --- the real programs ---------------------------------------------------------------------

def run(*cmd: str) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return out.stdout


def text_of(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines()
                if ":" in line)


def pages(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def assert_good_pdf(pdf: Path) -> None:
    """Every font embedded as a subset, A4 portrait, and a structurally sound file."""
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        emb, sub = row.split()[-5], row.split()[-4]
        assert (emb, sub) == ("yes", "yes"), row
    assert "595.276 x 841.89 pts (A4)" in info(pdf)["Page size"]
    out = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def outline_titles(pdf: Path) -> list[str]:
    data = json.loads(run("qpdf", "--json", "--json-key=outlines", str(pdf)))
    return [o["title"] for o in data["outlines"]]


# --- data ------------------------------------------------------------------------------------

@pytest.fixture
def sdb(sqlite_url):
    database = connect(sqlite_url)
    yield database
    database.dispose()


class World:
    def __init__(self, db) -> None:
        self.db = db
        with db.uow(Actor.cli()) as uow:
            b = Branch(code="0101", name="杭州西湖支行", bank_name="示例农村商业银行",
                       emergency_contact="王主管 0571-88886666")
            uow.session.add(b)
            uow.commit()
            self.branch = b.id
        self.wang = factories.user(db, "wang", Role.MANAGER, self.branch, "王经理")
        self.zhao = factories.user(db, "zhao", Role.MANAGER, self.branch, "赵经理")
        self.audit = factories.user(db, "audit", Role.AUDITOR, None, "审计员")

    def customer(self, name: str = "张三", owner: Actor | None = None, **fields) -> int:
        cid = factories.customer(self.db, name, owner or self.wang, self.branch)
        with self.db.uow(Actor.cli()) as uow:
            c = uow.session.get(Customer, cid)
            c.max_overdue_days, c.overdue_amount = 45, Decimal("5200.00")
            c.total_balance = Decimal("80000.00")
            for key, value in fields.items():
                setattr(c, key, value)
            uow.commit()
        return cid

    def loan(self, cid: int, loan_no: str, **fields) -> None:
        with self.db.uow(Actor.cli()) as uow:
            uow.session.add(Loan(loan_no=loan_no, customer_id=cid, product="个人经营贷",
                                 principal=Decimal("100000.00"), balance=Decimal("80000.00"),
                                 overdue_days=45, overdue_amount=Decimal("5200.00"),
                                 five_tier=FiveTier.SPECIAL_MENTION,
                                 maturity_on=date(2027, 3, 1), status=LoanStatus.ACTIVE,
                                 **fields))
            uow.commit()

    def contact(self, cid: int, days_ago: int, summary: str, **fields) -> None:
        with self.db.uow(Actor.cli()) as uow:
            uow.session.add(ContactRecord(
                customer_id=cid, user_id=self.wang.user_id, channel=ContactChannel.PHONE,
                direction=ContactDirection.OUTBOUND, party=ContactParty.BORROWER,
                contacted_at=NOW - timedelta(days=days_ago),
                outcome=fields.pop("outcome", ContactOutcome.CONNECTED), summary=summary,
                **fields))
            uow.commit()

    def visit(self, cid: int, on: date, staff: list[Actor], **fields) -> int:
        with self.db.uow(Actor.cli()) as uow:
            v = VisitPlan(customer_id=cid, planned_on=on,
                          purpose=fields.pop("purpose", VisitPurpose.NEGOTIATE),
                          status=fields.pop("status", VisitStatus.APPOINTED),
                          checklist=fields.pop("checklist", {}), reason_codes=[], **fields)
            uow.session.add(v)
            uow.flush()
            for i, a in enumerate(staff):
                uow.session.add(VisitStaff(visit_id=v.id, user_id=a.user_id, lead=i == 0))
            uow.commit()
            return v.id

    def id_number(self, cid: int) -> str:
        with self.db.sessions() as s:
            return s.get(Customer, cid).id_number


@pytest.fixture
def world(sdb) -> World:
    return World(sdb)


@pytest.fixture
def out_dir(tmp_path) -> Path:
    """Where PDFs go (tmp_path itself holds the test database)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def make(world: World, out: Path, actor: Actor | None = None, **request) -> object:
    return make_briefing(world.db, actor or world.wang, BriefingRequest(**request), out, now=NOW)


# --- the sheet -------------------------------------------------------------------------------

def test_one_sheet_passes_the_real_program_checks(world, tmp_path):
    cid = world.customer("李秀英", occupation="个体工商户", employer="西湖区王记建材商行",
                         family_situation="已婚，育有一子，配偶无固定收入")
    world.loan(cid, "JJ2024000101")
    world.loan(cid, "JJ2024000102")
    world.contact(cid, 3, "客户称本月底前还款", outcome=ContactOutcome.PROMISED,
                  promise_amount=Decimal("3000.00"), promise_date=date(2026, 5, 30),
                  promise_status=PromiseStatus.PENDING)
    world.contact(cid, 10, "客户失业在家，暂无收入", outcome=ContactOutcome.HARDSHIP)
    pdf = tmp_path / "sheet.pdf"
    result = make(world, pdf, customer_ids=(cid,))

    assert_good_pdf(pdf)
    assert pages(pdf) == result.pages == 1
    text = flat(text_of(pdf))
    number = world.id_number(cid)
    for expected in ("客户走访简报", "内部资料注意保密", "示例农村商业银行杭州西湖支行", "李秀英",
                     mask_id(number), "JJ2024000101", "JJ2024000102", "138****8000",
                     "客户称本月底前还款", "待履行承诺：2026-05-30还款¥3,000.00",
                     "王主管0571-88886666", "双人走访", "已核实基本信息", "已告知主管行程",
                     "走访人员一（签字）", "走访人员二（签字）", "第1页/共1页", "生成人：王经理（wang）",
                     "暂无评分"):
        assert expected in text, expected
    assert number not in text and "13800138000" not in text and "13800138000" not in text
    # the unemployment reason leads to the grace-period suggestion
    assert "缓冲期" in text


def test_age_gender_risk_and_visit_window_come_from_the_data(world, tmp_path):
    cid = world.customer("周敏", risk_score=82, risk_level=None)
    with world.db.uow(Actor.cli()) as uow:
        c = uow.session.get(Customer, cid)
        from crm.domain.enums import RiskLevel
        c.risk_level = RiskLevel.HIGH
        c.risk_reasons = [{"code": "a", "points": 10, "text": "逾期超过30天"},
                          {"code": "b", "points": 40, "text": "多次承诺未履行"}]
        uow.commit()
    world.visit(cid, date(2026, 5, 20), [world.wang, world.zhao], window_start=time(9, 30),
                window_end=time(11, 0), checklist={"已核实基本信息": True})
    pdf = tmp_path / "sheet.pdf"
    make(world, pdf, customer_ids=(cid,))
    text = flat(text_of(pdf))
    born = world.id_number(cid)[6:14]
    age = 2026 - int(born[:4]) - ((5, 12) < (int(born[4:6]), int(born[6:])))
    assert f"/{age}岁" in text
    assert "高（82分）" in text and text.index("多次承诺未履行") < text.index("逾期超过30天")
    assert "走访日期：2026-05-20" in text and "09:30–11:00" in text
    assert "走访人员：王经理、赵经理" in text


def test_a_long_sheet_flows_onto_a_second_page_cleanly(world, tmp_path):
    long_family = "家庭情况说明：" + "客户与父母同住，配偶在外地务工，两个孩子正在上学，" * 40 + "以上为全部情况。"
    cid = world.customer("王长文", family_situation=long_family)
    for i in range(14):
        world.loan(cid, f"JJ20250{i:05d}")
    for i in range(5):
        world.contact(cid, i + 1, f"第{i}次联系：" + "客户表示近期经营困难，" * 12 + "约定下周再联系。")
    pdf = tmp_path / "long.pdf"
    result = make(world, pdf, customer_ids=(cid,))

    assert_good_pdf(pdf)
    assert pages(pdf) == result.pages >= 2
    text = text_of(pdf)
    one = flat(text)
    assert "以上为全部情况。" in one                           # nothing cut off
    for i in range(14):
        assert one.count(f"JJ20250{i:05d}") == 1               # each loan once, none lost
    assert one.count("借据号") >= 1
    assert one.count("八、现场记录") == 1 and one.count("走访人员二（签字）") == 1
    page2 = flat(text.split("\f")[1])
    assert "客户：王长文（续）" in page2
    assert f"第2页/共{result.pages}页" in one


def test_hostile_text_prints_as_typed(world, tmp_path):
    name = "<b>欧阳</b>" + "很长的名字" * 30 + "\x07\x1b&amp;"
    cid = world.customer(name, family_situation="<font size=40>大字</font> & <b>粗体</b>\n第二行\t制表",
                         occupation=None, employer=None, address=None)
    with world.db.uow(Actor.cli()) as uow:
        c = uow.session.get(Customer, cid)
        c.phone = None
        uow.commit()
    world.contact(cid, 1, "<para>摘要</para>\x00\x1f")
    pdf = tmp_path / "hostile.pdf"
    make(world, pdf, customer_ids=(cid,))

    assert_good_pdf(pdf)
    text = flat(text_of(pdf))
    assert "<b>欧阳</b>很长的名字" in text and "&amp;" in text
    assert "<fontsize=40>大字</font>&<b>粗体</b>" in text and "<para>摘要</para>" in text
    assert "\x07" not in text_of(pdf) and "\x00" not in text_of(pdf)
    assert "未登记" in text                                    # empty fields say so


# --- the pack --------------------------------------------------------------------------------

def test_pack_for_a_staff_member_and_a_date_follows_the_route(world, tmp_path):
    day = date(2026, 5, 20)
    first = world.customer("第一站", latitude=30.27, longitude=120.15)
    second = world.customer("第二站", latitude=30.29, longitude=120.12)
    other = world.customer("别人的", owner=world.zhao)
    world.visit(second, day, [world.wang, world.zhao], route_order=2, window_start=time(14))
    world.visit(first, day, [world.wang, world.zhao], route_order=1, window_start=time(9))
    world.visit(other, day, [world.zhao, world.wang], status=VisitStatus.CANCELLED)
    world.visit(other, day + timedelta(days=1), [world.wang, world.zhao])
    pdf = tmp_path / "day.pdf"
    result = make(world, pdf, actor=Actor.cli(), staff="wang", on=day)

    assert_good_pdf(pdf)
    assert result.customers == 2
    assert pages(pdf) == 1 + 2 + 1                 # cover, a sheet per stop, the summary
    assert outline_titles(pdf) == ["封面与路线", "1. 第一站", "2. 第二站", "走访情况汇总表"]
    cover, sheet1, sheet2, summary = text_of(pdf).split("\f")[:4]
    assert "走访人员：王经理" in flat(cover) and "共2站" in flat(cover)
    assert flat(cover).index("第一站") < flat(cover).index("第二站")
    assert "路线总长约" in cover and "站点示意图" in flat(cover)
    assert "第一站" in sheet1 and "第二站" in sheet2 and "走访情况汇总表" in summary
    assert "别人的" not in text_of(pdf)


def test_pack_errors_are_plain_chinese(world, out_dir):
    tmp_path = out_dir
    with pytest.raises(ValidationError, match="用户“nobody”不存在"):
        make(world, tmp_path / "x.pdf", staff="nobody", on=date(2026, 5, 20))
    with pytest.raises(NotFoundError, match="未找到客户：JJ-NOPE"):
        make(world, tmp_path / "x.pdf", customer_keys=("JJ-NOPE",))
    with pytest.raises(ValidationError, match="请至少选择一位客户"):
        make(world, tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


def test_customers_by_id_number_or_loan_number_within_scope(world, tmp_path):
    mine = world.customer("我的客户")
    world.loan(mine, "JJ-MINE-1")
    theirs = world.customer("别人的客户", owner=world.zhao)
    pdf = tmp_path / "keys.pdf"
    result = make(world, pdf, customer_keys=("JJ-MINE-1", world.id_number(mine)))
    assert result.customers == 1 and pages(pdf) == 1          # one customer, no cover
    with pytest.raises(NotFoundError):
        make(world, pdf, customer_keys=(world.id_number(theirs),))


def test_one_pdf_per_customer_in_a_folder(world, tmp_path):
    ids = tuple(world.customer(n) for n in ("甲客户", "乙/客户", "丙客户"))
    folder = tmp_path / "pack"
    result = make(world, folder, customer_ids=ids, per_customer=True)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["00_封面与路线.pdf", "01_甲客户.pdf", "02_乙_客户.pdf", "03_丙客户.pdf",
                     "04_走访情况汇总表.pdf"]
    for f in folder.iterdir():
        assert_good_pdf(f)
    assert sum(pages(f) for f in folder.iterdir()) == result.pages
    assert "乙/客户" in text_of(folder / "02_乙_客户.pdf")


def test_revealed_phone_is_audited_and_refused_to_auditors(world, tmp_path):
    cid = world.customer("赵四")
    pdf = tmp_path / "reveal.pdf"
    make(world, pdf, customer_ids=(cid,), reveal=True)
    text = flat(text_of(pdf))
    assert "13800138000" in text and mask_id(world.id_number(cid)) in text
    with world.db.sessions() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.customer_id) for e in events if e.action == "reveal"] == [("reveal", cid)]
    assert any(e.action == "export" and e.entity == "briefing" for e in events)
    with pytest.raises(PermissionDenied):
        make(world, tmp_path / "no.pdf", actor=world.audit, customer_ids=(cid,), reveal=True)


def test_cancel_leaves_no_file_and_progress_is_reported(world, out_dir):
    tmp_path = out_dir
    ids = tuple(world.customer(f"客户{i}") for i in range(3))
    seen: list[tuple[int, int]] = []
    pdf = tmp_path / "cancel.pdf"
    with pytest.raises(UserError, match="已取消"):
        make_briefing(world.db, world.wang, BriefingRequest(customer_ids=ids), pdf,
                      progress=lambda d, t, _l: seen.append((d, t)),
                      cancel=lambda: len(seen) >= 2)
    assert list(tmp_path.iterdir()) == []
    assert seen[:2] == [(0, 3), (1, 3)]


def test_sheets_are_built_one_at_a_time(world, tmp_path, monkeypatch):
    """The pack streams: each sheet's flowables are made just before it is laid out, never
    all first (so memory does not grow with the pack)."""
    import crm.reports.pack as pack

    ids = tuple(world.customer(f"客户{i}") for i in range(5))
    events: list[str] = []
    real_records, real_sheet = pack.briefing_records, pack.sheet

    def records(*args, **kw):
        for r in real_records(*args, **kw):
            events.append(f"read {r.name}")
            yield r

    def sheet(r, **kw):
        events.append(f"sheet {r.name}")
        return real_sheet(r, **kw)
    monkeypatch.setattr(pack, "briefing_records", records)
    monkeypatch.setattr(pack, "sheet", sheet)
    make(world, tmp_path / "p.pdf", customer_ids=ids)
    assert events == [e for i in range(5) for e in (f"read 客户{i}", f"sheet 客户{i}")]


# --- the command line ------------------------------------------------------------------------

def test_cli_briefing(world, tmp_path, sqlite_url, capsys):
    cid = world.customer("钱七")
    world.loan(cid, "JJ-CLI-1")
    out = tmp_path / "cli.pdf"
    assert main(["--db", sqlite_url, "briefing", "--customer", "JJ-CLI-1", "--out", str(out)]) == 0
    assert "已生成走访资料：1 位客户" in capsys.readouterr().out
    assert_good_pdf(out)
    assert main(["--db", sqlite_url, "briefing", "--date", "2026-02-30", "--staff", "wang",
                 "--out", str(out)]) == 1
    assert "--date 日期格式不正确：2026-02-30" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "briefing", "--customer", "不存在", "--out", str(out)]) == 1
    assert "未找到客户：不存在" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "briefing", "--date", "2026-05-20", "--out", str(out)]) == 1
    assert "--staff" in capsys.readouterr().err
    folder = tmp_path / "day"
    world.visit(cid, date(2026, 5, 20), [world.wang, world.zhao])
    assert main(["--db", sqlite_url, "briefing", "--date", "2026-05-20", "--staff", "wang",
                 "--per-customer", "--out", str(folder)]) == 0
    assert len(list(folder.iterdir())) == 3


# --- the repayment agreement -----------------------------------------------------------------

def test_repayment_agreement_pdf(tmp_path):
    schedule = tuple(Instalment(i, date(2026, 8 + i, 20) if i < 5 else date(2027, i - 4, 20),
                                Decimal("3333.33") if i < 6 else Decimal("3333.35"))
                     for i in range(1, 7))
    data = AgreementData("示例农村商业银行", "杭州西湖支行", "<b>孙八</b>", "330106********0018",
                         "138****8000", "杭州市西湖区文三路1号",
                         (AgreementLoan("JJ2023000777", "个人消费贷", Decimal("50000.00"),
                                        Decimal("20000.00"), 95),),
                         Decimal("20000.00"), 3, PlanMethod.EQUAL, schedule,
                         agreement_no="HK-2026-0007", manager_name="王经理")
    pdf = tmp_path / "agreement.pdf"
    assert render_agreement(data, pdf, generated_by="王经理（wang）", generated_at=NOW) == 1
    assert_good_pdf(pdf)
    text = flat(text_of(pdf))
    for expected in ("还款协议", "HK-2026-0007", "<b>孙八</b>", "JJ2023000777", "贰万元整",
                     "缓冲期3个月", "等额分期，共6期", "3,333.35", "乙方（借款人）签字",
                     "甲方（盖章）", "银行经办人签字"):
        assert expected in text, expected
    assert data.scheduled_total == Decimal("20000.00")
    pledge = tmp_path / "pledge.pdf"
    from dataclasses import replace
    render_agreement(replace(data, pledge=True), pledge, generated_by="王经理")
    assert "还款承诺书" in text_of(pledge) and "承诺人（借款人）签字" in flat(text_of(pledge))


# --- the read side, on SQLite and PostgreSQL ------------------------------------------------

def test_briefing_records_on_both_backends(db):
    from crm.queries.briefing import Target, briefing_records

    world = World(db)
    cid = world.customer("吴九")
    world.loan(cid, "JJ-Q-1")
    for i in range(7):
        world.contact(cid, i + 1, f"联系{i}")
    world.contact(cid, 20, "承诺未兑现", outcome=ContactOutcome.PROMISED,
                  promise_amount=Decimal("100.00"), promise_date=date(2026, 4, 30),
                  promise_status=PromiseStatus.BROKEN)
    world.visit(cid, date(2026, 4, 1), [world.wang, world.zhao], status=VisitStatus.REVIEWED,
                findings="住所属实", met_customer=True)
    upcoming = world.visit(cid, date(2026, 5, 25), [world.zhao, world.wang],
                           window_start=time(15))
    with db.sessions() as s:
        [r] = list(briefing_records(s, world.wang, [Target(cid)], today=date(2026, 5, 12)))
        assert list(briefing_records(s, world.zhao, [Target(cid)])) == []   # not his customer
    assert [c.summary for c in r.contacts] == [f"联系{i}" for i in range(5)]
    assert [p.promise_date for p in r.broken_promises] == [date(2026, 4, 30)]
    assert r.last_visit is not None and r.last_visit.findings == "住所属实"
    assert r.last_visit.staff == ("王经理", "赵经理")
    assert r.visit is not None and r.visit.visit_id == upcoming
    assert r.visit.staff == ("赵经理", "王经理") and r.visit.window_start == time(15)
    assert [ln.loan_no for ln in r.loans] == ["JJ-Q-1"]
    assert r.branch.emergency_contact == "王主管 0571-88886666"
