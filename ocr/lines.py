"""Finding the text on a flattened document without OCR: ink is binarised, characters are merged
into segments (runs of characters closer than about a character's width) and segments into lines.

Reading only these segments is what makes OCR fast and keeps portraits, emblems, seals and QR
codes away from the recogniser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np


@dataclass
class Segment:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def h(self) -> int:
        return self.y1 - self.y0

    @property
    def w(self) -> int:
        return self.x1 - self.x0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    segments: list[Segment] = field(default_factory=list)

    @property
    def x0(self) -> int:
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> int:
        return max(s.x1 for s in self.segments)

    @property
    def y0(self) -> int:
        return min(s.y0 for s in self.segments)

    @property
    def y1(self) -> int:
        return max(s.y1 for s in self.segments)

    @property
    def h(self) -> int:
        return self.y1 - self.y0


def suppress_red(rgb: np.ndarray) -> np.ndarray:
    """Grey image with red print (seals, emblems) turned to paper: it is never field text, and a
    seal stamped over text would otherwise merge with it."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    r = rgb[..., 0].astype(np.int16)
    g = rgb[..., 1].astype(np.int16)
    b = rgb[..., 2].astype(np.int16)
    # Seals are often semi-transparent and their edges soft: even a washed-out red is not text.
    top = np.maximum(g, b)
    red = ((r - top) > 28) | (((r - top) > 12) & (r > top * 1.08))
    if red.any():
        # Fill with the paper around it (a max filter drops print, a blur smooths the light):
        # a flat value would leave an outline wherever the lighting is uneven.
        k = max(5, int(0.02 * max(gray.shape)) | 1)
        paper = cv2.blur(cv2.dilate(gray, np.ones((k, k), np.uint8)), (k, k))
        gray = gray.copy()
        gray[red] = np.maximum(gray[red], paper[red])
    return gray


def ink_mask(gray: np.ndarray) -> np.ndarray:
    h, w = gray.shape
    block = max(15, (min(h, w) // 16) | 1)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                block, 14)  # fmt: skip
    return ink


def _components(mask: np.ndarray) -> np.ndarray:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return stats[1:]  # x, y, w, h, area


def char_height(mask: np.ndarray) -> float:
    """Typical character height. Characters are first smeared sideways into runs (Chinese
    characters fall apart into radicals when binarised, and runs hold them together); the height
    of the runs, weighted by their length, is dominated by ordinary text rather than by titles,
    seals or specks."""
    h, w = mask.shape
    k = max(3, int(0.012 * max(h, w)))
    runs = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, k), np.uint8))
    stats = _components(runs)
    if len(stats) == 0:
        return 0.0
    ws, hs = stats[:, 2], stats[:, 3]
    ok = (hs > max(5, 0.006 * h)) & (hs < 0.15 * h) & (ws > 1.5 * hs) & (ws < 0.8 * w)
    if ok.sum() < 2:
        return 0.0
    order = np.argsort(hs[ok])
    weights = ws[ok][order].astype(np.float64)
    cum = np.cumsum(weights) / weights.sum()
    return float(hs[ok][order][np.searchsorted(cum, 0.5)])


def find_segments(gray: np.ndarray, ch: float | None = None) -> tuple[list[Segment], float]:
    """Text segments in ``gray`` and the character height used to find them."""
    mask = ink_mask(gray)
    h, w = mask.shape
    ch = ch or char_height(mask)
    if ch <= 0:
        return [], 0.0
    # Drop blobs that cannot be characters: photos, emblems, frames, QR codes, specks.
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    big = (stats[:, 3] > 2.6 * ch) | (stats[:, 2] > 0.5 * w)
    small = stats[:, 4] < max(3, 0.002 * ch * ch)
    good = ~(big | small)
    good[0] = False
    keep = (good[labels] * 255).astype(np.uint8)
    kw = max(3, int(0.75 * ch))
    kh = max(1, int(0.25 * ch))
    merged = cv2.morphologyEx(keep, cv2.MORPH_CLOSE, np.ones((kh, 1), np.uint8))
    merged = cv2.dilate(merged, np.ones((1, kw), np.uint8))
    segs = []
    for x, y, sw, sh, _area in _components(merged):
        # undo the dilation's widening
        x0, x1 = x + kw // 2, x + sw - kw // 2
        if x1 - x0 < 0.3 * ch or sh < 0.45 * ch or sh > 2.6 * ch:
            continue
        # QR-code modules and filled boxes are solid; strokes of print leave most of a box empty.
        density = cv2.countNonZero(keep[y : y + sh, x0:x1]) / max(1, (x1 - x0) * sh)
        if density > 0.8:
            continue
        segs.append(Segment(int(x0), int(y), int(x1), int(y + sh)))
    return segs, ch


def group_lines(segments: list[Segment]) -> list[Line]:
    """Segments whose vertical extents overlap mostly belong to one line."""
    lines: list[Line] = []
    for seg in sorted(segments, key=lambda s: s.cy):
        best = None
        for line in lines:
            overlap = min(line.y1, seg.y1) - max(line.y0, seg.y0)
            # Measured against the taller of the two, so that a stray tall blob (a photo's edge)
            # does not swallow a text line and make its crop two lines high.
            if overlap > 0.5 * max(seg.h, line.h):
                best = line
                break
        if best is None:
            lines.append(Line([seg]))
        else:
            best.segments.append(seg)
    for line in lines:
        line.segments.sort(key=lambda s: s.x0)
    return sorted(lines, key=lambda ln: ln.y0)


def horizontal_score(gray: np.ndarray) -> float:
    """How much the ink forms horizontal runs: high when text is upright or upside down, low when
    the picture is a quarter turn off."""
    segs, ch = find_segments(gray)
    if not segs:
        return 0.0
    return float(sum(s.w for s in segs if s.w > 2.5 * s.h) / (ch + 1e-6))
