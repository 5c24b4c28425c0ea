"""Finding the document in a photo and flattening it.

A phone photo shows the document on a table, in perspective: its outline is the largest convex
quadrilateral that stands out from the surroundings, found either from edges or from how far each
pixel's colour is from the colour around the picture's border. A flatbed scan often shows no
outline at all (a pale card on a white bed): then the inked area is taken, deskewed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_WORK_SIDE = 640


@dataclass
class Located:
    image: np.ndarray  # RGB, the document flattened (or the deskewed inked area)
    outline_found: bool  # a real document outline, not just the inked area
    touches_edge: bool  # the outline or the ink runs into the picture's border
    area_fraction: float  # share of the picture the document takes


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    pts = quad.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def _quad_from_contour(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return approx.reshape(4, 2)
    return None


def _quad_ok(quad: np.ndarray, area_img: float) -> bool:
    ordered = _order(quad)
    if len({tuple(p) for p in ordered.tolist()}) < 4:
        return False
    area = cv2.contourArea(ordered)
    if not 0.12 * area_img <= area <= 0.995 * area_img:
        return False
    sides = [np.linalg.norm(ordered[i] - ordered[(i + 1) % 4]) for i in range(4)]
    if min(sides) < 0.15 * max(sides):
        return False
    # Opposite sides of a photographed rectangle stay roughly alike.
    return not (
        min(sides[0], sides[2]) < 0.6 * max(sides[0], sides[2])
        or min(sides[1], sides[3]) < 0.6 * max(sides[1], sides[3])
    )


def _edge_quads(gray: np.ndarray) -> list[np.ndarray]:
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    med = float(np.median(blur))
    edges = cv2.Canny(blur, max(10, 0.4 * med), max(30, 1.0 * med))
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        q = _quad_from_contour(c)
        if q is not None:
            quads.append(q)
    return quads


def _colour_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels whose colour differs from the picture's border (where the table or bed shows)."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    h, w = lab.shape[:2]
    b = max(2, int(0.03 * min(h, w)))
    border = np.concatenate(
        [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3),
         lab[:, -b:].reshape(-1, 3)]
    )  # fmt: skip
    ref = np.median(border, axis=0)
    spread = np.percentile(np.linalg.norm(border - ref, axis=1), 90)
    dist = np.linalg.norm(lab - ref, axis=2)
    dist = cv2.GaussianBlur(dist, (5, 5), 0)
    thresh = max(12.0, spread * 1.5)
    mask = (dist > thresh).astype(np.uint8) * 255
    k = max(3, int(0.01 * min(h, w)) | 1)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    return mask


def _ink_mask(gray: np.ndarray) -> np.ndarray:
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 18)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def _warp(rgb: np.ndarray, quad: np.ndarray) -> np.ndarray:
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(rgb, m, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def _near_border(quad: np.ndarray, w: int, h: int, frac: float = 0.008) -> bool:
    mx, my = frac * w + 1, frac * h + 1
    xs, ys = quad[:, 0], quad[:, 1]
    return bool((xs < mx).any() or (xs > w - 1 - mx).any() or (ys < my).any()
                or (ys > h - 1 - my).any())  # fmt: skip


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    h, w = mask.shape
    flood = mask.copy()
    ff = np.zeros((h + 2, w + 2), np.uint8)
    for seed in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):
        if flood[seed[1], seed[0]] == 0:
            cv2.floodFill(flood, ff, seed, 255)
    return mask | ~flood


def _brightness_quads(gray: np.ndarray) -> list[np.ndarray]:
    """Paper and cards are lighter than the table they lie on: threshold the smoothed picture at
    several levels (a light table needs a high one), fill the print, and open wide enough to cut
    off light streaks of a table top."""
    blur = cv2.GaussianBlur(gray, (0, 0), 3)
    otsu, _ = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    levels = {int(otsu)} | {int(v) for v in np.percentile(blur, (50, 65, 75, 85))}
    close_k = max(5, int(0.03 * min(gray.shape)) | 1)
    open_k = max(5, int(0.06 * min(gray.shape)) | 1)
    quads = []
    for level in sorted(levels):
        mask = ((blur > level) * 255).astype(np.uint8)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((close_k, close_k), np.uint8))
        mask = _fill_holes(mask)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(
            cv2.MORPH_ELLIPSE, (open_k, open_k)))  # fmt: skip
        quads.extend(_solid_quads(mask))
    return quads


def _smooth_quads(gray: np.ndarray) -> list[np.ndarray]:
    """Card stock is smooth where a table top (wood grain, brushed metal, cloth) is textured,
    even when both are equally light: keep the least textured third of the picture, fill the
    print, and look for a solid four-sided blob."""
    g = gray.astype(np.float32)
    k = max(5, int(0.02 * min(gray.shape)) | 1)
    mean = cv2.blur(g, (k, k))
    texture = np.sqrt(np.maximum(cv2.blur(g * g, (k, k)) - mean * mean, 0))
    mask = ((texture < np.percentile(texture, 30)) * 255).astype(np.uint8)
    close_k = max(5, int(0.03 * min(gray.shape)) | 1)
    open_k = max(5, int(0.06 * min(gray.shape)) | 1)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((close_k, close_k), np.uint8))
    mask = _fill_holes(mask)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (open_k, open_k)))  # fmt: skip
    return _solid_quads(mask)


def _solid_quads(mask: np.ndarray) -> list[np.ndarray]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        hull_area = cv2.contourArea(cv2.convexHull(c))
        # A solid blob is the document itself; a lacy one is just ink on a document as pale as
        # the background, which has no usable outline.
        if hull_area > 0 and cv2.contourArea(c) / hull_area > 0.85:
            q = _quad_from_contour(c)
            if q is not None:
                quads.append(q)
    return quads


def _side_support(gray: np.ndarray, quad: np.ndarray) -> float:
    """How well the quad's sides follow a real boundary: the share of points along the four sides
    where the inside, just within the side, is clearly lighter than just outside it. Worst side
    counts, so a quad that strays onto the table somewhere scores low."""
    h, w = gray.shape
    blur = cv2.GaussianBlur(gray, (0, 0), 1.5).astype(np.float32)
    centre = quad.mean(axis=0)
    off = max(2.0, 0.012 * min(h, w))
    worst = 1.0
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        t = np.linspace(0.1, 0.9, 24)[:, None]
        pts = a + (b - a) * t
        edge = b - a
        normal = np.array([-edge[1], edge[0]]) / (np.linalg.norm(edge) + 1e-6)
        if np.dot(centre - (a + b) / 2, normal) < 0:
            normal = -normal
        inner = pts + normal * off
        outer = pts - normal * off
        ok = (outer[:, 0] >= 0) & (outer[:, 0] < w) & (outer[:, 1] >= 0) & (outer[:, 1] < h)
        if not ok.any():
            continue  # the side lies on the picture's border: nothing to see beyond it
        vin = blur[inner[ok, 1].astype(int).clip(0, h - 1), inner[ok, 0].astype(int).clip(0, w - 1)]
        vout = blur[outer[ok, 1].astype(int), outer[ok, 0].astype(int)]
        worst = min(worst, float(np.mean(vin - vout > 6)))
    return worst


def _refine(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Snap each side of a rough quad to the strongest light-to-dark step near it (robust line
    fit), then intersect neighbouring sides for the corners."""
    h, w = gray.shape
    blur = cv2.GaussianBlur(gray, (0, 0), 1.2).astype(np.float32)
    centre = quad.mean(axis=0)
    reach = max(4.0, 0.04 * min(h, w))
    steps = np.linspace(-reach, reach, int(2 * reach) + 1)
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        edge = b - a
        normal = np.array([-edge[1], edge[0]]) / (np.linalg.norm(edge) + 1e-6)
        if np.dot(centre - (a + b) / 2, normal) < 0:
            normal = -normal  # pointing inwards
        found = []
        for t in np.linspace(0.08, 0.92, 40):
            p = a + edge * t
            probe = p[None, :] + steps[:, None] * normal[None, :]
            xs, ys = probe[:, 0], probe[:, 1]
            inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
            if inside.sum() < len(steps) * 0.6:
                continue
            vals = np.full(len(steps), np.nan, np.float32)
            vals[inside] = blur[ys[inside].astype(int), xs[inside].astype(int)]
            grad = vals[2:] - vals[:-2]  # rise when moving inwards
            if np.all(np.isnan(grad)):
                continue
            k = int(np.nanargmax(grad))
            if grad[k] > 8:
                found.append(probe[k + 1])
        if len(found) < 8:
            lines.append((a, edge / (np.linalg.norm(edge) + 1e-6)))
            continue
        vx, vy, x0, y0 = cv2.fitLine(np.array(found, np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
        lines.append((np.array([x0[0], y0[0]]), np.array([vx[0], vy[0]])))
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        m = np.array([d1, -d2]).T
        if abs(np.linalg.det(m)) < 1e-6:
            return quad
        s_, _ = np.linalg.solve(m, p2 - p1)
        corners.append(p1 + s_ * d1)
    return np.array(corners, np.float32)


def find_document(rgb: np.ndarray) -> Located:
    h, w = rgb.shape[:2]
    scale = min(1.0, _WORK_SIDE / max(h, w))
    small = (
        cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))),
                   interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    )  # fmt: skip
    sh, sw = small.shape[:2]
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    area_img = float(sh * sw)

    candidates = (
        _brightness_quads(gray) + _solid_quads(_colour_mask(small)) + _edge_quads(gray) + _smooth_quads(gray)
    )
    scored = []
    for q in candidates:
        if not _quad_ok(q, area_img):
            continue
        refined = _order(_refine(gray, _order(q)))
        if not _quad_ok(refined, area_img):
            continue
        scored.append((_side_support(gray, refined), cv2.contourArea(refined), refined))
    good = [item for item in scored if item[0] >= 0.6]
    if good:
        best = max(good, key=lambda item: (round(item[0], 1), item[1]))[2]
        ordered = _order(best)
        touches = _near_border(ordered, sw, sh)
        warped = _warp(rgb, ordered / scale)
        return Located(warped, True, touches, cv2.contourArea(ordered) / area_img)

    # No outline: take the inked area, deskewed by its minimum-area rectangle.
    ink = _ink_mask(gray)
    pts = cv2.findNonZero(ink)
    if pts is None or len(pts) < 50:
        return Located(rgb, False, False, 1.0)
    lo = np.percentile(pts.reshape(-1, 2), 0.2, axis=0)
    hi = np.percentile(pts.reshape(-1, 2), 99.8, axis=0)
    keep = pts.reshape(-1, 2)
    keep = keep[((keep >= lo) & (keep <= hi)).all(axis=1)]
    rect = cv2.minAreaRect(keep.astype(np.float32))
    (cx, cy), (rw, rh), angle = rect
    # Keep a margin round the ink so that no character is cut.
    pad = 0.04 * max(rw, rh)
    rect = ((cx, cy), (rw + 2 * pad, rh + 2 * pad), angle)
    box = _order(cv2.boxPoints(rect))
    allpts = pts.reshape(-1, 2)
    # Print running (nearly) into the picture's edge means part of the document is outside it:
    # documents keep a few millimetres of blank margin round their print.
    mx, my = 0.022 * sw, 0.022 * sh
    touches = bool(
        (allpts[:, 0] < mx).sum() >= 3 or (allpts[:, 0] > sw - 1 - mx).sum() >= 3
        or (allpts[:, 1] < my).sum() >= 3 or (allpts[:, 1] > sh - 1 - my).sum() >= 3
    )  # fmt: skip
    box[:, 0] = np.clip(box[:, 0], 0, sw - 1)
    box[:, 1] = np.clip(box[:, 1], 0, sh - 1)
    warped = _warp(rgb, box / scale)
    return Located(warped, False, touches, cv2.contourArea(box) / area_img)
