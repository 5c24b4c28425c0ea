"""Small drawing helpers shared by the document renderers: fonts by family, spaced and justified
text, background textures, plain placeholders (emblem, portrait, seal, QR code) and the way
licences word their fields and dates.

Placeholders are deliberately plain shapes: never official art, never a face.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
import math
import random
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

Colour = tuple[int, int, int]

CARD_MM = (85.6, 54.0)  # ISO 7810 ID-1
A4_MM = (210.0, 297.0)
A3_MM = (297.0, 420.0)

# family -> (file name, face name inside a collection or None for a single-face file)
FONT_FAMILIES = {
    "noto-sans": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "noto-sans-bold": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
    "noto-sans-mono": ("NotoSansCJK-Regular.ttc", "Noto Sans Mono CJK SC"),
    "noto-serif": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "noto-serif-bold": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
    "uming": ("uming.ttc", "AR PL UMing CN"),
    "ukai": ("ukai.ttc", "AR PL UKai CN"),
    "wqy-zenhei": ("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    "wqy-zenhei-mono": ("wqy-zenhei.ttc", "WenQuanYi Zen Hei Mono"),
    "wqy-microhei": ("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    "wqy-microhei-mono": ("wqy-microhei.ttc", "WenQuanYi Micro Hei Mono"),
    "dejavu-mono": ("DejaVuSansMono.ttf", None),
    "dejavu-mono-bold": ("DejaVuSansMono-Bold.ttf", None),
    "dejavu-sans": ("DejaVuSans.ttf", None),
    "dejavu-sans-condensed": ("DejaVuSansCondensed.ttf", None),
    "dejavu-serif": ("DejaVuSerif.ttf", None),
    "dejavu-serif-condensed": ("DejaVuSerifCondensed.ttf", None),
    "liberation-mono": ("LiberationMono-Regular.ttf", None),
    "liberation-serif": ("LiberationSerif-Regular.ttf", None),
}
FONT_PACKAGES = "fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai"


@functools.lru_cache(maxsize=32)
def _font_file(family: str) -> tuple[str, int]:
    name, face = FONT_FAMILIES[family]
    found = sorted(glob.glob(f"/usr/share/fonts/**/{name}", recursive=True))
    if not found:
        raise RuntimeError(f"font {name} is needed to render synthetic documents ({FONT_PACKAGES})")
    path = found[0]
    if face is None:
        return path, 0
    for index in range(12):
        try:
            candidate = ImageFont.truetype(path, 10, index=index)
        except OSError:
            break
        if candidate.getname()[0] == face:
            return path, index
    return path, 0


@functools.lru_cache(maxsize=32)
def first_family(*families: str) -> str:
    """The first of ``families`` whose font file is installed; the last one if none is (loading it
    then says which package is missing)."""
    for family in families:
        try:
            _font_file(family)
        except RuntimeError:
            continue
        return family
    return families[-1]


@functools.lru_cache(maxsize=512)
def load_font(family: str, size: float) -> ImageFont.FreeTypeFont:
    """A font of ``family`` (a key of ``FONT_FAMILIES``) at ``size`` pixels."""
    path, index = _font_file(family)
    return ImageFont.truetype(path, max(6, round(size)), index=index)


@functools.lru_cache(maxsize=64)
def _missing_glyph_mask(family: str) -> bytes:
    fnt = load_font(family, 24)
    return _mask_bytes(fnt, "\U0010fffd")


def _mask_bytes(fnt, ch: str) -> bytes:
    mask = fnt.getmask(ch)
    return bytes(mask) + bytes(str(mask.size), "ascii")


def covers(family: str, text: str) -> bool:
    """Whether every character of ``text`` has a glyph in ``family`` (not the missing-glyph box)."""
    fnt = load_font(family, 24)
    notdef = _missing_glyph_mask(family)
    return all(ch.isspace() or _mask_bytes(fnt, ch) != notdef for ch in set(text))


def mm_scale(px_per_mm: float):
    """A function from millimetres to whole pixels."""

    def mm(v: float) -> int:
        return round(v * px_per_mm)

    return mm


# --- text ------------------------------------------------------------------------------------------


def text_width(draw: ImageDraw.ImageDraw, text: str, fnt, gap: float = 0.0) -> float:
    return sum(draw.textlength(ch, font=fnt) for ch in text) + gap * max(0, len(text) - 1)


def spaced(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    fnt,
    fill,
    gap: float = 0.0,
    stroke: int = 0,
) -> float:
    """Draw ``text`` a character at a time with ``gap`` pixels between, ``xy`` being the left end
    of the baseline; returns the end x."""
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=fnt, fill=fill, anchor="ls", stroke_width=stroke, stroke_fill=fill)
        x += draw.textlength(ch, font=fnt) + gap
    return x - gap if text else x


def justified(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fnt, fill, width: float
) -> float:
    """Spread ``text`` over ``width`` (名　　称 set to the width of 经营场所); returns the end x."""
    if len(text) < 2:
        return spaced(draw, xy, text, fnt, fill)
    gap = max(0.0, (width - text_width(draw, text, fnt)) / (len(text) - 1))
    return spaced(draw, xy, text, fnt, fill, gap)


def centred(
    draw: ImageDraw.ImageDraw, cx: float, y: float, text: str, fnt, fill, gap: float = 0.0, stroke: int = 0
) -> None:
    """``text`` centred on ``cx`` with its baseline at ``y``."""
    spaced(draw, (cx - text_width(draw, text, fnt, gap) / 2, y), text, fnt, fill, gap, stroke)


def line(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fnt, fill) -> float:
    """``text`` with the left end of its baseline at ``xy``; returns the end x."""
    draw.text(xy, text, font=fnt, fill=fill, anchor="ls")
    return xy[0] + draw.textlength(text, font=fnt)


def wrap_chars(text: str, per_line: int) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


def wrap_width(draw: ImageDraw.ImageDraw, text: str, fnt, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (Chinese breaks between any characters;
    closing punctuation is not put at the start of a line)."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and draw.textlength(line + ch, font=fnt) > width and ch not in "，。；：、）":
            lines.append(line)
            line = ch
        else:
            line += ch
    if line or not lines:
        lines.append(line)
    return lines


def darker(colour: Colour, amount: int) -> Colour:
    return tuple(max(0, min(255, c - amount)) for c in colour)  # type: ignore[return-value]


# --- backgrounds ------------------------------------------------------------------------------------


def guilloche(
    size: tuple[int, int], base: Colour, tint: Colour, rng: random.Random, pitch: float = 12.0
) -> Image.Image:
    """Interlaced wavy lines, as security printing draws them."""
    w, h = size
    img = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(img)
    amp, period = rng.uniform(4, 9), rng.uniform(25, 45)
    slope = rng.uniform(-0.25, 0.25)
    for family in range(2):
        phase = rng.random() * math.tau
        k = -h
        while k < h + abs(slope) * w + h:
            pts = [
                (x, k + slope * x + amp * math.sin(x / period + phase + family * math.pi + k / 90))
                for x in range(0, w + 16, 8)
            ]
            draw.line(pts, fill=tint, width=1)
            k += pitch
    return img


def dot_screen(
    size: tuple[int, int], base: Colour, tint: Colour, rng: random.Random, pitch: float = 7.0
) -> Image.Image:
    """A halftone dot screen whose dot size swells and shrinks over the sheet."""
    w, h = size
    img = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(img)
    fx, fy = rng.uniform(0.004, 0.012), rng.uniform(0.004, 0.012)
    phase = rng.random() * math.tau
    y, row = 0.0, 0
    while y < h + pitch:
        x = (pitch / 2) * (row % 2)
        while x < w + pitch:
            r = pitch * (0.12 + 0.16 * (1 + math.sin(x * fx + y * fy + phase)))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tint)
            x += pitch
        y += pitch * 0.866
        row += 1
    return img


def gradient(
    size: tuple[int, int], start: Colour, end: Colour, rng: random.Random, grain: float = 2.0
) -> Image.Image:
    """A smooth diagonal blend with a little paper grain."""
    w, h = size
    angle = rng.uniform(0, math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = xx * math.cos(angle) / w + yy * math.sin(angle) / h
    t = (t - t.min()) / max(1e-6, float(t.max() - t.min()))
    a, b = np.array(start, np.float32), np.array(end, np.float32)
    arr = a[None, None, :] * (1 - t[..., None]) + b[None, None, :] * t[..., None]
    arr += np.random.default_rng(rng.randrange(2**32)).normal(0, grain, (h, w, 1))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def radial_gradient(
    size: tuple[int, int], inner: Colour, outer: Colour, rng: random.Random, grain: float = 1.5
) -> Image.Image:
    """A soft blend from ``inner`` at an off-centre point to ``outer`` at the far corners."""
    w, h = size
    cx, cy = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot(xx / w - cx, (yy / h - cy) * h / w)
    t = (r / max(1e-6, float(r.max()))) ** rng.uniform(0.8, 1.4)
    a, b = np.array(inner, np.float32), np.array(outer, np.float32)
    arr = a[None, None, :] * (1 - t[..., None]) + b[None, None, :] * t[..., None]
    arr += np.random.default_rng(rng.randrange(2**32)).normal(0, grain, (h, w, 1))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def wavy_rings(
    draw: ImageDraw.ImageDraw,
    size: tuple[int, int],
    colour: Colour,
    rng: random.Random,
    pitch: float = 10.0,
) -> None:
    """Fine concentric rings whose radius ripples around the circle, centred somewhere on the
    sheet: another security-printing background."""
    w, h = size
    cx, cy = w * rng.uniform(0.2, 0.8), h * rng.uniform(0.2, 0.8)
    lobes, depth = rng.choice((9, 11, 13, 15)), pitch * rng.uniform(0.6, 1.2)
    twist = rng.uniform(0.002, 0.01)
    r_max = math.hypot(max(cx, w - cx), max(cy, h - cy)) + pitch
    r = pitch
    while r < r_max:
        steps = max(48, int(r * math.tau / 4))
        pts = []
        for i in range(steps + 1):
            t = i * math.tau / steps
            rr = r + depth * math.sin(lobes * t + r * twist)
            pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
        draw.line(pts, fill=colour, width=1)
        r += pitch


def rosette(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float, colour: Colour, petals: int = 12
) -> None:
    """A faint spirograph rosette, a common background motif on cards and certificates."""
    cx, cy = centre
    for k in range(petals):
        a = k * math.pi / petals
        pts = []
        for i in range(73):
            t = i * math.tau / 72
            rr = r * (0.55 + 0.45 * math.cos(3 * t))
            pts.append((cx + rr * math.cos(t + a), cy + rr * math.sin(t + a) * 0.9))
        draw.line(pts, fill=colour, width=1)


# --- placeholders -----------------------------------------------------------------------------------


def star(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], r_outer: float, fill, ratio: float = 0.4
) -> None:
    cx, cy = centre
    pts = []
    for k in range(10):
        rad = r_outer * (1.0 if k % 2 == 0 else ratio)
        ang = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    draw.polygon(pts, fill=fill)


def emblem_rings(draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float, colour: Colour) -> None:
    """Two rings and a star."""
    cx, cy = centre
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=max(2, int(r / 9)))
    draw.ellipse((cx - r * 0.78, cy - r * 0.78, cx + r * 0.78, cy + r * 0.78), outline=colour, width=1)
    star(draw, centre, r * 0.45, colour)


def emblem_sunburst(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float, colour: Colour, fill: Colour
) -> None:
    """A disc with rays and a ring of small stars: a neutral round badge."""
    cx, cy = centre
    for k in range(36):
        a = k * math.tau / 36
        draw.line(
            (
                cx + r * 0.55 * math.cos(a),
                cy + r * 0.55 * math.sin(a),
                cx + r * 0.95 * math.cos(a),
                cy + r * 0.95 * math.sin(a),
            ),
            fill=colour,
            width=1,
        )
    draw.ellipse(
        (cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55),
        fill=fill,
        outline=colour,
        width=max(1, int(r / 14)),
    )
    star(draw, centre, r * 0.3, colour)
    for k in range(4):
        a = -math.pi / 2 + (k - 1.5) * 0.35
        star(
            draw,
            (cx + r * 0.42 * math.cos(a) * 0.9, cy - r * 0.05 + r * 0.42 * math.sin(a) * 0.9),
            r * 0.08,
            colour,
        )
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=max(1, int(r / 16)))


def emblem_shield(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float, colour: Colour, fill: Colour
) -> None:
    """A shield outline with a star and two bars: plainly not any real emblem."""
    cx, cy = centre
    pts = [
        (cx - r * 0.8, cy - r * 0.85),
        (cx + r * 0.8, cy - r * 0.85),
        (cx + r * 0.8, cy + r * 0.1),
        (cx, cy + r),
        (cx - r * 0.8, cy + r * 0.1),
    ]
    draw.polygon(pts, fill=fill, outline=colour)
    draw.line(pts + [pts[0]], fill=colour, width=max(2, int(r / 10)))
    star(draw, (cx, cy - r * 0.25), r * 0.38, colour)
    for k in range(2):
        y = cy + r * (0.25 + 0.17 * k)
        half = r * (0.55 - 0.18 * k)
        draw.line((cx - half, y, cx + half, y), fill=colour, width=max(1, int(r / 12)))


def emblem_scalloped(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float, colour: Colour, fill: Colour
) -> None:
    """A disc with a scalloped rim, a ring of dots and a star: a neutral round badge."""
    cx, cy = centre
    rim = [
        (
            cx + r * (0.93 + 0.07 * math.cos(16 * t)) * math.cos(t),
            cy + r * (0.93 + 0.07 * math.cos(16 * t)) * math.sin(t),
        )
        for t in (k * math.tau / 192 for k in range(192))
    ]
    draw.polygon(rim, fill=fill)
    draw.line(rim + [rim[0]], fill=colour, width=max(2, int(r / 12)))
    inner = r * 0.66
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=colour, width=max(1, int(r / 18)))
    for k in range(20):
        a = k * math.tau / 20
        x, y, dot = cx + r * 0.78 * math.cos(a), cy + r * 0.78 * math.sin(a), max(1.0, r * 0.04)
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=colour)
    star(draw, centre, r * 0.44, colour, ratio=0.45)


def portrait_silhouette(size: tuple[int, int], rng: random.Random, back: Colour, body: Colour) -> Image.Image:
    """A flat grey head-and-shoulders silhouette, never a face."""
    w, h = size
    tile = Image.new("RGB", size, back)
    d = ImageDraw.Draw(tile)
    head_r = w * rng.uniform(0.17, 0.22)
    top = h * rng.uniform(0.14, 0.22)
    d.ellipse((w / 2 - head_r, top, w / 2 + head_r, top + 2.5 * head_r), fill=body)
    d.ellipse((w * 0.08, top + 2.35 * head_r + h * 0.04, w * 0.92, h * 1.45), fill=body)
    return tile


def portrait_outline(size: tuple[int, int], rng: random.Random, back: Colour, line: Colour) -> Image.Image:
    """A pale panel with an outline of a head and shoulders, like a form's photo box."""
    w, h = size
    tile = gradient(size, back, darker(back, 18), rng, grain=1.0)
    d = ImageDraw.Draw(tile)
    width = max(2, w // 60)
    head_w, head_h = w * 0.36, h * 0.36
    top = h * 0.16
    d.ellipse((w / 2 - head_w / 2, top, w / 2 + head_w / 2, top + head_h), outline=line, width=width)
    d.arc((w * 0.06, top + head_h + h * 0.04, w * 0.94, h * 1.5), 180, 360, fill=line, width=width)
    return tile


def portrait_blocks(size: tuple[int, int], rng: random.Random, back: Colour, body: Colour) -> Image.Image:
    """A rounded square over a trapezoid: an abstract person icon."""
    w, h = size
    tile = Image.new("RGB", size, back)
    d = ImageDraw.Draw(tile)
    s = w * rng.uniform(0.34, 0.4)
    top = h * 0.17
    d.rounded_rectangle((w / 2 - s / 2, top, w / 2 + s / 2, top + s * 1.15), radius=s * 0.3, fill=body)
    y = top + s * 1.15 + h * 0.05
    d.polygon([(w * 0.25, y), (w * 0.75, y), (w * 0.95, h), (w * 0.05, h)], fill=body)
    return tile


def portrait_stipple(size: tuple[int, int], rng: random.Random, back: Colour, dot: Colour) -> Image.Image:
    """A head-and-shoulders shape filled with a grid of dots on a pale panel, never a face."""
    w, h = size
    mask = Image.new("L", size, 0)
    md = ImageDraw.Draw(mask)
    head = w * rng.uniform(0.36, 0.42)
    top = h * rng.uniform(0.12, 0.18)
    md.ellipse((w / 2 - head / 2, top, w / 2 + head / 2, top + head * 1.22), fill=255)
    neck = top + head * 1.22 - h * 0.02
    md.rectangle((w / 2 - head * 0.2, neck - h * 0.04, w / 2 + head * 0.2, neck + h * 0.06), fill=255)
    md.chord((w * 0.04, neck + h * 0.03, w * 0.96, neck + h * 0.03 + h * 0.8), 180, 360, fill=255)
    md.rectangle((w * 0.04, neck + h * 0.03 + h * 0.4, w * 0.96, h), fill=255)
    dots = Image.new("RGB", size, back)
    dd = ImageDraw.Draw(dots)
    step = max(3.0, w / 34)
    rad = step * 0.34
    y, row = step / 2, 0
    while y < h:
        x = step / 2 + (step / 2) * (row % 2)
        while x < w:
            dd.ellipse((x - rad, y - rad, x + rad, y + rad), fill=dot)
            x += step
        y += step * 0.87
        row += 1
    tile = Image.new("RGB", size, back)
    tile.paste(dots, (0, 0), mask)
    return tile


def qr_placeholder(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    rng: random.Random,
    ink: Colour = (20, 20, 20),
) -> None:
    """A 25×25 module pattern with three finder squares: looks like a QR code, encodes nothing."""
    x0, y0, x1, _ = box
    n = 25
    cell = (x1 - x0) / n

    def finder(i: int, j: int) -> bool | None:
        for fi, fj in ((0, 0), (0, n - 7), (n - 7, 0)):
            if fi <= i < fi + 7 and fj <= j < fj + 7:
                di, dj = i - fi, j - fj
                return di in (0, 6) or dj in (0, 6) or (2 <= di <= 4 and 2 <= dj <= 4)
            if fi - 1 <= i <= fi + 7 and fj - 1 <= j <= fj + 7:
                return False
        return None

    for i in range(n):
        for j in range(n):
            on = finder(i, j)
            if on is None:
                on = rng.random() < 0.48
            if on:
                draw.rectangle(
                    (x0 + j * cell, y0 + i * cell, x0 + (j + 1) * cell - 1, y0 + (i + 1) * cell - 1), fill=ink
                )


def seal(
    img: Image.Image,
    centre: tuple[float, float],
    r: float,
    rng: random.Random,
    *,
    colour: Colour = (214, 36, 36),
    opacity: float = 0.6,
    arc_text: str = "",
    fnt=None,
) -> None:
    """A red round seal stamped over ``img``: ring, star, optionally the text along the top arc,
    semi-transparent and a little uneven, as ink stamps are."""
    size = int(r * 2 + 8)
    layer = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(layer)
    c = size / 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=max(2, int(r / 14)))
    star(d, (c, c), r * 0.3, 255)
    if arc_text and fnt is not None:
        _arc_text(layer, (c, c), r * 0.8, arc_text, fnt)
    # Uneven ink: a smooth random field thins the stamp in places.
    gen = np.random.default_rng(rng.randrange(2**32))
    field = gen.uniform(0.55, 1.0, (6, 6)).astype(np.float32)
    field = np.asarray(Image.fromarray((field * 255).astype(np.uint8)).resize((size, size), Image.BICUBIC))
    alpha = np.asarray(layer).astype(np.float32) * field / 255.0 * opacity
    mask = Image.fromarray(np.clip(alpha, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    stamp = Image.new("RGB", (size, size), colour)
    angle = rng.uniform(-12, 12)
    mask = mask.rotate(angle, resample=Image.BICUBIC)
    img.paste(stamp, (round(centre[0] - c), round(centre[1] - c)), mask)


def _arc_text(layer: Image.Image, centre: tuple[float, float], radius: float, text: str, fnt) -> None:
    """Characters set upright along the top of a circle, from about 8 o'clock to 4 o'clock."""
    cx, cy = centre
    span = min(math.radians(250), math.radians(22) * len(text))
    for k, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(text)
        side = int(fnt.size * 1.4)
        tile = Image.new("L", (side, side), 0)
        ImageDraw.Draw(tile).text((side / 2, side / 2), ch, font=fnt, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
        layer.paste(255, (round(x - side / 2), round(y - side / 2)), tile)


# --- what the documents print -------------------------------------------------------------------------


def card_date_parts(d: dt.date) -> tuple[str, str, str]:
    """The card prints the birth date without leading zeros: 1985 年 3 月 2 日."""
    return str(d.year), str(d.month), str(d.day)


def validity_text(p: SyntheticPerson, gap: str = "") -> str:
    """有效期限 as printed: 2016.05.20-2036.05.20 or 2016.05.20-长期 (``gap`` around the hyphen)."""
    until = "长期" if p.valid_until is None else f"{p.valid_until:%Y.%m.%d}"
    return f"{p.valid_from:%Y.%m.%d}{gap}-{gap}{until}"


def licence_date(d: dt.date, zero_pad: bool = True) -> str:
    """2019年08月05日, or 2019年8月5日 on licences printed without leading zeros."""
    if zero_pad:
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    return f"{d.year}年{d.month}月{d.day}日"


def licence_fields(
    b: SyntheticBusiness, *, zero_pad: bool = True, premises: str = "经营场所"
) -> list[tuple[str, str]]:
    """The labelled fields of a licence, by entity type, in printed order (经营范围 apart)."""
    if b.kind == "sole-proprietorship":
        rows = [("名称", b.name), ("类型", b.type), ("投资人", b.operator)]
        if b.capital:
            rows.append(("出资额", b.capital))
        rows += [("成立日期", licence_date(b.established_on, zero_pad)), ("住所", b.address)]
        return rows
    return [
        ("名称", b.name),
        ("类型", b.type),
        ("经营者", b.operator),
        ("组成形式", b.form or "个人经营"),
        ("注册日期", licence_date(b.established_on, zero_pad)),
        (premises, b.address),
    ]


def label_text(label: str, style: str, colon: bool) -> str:
    """The label as a string: "fullwidth" pads two-character labels with two ideographic spaces
    (名　　称, four characters wide like 经营场所); other styles print the characters as they are
    (``field_rows`` spreads "justify" labels, and three-character "fullwidth" ones, when drawing)."""
    if style == "fullwidth" and len(label) == 2:
        label = label[0] + "\u3000\u3000" + label[1]
    return label + ("：" if colon else "")


PUBLICITY_URL = "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn"
ANNUAL_REPORT = "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。"
SUPERVISED = "国家市场监督管理总局监制"
QR_CAPTION = ("扫描二维码登录“国家企业", "信用信息公示系统”了解更", "多登记、备案、许可、监", "管信息。")


def paste_tile(img: Image.Image, tile: Image.Image, xy: tuple[float, float], radius: float = 0) -> None:
    if radius <= 0:
        img.paste(tile, (round(xy[0]), round(xy[1])))
        return
    mask = Image.new("L", tile.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, tile.width - 1, tile.height - 1), radius=radius, fill=255)
    img.paste(tile, (round(xy[0]), round(xy[1])), mask)


def jitter(rng: random.Random, amount: float) -> float:
    return rng.uniform(-amount, amount)


def ink_variants(rng: random.Random, inks: Sequence[Colour]) -> Colour:
    """One of ``inks`` a few levels lighter or darker: no two print runs are quite alike."""
    base = rng.choice(list(inks))
    shift = rng.randint(-8, 8)
    return tuple(max(0, min(255, c + shift)) for c in base)  # type: ignore[return-value]


def fit_font(family: str, size: float, text: str, max_width: float, gap: float = 0.0, floor: float = 0.6):
    """``family`` at ``size``, made smaller (down to ``floor`` of it) until ``text`` fits
    ``max_width``: long names and addresses are set smaller, as on real documents."""
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    s = size
    while s > size * floor:
        fnt = load_font(family, s)
        if text_width(probe, text, fnt, gap) <= max_width:
            return fnt
        s *= 0.95
    return load_font(family, size * floor)


def fit_paragraph(
    draw: ImageDraw.ImageDraw,
    text: str,
    family: str,
    size: float,
    width: float,
    max_height: float,
    pitch: float = 1.45,
    floor: float = 0.55,
):
    """(font, lines, line pitch in px) of ``text`` wrapped to ``width`` at the largest size (down
    to ``floor`` of ``size``) whose lines fit ``max_height``."""
    s = size
    while True:
        fnt = load_font(family, s)
        lines = wrap_width(draw, text, fnt, width)
        step = s * pitch
        if len(lines) * step <= max_height or s <= size * floor:
            return fnt, lines, step
        s *= 0.94


def emblem_octagon(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float, colour: Colour, fill: Colour
) -> None:
    """Two nested octagons, a star and a band: another neutral badge shape."""
    cx, cy = centre

    def octagon(rr: float) -> list[tuple[float, float]]:
        return [
            (
                cx + rr * math.cos(math.pi / 8 + k * math.pi / 4),
                cy + rr * math.sin(math.pi / 8 + k * math.pi / 4),
            )
            for k in range(8)
        ]

    draw.polygon(octagon(r), fill=fill, outline=colour)
    draw.line(octagon(r) + [octagon(r)[0]], fill=colour, width=max(2, int(r / 11)))
    draw.line(octagon(r * 0.8) + [octagon(r * 0.8)[0]], fill=colour, width=1)
    star(draw, (cx, cy - r * 0.1), r * 0.42, colour)
    draw.rectangle((cx - r * 0.5, cy + r * 0.42, cx + r * 0.5, cy + r * 0.52), fill=colour)


def portrait_hatched(size: tuple[int, int], rng: random.Random, back: Colour, line: Colour) -> Image.Image:
    """A hatched oval and hatched shoulders on a pale panel: a drawn placeholder, never a face."""
    w, h = size
    tile = Image.new("RGB", size, back)
    mask = Image.new("L", size, 0)
    md = ImageDraw.Draw(mask)
    head_w = w * rng.uniform(0.34, 0.4)
    top = h * 0.15
    md.ellipse((w / 2 - head_w / 2, top, w / 2 + head_w / 2, top + head_w * 1.3), fill=255)
    md.ellipse((w * 0.1, top + head_w * 1.3 + h * 0.05, w * 0.9, h * 1.4), fill=255)
    hatch = Image.new("RGB", size, back)
    hd = ImageDraw.Draw(hatch)
    step = max(4, w // 40)
    for k in range(-h, w + h, step):
        hd.line((k, 0, k + h, h), fill=line, width=max(1, step // 3))
    tile.paste(hatch, (0, 0), mask)
    return tile


def field_rows(
    draw: ImageDraw.ImageDraw,
    rows: Sequence[tuple[str, str]],
    *,
    x_label: float,
    x_value: float,
    y: float,
    value_width: float,
    label_font,
    value_font,
    label_fill,
    value_fill,
    label_width: float,
    label_style: str,
    colon: bool,
    pitch: float,
    row_gap: float,
) -> float:
    """Labelled rows one under another, ``y`` the first baseline; long values wrap under
    themselves. Returns the baseline after the last row. ``label_style``: justify (spread over
    ``label_width``), compact, fullwidth (名　　称)."""
    for label, value in rows:
        if label_style == "justify" or (label_style == "fullwidth" and len(label) == 3):
            width = label_width or text_width(draw, "经营场所", label_font)
            end = justified(draw, (x_label, y), label, label_font, label_fill, width)
            if colon:
                line(draw, (end, y), "：", label_font, label_fill)
        else:
            line(draw, (x_label, y), label_text(label, label_style, colon), label_font, label_fill)
        lines = wrap_width(draw, value, value_font, value_width)
        for i, text in enumerate(lines):
            line(draw, (x_value, y + i * pitch), text, value_font, value_fill)
        y += pitch * len(lines) + row_gap
    return y


def rows_height(
    draw: ImageDraw.ImageDraw,
    rows: Sequence[tuple[str, str]],
    value_font,
    value_width: float,
    pitch: float,
    row_gap: float,
) -> float:
    """The height ``field_rows`` would take."""
    n = sum(len(wrap_width(draw, value, value_font, value_width)) for _, value in rows)
    return n * pitch + len(rows) * row_gap
