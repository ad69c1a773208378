"""The compliance guard on contacts: quiet hours, contact frequency, third parties (pure rules).

Why these rules: collection must stay lawful and respectful (DOMAIN.md §5, §6). A borrower
must not be called late at night or called over and over, and a debt must not be discussed
with people who have no standing in it (personal information protection).

Every outbound contact on a counted channel is treated as a collection contact: the system
cannot tell a courtesy call from a collection call, and to the borrower at 23:00 they feel
the same. Inbound contacts (the customer called or came to us) are never refused for time
or frequency.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal, Protocol

from crm.domain.enums import ContactChannel, ContactDirection, ContactParty

# China has kept UTC+8 without daylight saving since 1991; a fixed offset is exact and needs
# no tz database (zoneinfo needs the tzdata package on Windows).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

Override = Literal["reason", "supervisor"]

QUIET_HOURS = "quiet_hours"
DAILY_LIMIT = "daily_limit"
WEEKLY_LIMIT = "weekly_limit"
THIRD_PARTY = "third_party"
RULE_LABELS = {QUIET_HOURS: "夜间联系", DAILY_LIMIT: "单日联系次数超限",
               WEEKLY_LIMIT: "七日联系次数超限", THIRD_PARTY: "第三方联系"}

_REMOTE = frozenset({ContactChannel.PHONE, ContactChannel.SMS, ContactChannel.WECHAT})
_EVERY_CHANNEL = frozenset(ContactChannel)
# relations on file that have standing in the debt whatever the authorised flag says
_STANDING = frozenset({ContactParty.CO_BORROWER, ContactParty.GUARANTOR, ContactParty.AUTHORISED})


def to_local(moment: datetime) -> datetime:
    """A stored UTC time as the branch sees it; a naive time is taken as already local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def local_date(moment: datetime) -> date:
    return to_local(moment).date()


def local_today(now: datetime | None = None) -> date:
    return local_date(now or datetime.now(timezone.utc))


@dataclass(frozen=True)
class ComplianceSettings:
    """Administrator-editable defaults (Setting key "compliance")."""

    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    quiet_channels: frozenset[ContactChannel] = _REMOTE
    max_per_day: int = 3
    max_per_week: int = 7
    # which outbound channels count toward the limits: all of them by default
    counted_channels: frozenset[ContactChannel] = _EVERY_CHANNEL

    def to_json(self) -> dict[str, Any]:
        return {"quiet_start": self.quiet_start.strftime("%H:%M"),
                "quiet_end": self.quiet_end.strftime("%H:%M"),
                "quiet_channels": sorted(c.value for c in self.quiet_channels),
                "max_per_day": self.max_per_day, "max_per_week": self.max_per_week,
                "counted_channels": sorted(c.value for c in self.counted_channels)}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> "ComplianceSettings":
        """Missing keys take the defaults; a malformed value raises ValueError."""
        value = value or {}
        base = cls()
        return cls(
            quiet_start=_time(value.get("quiet_start"), base.quiet_start),
            quiet_end=_time(value.get("quiet_end"), base.quiet_end),
            quiet_channels=_channels(value.get("quiet_channels"), base.quiet_channels),
            max_per_day=int(value.get("max_per_day", base.max_per_day)),
            max_per_week=int(value.get("max_per_week", base.max_per_week)),
            counted_channels=_channels(value.get("counted_channels"), base.counted_channels))

    def problems(self) -> dict[str, str]:
        """What is wrong with these settings, by field, in Chinese (empty when fine)."""
        errors: dict[str, str] = {}
        if self.max_per_day < 1:
            errors["max_per_day"] = "单日联系上限至少为 1 次"
        if self.max_per_week < max(self.max_per_day, 1):
            errors["max_per_week"] = "七日联系上限不能小于单日上限"
        return errors

    def in_quiet_hours(self, moment: datetime) -> bool:
        t = to_local(moment).time().replace(tzinfo=None)
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start > self.quiet_end:  # wraps midnight: 21:00-08:00
            return t >= self.quiet_start or t < self.quiet_end
        return self.quiet_start <= t < self.quiet_end

    @property
    def quiet_text(self) -> str:
        return f"{self.quiet_start:%H:%M}–{self.quiet_end:%H:%M}"


def _time(raw: Any, default: time) -> time:
    if raw is None:
        return default
    if isinstance(raw, time):
        return raw
    hours, minutes = str(raw).split(":")
    return time(int(hours), int(minutes))


def _channels(raw: Any, default: frozenset[ContactChannel]) -> frozenset[ContactChannel]:
    if raw is None:
        return default
    return frozenset(ContactChannel(v) for v in raw)


@dataclass(frozen=True)
class PartyOnFile:
    """A person recorded for the customer (CustomerParty)."""

    relation: ContactParty
    name: str
    authorised: bool = False

    @property
    def has_standing(self) -> bool:
        return self.relation in _STANDING or self.authorised


class ContactFacts(Protocol):
    """What the guard needs to know about a contact (services' ContactDraft fits)."""

    @property
    def channel(self) -> ContactChannel: ...
    @property
    def direction(self) -> ContactDirection: ...
    @property
    def party(self) -> ContactParty: ...
    @property
    def party_name(self) -> str | None: ...
    @property
    def contacted_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Violation:
    """One rule the contact breaks; `overridable_by` says what lifts it (None: nothing)."""

    code: str
    message_zh: str
    overridable_by: Override | None = None


def check_contact(draft: ContactFacts, recent_outbound_times: Iterable[datetime],
                  parties_on_file: Sequence[PartyOnFile], settings: ComplianceSettings,
                  now: datetime) -> list[Violation]:
    """Every rule the contact would break, before any reason or override is considered.

    `recent_outbound_times` are the customer's other outbound contacts on counted channels
    (the caller may pass a wider window; only the relevant days are counted).
    """
    at = draft.contacted_at or now
    violations: list[Violation] = []
    if draft.direction is ContactDirection.OUTBOUND:
        if draft.channel in settings.quiet_channels and settings.in_quiet_hours(at):
            violations.append(Violation(
                QUIET_HOURS,
                f"{settings.quiet_text} 为休息时间，此时段通过{draft.channel.label}催收联系"
                f"须填写书面理由（例如客户主动约定此时间）。", "reason"))
        if draft.channel in settings.counted_channels:
            violations += _frequency(local_date(at), recent_outbound_times, settings)
    third = _third_party(draft, parties_on_file)
    if third is not None:
        violations.append(third)
    return violations


def _frequency(day: date, times: Iterable[datetime],
               settings: ComplianceSettings) -> list[Violation]:
    per_day: dict[date, int] = {}
    for moment in times:
        d = local_date(moment)
        per_day[d] = per_day.get(d, 0) + 1
    found: list[Violation] = []
    today_count = per_day.get(day, 0)
    if today_count + 1 > settings.max_per_day:
        found.append(Violation(
            DAILY_LIMIT,
            f"该客户当天已有 {today_count} 次主动联系，单日上限为 {settings.max_per_day} 次。"
            "频繁催收可能构成骚扰，如确有必要须经主管特批。", "supervisor"))
    # every 7-day window that contains the day must stay within the limit (a back-dated
    # entry can push a later window over, not only the one ending on the day)
    worst = max(sum(per_day.get(start + timedelta(days=i), 0) for i in range(7))
                for start in (day - timedelta(days=k) for k in range(7)))
    if worst + 1 > settings.max_per_week:
        found.append(Violation(
            WEEKLY_LIMIT,
            f"该客户七日内已有 {worst} 次主动联系，七日上限为 {settings.max_per_week} 次。"
            "频繁催收可能构成骚扰，如确有必要须经主管特批。", "supervisor"))
    return found


def _same_name(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split()) != ""


def _third_party(draft: ContactFacts, parties: Sequence[PartyOnFile]) -> Violation | None:
    if draft.party is ContactParty.BORROWER:
        return None
    why = ("依据个人信息保护和合规催收要求，不得向借款人、共同借款人、担保人及已登记授权的"
           "联系人以外的第三方透露或商谈债务。")
    if draft.party is ContactParty.OTHER:
        return Violation(THIRD_PARTY, f"不能记录与其他第三方商谈债务。{why}"
                         "如对方已在关系人中登记并获授权，请选择其登记的身份。")
    name = (draft.party_name or "").strip()
    if any(p.has_standing and _same_name(p.name, name) for p in parties):
        return None
    on_file = [p for p in parties if _same_name(p.name, name)]
    if on_file:
        detail = f"“{name}”已登记为{on_file[0].relation.label}，但未获客户授权作为联系人。"
    else:
        detail = f"“{name or '该联系人'}”不在客户的关系人档案中（{draft.party.label}）。"
    return Violation(THIRD_PARTY, f"{detail}{why}请先在客户资料中登记关系人并取得授权。")


def unresolved(violations: Sequence[Violation], reason_given: bool,
               supervisor_override: bool) -> list[Violation]:
    """The violations that still block once a written reason and a supervisor override count."""
    def lifted(v: Violation) -> bool:
        return ((v.overridable_by == "reason" and reason_given)
                or (v.overridable_by == "supervisor" and supervisor_override))
    return [v for v in violations if not lifted(v)]


__all__ = [
    "DAILY_LIMIT", "QUIET_HOURS", "RULE_LABELS", "SHANGHAI", "THIRD_PARTY", "WEEKLY_LIMIT",
    "ComplianceSettings", "ContactFacts", "PartyOnFile", "Violation", "check_contact",
    "local_date", "local_today", "to_local", "unresolved",
]
