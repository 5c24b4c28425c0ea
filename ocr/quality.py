"""Capture quality: measurements that tell the applicant what to do about a picture (too small,
blurred, dark, glare, cut off), and signs that it is not an original (greyscale copy, screen).

Thresholds were set on synthetic captures (``ocr.synthetic.capture``): ordinary scans and phone
photos pass, the deliberately bad helpers trip them.
"""

from __future__ import annotations

import cv2
import numpy as np

# Below this character height (pixels, in the uploaded picture) strokes merge.
MIN_CHAR_PX = 10.0
MIN_SIDE_PX = 240


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
