"""Characters the recogniser left out of an address line, read again on their own.

Chinese characters are set at an even pitch, so room for about one more character between two
read ones, or between the line's last (or first) read one and the end of the line the detector
found, is a character dropped: 簇 of 武侯区簇桥 was read as 武侯区桥 where the two were
neighbours, and left off 四川省成都市武侯区 where it ended the line. The place is read alone by
the first voice, and a character taken only where exactly one is read where the dropped one
stands (a neighbour's edge read again lies further out). Paper between spaced label characters
reads as nothing, and stays a gap.
"""

from __future__ import annotations

import numpy as np

from ocr.field_values import LOST
from ocr.hyphens import restore_hyphens
from ocr.normalize import is_chinese
from ocr.page import Page
from ocr.text_boxes import Char, TextBox, read_region

# A step between neighbouring characters, in pitches, that leaves room for one more.
DROPPED_STEP = (1.7, 2.5)
# How far inside a dropped character's place its crop begins and ends, and how far from the
# place's middle what it reads may be (a neighbour's edge read again is further), in pitches.
DROPPED_INSET = 0.1
DROPPED_OFF_CENTRE = 0.4
# Room between a line's end and its outermost read character's middle, in pitches, past the
# paper the detector leaves at a line's ends (LINE_END_PAPER line heights), that holds one
# more character: 0.14-0.38 on whole lines, 1.3 where the last character was left out.
DROPPED_AT_END = 0.9
LINE_END_PAPER = 0.3
# The detector's line can also end just short of a narrow last character (the 1 of 11幢1, a flat
# number carried over to the next line read as 085): a line ending in a Chinese character has
# it read again with this many pitches past the line's end, and one more character read there
# surely, a Chinese character, digit or letter, is taken.
PAST_END = 0.8
SURE = 0.9


def restore_dropped(page: Page, line: list[Char]) -> list[Char]:
    """An address line with what the recogniser left out put back: a Chinese character it
    dropped (``fill_dropped``) and a hyphen in a house number (``restore_hyphens``)."""
    return restore_hyphens(page, fill_dropped(page, line))


def fill_dropped(page: Page, line: list[Char]) -> list[Char]:
    """``line`` with a character the recogniser left out between two it read, or at either
    end of its line, read again on its own."""
    pitch = _pitch(line)
    box = page.box_of(line)
    if box is None or pitch is None:
        return line
    out: list[Char] = []
    for a, b in zip(line, [*line[1:], None], strict=True):
        out.append(a)
        if b is None or not (is_chinese(a.text) and is_chinese(b.text)):
            continue
        if not _room_for_one(a, b, pitch):
            continue
        inset = DROPPED_INSET * pitch
        found = _one_read_alone(page, box, a.u1 + inset, b.u0 - inset, (_middle(a) + _middle(b)) / 2, pitch)
        if found is not None:
            out.append(found)
    return _fill_ends(page, box, out, pitch)


def gap_left(line: list[Char]) -> bool:
    """Whether ``line`` (after ``fill_dropped``) still leaves room for a character between two
    Chinese ones: one the recogniser dropped and no second reading found (訾 of 昆山老訾服装厂,
    read as 昆山老服装厂 at 0.97). Such a value is partial, however sure its characters are."""
    pitch = _pitch(line)
    return pitch is not None and any(
        is_chinese(a.text) and is_chinese(b.text) and _room_for_one(a, b, pitch)
        for a, b in zip(line, line[1:], strict=False)
    )


def partial_where_gap(conf: float, lines: list[list[Char]]) -> float:
    """A value's confidence, no more than ``LOST`` where one of its lines has a gap left."""
    return min(conf, LOST) if any(gap_left(line) for line in lines) else conf


def _pitch(line: list[Char]) -> float | None:
    """The median step between the line's Chinese characters; None under four of them."""
    cjk = [c for c in line if is_chinese(c.text)]
    steps = [_middle(b) - _middle(a) for a, b in zip(cjk, cjk[1:], strict=False)]
    return float(np.median(steps)) if len(steps) >= 3 else None


def _room_for_one(a: Char, b: Char, pitch: float) -> bool:
    """Whether neighbours ``a`` and ``b`` stand about two pitches apart: one dropped between."""
    return DROPPED_STEP[0] * pitch < _middle(b) - _middle(a) < DROPPED_STEP[1] * pitch


def _fill_ends(page: Page, box: TextBox, line: list[Char], pitch: float) -> list[Char]:
    """``line`` with a character left out at the start or end of its detected line: where the
    line leaves room for one more beyond the outermost character read."""
    inked = [c for c in box.chars if c.text.strip()]
    paper = LINE_END_PAPER * box.height
    start, end = _middle(line[0]), _middle(line[-1])
    before = after = None
    if inked and line[0] is inked[0] and start - box.u0 - paper > DROPPED_AT_END * pitch:
        before = _one_read_alone(page, box, box.u0, start - 0.5 * pitch, start - pitch, pitch)
    if inked and line[-1] is inked[-1]:
        if box.u1 - end - paper > DROPPED_AT_END * pitch:
            after = _one_read_alone(page, box, end + 0.5 * pitch, box.u1, end + pitch, pitch)
        elif is_chinese(line[-1].text):
            after = _one_past_end(page, box, line[-1], pitch)
    return [*([before] if before else []), *line, *([after] if after else [])]


def _one_past_end(page: Page, box: TextBox, last: Char, pitch: float) -> Char | None:
    """The one character printed just past the end of ``box``, beyond its last read one
    (``last``, a Chinese character), where the two are read again together and the new one
    surely. The crop starts half a pitch before ``last``'s middle (a read span is narrower than
    the print): a whole pitch only for a Chinese character, where after a digit it would hold
    the digit before and read a number's last digit twice."""
    u_from = _middle(last) - 0.6 * pitch
    read = [c for c in read_region(page.ink, box, u_from, box.u1 + PAST_END * pitch, page.primary, grow=0.0)
            if c.text.strip()]  # fmt: skip
    if len(read) != 2 or read[0].text != last.text:
        return None
    found = read[1]
    wanted = is_chinese(found.text) or found.text.isascii() and found.text.isalnum()
    return found if wanted and found.conf >= SURE and found.u0 >= last.u1 - 0.1 * pitch else None


def _one_read_alone(page: Page, box: TextBox, u_from: float, u_to: float, middle: float, pitch: float
                    ) -> Char | None:  # fmt: skip
    """The one Chinese character the first voice reads in ``u_from``..``u_to`` of ``box`` near
    ``middle``, or None where it reads none or more than one there."""
    read = read_region(page.ink, box, u_from, u_to, page.primary, grow=0.0)
    near = DROPPED_OFF_CENTRE * pitch
    found = [c for c in read if is_chinese(c.text) and abs(_middle(c) - middle) < near]
    return found[0] if len(found) == 1 else None


def _middle(c: Char) -> float:
    return (c.u0 + c.u1) / 2
