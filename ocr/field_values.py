"""Turning read characters into field values with honest confidences.

A value's confidence comes from its reading: the recogniser's own character probabilities, and
above all whether independent readings agree — two recognisers on the same print, or two
printings of the same fact (the birth date in words and inside the ID number). A check
character alone proves little: one misread digit in eleven still passes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import numpy as np

from ocr import ppocr
from ocr.codes import CODE_LENGTH, Repair, clean_code
from ocr.glyphs import glyph_scores, likeliest
from ocr.layout import text_of
from ocr.normalize import clean_name, is_chinese, parse_date, to_halfwidth
from ocr.page import DATE_LOOKS, TEXT_LOOKS, Page
from ocr.reading import FieldReading, ReadingWarning
from ocr.surnames import begins_with_surname, lookalikes, surnames
from ocr.text_boxes import Char, TextBox, read_region, sub_quad
from ocr.warnings_catalogue import warning

# One voice's reading that passed every check but was not confirmed by a second: usable by a
# reviewer, below the 0.9 the matters require for an automatic decision.
ONE_VOICE = 0.85
# A code found only by one voice agreeing with itself (its looks at other crops): never decisive.
SELF_CONFIRMED = ONE_VOICE * 0.95
# A valid code another voice read as another valid code.
CONTRADICTED = 0.5
# A code that needed correcting by its check character.
CORRECTED_CEILING = 0.8
# An unchecked or contradicted value.
DOUBTFUL = 0.35


def char_conf(chars: list[Char]) -> float:
    """A value is as doubtful as its worst character: the mean mixed with the minimum."""
    if not chars:
        return 0.0
    confs = np.array([c.conf for c in chars])
    return float(0.5 * confs.mean() + 0.5 * confs.min())


def field(value: str, conf: float, candidates: tuple | None = None) -> FieldReading:
    return FieldReading(value=value, confidence=round(max(0.0, min(1.0, conf)), 4), candidates=candidates)


def located(reading: FieldReading | None, chars: Iterable[Char]) -> FieldReading | None:
    """``reading`` with the characters of the page it was read from (where it is printed)."""
    return None if reading is None else replace(reading, chars=tuple(chars))


def agreed(conf: float) -> float:
    """Two independent readings gave the same checked value."""
    return 0.97 + 0.02 * max(0.0, min(1.0, conf))


def confirmed(conf: float, page: Page) -> float:
    """A checked value a second look agreed with: by another recogniser (``agreed``), or, when
    the engine has only one, by the same recogniser on another crop, which proves less."""
    return agreed(conf) if page.independent else min(conf, 0.95)


def _digits_like(text: str) -> str:
    return to_halfwidth(text).translate(str.maketrans("OoIlZSB", "0011258"))


def read_code(page: Page, chars: list[Char], *, valid: Callable[[str], bool],
              repair: Callable[[str], Repair], whitelist: str, name: str,
              ) -> tuple[FieldReading | None, list[ReadingWarning]]:  # fmt: skip
    """An 18-character code confirmed by a second voice. Without confirmation the best valid
    reading is kept below the decision threshold; a reading valid only after correcting one
    confusable character is capped lower still and warned about."""
    first = clean_code(text_of(chars))
    conf = char_conf(chars)
    others: list[str] = []
    for look in page.looks(chars, whitelist):
        other = clean_code(text_of(look))
        if valid(first) and other == first:
            return field(first, confirmed(conf, page)), []
        others.append(other)
    if valid(first):
        # Unconfirmed: one voice and its check character. A second voice that read another
        # valid code contradicts it outright.
        contradicted = any(valid(other) for other in others)
        return field(first, min(conf, CONTRADICTED if contradicted else ONE_VOICE)), []
    for other in others:
        if not valid(other):
            continue
        # The second voice found a valid code the first did not: the first voice, looking
        # again, must agree for it to count.
        for look in page.looks(chars, voice=page.primary):
            if clean_code(text_of(look)) == other:
                return field(other, confirmed(conf, page)), []
        return field(other, SELF_CONFIRMED), []
    # Neither the first reading nor the second voice gave a valid code (the second voice left
    # out a character at the line's end): the first voice's own looks at other crops may, but
    # a voice agreeing with itself is never decision-grade.
    for look in page.looks(chars, whitelist, voice=page.primary):
        again = clean_code(text_of(look))
        if valid(again):
            return field(again, min(conf, SELF_CONFIRMED)), []
    if len(first) == CODE_LENGTH - 1:
        # Both voices ran the last two characters into one (XJ read as X): the check character,
        # read on its own, completes the code (a voice agreeing with itself, never decisive).
        for last in _last_character(page, chars, whitelist):
            if valid(first + last):
                return field(first + last, min(conf, SELF_CONFIRMED)), []
    fixed = repair(first)
    if fixed.value is not None:
        return field(fixed.value, min(conf, CORRECTED_CEILING)), [warning("corrected", name)]
    return (field(first, min(conf, DOUBTFUL)) if len(first) == 18 else None), []


def _last_character(page: Page, chars: list[Char], whitelist: str) -> Iterator[str]:
    """The character after ``chars`` up to their line's end, read by each voice together with
    the last one read (a recogniser places characters only roughly, so a crop starting after
    it would begin inside it)."""
    box = page.box_of(chars)
    if box is None:
        return
    last = clean_code(chars[-1].text)
    for voice in dict.fromkeys((page.primary, page.second)):
        got = read_region(page.ink, box, chars[-1].u0, box.u1 + 0.2 * box.height, voice,
                          whitelist=whitelist, lang="eng", grow=0.3, line_px=40, psm=7)  # fmt: skip
        text = clean_code(text_of(got))
        if len(text) == 2 and text[0] == last:
            yield text[1]


def date_of(chars: list[Char]) -> dt.date | None:
    return parse_date(_digits_like(re.sub(r"\s+", "", text_of(chars))))


def digit_groups(chars: list[Char]) -> list[list[Char]]:
    """Runs of digits (1958 | 7 | 15 of 1958年7月15日)."""
    groups: list[list[Char]] = []
    previous_digit = False
    for c in chars:
        digit = _digits_like(c.text).isdigit()
        if digit and previous_digit:
            groups[-1].append(c)
        elif digit:
            groups.append([c])
        previous_digit = digit
    # 20100113: a date printed without separators.
    return [part for g in groups for part in ([g[:4], g[4:6], g[6:]] if len(g) == 8 else [g])]


def date_looks(page: Page, chars: list[Char]) -> Iterator[dt.date]:
    """The printed date as each second look reads it (those that parse), lazily."""
    for again in page.looks(chars, "0123456789年月日.", specs=DATE_LOOKS):
        if (day := date_of(again)) is not None:
            yield day


def digit_conf(chars: list[Char]) -> float:
    return char_conf([c for c in chars if c.text.isdigit()] or chars)


def read_name(
    page: Page,
    chars: list[Char],
    *,
    starts_at: float | None = None,
    unit: float = 0.0,
    label_end: float | None = None,
    label: str = "",
) -> FieldReading | None:
    """A person's name (``_as_read``), doubtful where it begins with no known surname: a
    rare surname outside the list, or a misreading both recognisers share (庹 read as 度, 禚
    as 糕 at 0.93). A transcribed name (with its middle dot) has no surname to check."""
    name = _as_read(page, chars, starts_at, unit, label_end, label)
    if name is None or "·" in name.value or begins_with_surname(name.value):
        return name
    return replace(name, confidence=min(name.confidence, ONE_VOICE))


def _as_read(page: Page, chars: list[Char], starts_at: float | None, unit: float, label_end: float | None,
             label: str) -> FieldReading | None:  # fmt: skip
    """A person's name as the recognisers read it. The recogniser's own probabilities are a weak
    guide for rare surnames (亓 read as a confident 元), so the second voice looks too: its
    agreement confirms the name; two of its looks agreeing with each other on another name of
    the same length make it doubtful where the first voice hesitated; anything else leaves the
    first voice's confidence. A first reading that hesitated is set against the first voice's
    own second look at another crop, and the surer of the two kept. ``starts_at``: where the
    caller knows the value begins (the document's value column); a name read as beginning
    ``STARTS_LATE`` line heights (``unit``) or more later had its first character left unread
    (訾同璐 read as 同璐); it is then read again from ``label_end`` (where its ``label`` ends) on."""
    inked = _name_chars(chars)
    if not inked:
        return None
    if page.independent and _conf(inked) < HESITANT:
        for look in page.looks(chars, voice=page.primary, specs=TEXT_LOOKS[:1]):
            again = _name_chars(look)
            if len(again) == len(inked) and _conf(again) > _conf(inked):
                inked = again
    begins_late = starts_at is not None and unit > 0 and (inked[0].u0 - starts_at) > STARTS_LATE * unit
    # A name of one character has lost one: a Chinese name has a surname and a given name (a
    # licence's operator 阚星 read as 星, the detector leaving the rare surname out).
    late = begins_late or sum(c.text != "·" for c in inked) == 1
    # A character the recogniser passed over inside the line is lost too (阚军宇 read as 军宇,
    # 阚's place in the line left blank, less than a line height from the value column).
    dropped = lost_character(page, chars)
    whole = None
    if (late or dropped) and label_end is not None:
        whole = reach_back(page, inked, label_end + LABEL_GAP * unit, label)
    if whole is None and late and not begins_late and len(inked) == 1:
        # Read from where the value begins, so the one lost is after it (王笪 read as 王).
        after = _unreadable_after(page, inked[0], chars)
        whole = None if after is None else [*inked, after]
    if whole is not None:
        inked, late, dropped = whole, False, False
    inked = _surname_by_print(page, _surname_first(_compound_surname(inked)), chars)
    inked = _unreadable_in_place(page, inked, chars)
    name = clean_name(text_of(inked))
    conf = _conf(inked)
    # What the print allows at each character of the name (the middle dot aside).
    lattice = tuple(c.alternatives or ((c.text, c.conf),) for c in inked if c.text != "·") or None
    # A character read back is no longer missing at the line's start. One still missing (a rare
    # character neither voice reads even alone) leaves the name partial: doubtful, and without
    # choices a stated name could be found among.
    lost = late or dropped
    if lost:
        conf, lattice = min(conf, LOST), None
    if not name or not page.independent:
        return field(name, conf, lattice) if name else None
    key = name.replace("·", "")
    plain = [c for c in inked if c.text != "·"]
    others = []
    passed_over = None
    for look in page.looks(chars, specs=TEXT_LOOKS):
        other = clean_name(text_of(look)).replace("·", "")
        if other == key:
            # Both voices leaving out the same unread character is no confirmation.
            return field(name, conf if lost else max(conf, CONFIRMED_NAME), lattice)
        others.append(other)
        passed_over = passed_over or _read_between(page, plain, look)
    steady = others[0] if len(others) >= 2 and others[0] == others[1] else None
    # The second voice is sure of another name. Where the first voice left a character unread
    # (阚德城 read as 德城) and the second's reading is the first's plus one, take it.
    if lost and steady and len(steady) == len(key) + 1 and any(
        steady[:i] + steady[i + 1 :] == key for i in range(len(steady))
    ):
        return field(steady, min(conf, ONE_VOICE))
    if passed_over:
        # The second voice reads a character where the first read none, in a gap left for one
        # (杨玹强 read as 杨强 at 0.98): one outside the first voice's character set, 玹 here,
        # which the second does not know either (its 孩 and 如 are no better). Its print may
        # tell it; one voice and a comparison of shapes are not sure. Otherwise partial.
        i, extra = passed_over
        found = _unreadable_by_print(page, plain, i, extra) if name == text_of(plain) else None
        if found is None:
            return field(name, min(conf, LOST))
        return field(name[:i] + found + name[i:], min(conf, ONE_VOICE))
    if steady:
        other = steady
        # Where the first voice itself hesitated over a character the second reads otherwise,
        # the name is in doubt; where it did not, Tesseract's steady misreading of a common
        # character (孟 as 盂) is no evidence against it.
        if len(other) == len(key) == len(plain) and any(
            a != b and c.conf < HESITANT for a, b, c in zip(key, other, plain, strict=True)
        ):
            return field(name, min(conf, ONE_VOICE), lattice)
    return field(name, conf, lattice)


def reach_back(page: Page, inked: list[Char], start: float, label: str) -> list[Char] | None:
    """The name (or another short value) read again from ``start`` on, when its detected line
    began a character late: a text detector can leave out a rare first character (隗宁爽 found
    as 宁爽, 仡佬 as 佬) that the
    recogniser reads once it is in the crop, or finds likelier than nothing there though not
    likelier than the blank. Only that one character more is taken, and never one of the
    label's own (名丁焕武: the label's end placed too early)."""
    box = page.box_of(inked)
    if box is None or start >= inked[0].u0:
        return None
    again = _name_chars(read_region(page.ink, box, start, box.u1, page.primary, grow=0.0))
    if len(again) == len(inked) and page.primary == "ppocr":
        # Still passed over (隗 spread over 隗, 隐 and 院 below the blank): the character the
        # recogniser found likelier than nothing there, at its own low probability.
        again = _name_chars(read_region(page.ink, box, start, box.u1, page.primary, grow=0.0, eager=True))
    if len(again) != len(inked) + 1 or text_of(again[1:]) != text_of(inked) or again[0].text in ("·", *label):
        return None
    return again


def _surname_first(inked: list[Char]) -> list[Char]:
    """The name with its first character read as the surname the recogniser also considered,
    where its first choice begins no known surname (冼 read as 洗 at 0.96, 冼 its second
    choice at 0.016). A transcribed name (with a middle dot) has no surname; names without one
    (扎西, 巴特尔) are read surely, so nothing else is likely enough to be taken instead. The
    choice rests on one voice and a prior, so it stays below the decision threshold unless
    the second voice reads it too."""
    first = inked[0] if len(inked) >= 2 else None
    if first is None or any(c.text == "·" for c in inked) or begins_with_surname(text_of(inked)):
        return inked
    if first.text in SPECKS and len(inked) >= 3:
        # A speck before the name read as a stroke (一揭敏伊, 揭 a surname too rare for the
        # list): no surname is a lone stroke. A two-character reading is left as it is.
        return [chosen(inked[1], inked[1].text), *inked[2:]]
    known = surnames()
    for text, p in first.alternatives[1:]:
        if p >= SURNAME_CHOICE_MIN and text in known:
            return [chosen(first, text), *inked[1:]]
    return inked


def chosen(char: Char, text: str) -> Char:
    """``char`` read as ``text`` by a choice that rests on one voice and a prior or a print
    comparison: never surer than one voice."""
    return replace(char, text=text, conf=min(char.conf, ONE_VOICE))


def _compound_surname(inked: list[Char]) -> list[Char]:
    """The name with one of its first two characters read as the recogniser's close second
    choice where that makes them a two-character surname (夏候承, 候 at 0.53 and 侯 at 0.46: 夏侯).
    Only a close choice: a given name's first character with a faint look-alike (司玛丽, 马 at
    0.02) stays. One voice and a prior: below the decision threshold unless confirmed."""
    if len(inked) < 3 or any(c.text == "·" for c in inked[:2]):
        return inked
    known = surnames()
    if inked[0].text + inked[1].text in known:
        return inked
    for k in (0, 1):
        for text, p in inked[k].alternatives[1:]:
            pair = (text + inked[1].text) if k == 0 else (inked[0].text + text)
            if p >= COMPOUND_CHOICE_MIN and pair in known:
                return [*inked[:k], chosen(inked[k], text), *inked[k + 1 :]]
    return inked


# How likely the recogniser must have found the character that makes a two-character surname.
COMPOUND_CHOICE_MIN = 0.1
# How likely the recogniser must have found a surname for it to be read instead of a first
# choice that is none.
SURNAME_CHOICE_MIN = 0.01
# Characters of one stroke, which a speck or a scratch on a card is read as.
SPECKS = frozenset("一丨丶")


def _surname_by_print(page: Page, inked: list[Char], line: list[Char]) -> list[Char]:
    """The name with its first character replaced by the surname its print fits better, among
    the surnames the recogniser considered (its alternatives) and those it steadily misreads as
    its first choice (``lookalikes``: 佘 read as 余, 亓 as 元). The recogniser's prior, not the
    picture, decides between such look-alikes; the print decides here (``ocr.glyphs``). It is
    one voice and a comparison of shapes, so a changed character keeps the name below the
    decision threshold unless the second voice reads it too. ``line``: the characters as read
    on the page, which place the glyph (``inked`` may come from another look)."""
    first = inked[0] if len(inked) >= 2 else None
    if first is None or any(c.text == "·" for c in inked):
        return inked
    known = surnames()
    candidates = {t for t, p in first.alternatives if p >= PRINT_CHOICE_MIN and t in known}
    candidates |= lookalikes(first.text)
    candidates.discard(first.text)
    if not candidates:
        return inked
    crop = glyph_crop(page, first, [*inked, *line])
    if crop is None:
        return inked
    # The crop shows the next character, not the rest: a later one printed taller (远's
    # sweep) would set a print's scale by ink the picture does not hold.
    scores = glyph_scores(crop, [first.text, *sorted(candidates)], inked[1].text)
    if first.text not in scores:
        return inked
    best = max(candidates & scores.keys(), key=scores.__getitem__, default=None)
    if best is None or scores[best] - scores[first.text] < PRINT_MARGIN:
        return inked
    return [chosen(first, best), *inked[1:]]


def glyph_crop(page: Page, char: Char, line: list[Char], before: float = 0.6, after: float = 0.8,
               pad: float = 0.15) -> np.ndarray | None:  # fmt: skip
    """The page's ink around ``char`` (by default 0.6 line heights ahead of where the recogniser
    placed it and 0.8 after: it places a character only to about a third of a line height;
    ``pad`` line heights of paper all round), for comparing its print (``ocr.glyphs``).
    ``line``: characters of the page that place it (the character itself may come from
    another look)."""
    box = _line_box(page, char, line)
    if box is None:
        return None
    h = box.height
    return ppocr.crop_quad(page.ink, sub_quad(box, char.u0 - before * h, char.u1 + after * h), pad=pad)


def _line_box(page: Page, char: Char, line: list[Char]) -> TextBox | None:
    """The detected line ``char`` lies on, or else one of ``line``'s (``char`` may come from
    another look, which the page does not place)."""
    return next((b for c in (char, *line) if (b := page.box_of([c])) is not None), None)


# A surname the recogniser gave at least this probability is compared by its print: one it all
# but ruled out is not (万 at 0.996, 方 at 0.0035: 方 is 万 with a dot, and its print fits as well).
PRINT_CHOICE_MIN = 0.01
# How much better (normalised correlation) another surname's print must fit the glyph than the
# recogniser's reading for the reading to be replaced.
PRINT_MARGIN = 0.01


# Paper after a label before a reach-back crop begins, in line heights: a recogniser places a
# character's end only to about a third of a line height.
LABEL_GAP = 0.35


def _read_between(page: Page, plain: list[Char], look: list[Char]) -> tuple[int, Char] | None:
    """Where ``look`` reads the name of ``plain`` (its characters, middle dot aside) with one
    character more between two of them, where the line leaves room for one: placed between
    them, which stand apart by more than a character (``ROOM_FOR_ONE`` line heights, or half
    as much again as the closest other two). The index in ``plain`` it goes before, and it."""
    again = [c for c in _name_chars(look) if c.text != "·"]
    box = page.box_of(plain)
    if box is None or len(again) != len(plain) + 1:
        return None
    centres = [(c.u0 + c.u1) / 2 for c in plain]
    steps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    for i in range(1, len(plain)):
        extra = again[i]
        room = min([*steps[: i - 1], *steps[i:]], default=box.height * ROOM_FOR_ONE / ROOM_OVER_PITCH)
        if (text_of(again[:i] + again[i + 1 :]) == text_of(plain) and extra.text not in SPECKS
                and centres[i - 1] < (extra.u0 + extra.u1) / 2 < centres[i]
                and steps[i - 1] > ROOM_OVER_PITCH * room):  # fmt: skip
            return i, extra
    return None


def _unreadable_by_print(page: Page, plain: list[Char], i: int, extra: Char) -> str | None:
    """The character outside the first voice's set (``unreadable_characters``) printed between
    ``plain[i - 1]`` and ``plain[i]``, where its print fits the glyph there clearly better than
    any other such character's and than the second voice's reading ``extra`` (a character the
    first voice knows but passed over)."""
    box = page.box_of(plain)
    if box is None:
        return None
    u0, u1 = (plain[i - 1].u0 + plain[i - 1].u1) / 2, (plain[i].u0 + plain[i].u1) / 2
    crop = ppocr.crop_quad(page.ink, sub_quad(box, u0, u1), pad=0.15)
    context = plain[i - 1].text + plain[i].text
    return _fits_clearly(crop, glyph_scores(crop, [extra.text], context), context)


def _unreadable_in_place(page: Page, inked: list[Char], line: list[Char]) -> list[Char]:
    """The name with a character the first voice hesitated over (禚 read as 糕 at 0.6) read as
    the character outside its set (``unreadable_characters``) whose print fits the glyph
    clearly better than any other such character's and than the first voice's own choices."""
    out = list(inked)
    for k, char in enumerate(inked):
        if char.conf >= HESITANT or not is_chinese(char.text):
            continue
        crop = glyph_crop(page, char, [*inked, *line])
        if crop is None:
            continue
        context = "".join(c.text for c in inked[k + 1 : k + 2] or inked[k - 1 : k])
        readings = [char.text, *(t for t, _ in char.alternatives)]
        found = _fits_clearly(crop, glyph_scores(crop, readings, context), context)
        if found is not None:
            out[k] = chosen(char, found)
    return out


def _unreadable_after(page: Page, char: Char, line: list[Char]) -> Char | None:
    """The character outside the recogniser's set printed right after ``char`` (the recogniser
    and its detector pass over such a character, and the line seems to end at ``char``), taken
    by its print (``_fits_clearly``), as one voice."""
    box = _line_box(page, char, line)
    if box is None:
        return None
    h = box.height
    # The detector's box may end with ``char``: the crop goes on past it.
    beyond = AFTER_REACH * h / max(1e-6, box.ub - box.ua)
    quad = sub_quad(box, (char.u0 + char.u1) / 2, char.u1 + AFTER_REACH * h, beyond=beyond)
    found = _fits_clearly(ppocr.crop_quad(page.ink, quad, pad=0.15), {}, char.text)
    return None if found is None else Char(found, ONE_VOICE, char.u1, char.u1 + h)


# How far past a character the next is looked for, in line heights: its own width and some.
AFTER_REACH = 1.3


def _fits_clearly(crop: np.ndarray, rivals: dict[str, float], context: str) -> str | None:
    """The character outside the recogniser's set whose print fits ``crop`` best, where it fits
    well and clearly better than the next such character's and than each of ``rivals``
    (characters read there, with their fits)."""
    scores = likeliest(crop, ppocr.unreadable_characters(), context)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    if not ranked:
        return None
    best = scores[ranked[0]]
    others = [scores[c] for c in ranked[1:2]] + [v for c, v in rivals.items() if c != ranked[0]]
    if best < UNREADABLE_FIT or any(best - other < UNREADABLE_MARGIN for other in others):
        return None
    return ranked[0]


# A character outside the recogniser's set is taken by its print only where the print fits this
# well (normalised correlation) and this much better than the next such character's and the
# second voice's reading: in development, prints of the character printed fit 0.72-0.98 and
# led the next by 0.13 or more; where the character printed was not among them the best led
# by less than 0.04.
UNREADABLE_FIT = 0.7
UNREADABLE_MARGIN = 0.08


# Two characters of a name stand apart by less than this many line heights (of the detected
# box) unless one between them went unread: 0.4-0.85 as printed, 1.16-2.0 with one unread.
ROOM_FOR_ONE = 1.1
# ... or by this many times the step between two others of the same name.
ROOM_OVER_PITCH = 1.5


def _name_chars(chars: list[Char]) -> list[Char]:
    return [c for c in chars if c.text == "·" or is_chinese(c.text)]


def _conf(name_chars: list[Char]) -> float:
    # The middle dot of a transcribed name is faint and decides nothing (names are compared
    # without it): it does not count towards the confidence.
    return char_conf([c for c in name_chars if c.text != "·"])


# Below this probability the first voice hesitated over a character.
HESITANT = 0.9
# A name with a character missing (ink the recogniser left unread) is only a partial reading.
LOST = 0.6


def lost_character(page: Page, chars: list[Char]) -> bool:
    """Whether the recogniser left a character of a value unread: Chinese characters are set at
    an even pitch, so a gap of about a character between two read ones, or between the line's
    end and the last read one, is a character it dropped (罗真冬韵 read as 罗冬韵)."""
    inked = [c for c in chars if c.text.strip()]
    box = page.box_of(inked)
    if box is None or len(inked) < 2:
        return False
    centres = [(c.u0 + c.u1) / 2 for c in inked]
    # Steps between neighbouring characters; a middle dot takes about half a step of its own.
    steps = [b - a for a, b, x, y in zip(centres, centres[1:], inked, inked[1:], strict=False)
             if "·" not in (x.text, y.text)]  # fmt: skip
    if not steps:
        return False
    pitch = min(steps)
    if pitch <= 0 or any(step > 1.7 * pitch for step in steps):
        return pitch > 0
    # The detector leaves about a third of the line's height of paper at either end.
    margin = 0.3 * box.height
    line = [c for c in box.chars if c.text.strip()]
    at_start = line[0] is inked[0] and centres[0] - box.u0 - margin > 0.9 * pitch
    at_end = line[-1] is inked[-1] and box.u1 - centres[-1] - margin > 0.9 * pitch
    return bool(at_start or at_end)


# How far after the value column (in line heights) a name's first character may begin and
# still be its first: 0.45 at most on the development renderers' cards, a dropped character
# about 0.85-1.2.
STARTS_LATE = 0.7

# A name both recognisers read alike.
CONFIRMED_NAME = 0.96
