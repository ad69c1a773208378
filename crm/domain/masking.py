"""Masking of personal data for lists, PDFs, exports and logs."""
from __future__ import annotations

import re

from crm.domain.identity import display_phone


def mask_id(number: str | None) -> str:
    """前6后4: 330106********1234."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(value: str | None) -> str:
    """前3后4: 138****8000 (national form)."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", display_phone(value))
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str | None, keep: int = 6) -> str:
    """Keep the district part, hide the house number."""
    if not address:
        return ""
    if len(address) <= keep:
        return address
    return address[:keep] + "****"


_ID_RE = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
# a mobile, bare (13800138000) or after the country code (+8613800138000, 86 138-0013-8000,
# as stored phones are E.164 and people type them)
_PHONE_RE = re.compile(r"((?:\+|(?<!\d))86[-\s]?|(?<!\d))(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?!\d)")


def scrub(text: str) -> str:
    """Mask ID numbers and mobile numbers inside free text (log lines, notes in reports)."""
    text = _ID_RE.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    return _PHONE_RE.sub(lambda m: m.group(1) + m.group(2) + "****" + m.group(3), text)
