"""The default risk rules: each fires and does not fire; scores, levels, reasons, segments."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from crm.domain.classification import TierThresholds, next_threshold, suggested_five_tier
from crm.domain.enums import FiveTier, RiskLevel
from crm.domain.errors import ValidationError
from crm.domain.risk import (
    LEVEL_UP, RuleDef, RuleSet, add_working_days, evaluate, evaluate_rule, new_signals,
    parse_tiers, respond_by, segment_for, validate_rule_set,
)
from crm.paths import RESOURCES

RS = RuleSet.from_json(json.loads((RESOURCES / "risk" / "default_rules.json")
                                  .read_text(encoding="utf-8")), version=1)

# rule code -> (indicators that fire it, indicators that do not, the reason shown)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "overdue_days": ({"overdue_days": 95}, {"overdue_days": 0}, "逾期 95 天"),
    "overdue_amount": ({"overdue_amount": Decimal("52300")}, {"overdue_amount": Decimal("49999")},
                       "逾期金额 52,300 元"),
    "overdue_share": ({"overdue_share": 45.0}, {"overdue_share": 10.0},
                      "逾期金额占贷款余额 45%"),
    "five_tier": ({"worst_class_rank": 2}, {"worst_class_rank": 0}, "五级分类为次级"),
    "broken_promises": ({"broken_promises": 2}, {"broken_promises": 0},
                        "近 90 天承诺还款两次未履行"),
    "no_contact": ({"overdue_days": 10, "days_since_contact": 45},
                   {"overdue_days": 10, "days_since_contact": 5}, "已 45 天未联系上客户"),
    "failed_contacts": ({"failed_contacts": 4}, {"failed_contacts": 2}, "近 30 天联系失败 4 次"),
    "income_drop": ({"income_drop_pct": 40.0}, {"income_drop_pct": 10.0}, "月收入下降 40%"),
    "liabilities_rise": ({"liabilities_rise_pct": 50.0}, {"liabilities_rise_pct": 20.0},
                         "负债上升 50%"),
    "credit_drop": ({"credit_drop": 80}, {"credit_drop": 20}, "信用评分下降 80 分"),
    "debt_to_income": ({"debt_to_income": 9.5}, {"debt_to_income": 2.0}, "负债为年收入的 9.5 倍"),
    "maturing_balance": ({"maturing_balance": Decimal("250000")},
                         {"maturing_balance": Decimal("100000")},
                         "250,000 元贷款将在 60 天内到期"),
    "complaint": ({"complaints": 1}, {"complaints": None}, "近 90 天投诉 1 次"),
    "low_satisfaction": ({"lowest_satisfaction": 1}, {"lowest_satisfaction": 4},
                         "近 90 天满意度调查给出低分（1 分）"),
    "visit_hardship": ({"visit_codes": {"unemployed", "经营困难"}}, {"visit_codes": {"其他"}},
                       "走访发现：失业、经营困难"),
    "visit_wilful": ({"visit_codes": {"wilful_default"}}, {"visit_codes": {"illness"}},
                     "走访发现恶意逃废债迹象"),
    "district_risk": ({"district": "西湖区", "district_weight": 6},
                      {"district": "西湖区", "district_weight": None}, "所在地区（西湖区）风险权重 6"),
    "purpose_flag": ({"flagged_purpose": ["资金周转"]}, {"flagged_purpose": ["家庭装修"]},
                     "贷款用途需关注：资金周转"),
    "unsecured_overdue": ({"unsecured_overdue": 1}, {"unsecured_overdue": None},
                          "1 笔无抵押、无担保的贷款已逾期"),
}


def test_every_default_rule_has_a_case() -> None:
    assert {r.code for r in RS.rules} == set(CASES)
    validate_rule_set(RS)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_and_does_not_fire(code: str) -> None:
    rule = RS.rule(code)
    assert rule is not None
    fire, quiet, text = CASES[code]
    fired = evaluate_rule(rule, fire)
    assert fired is not None and fired.text == text and fired.points > 0
    assert evaluate_rule(rule, quiet) is None
    assert evaluate_rule(rule, {}) is None or code == "no_contact"


def test_disabled_rule_never_fires() -> None:
    from dataclasses import replace
    rule = replace(RS.rule("overdue_days"), enabled=False)  # type: ignore[type-var]
    assert evaluate_rule(rule, {"overdue_days": 400}) is None


def test_no_contact_when_never_reached_and_only_when_overdue() -> None:
    rule = RS.rule("no_contact")
    assert rule is not None
    fired = evaluate_rule(rule, {"overdue_days": 10, "days_since_contact_missing": True})
    assert fired is not None and fired.text == "逾期以来从未联系上客户"
    assert evaluate_rule(rule, {"overdue_days": 0, "days_since_contact": 400}) is None


def test_overdue_tiers_give_the_bucket_points_and_severity() -> None:
    rule = RS.rule("overdue_days")
    assert rule is not None
    points = {d: evaluate_rule(rule, {"overdue_days": d}) for d in (1, 31, 61, 95, 200, 400)}
    assert [p.points for p in points.values() if p] == [10, 18, 24, 30, 40, 50]
    assert points[1].severity is RiskLevel.MEDIUM and points[400].severity is RiskLevel.CRITICAL  # type: ignore[union-attr]


def test_the_example_reads_well_in_chinese() -> None:
    a = evaluate({"overdue_days": 95, "broken_promises": 2, "income_drop_pct": 40.0}, RS)
    assert a.reasons == "逾期 95 天 (+30)，近 90 天承诺还款两次未履行 (+20)，月收入下降 40% (+15)"
    assert a.score == 65 and a.level is RiskLevel.HIGH and a.version == 1


def test_score_is_clamped_and_deterministic() -> None:
    everything = {k: v for fire, _q, _t in CASES.values() for k, v in fire.items()}
    a, b = evaluate(everything, RS), evaluate(dict(reversed(everything.items())), RS)
    assert a == b and a.score == 100 and a.level is RiskLevel.CRITICAL
    assert evaluate({}, RS).score == 0 and evaluate({}, RS).level is RiskLevel.LOW


def test_remembered_results_follow_every_input_the_reason_reads() -> None:
    """evaluate() remembers each rule's result per input; a customer whose district, overdue
    days (for only-when-overdue rules) or missing-contact flag differs still gets their own."""
    rs = RuleSet.from_json({**RS.to_json(), "districts": {"西湖区": 6, "滨江区": 6}}, version=1)
    customers = [
        {"district": "西湖区", "district_weight": 6, "overdue_days": 95},
        {"district": "滨江区", "district_weight": 6, "overdue_days": 95},
        {"overdue_days": 10, "days_since_contact": 45},
        {"overdue_days": 0, "days_since_contact": 45},
        {"overdue_days": 10, "days_since_contact_missing": True},
        {"overdue_days": 10},
        {"visit_codes": {"unemployed"}, "flagged_purpose": ["资金周转"]},
        {"visit_codes": {"illness", "unemployed"}, "flagged_purpose": ["投资", "资金周转"]},
        {"overdue_amount": Decimal("52300.5")}, {"overdue_share": 52300.5},
    ]
    for _ in range(2):  # the second round is answered from what the first remembered
        for ind in customers:
            direct = [f for r in rs.rules if (f := evaluate_rule(r, ind)) is not None]
            assert sorted(evaluate(ind, rs).fired, key=lambda f: f.code) == \
                sorted(direct, key=lambda f: f.code), ind
    texts = [evaluate(c, rs).reasons for c in customers]
    assert "西湖区" in texts[0] and "滨江区" in texts[1]
    assert "已 45 天未联系上客户" in texts[2] and "未联系" not in texts[3]
    assert texts[4] != texts[5]


def test_level_cut_offs_are_data() -> None:
    from dataclasses import replace
    rs = replace(RS, levels={"medium": 5, "high": 8, "critical": 10})
    assert evaluate({"overdue_days": 1}, rs).level is RiskLevel.CRITICAL


def test_segments_first_match_wins() -> None:
    def seg(ind: dict[str, Any]) -> str:
        s = segment_for(ind, evaluate(ind, RS), RS)
        return s.name if s else ""
    assert seg({"overdue_days": 120}) == "清收处置"
    assert seg({"overdue_days": 10, "failed_contacts": 5}) == "清收处置"
    assert seg({"overdue_days": 10}) == "风险化解"
    rich = {"total_balance": Decimal("500000"), "relationship_years": 6, "products": 2}
    assert seg(rich) == "优质维护"
    assert seg({**rich, "income_drop_pct": 50.0, "credit_drop": 80}) == "重点关注"
    assert seg({"total_balance": Decimal("1000")}) == "常规维护"
    assert [s.cadence_days for s in RS.segments] == [7, 14, 30, 90, None]


def test_new_signals_only_for_new_rules_and_rising_levels() -> None:
    a = evaluate({"overdue_days": 95, "broken_promises": 2}, RS)
    first = new_signals(frozenset(), None, a, RS)
    assert {s.rule_code for s in first} == {"overdue_days", "broken_promises"}
    assert new_signals(a.codes, a.level, a, RS) == []
    worse = evaluate({"overdue_days": 400, "broken_promises": 3, "failed_contacts": 5}, RS)
    codes = {s.rule_code for s in new_signals(a.codes, a.level, worse, RS)}
    assert codes == {"failed_contacts", LEVEL_UP}
    # medium-severity rules are scored but do not raise alerts by default
    assert new_signals(frozenset(), None, evaluate({"overdue_days": 5}, RS), RS) == []


def test_response_time_counts_working_days() -> None:
    friday = datetime(2026, 5, 8, 2, 0, tzinfo=timezone.utc)  # Friday 10:00 in Beijing
    assert add_working_days(date(2026, 5, 8), 1) == date(2026, 5, 11)
    due = respond_by(friday, RiskLevel.CRITICAL, RS)
    assert due is not None and due.astimezone(timezone.utc) == datetime(2026, 5, 11, 16, 0,
                                                                        tzinfo=timezone.utc)
    assert respond_by(friday, RiskLevel.HIGH, RS).date() == date(2026, 5, 14)  # type: ignore[union-attr]
    assert respond_by(friday, RiskLevel.LOW, RS) is None


def test_five_tier_suggestion_and_days_to_next_threshold() -> None:
    t = TierThresholds()
    assert [suggested_five_tier(d, t) for d in (0, 1, 90, 91, 270, 271, 360, 361)] == [
        FiveTier.NORMAL, FiveTier.SPECIAL_MENTION, FiveTier.SPECIAL_MENTION,
        FiveTier.SUBSTANDARD, FiveTier.SUBSTANDARD, FiveTier.DOUBTFUL, FiveTier.DOUBTFUL,
        FiveTier.LOSS]
    assert next_threshold(85, t) == (FiveTier.SUBSTANDARD, 6)
    assert next_threshold(361, t) is None and next_threshold(0, t) is None


def test_bad_edits_are_refused_in_chinese() -> None:
    from dataclasses import replace
    bad = replace(RS, levels={"medium": 50, "high": 40, "critical": 70})
    with pytest.raises(ValidationError) as err:
        validate_rule_set(bad)
    assert "等级分界" in err.value.message
    with pytest.raises(ValidationError, match="分档"):
        parse_tiers("1:10, abc")
    assert parse_tiers("31：18，1:10:high") == [[1, 10, "high"], [31, 18]]


def test_rule_set_round_trips_through_json() -> None:
    assert RuleSet.from_json(RS.to_json(), 1) == RS


def test_tiers_read_in_chinese_and_round_trip() -> None:
    from crm.domain.risk import format_tiers
    overdue, five_tier = RS.rule("overdue_days"), RS.rule("five_tier")
    assert format_tiers(overdue).startswith("1:10:中, 31:18:中, 61:24:高")
    assert format_tiers(five_tier) == "关注:5:中, 次级:15:高, 可疑:25:极高, 损失:35:极高"
    for rule in (overdue, five_tier):
        assert parse_tiers(format_tiers(rule), indicator=rule.indicator) == \
            [list(t) for t in rule.params["tiers"]]
    assert parse_tiers("次级:15:high, 1:5", indicator="worst_class_rank") == [[1, 5], [2, 15, "high"]]
    with pytest.raises(ValidationError, match="严重程度"):
        parse_tiers("1:10:很高")


def test_the_fingerprint_follows_the_rules_not_the_version_number() -> None:
    """A recompute skips a customer only under the same rules: two databases may give the same
    version number to different rules (a merge), or different numbers to the same ones."""
    renumbered = RuleSet.from_json(RS.to_json(), version=7)
    assert renumbered.fingerprint == RS.fingerprint
    rule = RS.rule("overdue_days")
    assert rule is not None
    edited = RS.with_rule(RuleDef.from_json({**rule.to_json(), "weight": 45}))
    assert edited.version == RS.version and edited.fingerprint != RS.fingerprint
