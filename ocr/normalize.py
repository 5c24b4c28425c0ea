"""Turning raw OCR text into the service's canonical values.

Codes and dates are ASCII (full-width forms folded to half-width); Chinese text keeps Chinese
(full-width) punctuation, since that is how the documents print it and how applicants type it.
"""

from __future__ import annotations

import datetime as dt
import re

_FULLWIDTH_START, _FULLWIDTH_END = 0xFF01, 0xFF5E


def to_halfwidth(text: str) -> str:
    """Fold full-width ASCII forms (Ａ１２，etc.) and the ideographic space to plain ASCII."""
    out = []
    for ch in text:
        code = ord(ch)
        if _FULLWIDTH_START <= code <= _FULLWIDTH_END:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


_CJK = r"\u3400-\u9fff"


def is_chinese(ch: str) -> bool:
    """Whether ``ch`` is one Chinese character (CJK unified ideographs and extension A)."""
    return len(ch) == 1 and "\u3400" <= ch <= "\u9fff"


# ASCII punctuation OCR prints inside Chinese text, mapped to what the document shows.
_CN_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "、": "、"}
_EDGE_JUNK = "“”\"'‘’`，,。.、:：;；-—_|!！~·*^"


def clean_chinese(text: str) -> str:
    """Remove spaces OCR puts between Chinese characters and use Chinese punctuation."""
    text = to_halfwidth(text)
    text = re.sub(r"\s+", "", text)
    text = "".join(_CN_PUNCT.get(ch, ch) for ch in text)
    # Quote marks, dots and bars at the ends are specks between label and value, not text.
    return text.strip(_EDGE_JUNK)


def clean_name(text: str) -> str:
    """A person's name: Chinese characters, with one middle dot (U+00B7) between the parts of a
    transcribed minority name such as 阿依古丽·买买提."""
    text = re.sub(r"\s+", "", to_halfwidth(text))
    # A dot-like mark between two Chinese characters is the name separator; 一 only counts when
    # both parts are long enough to be a transcribed name (一 is also a common given-name char).
    text = re.sub(rf"(?<=[{_CJK}]{{2}})[·・•‧∙．.\-—](?=[{_CJK}]{{2}})", "·", text)
    return re.sub(rf"[^{_CJK}·]", "", text)


_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
)


def parse_date(text: str) -> dt.date | None:
    """A date written as 1985年3月2日, 1985.03.02, 1985-03-02 or 19850302; None otherwise."""
    text = to_halfwidth(text)
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def iso(date: dt.date) -> str:
    return date.isoformat()


def add_years(date: dt.date, years: int) -> dt.date:
    """Same month and day ``years`` later (29 February becomes 28 February)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
