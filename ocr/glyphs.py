"""Which of a few characters a printed glyph is, told by its print rather than by a recogniser.

A recogniser's language prior pulls a rare character towards a common one of like shape (佘
read as 余, 亓 as 元, 冼 as 洗) whatever the picture. Printing each candidate in every installed
CJK face (``ocr.print_alike.faces``) at the height the line is printed at, and sliding the
print over the glyph, asks the picture alone: the candidate whose print fits best is what the
ink most looks like.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.print_alike import faces
from ocr.print_cache import cached_prints

# Line ink height every comparison is made at, in pixels.
MATCH_HEIGHT = 64
# A noncharacter: every face prints it as its box for a missing glyph.
MISSING = "\uffff"
# Print and picture are both softened a little (at MATCH_HEIGHT): stroke widths differ between
# faces and scans.
BLUR = 1.0
# Ink height of the first, coarse comparison among many candidates, and how many go on to the
# full one.
COARSE_HEIGHT = 24
SHORTLIST = 8


def glyph_scores(crop: np.ndarray, candidates: Iterable[str], context: str = "") -> dict[str, float]:
    """How well each single-character candidate, printed in the face that fits it best, matches
    the first glyph of ``crop`` (a grey or colour image of a stretch of one printed line, the
    glyph with some paper and perhaps part of its neighbours). ``context``: the characters the
    crop also shows, as read, so that a print is scaled by their common ink height as the
    picture is (a short glyph such as 一 is then not blown up to fill the line). Normalised
    correlation, -1..1; empty when no face is installed or the crop holds no ink."""
    picture = _picture(crop, MATCH_HEIGHT)
    if picture is None:
        return {}
    scores: dict[str, float] = {}
    for candidate in dict.fromkeys(candidates):
        best = max((_fit(picture, _glyph(candidate, context, path, index)) for path, index in faces()),
                   default=-1.0)  # fmt: skip
        if best > -1.0:
            scores[candidate] = best
    return scores


def likeliest(crop: np.ndarray, candidates: str | tuple[str, ...], context: str = "") -> dict[str, float]:
    """``glyph_scores`` of the ``SHORTLIST`` candidates, among thousands, whose prints fit
    ``crop`` best at ``COARSE_HEIGHT``: comparing every one at full size would take minutes."""
    picture = _picture(crop, COARSE_HEIGHT)
    if picture is None:
        return {}
    picture = picture.astype(np.uint8)
    coarse: dict[str, float] = {}
    for prints in _coarse_prints(tuple(candidates)).values():
        for candidate, glyph in zip(candidates, prints, strict=True):
            fit = _fit(picture, glyph)
            if fit > coarse.get(candidate, -1.0):
                coarse[candidate] = fit
    shortlist = sorted(coarse, key=coarse.__getitem__, reverse=True)[:SHORTLIST]
    return glyph_scores(crop, shortlist, context)


def _picture(crop: np.ndarray, height: int) -> np.ndarray | None:
    """The line's ink band scaled to ``height`` pixels of ink, softened like a print."""
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    rows = _ink_rows(grey)
    if rows is None:
        return None
    top, bottom = rows
    scale = height / max(1, bottom - top + 1)
    pad = height // 4
    band = grey[max(0, top - pad // 2) : bottom + 1 + pad // 2]
    picture = cv2.resize(band, (max(1, round(band.shape[1] * scale)), max(1, round(band.shape[0] * scale))),
                         interpolation=cv2.INTER_AREA)  # fmt: skip
    return cv2.GaussianBlur(picture, (0, 0), BLUR * height / MATCH_HEIGHT).astype(np.float32)


def _fit(picture: np.ndarray, glyph: np.ndarray | None) -> float:
    if glyph is None or glyph.shape[0] > picture.shape[0] or glyph.shape[1] > picture.shape[1]:
        return -1.0
    return float(np.nanmax(cv2.matchTemplate(picture, glyph, cv2.TM_CCOEFF_NORMED)))


def _ink_rows(grey: np.ndarray) -> tuple[int, int] | None:
    """The first and last rows holding ink (Otsu), ignoring specks: a row counts when a few
    percent of the width is dark."""
    if grey.size == 0 or grey.shape[0] < 4 or grey.shape[1] < 4:
        return None
    _, dark = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if dark.mean() < 0.01:
        return None
    inked = np.flatnonzero(dark.sum(axis=1) >= max(2, 0.03 * grey.shape[1]))
    if inked.size == 0:
        return None
    return int(inked[0]), int(inked[-1])


@functools.lru_cache(maxsize=4096)
def _glyph(char: str, context: str, path: str, index: int) -> np.ndarray | None:
    """``char`` printed in one face, cut to its ink, at the scale where ``char`` + ``context``
    printed together is ``MATCH_HEIGHT`` pixels of ink tall; softened like the picture."""
    return _print_glyph(char, context, path, index, MATCH_HEIGHT)


@functools.lru_cache(maxsize=4)
def _coarse_prints(candidates: tuple[str, ...]) -> dict[tuple[str, int], list[np.ndarray | None]]:
    """Per face, every candidate at ``COARSE_HEIGHT`` pixels of its own ink, made once per
    machine (``ocr.print_cache``) and kept for every comparison."""
    settings = {"height": COARSE_HEIGHT, "blur": BLUR, "match_height": MATCH_HEIGHT}
    return cached_prints(candidates, faces(), settings, _coarse_glyph)


def _coarse_glyph(char: str, path: str, index: int) -> np.ndarray | None:
    """``char`` at ``COARSE_HEIGHT`` pixels of its own ink."""
    glyph = _print_glyph(char, "", path, index, COARSE_HEIGHT)
    return None if glyph is None else glyph.astype(np.uint8)


def _print_glyph(char: str, context: str, path: str, index: int, height: int) -> np.ndarray | None:
    size = 2 * height
    font = _font(path, index, size)
    alone = _printed(char, font, size)
    # A face without the character prints its "missing" box, which would match every such
    # candidate alike.
    if np.array_equal(alone, _missing(path, index, size)):
        return None
    line = _printed(char + context, font, size) if context else alone
    line_rows, alone_rows = _ink_rows(line), _ink_rows(alone)
    if line_rows is None or alone_rows is None:
        return None
    scale = height / max(1, line_rows[1] - line_rows[0] + 1)
    cols = np.flatnonzero((alone < 128).any(axis=0))
    cut = alone[alone_rows[0] : alone_rows[1] + 1, cols[0] : cols[-1] + 1]
    glyph = cv2.resize(cut, (max(1, round(cut.shape[1] * scale)), max(1, round(cut.shape[0] * scale))),
                       interpolation=cv2.INTER_AREA)  # fmt: skip
    return cv2.GaussianBlur(glyph, (0, 0), BLUR * height / MATCH_HEIGHT).astype(np.float32)


@functools.cache
def _missing(path: str, index: int, size: int) -> np.ndarray:
    return _printed(MISSING, _font(path, index, size), size)


@functools.cache
def _font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def _printed(text: str, font: ImageFont.FreeTypeFont, size: int) -> np.ndarray:
    left, top, right, bottom = font.getbbox(text)
    img = Image.new("L", (right - left + size, bottom - top + size), 255)
    ImageDraw.Draw(img).text((size // 2 - left, size // 2 - top), text, font=font, fill=0)
    return np.asarray(img)
