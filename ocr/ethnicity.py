"""The ethnicity (民族) of an ID card front: one of the 56 listed, told by its print where the
recogniser hesitated.

The recogniser knows the rare ones badly: 仡 of 仡佬 is read 亿 or 伦, 畲 as 雀, 鑫 or 窗, all
hesitantly, and 仫 is not in its character set at all. The value can only be one of the list,
so a reading that is not listed is compared with the listed ethnicities that agree with it
wherever the recogniser was sure, and the print of each (``ocr.glyphs``) decides among them.
"""

from __future__ import annotations

from dataclasses import replace

from ocr.field_values import (
    HESITANT,
    LABEL_GAP,
    PRINT_MARGIN,
    char_conf,
    chosen,
    field,
    glyph_crop,
    located,
    reach_back,
)
from ocr.glyphs import glyph_scores
from ocr.layout import text_of
from ocr.normalize import clean_chinese, is_chinese
from ocr.page import Page
from ocr.reading import FieldReading
from ocr.text_boxes import Char

ETHNICITIES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip


def read_ethnicity(page: Page, chars: list[Char], *, label: list[Char] | None = None,
                   unit: float = 0.0) -> FieldReading | None:  # fmt: skip
    """The listed ethnicity ``chars`` (the value after 民族, perhaps with the 族 a card prints
    after it) show, or None. A reading not listed is replaced by the listed ethnicity of its
    length that agrees with every character the recogniser was sure of and whose print fits
    the doubtful ones best, well (``FIT_MIN``) and by a margin over the next; one voice and a
    comparison of shapes, so never surer than one voice. ``label``: the label 民族 as read,
    with ``unit`` (a character's width): the value was found by it, so a reading not listed
    may be read again from the label's end and compared by print; without it only a listed
    reading is taken (a look-alike chosen by print could have been any character on the card)."""
    inked = _value_chars(chars)
    if (text := listed(chars)) is not None:
        return located(field(text, char_conf(inked)), chars)
    if not label:
        return None
    inked = _read_again(page, inked, label, unit)
    doubtful = [i for i, c in enumerate(inked) if c.conf < HESITANT]
    if inked and not doubtful:
        # Read surely but not listed: a character neither read passed over (仡 of 仡佬 by a
        # recogniser that sees nothing there), printed between the label and the reading.
        gap = Char("", 0.0, label[-1].u1 + LABEL_GAP * unit, inked[0].u0 - UNSEEN_END * unit)
        if gap.u1 - gap.u0 >= 0.5 * unit:
            inked, doubtful = [gap, *inked], [0]
    candidates = [e for e in ETHNICITIES if len(e) == len(inked)
                  and all(e[i] == c.text for i, c in enumerate(inked) if i not in doubtful)]  # fmt: skip
    if not doubtful or not candidates:
        return None
    fits = {e: sum(_print_fit(page, inked, i, e[i]) for i in doubtful) / len(doubtful) for e in candidates}
    ranked = sorted(fits, key=fits.__getitem__, reverse=True)
    best = ranked[0]
    if fits[best] < FIT_MIN or (len(ranked) > 1 and fits[best] - fits[ranked[1]] < PRINT_MARGIN):
        return None
    read = [chosen(c, best[i]) if i in doubtful else c for i, c in enumerate(inked)]
    return located(field(best, char_conf(read)), chars)


def listed(chars: list[Char]) -> str | None:
    """The listed ethnicity ``chars`` read as, or None."""
    text = clean_chinese(text_of(_value_chars(chars)))
    return text if text in ETHNICITIES else None


def _value_chars(chars: list[Char]) -> list[Char]:
    """The value's characters, without the 族 a card may print after it (no listed ethnicity
    ends with it)."""
    inked = [c for c in chars if is_chinese(c.text)]
    return inked[:-1] if len(inked) >= 2 and inked[-1].text == "族" else inked


# The print of the right ethnicity fits its glyph at 0.78–0.97 on the development renderers in
# every framing; the best of the wrong ones at most 0.65 (傣 for 傈僳 read as one character).
FIT_MIN = 0.7


def _read_again(page: Page, inked: list[Char], label: list[Char], unit: float) -> list[Char]:
    """The value read again from the label's end (``reach_back``), where the first reading began
    a character late (仡佬 read as 佬: the recogniser passed over 仡, which it knows badly), or
    the first reading. The character found is never surer than hesitant: it was not seen at
    first."""
    again = reach_back(page, inked, label[-1].u1 + LABEL_GAP * unit, text_of(label)) if inked else None
    if again is None:
        return inked
    return [replace(again[0], conf=min(again[0].conf, HESITANT / 2)), *inked]


# Where the recogniser places a character, its glyph began about this many character widths
# before: a glyph passed over ends there.
UNSEEN_END = 0.3


def _print_fit(page: Page, inked: list[Char], i: int, candidate: str) -> float:
    """How well ``candidate``'s print fits the glyph of ``inked[i]`` (-1 where it cannot be
    compared)."""
    if not inked[i].text:  # a glyph passed over: its whole stretch, and nothing after it
        crop = glyph_crop(page, inked[i], inked[i + 1 :], before=0.0, after=0.0, pad=0.0)
    else:
        # Little paper ahead of the glyph: the label's 族 is printed before the value.
        crop = glyph_crop(page, inked[i], inked, before=0.3)
    if crop is None:
        return -1.0
    context = inked[i + 1].text if i + 1 < len(inked) else ""
    return glyph_scores(crop, [candidate], context).get(candidate, -1.0)
