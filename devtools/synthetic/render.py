"""Renderers for synthetic ID cards and business licences in the usual layouts.

Sizes follow the real documents: the card is ISO 7810 ID-1 (85.6 × 54 mm), the licence an A4
landscape sheet. Emblems, seals and portraits are plain drawn placeholders, never official art.
"""

from __future__ import annotations

import functools
import glob
import math
import random
import subprocess

from PIL import Image, ImageDraw, ImageFont

from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

CARD_MM = (85.6, 54.0)
CARD_PX_PER_MM = 12.0  # ≈ 300 dpi
LICENCE_MM = (297.0, 210.0)
LICENCE_PX_PER_MM = 6.0  # ≈ 150 dpi

LABEL_BLUE = (30, 110, 175)
INK = (22, 22, 26)
RED = (205, 40, 40)

_FONT_FILES = {
    ("sans", "regular"): "NotoSansCJK-Regular.ttc",
    ("sans", "bold"): "NotoSansCJK-Bold.ttc",
    ("serif", "regular"): "NotoSerifCJK-Regular.ttc",
    ("serif", "bold"): "NotoSerifCJK-Bold.ttc",
}


@functools.lru_cache(maxsize=8)
def _font_path(style: str, weight: str) -> str:
    name = _FONT_FILES[(style, weight)]
    found = glob.glob(f"/usr/share/fonts/**/{name}", recursive=True)
    if found:
        return found[0]
    try:  # another layout of the Noto CJK fonts
        family = "Noto Sans CJK SC" if style == "sans" else "Noto Serif CJK SC"
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{family}:{weight}"], capture_output=True, text=True
        )
        if out.stdout:
            return out.stdout
    except OSError:
        pass
    raise RuntimeError("Noto CJK fonts are needed to render synthetic documents (fonts-noto-cjk)")


@functools.lru_cache(maxsize=64)
def font(size: int, style: str = "sans", weight: str = "regular") -> ImageFont.FreeTypeFont:
    path = _font_path(style, weight)
    for index in range(10):  # pick the simplified-Chinese face of the collection
        try:
            face = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if face.getname()[0].endswith("CJK SC"):
            return face
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=8)
def mono_font(size: int) -> ImageFont.FreeTypeFont:
    # The card prints the number in OCR-B; DejaVu Sans Mono is the closest free look-alike.
    found = glob.glob("/usr/share/fonts/**/DejaVuSansMono.ttf", recursive=True)
    if found:
        return ImageFont.truetype(found[0], size)
    return font(size)


def _spaced(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fnt, fill, gap: float):
    """Draw characters with extra letter spacing (labels and titles are printed spaced out)."""
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=fnt, fill=fill)
        x += draw.textlength(ch, font=fnt) + gap
    return x


def _background(size: tuple[int, int], base: tuple[int, int, int], seed: int) -> Image.Image:
    """A light tinted sheet with faint guilloche lines, like security printing."""
    w, h = size
    img = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(img)
    rng = random.Random(seed)
    for k in range(0, h + w, 14):
        pts = []
        phase = rng.random() * 6.28
        for x in range(0, w + 20, 20):
            y = k - x * 0.35 + 6 * math.sin(x / 37.0 + phase)
            pts.append((x, y))
        tint = tuple(max(0, c - 14) for c in base)
        draw.line(pts, fill=tint, width=1)
    return img


# --- ID card ------------------------------------------------------------------------------


def _mm(v: float) -> int:
    return round(v * CARD_PX_PER_MM)


def _card_canvas(base: tuple[int, int, int], seed: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    size = (_mm(CARD_MM[0]), _mm(CARD_MM[1]))
    img = _background(size, base, seed)
    return img, ImageDraw.Draw(img)


def _portrait(img: Image.Image, box: tuple[int, int, int, int], seed: int) -> None:
    """A grey silhouette: obviously a placeholder, never a face."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    rng = random.Random(seed)
    shade = 200 + rng.randint(-15, 15)
    tile = Image.new("RGB", (w, h), (shade, shade + 4, shade + 10))
    tdraw = ImageDraw.Draw(tile)
    head_r = w * 0.2
    tdraw.ellipse((w / 2 - head_r, h * 0.18, w / 2 + head_r, h * 0.18 + 2.5 * head_r),
                  fill=(120, 120, 128))  # fmt: skip
    tdraw.ellipse((w * 0.1, h * 0.72, w * 0.9, h * 1.35), fill=(120, 120, 128))
    img.paste(tile, (x0, y0))  # the tile clips the shoulders to the photo frame


def _wrap(text: str, per_line: int) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


def render_id_card_front(p: SyntheticPerson) -> Image.Image:
    seed = int(p.id_number[:17]) % 100_000
    img, draw = _card_canvas((236, 242, 246), seed)
    label = font(_mm(2.6))
    value = font(_mm(3.0))
    name_font = font(_mm(3.5))
    x_label, x_value = _mm(6.5), _mm(16.0)
    _spaced(draw, (x_label, _mm(6.5)), "姓名", label, LABEL_BLUE, _mm(1.0))
    draw.text((x_value, _mm(6.0)), p.name, font=name_font, fill=INK)
    _spaced(draw, (x_label, _mm(13.5)), "性别", label, LABEL_BLUE, _mm(1.0))
    draw.text((x_value, _mm(13.2)), p.sex, font=value, fill=INK)
    _spaced(draw, (_mm(27.0), _mm(13.5)), "民族", label, LABEL_BLUE, _mm(1.0))
    draw.text((_mm(36.5), _mm(13.2)), p.ethnicity, font=value, fill=INK)
    y = _mm(20.5)
    _spaced(draw, (x_label, y), "出生", label, LABEL_BLUE, _mm(1.0))
    b = p.birth_date
    draw.text((x_value, y - _mm(0.3)), f"{b.year}", font=value, fill=INK)
    draw.text((_mm(26.5), y), "年", font=label, fill=LABEL_BLUE)
    draw.text((_mm(31.0), y - _mm(0.3)), f"{b.month}", font=value, fill=INK)
    draw.text((_mm(35.5), y), "月", font=label, fill=LABEL_BLUE)
    draw.text((_mm(40.0), y - _mm(0.3)), f"{b.day}", font=value, fill=INK)
    draw.text((_mm(44.5), y), "日", font=label, fill=LABEL_BLUE)
    y = _mm(27.5)
    _spaced(draw, (x_label, y), "住址", label, LABEL_BLUE, _mm(1.0))
    for i, line in enumerate(_wrap(p.address, 11)[:3]):
        draw.text((x_value, y - _mm(0.3) + i * _mm(4.8)), line, font=value, fill=INK)
    _spaced(draw, (x_label, _mm(44.5)), "公民身份号码", label, LABEL_BLUE, _mm(0.5))
    _spaced(draw, (_mm(29.0), _mm(43.6)), p.id_number, mono_font(_mm(3.6)), INK, _mm(0.55))
    _portrait(img, (_mm(55.5), _mm(6.5), _mm(80.0), _mm(38.0)), seed)
    return img


def _emblem(draw: ImageDraw.ImageDraw, centre: tuple[float, float], r: float) -> None:
    """Concentric rings and a five-pointed star: a neutral placeholder for an emblem or seal."""
    cx, cy = centre
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=RED, width=max(2, int(r / 9)))
    draw.ellipse((cx - r * 0.78, cy - r * 0.78, cx + r * 0.78, cy + r * 0.78), outline=RED, width=1)
    star = []
    for k in range(10):
        rad = r * (0.45 if k % 2 == 0 else 0.18)
        ang = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    draw.polygon(star, fill=RED)


def _validity_text(p: SyntheticPerson) -> str:
    until = "长期" if p.valid_until is None else f"{p.valid_until:%Y.%m.%d}"
    return f"{p.valid_from:%Y.%m.%d}-{until}"


def render_id_card_back(p: SyntheticPerson) -> Image.Image:
    seed = int(p.id_number[:17]) % 100_000 + 7
    img, draw = _card_canvas((244, 240, 232), seed)
    _emblem(draw, (_mm(13.0), _mm(13.0)), _mm(7.5))
    _spaced(draw, (_mm(28.0), _mm(6.5)), "中华人民共和国", font(_mm(4.2), "sans", "bold"), INK, _mm(1.2))
    _spaced(draw, (_mm(24.0), _mm(16.0)), "居民身份证", font(_mm(6.6), "sans", "bold"), INK, _mm(2.6))
    label = font(_mm(2.6))
    value = font(_mm(3.0))
    _spaced(draw, (_mm(13.0), _mm(38.0)), "签发机关", label, INK, _mm(0.6))
    draw.text((_mm(29.0), _mm(37.6)), p.issuing_authority, font=value, fill=INK)
    _spaced(draw, (_mm(13.0), _mm(45.0)), "有效期限", label, INK, _mm(0.6))
    draw.text((_mm(29.0), _mm(44.6)), _validity_text(p), font=value, fill=INK)
    return img


# --- business licence ----------------------------------------------------------------------


def _lmm(v: float) -> int:
    return round(v * LICENCE_PX_PER_MM)


def _qr_placeholder(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], seed: int) -> None:
    rng = random.Random(seed)
    x0, y0, x1, y1 = box
    n = 21
    cell = (x1 - x0) / n
    for i in range(n):
        for j in range(n):
            corner = (i < 7 and j < 7) or (i < 7 and j >= n - 7) or (i >= n - 7 and j < 7)
            on = (
                (i in (0, 6) or j in (0, 6) or (2 <= i <= 4 and 2 <= j <= 4))
                if corner
                else rng.random() < 0.5
            )
            if corner and (i % (n - 7) in (0, 6) or j % (n - 7) in (0, 6)):
                on = True
            if on:
                draw.rectangle(
                    (x0 + j * cell, y0 + i * cell, x0 + (j + 1) * cell, y0 + (i + 1) * cell),
                    fill=INK,
                )


def _field_rows(b: SyntheticBusiness) -> list[tuple[str, str]]:
    if b.kind == "sole-proprietorship":
        return [
            ("名称", b.name),
            ("类型", b.type),
            ("投资人", b.operator),
            ("住所", b.address),
            ("成立日期", f"{b.established_on.year}年{b.established_on.month:02d}月"
                         f"{b.established_on.day:02d}日"),
        ]  # fmt: skip
    return [
        ("名称", b.name),
        ("类型", b.type),
        ("经营者", b.operator),
        ("经营场所", b.address),
        ("组成形式", b.form or "个人经营"),
        ("注册日期", f"{b.established_on.year}年{b.established_on.month:02d}月"
                     f"{b.established_on.day:02d}日"),
    ]  # fmt: skip


def _draw_label(draw, x: float, y: float, text: str, fnt, width: float) -> None:
    """Labels are justified to a common width (名　　称), as printed on the licence."""
    if len(text) == 1:
        draw.text((x, y), text, font=fnt, fill=INK)
        return
    char_w = draw.textlength(text[0], font=fnt)
    gap = (width - char_w * len(text)) / (len(text) - 1)
    _spaced(draw, (x, y), text, fnt, INK, gap)


def render_business_licence(b: SyntheticBusiness) -> Image.Image:
    seed = int(b.credit_code[2:8]) + sum(map(ord, b.credit_code))
    size = (_lmm(LICENCE_MM[0]), _lmm(LICENCE_MM[1]))
    img = _background(size, (250, 247, 238), seed)
    draw = ImageDraw.Draw(img)
    frame = (150, 110, 50)
    draw.rectangle((_lmm(8), _lmm(8), size[0] - _lmm(8), size[1] - _lmm(8)), outline=frame, width=4)
    draw.rectangle((_lmm(11), _lmm(11), size[0] - _lmm(11), size[1] - _lmm(11)), outline=frame, width=1)
    _emblem(draw, (size[0] / 2, _lmm(30)), _lmm(12))
    title = font(_lmm(15), "serif", "bold")
    title_w = sum(draw.textlength(c, font=title) for c in "营业执照") + 3 * _lmm(8)
    _spaced(draw, ((size[0] - title_w) / 2, _lmm(44)), "营业执照", title, INK, _lmm(8))
    sub = font(_lmm(5.5))
    sub_x = (size[0] - draw.textlength("（副本）", font=sub)) / 2
    draw.text((sub_x, _lmm(66)), "（副本）", font=sub, fill=INK)
    body = font(_lmm(4.6))
    draw.text((_lmm(20), _lmm(22)), "统一社会信用代码", font=body, fill=INK)
    draw.text((_lmm(20), _lmm(29)), b.credit_code, font=font(_lmm(5.0)), fill=INK)
    label_w = _lmm(4.6) * 4
    x_label, x_value, y = _lmm(24), _lmm(54), _lmm(84)
    for name, val in _field_rows(b):
        _draw_label(draw, x_label, y, name, body, label_w)
        lines = _wrap(val, 20)
        for i, line in enumerate(lines):
            draw.text((x_value, y + i * _lmm(7)), line, font=body, fill=INK)
        y += _lmm(7) * len(lines) + _lmm(4.5)
    _draw_label(draw, _lmm(160), _lmm(84), "经营范围", body, label_w)
    per_line, scope_font, pitch = 19, body, _lmm(7)
    while len(_wrap(b.scope, per_line)) > 6 and len(_wrap(b.scope, per_line)) * pitch > _lmm(70):
        per_line += 1  # a long scope is set smaller so that all of it is printed
        scope_font, pitch = font(_lmm(4.6 * 19 / per_line)), _lmm(7 * 19 / per_line)
    for i, line in enumerate(_wrap(b.scope, per_line)):
        draw.text((_lmm(190), _lmm(84) + i * pitch), line, font=scope_font, fill=INK)
    _qr_placeholder(draw, (_lmm(22), _lmm(158), _lmm(47), _lmm(183)), seed)
    draw.text((_lmm(180), _lmm(160)), "登记机关", font=body, fill=INK)
    draw.text((_lmm(180), _lmm(169)), b.registration_authority, font=body, fill=INK)
    issued = b.established_on
    draw.text((_lmm(200), _lmm(180)), f"{issued.year}年{issued.month:02d}月{issued.day:02d}日",
              font=body, fill=INK)  # fmt: skip
    seal = Image.new("RGBA", size, (0, 0, 0, 0))
    _emblem(ImageDraw.Draw(seal), (_lmm(262), _lmm(170)), _lmm(17))
    seal.putalpha(seal.getchannel("A").point(lambda a: a * 55 // 100))
    img.paste(seal, (0, 0), seal)
    small = font(_lmm(3.0))
    notice = "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告"
    draw.text((_lmm(60), _lmm(190)), notice, font=small, fill=(90, 90, 90))
    return img
