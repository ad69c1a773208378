"""The plain record a repayment agreement (还款协议) or pledge (还款承诺书) is printed from,
and amounts in Chinese capitals (人民币大写) as bank documents write them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from crm.domain.enums import PlanMethod


@dataclass(frozen=True)
class AgreementLoan:
    loan_no: str
    product: str
    balance: Decimal
    overdue_amount: Decimal
    overdue_days: int


@dataclass(frozen=True)
class Instalment:
    seq: int
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class AgreementData:
    """Everything printed on the agreement; sensitive fields as they should print (the ID
    number masked unless the plan's author chose to reveal it)."""

    bank_name: str
    branch_name: str
    customer_name: str
    customer_id_number: str
    customer_phone: str
    customer_address: str
    loans: tuple[AgreementLoan, ...]
    arrears_amount: Decimal
    grace_months: int
    method: PlanMethod
    instalments: tuple[Instalment, ...]
    pledge: bool = False                 # 还款承诺书 (the customer's promise) not 还款协议
    agreement_no: str = ""
    terms: tuple[str, ...] = ()          # extra terms, after the standard ones
    manager_name: str = ""
    made_on: date | None = None

    @property
    def title(self) -> str:
        return "还款承诺书" if self.pledge else "还款协议"

    @property
    def scheduled_total(self) -> Decimal:
        return sum((i.amount for i in self.instalments), Decimal("0"))


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ("", "拾", "佰", "仟")
_BIG = ("", "万", "亿", "兆")


def _four(n: int) -> str:
    """0 < n < 10000 in capitals, with inner zeros as 零."""
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10 ** pos % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + _DIGITS[d] + _SMALL[pos]
            zero = False
    return out


def rmb_upper(amount: Decimal) -> str:
    """¥10,203.05 -> 壹万零贰佰零叁元零伍分; whole amounts end in 整."""
    value = amount.quantize(Decimal("0.01"), ROUND_HALF_UP)
    sign = "负" if value < 0 else ""
    cents = int(abs(value) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if yuan == 0 and cents == 0:
        return "零元整"
    words = ""
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(words)
            continue
        if words and (need_zero or g < 1000):
            words += "零"
        words += _four(g) + _BIG[i]
        need_zero = False
    out = sign + (words + "元" if words else "")
    if jiao == 0 and fen == 0:
        return out + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif words:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    else:
        out += "整"
    return out
