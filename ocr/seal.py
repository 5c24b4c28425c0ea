"""The text round a red seal (公章), read by unrolling the ring into a straight line.

Many licences print the registration authority's name only on the rim of its seal, stamped
beside 登记机关: set upright along the top of the circle, from about eight o'clock to four
o'clock. Nothing here assumes where the seal is or how large: it is the largest round (or, in a
slanted photograph, elliptical) patch of red ink on the page. Its rim is read in the green
channel, where red ink is dark at full resolution (a JPEG keeps colour at half).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# How red a pixel must be (red over the larger of green and blue) to be seal ink: a stamp in
# good ink first, then a faint one (little ink, glare, a pale photograph).
REDNESS = 40
FAINT_REDNESS = (25, 15)
# The rim text lies between these shares of the ring's outer radius (the ring itself is at 1.0, the
# star in the middle within about 0.35; rim text is set between about 0.6 and 0.92).
TEXT_BAND = (0.6, 0.93)
# The unrolled arc: from this many degrees left of twelve o'clock to as many right.
HALF_SPAN_DEG = 150
STRIP_PX = 48
# Below this difference between paper and ink (green levels) the band holds no rim text.
MIN_CONTRAST = 20


@dataclass(frozen=True)
class Seal:
    centre: tuple[float, float]  # page pixels
    # Maps the unit circle onto the seal's outline: a round seal photographed at a slant is an
    # ellipse, and unrolling it through this keeps the rim's text on its band.
    shape: tuple[tuple[float, float], tuple[float, float]]

    @property
    def radius(self) -> float:
        (a, b), (c, d) = self.shape
        return abs(a * d - b * c) ** 0.5

    def quad(self) -> np.ndarray:
        """The parallelogram round the seal, in page pixels (clockwise from top-left)."""
        m = np.asarray(self.shape, np.float32)
        corners = np.float32([[-1, -1], [1, -1], [1, 1], [-1, 1]])
        return (corners @ m.T + np.float32(self.centre)).astype(np.float32)


def redness(rgb: np.ndarray) -> np.ndarray:
    r = rgb[..., 0].astype(np.int16)
    return np.clip(r - np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16), 0, 255).astype(np.uint8)


def find_seals(rgb: np.ndarray, min_share: float = 0.04, ink: int = REDNESS) -> list[Seal]:
    """Round (or, photographed at a slant, elliptical) patches of red ink (redness above
    ``ink``) at least ``min_share`` of the page's shorter side across, largest first. A
    greyscale picture has none (its seal cannot be told from print)."""
    if rgb.ndim != 3:
        return []
    red = (redness(rgb) > ink).astype(np.uint8)
    side = min(rgb.shape[:2])
    # Join a stamp's ring, star and characters (its ink is uneven) into one patch.
    k = max(3, side // 150)
    joined = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(joined, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    seals = []
    for traced in contours:
        # A ring the stamp left thin somewhere (or a JPEG faded) is traced as a C, not a disc:
        # its convex hull is the disc either way.
        contour = cv2.convexHull(traced)
        x, y, w, h = cv2.boundingRect(contour)
        m = cv2.moments(contour)
        if min(w, h) < min_share * side or m["m00"] <= 0:
            continue
        cov = np.array([[m["mu20"], m["mu11"]], [m["mu11"], m["mu02"]]]) / m["m00"]
        values, vectors = np.linalg.eigh(cov)
        if values[0] <= 0 or values[1] / values[0] > 2.5:
            continue  # a long red bar or frame, not a seal
        # A filled ellipse's second moments are a quarter of its squared semi-axes.
        shape = vectors @ np.diag(2 * np.sqrt(values)) @ vectors.T
        # A ring with text inside, not a red block: ink covers part of what it encloses.
        filled = np.zeros_like(red)
        cv2.drawContours(filled, [contour], -1, 1, thickness=-1)
        cover = float(red[filled > 0].mean())
        if not 0.08 < cover < 0.75:
            continue
        centre = (m["m10"] / m["m00"], m["m01"] / m["m00"])
        seals.append(Seal(centre, ((shape[0, 0], shape[0, 1]), (shape[1, 0], shape[1, 1]))))
    seals.sort(key=lambda s: -s.radius)
    # The ring's inner edge, the star and the rim's characters are not seals of their own.
    return [s for i, s in enumerate(seals) if not any(_inside(s, big) for big in seals[:i])]


def same_seal(a: Seal, b: Seal) -> bool:
    """Whether two finds are one stamp (found again at another redness): centres within a
    tenth of the radius, radii within a tenth of each other."""
    dx, dy = a.centre[0] - b.centre[0], a.centre[1] - b.centre[1]
    radius = max(a.radius, b.radius)
    return (dx * dx + dy * dy) ** 0.5 <= 0.1 * radius and abs(a.radius - b.radius) <= 0.1 * radius


def _inside(small: Seal, big: Seal) -> bool:
    dx, dy = small.centre[0] - big.centre[0], small.centre[1] - big.centre[1]
    return (dx * dx + dy * dy) ** 0.5 + small.radius <= big.radius * 1.05


def unrolled_rim(rgb: np.ndarray, seal: Seal, band: tuple[float, float] = TEXT_BAND) -> np.ndarray:
    """The top arc's band of the ring as a straight dark-on-white strip, text upright, read
    left to right (the rim's outside at the top)."""
    r_in, r_out = band
    height = STRIP_PX
    half = np.radians(HALF_SPAN_DEG)
    # The strip's scale follows the seal's mean radius, so characters keep their proportions.
    px = height / max(1.0, (r_out - r_in) * seal.radius)
    width = max(8, int(2 * half * (r_in + r_out) / 2 * seal.radius * px))
    angles = -np.pi / 2 - half + (np.arange(width) + 0.5) / width * 2 * half
    radii = r_out - (np.arange(height) + 0.5) / height * (r_out - r_in)
    a, r = np.meshgrid(angles, radii)
    (m00, m01), (m10, m11) = seal.shape
    ux, uy = r * np.cos(a), r * np.sin(a)
    map_x = (seal.centre[0] + m00 * ux + m01 * uy).astype(np.float32)
    map_y = (seal.centre[1] + m10 * ux + m11 * uy).astype(np.float32)
    # The green channel: red ink is dark in it at full resolution (a JPEG keeps colour at half
    # resolution and blurs it), and the band round a seal's rim is mostly bare paper.
    green = np.ascontiguousarray(rgb[..., 1])
    strip = cv2.remap(green, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    # Stretch the stamp's uneven ink to full contrast: from the ink's green to the paper's
    # (most of the band is paper between characters).
    ink, paper = (float(v) for v in np.percentile(strip, (2, 60)))
    if paper - ink < MIN_CONTRAST:
        return np.full((height, width), 255, np.uint8)
    return np.clip((strip.astype(np.float32) - ink) * (255.0 / (paper - ink)), 0, 255).astype(np.uint8)


def _inked_span(strip: np.ndarray) -> tuple[int, int] | None:
    cols = np.where((strip < 128).sum(axis=0) > 1)[0]
    if cols.size == 0:
        return None
    return int(cols[0]), int(cols[-1]) + 1


def rim_line(rgb: np.ndarray, seal: Seal) -> np.ndarray | None:
    """The seal's rim text as one straight line to recognise, trimmed to its ink; None when the
    rim carries no text."""
    strip = unrolled_rim(rgb, seal)
    span = _inked_span(strip)
    if span is None or span[1] - span[0] < STRIP_PX:
        return None
    pad = STRIP_PX // 2
    x0, x1 = max(0, span[0] - pad), min(strip.shape[1], span[1] + pad)
    return cv2.copyMakeBorder(strip[:, x0:x1], 6, 6, 6, 6, cv2.BORDER_CONSTANT, value=255)
