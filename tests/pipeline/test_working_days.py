"""Time limits in working days: the official calendar, warnings, and a clock that stops while a
case is with the applicant."""

from __future__ import annotations

from datetime import UTC, datetime, time

from approval.working_days import CHINA, deadline_state, due_by, resumed_clock, working_days_after


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(datetime.fromisoformat(day).date(), time(hour), tzinfo=CHINA).astimezone(UTC)


def test_the_national_day_week_is_not_counted():
    # 2026-10-01..07 are holidays and Saturday 2026-10-10 is a make-up working day (调休): five
    # working days after Monday 2026-09-28 are 9-29, 9-30, 10-08, 10-09 and 10-10.
    assert working_days_after(at("2026-09-28").date(), at("2026-10-09").date()) == 4
    assert due_by(at("2026-09-28"), 5).astimezone(CHINA).isoformat() == "2026-10-10T17:00:00+08:00"


def test_warning_turns_yellow_then_red():
    received = at("2026-11-23")  # Monday
    due = due_by(received, 5)  # Monday 2026-11-30, 17:00
    assert deadline_state(received, due, at("2026-11-23"), 0.8) == (5, "green")
    assert deadline_state(received, due, at("2026-11-27"), 0.8) == (1, "yellow")  # 4 of 5 used
    assert deadline_state(received, due, at("2026-11-30", 18), 0.8) == (0, "red")


def test_the_clock_resumes_with_the_days_used_before_the_return():
    # Received Monday, returned Wednesday (2 working days used), back the next Monday: the time
    # limit counts as if received 2 working days before that Monday.
    start = resumed_clock(at("2026-11-23"), at("2026-11-25"), at("2026-11-30"))
    assert start.astimezone(CHINA).date().isoformat() == "2026-11-26"
    assert due_by(start, 5).astimezone(CHINA).date() == due_by(at("2026-11-30"), 3).astimezone(CHINA).date()
