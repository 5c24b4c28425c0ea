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


def is_working_day(day: date) -> bool:
    """A day offices are open: not a weekend or public holiday, or a make-up working day (调休)."""
    return _is_workday(day)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if _is_workday(current):
            remaining -= 1
    return current


def resumed_clock(received_at: datetime, stopped_at: datetime, resumed_at: datetime) -> datetime:
    """The moment a time limit counts from once a case returned to the applicant at
    ``stopped_at`` comes back at ``resumed_at``: the working days used before the return are
    kept, the time with the applicant is not counted (补正期间不计入办理时限)."""
    used = working_days_after(china_today(received_at), china_today(stopped_at))
    day = china_today(resumed_at)
    while used > 0:
        day -= timedelta(days=1)
        if _is_workday(day):
            used -= 1
    return datetime.combine(day, time(10, 0), tzinfo=CHINA).astimezone(UTC)


def due_by(received_at: datetime, working_days: int) -> datetime:
    """End of the working day (17:00 China time) ``working_days`` after receipt."""
    day = add_working_days(china_today(received_at), working_days)
    # In UTC: SQLite keeps only the wall-clock time and the service reads naive times as UTC.
    return datetime.combine(day, time(17, 0), tzinfo=CHINA).astimezone(UTC)


def applied_on(day: date) -> datetime:
    """A moment (UTC) whose application date in China is ``day``: mid-morning, so the machine's
    own time zone cannot move it to another day. Dry runs and sample cases judge "as of" it."""
    return datetime.combine(day, time(10, 0), tzinfo=CHINA).astimezone(UTC)


def working_days_after(start: date, end: date) -> int:
    """Working days d with start < d <= end (0 when end is not after start)."""
    if end <= start:
        return 0
    return sum(1 for i in range(1, (end - start).days + 1) if _is_workday(start + timedelta(days=i)))


def deadline_state(
    received_at: datetime, due: datetime, now: datetime, yellow_share: float
) -> tuple[int, str]:
    """(working days left, warning level) of a task due at ``due``: red once overdue, yellow once
    ``yellow_share`` of the working days promised at receipt are used (电子监察 yellow and red
    cards), green before."""
    if now > due:
        return 0, "red"
    due_day = china_today(due)
    left = working_days_after(china_today(now), due_day)  # the due day counts; today does not
    promised = max(1, working_days_after(china_today(received_at), due_day))
    used = 1 - min(left, promised) / promised
    return left, "yellow" if used >= yellow_share else "green"
