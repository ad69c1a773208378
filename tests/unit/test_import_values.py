"""Cell parsers of the import: what a core-banking export puts in a cell, and what we make of it."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from crm.domain.enums import FiveTier
from crm.domain.identity import make_id_number, parse_phone
from crm.importing.fields import (
    FIELDS, ColumnMap, Mapping, detect_mapping, header_signature, match_header,
)
from crm.importing.values import (
    CellError, CellProblem, CellWarning, RowError, RowParser, parse_amount, parse_date,
    parse_days, parse_five_tier, parse_id, parse_loan_no, parse_name, parse_phone_cell,
)

VALID_ID = make_id_number("330106", date(1980, 1, 1), 11)


@pytest.mark.parametrize("raw", [
    date(2023, 5, 6), datetime(2023, 5, 6, 10, 30), 45052, 45052.0, "2023/5/6", "2023-05-06",
    "2023.5.6", "2023年5月6日", 20230506, 20230506.0, "20230506", " 2023-05-06 00:00:00 ",
    "２０２３年５月６日",
])
def test_dates_in_every_shape_the_core_system_writes(raw):
    assert parse_date(raw) == date(2023, 5, 6)


@pytest.mark.parametrize("raw", ["2023-02-30", "明天", "2023/13/01", 20231345, "1800-01-01", True])
def test_impossible_dates_are_cell_errors(raw):
    with pytest.raises(CellError):
        parse_date(raw)


def test_blank_date_is_not_given():
    assert parse_date("") is None and parse_date(None) is None


@pytest.mark.parametrize("raw,expected", [
    (35.0, "35.00"), (35, "35.00"), ("1,234.50", "1234.50"), ("¥1,234.50", "1234.50"),
    ("￥1,234.50", "1234.50"), ("１２３４．５", "1234.50"), (" 12 345 ", "12345.00"),
    ("1234.5元", "1234.50"), ("-", "0.00"), (Decimal("7.1"), "7.10"),
])
def test_amounts_become_exact_decimals(raw, expected):
    value = parse_amount(raw)
    assert isinstance(value, Decimal) and value == Decimal(expected)


def test_float_noise_does_not_creep_in():
    assert parse_amount(0.1 + 0.2) == Decimal("0.30")
    assert parse_amount(1234567.89) == Decimal("1234567.89")


def test_wan_yuan_scales_by_ten_thousand():
    assert parse_amount(12.5, Decimal(10000)) == Decimal("125000.00")
    assert parse_amount("12.5", Decimal(10000)) == Decimal("125000.00")


def test_sub_cent_amounts_are_rounded_with_a_warning():
    with pytest.raises(CellWarning) as w:
        parse_amount("1.005")
    assert w.value.value == Decimal("1.01")


@pytest.mark.parametrize("raw", ["abc", "1.2.3", "-5", True, float("nan"), "1e400"])
def test_bad_amounts_are_cell_errors(raw):
    with pytest.raises(CellError):
        parse_amount(raw)


@pytest.mark.parametrize("raw,expected", [(35, 35), (35.0, 35), ("35", 35), ("35天", 35),
                                          (" 35 天 ", 35), (None, 0), ("", 0), ("０", 0)])
def test_overdue_days(raw, expected):
    assert parse_days(raw) == expected


@pytest.mark.parametrize("raw", ["-1", 3.5, "三十", "35月"])
def test_bad_overdue_days(raw):
    with pytest.raises(CellError):
        parse_days(raw)


@pytest.mark.parametrize("raw,tier", [("正常", FiveTier.NORMAL), ("关注类", FiveTier.SPECIAL_MENTION),
                                      (" 次级 ", FiveTier.SUBSTANDARD), ("可疑类", FiveTier.DOUBTFUL),
                                      ("损失", FiveTier.LOSS)])
def test_five_tier_with_or_without_lei(raw, tier):
    assert parse_five_tier(raw) is tier


def test_unknown_five_tier_is_an_error():
    with pytest.raises(CellError, match="五级分类"):
        parse_five_tier("良好")


def test_id_lowercase_x_spaces_and_full_width_are_normalised():
    number = next(make_id_number("330106", date(1975, 6, 30), n) for n in range(1, 999)
                  if make_id_number("330106", date(1975, 6, 30), n).endswith("X"))
    spaced = " " + number[:6] + " " + number[6:].lower() + " "
    assert parse_id(spaced).number == number


def test_legacy_15_digit_id_is_converted_with_a_warning():
    with pytest.raises(CellWarning) as w:
        parse_id("330106750630123")
    assert w.value.value.number == "330106197506301233"
    assert "18 位" in w.value.reason


@pytest.mark.parametrize("raw,reason", [
    ("12345", "18位"), (VALID_ID[:-1] + ("1" if VALID_ID[-1] != "1" else "2"), "校验位"),
    ("330106198002300011", "出生日期"), ("330106********0011", "脱敏"),
    (3.3010619800101e17, "数字"),
])
def test_bad_ids_name_the_reason(raw, reason):
    with pytest.raises(CellError, match=reason):
        parse_id(raw)


def test_unknown_region_is_only_a_warning():
    number = make_id_number("990000", date(1980, 1, 1), 11)  # no such region code
    with pytest.raises(CellWarning, match="地区代码"):
        parse_id(number)


def test_old_district_codes_are_accepted():
    # 330102 (上城区) numbers of people born before the code's current era: stdnum's validate()
    # would reject some of these; only length, check digit and birth date count here
    assert parse_id(make_id_number("330102", date(1950, 1, 1), 11)).number.startswith("330102")


@pytest.mark.parametrize("raw", ["138-0013-8000", "+86 138 0013 8000", "  13800138000  ",
                                 13800138000.0, "008613800138000"])
def test_mobile_phones(raw):
    phone = parse_phone_cell(raw)
    assert phone is not None and phone.valid and phone.value == "+8613800138000"


def test_landline():
    assert parse_phone_cell("0571-87654321").value == "+8657187654321"


def test_invalid_phone_is_kept_as_written_with_a_warning():
    with pytest.raises(CellWarning) as w:
        parse_phone_cell("12345")
    assert w.value.value.value == "12345" and not w.value.value.valid


def test_fast_mobile_path_agrees_with_phonenumbers():
    for prefix in range(13000, 20000, 7):
        number = f"{prefix}{prefix % 1000000:06d}"
        expected = parse_phone(number)
        try:
            got = parse_phone_cell(number)
        except CellWarning as w:
            got = w.value
        assert got == expected, number


def test_names_lose_surrounding_and_inner_cjk_spaces():
    assert parse_name("  张 三\u3000") == "张三"
    assert parse_name("John Smith") == "John Smith"


def test_long_name_is_an_error():
    with pytest.raises(CellError, match="过长"):
        parse_name("长" * 100_000)


def test_loan_number_from_a_number_cell():
    assert parse_loan_no(12345.0) == "12345"
    with pytest.raises(CellError, match="已丢失"):
        parse_loan_no(1.2345678901234567e19)


# --- header matching ---

@pytest.mark.parametrize("header,key,scale", [
    ("客户名称", "name", 1), ("借款人", "name", 1), (" 身份证 号码 ", "id_number", 1),
    ("联系电话", "phone", 1), ("家庭住址", "address", 1), ("贷款账号", "loan_no", 1),
    ("产品名称", "product", 1), ("合同金额", "principal", 1), ("余额", "balance", 1),
    ("贷款余额（万元）", "balance", 10000), ("贷款余额(万元)", "balance", 10000),
    ("贷款余额（元）", "balance", 1), ("贷款余额【万元】", "balance", 10000),
    ("放款日期", "disbursed_on", 1), ("到期日", "maturity_on", 1), ("逾期天数", "overdue_days", 1),
    ("逾期本息", "overdue_amount", 1), ("风险分类", "five_tier", 1), ("管户人", "manager", 1),
    ("证件号码（身份证）", "id_number", 1), ("行号", None, 1), ("原因", None, 1),
])
def test_header_synonyms(header, key, scale):
    assert match_header(header) == (key, Decimal(scale))


def test_the_issue_synonym_table_is_complete():
    wanted = {
        "name": "客户名称/客户姓名/姓名/借款人", "id_number": "证件号码/身份证号/身份证号码/证件号",
        "phone": "手机号/手机号码/联系电话/电话", "address": "地址/家庭住址/住址/联系地址",
        "loan_no": "借据号/贷款编号/贷款账号/合同号", "product": "贷款品种/产品名称/贷款产品",
        "principal": "发放金额/贷款金额/合同金额", "balance": "贷款余额/余额",
        "disbursed_on": "发放日/放款日期/发放日期", "maturity_on": "到期日/到期日期",
        "overdue_days": "逾期天数", "overdue_amount": "逾期金额/逾期本息",
        "five_tier": "五级分类/风险分类", "manager": "客户经理/管户经理/管户人",
    }
    for key, names in wanted.items():
        for name in names.split("/"):
            assert match_header(name)[0] == key, name


def test_detect_mapping_first_column_wins_and_second_phone_is_spare():
    mapping = detect_mapping(["姓名", "手机号", "客户名称", "联系电话", "备注"])
    assert mapping[0].field == "name" and mapping[2].field is None
    assert mapping[1].field == "phone" and mapping[3].field == "phone2"
    assert mapping[4].field is None


def test_mapping_json_round_trip():
    mapping = Mapping({0: ColumnMap("name"), 1: ColumnMap("balance", Decimal(10000)),
                       2: ColumnMap(None)})
    assert Mapping.from_json(mapping.to_json()) == mapping


def test_signature_ignores_spaces_brackets_and_trailing_blanks():
    assert header_signature(["客户名称", "余额（万元）", ""]) == header_signature(
        [" 客户 名称", "余额(万元)"])


def test_fields_have_chinese_labels():
    assert all(f.label and not f.label.isascii() for f in FIELDS)


# --- the row parser ---

HEADERS = ["客户名称", "证件号码", "手机号码", "借据号", "贷款余额（万元）", "逾期天数", "五级分类",
           "放款日期", "客户经理"]


def parser() -> RowParser:
    return RowParser(detect_mapping(HEADERS), HEADERS)


def test_row_parser_typed_values_and_blank_means_zero():
    row = parser().parse(5, [" 张三 ", VALID_ID, "138-0013-8000", "JJ1", 12.5, None, "关注类",
                             "2023/5/6", "王丽"])
    assert not row.issues and row.kind == "data"
    assert row.values["name"] == "张三" and row.values["balance"] == Decimal("125000.00")
    assert row.values["overdue_days"] == 0 and row.values["five_tier"] is FiveTier.SPECIAL_MENTION
    assert row.formatted()["balance"] == "¥125,000.00"
    assert row.formatted()["disbursed_on"] == "2023-05-06"


def test_row_parser_rejects_missing_name_and_bad_id():
    row = parser().parse(7, ["", "123", "", "JJ1", 1, 0, "正常", "", ""])
    assert row.rejected
    reasons = " ".join(i.reason for i in row.issues)
    assert "缺少客户名称" in reasons and "18位" in reasons
    with pytest.raises(RowError):
        row.raise_for_errors()


def test_optional_unparseable_value_is_a_warning_and_not_imported():
    row = parser().parse(8, ["张三", VALID_ID, "", "JJ1", "abc", 0, "正常", "", ""])
    assert not row.rejected and "balance" not in row.values
    assert row.issues[0].severity == "warning" and row.issues[0].column == "贷款余额（万元）"


def test_cell_problems_are_reported_per_cell():
    row = parser().parse(9, [CellProblem("#N/A", "单元格是错误值 #N/A"), VALID_ID, "", "JJ1", 1,
                             0, "正常", "", ""])
    assert row.rejected and row.issues[0].value == "#N/A"


def test_blank_and_total_rows():
    assert parser().parse(3, ["", None, " ", ""]).kind == "blank"
    assert parser().parse(3, ["合计", "", "", "", 25.5]).kind == "total"
    assert parser().parse(3, ["", "总 计：", "", "", 25.5]).kind == "total"


CELLS = st.one_of(
    st.none(), st.text(max_size=40), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(),
    st.datetimes(), st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "合计", "2023年5月6日", "35天", "¥1,234.50", "正常类", VALID_ID,
                     "330106750630123", "+86 138 0013 8000", "#N/A", "１２３", "ｘ", "\x00"]),
    st.builds(CellProblem, st.text(max_size=10), st.text(min_size=1, max_size=10)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(CELLS, min_size=0, max_size=12))
def test_random_cells_never_raise_anything_but_a_row_error(cells):
    try:
        row = parser().parse(2, cells)
        row.formatted()
        row.raise_for_errors()
    except RowError as exc:
        assert exc.issues and all(i.reason for i in exc.issues)
