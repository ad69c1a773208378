"""Repayment plan schedules: exact sums, remainder on the last instalment, month ends."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from crm.domain.enums import PlanMethod
from crm.domain.errors import ValidationError
from crm.domain.schedule import add_months, build_schedule


def test_equal_instalments_put_the_remainder_on_the_last():
    rows = build_schedule(Decimal("100.00"), 3, PlanMethod.EQUAL, date(2026, 3, 15))
    assert [r.amount for r in rows] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert [r.seq for r in rows] == [1, 2, 3]
    assert [r.due_on for r in rows] == [date(2026, 3, 15), date(2026, 4, 15), date(2026, 5, 15)]


def test_step_up_instalments_grow():
    rows = build_schedule(Decimal("12000.00"), 4, PlanMethod.STEP_UP, date(2026, 1, 10))
    amounts = [r.amount for r in rows]
    assert amounts == sorted(amounts) and amounts[0] < amounts[-1]
    assert sum(amounts) == Decimal("12000.00")


def test_grace_months_defer_the_first_instalment():
    rows = build_schedule(Decimal("900.00"), 3, PlanMethod.EQUAL, date(2026, 3, 15), grace_months=2)
    assert rows[0].due_on == date(2026, 5, 15)
    assert rows[-1].due_on == date(2026, 7, 15)


def test_month_ends_are_clamped_without_drifting():
    rows = build_schedule(Decimal("400.00"), 4, PlanMethod.EQUAL, date(2024, 1, 31))
    assert [r.due_on for r in rows] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31),
                                        date(2024, 4, 30)]
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)


def test_bad_terms_are_refused_naming_the_field():
    with pytest.raises(ValidationError) as err:
        build_schedule(Decimal("0.05"), 10, PlanMethod.EQUAL, date(2026, 1, 1))
    assert "不足 1 分钱" in err.value.fields["instalment_count"]
    with pytest.raises(ValidationError) as err:
        build_schedule(Decimal("-5"), 0, PlanMethod.EQUAL, date(2026, 1, 1), grace_months=-1)
    assert set(err.value.fields) == {"arrears_amount", "instalment_count", "grace_months"}
    with pytest.raises(ValidationError) as err:
        build_schedule(Decimal("10.005"), 2, PlanMethod.EQUAL, date(2026, 1, 1))
    assert "精确到分" in err.value.fields["arrears_amount"]


@given(fen=st.integers(min_value=1, max_value=10**13),
       count=st.integers(min_value=1, max_value=120),
       method=st.sampled_from(list(PlanMethod)),
       grace=st.integers(min_value=0, max_value=24),
       first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_instalments_sum_exactly_and_are_positive(fen, count, method, grace, first):
    amount = Decimal(fen) / 100
    smallest_share = Decimal(1) if method is PlanMethod.EQUAL else Decimal(1) / Decimal(
        sum(1 + Decimal("0.2") * i for i in range(count)))
    if method is PlanMethod.EQUAL and fen < count or (amount * smallest_share) < Decimal("0.01"):
        with pytest.raises(ValidationError):
            build_schedule(amount, count, method, first, grace)
        return
    rows = build_schedule(amount, count, method, first, grace)
    assert len(rows) == count
    assert sum(r.amount for r in rows) == amount
    assert all(r.amount > 0 and r.amount == r.amount.quantize(Decimal("0.01")) for r in rows)
    assert all(a.due_on < b.due_on for a, b in zip(rows, rows[1:]))
    assert rows[0].due_on == add_months(first, grace)
