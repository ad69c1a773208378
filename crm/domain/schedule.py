"""The schedule of a negotiated repayment plan (协商还款计划): due dates and amounts, exact.

- Amounts are Decimal to the fen. Every instalment but the last is rounded down, so the
  rounding remainder lands on the last one and the rows always add up to the arrears amount
  exactly.
- Equal (等额分期): the same amount each month. Step-up (递增分期): each instalment is
  STEP_UP larger than the one before (a borrower recovering pays little first).
- Grace months (还款缓冲期) defer the whole schedule: with a first due date of 15 March and
  two grace months the first instalment falls on 15 May. Later instalments fall on the same
  day of each following month; a day the month lacks becomes its last day (31 Jan, 28/29
  Feb, 31 Mar), always counted from the first date so the day never drifts.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from crm.domain.enums import PlanMethod
from crm.domain.errors import ValidationError

FEN = Decimal("0.01")
STEP_UP = Decimal("0.20")   # each step-up instalment is 20% of the first larger than the last
MAX_INSTALMENTS = 120
MAX_GRACE_MONTHS = 24
MAX_AMOUNT = Decimal("9999999999999999.99")


@dataclass(frozen=True)
class ScheduleRow:
    seq: int
    due_on: date
    amount: Decimal


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_problems(amount: Decimal | None, count: int | None, grace_months: int | None,
                      method: PlanMethod, first_due_on: date | None) -> dict[str, str]:
    """Why these terms cannot make a schedule, by field, in Chinese (empty when they can)."""
    errors: dict[str, str] = {}
    if amount is None:
        errors["arrears_amount"] = "请填写协商还款金额"
    elif amount != amount.quantize(FEN):
        errors["arrears_amount"] = "协商还款金额最多保留两位小数（精确到分）"
    elif amount <= 0:
        errors["arrears_amount"] = "协商还款金额须大于 0"
    elif amount > MAX_AMOUNT:
        errors["arrears_amount"] = "协商还款金额过大"
    if count is None or count < 1:
        errors["instalment_count"] = "分期期数至少为 1 期"
    elif count > MAX_INSTALMENTS:
        errors["instalment_count"] = f"分期期数不能超过 {MAX_INSTALMENTS} 期"
    if grace_months is None or grace_months < 0:
        errors["grace_months"] = "还款缓冲期不能为负数"
    elif grace_months > MAX_GRACE_MONTHS:
        errors["grace_months"] = f"还款缓冲期不能超过 {MAX_GRACE_MONTHS} 个月"
    if first_due_on is None:
        errors["first_due_on"] = "请填写首期还款日"
    if not errors and amount is not None and count is not None:
        smallest = _weights(method, count)[0] * amount / sum(_weights(method, count))
        if smallest.quantize(FEN, ROUND_DOWN) < FEN:
            errors["instalment_count"] = (f"金额 ¥{amount:,.2f} 分 {count} 期后每期不足 1 分钱，"
                                          "请减少期数")
    return errors


def _weights(method: PlanMethod, count: int) -> list[Decimal]:
    if method is PlanMethod.STEP_UP:
        return [1 + STEP_UP * i for i in range(count)]
    return [Decimal(1)] * count


def build_schedule(amount: Decimal, count: int, method: PlanMethod, first_due_on: date,
                   grace_months: int = 0) -> tuple[ScheduleRow, ...]:
    """The instalments, seq 1..count; raises ValidationError for terms that cannot work."""
    if errors := schedule_problems(amount, count, grace_months, method, first_due_on):
        raise ValidationError(errors)
    weights = _weights(method, count)
    total = sum(weights)
    amounts = [(amount * w / total).quantize(FEN, ROUND_DOWN) for w in weights[:-1]]
    amounts.append(amount - sum(amounts, Decimal(0)))
    return tuple(ScheduleRow(i + 1, add_months(first_due_on, grace_months + i), a)
                 for i, a in enumerate(amounts))


__all__ = ["FEN", "MAX_INSTALMENTS", "STEP_UP", "ScheduleRow", "add_months", "build_schedule",
           "schedule_problems"]
