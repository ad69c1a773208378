"""Who most needs a visit (走访筛选): a priority score with its reasons, from weighted factors.

Each factor is first brought to 0..1 (a "severity"), then multiplied by its weight, so a
weight is the most points that factor can give; the default weights add up to 100. The
explanation lists each factor's points, biggest first, in Chinese, so a supervisor can see
why one customer ranks above another and an administrator can tune the weights.

The caps (amount, days) are where a factor stops growing: beyond 180 days overdue every
borrower is already among the worst, and the amount grows on a logarithmic scale so one
huge loan does not drown every other factor: ¥5,000 gives a third of the amount's
weight, ¥50,000 two thirds.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from crm.domain.enums import RiskLevel

AMOUNT_FLOOR = Decimal("500")    # the amount scale starts here (0 points)
AMOUNT_CAP = Decimal("500000")
DAYS_CAP = 180
PROMISES_CAP = 3
EPISODES_CAP = 3
VISIT_CAP = 180     # days since the last visit; never visited counts as the cap
CONTACT_CAP = 90    # days since the last successful contact; never counts as the cap
DISTRICT_CAP = 100  # district risk weights are 0..100
_LEVEL = {None: 0.0, RiskLevel.LOW: 0.0, RiskLevel.MEDIUM: 1 / 3, RiskLevel.HIGH: 2 / 3,
          RiskLevel.CRITICAL: 1.0}


@dataclass(frozen=True)
class PriorityWeights:
    """The most points each factor can give (administrator-editable)."""

    overdue_amount: float = 25
    overdue_days: float = 20
    broken_promises: float = 10
    past_overdue: float = 5
    district_risk: float = 10
    risk_level: float = 15
    since_visit: float = 10
    since_contact: float = 5

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> "PriorityWeights":
        """Missing keys take the defaults; unknown keys are ignored; bad values raise."""
        value = value or {}
        known = {f.name for f in fields(cls)}
        return replace(cls(), **{k: float(v) for k, v in value.items() if k in known})

    def to_json(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def problems(self) -> dict[str, str]:
        errors = {f.name: f"“{FACTOR_LABELS[f.name]}”的权重须在 0 到 100 之间"
                  for f in fields(self) if not 0 <= getattr(self, f.name) <= 100}
        if not errors and sum(self.to_json().values()) <= 0:
            errors["overdue_amount"] = "至少要有一项权重大于 0"
        return errors


FACTOR_LABELS = {
    "overdue_amount": "逾期金额", "overdue_days": "逾期天数", "broken_promises": "未履行承诺",
    "past_overdue": "历史逾期", "district_risk": "区域风险", "risk_level": "风险等级",
    "since_visit": "距上次走访", "since_contact": "距上次有效联系",
}


@dataclass(frozen=True)
class PriorityInput:
    """What is known about one customer when screening."""

    overdue_amount: Decimal
    overdue_days: int
    broken_promises: int = 0
    past_overdue: int = 0              # earlier overdue episodes (late instalments, snapshots)
    district_weight: int = 0           # DistrictRisk.weight, 0..100
    risk_level: RiskLevel | None = None
    days_since_visit: int | None = None     # None: never visited
    days_since_contact: int | None = None   # None: never reached


@dataclass(frozen=True)
class Contribution:
    factor: str
    label: str
    detail: str
    points: float


@dataclass(frozen=True)
class Priority:
    score: float
    contributions: tuple[Contribution, ...]

    @property
    def explanation(self) -> str:
        """E.g. "逾期金额 ¥12,000.00 +17.2；逾期天数 95 天 +10.6"; factors giving 0 left out."""
        shown = [c for c in self.contributions if c.points >= 0.05]
        if not shown:
            return "各项因素得分均为 0"
        return "；".join(f"{c.label} {c.detail} +{c.points:.1f}" for c in shown)


def _capped(value: float, cap: float) -> float:
    return max(0.0, min(1.0, value / cap)) if cap > 0 else 0.0


def _amount_severity(amount: Decimal) -> float:
    if amount <= AMOUNT_FLOOR:
        return 0.0
    return min(1.0, math.log(amount / AMOUNT_FLOOR) / math.log(AMOUNT_CAP / AMOUNT_FLOOR))


def _since(days: int | None, cap: int, never: str) -> tuple[float, str]:
    if days is None:
        return 1.0, never
    return _capped(days, cap), f"{days} 天"


def total(p: PriorityInput, weights: PriorityWeights = PriorityWeights()) -> float:
    """The score alone, without the explanation (ranking thousands quickly); equals
    score(p, weights).score."""
    level = _LEVEL.get(p.risk_level, 0.0)
    visit = 1.0 if p.days_since_visit is None else _capped(p.days_since_visit, VISIT_CAP)
    contact = 1.0 if p.days_since_contact is None else _capped(p.days_since_contact, CONTACT_CAP)
    parts = (
        (_amount_severity(p.overdue_amount), weights.overdue_amount),
        (_capped(p.overdue_days, DAYS_CAP), weights.overdue_days),
        (_capped(p.broken_promises, PROMISES_CAP), weights.broken_promises),
        (_capped(p.past_overdue, EPISODES_CAP), weights.past_overdue),
        (_capped(p.district_weight, DISTRICT_CAP), weights.district_risk),
        (level, weights.risk_level), (visit, weights.since_visit),
        (contact, weights.since_contact))
    return round(sum(round(sev * float(w), 4) for sev, w in parts), 2)


def severities(p: PriorityInput) -> dict[str, tuple[float, str]]:
    """Each factor's 0..1 severity and how it reads."""
    return {
        "overdue_amount": (_amount_severity(p.overdue_amount), f"¥{p.overdue_amount:,.2f}"),
        "overdue_days": (_capped(p.overdue_days, DAYS_CAP), f"{p.overdue_days} 天"),
        "broken_promises": (_capped(p.broken_promises, PROMISES_CAP), f"{p.broken_promises} 次"),
        "past_overdue": (_capped(p.past_overdue, EPISODES_CAP), f"{p.past_overdue} 次"),
        "district_risk": (_capped(p.district_weight, DISTRICT_CAP), f"权重 {p.district_weight}"),
        "risk_level": (_LEVEL.get(p.risk_level, 0.0),
                       p.risk_level.label if p.risk_level else "未评级"),
        "since_visit": _since(p.days_since_visit, VISIT_CAP, "从未走访"),
        "since_contact": _since(p.days_since_contact, CONTACT_CAP, "从未联系上"),
    }


def score(p: PriorityInput, weights: PriorityWeights = PriorityWeights()) -> Priority:
    parts = [Contribution(name, FACTOR_LABELS[name], detail,
                          round(sev * float(getattr(weights, name)), 4))
             for name, (sev, detail) in severities(p).items()]
    parts.sort(key=lambda c: -c.points)
    return Priority(round(sum(c.points for c in parts), 2), tuple(parts))


__all__ = ["FACTOR_LABELS", "Contribution", "Priority", "PriorityInput", "PriorityWeights",
           "score", "severities", "total"]
