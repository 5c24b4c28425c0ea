"""Pages whose lines were read as given: the field logic tested without images or recognisers."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ocr.page import Page
from ocr.text_boxes import Char, TextBox


def page_of_lines(boxes: list[tuple[float, float, str] | tuple[float, float, str, float]]) -> Page:
    """A blank page whose lines (left edge and top in pixels, text, and optionally the height
    of the detected box, 24 otherwise) were read as given."""
    out = []
    for left, top, text, *rest in boxes:
        height = rest[0] if rest else 24.0
        # A space stands for a gap of one character's width.
        chars = [Char(t, 0.99, left + k * 20.0, left + k * 20.0 + 18) for k, t in enumerate(text) if t != " "]
        end = left + 20.0 * len(text)
        quad = np.float32([[left, top], [end, top], [end, top + height], [left, top + height]])
        out.append(TextBox(quad, chars, left, top, end, top + height, left, end))
    return Page(np.full((400, 1000), 255, np.uint8), out, today=dt.date(2026, 11, 30))
