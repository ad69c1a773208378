"""Risk rules as data, and the pure scoring: indicators + rule set -> score, level, reasons.

A rule set is plain JSON (resources/risk/default_rules.json, then versions in the database).
Each rule reads one indicator of a customer and fires when it passes a threshold, or reaches
a tier; its contribution is its weight (or the tier's points) and its reason is its Chinese
template filled in. Nothing here reads a clock or a database, so the same indicators and the
same rule set always give the same result.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from string import Formatter
from typing import Any

from crm.domain.classification import TierThresholds, bucket_for
from crm.domain.compliance import SHANGHAI
from crm.domain.enums import FiveTier, RiskLevel, VisitReason
from crm.domain.errors import ValidationError

LEVEL_ORDER = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL)
LEVEL_UP = "level_up"  # the alert raised when a customer's level rises
MAX_SCORE = 100
_TIMES = ("零次", "一次", "两次", "三次", "四次", "五次", "六次", "七次", "八次", "九次", "十次")
# indicators whose rules compare with "at most" instead of "at least"
FIVE_TIER_BY_RANK = tuple(FiveTier)


def level_rank(level: RiskLevel | None) -> int:
    return -1 if level is None else LEVEL_ORDER.index(level)


@dataclass(frozen=True)
class RuleDef:
    code: str
    name: str
    indicator: str
    weight: int
    severity: RiskLevel
    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)
    reason_template: str = ""
    reason_if_missing: str = ""

    @cached_property
    def tiers(self) -> list[tuple[float, int, RiskLevel | None]]:
        out = []
        for tier in self.params.get("tiers") or ():
            sev = RiskLevel(tier[2]) if len(tier) > 2 and tier[2] else None
            out.append((float(tier[0]), int(tier[1]), sev))
        return sorted(out, key=lambda t: t[0])

    @cached_property
    def template_fields(self) -> frozenset[str] | None:
        """The names the reason template uses (None: it cannot be parsed)."""
        try:
            return frozenset(name.split(".")[0].split("[")[0]
                             for _text, name, _spec, _conv in Formatter().parse(
                                 self.reason_template) if name)
        except ValueError:
            return None

    @property
    def min_fire(self) -> float:
        """The least indicator value that can make the rule fire ("at least" rules)."""
        tiers = self.tiers
        if tiers:
            return min(t for t, _p, _s in tiers)
        return float(self.params.get("threshold", 0) or 0)

    @property
    def max_points(self) -> int:
        tiers = self.tiers
        return max(p for _t, p, _s in tiers) if tiers else self.weight

    @property
    def window_days(self) -> int | None:
        w = self.params.get("window_days")
        return int(w) if w is not None else None

    def to_json(self) -> dict[str, Any]:
        out = {"code": self.code, "name": self.name, "indicator": self.indicator,
               "weight": self.weight, "severity": self.severity.value, "enabled": self.enabled,
               "params": dict(self.params), "reason_template": self.reason_template}
        if self.reason_if_missing:
            out["reason_if_missing"] = self.reason_if_missing
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "RuleDef":
        return cls(str(d["code"]), str(d.get("name") or d["code"]), str(d["indicator"]),
                   int(d.get("weight", 0)), RiskLevel(d.get("severity", "medium")),
                   bool(d.get("enabled", True)), dict(d.get("params") or {}),
                   str(d.get("reason_template") or ""), str(d.get("reason_if_missing") or ""))


@dataclass(frozen=True)
class SegmentDef:
    """A customer segment: the first whose conditions match (any of them) wins."""

    name: str
    cadence_days: int | None
    strategy: str
    any: tuple[Mapping[str, Any], ...] = ({},)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "cadence_days": self.cadence_days, "strategy": self.strategy,
                "any": [dict(c) for c in self.any]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "SegmentDef":
        cadence = d.get("cadence_days")
        return cls(str(d["name"]), int(cadence) if cadence else None, str(d.get("strategy", "")),
                   tuple(dict(c) for c in (d.get("any") or [{}])))


@dataclass(frozen=True)
class ValueCriteria:
    """High value: at least `points_min` of balance, relationship length, products, clean record."""

    balance_min: Decimal = Decimal("300000")
    relationship_years_min: int = 5
    products_min: int = 2
    points_min: int = 3

    def points(self, ind: Mapping[str, Any]) -> int:
        return ((ind.get("total_balance") or 0) >= self.balance_min) + \
            ((ind.get("relationship_years") or 0) >= self.relationship_years_min) + \
            ((ind.get("products") or 0) >= self.products_min) + \
            (not (ind.get("overdue_days") or 0) and not (ind.get("broken_promises") or 0))

    def high(self, ind: Mapping[str, Any]) -> bool:
        return self.points(ind) >= self.points_min


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[RuleDef, ...]
    levels: Mapping[str, int] = field(default_factory=lambda: {"medium": 20, "high": 40,
                                                               "critical": 70})
    tiers: TierThresholds = TierThresholds()
    alert_min_severity: RiskLevel = RiskLevel.HIGH
    response_days: Mapping[str, int] = field(default_factory=lambda: {"critical": 1, "high": 3})
    holidays: tuple[date, ...] = ()
    value: ValueCriteria = ValueCriteria()
    segments: tuple[SegmentDef, ...] = ()
    districts: Mapping[str, int] = field(default_factory=dict)  # 地区风险权重
    version: int = 0
    note: str = ""

    @cached_property
    def compiled(self) -> tuple[tuple[RuleDef, str, bool, bool], ...]:
        """Enabled rules with what `evaluate` checks before calling them."""
        return tuple((r, r.indicator, bool(r.reason_if_missing), r.params.get("op") == "<=")
                     for r in self.rules if r.enabled)

    @cached_property
    def evaluators(self) -> tuple[tuple[Callable[[Any, Mapping[str, Any]], "FiredRule | None"],
                                        str, bool, bool], ...]:
        """`compiled`, each rule's evaluation remembered per input (see `_memo`)."""
        return tuple((_memo(r), indicator, missing_ok, at_most)
                     for r, indicator, missing_ok, at_most in self.compiled)

    @cached_property
    def fingerprint(self) -> str:
        """The rules' content, digested: equal for equal rule sets, whatever their version
        number (a merged database may number the same rules differently, or other rules the
        same)."""
        text = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False)
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    @cached_property
    def clock_reads(self) -> tuple[float | None, bool]:
        """How the enabled rules read the clock: the fewest days since the last contact any of
        them fires on (None: one fires below a count, so every day counts; inf: none reads
        them), and whether one reads the relationship's years."""
        floor: float | None = float("inf")
        for rule, indicator, _missing_ok, at_most in self.compiled:
            if indicator == "days_since_contact":
                floor = None if at_most or floor is None else min(floor, rule.min_fire)
        return floor, any(ind == "relationship_years" for _r, ind, _m, _a in self.compiled)

    @cached_property
    def compiled_segments(self) -> tuple[tuple[SegmentDef, tuple[Any, ...]], ...]:
        """Segments with their conditions compiled for `segment_for`."""
        return tuple((seg, tuple(_compile_condition(c) for c in seg.any))
                     for seg in self.segments)

    def rule(self, code: str) -> RuleDef | None:
        return next((r for r in self.rules if r.code == code), None)

    def param(self, code: str, key: str, default: Any) -> Any:
        rule = self.rule(code)
        return default if rule is None else rule.params.get(key, default)

    def segment(self, name: str) -> SegmentDef | None:
        return next((s for s in self.segments if s.name == name), None)

    def to_json(self) -> dict[str, Any]:
        t = self.tiers
        return {
            "format": 1, "note": self.note, "rules": [r.to_json() for r in self.rules],
            "levels": dict(self.levels),
            "five_tier": {"special_mention_from": t.special_mention_from,
                          "substandard_after": t.substandard_after,
                          "doubtful_after": t.doubtful_after, "loss_after": t.loss_after},
            "alerts": {"min_severity": self.alert_min_severity.value,
                       "response_working_days": dict(self.response_days),
                       "holidays": [d.isoformat() for d in self.holidays]},
            "value": {"balance_min": int(self.value.balance_min),
                      "relationship_years_min": self.value.relationship_years_min,
                      "products_min": self.value.products_min,
                      "points_min": self.value.points_min},
            "segments": [s.to_json() for s in self.segments],
            "districts": dict(sorted(self.districts.items())),
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any], version: int = 0) -> "RuleSet":
        alerts = d.get("alerts") or {}
        value = d.get("value") or {}
        return cls(
            rules=tuple(RuleDef.from_json(r) for r in d.get("rules") or ()),
            levels={k: int(v) for k, v in (d.get("levels") or {}).items()} or
            {"medium": 20, "high": 40, "critical": 70},
            tiers=TierThresholds(**{k: int(v) for k, v in (d.get("five_tier") or {}).items()}),
            alert_min_severity=RiskLevel(alerts.get("min_severity", "high")),
            response_days={k: int(v) for k, v in
                           (alerts.get("response_working_days") or {}).items() if v},
            holidays=tuple(date.fromisoformat(h) for h in alerts.get("holidays") or ()),
            value=ValueCriteria(Decimal(str(value.get("balance_min", 300000))),
                                int(value.get("relationship_years_min", 5)),
                                int(value.get("products_min", 2)),
                                int(value.get("points_min", 3))),
            segments=tuple(SegmentDef.from_json(s) for s in d.get("segments") or ()),
            districts={str(k): int(v) for k, v in (d.get("districts") or {}).items()},
            version=version, note=str(d.get("note") or ""),
        )

    def with_rule(self, rule: RuleDef) -> "RuleSet":
        return replace(self, rules=tuple(rule if r.code == rule.code else r for r in self.rules))


# ---- validation (what an administrator may save) ------------------------------------------

def validate_rule_set(rs: RuleSet) -> None:
    """Raise ValidationError naming each bad field, in Chinese; nothing is saved then."""
    problems: dict[str, str] = {}
    for r in rs.rules:
        if not 0 <= r.weight <= MAX_SCORE:
            problems[f"{r.code}.weight"] = f"规则“{r.name}”的分值须在 0 到 100 之间"
        threshold = r.params.get("threshold")
        if threshold is not None and (not isinstance(threshold, int | float) or threshold < 0):
            problems[f"{r.code}.threshold"] = f"规则“{r.name}”的阈值须为不小于 0 的数"
        tiers = r.params.get("tiers")
        if tiers is not None:
            try:
                parsed = r.tiers
                if not parsed or any(p < 0 or p > MAX_SCORE or t < 0 for t, p, _s in parsed):
                    raise ValueError
            except (TypeError, ValueError, IndexError):
                problems[f"{r.code}.tiers"] = (f"规则“{r.name}”的分档须写成“阈值:分值”，"
                                               "阈值不小于 0，分值在 0 到 100 之间")
        window = r.params.get("window_days")
        if window is not None and (not isinstance(window, int) or not 1 <= window <= 3650):
            problems[f"{r.code}.window_days"] = f"规则“{r.name}”的统计天数须在 1 到 3650 之间"
    cut = [rs.levels.get(k) for k in ("medium", "high", "critical")]
    if any(c is None for c in cut) or not 0 < cut[0] < cut[1] < cut[2] <= MAX_SCORE:  # type: ignore[operator]
        problems["levels"] = "等级分界须满足 0 < 中 < 高 < 极高 ≤ 100"
    t = rs.tiers
    if not 1 <= t.special_mention_from <= t.substandard_after < t.doubtful_after < t.loss_after:
        problems["five_tier"] = "五级分类阈值须满足 关注起点 ≤ 次级 < 可疑 < 损失（逾期天数）"
    for key, days in rs.response_days.items():
        if key not in {lvl.value for lvl in RiskLevel} or not 1 <= days <= 60:
            problems[f"response.{key}"] = "响应时限须为 1 到 60 个工作日"
    for district, weight in rs.districts.items():
        if not 0 <= weight <= MAX_SCORE:
            problems[f"district.{district}"] = f"地区“{district}”的风险权重须在 0 到 100 之间"
    names = [s.name for s in rs.segments]
    if len(set(names)) != len(names) or any(not n.strip() or len(n) > 32 for n in names):
        problems["segments"] = "客户细分名称不能为空、不能重复，且不超过 32 个字"
    for s in rs.segments:
        if s.cadence_days is not None and not 1 <= s.cadence_days <= 3650:
            problems[f"segment.{s.name}"] = f"细分“{s.name}”的回访周期须在 1 到 3650 天之间"
    if problems:
        raise ValidationError(problems)


def _level_of(word: str) -> RiskLevel:
    """A severity written as its Chinese label (中, 高 ...) or its stored value (high ...)."""
    for level in RiskLevel:
        if word in (level.label, level.value):
            return level
    raise ValueError(word)


def _class_rank(word: str) -> int:
    """A five-tier class written as its label (关注 ...), value or rank number."""
    for tier in FiveTier:
        if word in (tier.label, tier.value):
            return tier.rank
    return int(word)


def parse_tiers(text: str, field_name: str = "tiers", indicator: str = "") -> list[list[Any]]:
    """"1:10, 31:18:高" -> [[1, 10], [31, 18, "high"]]; for the five-tier rule the threshold may
    be the class (次级:15:高). Severities in Chinese or as stored; Chinese error naming the field."""
    out: list[list[Any]] = []
    for piece in text.replace("，", ",").replace("：", ":").split(","):
        piece = piece.strip()
        if not piece:
            continue
        parts = [p.strip() for p in piece.split(":")]
        try:
            first = _class_rank(parts[0]) if indicator == "worst_class_rank" else int(parts[0])
            tier: list[Any] = [first, int(parts[1])]
            if len(parts) > 2 and parts[2]:
                tier.append(_level_of(parts[2]).value)
        except (ValueError, IndexError):
            raise ValidationError({field_name: f"分档“{piece}”无法识别，请写成“阈值:分值”或"
                                               "“阈值:分值:严重程度”，如 1:10, 31:18:高"}) from None
        out.append(tier)
    if not out:
        raise ValidationError({field_name: "分档不能为空"})
    return sorted(out, key=lambda t: t[0])


def format_tiers(rule: RuleDef) -> str:
    """The tiers as an administrator reads and edits them: "1:10:中, 31:18:中", and for the
    five-tier rule the class by name ("次级:15:高")."""
    def threshold(t: float) -> str:
        if rule.indicator == "worst_class_rank" and 0 <= int(t) < len(FIVE_TIER_BY_RANK):
            return FIVE_TIER_BY_RANK[int(t)].label
        return str(int(t))
    return ", ".join(f"{threshold(t)}:{p}" + (f":{s.label}" if s else "") for t, p, s in rule.tiers)


# ---- scoring -----------------------------------------------------------------------------

@dataclass(frozen=True)
class FiredRule:
    code: str
    name: str
    points: int
    severity: RiskLevel
    text: str

    @property
    def reason(self) -> str:
        return f"{self.text} (+{self.points})"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "points": self.points, "severity": self.severity.value,
                "text": self.text, "name": self.name}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "FiredRule":
        return cls(str(d["code"]), str(d.get("name", d["code"])), int(d["points"]),
                   RiskLevel(d.get("severity", "medium")), str(d.get("text", "")))


@dataclass(frozen=True)
class Assessment:
    score: int
    level: RiskLevel
    fired: tuple[FiredRule, ...]
    version: int

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(f.code for f in self.fired)

    @property
    def reasons(self) -> str:
        return reasons_text(self.fired)


def reasons_text(fired: Sequence[FiredRule]) -> str:
    """"逾期 95 天 (+30)，承诺还款两次未履行 (+20)" — the line a manager reads."""
    return "，".join(f.reason for f in fired)


def times_cn(n: int) -> str:
    return _TIMES[n] if 0 <= n < len(_TIMES) else f" {n} 次"


def _fmt_number(v: Any) -> str:
    if isinstance(v, Decimal):
        return f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,.2f}"
    if isinstance(v, float):
        return f"{v:.0f}" if abs(v - round(v)) < 0.05 or abs(v) >= 10 else f"{v:.1f}"
    return str(v)


def _label(code: str) -> str:
    try:
        return VisitReason(code).label
    except ValueError:
        return code


def _matched(rule: RuleDef, value: Any) -> tuple[bool, int, RiskLevel, str]:
    """(fires, points, severity, value as shown) for one rule and one indicator value."""
    p = rule.params
    if rule.indicator == "visit_codes":
        wanted = list(p.get("codes") or ())
        hit = [c for c in wanted if c in (value or ())]
        return bool(hit), rule.weight, rule.severity, "、".join(dict.fromkeys(_label(c) for c in hit))
    if rule.indicator == "flagged_purpose":
        words = [w for w in p.get("keywords") or () if w]
        hit = [v for v in (value or ()) if any(w in v for w in words)]
        return bool(hit), rule.weight, rule.severity, "、".join(dict.fromkeys(hit))
    if value is None:
        return False, 0, rule.severity, ""
    tiers = rule.tiers
    if tiers:
        reached = [(pts, sev) for t, pts, sev in tiers if value >= t]
        if not reached:
            return False, 0, rule.severity, ""
        pts, sev = reached[-1]
        return True, pts, sev or rule.severity, _fmt_number(value)
    threshold = p.get("threshold", 0)
    fires = value <= threshold if p.get("op") == "<=" else value >= threshold
    if not fires:
        return False, 0, rule.severity, ""
    points = min(rule.weight, int(value)) if p.get("points") == "value" else rule.weight
    return points > 0, points, rule.severity, _fmt_number(value)


def evaluate_rule(rule: RuleDef, ind: Mapping[str, Any]) -> FiredRule | None:
    if not rule.enabled:
        return None
    if rule.params.get("only_overdue") and not ind.get("overdue_days"):
        return None
    value = ind.get(rule.indicator)
    if value is None and rule.reason_if_missing and ind.get(f"{rule.indicator}_missing"):
        return FiredRule(rule.code, rule.name, rule.weight, rule.severity, rule.reason_if_missing)
    fires, points, severity, shown = _matched(rule, value)
    if not fires:
        return None
    wanted = rule.template_fields
    extra: dict[str, Any] = {"value": shown}
    if wanted is None or "window" in wanted:
        extra["window"] = rule.window_days or ""
    if wanted is None or "times" in wanted:
        extra["times"] = times_cn(int(value)) if isinstance(value, int) else shown
    if wanted is None or "district" in wanted:
        extra["district"] = ind.get("district") or ""
    if wanted is None or "bucket" in wanted:
        extra["bucket"] = bucket_for(int(ind.get("overdue_days") or 0)).value
    if wanted is None or "class" in wanted:
        extra["class"] = FIVE_TIER_BY_RANK[int(value)].label \
            if rule.indicator == "worst_class_rank" else ""
    try:
        text = rule.reason_template.format(**extra) if rule.reason_template else rule.name
    except (KeyError, IndexError, ValueError):
        text = f"{rule.name}：{shown}"
    return FiredRule(rule.code, rule.name, points, severity, text)


def level_for(score: int, levels: Mapping[str, int]) -> RiskLevel:
    if score >= levels.get("critical", 70):
        return RiskLevel.CRITICAL
    if score >= levels.get("high", 40):
        return RiskLevel.HIGH
    if score >= levels.get("medium", 20):
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


_NUMBERS = frozenset({int, float, Decimal, bool})
_COLLECTIONS = frozenset({list, set, tuple, frozenset})


_CACHE_MAX = 50_000  # remembered results per rule (a recompute sees many equal values)


def _memo(rule: RuleDef) -> Callable[[Any, Mapping[str, Any]], FiredRule | None]:
    """`evaluate_rule` for one rule, remembering its result per input. The result depends only
    on the indicator's value, the missing flag, and what the template reads of the context
    (the district, the overdue days' bucket); FiredRule is immutable, so equal inputs share
    one. Collections are keyed by their contents (a visit's codes, the flagged purposes)."""
    cache: dict[Any, FiredRule | None] = {}
    wanted = rule.template_fields
    district = wanted is None or "district" in wanted
    overdue = bool(rule.params.get("only_overdue")) or wanted is None or "bucket" in wanted
    missing = f"{rule.indicator}_missing" if rule.reason_if_missing else None

    def fn(value: Any, ind: Mapping[str, Any]) -> FiredRule | None:
        shown = tuple(value) if value.__class__ in (list, tuple) else (
            frozenset(value) if value.__class__ in (set, frozenset) else value)
        key = (value.__class__, shown, ind.get(missing) if missing else None,
               ind.get("district") if district else None,
               ind.get("overdue_days") if overdue else None)
        try:
            return cache[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: work it out every time
            return evaluate_rule(rule, ind)
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        out = cache[key] = evaluate_rule(rule, ind)
        return out
    return fn


def evaluate(ind: Mapping[str, Any], rs: RuleSet) -> Assessment:
    """Fire every enabled rule; score = sum of contributions, clamped to 0..100."""
    fired = []
    get = ind.get
    for memo, indicator, missing_ok, at_most in rs.evaluators:
        value = get(indicator)
        # the common case: most customers have nothing to say for most rules
        if value is None:
            if not missing_ok:
                continue
        elif value.__class__ in _NUMBERS:
            if not value and not at_most:
                continue
        elif value.__class__ in _COLLECTIONS and not value:
            continue
        f = memo(value, ind)
        if f is not None:
            fired.append(f)
    fired.sort(key=lambda f: (-f.points, f.code))
    score = max(0, min(MAX_SCORE, sum(f.points for f in fired)))
    return Assessment(score, level_for(score, rs.levels), tuple(fired), rs.version)


# ---- segments ----------------------------------------------------------------------------

# a segment condition, compiled: (min days, max days, min level rank, max level rank,
# high value wanted or None, rules of which one must fire or None)
_Cond = tuple[int | None, int | None, int | None, int | None, bool | None, frozenset[str] | None]


def _compile_condition(cond: Mapping[str, Any]) -> _Cond:
    def rank(key: str) -> int | None:
        return level_rank(RiskLevel(cond[key])) if key in cond else None
    return (cond.get("min_overdue_days"), cond.get("max_overdue_days"), rank("min_level"),
            rank("max_level"), bool(cond["high_value"]) if "high_value" in cond else None,
            frozenset(cond["rules"]) if "rules" in cond else None)


def segment_for(ind: Mapping[str, Any], a: Assessment, rs: RuleSet,
                high_value: bool | None = None) -> SegmentDef | None:
    """The first segment with a matching condition. `high_value`, when given, stands for the
    value criteria (the recompute's SQL works it out for customers with no risk signal);
    otherwise the value points are worked out once, and only when a condition asks."""
    days = ind.get("overdue_days") or 0
    rank = level_rank(a.level)
    high = high_value
    for seg, conds in rs.compiled_segments:
        for min_days, max_days, min_rank, max_rank, wanted, rules in conds:
            if min_days is not None and days < min_days:
                continue
            if max_days is not None and days > max_days:
                continue
            if min_rank is not None and rank < min_rank:
                continue
            if max_rank is not None and rank > max_rank:
                continue
            if wanted is not None:
                if high is None:
                    high = rs.value.high(ind)
                if high != wanted:
                    continue
            if rules is not None and not a.codes & rules:
                continue
            return seg
    return None


def quiet_assessment(rs: RuleSet) -> Assessment:
    """What a customer scores when no rule fires: 0 points, the lowest level, no reasons."""
    return Assessment(0, level_for(0, rs.levels), (), rs.version)


def quiet_segments(rs: RuleSet) -> tuple[SegmentDef | None, SegmentDef | None]:
    """(segment if high value, segment if not) of a customer no rule fires for: not overdue,
    no broken promise, score 0. Only the value criteria can still tell such customers apart."""
    ind, a = {"overdue_days": 0, "broken_promises": None}, quiet_assessment(rs)
    return segment_for(ind, a, rs, True), segment_for(ind, a, rs, False)


# ---- alerts: what is new, and by when it must be answered --------------------------------

@dataclass(frozen=True)
class AlertSignal:
    rule_code: str
    level: RiskLevel
    reason: str


def new_signals(previous_codes: frozenset[str], previous_level: RiskLevel | None,
                a: Assessment, rs: RuleSet) -> list[AlertSignal]:
    """Rules firing now that did not fire last time, and a rise in level, at or above the
    configured minimum severity. (Open-alert de-duplication is the caller's.)"""
    floor = level_rank(rs.alert_min_severity)
    out = [AlertSignal(f.code, f.severity, f.reason) for f in a.fired
           if f.code not in previous_codes and level_rank(f.severity) >= floor]
    if previous_level is not None and level_rank(a.level) > level_rank(previous_level) \
            and level_rank(a.level) >= floor:
        out.append(AlertSignal(LEVEL_UP, a.level,
                               f"风险等级由{previous_level.label}升至{a.level.label}（{a.score} 分）："
                               f"{a.reasons}"))
    return out


def add_working_days(start: date, n: int, holidays: Sequence[date] = ()) -> date:
    """The n-th working day (Mon-Fri, not a listed holiday) after `start`."""
    day, left, off = start, n, set(holidays)
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            left -= 1
    return day


def respond_by(raised_at: datetime, severity: RiskLevel, rs: RuleSet) -> datetime | None:
    """The end (24:00 Beijing time) of the n-th working day after the alert was raised."""
    days = rs.response_days.get(severity.value)
    if not days:
        return None
    local = raised_at.astimezone(SHANGHAI).date()
    due = add_working_days(local, days, rs.holidays)
    return datetime.combine(due + timedelta(days=1), time(0, 0), tzinfo=SHANGHAI)


__all__ = [
    "LEVEL_ORDER", "LEVEL_UP", "AlertSignal", "Assessment", "FiredRule", "RuleDef", "RuleSet",
    "SegmentDef", "ValueCriteria", "add_working_days", "evaluate", "evaluate_rule",
    "format_tiers", "level_for", "level_rank", "new_signals", "parse_tiers", "quiet_assessment",
    "quiet_segments", "reasons_text",
    "respond_by", "segment_for", "times_cn", "validate_rule_set",
]
