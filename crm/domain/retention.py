"""Which rolling backups to keep: the last 7 daily and the last 4 weekly (pure)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

DAILY = 7
WEEKLY = 4
PREFIX = "crm-"
SUFFIX = ".sqlite3"
_NAME = re.compile(r"^crm-(\d{8})-(\d{6})\.sqlite3$")


def backup_name(local: datetime) -> str:
    """crm-20261203-183005.sqlite3 (local time: what the user sees in the folder)."""
    return f"{PREFIX}{local:%Y%m%d-%H%M%S}{SUFFIX}"


def parse_backup_name(name: str) -> datetime | None:
    m = _NAME.match(name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _week(d: date) -> tuple[int, int]:
    iso = d.isocalendar()
    return iso.year, iso.week


def backups_to_keep(stamps: Iterable[datetime], daily: int = DAILY,
                    weekly: int = WEEKLY) -> set[datetime]:
    """The newest backup of each of the `daily` most recent days that have a backup, and the
    newest of each of the `weekly` most recent ISO weeks that have one.

    Counted over days with backups, not calendar days: a laptop left in a drawer for a month
    still has its last 7 backups when it is next closed.
    """
    newest_by_day: dict[date, datetime] = {}
    newest_by_week: dict[tuple[int, int], datetime] = {}
    for stamp in stamps:
        day = stamp.date()
        if day not in newest_by_day or newest_by_day[day] < stamp:
            newest_by_day[day] = stamp
        week = _week(day)
        if week not in newest_by_week or newest_by_week[week] < stamp:
            newest_by_week[week] = stamp
    keep = {newest_by_day[d] for d in sorted(newest_by_day, reverse=True)[:max(daily, 0)]}
    keep |= {newest_by_week[w] for w in sorted(newest_by_week, reverse=True)[:max(weekly, 0)]}
    return keep


def backups_to_delete(stamps: Iterable[datetime], daily: int = DAILY,
                      weekly: int = WEEKLY) -> list[datetime]:
    stamps = list(stamps)
    keep = backups_to_keep(stamps, daily, weekly)
    return sorted(s for s in stamps if s not in keep)
