"""The compliance guard: quiet hours, frequency limits, third parties (no database)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from crm.domain.compliance import (
    DAILY_LIMIT, QUIET_HOURS, SHANGHAI, THIRD_PARTY, WEEKLY_LIMIT, ComplianceSettings,
    PartyOnFile, check_contact, local_date, unresolved,
)
from crm.domain.enums import ContactChannel, ContactDirection, ContactParty

DEFAULTS = ComplianceSettings()
NOW = datetime(2024, 6, 30, 12, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Draft:
    channel: ContactChannel = ContactChannel.PHONE
    direction: ContactDirection = ContactDirection.OUTBOUND
    party: ContactParty = ContactParty.BORROWER
    party_name: str = ""
    contacted_at: datetime | None = None


def local(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2024, 6, day, hh, mm, tzinfo=SHANGHAI)


def codes(draft: Draft, recent=(), parties=(), cfg: ComplianceSettings = DEFAULTS) -> list[str]:
    return [v.code for v in check_contact(draft, list(recent), list(parties), cfg, NOW)]


@pytest.mark.parametrize(("hh", "mm", "quiet"), [
    (20, 59, False), (21, 0, True), (23, 30, True), (0, 0, True), (7, 59, True), (8, 0, False),
    (12, 0, False),
])
def test_quiet_hours_boundaries_in_shanghai_time(hh, mm, quiet):
    draft = Draft(contacted_at=local(10, hh, mm))
    assert (QUIET_HOURS in codes(draft)) is quiet


def test_quiet_hours_are_judged_in_shanghai_not_utc():
    # 13:30 UTC is 21:30 in Shanghai
    assert codes(Draft(contacted_at=datetime(2024, 6, 10, 13, 30, tzinfo=timezone.utc))) == [
        QUIET_HOURS]
    # 23:00 UTC is 07:00 next morning in Shanghai: still quiet; 00:30 UTC is 08:30: fine
    assert codes(Draft(contacted_at=datetime(2024, 6, 10, 23, 0, tzinfo=timezone.utc))) == [
        QUIET_HOURS]
    assert codes(Draft(contacted_at=datetime(2024, 6, 11, 0, 30, tzinfo=timezone.utc))) == []


@pytest.mark.parametrize("channel", [ContactChannel.PHONE, ContactChannel.SMS,
                                     ContactChannel.WECHAT])
def test_quiet_hours_cover_phone_sms_and_wechat(channel):
    v = check_contact(Draft(channel=channel, contacted_at=local(10, 22)), [], [], DEFAULTS, NOW)
    assert [x.code for x in v] == [QUIET_HOURS]
    assert v[0].overridable_by == "reason" and "书面理由" in v[0].message_zh
    assert "21:00–08:00" in v[0].message_zh and channel.label in v[0].message_zh


@pytest.mark.parametrize("channel", [ContactChannel.EMAIL, ContactChannel.LETTER,
                                     ContactChannel.VISIT, ContactChannel.BRANCH])
def test_other_channels_are_not_quiet_hours_bound(channel):
    assert codes(Draft(channel=channel, contacted_at=local(10, 22))) == []


def test_inbound_contact_is_never_refused_for_time_or_frequency():
    recent = [local(10, h) for h in (9, 10, 11, 12, 13)]
    draft = Draft(direction=ContactDirection.INBOUND, contacted_at=local(10, 23))
    assert codes(draft, recent) == []


def test_a_fourth_outbound_contact_in_a_day_needs_a_supervisor():
    recent = [local(10, 9), local(10, 11), local(10, 15)]
    assert codes(Draft(contacted_at=local(10, 17)), recent[:2]) == []
    [v] = check_contact(Draft(contacted_at=local(10, 17)), recent, [], DEFAULTS, NOW)
    assert v.code == DAILY_LIMIT and v.overridable_by == "supervisor"
    assert "已有 3 次" in v.message_zh and "主管" in v.message_zh


def test_the_day_is_the_local_calendar_day():
    # three calls on the 10th (Shanghai), a fourth just after local midnight: a new day
    recent = [local(10, 9), local(10, 11), local(10, 15)]
    assert DAILY_LIMIT not in codes(Draft(contacted_at=local(11, 8, 0)), recent)


def test_an_eighth_contact_in_seven_days_needs_a_supervisor():
    recent = [local(d, 10) for d in range(4, 11)]  # 4th..10th: seven, one a day
    assert codes(Draft(contacted_at=local(11, 10)), recent[1:]) == []  # 5th..10th + this = 7
    assert codes(Draft(contacted_at=local(10, 14)), recent) == [WEEKLY_LIMIT]
    # the 4th drops out of the window that ends on the 11th
    assert codes(Draft(contacted_at=local(11, 10)), recent) == []


def test_a_back_dated_contact_cannot_push_a_later_window_over_the_limit():
    later = [local(d, 10) for d in range(11, 18)]  # seven contacts, 11th..17th
    assert codes(Draft(contacted_at=local(11, 15)), later) == [WEEKLY_LIMIT]


def test_limits_and_hours_are_settings():
    cfg = ComplianceSettings(quiet_start=time(22, 0), quiet_end=time(7, 0), max_per_day=1,
                             max_per_week=2)
    assert codes(Draft(contacted_at=local(10, 21, 30)), cfg=cfg) == []
    assert codes(Draft(contacted_at=local(10, 12)), [local(10, 9)], cfg=cfg) == [DAILY_LIMIT]
    only_phone = ComplianceSettings(counted_channels=frozenset({ContactChannel.PHONE}))
    recent = [local(10, h) for h in (9, 10, 11)]
    assert codes(Draft(channel=ContactChannel.LETTER, contacted_at=local(10, 12)), recent,
                 cfg=only_phone) == []


def test_settings_round_trip_through_json_and_reject_nonsense():
    cfg = ComplianceSettings(quiet_start=time(20, 30), max_per_day=2, max_per_week=5,
                             quiet_channels=frozenset({ContactChannel.PHONE}))
    assert ComplianceSettings.from_json(cfg.to_json()) == cfg
    assert ComplianceSettings.from_json(None) == ComplianceSettings()
    assert ComplianceSettings.from_json({"max_per_day": 4}).max_per_week == 7
    assert set(ComplianceSettings(max_per_day=0, max_per_week=0).problems()) == {
        "max_per_day", "max_per_week"}
    assert "max_per_week" in ComplianceSettings(max_per_day=5, max_per_week=3).problems()
    with pytest.raises(ValueError):
        ComplianceSettings.from_json({"quiet_channels": ["fax"]})


GUARANTOR = PartyOnFile(ContactParty.GUARANTOR, "李四")
WIFE = PartyOnFile(ContactParty.SPOUSE, "王芳", authorised=False)
AUTHORISED_SON = PartyOnFile(ContactParty.SPOUSE, "张小明", authorised=True)


def test_a_guarantor_on_file_may_be_contacted():
    draft = Draft(party=ContactParty.GUARANTOR, party_name="李四", contacted_at=local(10, 10))
    assert codes(draft, parties=[GUARANTOR]) == []
    assert codes(Draft(party=ContactParty.GUARANTOR, party_name=" 李 四 ",
                       contacted_at=local(10, 10)), parties=[GUARANTOR]) == []


def test_a_third_party_not_on_file_is_refused_and_told_why():
    draft = Draft(party=ContactParty.GUARANTOR, party_name="赵六", contacted_at=local(10, 10))
    [v] = check_contact(draft, [], [GUARANTOR], DEFAULTS, NOW)
    assert v.code == THIRD_PARTY and v.overridable_by is None
    assert "赵六" in v.message_zh and "不在客户的关系人档案中" in v.message_zh
    assert "个人信息保护" in v.message_zh


def test_a_spouse_on_file_without_authorisation_is_refused():
    draft = Draft(party=ContactParty.SPOUSE, party_name="王芳", contacted_at=local(10, 10))
    [v] = check_contact(draft, [], [WIFE], DEFAULTS, NOW)
    assert v.code == THIRD_PARTY and "未获客户授权" in v.message_zh
    authorised = Draft(party=ContactParty.AUTHORISED, party_name="张小明",
                       contacted_at=local(10, 10))
    assert codes(authorised, parties=[WIFE, AUTHORISED_SON]) == []


def test_other_third_party_is_always_refused():
    draft = Draft(party=ContactParty.OTHER, party_name="李四", contacted_at=local(10, 10))
    assert codes(draft, parties=[GUARANTOR]) == [THIRD_PARTY]


def test_unresolved_lifts_by_reason_and_supervisor_only():
    recent = [local(10, 8, 10), local(10, 8, 20), local(10, 8, 30)]
    found = check_contact(Draft(party=ContactParty.OTHER, party_name="x",
                                contacted_at=local(10, 22)), recent, [], DEFAULTS, NOW)
    assert {v.code for v in found} == {QUIET_HOURS, DAILY_LIMIT, THIRD_PARTY}
    assert {v.code for v in unresolved(found, False, False)} == {QUIET_HOURS, DAILY_LIMIT,
                                                                 THIRD_PARTY}
    assert {v.code for v in unresolved(found, True, False)} == {DAILY_LIMIT, THIRD_PARTY}
    assert {v.code for v in unresolved(found, True, True)} == {THIRD_PARTY}


def test_missing_time_means_now():
    now_quiet = datetime(2024, 6, 10, 14, 0, tzinfo=timezone.utc)  # 22:00 Shanghai
    assert [v.code for v in check_contact(Draft(), [], [], DEFAULTS, now_quiet)] == [QUIET_HOURS]


# ---- properties -------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31),
                       timezones=st.just(timezone.utc))


@settings(max_examples=300, deadline=None)
@given(at=moments, channel=st.sampled_from(list(ContactChannel)),
       direction=st.sampled_from(list(ContactDirection)))
def test_quiet_hours_match_the_wall_clock(at, channel, direction):
    clock = at.astimezone(SHANGHAI).time()
    expected = (direction is ContactDirection.OUTBOUND
                and channel in (ContactChannel.PHONE, ContactChannel.SMS, ContactChannel.WECHAT)
                and (clock >= time(21) or clock < time(8)))
    draft = Draft(channel=channel, direction=direction, contacted_at=at)
    assert (QUIET_HOURS in codes(draft)) is expected


@settings(max_examples=300, deadline=None)
@given(at=moments, offsets=st.lists(st.integers(min_value=-8 * 24 * 60, max_value=8 * 24 * 60),
                                    max_size=12))
def test_frequency_matches_a_plain_count(at, offsets):
    recent = [at + timedelta(minutes=m) for m in offsets]
    day = local_date(at)
    days = [local_date(t) for t in recent]
    same_day = sum(d == day for d in days)
    windows = [[day - timedelta(days=k) + timedelta(days=i) for i in range(7)] for k in range(7)]
    worst = max(sum(d in w for d in days) for w in windows)
    found = codes(Draft(channel=ContactChannel.EMAIL, contacted_at=at), recent)
    assert (DAILY_LIMIT in found) is (same_day >= 3)
    assert (WEEKLY_LIMIT in found) is (worst >= 7)


def test_local_date_of_a_utc_evening_is_the_next_day():
    assert local_date(datetime(2024, 6, 10, 16, 0, tzinfo=timezone.utc)) == date(2024, 6, 11)
