"""Checks that need both sides of an ID card: the validity span printed on the back must fit
the holder's age (from the front) on the day the card was issued (GA 490)."""

from __future__ import annotations

import datetime as dt

from ocr.codes import validity_years
from ocr.normalize import add_years, age_on
from ocr.reading import Reading, ReadingWarning
from ocr.warnings_catalogue import warning


def _date(reading: Reading, name: str) -> dt.date | None:
    f = reading.fields.get(name)
    if f is None:
        return None
    try:
        return dt.date.fromisoformat(f.value)
    except ValueError:
        return None


def cross_check_id_card(front: Reading, back: Reading) -> list[ReadingWarning]:
    """``inconsistent`` when the back's validity span is not the one the holder's age at issue
    calls for (under 16: 5 years, 16-25: 10, 26-45: 20, 46 and over: long-term)."""
    born = _date(front, "birth_date")
    issued = _date(back, "valid_from")
    until_field = back.fields.get("valid_until")
    if born is None or issued is None or until_field is None:
        return []
    age = age_on(born, issued)
    years = validity_years(age)
    expected = "long-term" if years is None else add_years(issued, years).isoformat()
    if until_field.value == expected:
        return []
    span_zh = "长期" if years is None else f"{years}年"
    span_en = "long-term" if years is None else f"{years} years"
    return [
        warning(
            "inconsistent",
            "valid_until",
            detail=f"签发时持证人{age}岁，有效期应为{span_zh}，但证件背面为 {until_field.value}",
            detail_en=f"the holder was {age} at issue, so the card should run {span_en}, but "
            f"the back reads {until_field.value}",
        )
    ]
