"""Pages whose lines were read as given: the field logic tested without images or recognisers."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ocr.page import Page
from ocr.text_boxes import Char, TextBox


def page_of_lines(boxes: list[tuple[float, float, str]]) -> Page:
    """A blank page whose lines (left edge and top in pixels, text) were read as given."""
    out = []
    for left, top, text in boxes:
        # A space stands for a gap of one character's width.
        chars = [Char(t, 0.99, left + k * 20.0, left + k * 20.0 + 18) for k, t in enumerate(text) if t != " "]
        end = left + 20.0 * len(text)
        quad = np.float32([[left, top], [end, top], [end, top + 24], [left, top + 24]])
        out.append(TextBox(quad, chars, left, top, end, top + 24, left, end))
    return Page(np.full((400, 1000), 255, np.uint8), out, today=dt.date(2026, 11, 30))
