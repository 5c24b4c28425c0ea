"""Normalising what applicants type and what OCR reads, before comparing them."""

from __future__ import annotations

import re
import unicodedata

# The 中间点 in transcribed minority names is typed in many ways (or left out by OCR).
_NAME_DOTS = re.compile(r"[·•・‧∙.．。\u00b7\u2027\u30fb\uff65\s]")
_SPACES = re.compile(r"\s+")


def halfwidth(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def plain(text: str) -> str:
    """Full-width to half-width, no spaces: how addresses and names are compared."""
    return _SPACES.sub("", halfwidth(text))


def person_name(text: str) -> str:
    return _NAME_DOTS.sub("", halfwidth(text))


def code(text: str) -> str:
    """ID numbers and credit codes: half-width, upper case, no spaces."""
    return plain(text).upper()
