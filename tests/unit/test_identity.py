"""ID numbers, phones, masking, buckets and the suggested five-tier class."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from crm.domain.classification import bucket_for, bucket_range, suggested_five_tier
from crm.domain.enums import Bucket, FiveTier, Gender
from crm.domain.identity import (
    InvalidIdNumber, age_on, make_id_number, parse_id_number, parse_phone,
)
from crm.domain.masking import mask_id, mask_phone, scrub

GOOD = make_id_number("330106", date(1980, 5, 6), 123)


def test_valid_id_gives_birth_date_and_gender():
    info = parse_id_number(GOOD)
    assert info.birth_date == date(1980, 5, 6)
    assert info.gender is Gender.MALE  # 17th digit 3 is odd
    assert parse_id_number(make_id_number("330106", date(1980, 5, 6), 124)).gender is Gender.FEMALE


def test_lowercase_x_and_spaces_are_accepted_and_stored_upper():
    number = next(make_id_number("330102", date(1970, 1, d), 5) for d in range(1, 29)
                  if make_id_number("330102", date(1970, 1, d), 5).endswith("X"))
    spaced = " " + number[:6] + " " + number[6:-1] + number[-1].lower() + " "
    assert parse_id_number(spaced).number == number


@pytest.mark.parametrize("bad, reason", [
    ("", "为空"),
    ("33010619800506123", "18位"),
    (GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1"), "校验位"),
    ("330106" + "19800231" + "1234", "出生日期"),
    ("33010619800506ABCD", "非法字符"),
])
def test_invalid_ids_are_rejected_with_a_reason(bad, reason):
    with pytest.raises(InvalidIdNumber, match=reason):
        parse_id_number(bad)


def test_region_code_is_never_grounds_for_rejection():
    # 330185 did not exist in 1950 and 999999 never existed: stdnum's validate() rejects both
    for region in ("330185", "999999"):
        assert parse_id_number(make_id_number(region, date(1950, 3, 1), 11)).birth_date.year == 1950


def test_legacy_15_digit_number_is_converted_to_18():
    info = parse_id_number("330106800506123")
    assert info.converted_from_15 and info.number == GOOD


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2007, 12, 31)),
       st.integers(min_value=0, max_value=999))
def test_every_generated_number_round_trips(birth, seq):
    number = make_id_number("110101", birth, seq)
    assert parse_id_number(number).birth_date == birth


def test_age():
    assert age_on(date(1980, 5, 6), date(2026, 5, 5)) == 45
    assert age_on(date(1980, 5, 6), date(2026, 5, 6)) == 46


@pytest.mark.parametrize("raw", ["138-0013-8000", "+86 138 0013 8000", "  13800138000  ",
                                 "１３８００１３８０００"])
def test_mobile_forms_normalise_to_e164(raw):
    assert parse_phone(raw).value == "+8613800138000"


def test_landline_and_invalid_phone():
    assert parse_phone("0571-87654321").value == "+8657187654321"
    bad = parse_phone("1234-5")
    assert bad is not None and not bad.valid and bad.value == "1234-5"
    assert parse_phone("  ") is None


def test_masks():
    assert mask_id("330106198005061234") == "330106********1234"
    assert mask_phone("+8613800138000") == "138****8000"
    assert "13800138000" not in scrub("call 13800138000 about 330106198005061234")
    assert "330106198005061234" not in scrub("call 13800138000 about 330106198005061234")


@pytest.mark.parametrize("text, shown", [
    ("电话 13800138000。", "电话 138****8000。"),
    ("+8613800138000", "+86138****8000"),            # E.164, as phones are stored
    ("8613800138000", "86138****8000"),
    ("86 138-0013-8000", "86 138****8000"),
    ("手机 +86 13912345678 已停机", "手机 +86 139****5678 已停机"),
    ("138 0013 8000", "138****8000"),
    ("贷款号 2138001380001", "贷款号 2138001380001"),  # inside a longer number: not a phone
])
def test_scrub_masks_mobiles_in_every_spelling(text, shown):
    assert scrub(text) == shown


@pytest.mark.parametrize("days, bucket", [(0, Bucket.M0), (1, Bucket.M1), (30, Bucket.M1),
                                          (31, Bucket.M2), (60, Bucket.M2), (61, Bucket.M3),
                                          (90, Bucket.M3), (91, Bucket.M4_6), (180, Bucket.M4_6),
                                          (181, Bucket.M6_PLUS)])
def test_buckets(days, bucket):
    assert bucket_for(days) is bucket
    low, high = bucket_range(bucket)
    assert low <= days and (high is None or days <= high)


@pytest.mark.parametrize("days, tier", [(0, FiveTier.NORMAL), (1, FiveTier.SPECIAL_MENTION),
                                        (90, FiveTier.SPECIAL_MENTION), (91, FiveTier.SUBSTANDARD),
                                        (271, FiveTier.DOUBTFUL), (361, FiveTier.LOSS)])
def test_suggested_five_tier(days, tier):
    assert suggested_five_tier(days) is tier
