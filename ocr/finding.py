"""Finding the text of a document in an upload, whatever its framing, and turning it upright.

Nothing here assumes where the document is or how it fills the picture: a text detector (PP-OCR's
DB model) finds the printed lines in an overview of the whole picture; a quarter turn shows in
the lines' shape (they are long across the page), a half turn in the direction classifier's
votes; where the lines are small (a card copied onto an A4 page, a card far from the camera)
their area is detected again at a scale where characters are the size the detector likes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from ocr import ppocr
from ocr.seal import redness

OVERVIEW_SIDE = 960
# A text line's box height (characters plus the detector's margin) the detector reads best at.
GOOD_BOX_PX = (15.0, 48.0)
TARGET_BOX_PX = 24.0
MAX_DETECT_SIDE = 1600
WORK_MAX_SIDE = 2600


@dataclass
class Found:
    page: np.ndarray  # upright RGB at working resolution
    ink: np.ndarray  # the same, red suppressed (seals), one channel
    quads: list[np.ndarray]  # text lines in page pixels
    turned: int  # degrees clockwise the upload was turned to make it upright
    scale: float  # page pixels per uploaded pixel
    upload_size: tuple[int, int]  # the whole upload's (width, height)
    origin: tuple[int, int] = (0, 0)  # where the page's area starts in the upload (x, y)

    def in_upload(self, quad: np.ndarray) -> tuple[tuple[float, float], ...]:
        """A quad of the upright page as shares (0..1) of the upload's width and height: where
        it is drawn over the picture the applicant sent, whatever turn or crop read it."""
        h, w = self.page.shape[:2]
        upright = _rotate_quads([np.asarray(quad, dtype=np.float32)], (h, w), (360 - self.turned) % 360)[0]
        width, height = self.upload_size
        points = upright / self.scale + np.float32(self.origin)
        return tuple((round(float(x) / width, 4), round(float(y) / height, 4)) for x, y in points)


def ink_of(rgb: np.ndarray) -> np.ndarray:
    """One channel in which black and blue print stay dark and red seals fade into the paper:
    the red channel, with pale red (a seal over bare paper) raised to white. Print under a
    seal stays dark, so a seal stamped over a value hides nothing."""
    r = rgb[..., 0]
    out = r.copy()
    out[(redness(rgb) > 50) & (r > 170)] = 255
    return np.ascontiguousarray(out)


def _fit(img: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    h, w = img.shape[:2]
    scale = side / max(h, w)
    if scale >= 1:
        return img, 1.0
    return cv2.resize(img, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA), scale


def _resize(img: np.ndarray, scale: float) -> np.ndarray:
    if abs(scale - 1) < 0.02:
        return img
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(img, None, fx=scale, fy=scale, interpolation=interp)


def _sides(q: np.ndarray) -> tuple[float, float]:
    """(length along the line, height) of a detected quad."""
    return float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))


def _lines_run_down(quads: list[np.ndarray]) -> bool:
    """Whether the long text lines run down the picture (it lies on its side)."""
    across = down = 0.0
    for q in quads:
        w, h = _sides(q)
        if w > 2.5 * h:
            across += w
        elif h > 2.5 * w:
            down += h
    return down > across


def _detect_scaled(ink: np.ndarray, scale: float) -> list[np.ndarray]:
    small = _resize(ink, scale)
    return [q / scale for q in ppocr.detect(small)]


def _small_height(quads: list[np.ndarray]) -> float:
    """The height of the smaller lines (the lower quartile): labels and body text, which the
    detector must see, are smaller than titles and numbers."""
    heights = [min(_sides(q)) for q in quads]
    return float(np.percentile(heights, 25)) if heights else 0.0


def _rotate_quads(quads: list[np.ndarray], shape: tuple[int, ...], turn: int) -> list[np.ndarray]:
    """Quads of a picture of ``shape`` after turning it ``turn`` degrees clockwise."""
    h, w = shape[:2]
    out = []
    for q in quads:
        x, y = q[:, 0], q[:, 1]
        if turn == 90:
            p = np.stack([h - 1 - y, x], axis=1)
            p = p[[3, 0, 1, 2]]
        elif turn == 180:
            p = np.stack([w - 1 - x, h - 1 - y], axis=1)
            p = p[[2, 3, 0, 1]]
        elif turn == 270:
            p = np.stack([y, w - 1 - x], axis=1)
            p = p[[1, 2, 3, 0]]
        else:
            p = q
        out.append(p.astype(np.float32))
    return out


_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _turn(img: np.ndarray, turn: int) -> np.ndarray:
    return img if turn == 0 else np.ascontiguousarray(cv2.rotate(img, _ROTATE[turn]))


def _upside_down(ink: np.ndarray, quads: list[np.ndarray]) -> bool:
    """The direction classifier's length-weighted vote over the longest lines."""
    longest = sorted(quads, key=lambda q: -_sides(q)[0])[:10]
    crops = [ppocr.crop_quad(ink, q) for q in longest]
    keep = [(c, _sides(q)[0]) for c, q in zip(crops, longest, strict=True) if c.size]
    if not keep:
        return False
    votes = ppocr.upside_down([c for c, _ in keep])
    return sum(v * w for v, (_, w) in zip(votes, keep, strict=True)) > 0


def _text_region(quads: list[np.ndarray], shape: tuple[int, ...], margin: float
                 ) -> tuple[int, int, int, int]:  # fmt: skip
    pts = np.concatenate(quads)
    h, w = shape[:2]
    x0, y0 = pts.min(axis=0) - margin
    x1, y1 = pts.max(axis=0) + margin
    return max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1))


def find_text(rgb: np.ndarray, *, zoomed: bool = False, closer: bool = False) -> Found | None:
    """The upload turned upright with its text lines, or None when no text is found. ``closer``:
    the lines are first looked for at full resolution (up to a limit) instead of in an overview,
    for an upload whose overview showed too little to read (``ocr.read``)."""
    page, scale = _fit(rgb, WORK_MAX_SIDE)
    ink = ink_of(page)
    overview = OVERVIEW_SIDE / max(ink.shape[:2])
    first_look = min(1.0, SMALL_DOCUMENT_SIDE / max(ink.shape[:2])) if closer else min(overview, 4.0)
    quads = _detect_scaled(ink, first_look)
    if not zoomed and max(rgb.shape[:2]) > SMALL_DOCUMENT_SIDE:
        if not quads:
            # Nothing at all in the overview: a small document on a large page, perhaps.
            quads = _detect_scaled(ink, min(1.0, SMALL_DOCUMENT_SIDE / max(ink.shape[:2])))
        if quads and (zoom := _small_document(quads, ink.shape, scale)) is not None:
            x0, y0, x1, y1 = zoom
            inner = find_text(rgb[y0:y1, x0:x1], zoomed=True)
            if inner is not None:
                return replace(inner, origin=(x0, y0), upload_size=(rgb.shape[1], rgb.shape[0]))
    if not quads:
        return None
    turn = 0
    if _lines_run_down(quads):
        turn = 90
        quads = _rotate_quads(quads, ink.shape, 90)
        page, ink = _turn(page, 90), _turn(ink, 90)
    if _upside_down(ink, quads):
        quads = _rotate_quads(quads, ink.shape, 180)
        page, ink = _turn(page, 180), _turn(ink, 180)
        turn = (turn + 180) % 360
    quads = _refine(ink, quads)
    return Found(page=page, ink=ink, quads=quads, turned=turn, scale=scale,
                 upload_size=(rgb.shape[1], rgb.shape[0]))  # fmt: skip


# A document whose text spans less than this share of the picture's width and height (a card
# copied onto an A4 page) is read from its own area of the full-resolution upload.
SMALL_DOCUMENT = 0.5
SMALL_DOCUMENT_SIDE = 1800


def _small_document(quads: list[np.ndarray], shape: tuple[int, ...], scale: float
                    ) -> tuple[int, int, int, int] | None:  # fmt: skip
    """The upload's area (in its own pixels) around text that fills little of the picture."""
    pts = np.concatenate(quads)
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    h, w = shape[:2]
    if (x1 - x0) > SMALL_DOCUMENT * w or (y1 - y0) > SMALL_DOCUMENT * h:
        return None
    # The card around its text: text covers about two thirds of a card's width and height.
    gx, gy = 0.6 * (x1 - x0) + 20, 0.6 * (y1 - y0) + 20
    box = np.array([x0 - gx, y0 - gy, x1 + gx, y1 + gy]) / scale
    full_h, full_w = round(h / scale), round(w / scale)
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(full_w, int(box[2])), min(full_h, int(box[3]))
    return (x0, y0, x1, y1) if x1 - x0 > 32 and y1 - y0 > 32 else None


# Print, card stock or artwork: a colour this far from the paper's (the overview's median) in
# some channel. Toner specks and paper noise, averaged in the overview, stay nearer.
PRINT_CONTRAST = 24
# Print beyond the document found counts where a patch of it spans this share of the found
# text's width and of its height: another card's artwork and lines do; a line of handwriting,
# a fold or specks of toner do not.
OTHER_DOCUMENT_SHARE = 0.3
# One card's text, upright, is wider than tall (a card is 85.6 by 54 mm): text found taller than
# this share of its width is more than one card.
ONE_CARDS_TEXT = 1.2


def print_beyond(rgb: np.ndarray, found: Found) -> bool:
    """Whether the upload holds a patch of print outside the text found, as large as a
    document's: the other side of a card copied onto the same page, whose lines were too small
    for the overview's detector. A page that shows nothing else needs no closer look. Text
    found taller than a card's (lines of the other side among it) is more than one card."""
    upright = np.concatenate(found.quads)
    width, height = upright.max(axis=0) - upright.min(axis=0)
    if height > ONE_CARDS_TEXT * width:
        return True
    small = _fit(rgb, OVERVIEW_SIDE // 2)[0].astype(np.int16)
    paper = np.median(small.reshape(-1, 3), axis=0)
    marked = (np.abs(small - paper).max(axis=2) > PRINT_CONTRAST).astype(np.uint8)
    h, w = marked.shape
    corners = np.float32([p for q in found.quads for p in found.in_upload(q)])
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    text_w, text_h = (x1 - x0) * w, (y1 - y0) * h
    # The card around its text: text covers about two thirds of a card's width and height.
    gx, gy = 0.35 * text_w + 4, 0.35 * text_h + 4
    top, left = max(0, int(y0 * h - gy)), max(0, int(x0 * w - gx))
    marked[top : int(y1 * h + gy) + 1, left : int(x1 * w + gx) + 1] = 0
    # A card's lines lie about a fifth of its text's height apart: joined, they make one patch.
    reach = max(3, round(0.25 * text_h))
    joined = cv2.dilate(marked, np.ones((reach, reach), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    wide = stats[1:count, cv2.CC_STAT_WIDTH] >= OTHER_DOCUMENT_SHARE * text_w
    tall = stats[1:count, cv2.CC_STAT_HEIGHT] >= OTHER_DOCUMENT_SHARE * text_h
    return bool(np.any(wide & tall))


def _refine(ink: np.ndarray, quads: list[np.ndarray]) -> list[np.ndarray]:
    """Detect again where the overview's lines were too small or too large for the detector,
    on the text's own area only."""
    height = _small_height(quads)
    seen_at = height * min(OVERVIEW_SIDE / max(ink.shape[:2]), 4.0)
    if GOOD_BOX_PX[0] <= seen_at <= GOOD_BOX_PX[1]:
        return quads
    # The lines the overview missed are near those it found: a card's whole text block is a
    # few times the size of the part seen.
    pts = np.concatenate(quads)
    extent = float(max(pts.max(axis=0) - pts.min(axis=0)))
    region = _text_region(quads, ink.shape, margin=max(4.0 * height, 0.5 * extent))
    x0, y0, x1, y1 = region
    sub = ink[y0:y1, x0:x1]
    scale = TARGET_BOX_PX / max(1.0, height)
    scale = min(scale, MAX_DETECT_SIDE / max(sub.shape[:2]), 4.0)
    found = _detect_scaled(sub, scale)
    if not found:
        return quads
    return [q + np.float32([x0, y0]) for q in found]
