"""The front's fields from the lines as read, where a label was misread or lost."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ocr.id_card_fields import front_fields
from ocr.page import Page
from ocr.text_boxes import Char, TextBox

NUMBER = "330212199203087446"


def _page(lines: list[tuple[float, str]]) -> Page:
    """A blank page whose lines (left edge in pixels, text) were read as given, one per row."""
    boxes = []
    for i, (left, text) in enumerate(lines):
        chars = [Char(t, 0.99, left + k * 20.0, left + k * 20.0 + 18) for k, t in enumerate(text)]
        top, end = 10 + i * 40.0, left + 20.0 * len(text)
        quad = np.float32([[left, top], [end, top], [end, top + 24], [left, top + 24]])
        boxes.append(TextBox(quad, chars, left, top, end, top + 24, left, end))
    return Page(np.full((400, 1000), 255, np.uint8), boxes, today=dt.date(2026, 11, 30))


def test_a_birth_date_whose_label_was_lost_is_its_own_field_and_not_the_start_of_the_address():
    page = _page([(20, "姓名何伟海"), (20, "性别女民族汉"), (100, "1992年3月8日"),
                  (100, "浙江省宁波市鄞州区姜山镇振兴路35号"), (20, f"公民身份号码{NUMBER}")])  # fmt: skip
    fields, _ = front_fields(page)
    assert fields["birth_date"].value == "1992-03-08"
    assert fields["address"].value == "浙江省宁波市鄞州区姜山镇振兴路35号"


def test_a_date_written_with_dots_beside_the_front_is_not_its_birth_date():
    page = _page([(20, "姓名何伟海"), (20, "性别女民族汉"), (100, "2016.05.20-2036.05.20"),
                  (100, "浙江省宁波市鄞州区姜山镇振兴路35号"), (20, f"公民身份号码{NUMBER}")])  # fmt: skip
    fields, _ = front_fields(page)
    assert "birth_date" not in fields
