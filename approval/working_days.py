"""Deadlines in working days (工作日), using the official holiday calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

CHINA = ZoneInfo("Asia/Shanghai")


def china_today(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def _is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # Beyond the years the calendar knows, fall back to Monday-Friday.
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if _is_workday(current):
            remaining -= 1
    return current


def due_by(received_at: datetime, working_days: int) -> datetime:
    """End of the working day (17:00 China time) ``working_days`` after receipt."""
    day = add_working_days(china_today(received_at), working_days)
    # In UTC: SQLite keeps only the wall-clock time and the service reads naive times as UTC.
    return datetime.combine(day, time(17, 0), tzinfo=CHINA).astimezone(UTC)


def applied_on(day: date) -> datetime:
    """A moment (UTC) whose application date in China is ``day``: mid-morning, so the machine's
    own time zone cannot move it to another day. Dry runs and sample cases judge "as of" it."""
    return datetime.combine(day, time(10, 0), tzinfo=CHINA).astimezone(UTC)
