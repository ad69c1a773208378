"""Resident ID numbers (GB 11643) and phone numbers: parse, validate, normalise."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from stdnum.cn import ric

from crm.domain.enums import Gender

_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID15 = re.compile(r"^\d{15}$")


class InvalidIdNumber(ValueError):
    """The reason, in Chinese, is the message."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: Gender
    converted_from_15: bool = False


def _clean(raw: object) -> str:
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else ""))
    return re.sub(r"[\s\-]", "", text).upper()


def parse_id_number(raw: object, today: date | None = None) -> IdInfo:
    """Validate length, birth date and check digit; never the region code.

    stdnum's validate() also checks the region code against the birth year and so
    rejects genuine numbers (see MEASURED.md); we use only its helpers.
    A 15-digit legacy number is converted to 18 digits (19 inserted before the year).
    """
    number = _clean(raw)
    converted = False
    if not number:
        raise InvalidIdNumber("证件号码为空")
    if _ID15.match(number):
        number = number[:6] + "19" + number[6:]
        number = number + ric.calc_check_digit(number + "0")
        converted = True
    elif len(number) != 18:
        raise InvalidIdNumber(f"证件号码应为18位，实际{len(number)}位")
    if not _ID18.match(number):
        raise InvalidIdNumber("证件号码含有非法字符")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("证件号码中的出生日期不存在") from None
    today = today or date.today()
    if birth > today or birth.year < 1900:
        raise InvalidIdNumber("证件号码中的出生日期不合理")
    if ric.calc_check_digit(number) != number[17]:
        raise InvalidIdNumber("证件号码校验位错误")
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdInfo(number, birth, gender, converted)


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """Build a valid 18-digit number (for demo data and tests)."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Phone:
    value: str  # E.164 when valid, else as written (trimmed)
    valid: bool

    @property
    def last4(self) -> str:
        digits = re.sub(r"\D", "", self.value)
        return digits[-4:]


def parse_phone(raw: object) -> Phone | None:
    """Normalise to E.164 (region CN); an invalid phone is kept as written, flagged invalid."""
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip()
    if not text:
        return None
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return Phone(text, False)
    if not phonenumbers.is_valid_number(parsed):
        return Phone(text, False)
    return Phone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True)


def display_phone(value: str) -> str:
    """+8613800138000 -> 138 0013 8000; landlines in national format."""
    if not value.startswith("+"):
        return value
    try:
        parsed = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
