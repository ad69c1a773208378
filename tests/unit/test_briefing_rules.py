"""Pure rules behind the briefing sheet and the agreement: talking points, amounts in
Chinese capitals, line breaking and text cleaning."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm.domain.agreement import rmb_upper
from crm.domain.briefing import BranchHeader, BriefingRecord, BriefLastVisit, PackStop, route_km
from crm.domain.enums import VisitPurpose, VisitStatus
from crm.domain.talking_points import advice
from crm.reports.layout import break_lines
from crm.reports.pdf import FONT, clean, esc, register_font


def record(**kw) -> BriefingRecord:
    base = dict(
        customer_id=1, name="张三", id_masked="330106********0011", id_last4="0011",
        phone="138****8000", phone_revealed=False, address="", district="", gender=None,
        age=None, occupation="", employer="", owner_name="", segment="", risk_level=None,
        risk_score=None, risk_reasons=(), risk_scored=False, family_situation="",
        monthly_income=None, total_balance=Decimal("0"), overdue_amount=Decimal("0"),
        max_overdue_days=0, worst_class=None, loans=(), contacts=(), open_promises=(),
        broken_promises=(), last_visit=None, difficulties=(), visit=None,
        branch=BranchHeader("银行", "支行", ""))
    base.update(kw)
    return BriefingRecord(**base)


def test_unemployment_suggests_a_grace_period_plan():
    tips = advice(record(difficulties=("失业或收入下降",), max_overdue_days=40,
                         overdue_amount=Decimal("3000")))
    assert tips.purpose.startswith("协商还款")
    assert any("缓冲期" in p and "失业" in p for p in tips.points)
    assert any("收入下降" in p for p in tips.points)


@pytest.mark.parametrize("reason, words", [
    ("疾病", "医疗证明"), ("恶意逃废", "法律"), ("联系方式变更", "新的手机号"),
    ("经营困难", "递增分期"), ("家庭变故", "体谅")])
def test_each_reason_code_has_advice(reason, words):
    assert any(words in p for p in advice(record(difficulties=(reason,))).points)


def test_safety_names_the_two_person_rule_and_the_emergency_contact():
    last = BriefLastVisit(date(2026, 4, 1), VisitStatus.REVIEWED, True, (), "", (), "", "",
                          None, None, True, "客户家属情绪激动")
    tips = advice(record(branch=BranchHeader("银行", "支行", "李主管 138"), last_visit=last))
    assert "客户家属情绪激动" in tips.safety[0]
    assert any("双人走访" in s for s in tips.safety)
    assert any("李主管 138" in s for s in tips.safety)


def test_long_arrears_mean_collection_and_no_arrears_a_check():
    assert advice(record(max_overdue_days=120)).purpose.startswith(VisitPurpose.COLLECT.label)
    assert advice(record()).purpose.startswith(VisitPurpose.INSPECTION.label)


@pytest.mark.parametrize("amount, words", [
    ("0", "零元整"), ("10", "壹拾元整"), ("101", "壹佰零壹元整"), ("1010", "壹仟零壹拾元整"),
    ("20000", "贰万元整"), ("10203.05", "壹万零贰佰零叁元零伍分"), ("0.5", "伍角整"),
    ("120000000", "壹亿贰仟万元整"), ("35600.7", "叁万伍仟陆佰元柒角整")])
def test_amounts_in_chinese_capitals(amount, words):
    assert rmb_upper(Decimal(amount)) == words


def test_lines_break_without_losing_text_and_keep_numbers_whole():
    register_font()
    text = "客户称工程款未结算，资金回笼慢，借据号JJ202300000020的逾期金额¥920,000.00需要分期。" * 3
    lines = break_lines(text, 120, FONT, 9)
    assert "".join(lines) == text
    assert all(not ln.startswith(("，", "。")) for ln in lines)
    from reportlab.pdfbase.pdfmetrics import stringWidth
    assert all(stringWidth(ln, FONT, 9) <= 120 for ln in lines)
    assert any("JJ202300000020" in ln for ln in lines)
    assert break_lines("一\n\n二", 100, FONT, 9) == ["一", "", "二"]


def test_user_text_is_cleaned_and_escaped():
    assert clean("a\x00b\x07c\td\r\ne\u200b") == "abc d\ne"
    assert esc("<b>x</b> & y\nz") == "&lt;b&gt;x&lt;/b&gt; &amp; y<br/>z"


def test_route_length_needs_two_stops_with_coordinates():
    a = PackStop(1, 1, "甲", "", "", "", latitude=30.0, longitude=120.0)
    b = PackStop(2, 2, "乙", "", "", "", latitude=30.0, longitude=120.1)
    c = PackStop(3, 3, "丙", "", "", "")
    assert route_km([a, c]) is None
    assert route_km([a, c, b]) == pytest.approx(9.63, abs=0.05)
