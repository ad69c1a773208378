"""Cell values -> typed values: dates, exact amounts, overdue days, five-tier, IDs, phones.

Each parser takes what a reader gives (calamine: str, float, date, datetime, bool;
openpyxl: int, datetime; CSV: str) and returns the typed value, None for "not given",
or raises CellError with the reason in Chinese. CellWarning means "kept (value), but tell".
RowParser turns one row of cells into a ParsedRow and never raises.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, Callable

from crm.domain.enums import FiveTier
from crm.domain.errors import UserError
from crm.domain.identity import IdInfo, InvalidIdNumber, Phone, parse_id_number, parse_phone
from crm.importing.fields import BY_KEY, ONE, Mapping

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e16")
EXCEL_EPOCH = date(1899, 12, 30)
MAX_SHOWN = 60  # characters of a cell value quoted in a message
_MAX_EXACT = 2**53
TOTAL_WORDS = ("合计", "总计", "小计")


class CellError(ValueError):
    """The value cannot be used; the message is the reason, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CellWarning(Exception):
    """The value is kept as `value` (None: dropped), and the user is told `reason`."""

    def __init__(self, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.value = value
        self.reason = reason


class RowError(UserError):
    """A row that cannot be imported, with the issues that say why."""

    def __init__(self, issues: list["Issue"]) -> None:
        self.issues = issues
        super().__init__("；".join(i.message for i in issues))


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be trusted: an error value, or a formula with no saved result."""

    text: str
    reason: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Issue:
    row: int  # the Excel row number (1-based), 0 for the file as a whole
    column: str  # the header of the column, or the field label
    value: str
    reason: str
    severity: str = "error"  # 'error' rejects the row, 'warning' does not

    @property
    def message(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        col = f"【{self.column}】" if self.column else ""
        val = f"“{self.value}”" if self.value else ""
        return f"{where}{col}{val}：{self.reason}"


def shown(value: Any) -> str:
    """A cell value as a message quotes it: short, one line."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_EXACT:
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
    else:
        text = str(value)
    text = " ".join(text.split())
    if len(text) > MAX_SHOWN:
        return f"{text[:MAX_SHOWN]}…（共 {len(text)} 个字符）"
    return text


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


# --- text ------------------------------------------------------------------------------------

def to_text(raw: Any) -> str | None:
    """Any cell as trimmed text; whole floats lose their '.0'; None when blank."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip()
        return text or None
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None
        return str(int(raw)) if raw.is_integer() and abs(raw) < _MAX_EXACT else repr(raw)
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ").removesuffix(" 00:00:00")
    return str(raw).strip() or None


def parse_text(raw: Any, max_len: int = 255, label: str = "") -> str | None:
    text = to_text(raw)
    if text is not None and len(text) > max_len:
        raise CellError(f"{label}过长（{len(text)} 个字符，最多 {max_len} 个）")
    return text


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def parse_name(raw: Any) -> str | None:
    """Spaces around a name, or between its Chinese characters, are not part of it."""
    text = to_text(raw)
    if text is None:
        return None
    if not text.isascii():
        text = _CJK_GAP.sub("", text.replace("\u3000", " ")).strip()
    if len(text) > 64:
        raise CellError(f"客户名称过长（{len(text)} 个字符，最多 64 个）")
    return text


# --- numbers -----------------------------------------------------------------------------------

def _exact_number(raw: Any, what: str) -> str:
    """A numeric cell as the digits it holds; refuses numbers Excel has already rounded."""
    if isinstance(raw, float):
        if not raw.is_integer() or abs(raw) >= _MAX_EXACT:
            raise CellError(f"{what}被 Excel 存成了数字，超过 15 位的部分已丢失。"
                            f"请把该列设为“文本”格式后重新导出")
        return str(int(raw))
    return str(raw)


@lru_cache(maxsize=4096)
def _region_known(code: str) -> bool:
    try:
        from stdnum import numdb

        return any("county" in props for _part, props in numdb.get("cn/loc").info(code))
    except Exception:  # noqa: BLE001 - stdnum raises KeyError for some codes: never fatal
        return False


def parse_id(raw: Any) -> IdInfo | None:
    """Length, check digit and birth date; never the region code (a warning at most).

    A 15-digit legacy number is converted to 18 digits (with a warning saying so).
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise CellError("不是证件号码")
    text = _exact_number(raw, "证件号码") if isinstance(raw, int | float) else str(raw)
    if not text.strip():
        return None
    if "*" in text:
        raise CellError("证件号码已脱敏（含 *），无法识别客户。请使用未脱敏的清单")
    if len(text) > 40:
        raise CellError(f"不是证件号码（{len(text)} 个字符）")
    try:
        info = parse_id_number(text)
    except InvalidIdNumber as exc:
        raise CellError(str(exc)) from None
    if info.converted_from_15:
        raise CellWarning(info, f"15 位旧证件号码已转换为 18 位：{info.number}")
    if not _region_known(info.number[:6]):
        raise CellWarning(info, f"地区代码 {info.number[:6]} 不在行政区划代码表中（仅提示，已导入）")
    return info


_MOBILE = re.compile(r"1\d{10}")
_PHONE_JUNK = re.compile(r"[\s\-()]+")


@lru_cache(maxsize=65536)
def _mobile_prefix_valid(prefix5: str) -> bool:
    # CN mobile validity depends only on the first five digits (phonenumbers' pattern is
    # 1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|...)\d{8}), so one slow lookup per prefix
    phone = parse_phone(prefix5 + "000000")
    return phone is not None and phone.valid


def parse_phone_cell(raw: Any) -> Phone | None:
    """E.164 when valid; an invalid phone is kept as written, with a warning."""
    if raw is None or raw == "":
        return None
    text = _exact_number(raw, "电话号码") if isinstance(raw, float) else to_text(raw)
    if not text:
        return None
    if "*" in text:
        raise CellWarning(None, "电话号码已脱敏（含 *），未导入")
    if len(text) > 32:
        raise CellWarning(None, f"电话号码过长（{len(text)} 个字符），未导入")
    digits = _PHONE_JUNK.sub("", _nfkc(text))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if _MOBILE.fullmatch(digits) and _mobile_prefix_valid(digits[:5]):
        return Phone("+86" + digits, True)
    phone = parse_phone(text)
    if phone is not None and not phone.valid:
        raise CellWarning(phone, "电话号码无法识别，已按原样保存")
    return phone


_AMOUNT_JUNK = re.compile(r"[,\s¥$]|^rmb|^cny|元$")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DAYS = re.compile(r"[+-]?\d{1,7}(\.0*)?")


def _decimal_of_float(raw: float) -> Decimal:
    text = repr(raw)
    dot = text.find(".")
    if "e" in text or (dot >= 0 and len(text) - dot > 3):
        # Excel keeps 15 significant digits: 0.30000000000000004 was 0.3 on the screen
        text = format(raw, ".15g")
    return Decimal(text)


def parse_amount(raw: Any, scale: Decimal = ONE, label: str = "金额") -> Decimal | None:
    """Numbers, '1,234.50', '¥1,234.50', full-width digits, '12.5' in 万元 -> exact Decimal."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise CellError(f"不是有效的{label}")
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError(f"不是有效的{label}")
        value = _decimal_of_float(raw)
    elif isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, str):
        text = _nfkc(raw).strip().lower()
        if not text:
            return None
        if text in ("-", "--", "—", "——"):
            return Decimal("0.00")
        cleaned = _AMOUNT_JUNK.sub("", text)
        if cleaned.startswith("(") and cleaned.endswith(")"):
            cleaned = "-" + cleaned[1:-1]
        if len(cleaned) > 30 or not _NUMBER.fullmatch(cleaned):
            raise CellError(f"不是有效的{label}")
        value = Decimal(cleaned)
    else:
        raise CellError(f"不是有效的{label}")
    if scale != ONE:
        value = value * scale
    if value < 0:
        raise CellError(f"{label}不能为负数")
    if value >= MAX_AMOUNT:
        raise CellError(f"{label}过大")
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded != value:
        raise CellWarning(rounded, f"{label}超过两位小数，已四舍五入为 {rounded}")
    return rounded


# --- dates -------------------------------------------------------------------------------------

_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ t]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _checked(d: date) -> date:
    if not 1900 <= d.year <= 2100:
        raise CellError("日期不合理（年份应在 1900 到 2100 之间）")
    return d


def _ymd(y: str | int, m: str | int, d: str | int) -> date:
    try:
        return _checked(date(int(y), int(m), int(d)))
    except ValueError:
        raise CellError("日期不存在") from None


def parse_date(raw: Any) -> date | None:
    """Date cells, Excel serial numbers, 2023/5/6, 2023-05-06, 2023.5.6, 2023年5月6日, 20230506."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return _checked(raw.date())
    if isinstance(raw, date):
        return _checked(raw)
    if isinstance(raw, bool):
        raise CellError("不是有效的日期")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError("不是有效的日期")
        if 19000101 <= raw <= 21001231 and float(raw).is_integer():
            number = int(raw)
            return _ymd(number // 10000, number // 100 % 100, number % 100)
        if 1 <= raw < 2958466:  # an Excel serial day number; a time of day is dropped
            return _checked(EXCEL_EPOCH + timedelta(days=int(raw)))
        raise CellError("不是有效的日期")
    text = _nfkc(str(raw)).strip().lower()
    if not text:
        return None
    if len(text) <= 30:
        m = _DATE_RE.fullmatch(text) or _COMPACT_RE.fullmatch(text)
        if m:
            return _ymd(*m.groups())
    raise CellError("不是可识别的日期（可用 2023-05-06、2023/5/6、2023年5月6日 或 20230506）")


# --- loans -------------------------------------------------------------------------------------

def parse_days(raw: Any) -> int:
    """35, 35.0, '35', '35天'; blank means 0."""
    if raw is None or raw == "":
        return 0
    if isinstance(raw, bool):
        raise CellError("不是有效的逾期天数")
    if isinstance(raw, int | float):
        if raw != raw or not float(raw).is_integer():
            raise CellError("逾期天数应为整数")
        days = int(raw)
    else:
        text = _nfkc(str(raw)).strip().removesuffix("天").removesuffix("日").strip()
        if not text:
            return 0
        if not _DAYS.fullmatch(text):
            raise CellError("不是有效的逾期天数")
        days = int(float(text)) if "." in text else int(text)
    if days < 0:
        raise CellError("逾期天数不能为负数")
    if days > 100_000:
        raise CellError("逾期天数不合理")
    return days


_TIERS: dict[str, FiveTier] = {}
for _tier in FiveTier:
    _TIERS[_tier.label] = _tier
    _TIERS[_tier.label + "类"] = _tier
    _TIERS[_tier.value] = _tier


def parse_five_tier(raw: Any) -> FiveTier | None:
    """正常/关注/次级/可疑/损失, with or without a trailing 类."""
    text = to_text(raw)
    if text is None:
        return None
    tier = _TIERS.get(text) or _TIERS.get(_nfkc(text).replace(" ", "").lower())
    if tier is None:
        raise CellError("不是五级分类（应为 正常、关注、次级、可疑 或 损失）")
    return tier


def parse_loan_no(raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    text = _exact_number(raw, "借据号") if isinstance(raw, float) else to_text(raw)
    if not text:
        return None
    text = _nfkc(text).replace(" ", "")
    if len(text) > 64:
        raise CellError(f"借据号过长（{len(text)} 个字符，最多 64 个）")
    return text


# --- one row -----------------------------------------------------------------------------------

def _parser_for(key: str, scale: Decimal) -> Callable[[Any], Any]:
    f = BY_KEY[key]
    if f.kind == "name":
        return parse_name
    if f.kind == "id_number":
        return parse_id
    if f.kind == "phone":
        return parse_phone_cell
    if f.kind == "amount":
        return lambda raw: parse_amount(raw, scale, f.label)
    if f.kind == "date":
        return parse_date
    if f.kind == "days":
        return parse_days
    if f.kind == "five_tier":
        return parse_five_tier
    if f.kind == "loan_no":
        return parse_loan_no
    return lambda raw: parse_text(raw, f.max_len, f.label)


# columns whose values repeat a lot (products, districts, classes, dates): parse each once
MEMO_FIELDS = {"product", "district", "occupation", "employer", "manager", "five_tier",
               "overdue_days", "disbursed_on", "maturity_on"}
MEMO_LIMIT = 20_000


def _memo(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    cache: dict[tuple[type, Any], tuple[Any, Exception | None]] = {}

    def run(raw: Any) -> Any:
        key = (type(raw), raw)  # True == 1.0 must not share an entry
        hit = cache.get(key)
        if hit is None:
            try:
                hit = (parse(raw), None)
            except (CellError, CellWarning) as exc:
                hit = (None, exc)
            if len(cache) < MEMO_LIMIT:
                cache[key] = hit
        if hit[1] is not None:
            raise hit[1].with_traceback(None)
        return hit[0]

    return run


# blank cells in these columns mean zero, not "not given": the core system leaves them empty
BLANK_IS_ZERO = {"overdue_days": 0, "overdue_amount": Decimal("0.00")}


@dataclass
class ParsedRow:
    row: int  # Excel row number
    kind: str  # 'data' | 'blank' | 'total'
    values: dict[str, Any] = field(default_factory=dict)  # field key -> typed value, given only
    issues: list[Issue] = field(default_factory=list)
    raw: list[Any] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    def raise_for_errors(self) -> None:
        errors = [i for i in self.issues if i.severity == "error"]
        if errors:
            raise RowError(errors)

    def formatted(self) -> dict[str, str]:
        """What the wizard's preview shows: parsed values, dates as dates, amounts as ¥."""
        return {k: format_value(v) for k, v in self.values.items()}


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"¥{value:,.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, FiveTier):
        return value.label
    if isinstance(value, IdInfo):
        return value.number
    if isinstance(value, Phone):
        return value.value if value.valid else f"{value.value}（无效）"
    return str(value)


def is_blank(cells: list[Any]) -> bool:
    for c in cells:
        if c is not None and c != "" and not (isinstance(c, str) and not c.strip()):
            return False
    return True


def is_total(cells: list[Any]) -> bool:
    """合计/总计/小计 in one of the first non-empty text cells."""
    seen = 0
    for c in cells:
        if isinstance(c, str) and c:
            text = c.replace(" ", "").replace("\u3000", "")
            if text.startswith(TOTAL_WORDS) or text.endswith(TOTAL_WORDS):
                return True
            seen += 1
            if seen >= 3:
                return False
    return False


class RowParser:
    """Parses rows for one mapping; the per-column parsers are chosen once."""

    def __init__(self, mapping: Mapping, headers: list[Any]) -> None:
        self.columns: list[tuple[str, int, str, Callable[[Any], Any]]] = []
        for key, (col, scale) in mapping.columns_for().items():
            header = to_text(headers[col]) if col < len(headers) else None
            parse = _parser_for(key, scale)
            if key in MEMO_FIELDS:
                parse = _memo(parse)
            self.columns.append((key, col, header or BY_KEY[key].label, parse))
        self.fields = {key for key, *_ in self.columns}
        self.loan_fields = {k for k in self.fields if BY_KEY[k].entity == "loan"} - {"loan_no"}

    def parse(self, row: int, cells: list[Any], keep_raw: bool = False) -> ParsedRow:
        if is_blank(cells):
            return ParsedRow(row, "blank", raw=cells if keep_raw else [])
        if is_total(cells):
            return ParsedRow(row, "total", raw=cells if keep_raw else [])
        values: dict[str, Any] = {}
        issues: list[Issue] | None = None
        width = len(cells)
        for key, col, header, parse in self.columns:
            raw = cells[col] if col < width else None
            if type(raw) is CellProblem:
                issues = issues or []
                required = BY_KEY[key].required
                issues.append(Issue(row, header, raw.text, raw.reason if required else
                                    raw.reason + "（该项未导入）", "error" if required else "warning"))
                continue
            try:
                value = parse(raw)
            except CellWarning as w:
                value = w.value
                issues = issues or []
                issues.append(Issue(row, header, shown(raw), w.reason, "warning"))
            except CellError as e:
                issues = issues or []
                required = BY_KEY[key].required
                reason = e.reason if required else e.reason + "（该项未导入）"
                issues.append(Issue(row, header, shown(raw), reason,
                                    "error" if required else "warning"))
                continue
            except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the import
                issues = issues or []
                issues.append(Issue(row, header, shown(raw), f"无法识别的值（{type(exc).__name__}）",
                                    "error" if BY_KEY[key].required else "warning"))
                continue
            if value is None:
                value = BLANK_IS_ZERO.get(key)
            if value is not None:
                values[key] = value
        parsed = ParsedRow(row, "data", values, issues or [], cells if keep_raw else [])
        self._check_required(parsed)
        return parsed

    def _check_required(self, parsed: ParsedRow) -> None:
        values = parsed.values
        row = parsed.row
        errors = {i.column for i in parsed.issues if i.severity == "error"}
        for key in ("name", "id_number"):
            if key not in values and not any(c[0] == key and c[2] in errors for c in self.columns):
                label = BY_KEY[key].label
                parsed.issues.append(Issue(row, self._header(key), "", f"缺少{label}"))
        if "loan_no" not in values:
            given = [k for k in self.loan_fields if k in values and k not in BLANK_IS_ZERO]
            given += [k for k in BLANK_IS_ZERO if values.get(k)]
            if given and "loan_no" in self.fields and not parsed.rejected:
                parsed.issues.append(Issue(row, self._header("loan_no"), "",
                                           "没有借据号，本行的贷款信息未导入", "warning"))
            for k in self.loan_fields:
                values.pop(k, None)

    def _header(self, key: str) -> str:
        for k, _col, header, _p in self.columns:
            if k == key:
                return header
        return BY_KEY[key].label
