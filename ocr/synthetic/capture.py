"""Simulated captures of a rendered document: scans, phone photos, small or rotated images,
and deliberately bad ones (blurred, dark, cut off, glare, photocopy, tiny) for tests."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter

CONDITIONS = ("scan", "phone", "low_res", "rotated_90", "rotated_180", "rotated_270")


def encode(img: Image.Image, fmt: str = "PNG", quality: int = 92) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(buf, "JPEG", quality=quality)
    else:
        img.save(buf, fmt)
    return buf.getvalue()


def _is_card(img: Image.Image) -> bool:
    return img.width < 1300


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
