"""Hyphens in house numbers (科技大道444-11号, 望江路2984-3号) that the recogniser left out.

A hyphen is a short, thin stroke; PP-OCR's recogniser places characters only to a few pixels
and now and then drops it, turning 444-11 into 44411 with full confidence. The print itself
says where it is: between the digits' strokes, a flat mark at half their height. A hyphen
between two digits is placed by counting the digits' marks before it, so only where the ink
shows them one by one; and a hyphen is put back only where Tesseract, reading the stretch as
digits and hyphens, sees one in the same place, since what is left of a faint 4 looks like one.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr import ppocr
from ocr.page import Page
from ocr.text_boxes import Char, TextBox, read_region, sub_quad

# A digit's stroke is at least this share of the line crop's height; a hyphen at most FLAT of
# it high and between FLAT_WIDTH of it wide, its middle within MIDDLE of the digits' height.
TALL = 0.35
FLAT = 0.15
FLAT_WIDTH = (0.12, 0.7)
MIDDLE = (0.3, 0.75)
# Blobs of fewer pixels are noise.
SPECK = 4
# How far past a line's last digit (or before its first) a hyphen that ends (or begins) the
# line is looked for, in line heights.
LINE_END = 0.8


def restore_hyphens(page: Page, line: list[Char]) -> list[Char]:
    """``line`` with a hyphen put back wherever the print shows one between, after or before
    its digits and the recogniser read none."""
    box = page.box_of(line)
    if box is None:
        return line
    out: list[Char] = []
    start = 0
    for end in range(1, len(line) + 1):
        if end < len(line) and line[end].text.isdigit() == line[start].text.isdigit():
            continue
        run = line[start:end]
        if run[0].text.isdigit():
            out += _with_hyphens(page, box, line, start, end)
        else:
            out += run
        start = end
    return out


def _with_hyphens(page: Page, box: TextBox, line: list[Char], start: int, end: int) -> list[Char]:
    run = line[start:end]
    h = box.height
    before = line[start - 1] if start > 0 else None
    after = line[end] if end < len(line) else None
    u_from = run[0].u0 - LINE_END * h if before is None else (before.u1 + run[0].u0) / 2
    u_to = run[-1].u1 + LINE_END * h if after is None else (run[-1].u1 + after.u0) / 2
    places = _hyphen_places(ppocr.crop_quad(page.ink, sub_quad(box, u_from, u_to)), len(run))
    # A hyphen is put only where the line has no character of its own: between two digits, or
    # at the end of the line it begins or ends.
    places = {k for k in places if 0 < k < len(run) or (k == 0 and before is None)
              or (k == len(run) and after is None)}  # fmt: skip
    if places:
        # A thin stroke at half height is also what is left of a 4 whose diagonal printed
        # faint: Tesseract, reading the stretch as digits and hyphens, must see it there too.
        places &= _tesseract_places(page, box, u_from, u_to, "".join(c.text for c in run))
    out: list[Char] = []
    for k, c in enumerate(run):
        if k in places:
            out.append(_hyphen(run[k - 1] if k else None, c))
        out.append(c)
    if len(run) in places:
        out.append(_hyphen(run[-1], None))
    return out


def _tesseract_places(page: Page, box: TextBox, u_from: float, u_to: float, digits: str) -> set[int]:
    """Where Tesseract, reading the stretch as digits and hyphens, sees hyphens among ``digits``.
    A neighbouring character caught at the crop's edge reads as a digit or a hyphen too, and
    Tesseract misreads a digit now and then (1 as 4): its digits are lined up with ``digits``
    where all but one agree, and only one such place is taken."""
    read = read_region(page.ink, box, u_from, u_to, "tesseract", whitelist="0123456789-", lang="eng",
                       grow=0.3, line_px=36)  # fmt: skip
    seen, before = "", [False]  # before[j]: a hyphen in front of Tesseract's j-th digit
    for ch in "".join(c.text for c in read):
        if ch == "-":
            before[-1] = True
        elif ch.isdigit():
            seen += ch
            before.append(False)
    n = len(digits)
    agree = [sum(a == b for a, b in zip(seen[o : o + n], digits, strict=True))
             for o in range(len(seen) - n + 1)]  # fmt: skip
    fits = [o for o, k in enumerate(agree) if k >= max(1, n - 1)]
    if len(fits) != 1:
        return set()
    return {k for k in range(n + 1) if before[fits[0] + k]}


def _hyphen(left: Char | None, right: Char | None) -> Char:
    near = [c for c in (left, right) if c is not None]
    u0 = left.u1 if left is not None else near[0].u0 - (near[0].u1 - near[0].u0)
    u1 = right.u0 if right is not None else near[0].u1 + (near[0].u1 - near[0].u0)
    return Char("-", min(c.conf for c in near), min(u0, u1), max(u0, u1))


def _hyphen_places(crop: np.ndarray, digits: int) -> set[int]:
    """Where in a stretch of ``digits`` digits the print shows a hyphen: k means before the
    k-th digit (0: before the first, ``digits``: after the last).

    A hyphen is a run of columns whose ink is only a thin band at half the digits' height; it
    may touch a digit (a 4's crossbar), so it is found column by column, not as a blob. One
    between two digits is placed by counting the digits' blobs before it, so only where the ink
    shows as many blobs as digits read (at low resolution neighbours run together); one after
    the last digit or before the first needs no count."""
    if crop.size == 0 or crop.ndim != 2:
        return set()
    height = crop.shape[0]
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    ink = np.isin(labels, [i for i in range(1, n) if stats[i][4] >= SPECK])
    tall = sorted((stats[i] for i in range(1, n) if stats[i][3] >= TALL * height), key=lambda m: m[0])
    if not tall:
        return set()
    top = float(np.median([m[1] for m in tall]))
    tall_h = float(np.median([m[3] for m in tall]))
    low, high = top + MIDDLE[0] * tall_h, top + MIDDLE[1] * tall_h
    kinds = []  # per column: None (paper), True (a flat mark's), False (other ink)
    for x in range(ink.shape[1]):
        rows = np.flatnonzero(ink[:, x])
        if not rows.size:
            kinds.append(None)
            continue
        middle = (rows[0] + rows[-1]) / 2
        kinds.append(bool(rows[-1] - rows[0] < FLAT * height and low <= middle <= high))
    places = set()
    x = 0
    while x < len(kinds):
        end = x
        while end < len(kinds) and kinds[end] is True:
            end += 1
        if end == x:
            x += 1
            continue
        if FLAT_WIDTH[0] * height <= end - x <= FLAT_WIDTH[1] * height:
            if False not in kinds[end:]:
                places.add(digits)
            elif False not in kinds[:x]:
                places.add(0)
            elif len(tall) == digits:
                places.add(sum(int(m[0]) < (x + end) / 2 for m in tall))
        x = end
    return places
