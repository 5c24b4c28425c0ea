"""OCR of a flattened, upright document, line by line: each text line found by ``ocr.lines`` is
cropped, scaled to the character height the recogniser likes, read, and its glyphs are handed
back to the segments ("words") they fall in, in document coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr.engine_tesseract import Glyph, mean_conf, recognise
from ocr.lines import Line, Segment

# Tesseract's LSTM models are trained on lines ~ 30-40 px tall; much smaller text loses strokes,
# much larger only costs time.
TARGET_CHAR_PX = 40.0


@dataclass
class Word:
    segment: Segment
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def conf(self) -> float:
        return mean_conf(self.glyphs)

    @property
    def x0(self) -> int:
        return self.segment.x0

    @property
    def x1(self) -> int:
        return self.segment.x1


@dataclass
class TextLine:
    line: Line
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if w.text)

    @property
    def glyphs(self) -> list[Glyph]:
        return [g for w in self.words for g in w.glyphs]

    @property
    def y0(self) -> int:
        return self.line.y0

    @property
    def y1(self) -> int:
        return self.line.y1

    @property
    def x0(self) -> int:
        return self.line.x0


@dataclass
class Page:
    gray: np.ndarray
    ch: float
    lines: list[TextLine]
    engine: str = "tesseract"  # "rapidocr": names get a second reading by RapidOCR

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def crop(gray: np.ndarray, box: tuple[int, int, int, int], ch: float,
         pad_x: float = 0.5, pad_y: float = 0.3) -> tuple[np.ndarray, float, int, int]:  # fmt: skip
    """The box with some paper round it, scaled so characters are ~TARGET_CHAR_PX tall.
    Returns (image, scale, x offset, y offset)."""
    h, w = gray.shape
    x0, y0, x1, y1 = box
    px, py = int(pad_x * ch), int(pad_y * ch)
    x0, y0 = max(0, x0 - px), max(0, y0 - py)
    x1, y1 = min(w, x1 + px), min(h, y1 + py)
    img = gray[y0:y1, x0:x1]
    scale = TARGET_CHAR_PX / ch if ch > 0 else 1.0
    scale = min(4.0, max(0.5, scale))
    if abs(scale - 1.0) > 0.15:
        interp = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=interp)
    else:
        scale = 1.0
    return flatten_background(img), scale, x0, y0


def flatten_background(img: np.ndarray) -> np.ndarray:
    """Paper to pure white, ink kept grey-level: security printing (guilloche lines, tints) is
    faint, and the LSTM recogniser reads grey levels, so faint lines otherwise come out as 二 or
    一 between widely spaced values."""
    if img.size == 0:
        return img
    paper = float(np.percentile(img, 90))
    ink = float(np.percentile(img, 2))
    if paper - ink < 30:
        return img
    white = paper - 0.3 * (paper - ink)
    out = (img.astype(np.float32) - ink) * (255.0 / max(1.0, white - ink))
    return np.clip(out, 0, 255).astype(np.uint8)


def read_box(gray: np.ndarray, box: tuple[int, int, int, int], ch: float, *, psm: int = 7,
             whitelist: str | None = None, lang: str = "chi_sim") -> list[Glyph]:  # fmt: skip
    """Glyphs in ``box`` with boxes mapped back to ``gray``'s coordinates."""
    img, scale, ox, oy = crop(gray, box, ch)
    glyphs = recognise(img, psm=psm, whitelist=whitelist, lang=lang)
    if not glyphs and psm == 7:
        # Tesseract's line finder sometimes throws a whole line away as noise; psm 13 reads
        # the crop as one raw line without that step.
        glyphs = recognise(img, psm=13, whitelist=whitelist, lang=lang)
    out = []
    for g in glyphs:
        bx0, by0, bx1, by1 = g.box
        out.append(
            Glyph(
                g.text,
                g.conf,
                (
                    int(bx0 / scale) + ox,
                    int(by0 / scale) + oy,
                    int(bx1 / scale) + ox,
                    int(by1 / scale) + oy,
                ),
                g.word_start,
            )  # fmt: skip
        )
    return out


def assign(glyphs: list[Glyph], segments: list[Segment], ch: float) -> list[Word]:
    """Give each glyph to the segment its centre falls in (or the nearest one)."""
    words = [Word(s) for s in segments]
    for g in glyphs:
        if not g.text.strip():
            continue
        cx = (g.box[0] + g.box[2]) / 2
        best = min(
            range(len(segments)),
            key=lambda i: 0 if segments[i].x0 <= cx <= segments[i].x1
            else min(abs(cx - segments[i].x0), abs(cx - segments[i].x1)),
        )  # fmt: skip
        words[best].glyphs.append(g)
    return words


def _only_segments(gray: np.ndarray, line: Line, ch: float) -> tuple[np.ndarray, int, int]:
    """The line's neighbourhood with everything outside its own segments painted as paper, so
    that a tall stray segment's line does not read the text beside it a second time."""
    h, w = gray.shape
    pad = int(0.6 * ch)
    x0, y0 = max(0, line.x0 - pad), max(0, line.y0 - pad)
    x1, y1 = min(w, line.x1 + pad), min(h, line.y1 + pad)
    sub = gray[y0:y1, x0:x1]
    keep = np.zeros(sub.shape, bool)
    m = int(0.2 * ch)
    for s in line.segments:
        keep[max(0, s.y0 - y0 - m) : s.y1 - y0 + m, max(0, s.x0 - x0 - m) : s.x1 - x0 + m] = True
    if keep.all():
        return sub, x0, y0
    out = sub.copy()
    out[~keep] = np.uint8(np.percentile(sub, 90)) if sub.size else 255
    return out, x0, y0


def read_line(gray: np.ndarray, line: Line, ch: float) -> TextLine:
    # Titles are printed larger than the body: scale each line by its own height.
    line_ch = float(np.median([s.h for s in line.segments]))
    line_ch = line_ch if line_ch > 1.3 * ch else ch
    sub, ox, oy = _only_segments(gray, line, ch)
    box = (line.x0 - ox, line.y0 - oy, line.x1 - ox, line.y1 - oy)
    glyphs = [
        Glyph(g.text, g.conf, (g.box[0] + ox, g.box[1] + oy, g.box[2] + ox, g.box[3] + oy),
              g.word_start)
        for g in read_box(sub, box, line_ch)
    ]  # fmt: skip
    return TextLine(line, assign(glyphs, line.segments, ch))


def read_page(gray: np.ndarray, lines: list[Line], ch: float, engine: str = "tesseract") -> Page:
    return Page(gray, ch, [read_line(gray, ln, ch) for ln in lines], engine)
