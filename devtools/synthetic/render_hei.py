"""The "hei" renderer: WenQuanYi Hei faces throughout (Micro Hei labels, Zen Hei values, Zen Hei
Mono digits), a pink-to-blue gradient card with a shield badge and a block-figure photo box,
compact labels printed in the same dark grey ink as the values, a smaller text and 13-character
address lines; licences in the two-column arrangement of the 2016 个体工商户 licence, compact
labels with a colon, dates without leading zeros and a plain seal.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from devtools.synthetic import drawing as d
from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

CARD_PX_PER_MM = 11.0
LICENCE_PX_PER_MM = 5.5
A3_PX_PER_MM = 5.0

LABEL = "wqy-microhei"
VALUE = "wqy-zenhei"
NUMBER = "wqy-zenhei-mono"
CODE = "wqy-microhei-mono"

INKS = ((55, 55, 60), (70, 68, 72), (48, 50, 58))
RED = (208, 34, 44)


def _card(rng: random.Random, start: d.Colour, end: d.Colour) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img = d.gradient((mm(d.CARD_MM[0]), mm(d.CARD_MM[1])), start, end, rng, grain=1.5)
    draw = ImageDraw.Draw(img)
    tint = d.darker(start, 10)
    for _ in range(3):
        d.rosette(draw, (mm(rng.uniform(10, 75)), mm(rng.uniform(10, 45))), mm(rng.uniform(8, 14)), tint, 9)
    return img, draw


def front(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (246, 236, 239), (228, 238, 249))
    ink = d.ink_variants(rng, INKS)
    dx, dy = d.jitter(rng, 0.3), d.jitter(rng, 0.3)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.2)), mm(y + dy + d.jitter(rng, 0.2))

    label = d.load_font(LABEL, mm(2.8))
    value = d.load_font(VALUE, mm(2.8))
    x_label, x_value, photo_x = 7.0, 17.0, 55.5
    room = mm(photo_x - 1.0 - x_value)
    gap = mm(0.15)

    d.spaced(draw, at(x_label, 9.8), "姓名", label, ink, gap)
    d.line(draw, at(x_value, 9.8), p.name, d.fit_font(VALUE, mm(3.3), p.name, room), ink)

    d.spaced(draw, at(x_label, 16.4), "性别", label, ink, gap)
    d.line(draw, at(x_value, 16.4), p.sex, value, ink)
    d.spaced(draw, at(x_value + 12.0, 16.4), "民族", label, ink, gap)
    d.line(draw, at(x_value + 20.0, 16.4), p.ethnicity, value, ink)

    year, month, day = d.card_date_parts(p.birth_date)
    d.spaced(draw, at(x_label, 23.0), "出生", label, ink, gap)
    d.line(draw, at(x_value, 23.0), year, value, ink)
    d.line(draw, at(x_value + 8.2, 23.0), "年", label, ink)
    d.line(draw, at(x_value + 12.2, 23.0), month, value, ink)
    d.line(draw, at(x_value + 16.4, 23.0), "月", label, ink)
    d.line(draw, at(x_value + 20.0, 23.0), day, value, ink)
    d.line(draw, at(x_value + 24.2, 23.0), "日", label, ink)

    d.spaced(draw, at(x_label, 29.6), "住址", label, ink, gap)
    lines = d.wrap_chars(p.address, max(13, -(-len(p.address) // 3)))
    addr = d.fit_font(VALUE, mm(2.8), max(lines, key=len), room)
    for i, text in enumerate(lines):
        d.line(draw, at(x_value, 29.6 + 4.3 * i), text, addr, ink)

    d.spaced(draw, at(x_label, 47.0), "公民身份号码", label, ink, gap)
    d.spaced(draw, at(30.5, 47.2), p.id_number, d.load_font(NUMBER, mm(3.8)), ink, mm(0.3))

    tile = d.portrait_blocks((mm(25.5), mm(32.5)), rng, (214, 220, 228), (160, 166, 178))
    d.paste_tile(img, tile, at(photo_x, 6.0))
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


def back(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (241, 236, 247), (232, 245, 240))
    ink = d.ink_variants(rng, INKS)
    dx, dy = d.jitter(rng, 0.3), d.jitter(rng, 0.3)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.2)), mm(y + dy + d.jitter(rng, 0.2))

    d.emblem_shield(draw, at(13.0, 13.5), mm(8.5), RED, (250, 224, 120))
    d.spaced(draw, at(27.0, 10.2), "中华人民共和国", d.load_font(VALUE, mm(4.4)), ink, mm(1.6), stroke=1)
    d.spaced(draw, at(23.5, 23.0), "居民身份证", d.load_font(VALUE, mm(6.4)), ink, mm(3.2), stroke=2)
    label = d.load_font(LABEL, mm(2.8))
    value = d.load_font(VALUE, mm(3.0))
    d.spaced(draw, at(14.0, 39.0), "签发机关", label, ink, mm(0.15))
    authority = d.fit_font(VALUE, mm(3.0), p.issuing_authority, mm(85.6 - 3.5 - 30.0))
    d.line(draw, at(30.0, 39.0), p.issuing_authority, authority, ink)
    d.spaced(draw, at(14.0, 46.0), "有效期限", label, ink, mm(0.15))
    d.spaced(draw, at(30.0, 46.0), d.validity_text(p), value, ink, mm(0.12))
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


# --- business licence ---------------------------------------------------------------------------------


def licence(b: SyntheticBusiness, rng: random.Random) -> Image.Image:
    """副本 on A4 landscape in two columns, or 正本 on A4 or A3 portrait; QR code or not."""
    with_qr = rng.random() < 0.6
    if rng.random() < 0.5:
        return _landscape(b, rng, with_qr)
    return _portrait(b, rng, with_qr, a3=rng.random() < 0.5)


def _sheet(size_mm: tuple[float, float], scale: float, rng: random.Random):
    """White paper inside a dot-screen border band."""
    mm = d.mm_scale(scale)
    w, h = mm(size_mm[0]), mm(size_mm[1])
    img = d.dot_screen((w, h), (250, 251, 248), (196, 222, 214), rng, pitch=mm(1.2))
    inner = d.gradient((w - 2 * mm(12), h - 2 * mm(12)), (254, 254, 251), (247, 249, 246), rng, grain=1.2)
    img.paste(inner, (mm(12), mm(12)))
    draw = ImageDraw.Draw(img)
    frame = (40, 120, 110)
    draw.rectangle((mm(6), mm(6), w - mm(6), h - mm(6)), outline=frame, width=max(2, mm(0.4)))
    draw.rectangle((mm(12), mm(12), w - mm(12), h - mm(12)), outline=frame, width=max(2, mm(0.3)))
    return img, draw, mm


def _credit_code(draw, mm, b: SyntheticBusiness, x: float, y: float, ink) -> None:
    d.line(draw, (mm(x), mm(y)), "统一社会信用代码", d.load_font(LABEL, mm(4.0)), ink)
    d.spaced(draw, (mm(x), mm(y + 7.5)), b.credit_code, d.load_font(CODE, mm(4.4)), ink, mm(0.5))


def _qr(draw, mm, rng, x: float, y: float, side: float, ink) -> None:
    """The QR code with its caption to the left."""
    d.qr_placeholder(draw, (mm(x), mm(y), mm(x + side), mm(y + side)), rng, ink)
    small = d.load_font(LABEL, mm(2.2))
    for i, text in enumerate(d.QR_CAPTION):
        right = mm(x - 2.5)
        d.line(draw, (right - draw.textlength(text, font=small), mm(y + 5 + 3.4 * i)), text, small, ink)


def _authority(img, draw, mm, b: SyntheticBusiness, rng, x: float, y: float, ink) -> None:
    """登记机关 then the authority on one line, the date under it, the seal over the date."""
    label = d.load_font(LABEL, mm(4.2))
    body = d.load_font(VALUE, mm(4.2))
    end = d.line(draw, (mm(x), mm(y)), "登记机关：", label, ink)
    end = d.line(draw, (end + mm(1), mm(y)), b.registration_authority, body, ink)
    date = d.licence_date(b.established_on, zero_pad=False)
    date_x = end - draw.textlength(date, font=body)
    d.line(draw, (date_x, mm(y + 9)), date, body, ink)
    cx = date_x + draw.textlength(date, font=body) * rng.uniform(0.35, 0.75)
    d.seal(
        img, (cx, mm(y + 2 + rng.uniform(-2, 3))), mm(18), rng, colour=RED, opacity=rng.uniform(0.45, 0.65)
    )


def _footer(draw, mm, width_mm: float, y: float, grey) -> None:
    small = d.load_font(LABEL, mm(2.6))
    d.line(draw, (mm(18), mm(y)), d.ANNUAL_REPORT, small, grey)
    d.line(draw, (mm(18), mm(y + 4.5)), d.PUBLICITY_URL, small, grey)
    right = mm(width_mm - 18) - draw.textlength(d.SUPERVISED, font=small)
    d.line(draw, (right, mm(y + 4.5)), d.SUPERVISED, small, grey)


def _landscape(b: SyntheticBusiness, rng: random.Random, with_qr: bool) -> Image.Image:
    w_mm, h_mm = d.A4_MM[1], d.A4_MM[0]
    img, draw, mm = _sheet((w_mm, h_mm), LICENCE_PX_PER_MM, rng)
    ink = d.ink_variants(rng, INKS)
    jx, jy = d.jitter(rng, 0.5), d.jitter(rng, 0.5)
    d.emblem_shield(draw, (mm(w_mm / 2 + jx), mm(29 + jy)), mm(10), RED, (250, 224, 120))
    d.centred(
        draw, mm(w_mm / 2 + jx), mm(62 + jy), "营业执照", d.load_font(VALUE, mm(13)), ink, mm(10), stroke=2
    )
    d.centred(draw, mm(w_mm / 2 + jx), mm(72 + jy), "（副本）", d.load_font(VALUE, mm(4.6)), ink)
    _credit_code(draw, mm, b, 22 + jx, 28 + jy, ink)
    if with_qr:
        _qr(draw, mm, rng, 252 + jx, 20 + jy, 24, ink)
    label, body = d.load_font(LABEL, mm(4.0)), d.load_font(VALUE, mm(4.0))
    rows = d.licence_fields(b, zero_pad=False)
    # Names on the left, the scope under them; dates, form and address on the right.
    left_names = ("名称", "类型", "经营者", "投资人")
    left = [r for r in rows if r[0] in left_names]
    right = [r for r in rows if r[0] not in left_names]
    common = dict(
        label_font=label,
        value_font=body,
        label_fill=ink,
        value_fill=ink,
        label_width=0,
        label_style="compact",
        colon=True,
        pitch=mm(6.0),
        row_gap=mm(3.6),
    )
    y = d.field_rows(
        draw, left, x_label=mm(24 + jx), x_value=mm(48 + jx), y=mm(92 + jy), value_width=mm(100), **common
    )
    d.line(draw, (mm(24 + jx), y), "经营范围：", label, ink)
    fnt, lines, step = d.fit_paragraph(draw, b.scope, VALUE, mm(4.0), mm(100), mm(170) - y, pitch=1.5)
    for i, text in enumerate(lines):
        d.line(draw, (mm(48 + jx), y + i * step), text, fnt, ink)
    d.field_rows(
        draw, right, x_label=mm(162 + jx), x_value=mm(186 + jx), y=mm(92 + jy), value_width=mm(92), **common
    )
    _authority(img, draw, mm, b, rng, 168 + jx, 168 + jy, ink)
    _footer(draw, mm, w_mm, h_mm - 20, (110, 112, 112))
    img.info.update(mm=(w_mm, h_mm), px_per_mm=LICENCE_PX_PER_MM)
    return img


def _portrait(b: SyntheticBusiness, rng: random.Random, with_qr: bool, a3: bool) -> Image.Image:
    w_mm, h_mm = d.A4_MM
    scale = A3_PX_PER_MM * math.sqrt(2) if a3 else LICENCE_PX_PER_MM
    img, draw, mm = _sheet((w_mm, h_mm), scale, rng)
    ink = d.ink_variants(rng, INKS)
    jx, jy = d.jitter(rng, 0.5), d.jitter(rng, 0.5)
    d.emblem_shield(draw, (mm(w_mm / 2 + jx), mm(32 + jy)), mm(11), RED, (250, 224, 120))
    d.centred(
        draw, mm(w_mm / 2 + jx), mm(68 + jy), "营业执照", d.load_font(VALUE, mm(14)), ink, mm(9), stroke=2
    )
    _credit_code(draw, mm, b, 24 + jx, 86 + jy, ink)
    if with_qr:
        _qr(draw, mm, rng, 162 + jx, 80 + jy, 24, ink)
    label, body = d.load_font(LABEL, mm(4.2)), d.load_font(VALUE, mm(4.2))
    y = d.field_rows(
        draw,
        d.licence_fields(b, zero_pad=False),
        x_label=mm(24 + jx),
        x_value=mm(50 + jx),
        y=mm(118 + jy),
        value_width=mm(136),
        label_font=label,
        value_font=body,
        label_fill=ink,
        value_fill=ink,
        label_width=0,
        label_style="compact",
        colon=True,
        pitch=mm(6.4),
        row_gap=mm(3.8),
    )
    # The scope runs on from its label and wraps under the label's start.
    end = d.line(draw, (mm(24 + jx), y), "经营范围：", label, ink)
    first_w = mm(186) - (end - mm(jx))
    fnt = body
    for size in (4.2, 3.9, 3.6, 3.3, 3.0):
        fnt = d.load_font(VALUE, mm(size))
        first = d.wrap_width(draw, b.scope, fnt, first_w)[0]
        rest = d.wrap_width(draw, b.scope[len(first) :], fnt, mm(162)) if len(first) < len(b.scope) else []
        if y + mm(size * 1.5) * len(rest) < mm(236):
            break
    step = fnt.size * 1.5
    d.line(draw, (end, y), first, fnt, ink)
    for i, text in enumerate(rest):
        d.line(draw, (mm(24 + jx), y + (i + 1) * step), text, fnt, ink)
    _authority(img, draw, mm, b, rng, 90 + jx, 252 + jy, ink)
    _footer(draw, mm, w_mm, h_mm - 24, (110, 112, 112))
    img.info.update(mm=(297.0, 420.0) if a3 else (w_mm, h_mm), px_per_mm=A3_PX_PER_MM if a3 else scale)
    return img
