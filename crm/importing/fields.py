"""The fields an import can fill, their Chinese labels, and header -> field matching.

The synonym table is data (resources/import/synonyms.json), so a branch can add the
column names its core system uses without a code change.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from crm.paths import RESOURCES

SYNONYMS_FILE = RESOURCES / "import" / "synonyms.json"
ONE = Decimal(1)
UNITS = {"元": ONE, "万元": Decimal(10000), "万": Decimal(10000), "千元": Decimal(1000)}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    entity: str  # 'customer' | 'loan'
    kind: str  # which parser in values.py
    required: bool = False
    max_len: int = 0


# Ordered as the wizard lists them; the label is also the header an export writes.
FIELDS: tuple[Field, ...] = (
    Field("name", "客户名称", "customer", "name", True, 64),
    Field("id_number", "证件号码", "customer", "id_number", True),
    Field("phone", "手机号码", "customer", "phone"),
    Field("phone2", "备用电话", "customer", "phone"),
    Field("address", "地址", "customer", "text", max_len=255),
    Field("district", "所属区域", "customer", "text", max_len=64),
    Field("occupation", "职业", "customer", "text", max_len=64),
    Field("employer", "工作单位", "customer", "text", max_len=128),
    Field("monthly_income", "月收入", "customer", "amount"),
    Field("manager", "客户经理", "customer", "text", max_len=64),
    Field("loan_no", "借据号", "loan", "loan_no", True, 64),
    Field("product", "贷款品种", "loan", "text", max_len=64),
    Field("principal", "贷款金额", "loan", "amount"),
    Field("balance", "贷款余额", "loan", "amount"),
    Field("disbursed_on", "放款日期", "loan", "date"),
    Field("maturity_on", "到期日期", "loan", "date"),
    Field("overdue_days", "逾期天数", "loan", "days"),
    Field("overdue_amount", "逾期金额", "loan", "amount"),
    Field("five_tier", "五级分类", "loan", "five_tier"),
)
BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
CUSTOMER_KEYS = tuple(f.key for f in FIELDS if f.entity == "customer")
LOAN_KEYS = tuple(f.key for f in FIELDS if f.entity == "loan")

_UNIT = re.compile(r"\((万元|千元|元|万)\)|单位[:：]?(万元|千元|元)")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_SPACE = re.compile(r"\s+")


def normalise_header(text: object) -> str:
    """Spaces dropped, full-width brackets and letters folded to half-width, lower case."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).replace("【", "(").replace("】", ")")
    return _SPACE.sub("", folded).lower()


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """normalised synonym -> field key, read once from resources/import/synonyms.json."""
    raw = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for key, names in raw.items():
        if key.startswith("_"):
            continue
        if key not in BY_KEY:
            raise ValueError(f"synonyms.json names an unknown field: {key}")
        for name in [BY_KEY[key].label, *names]:
            table.setdefault(normalise_header(name), key)
    return table


def match_header(text: object) -> tuple[str | None, Decimal]:
    """(field key or None, unit scale) for one header cell."""
    norm = normalise_header(text)
    if not norm or len(norm) > 60:
        return None, ONE
    scale = ONE
    unit = _UNIT.search(norm)
    if unit:
        scale = UNITS[unit.group(1) or unit.group(2)]
        norm = _UNIT.sub("", norm)
    table = synonyms()
    key = table.get(norm) or table.get(_PAREN.sub("", norm))
    if key is None or BY_KEY[key].kind != "amount":
        scale = ONE
    return key, scale


@dataclass(frozen=True)
class ColumnMap:
    """One source column: the field it fills (None = ignored) and the unit scale of its values."""

    field: str | None
    scale: Decimal = ONE

    @property
    def field_key(self) -> str | None:
        return self.field

    @property
    def label(self) -> str:
        return BY_KEY[self.field].label if self.field else "（不导入）"


class Mapping(dict[int, ColumnMap]):
    """Column index -> ColumnMap. A field is filled by at most one column."""

    def columns_for(self) -> dict[str, tuple[int, Decimal]]:
        """field key -> (column index, scale), for the mapped columns."""
        out: dict[str, tuple[int, Decimal]] = {}
        for col in sorted(self):
            cm = self[col]
            if cm.field and cm.field not in out:
                out[cm.field] = (col, cm.scale)
        return out

    def fields(self) -> set[str]:
        return {cm.field for cm in self.values() if cm.field}

    def missing_required(self) -> list[str]:
        """Labels of the fields a customer needs that no column fills."""
        have = self.fields()
        return [f.label for f in FIELDS if f.required and f.entity == "customer"
                and f.key not in have]

    def to_json(self) -> dict[str, Any]:
        return {"columns": {str(c): {"field": m.field, "scale": str(m.scale)}
                            for c, m in sorted(self.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Mapping":
        out = cls()
        for col, m in (data.get("columns") or {}).items():
            key = m.get("field")
            if key is not None and key not in BY_KEY:
                key = None
            out[int(col)] = ColumnMap(key, Decimal(str(m.get("scale", "1"))))
        return out


def detect_mapping(headers: list[Any]) -> Mapping:
    """Map each header to a field through the synonym table; the first column wins a field.

    A second phone-like column becomes the spare phone (备用电话).
    """
    mapping = Mapping()
    used: set[str] = set()
    for col, header in enumerate(headers):
        key, scale = match_header(header)
        if key == "phone" and "phone" in used:
            key = "phone2"
        if key is None or key in used:
            mapping[col] = ColumnMap(None)
            continue
        used.add(key)
        mapping[col] = ColumnMap(key, scale)
    return mapping


def known_field_count(cells: list[Any]) -> int:
    """How many distinct fields a row of cells would map: the header-row score."""
    found: set[str] = set()
    for cell in cells:
        if isinstance(cell, str) and cell:
            key, _ = match_header(cell)
            if key:
                found.add(key)
    return len(found)


def header_signature(headers: list[Any]) -> str:
    """Identifies a file layout: the normalised headers, trailing blanks dropped."""
    names = [normalise_header(h) for h in headers]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode()).hexdigest()[:32]
