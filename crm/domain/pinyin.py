"""Pinyin search keys for Chinese names, computed at write time."""
from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=65536)
def _char_keys(ch: str) -> tuple[str, str]:
    # imported here, and without its phrase dictionary (~0.4 s and ~44 MB): names are
    # converted one character at a time, so phrases never apply
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, lazy_pinyin

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
