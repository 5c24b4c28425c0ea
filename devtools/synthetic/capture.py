"""Simulated captures of a rendered document: scans, phone photos, small or rotated images,
and deliberately bad ones (blurred, dark, cut off, glare, photocopy, tiny) for tests."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CONDITIONS = ("scan", "phone", "low_res", "rotated_90", "rotated_180", "rotated_270")


def encode(img: Image.Image, fmt: str = "PNG", quality: int = 92) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(buf, "JPEG", quality=quality)
    else:
        img.save(buf, fmt)
    return buf.getvalue()


CARD_ASPECT = 85.6 / 54.0


def _is_card(img: Image.Image) -> bool:
    """An ID card (ID-1, 85.6 × 54 mm) rather than a licence (A4 or A3, either way round)."""
    return abs(img.width / img.height - CARD_ASPECT) < 0.08


def scan(img: Image.Image, rng: random.Random) -> Image.Image:
    """A flatbed scan: the document on a near-white bed, a little margin and skew."""
    w, h = img.size
    margin = int(w * rng.uniform(0.03, 0.08))
    bed = (rng.randint(236, 252),) * 3
    canvas = Image.new("RGB", (w + 2 * margin, h + 2 * margin), bed)
    canvas.paste(img, (margin, margin))
    angle = rng.uniform(-1.5, 1.5)
    canvas = canvas.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=bed)
    arr = np.asarray(canvas).astype(np.float32)
    arr += np.random.default_rng(rng.randrange(2**32)).normal(0, 2.0, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _table(size: tuple[int, int], rng: random.Random) -> np.ndarray:
    """A wood-like or stone-like table top."""
    w, h = size
    gen = np.random.default_rng(rng.randrange(2**32))
    base = np.array(
        rng.choice([(120, 85, 55), (165, 130, 95), (90, 90, 95), (185, 180, 170), (60, 50, 45)]),
        dtype=np.float32,
    )
    grain = gen.normal(0, 1, (h // 8 + 1, w // 64 + 1)).astype(np.float32)
    grain = cv2.resize(grain, (w, h), interpolation=cv2.INTER_CUBIC)
    noise = gen.normal(0, 6, (h, w)).astype(np.float32)
    tex = base[None, None, :] * (1 + 0.1 * grain[..., None]) + noise[..., None]
    return np.clip(tex, 0, 255)


def phone(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo: the document on a table, in perspective, under uneven light, a bit soft."""
    doc = np.asarray(img.convert("RGB")).astype(np.float32)
    h, w = doc.shape[:2]
    out_w, out_h = (1600, 1200) if _is_card(img) else (2000, 1500)
    fill = rng.uniform(0.55, 0.78)
    scale = out_w * fill / w
    dw, dh = w * scale, h * scale
    cx = out_w / 2 + rng.uniform(-0.08, 0.08) * out_w
    cy = out_h / 2 + rng.uniform(-0.06, 0.06) * out_h
    angle = np.deg2rad(rng.uniform(-8, 8))
    corners = np.array([[-dw / 2, -dh / 2], [dw / 2, -dh / 2], [dw / 2, dh / 2], [-dw / 2, dh / 2]])
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = corners @ rot.T + [cx, cy]
    jitter = 0.05 * min(dw, dh)
    corners += np.array([[rng.uniform(-jitter, jitter) for _ in range(2)] for _ in range(4)])
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(doc, m, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (out_w, out_h))
    photo = _table((out_w, out_h), rng) * (1 - mask[..., None]) + warped * mask[..., None]
    # Light falls off across the scene; a phone exposes for the middle.
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    lx, ly = rng.uniform(0, out_w), rng.uniform(0, out_h)
    dist = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(out_w, out_h)
    light = rng.uniform(1.0, 1.08) - rng.uniform(0.15, 0.3) * dist
    photo = photo * light[..., None]
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.5, 1.0))
    photo += np.random.default_rng(rng.randrange(2**32)).normal(0, 3.0, photo.shape)
    return Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8))


def low_res(img: Image.Image, rng: random.Random) -> Image.Image:
    scanned = scan(img, rng)
    width = rng.randint(480, 580) if _is_card(img) else rng.randint(1000, 1200)
    height = round(scanned.height * width / scanned.width)
    return scanned.resize((width, height), Image.LANCZOS)


_TRANSPOSE = {
    "rotated_90": Image.Transpose.ROTATE_90,
    "rotated_180": Image.Transpose.ROTATE_180,
    "rotated_270": Image.Transpose.ROTATE_270,
}


def capture_image(img: Image.Image, condition: str, rng: random.Random) -> Image.Image:
    if condition == "scan":
        return scan(img, rng)
    if condition == "phone":
        return phone(img, rng)
    if condition == "low_res":
        return low_res(img, rng)
    if condition in _TRANSPOSE:
        return scan(img, rng).transpose(_TRANSPOSE[condition])
    raise ValueError(f"unknown capture condition {condition!r}; one of {CONDITIONS}")


def capture(img: Image.Image, condition: str, rng: random.Random) -> bytes:
    """The uploaded bytes for ``img`` captured under ``condition`` (one of ``CONDITIONS``)."""
    shot = capture_image(img, condition, rng)
    if condition == "scan" and rng.random() < 0.5:
        return encode(shot, "PNG")
    if condition == "phone":
        return encode(shot, "JPEG", rng.randint(78, 90))
    return encode(shot, "JPEG", rng.randint(88, 95))


# --- bad captures for tests ------------------------------------------------------------------


def blurred(img: Image.Image, rng: random.Random, radius: float = 5.0) -> bytes:
    return encode(scan(img, rng).filter(ImageFilter.GaussianBlur(radius)), "JPEG", 90)


def dark(img: Image.Image, rng: random.Random, factor: float = 0.18) -> bytes:
    arr = np.asarray(scan(img, rng)).astype(np.float32) * factor
    arr += np.random.default_rng(rng.randrange(2**32)).normal(0, 2.0, arr.shape)
    return encode(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), "JPEG", 90)


def cut_off(img: Image.Image, rng: random.Random, keep: float = 0.62) -> bytes:
    """The document runs off the edge of the picture (only ``keep`` of its width shows)."""
    shot = scan(img, rng)
    return encode(shot.crop((0, 0, int(shot.width * keep), shot.height)), "JPEG", 92)


def photocopy(img: Image.Image, rng: random.Random) -> bytes:
    grey = scan(img, rng).convert("L")
    arr = np.asarray(grey).astype(np.float32)
    arr = np.clip((arr - 128) * 1.3 + 140, 0, 255)
    return encode(Image.fromarray(arr.astype(np.uint8)).convert("RGB"), "JPEG", 90)


def tiny(img: Image.Image, rng: random.Random, width: int = 220) -> bytes:
    shot = scan(img, rng)
    return encode(shot.resize((width, round(shot.height * width / shot.width))), "JPEG", 90)


def glare(img: Image.Image, rng: random.Random) -> bytes:
    """A specular highlight washing out part of the document."""
    shot = np.asarray(scan(img, rng)).astype(np.float32)
    h, w = shot.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = w * rng.uniform(0.3, 0.5), h * rng.uniform(0.3, 0.6)
    blob = np.exp(-(((xx - cx) / (w * 0.16)) ** 2 + ((yy - cy) / (h * 0.2)) ** 2))
    shot = shot + 400 * blob[..., None]
    return encode(Image.fromarray(np.clip(shot, 0, 255).astype(np.uint8)), "JPEG", 90)


def noise_image(rng: random.Random, size: tuple[int, int] = (1024, 768)) -> bytes:
    """Not a document at all."""
    arr = np.random.default_rng(rng.randrange(2**32)).integers(0, 256, (size[1], size[0], 3))
    return encode(Image.fromarray(arr.astype(np.uint8)), "PNG")


def screen(img: Image.Image, rng: random.Random) -> bytes:
    """A photo of the document shown on a screen: a fine pixel grid and moiré over it."""
    shot = np.asarray(scan(img, rng)).astype(np.float32)
    h, w = shot.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    period = rng.uniform(3.2, 4.2)
    grid = 0.82 + 0.18 * np.cos(2 * np.pi * xx / period) * np.cos(2 * np.pi * yy / period)
    shot = shot * grid[..., None] * np.array([0.92, 0.98, 1.08])
    return encode(Image.fromarray(np.clip(shot, 0, 255).astype(np.uint8)), "JPEG", 92)


# --- framings: how the document sits in the uploaded picture -----------------------------------------
#
# ``capture_framing`` varies what surrounds the document and how it was taken: cropped edge to edge,
# with a margin, photographed on a table, copied onto an A4 page (身份证复印件), turned, small,
# heavily compressed, under glare, or with a finger over a corner.

FRAMINGS = (
    "tight",
    "margin",
    "table",
    "page",
    "rotated_90",
    "rotated_180",
    "rotated_270",
    "low_res",
    "jpeg",
    "glare",
    "finger",
)
CARD_KINDS = ("cn_id_card_front", "cn_id_card_back")
DOC_KINDS = (*CARD_KINDS, "cn_business_licence")
A4_MM = (210.0, 297.0)


def _gen(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.randrange(2**32))


def _noisy(arr: np.ndarray, rng: random.Random, sigma: float) -> Image.Image:
    arr = arr.astype(np.float32) + _gen(rng).normal(0, sigma, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _doc_mm(img: Image.Image, kind: str) -> tuple[float, float]:
    """The real size of the document (renderers record it in ``info["mm"]``)."""
    if "mm" in img.info:
        w, h = img.info["mm"]
        return float(w), float(h)
    if kind in CARD_KINDS:
        return 85.6, 54.0
    return (297.0, 210.0) if img.width > img.height else (210.0, 297.0)


def _encode_scan(img: Image.Image, rng: random.Random) -> bytes:
    """PNG now and then (mostly for card-sized images), otherwise a good JPEG."""
    if rng.random() < (0.4 if img.width * img.height < 2_000_000 else 0.15):
        return encode(img, "PNG")
    return encode(img, "JPEG", rng.randint(86, 95))


def tight(img: Image.Image, rng: random.Random, kind: str) -> Image.Image:
    """Cropped edge to edge, as scanners and portal croppers deliver it: the crop is 0-2 px off
    each edge, and a card's rounded corners may show a little of the background."""
    doc = img.convert("RGB")
    w, h = doc.size
    bed = rng.choice([(250, 250, 250), (236, 236, 236), (30, 30, 32), (120, 120, 124)])
    if kind in CARD_KINDS and rng.random() < 0.6:
        radius = round(3.18 * w / 85.6)  # ID-1 corner radius
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=radius, fill=255)
        framed = Image.new("RGB", (w, h), bed)
        framed.paste(doc, (0, 0), mask)
        doc = framed
    pad = 2
    padded = Image.new("RGB", (w + 2 * pad, h + 2 * pad), bed)
    padded.paste(doc, (pad, pad))
    left, top, right, bottom = (rng.randint(-2, 2) for _ in range(4))
    doc = padded.crop((pad - left, pad - top, pad + w + right, pad + h + bottom))
    scale = rng.uniform(0.8, 1.0)
    doc = doc.resize((round(doc.width * scale), round(doc.height * scale)), Image.LANCZOS)
    doc = doc.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.6)))
    return _noisy(np.asarray(doc), rng, 1.5)


def margin(
    img: Image.Image, rng: random.Random, kind: str, fraction: tuple[float, float] = (0.06, 0.2)
) -> Image.Image:
    """A flat scan with a generous plain (white or light grey) margin, a little out of square."""
    return _margin(img, rng, fraction)[0]


def _margin(
    img: Image.Image, rng: random.Random, fraction: tuple[float, float]
) -> tuple[Image.Image, np.ndarray]:
    """The scan and the document's corners in it."""
    doc = img.convert("RGB")
    w, h = doc.size
    bed = (rng.randint(244, 255),) * 3 if rng.random() < 0.6 else (rng.randint(212, 236),) * 3
    left, top, right, bottom = (round(w * rng.uniform(*fraction)) for _ in range(4))
    canvas = Image.new("RGB", (w + left + right, h + top + bottom), bed)
    canvas.paste(doc, (left, top))
    canvas = canvas.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=bed)
    corners = np.array([[left, top], [left + w, top], [left + w, top + h], [left, top + h]], np.float64)
    return _noisy(np.asarray(canvas), rng, 2.0), corners


def _warp_onto(doc: np.ndarray, background: np.ndarray, corners: np.ndarray) -> np.ndarray:
    h, w = doc.shape[:2]
    out_h, out_w = background.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(doc, m, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (out_w, out_h))
    return background * (1 - mask[..., None]) + warped * mask[..., None]


def table_photo(img: Image.Image, rng: random.Random, kind: str) -> tuple[Image.Image, np.ndarray]:
    """A phone photo of the document on a table: up to 10° turned, in mild perspective, filling
    45-80 % of the picture's width, under light that falls off and has a colour cast. Returns
    the photo and the document's four corners in it (clockwise from top left)."""
    doc = np.asarray(img.convert("RGB")).astype(np.float32)
    h, w = doc.shape[:2]
    if kind == "cn_business_licence":
        # A whole A4 or A3 sheet needs the phone's resolution: portals keep 2400-3200 px of a
        # 12 MP photo. (At 1600 px a licence's body text is ~10 px and unreadable to anyone.)
        landscape = [(3200, 2400), (2800, 2100), (2400, 1800)]
        fill = rng.uniform(0.6, 0.85)
    else:
        landscape = [(1600, 1200), (2000, 1500), (1920, 1440), (1800, 1200)]
        fill = rng.uniform(0.45, 0.8)
    out_w, out_h = rng.choice(landscape) if w >= h else rng.choice([(b, a) for a, b in landscape])
    angle = np.deg2rad(rng.uniform(-10, 10))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    persp = rng.uniform(0.02, 0.07)
    jitter = np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)])
    # Top edge narrower or wider than the bottom: the phone is tilted towards or away.
    tilt = rng.uniform(-1, 1) * persp
    centre = np.array(
        [out_w / 2 + rng.uniform(-0.06, 0.06) * out_w, out_h / 2 + rng.uniform(-0.05, 0.05) * out_h]
    )
    while True:
        scale = out_w * fill / w
        dw, dh = w * scale, h * scale
        base = np.array(
            [
                [-dw / 2 * (1 - tilt), -dh / 2],
                [dw / 2 * (1 - tilt), -dh / 2],
                [dw / 2 * (1 + tilt), dh / 2],
                [-dw / 2 * (1 + tilt), dh / 2],
            ]
        )
        corners = base @ rot.T + centre + jitter * persp * min(dw, dh)
        inside = (
            corners[:, 0].min() > 0.02 * out_w
            and corners[:, 0].max() < 0.98 * out_w
            and corners[:, 1].min() > 0.02 * out_h
            and corners[:, 1].max() < 0.98 * out_h
        )
        if inside or fill < 0.3:
            break
        fill *= 0.95
    photo = _warp_onto(doc, _table((out_w, out_h), rng), corners)
    # A soft shadow along one side of the document (the phone or a hand above it).
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    if rng.random() < 0.4:
        a = rng.uniform(0, 2 * np.pi)
        proj = (xx - centre[0]) * np.cos(a) + (yy - centre[1]) * np.sin(a)
        edge = rng.uniform(0.1, 0.35) * out_w
        shadow = 1 - rng.uniform(0.12, 0.3) / (1 + np.exp(-(proj - edge) / (0.03 * out_w)))
        photo = photo * shadow[..., None]
    lx, ly = rng.uniform(0, out_w), rng.uniform(0, out_h)
    dist = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(out_w, out_h)
    light = rng.uniform(0.95, 1.1) - rng.uniform(0.1, 0.35) * dist
    cast = np.array(rng.choice([(1.0, 1.0, 1.0), (1.05, 1.0, 0.9), (0.94, 0.98, 1.06), (1.02, 1.02, 0.95)]))
    photo = photo * light[..., None] * cast[None, None, :]
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.5, 1.2))
    return _noisy(photo, rng, rng.uniform(2.0, 4.0)), corners


def _photocopy_look(page: Image.Image, rng: random.Random) -> Image.Image:
    """A greyscale photocopy: harder contrast, a grey cast, toner specks, slightly soft."""
    arr = np.asarray(page.convert("L")).astype(np.float32) / 255.0
    # Tinted card stock comes out light grey, print darker; bare paper stays white.
    arr = 255.0 * np.clip(arr ** rng.uniform(1.4, 2.2) * rng.uniform(1.0, 1.06), 0, 1)
    gen = _gen(rng)
    specks = gen.random(arr.shape) < rng.uniform(0.0003, 0.0015)
    arr[specks] = gen.uniform(40, 140, int(specks.sum()))
    arr = cv2.GaussianBlur(arr, (0, 0), rng.uniform(0.4, 0.9))
    arr += gen.normal(0, 3.0, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _a4_page(rng: random.Random, dpi: int | None = None) -> tuple[Image.Image, float]:
    dpi = dpi or rng.choice((150, 200, 240, 300))
    size = (round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi))
    return Image.new("RGB", size, (rng.randint(246, 255),) * 3), dpi


def _place_cards(page: Image.Image, cards: list[Image.Image], rng: random.Random,
                 share: float | None = None) -> None:  # fmt: skip
    """Paste cards one under another, 20-40 % of the page width (or ``share``), somewhere in
    the upper part."""
    pw, ph = page.size
    width = round(pw * (share or rng.uniform(0.2, 0.4)))
    scaled = [
        c.convert("RGB").resize((width, round(c.height * width / c.width)), Image.LANCZOS) for c in cards
    ]
    gap = round(ph * rng.uniform(0.03, 0.1))
    total = sum(c.height for c in scaled) + gap * (len(scaled) - 1)
    x = rng.randint(round(pw * 0.05), pw - width - round(pw * 0.05))
    top_limit = max(round(ph * 0.04), round(ph * 0.55) - total)
    y = rng.randint(round(ph * 0.04), top_limit)
    edge = (rng.randint(120, 180),) * 3
    for card in scaled:
        # The card's edge shows as a thin dark line round its rounded corners.
        cw, ch = card.size
        rim = max(1, round(cw / 400))
        framed = Image.new("RGB", (cw + 2 * rim, ch + 2 * rim), edge)
        framed.paste(card, (rim, rim))
        mask = Image.new("L", framed.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, framed.width - 1, framed.height - 1), radius=round(3.18 * cw / 85.6), fill=255
        )
        angle = rng.uniform(-1.5, 1.5)
        mask = mask.rotate(angle, resample=Image.BICUBIC, expand=True)
        turned = framed.rotate(angle, resample=Image.BICUBIC, expand=True)
        page.paste(turned, (x + rng.randint(-round(pw * 0.02), round(pw * 0.02)), y), mask)
        y += ch + gap


def _finish_page(page: Image.Image, rng: random.Random) -> Image.Image:
    if rng.random() < 0.5:
        return _photocopy_look(page, rng)
    return _noisy(np.asarray(page), rng, 2.0)


def page(img: Image.Image, rng: random.Random, kind: str, *, dpi: int | None = None,
         share: float | None = None) -> Image.Image:  # fmt: skip
    """An ID card copied onto a white A4 page (150-300 dpi, or ``dpi``; a greyscale photocopy
    or a colour scan); a licence scanned flat at 150-200 dpi with a thin white border."""
    if kind in CARD_KINDS:
        sheet, _ = _a4_page(rng, dpi)
        _place_cards(sheet, [img], rng, share)
        return _finish_page(sheet, rng)
    w_mm, h_mm = _doc_mm(img, kind)
    dpi = rng.uniform(150, 200)
    w, h = round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)
    border = round(rng.uniform(1.0, 4.0) / 25.4 * dpi)
    sheet = Image.new("RGB", (w + 2 * border, h + 2 * border), (rng.randint(248, 255),) * 3)
    sheet.paste(img.convert("RGB").resize((w, h), Image.LANCZOS), (border, border))
    sheet = sheet.rotate(rng.uniform(-0.4, 0.4), resample=Image.BICUBIC, fillcolor=(252, 252, 252))
    return _noisy(np.asarray(sheet), rng, 1.8)


def capture_both_sides_page(front_img: Image.Image, back_img: Image.Image, rng: random.Random) -> bytes:
    """Both sides of an ID card copied onto one A4 page, front above back (身份证复印件)."""
    sheet, _ = _a4_page(rng)
    _place_cards(sheet, [front_img, back_img], rng)
    return encode(_finish_page(sheet, rng), "JPEG", rng.randint(82, 92))


def _glare(photo: Image.Image, corners: np.ndarray, rng: random.Random) -> Image.Image:
    """A specular highlight over part of the document: washed out, but text under it still shows."""
    arr = np.asarray(photo).astype(np.float32)
    h, w = arr.shape[:2]
    t = np.array([rng.uniform(0.2, 0.8), rng.uniform(0.25, 0.75)])
    top = corners[0] + (corners[1] - corners[0]) * t[0]
    bottom = corners[3] + (corners[2] - corners[3]) * t[0]
    cx, cy = top + (bottom - top) * t[1]
    doc_w = np.linalg.norm(corners[1] - corners[0])
    a, b = doc_w * rng.uniform(0.16, 0.3), doc_w * rng.uniform(0.07, 0.13)
    ang = rng.uniform(0, np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xx - cx) * np.cos(ang) + (yy - cy) * np.sin(ang)
    v = -(xx - cx) * np.sin(ang) + (yy - cy) * np.cos(ang)
    r2 = (u / a) ** 2 + (v / b) ** 2
    # At most 0.88 at the small core: black print under it stays darker than the paper.
    alpha = rng.uniform(0.55, 0.72) * np.exp(-r2) + rng.uniform(0.08, 0.16) * np.exp(-r2 * 6)
    tint = np.array([255, 255, rng.uniform(240, 255)], np.float32)
    out = arr * (1 - alpha[..., None]) + tint[None, None, :] * alpha[..., None]
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _finger(photo: Image.Image, corners: np.ndarray, rng: random.Random) -> tuple[Image.Image, np.ndarray]:
    """A drawn finger (a shaded skin-coloured capsule with a paler nail) over one corner of the
    document, reaching 8-15 % of the document's width into it; and where it lies (a boolean
    mask of the photo's pixels)."""
    arr = np.asarray(photo).astype(np.float32)
    h, w = arr.shape[:2]
    k = rng.randrange(4)
    corner = corners[k]
    centre = corners.mean(axis=0)
    doc_w = np.linalg.norm(corners[1] - corners[0])
    inward = (centre - corner) / np.linalg.norm(centre - corner)
    reach = doc_w * rng.uniform(0.08, 0.15)
    tip = corner + inward * reach
    out_ang = np.arctan2(-inward[1], -inward[0]) + np.deg2rad(rng.uniform(-25, 25))
    axis = np.array([np.cos(out_ang), np.sin(out_ang)])  # from the tip towards the hand
    r = doc_w * rng.uniform(0.05, 0.075)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (xx - tip[0]) * axis[0] + (yy - tip[1]) * axis[1]  # along the finger, 0 at the tip
    v = -(xx - tip[0]) * axis[1] + (yy - tip[1]) * axis[0]  # across it
    body = np.where(u >= 0, np.abs(v) <= r, u**2 + v**2 <= r**2).astype(np.float32)
    mask = cv2.GaussianBlur(body, (0, 0), max(1.0, r * 0.06))
    skin = np.array(
        rng.choice([(226, 176, 146), (204, 146, 112), (236, 192, 164), (178, 126, 96)]), np.float32
    )
    across = np.sqrt(np.clip(1 - (v / r) ** 2, 0, 1))
    shade = 0.62 + 0.38 * across - 0.06 * np.clip(u / (6 * r), 0, 1)
    colour = skin[None, None, :] * shade[..., None]
    nail = ((u > -0.75 * r) & (u < 0.9 * r) & (np.abs(v) < 0.55 * r)).astype(np.float32)
    nail = cv2.GaussianBlur(nail, (0, 0), max(1.0, r * 0.08))
    colour = (
        colour * (1 - 0.45 * nail[..., None]) + np.array([246, 214, 206], np.float32) * 0.45 * nail[..., None]
    )
    # Its shadow falls on the document a little to one side.
    shadow = cv2.GaussianBlur(body, (0, 0), r * 0.35)
    shift = np.float32([[1, 0, r * 0.25], [0, 1, r * 0.3]])
    shadow = cv2.warpAffine(shadow, shift, (w, h))
    arr = arr * (1 - 0.35 * shadow[..., None])
    out = arr * (1 - mask[..., None]) + colour * mask[..., None]
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), mask > 0.5


def _small_margin_scan(img: Image.Image, rng: random.Random, kind: str) -> Image.Image:
    return margin(img, rng, kind, fraction=(0.03, 0.06)) if rng.random() < 0.4 else tight(img, rng, kind)


def capture_framing(img: Image.Image, framing: str, rng: random.Random, kind: str) -> bytes:
    """The uploaded bytes for document ``img`` of ``kind`` (one of ``DOC_KINDS``) framed as
    ``framing`` (one of ``FRAMINGS``); the same rng state gives the same bytes."""
    if kind not in DOC_KINDS:
        raise ValueError(f"unknown document kind {kind!r}; one of {DOC_KINDS}")
    card = kind in CARD_KINDS
    if framing == "tight":
        return _encode_scan(tight(img, rng, kind), rng)
    if framing == "margin":
        return _encode_scan(margin(img, rng, kind), rng)
    if framing == "table":
        return encode(table_photo(img, rng, kind)[0], "JPEG", rng.randint(75, 90))
    if framing == "page":
        return encode(page(img, rng, kind), "JPEG", rng.randint(82, 92))
    if framing in _TRANSPOSE:
        shot = margin(img, rng, kind) if rng.random() < 0.5 else tight(img, rng, kind)
        return _encode_scan(shot.transpose(_TRANSPOSE[framing]), rng)
    if framing == "low_res":
        shot = _small_margin_scan(img, rng, kind)
        width = rng.randint(350, 450) if card else rng.randint(900, 1100)
        small = shot.resize((width, max(1, round(shot.height * width / shot.width))), Image.LANCZOS)
        return encode(small, "JPEG", rng.randint(85, 93)) if rng.random() < 0.7 else encode(small, "PNG")
    if framing == "jpeg":
        shot = _small_margin_scan(img, rng, kind)
        return encode(shot, "JPEG", rng.randint(20, 40))
    if framing == "glare":
        photo, corners = _hand_held(img, rng, kind)
        return encode(_glare(photo, corners, rng), "JPEG", rng.randint(80, 92))
    if framing == "finger":
        return finger_photo(img, rng, kind).data
    raise ValueError(f"unknown framing {framing!r}; one of {FRAMINGS}")


def _hand_held(img: Image.Image, rng: random.Random, kind: str) -> tuple[Image.Image, np.ndarray]:
    return table_photo(img, rng, kind) if rng.random() < 0.6 else _margin(img, rng, (0.08, 0.2))


@dataclass(frozen=True)
class FingerPhoto:
    data: bytes  # the upload: the photo with the finger over a corner
    finger: np.ndarray  # where the finger lies, a boolean mask of the upload's pixels
    without: bytes  # the same photo without the finger (to find where fields are printed)


def finger_photo(img: Image.Image, rng: random.Random, kind: str) -> FingerPhoto:
    """The ``finger`` framing (the same rng state gives the same bytes as ``capture_framing``),
    with where the finger lies, so an evaluation can tell a field it hides from one misread."""
    photo, corners = _hand_held(img, rng, kind)
    covered, finger = _finger(photo, corners, rng)
    quality = rng.randint(80, 92)
    return FingerPhoto(encode(covered, "JPEG", quality), finger, encode(photo, "JPEG", quality))
