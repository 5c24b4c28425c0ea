"""Helpers shared by the field extractors: confidences from glyphs, closed vocabularies, and
second readings of code segments with a restricted character set."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.codes import Repair, clean_code
from ocr.engine_tesseract import Glyph
from ocr.labels import similarity, text_of
from ocr.normalize import clean_name, parse_date, to_halfwidth
from ocr.page import TARGET_CHAR_PX, Page, read_box
from ocr.reading import FieldReading, ReadingWarning
from ocr.warnings_catalogue import warning


def glyph_conf(glyphs: list[Glyph]) -> float:
    """A field is as doubtful as its worst character: mix the mean with the minimum."""
    if not glyphs:
        return 0.0
    confs = np.array([g.conf for g in glyphs])
    return float(0.5 * confs.mean() + 0.5 * confs.min())


def field(value: str, conf: float) -> FieldReading:
    return FieldReading(value=value, confidence=round(max(0.0, min(1.0, conf)), 4))


def snap(text: str, vocabulary: tuple[str, ...], min_score: float = 0.6) -> tuple[str | None, float]:
    """The vocabulary entry ``text`` most resembles, and how much (1.0 = exact)."""
    if not text:
        return None, 0.0
    best, score = None, 0.0
    for entry in vocabulary:
        s = similarity(text, entry)
        if s > score:
            best, score = entry, s
    return (best, score) if score >= min_score else (None, score)


def glyph_box(glyphs: list[Glyph]) -> tuple[int, int, int, int]:
    return (
        min(g.box[0] for g in glyphs),
        min(g.box[1] for g in glyphs),
        max(g.box[2] for g in glyphs),
        max(g.box[3] for g in glyphs),
    )


def reread(page: Page, glyphs: list[Glyph], whitelist: str, lang: str = "chi_sim") -> list[Glyph]:
    """Read the area of ``glyphs`` again allowing only ``whitelist`` characters."""
    if not glyphs:
        return []
    x0, y0, x1, y1 = glyph_box(glyphs)
    h = y1 - y0
    box = (x0 - int(0.2 * h), y0, x1 + int(0.2 * h), y1)
    return read_box(page.gray, box, page.ch, whitelist=whitelist, lang=lang)


# Character heights a code is re-read at when the first readings fail their check character.
CODE_READ_PX = (28, 36, 48)


def rereadings(page: Page, glyphs: list[Glyph], whitelist: str) -> Iterator[list[Glyph]]:
    """The area of ``glyphs`` read again allowing only ``whitelist`` characters: at the page's
    character height (``reread``), then at the heights of ``CODE_READ_PX``, lazily, so that a
    caller who gets a good reading early pays for no more."""
    if not glyphs:
        return
    yield reread(page, glyphs, whitelist)
    x0, y0, x1, y1 = glyph_box(glyphs)
    box = (x0 - int(0.2 * (y1 - y0)), y0, x1 + int(0.2 * (y1 - y0)), y1)
    for px in CODE_READ_PX:
        yield read_box(page.gray, box, page.ch * TARGET_CHAR_PX / px, whitelist=whitelist)


def code_readings(page: Page, run: list[Glyph], whitelist: str) -> Iterator[list[Glyph]]:
    """Readings of a printed code, cheapest first, for the caller to stop at the first that
    passes its check character: as read, the ``rereadings``, and last the character-by-character
    majority of the re-readings of the commonest length (two misreads in different places
    out-vote each other)."""
    yield run
    again = []
    for reading in rereadings(page, run, whitelist):
        again.append(reading)
        yield reading
    yield majority(again)


# A code that needed correcting is never trusted enough to decide on (the matters ask 0.9).
CORRECTED_CEILING = 0.8
# What an unchecked or contradicted value is worth.
DOUBTFUL = 0.35


def verified(conf: float) -> float:
    """A check character (or a second statement on the document) that agrees removes most of
    the doubt the recogniser had."""
    return 1.0 - (1.0 - conf) * 0.25


def read_code(
    page: Page, runs: list[list[Glyph]], whitelist: str, repair: Callable[[str], Repair], name: str
) -> tuple[FieldReading | None, list[ReadingWarning], int | None]:
    """The first of ``runs`` (candidate glyph runs, likeliest first) whose reading passes the
    code's check character, with the index of that run: verified as read if any reading is,
    else as corrected (capped confidence and a ``corrected`` warning). A run no reading makes
    valid yields the first run's 18 characters as doubtful, or nothing."""
    for index, run in enumerate(runs[:3]):
        corrected: tuple[FieldReading, list[ReadingWarning]] | None = None
        for glyphs in code_readings(page, run, whitelist):
            fixed = repair(text_of(glyphs))
            if fixed.value is None:
                continue
            conf = glyph_conf(glyphs)
            if not fixed.corrected:
                return field(fixed.value, verified(conf)), [], index
            if corrected is None:
                ceiling = min(conf, CORRECTED_CEILING) * 0.95
                corrected = (field(fixed.value, ceiling), [warning("corrected", name)])
        if corrected is not None:
            return (*corrected, index)
    if not runs:
        return None, [], None
    cleaned = clean_code(text_of(runs[0]))
    if len(cleaned) == 18:
        return field(cleaned, min(glyph_conf(runs[0]), DOUBTFUL)), [], 0
    return None, [], 0


def majority(readings: list[list[Glyph]]) -> list[Glyph]:
    """Per position, the character most readings of the commonest length agree on; its
    confidence is their mean confidence times the share that agreed."""
    kept = [[g for g in r if g.text.strip()] for r in readings]
    lengths = [len(r) for r in kept if r]
    if not lengths:
        return []
    n = max(set(lengths), key=lengths.count)
    same = [r for r in kept if len(r) == n]
    out = []
    for i in range(n):
        column = [r[i] for r in same]
        texts = [g.text for g in column]
        best = max(set(texts), key=texts.count)
        agreeing = [g for g in column if g.text == best]
        conf = float(np.mean([g.conf for g in agreeing])) * len(agreeing) / len(column)
        out.append(Glyph(best, conf, agreeing[0].box))
    return out


DATE_CHARS = "0123456789年月日"
_DIGIT_LOOKALIKES = str.maketrans("OoIlZSB", "0011258")


def read_date(page: Page, glyphs: list[Glyph], expected: str | None = None) -> FieldReading | None:
    """A printed date (1985年3月2日). A stray mark read as a digit ("410日") spoils a reading, so
    the area is read again allowing only digits and 年月日, then at other scales. Without
    ``expected`` the first reading that parses is the answer; with it (an ISO date the document
    states elsewhere, as the ID number does the birth date), the first reading that agrees with
    it, else the first that parsed, to be flagged by the caller's cross-check. The confidence is
    that of the digits of the reading used."""
    first = None
    for attempt in itertools.chain([glyphs], rereadings(page, glyphs, DATE_CHARS)):
        date = parse_date(to_halfwidth(text_of(attempt)).translate(_DIGIT_LOOKALIKES))
        if date is None:
            continue
        reading = field(date.isoformat(), glyph_conf([g for g in attempt if g.text.isdigit()]))
        if expected is None or reading.value == expected:
            return reading
        first = first or reading
    return first


_CODE_CHAR = re.compile(r"[0-9A-Za-z|!]")


def longest_code_run(glyphs: list[Glyph], min_len: int = 15) -> list[Glyph]:
    """The longest run of code-like glyphs (digits and Latin letters), allowing spaces."""
    best: list[Glyph] = []
    run: list[Glyph] = []
    for g in glyphs:
        if _CODE_CHAR.fullmatch(g.text) or g.text in "０１２３４５６７８９Ｘ":
            run.append(g)
        else:
            if len(run) > len(best):
                best = run
            run = []
    if len(run) > len(best):
        best = run
    return best if len(best) >= min_len else []


ETHNICITIES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
    "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip


# Scales (character height in px) and segmentation modes a name is re-read at. Tesseract's
# misreads of rare characters change with scale and mode while a right reading repeats; on a
# 96-name evaluation set this voting set read 89 right against 84 for four readings.
NAME_READS = tuple((7, px) for px in (24, 28, 32, 36, 40, 48, 56, 64)) + tuple(
    (13, px) for px in (40, 48, 56, 64)
)


@dataclass
class Vote:
    """The reading most re-readings of a short value agree on (``key``: without middle dots)."""

    key: str
    conf: float
    texts: list[str]  # every reading, cleaned, dots kept
    glyphs: list[Glyph]  # one agreeing reading's glyphs
    box: tuple[int, int, int, int]


def vote(page: Page, glyphs: list[Glyph], clean: Callable[[str], str]) -> Vote | None:
    """Read a short value many ways (``NAME_READS``) and keep the reading most agree on. Its
    confidence is the agreeing readings' own, lowered when fewer than ~60% agree: a value only
    a minority of readings produce is a guess, whatever Tesseract says of each one."""
    if not glyphs:
        return None
    box = glyph_box(glyphs)
    h = box[3] - box[1]
    box = (box[0] - int(0.15 * h), box[1], box[2] + int(0.15 * h), box[3])
    ch = max(page.ch, h)
    readings = [glyphs] + [
        read_box(page.gray, box, ch * TARGET_CHAR_PX / px, psm=psm) for psm, px in NAME_READS
    ]
    texts = [clean(text_of(r)) for r in readings]
    votes: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        if t.replace("·", ""):
            votes.setdefault(t.replace("·", ""), []).append(i)
    if not votes:
        return None
    best = max(votes, key=lambda k: (len(votes[k]), sum(glyph_conf(readings[i]) for i in votes[k])))
    support = votes[best]
    share = len(support) / sum(len(v) for v in votes.values())
    conf = float(np.mean([glyph_conf(readings[i]) for i in support])) * min(1.0, 0.4 + share)
    return Vote(best, conf, texts, readings[support[0]], box)


def read_name(page: Page, glyphs: list[Glyph]) -> FieldReading | None:
    """A person's name, voted over many readings (``vote``); with the rapidocr engine, checked
    by a second engine."""
    voted = vote(page, glyphs, clean_name)
    if voted is None:
        return None
    value = _with_middle_dot(voted.key, voted.texts, page, voted.glyphs)
    if page.engine == "rapidocr":
        return second_opinion(page, voted.box, value, voted.conf)
    return field(value, voted.conf)


def second_opinion(page: Page, box: tuple[int, int, int, int], value: str, conf: float,
                   clean: Callable[[str], str] = clean_name) -> FieldReading:  # fmt: skip
    """RapidOCR reads the same one-line crop. Agreement confirms Tesseract's reading; on
    disagreement RapidOCR's is taken (on the evaluation set it read Chinese names right where
    Tesseract did not, 1.00 against 0.89)."""
    from ocr import engine_rapidocr

    x0, y0, x1, y1 = box
    pad = int(0.3 * (y1 - y0))
    crop = page.gray[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
    text, score = engine_rapidocr.read_line(crop)
    other = clean(text)
    if not other.replace("·", ""):
        return field(value, conf)
    if other.replace("·", "") == value.replace("·", ""):
        return field(other if "·" in other else value, max(conf, score))
    # Tesseract unsure of its own reading is no evidence against RapidOCR's; Tesseract sure of a
    # different reading is, and keeps the result below the matters' 0.9 threshold.
    return field(other, score if conf < CONFIDENT else score * DISAGREEMENT)


CONFIDENT = 0.9
DISAGREEMENT = 0.85


def _with_middle_dot(name: str, texts: list[str], page: Page, glyphs: list[Glyph]) -> str:
    """Tesseract often drops a transcribed name's middle dot; where any reading of the same
    length kept one, or the ink shows one, put it back."""
    places = [t.index("·") for t in texts if t.count("·") == 1 and len(t) == len(name) + 1]
    if places:
        at = max(set(places), key=places.count)
        return name[:at] + "·" + name[at:]
    if (at := middle_dot(page, glyphs)) is not None and 0 < at < len(name) and len(glyphs) == len(name):
        return name[:at] + "·" + name[at:]
    return name


def middle_dot(page: Page, glyphs: list[Glyph]) -> int | None:
    """Index before which a transcribed name's middle dot (·) stands, if the image shows a small
    dot between two characters (Tesseract tends to drop it). Found from the ink itself, since
    Tesseract's character boxes are loose."""
    cjk = [g for g in glyphs if "\u4e00" <= g.text <= "\u9fff"]
    if len(cjk) < 4 or len(cjk) != len(glyphs):
        return None
    x0, y0, x1, y1 = glyph_box(glyphs)
    h = float(np.median([g.box[3] - g.box[1] for g in glyphs]))
    patch = page.gray[y0:y1, x0:x1]
    if patch.size == 0:
        return None
    paper, dark = float(np.percentile(patch, 95)), float(np.percentile(patch, 2))
    ink = (patch < paper - 0.45 * (paper - dark)).astype(np.uint8)
    n, _, stats, cents = cv2.connectedComponentsWithStats(ink)
    big = [i for i in range(1, n) if stats[i, cv2.CC_STAT_HEIGHT] > 0.4 * h]
    if not big:
        return None
    lefts = [stats[i, cv2.CC_STAT_LEFT] for i in big]
    rights = [stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in big]
    for i in range(1, n):
        w, hh = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
        cx, cy = cents[i]
        mid = cy / max(1, y1 - y0)
        if not (w < 0.3 * h and hh < 0.3 * h and w > 0.05 * h and 0.3 < mid < 0.7):
            continue
        # Clear of every character stroke on both sides: a dot of its own, not part of one.
        if any(lo - 0.05 * h < cx < hi + 0.05 * h for lo, hi in zip(lefts, rights, strict=True)):
            continue
        if not (min(lefts) < cx < max(rights)):
            continue
        split = sum(1 for g in glyphs if (g.box[0] + g.box[2]) / 2 - x0 < cx)
        if 2 <= split <= len(glyphs) - 2:
            return split
    return None
