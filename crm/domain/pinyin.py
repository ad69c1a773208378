"""Pinyin search keys for Chinese names, computed at write time."""
from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def _char_keys(ch: str) -> tuple[str, str]:
    full = lazy_pinyin(ch, style=Style.NORMAL, errors="default")[0].lower()
    return full, full[:1]


def name_keys(name: str) -> tuple[str, str]:
    """'张三' -> ('zhangsan', 'zs'). Non-Chinese characters are kept as they are, lower-cased."""
    full: list[str] = []
    initials: list[str] = []
    for ch in name.strip():
        if ch.isspace():
            continue
        f, i = _char_keys(ch)
        full.append(f)
        initials.append(i)
    return "".join(full), "".join(initials)
