"""Text lines found on an upright page, read by one recogniser ("voice"), with every character's
confidence and position in the page's deskewed frame (u along the lines, v down the page).

Two voices read a line: PP-OCR's recogniser and Tesseract (``chi_sim``, through tesserocr).
Which reads what is the reader's choice (``ocr.read``); both give the same ``TextBox``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ocr import ppocr
from ocr.engine_tesseract import recognise as tesseract_recognise

VOICES = ("ppocr", "tesseract")
# Tesseract's LSTM models read lines ~30-40 px tall best.
TESSERACT_LINE_PX = 52


@dataclass(frozen=True)
class Char:
    text: str
    conf: float
    u0: float
    u1: float
    alternatives: tuple[tuple[str, float], ...] = ()  # PP-OCR's likeliest readings, best first


@dataclass
class TextBox:
    quad: np.ndarray  # 4×2, page pixels, clockwise from top-left
    chars: list[Char]
    u0: float
    v0: float
    u1: float
    v1: float
    ua: float = 0.0  # where the quad's top edge starts and ends along u
    ub: float = 0.0
    voice: str = "ppocr"

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def height(self) -> float:
        return self.v1 - self.v0

    @property
    def vc(self) -> float:
        return (self.v0 + self.v1) / 2


@dataclass(frozen=True)
class Frame:
    """Rotation by the page's skew: text lines run along u."""

    angle: float  # radians

    def uv(self, pts: np.ndarray) -> np.ndarray:
        c, s = math.cos(self.angle), math.sin(self.angle)
        pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
        return np.stack([pts[:, 0] * c + pts[:, 1] * s, -pts[:, 0] * s + pts[:, 1] * c], axis=1)


def skew(quads: list[np.ndarray]) -> Frame:
    """The median slope of the longer lines' top edges."""
    angles, weights = [], []
    for q in quads:
        dx, dy = q[1] - q[0]
        length = math.hypot(dx, dy)
        height = float(np.linalg.norm(q[3] - q[0]))
        if length > 2.5 * height:
            angles.append(math.atan2(dy, dx))
            weights.append(length)
    if not angles:
        return Frame(0.0)
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return Frame(float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)]))


def _box(quad: np.ndarray, chars_in_crop: list[tuple], crop_w: float,
         frame: Frame, voice: str) -> TextBox:  # fmt: skip
    uv = frame.uv(quad)
    u0, v0 = uv.min(axis=0)
    u1, v1 = uv.max(axis=0)
    top = frame.uv(np.stack([quad[0], quad[1]]))
    ua, ub = float(top[0, 0]), float(top[1, 0])
    span = (ub - ua) / max(1.0, crop_w)
    chars = []
    for item in chars_in_crop:  # (text, confidence, x0, x1[, alternatives])
        text, conf, x0, x1 = item[:4]
        alternatives = item[4] if len(item) > 4 else ()
        chars.append(Char(text, conf, ua + x0 * span, ua + x1 * span, alternatives))
    return TextBox(quad, chars, float(u0), float(v0), float(u1), float(v1), ua, ub, voice)


# A box this short for its height holds a character or two, and the detector draws such a box
# tighter than the print (a lone 7 carried over from an address, cut to two thirds of its height,
# read at 0.24 and dropped as a speck). Read that unsurely, it is read again with this much of
# its height of paper on every side, and the surer reading kept.
SHORT_BOX = 2.5
UNSURE = 0.6
SHORT_PAD = 0.5


def read_ppocr(page: np.ndarray, quad: np.ndarray, frame: Frame) -> TextBox:
    crop = ppocr.crop_quad(page, quad)
    got = recognise_crop(crop, "ppocr") if crop.size else []
    length, height = float(np.linalg.norm(quad[1] - quad[0])), float(np.linalg.norm(quad[3] - quad[0]))
    if crop.size and length < SHORT_BOX * height and _mean_conf(got) < UNSURE:
        grown = _read_grown(page, quad, crop.shape[1], height)
        if _mean_conf(grown) > _mean_conf(got):
            got = grown
    return _box(quad, got, crop.shape[1] if crop.size else 1, frame, "ppocr")


def _read_grown(page: np.ndarray, quad: np.ndarray, crop_w: int, height: float) -> list[tuple]:
    """PP-OCR's reading of ``quad`` (``height`` high) grown by ``SHORT_PAD`` of its height on
    every side, with x positions in the pixels of the quad's own crop (``crop_w`` wide)."""
    crop = ppocr.crop_quad(page, quad, pad=SHORT_PAD)
    if crop.size == 0:
        return []
    before = SHORT_PAD * height
    stretch = (crop_w + 2 * before) / crop.shape[1]
    # The paper added reads as spaces at the ends, which are no part of the line.
    got = recognise_crop(crop, "ppocr")
    while got and not got[0][0].strip():
        got = got[1:]
    while got and not got[-1][0].strip():
        got = got[:-1]
    return [(t, c, x0 * stretch - before, x1 * stretch - before, alt) for t, c, x0, x1, alt in got]


def _mean_conf(chars: list[tuple]) -> float:
    kept = [c[1] for c in chars if c[0].strip()]
    return sum(kept) / len(kept) if kept else 0.0


def recognise_crop(crop: np.ndarray, voice: str, whitelist: str | None = None, lang: str = "chi_sim",
                   line_px: float = TESSERACT_LINE_PX, psm: int = 7, binary: bool = False,
                   eager: bool = False) -> list[tuple[str, float, float, float, tuple]]:  # fmt: skip
    """A one-line crop read by ``voice``: (text, confidence, x0, x1, alternatives) per character
    (the Tesseract options apply to Tesseract only; it gives no alternatives; ``eager``, to
    PP-OCR only: see ``ppocr.recognise``)."""
    if voice == "ppocr":
        return [(c.text, c.conf, c.x0, c.x1, c.alternatives) for c in ppocr.recognise(crop, eager=eager)]
    return [(*g, ()) for g in tesseract_chars(crop, whitelist, lang, line_px, psm, binary)]


def tesseract_chars(crop: np.ndarray, whitelist: str | None = None, lang: str = "chi_sim",
                    line_px: float = TESSERACT_LINE_PX, psm: int = 7, binary: bool = False,
                    ) -> list[tuple[str, float, float, float]]:  # fmt: skip
    """Tesseract's reading of a one-line crop as (text, confidence, x0, x1) in the crop."""
    if crop.size == 0:
        return []
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
    scale = line_px / max(1, gray.shape[0])
    if abs(scale - 1) > 0.1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale,
                          interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)  # fmt: skip
    else:
        scale = 1.0
    if binary:
        _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    pad = gray.shape[0] // 3
    paper = int(np.percentile(gray, 90))
    gray = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper)
    glyphs = tesseract_recognise(gray, psm=psm, whitelist=whitelist, lang=lang)
    return [(g.text, g.conf, (g.box[0] - pad) / scale, (g.box[2] - pad) / scale)
            for g in glyphs if g.text.strip()]  # fmt: skip


def read_tesseract(page: np.ndarray, quad: np.ndarray, frame: Frame) -> TextBox:
    crop = ppocr.crop_quad(page, quad)
    return _box(quad, tesseract_chars(crop), crop.shape[1] if crop.size else 1, frame, "tesseract")


def read_boxes(page: np.ndarray, quads: list[np.ndarray], voice: str = "ppocr", frame: Frame | None = None
               ) -> list[TextBox]:  # fmt: skip
    """Every quad read by ``voice``, in the page's deskewed frame (by default, the quads')."""
    frame = frame or skew(quads)
    read = read_ppocr if voice == "ppocr" else read_tesseract
    return [read(page, q, frame) for q in quads]


def sub_quad(box: TextBox, u_from: float, u_to: float, beyond: float = 0.2) -> np.ndarray:
    """The part of ``box``'s quad between two positions along the line, going on past its end
    by up to ``beyond`` of its length."""
    q = box.quad
    span = max(1e-6, box.ub - box.ua)
    # A little beyond the quad is allowed: the detector's box can clip a line's last stroke.
    t0 = min(1.0, max(-0.2, (u_from - box.ua) / span))
    t1 = min(1.0 + beyond, max(t0, (u_to - box.ua) / span))
    return np.float32([q[0] + t0 * (q[1] - q[0]), q[0] + t1 * (q[1] - q[0]),
                       q[3] + t1 * (q[2] - q[3]), q[3] + t0 * (q[2] - q[3])])  # fmt: skip


def read_region(page: np.ndarray, box: TextBox, u_from: float, u_to: float, voice: str, *,
                whitelist: str | None = None, lang: str = "chi_sim", grow: float = 0.25,
                line_px: float = TESSERACT_LINE_PX, psm: int = 7, binary: bool = False,
                eager: bool = False) -> list[Char]:  # fmt: skip
    """The stretch ``u_from``..``u_to`` of ``box`` read again by ``voice`` (Tesseract with an
    optional character set), with ``grow`` line heights of paper either side."""
    h = box.height
    quad = sub_quad(box, u_from - grow * h, u_to + grow * h)
    crop = ppocr.crop_quad(page, quad)
    if crop.size == 0:
        return []
    got = recognise_crop(crop, voice, whitelist, lang, line_px, psm, binary, eager)
    start = min(max(u_from - grow * h, box.ua), box.ub)
    # The frame is a rotation: lengths along the line are the same in the crop and the frame.
    span = float(np.linalg.norm(quad[1] - quad[0])) / max(1, crop.shape[1])
    return [Char(t, c, start + x0 * span, start + x1 * span, alt) for t, c, x0, x1, alt in got]
