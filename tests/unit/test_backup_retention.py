"""Rolling backups: the last 7 daily and the last 4 weekly are kept."""
from __future__ import annotations

from datetime import datetime, timedelta

from crm.domain.retention import (backup_name, backups_to_delete, backups_to_keep,
                                  parse_backup_name)


def test_names_round_trip_and_foreign_files_are_ignored():
    at = datetime(2026, 12, 3, 18, 30, 5)
    assert backup_name(at) == "crm-20261203-183005.sqlite3"
    assert parse_backup_name(backup_name(at)) == at
    for other in ("crm-20261203-183005.sqlite3.manifest.json", "notes.txt",
                  "crm-20261340-000000.sqlite3", "crm-2026120-183005.sqlite3"):
        assert parse_backup_name(other) is None


def test_several_exits_a_day_keep_the_last_of_the_day():
    day = [datetime(2026, 12, 3, h, 0) for h in (9, 12, 18)]
    assert backups_to_keep(day) == {day[-1]}
    assert backups_to_delete(day) == day[:2]


def test_sixty_days_of_daily_exits_keep_7_days_and_4_weeks():
    start = datetime(2026, 10, 5, 18, 0)   # a Monday
    stamps = [start + timedelta(days=n) for n in range(60)]
    keep = backups_to_keep(stamps)
    last = stamps[-1]
    days = {s for s in stamps if s > last - timedelta(days=7)}
    assert days <= keep                                   # the last 7 days
    older = sorted(keep - days)
    # plus the newest backup of each of the 4 most recent weeks (those not already kept)
    weeks = {s.isocalendar()[:2] for s in keep}
    assert len(weeks) == 4 and len(keep) <= 7 + 4
    assert all(s.weekday() == 6 for s in older)           # Sunday: the newest of its week
    assert len(backups_to_delete(stamps)) == 60 - len(keep)


def test_days_without_backups_do_not_use_up_the_seven():
    """A laptop closed once a week for two months keeps its last seven backups, not one."""
    stamps = [datetime(2026, 10, 1, 17) + timedelta(weeks=n) for n in range(9)]
    keep = backups_to_keep(stamps)
    assert keep == set(stamps[-7:])


def test_nothing_to_keep_from_nothing():
    assert backups_to_keep([]) == set()
    assert backups_to_delete([]) == []
