"""Capture quality: measurements that tell the applicant what to do about a picture (too small,
blurred, dark, glare, cut off, a finger over it), and signs that it is not an original
(greyscale copy, screen).

Thresholds were set on synthetic captures (``devtools.synthetic.capture``): ordinary scans and phone
photos pass, the deliberately bad helpers trip them.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.finding import Found

# Below this character height (pixels, in the uploaded picture) strokes merge.
MIN_CHAR_PX = 10.0
MIN_SIDE_PX = 200
# A detected line's box is about this much taller than its characters.
BOX_TO_CHAR = 0.7


def char_height(found: Found) -> float:
    heights = [float(np.linalg.norm(q[3] - q[0])) for q in found.quads]
    return BOX_TO_CHAR * float(np.median(heights)) if heights else 0.0


def _text_bounds(found: Found, grow: float = 0.0) -> tuple[int, int, int, int]:
    pts = np.concatenate(found.quads)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    gx, gy = grow * (x1 - x0), grow * (y1 - y0)
    h, w = found.ink.shape[:2]
    return max(0, int(x0 - gx)), max(0, int(y0 - gy)), min(w, int(x1 + gx)), min(h, int(y1 + gy))


# Quality measures look at the document at most this large: enough to see print, cheap.
MEASURE_SIDE = 900


def _measured(img: np.ndarray) -> tuple[np.ndarray, float]:
    scale = min(1.0, MEASURE_SIDE / max(1, max(img.shape[:2])))
    if scale == 1.0:
        return img, 1.0
    return cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def text_area(found: Found) -> tuple[np.ndarray, float]:
    """The ink channel over the document's text (reduced), and the reduction."""
    x0, y0, x1, y1 = _text_bounds(found)
    return _measured(found.ink[y0:y1, x0:x1])


def colour_area(found: Found) -> np.ndarray:
    x0, y0, x1, y1 = _text_bounds(found)
    return _measured(found.page[y0:y1, x0:x1])[0]


def text_at_edge(found: Found) -> bool:
    """A detected line touches the picture's border: the document runs off it."""
    h, w = found.ink.shape[:2]
    # Print stops well short of a document's edge (a character height or more); a line within
    # half a line of the picture's border was cut by it.
    margin = max(2.0, 0.5 * char_height(found) / BOX_TO_CHAR)
    for q in found.quads:
        if (q[:, 0] < margin).any() or (q[:, 1] < margin).any() or (q[:, 0] > w - 1 - margin).any() \
                or (q[:, 1] > h - 1 - margin).any():  # fmt: skip
            return True
    return False


def skin(rgb: np.ndarray) -> np.ndarray:
    """Pixels of skin colour as a 0/1 mask: the usual YCrCb box, and only moderately saturated
    (red seals, brown frames and print are more saturated than skin)."""
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    y, cr, cb = ycc[..., 0], ycc[..., 1], ycc[..., 2]
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat = hsv[..., 0], hsv[..., 1]
    return ((y > 90) & (cr >= 138) & (cr <= 175) & (cb >= 85) & (cb <= 125)
            & (sat >= 40) & (sat <= 150) & (hue <= 20)).astype(np.uint8)  # fmt: skip


def occluded(found: Found) -> bool:
    """A finger (or anything skin-coloured and solid) over the document: a compact skin-coloured
    region that comes in from the picture's edge, as a hand does, and reaches the document's
    printed area. Glare (inside the document) and a table (around it, with the document making
    a hole in it) are neither."""
    page, scale = _measured(found.page)
    h, w = page.shape[:2]
    mask = skin(page)
    k = max(3, int(0.01 * max(h, w)) | 1)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    x0, y0, x1, y1 = (int(v * scale) for v in _text_bounds(found, grow=0.1))
    printed = max(1, (x1 - x0) * (y1 - y0))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    for i in range(1, n):
        bx, by, bw, bh, area = stats[i]
        if area < 0.004 * h * w or area > 0.25 * h * w:
            continue
        if not (bx <= 1 or by <= 1 or bx + bw >= w - 1 or by + bh >= h - 1):
            continue  # does not come in from outside the picture
        inside = int(np.count_nonzero(labels[y0:y1, x0:x1] == i))
        if inside < 0.003 * printed:
            continue
        blob = (labels == i).astype(np.uint8)
        contours, _ = cv2.findContours(blob, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.contourArea(cv2.convexHull(max(contours, key=cv2.contourArea)))
        if hull and area > 0.8 * hull:
            return True
    return False


def too_small(raw_shape: tuple[int, ...], char_px: float) -> bool:
    return min(raw_shape[:2]) < MIN_SIDE_PX or 0 < char_px < MIN_CHAR_PX


def too_dark(gray: np.ndarray) -> bool:
    return float(np.mean(gray)) < 75 or float(np.percentile(gray, 95)) < 110


def sharpness(gray: np.ndarray, ch: float) -> float:
    """Steepest text edges relative to the text's contrast, at a standard character height:
    ~0.3-0.5 for sharp print, well under 0.15 once strokes are smeared."""
    if ch <= 0:
        return 1.0
    scale = 30.0 / ch
    img = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
                     if scale < 1 else cv2.INTER_LINEAR).astype(np.float32)  # fmt: skip
    gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3) / 8
    mag = np.hypot(gx, gy)
    contrast = float(np.percentile(img, 95) - np.percentile(img, 2))
    if contrast < 10:
        return 0.0
    return float(np.percentile(mag, 99.5)) / contrast


def blurred(gray: np.ndarray, ch: float) -> bool:
    return sharpness(gray, ch) < 0.16


def glare(rgb: np.ndarray) -> bool:
    """A blown-out patch: all channels saturated over a compact area of a document whose paper
    is otherwise not that white."""
    sat = np.all(rgb >= 250, axis=2).astype(np.uint8)
    frac = float(sat.mean())
    if frac < 0.02 or frac > 0.9:  # nothing blown out, or a blank white sheet
        return False
    k = max(3, int(0.02 * min(sat.shape)))
    opened = cv2.morphologyEx(sat, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(opened)
    if n <= 1:
        return False
    biggest = stats[1:, cv2.CC_STAT_AREA].max() / sat.size
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    rest = gray[sat == 0]
    paper = float(np.percentile(rest, 75)) if rest.size else 255.0
    return biggest > 0.03 and paper < 246


def colourless(rgb: np.ndarray) -> bool:
    """No colour anywhere: the blue labels, tinted paper and red seals of the originals are gone."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    chroma = np.hypot(lab[..., 1] - 128, lab[..., 2] - 128)
    return float(np.mean(chroma)) < 2.0 and float(np.percentile(chroma, 99.5)) < 6.0


def screen_pattern(gray: np.ndarray) -> bool:
    """A re-shot screen carries its pixel grid: a sharp peak at a high spatial frequency that
    print does not have."""
    h, w = gray.shape
    size = min(512, h, w)
    if size < 128:
        return False
    y0, x0 = (h - size) // 2, (w - size) // 2
    patch = gray[y0 : y0 + size, x0 : x0 + size].astype(np.float32)
    patch = (patch - patch.mean()) * np.hanning(size)[:, None] * np.hanning(size)[None, :]
    spec = np.abs(np.fft.fftshift(np.fft.fft2(patch)))
    c = size // 2
    yy, xx = np.ogrid[:size, :size]
    r = np.hypot(yy - c, xx - c)
    band = (r > size / 3) & (r < size / 2)  # periods under 3 px: finer than any print
    vals = spec[band]
    if vals.size == 0:
        return False
    return float(vals.max()) / (float(np.median(vals)) + 1e-6) > 150
