"""Visit priority: more overdue ranks higher, weights change the ranking, reasons in Chinese."""
from decimal import Decimal

from crm.domain.enums import RiskLevel
from crm.domain.visit_priority import PriorityInput, PriorityWeights, score, total


def test_the_worse_borrower_ranks_higher():
    mild = PriorityInput(Decimal("2000"), 10, days_since_visit=20, days_since_contact=3)
    bad = PriorityInput(Decimal("80000"), 150, broken_promises=2, risk_level=RiskLevel.HIGH,
                        district_weight=60)
    assert score(bad).score > score(mild).score
    assert 0 <= score(mild).score <= 100 and score(bad).score <= 100


def test_the_explanation_lists_each_factor_with_its_points_biggest_first():
    p = score(PriorityInput(Decimal("12000"), 95, broken_promises=1, risk_level=RiskLevel.HIGH,
                            days_since_visit=None, days_since_contact=30))
    assert p.explanation.startswith("逾期金额 ¥12,000.00 +")
    assert "逾期天数 95 天" in p.explanation and "从未走访 +10.0" in p.explanation
    assert "风险等级 高" in p.explanation and "历史逾期" not in p.explanation  # 0 points: left out
    points = [c.points for c in p.contributions]
    assert points == sorted(points, reverse=True)
    assert abs(sum(points) - p.score) < 0.01


def test_weights_change_the_ranking():
    by_amount = PriorityInput(Decimal("300000"), 20, days_since_visit=5, days_since_contact=5)
    by_days = PriorityInput(Decimal("3000"), 120, days_since_visit=5, days_since_contact=5)
    assert score(by_amount).score > score(by_days).score
    days_first = PriorityWeights(overdue_amount=5, overdue_days=60)
    assert score(by_days, days_first).score > score(by_amount, days_first).score


def test_weights_round_trip_and_bad_weights_are_named():
    w = PriorityWeights.from_json({"overdue_days": 40, "unknown": 3})
    assert w.overdue_days == 40 and w.overdue_amount == 25
    assert PriorityWeights.from_json(w.to_json()) == w
    assert "逾期天数" in PriorityWeights(overdue_days=-1).problems()["overdue_days"]
    zero = PriorityWeights(**{k: 0 for k in PriorityWeights().to_json()})
    assert zero.problems()


def test_the_quick_total_equals_the_explained_score():
    import random
    rng = random.Random(5)
    for _ in range(200):
        p = PriorityInput(Decimal(rng.randint(0, 900000)), rng.randint(0, 400),
                          rng.randint(0, 5), rng.randint(0, 5), rng.randint(0, 100),
                          rng.choice([None, *RiskLevel]), rng.choice([None, rng.randint(0, 300)]),
                          rng.choice([None, rng.randint(0, 200)]))
        w = PriorityWeights(overdue_amount=rng.randint(0, 40), risk_level=rng.randint(0, 30))
        assert total(p, w) == score(p, w).score
