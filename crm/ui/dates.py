"""Dates on screen. "Today" is the bank's business day, in Beijing time, as the services count
it (crm.domain.compliance.local_today): a PC whose clock runs in another zone, or a test
machine on UTC after 16:00, would otherwise offer tomorrow's route as empty."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from crm.domain.compliance import local_today


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def today() -> QDate:
    return qdate(local_today())


__all__ = ["qdate", "today"]
