"""The kind of a document from what is printed on it."""

from __future__ import annotations

import numpy as np

from ocr.classify import classify
from ocr.layout import group_rows
from ocr.text_boxes import Char, TextBox


def _rows(lines: list[str]):
    boxes = []
    for i, text in enumerate(lines):
        chars = [Char(t, 0.95, k * 10.0, k * 10.0 + 9) for k, t in enumerate(text)]
        top, end = i * 20.0, 10.0 * len(text)
        quad = np.float32([[0, top], [end, top], [end, top + 14], [0, top + 14]])
        boxes.append(TextBox(quad, chars, 0.0, top, end, top + 14, 0.0, end))
    return group_rows(boxes)


# Both sides of a card copied small onto a page, as the reader saw them: the front's small
# labels lost or misread, its values read.
SMALL_COPY = ["顾同冬", "女民汉", "1947年1月18扫", "福建省厦门市思明区中华街", "公民业号码",
              "350203194701184809", "中华人民共和国", "居民身份证", "发机关厦门市公安局思明分局",
              "2024.05.07-长期"]  # fmt: skip


def test_a_front_whose_labels_are_unread_is_told_by_its_birth_date_inside_its_number():
    assert classify(_rows(SMALL_COPY)) == "cn_id_card_both_sides"


def test_a_date_that_is_not_the_numbers_birth_date_tells_nothing():
    other = [line.replace("1947年1月18", "1974年1月18") for line in SMALL_COPY]
    assert classify(_rows(other)) == "cn_id_card_back"


def test_the_back_alone_is_the_back():
    assert classify(_rows(SMALL_COPY[6:])) == "cn_id_card_back"
