"""Turning a flattened document upright.

A quarter turn shows in the ink alone: text forms long horizontal runs only when the picture is
upright or upside down. Upright versus upside down does not show in the ink (Chinese characters
have no ascenders to give it away), so a few text segments are read both ways and the way the
recogniser is more confident in wins.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.lines import Segment, find_segments, horizontal_score
from ocr.page import read_box

_SCORE_SIDE = 900


def _small(gray: np.ndarray) -> np.ndarray:
    scale = _SCORE_SIDE / max(gray.shape)
    if scale >= 1:
        return gray
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def needs_quarter_turn(gray: np.ndarray) -> bool:
    small = _small(gray)
    upright = horizontal_score(small)
    turned = horizontal_score(np.ascontiguousarray(np.rot90(small)))
    if turned <= 0:
        return False
    # Every document we read (ID card, 2016 licence) is printed landscape, so the flattened
    # outline's shape is a prior: a portrait picture needs a turn unless the ink clearly says
    # otherwise. A card's portrait and address block can make the two ink scores close.
    h, w = gray.shape[:2]
    if h > 1.15 * w:
        return turned > upright * 0.8
    if w > 1.15 * h:
        return turned > upright * 1.6
    return turned > upright * 1.3


def _probe_segments(segments: list[Segment], ch: float, n: int = 3,
                    page_w: float = float("inf"), page_h: float = float("inf")
                    ) -> list[Segment]:  # fmt: skip
    """The longest ordinary-height segments: most characters to judge by. A segment spanning
    most of the page, or hugging its top or bottom edge, is a frame or a band of security
    printing, not a run of words (documents keep a margin round their text)."""
    segments = [
        s for s in segments
        if s.w < 0.6 * page_w and (page_h == float("inf") or 0.06 * page_h < s.y0 < s.y1
                                   < 0.94 * page_h)
    ] or segments  # fmt: skip
    usable = [s for s in segments if 0.7 * ch <= s.h <= 1.6 * ch and s.w > 2.5 * s.h]
    if len(usable) < n:
        usable = [s for s in segments if s.w > 1.5 * s.h] or segments
    return sorted(usable, key=lambda s: s.w, reverse=True)[:n]


# Characters that look the same (or like each other) upside down, and that frame lines, guilloche
# and borders read as with high confidence either way: they say nothing about which way is up.
_LINE_LIKE = set("一二三十王丨工土干上下山口日目田中")


def _plausibility(glyphs) -> float:
    """Upside-down digits still read as digits (and 6/9, 2/Z), so only Chinese characters read
    with confidence count fully; Latin letters in a Chinese document count against."""
    score = 0.0
    for g in glyphs:
        ch = g.text
        if ch in _LINE_LIKE:
            continue
        if "\u4e00" <= ch <= "\u9fff":
            score += g.conf
        elif ch.isdigit():
            score += 0.2 * g.conf
        elif ch.isascii() and ch.isalpha():
            score -= 0.5
        else:
            score -= 0.2
    return score


def upside_down(gray: np.ndarray, segments: list[Segment], ch: float) -> bool:
    h, w = gray.shape
    probes = _probe_segments(segments, ch, n=4, page_w=w, page_h=h)
    if not probes:
        return False
    flipped = np.ascontiguousarray(gray[::-1, ::-1])
    score_up = score_down = 0.0
    for n, s in enumerate(probes, 1):
        up = read_box(gray, (s.x0, s.y0, s.x1, s.y1), ch)
        down = read_box(flipped, (w - s.x1, h - s.y1, w - s.x0, h - s.y0), ch)
        # Floored at zero per probe: a strip of table or texture reads as a long run of Latin
        # junk one way and must not outweigh the real text of the other probes.
        score_up += max(0.0, _plausibility(up))
        score_down += max(0.0, _plausibility(down))
        # Three confident Chinese characters' worth of difference settles it, but only over
        # three probes: a probe may be a frame or a pattern that reads as text either way.
        if n >= 3 and abs(score_up - score_down) > 3.0:
            break
    return score_down > score_up + 0.5


def upright(rgb: np.ndarray, gray: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """(rgb, gray, degrees turned clockwise) with the text upright."""
    turned = 0
    if needs_quarter_turn(gray):
        rgb = np.ascontiguousarray(np.rot90(rgb, k=-1))
        gray = np.ascontiguousarray(np.rot90(gray, k=-1))
        turned = 90
    segments, ch = find_segments(gray)
    if segments and upside_down(gray, segments, ch):
        rgb = np.ascontiguousarray(rgb[::-1, ::-1])
        gray = np.ascontiguousarray(gray[::-1, ::-1])
        turned = (turned + 180) % 360
    return rgb, gray, turned
