"""The "kai" renderer: AR PL UKai values under bold Noto Sans labels, DejaVu Sans Condensed
(proportional) digits, a warm card with two interlaced guilloche line families, an octagonal badge
and a hatched photo box, labels set 姓　名 wide in light blue, a grey-brown ink, larger values
and 10-character address lines; licences with 名　　称 labels, 营业场所 or 经营场所 by document,
the QR code at the bottom left or top right, and a seal with or without the authority's name
(which may then be printed nowhere else).
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageDraw

from devtools.synthetic import drawing as d
from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

CARD_PX_PER_MM = 14.0
LICENCE_PX_PER_MM = 7.0
A3_PX_PER_MM = 5.0

LABEL = "noto-sans-bold"
VALUE = "ukai"
NUMBER = "dejavu-sans-condensed"

INKS = ((78, 64, 52), (92, 76, 62), (64, 56, 50), (100, 88, 80))
LABEL_INK = ((70, 130, 190), (84, 140, 196))
RED = (196, 30, 40)


def _card(rng: random.Random, base: d.Colour, warm: d.Colour, cool: d.Colour):
    mm = d.mm_scale(CARD_PX_PER_MM)
    size = (mm(d.CARD_MM[0]), mm(d.CARD_MM[1]))
    img = ImageChops.darker(
        d.guilloche(size, base, warm, rng, pitch=mm(0.9)), d.guilloche(size, base, cool, rng, pitch=mm(1.3))
    )
    return img, ImageDraw.Draw(img)


def front(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (245, 240, 226), (230, 221, 201), (222, 230, 236))
    ink, label_ink = d.ink_variants(rng, INKS), d.ink_variants(rng, LABEL_INK)
    dx, dy = d.jitter(rng, 0.3), d.jitter(rng, 0.3)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.2)), mm(y + dy + d.jitter(rng, 0.2))

    label = d.load_font(LABEL, mm(2.5))
    value = d.load_font(VALUE, mm(3.4))
    x_label, x_value, photo_x = 6.2, 17.5, 53.5
    room = mm(photo_x - 1.0 - x_value)
    wide = mm(2.5)  # one character's width: 姓　名

    d.spaced(draw, at(x_label, 11.2), "姓名", label, label_ink, wide)
    d.line(draw, at(x_value, 11.4), p.name, d.fit_font(VALUE, mm(4.0), p.name, room), ink)

    d.spaced(draw, at(x_label, 17.8), "性别", label, label_ink, wide)
    d.line(draw, at(x_value, 17.8), p.sex, value, ink)
    d.spaced(draw, at(x_value + 9.0, 17.8), "民族", label, label_ink, wide)
    d.line(draw, at(x_value + 18.5, 17.8), p.ethnicity, value, ink)

    year, month, day = d.card_date_parts(p.birth_date)
    digits = d.load_font(NUMBER, mm(3.3))
    d.spaced(draw, at(x_label, 24.4), "出生", label, label_ink, wide)
    d.line(draw, at(x_value, 24.4), year, digits, ink)
    d.line(draw, at(x_value + 9.0, 24.4), "年", label, label_ink)
    d.line(draw, at(x_value + 12.5, 24.4), month, digits, ink)
    d.line(draw, at(x_value + 17.0, 24.4), "月", label, label_ink)
    d.line(draw, at(x_value + 20.5, 24.4), day, digits, ink)
    d.line(draw, at(x_value + 25.0, 24.4), "日", label, label_ink)

    d.spaced(draw, at(x_label, 31.0), "住址", label, label_ink, wide)
    lines = d.wrap_chars(p.address, max(10, -(-len(p.address) // 3)))
    addr = d.fit_font(VALUE, mm(3.4), max(lines, key=len), room)
    for i, text in enumerate(lines):
        d.line(draw, at(x_value, 31.0 + 5.0 * i), text, addr, ink)

    d.spaced(draw, at(x_label, 48.8), "公民身份号码", label, label_ink, mm(0.6))
    d.spaced(draw, at(29.5, 49.0), p.id_number, d.load_font(NUMBER, mm(3.9)), ink, mm(0.45))

    tile = d.portrait_hatched((mm(26), mm(33)), rng, (236, 234, 226), (176, 170, 160))
    x0, y0 = at(photo_x, 6.5)
    d.paste_tile(img, tile, (x0, y0), radius=mm(2))
    draw.rounded_rectangle((x0, y0, x0 + mm(26), y0 + mm(33)), radius=mm(2), outline=(190, 184, 172), width=2)
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


def back(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (246, 243, 234), (232, 224, 206), (214, 228, 232))
    ink, label_ink = d.ink_variants(rng, INKS), d.ink_variants(rng, LABEL_INK)
    dx, dy = d.jitter(rng, 0.3), d.jitter(rng, 0.3)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.2)), mm(y + dy + d.jitter(rng, 0.2))

    d.emblem_octagon(draw, at(15.0, 14.5), mm(9.5), RED, (245, 215, 140))
    d.spaced(draw, at(31.0, 11.5), "中华人民共和国", d.load_font(LABEL, mm(3.8)), ink, mm(1.0))
    d.spaced(draw, at(28.5, 25.0), "居民身份证", d.load_font(LABEL, mm(6.8)), ink, mm(2.0))
    label = d.load_font(LABEL, mm(2.5))
    d.spaced(draw, at(12.5, 39.5), "签发机关", label, label_ink, mm(0.8))
    authority = d.fit_font(VALUE, mm(3.3), p.issuing_authority, mm(85.6 - 3.5 - 29.0))
    d.line(draw, at(29.0, 39.5), p.issuing_authority, authority, ink)
    d.spaced(draw, at(12.5, 46.8), "有效期限", label, label_ink, mm(0.8))
    validity = d.validity_text(p)
    digits, kai = d.load_font(NUMBER, mm(3.4)), d.load_font(VALUE, mm(3.4))
    x, y = at(29.0, 46.8)
    for ch in validity:  # digits, dots and the hyphen in the number face, 长期 in the text face
        fnt = kai if ch in "长期" else digits
        x = d.line(draw, (x, y), ch, fnt, ink) + mm(0.1)
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


# --- business licence ---------------------------------------------------------------------------------


def licence(b: SyntheticBusiness, rng: random.Random) -> Image.Image:
    """副本 on A4 landscape or 正本 on A4 or A3 portrait; the QR code, the premises label and the
    text round the seal are chosen per document."""
    style = {
        "qr": rng.choice(("bottom-left", "top-right", None)),
        "premises": rng.choice(("经营场所", "营业场所")),
        "arc": rng.random() < 0.5,
        # As on real licences, the authority's name may be only on the seal's rim.
        "seal_only": rng.random() < 0.5,
    }
    if rng.random() < 0.5:
        return _landscape(b, rng, style)
    return _portrait(b, rng, style, a3=rng.random() < 0.35)


def _sheet(size_mm: tuple[float, float], scale: float, rng: random.Random):
    """Cream paper with an ochre dot screen and a wavy double border."""
    mm = d.mm_scale(scale)
    w, h = mm(size_mm[0]), mm(size_mm[1])
    img = d.dot_screen((w, h), (250, 246, 234), (241, 233, 214), rng, pitch=mm(1.4))
    draw = ImageDraw.Draw(img)
    frame = (176, 120, 50)
    m1, m2 = mm(8), mm(12)
    draw.rectangle((m1, m1, w - m1, h - m1), outline=frame, width=max(2, mm(0.5)))
    draw.rectangle((m2, m2, w - m2, h - m2), outline=frame, width=max(1, mm(0.2)))
    mid, amp, period = (m1 + m2) / 2, (m2 - m1) / 3, mm(6)
    for horizontal in (True, False):
        length = w if horizontal else h
        for edge in (mid, (h if horizontal else w) - mid):
            pts = []
            for t in range(m1, length - m1, max(2, mm(0.5))):
                off = amp * math.sin(t * math.tau / period)
                pts.append((t, edge + off) if horizontal else (edge + off, t))
            draw.line(pts, fill=frame, width=1)
    return img, draw, mm


def _fields(
    draw,
    mm,
    b: SyntheticBusiness,
    style,
    x_label: float,
    x_value: float,
    y: float,
    width: float,
    size: float,
    ink,
) -> float:
    label, body = d.load_font(LABEL, mm(size * 0.95)), d.load_font(VALUE, mm(size * 1.05))
    return d.field_rows(
        draw,
        d.licence_fields(b, zero_pad=True, premises=style["premises"]),
        x_label=mm(x_label),
        x_value=mm(x_value),
        y=mm(y),
        value_width=mm(width),
        label_font=label,
        value_font=body,
        label_fill=ink,
        value_fill=ink,
        label_width=0,
        label_style="fullwidth",
        colon=False,
        pitch=mm(size * 1.55),
        row_gap=mm(size),
    )


def _scope(draw, mm, b: SyntheticBusiness, x_label, x_value, y, width, bottom, size, ink) -> None:
    d.line(draw, (x_label, y), "经营范围", d.load_font(LABEL, mm(size * 0.95)), ink)
    fnt, lines, step = d.fit_paragraph(draw, b.scope, VALUE, mm(size * 1.05), width, bottom - y, pitch=1.55)
    for i, text in enumerate(lines):
        d.line(draw, (x_value, y + i * step), text, fnt, ink)


def _authority(img, draw, mm, b: SyntheticBusiness, rng, style, x: float, y: float, ink) -> None:
    """登记机关 over the authority, the date under both; the seal sits on the authority's end
    (or where it would be, when the name is only on the seal)."""
    body = d.load_font(VALUE, mm(4.8))
    d.spaced(draw, (mm(x), mm(y)), "登记机关", d.load_font(LABEL, mm(4.4)), ink, mm(1.6))
    if style["arc"] and style["seal_only"]:
        end = mm(x - 6) + draw.textlength(b.registration_authority, font=body)
    else:
        end = d.line(draw, (mm(x - 6), mm(y + 9)), b.registration_authority, body, ink)
    date = d.licence_date(b.established_on, zero_pad=True)
    d.line(draw, (end - draw.textlength(date, font=body), mm(y + 18)), date, body, ink)
    arc = dict(arc_text=b.registration_authority, fnt=d.load_font(LABEL, mm(3.2))) if style["arc"] else {}
    centre = (end - mm(rng.uniform(8, 20)), mm(y + 9 + rng.uniform(-3, 3)))
    d.seal(img, centre, mm(19), rng, colour=RED, opacity=rng.uniform(0.5, 0.72), **arc)


def _footer(draw, mm, width_mm: float, y: float, grey) -> None:
    small = d.load_font(VALUE, mm(2.8))
    d.centred(draw, mm(width_mm / 2), mm(y), d.PUBLICITY_URL, small, grey)
    d.centred(draw, mm(width_mm / 2), mm(y + 4.6), d.ANNUAL_REPORT, small, grey)


def _landscape(b: SyntheticBusiness, rng: random.Random, style) -> Image.Image:
    w_mm, h_mm = d.A4_MM[1], d.A4_MM[0]
    img, draw, mm = _sheet((w_mm, h_mm), LICENCE_PX_PER_MM, rng)
    ink = d.ink_variants(rng, INKS[:3])
    jx, jy = d.jitter(rng, 0.5), d.jitter(rng, 0.5)
    d.emblem_octagon(draw, (mm(w_mm / 2 + jx), mm(28 + jy)), mm(11), RED, (245, 215, 140))
    title = d.load_font(VALUE, mm(15))
    d.centred(draw, mm(w_mm / 2 + jx), mm(61 + jy), "营业执照", title, ink, mm(6), stroke=max(1, mm(0.25)))
    d.centred(draw, mm(w_mm / 2 + jx), mm(71 + jy), "（副　本）", d.load_font(VALUE, mm(5.2)), ink)
    d.line(draw, (mm(22 + jx), mm(25 + jy)), "统一社会信用代码", d.load_font(LABEL, mm(4.0)), ink)
    d.spaced(draw, (mm(22 + jx), mm(33 + jy)), b.credit_code, d.load_font(NUMBER, mm(5.0)), ink, mm(0.3))
    end = _fields(draw, mm, b, style, 24 + jx, 52 + jx, 88 + jy, 92, 4.3, ink)
    qr = style["qr"]
    if qr == "bottom-left" and end > mm(150):
        qr = "top-right"  # long fields leave no room under them
    if qr == "top-right":
        d.qr_placeholder(draw, (mm(250 + jx), mm(18 + jy), mm(276 + jx), mm(44 + jy)), rng, ink)
    elif qr == "bottom-left":
        d.qr_placeholder(draw, (mm(24 + jx), mm(156 + jy), mm(50 + jx), mm(182 + jy)), rng, ink)
    _scope(draw, mm, b, mm(154 + jx), mm(178 + jx), mm(88 + jy), mm(98), mm(150), 4.3, ink)
    _authority(img, draw, mm, b, rng, style, 206 + jx, 160 + jy, ink)
    _footer(draw, mm, w_mm, h_mm - 20, (104, 92, 80))
    img.info.update(mm=(w_mm, h_mm), px_per_mm=LICENCE_PX_PER_MM)
    return img


def _portrait(b: SyntheticBusiness, rng: random.Random, style, a3: bool) -> Image.Image:
    w_mm, h_mm = d.A4_MM
    scale = A3_PX_PER_MM * math.sqrt(2) if a3 else LICENCE_PX_PER_MM
    img, draw, mm = _sheet((w_mm, h_mm), scale, rng)
    ink = d.ink_variants(rng, INKS[:3])
    jx, jy = d.jitter(rng, 0.5), d.jitter(rng, 0.5)
    d.emblem_octagon(draw, (mm(w_mm / 2 + jx), mm(34 + jy)), mm(12), RED, (245, 215, 140))
    title = d.load_font(VALUE, mm(16))
    d.centred(draw, mm(w_mm / 2 + jx), mm(70 + jy), "营业执照", title, ink, mm(7), stroke=max(1, mm(0.25)))
    # The credit code on the left and the QR code on the right of one band.
    d.line(draw, (mm(26 + jx), mm(88 + jy)), "统一社会信用代码", d.load_font(LABEL, mm(4.0)), ink)
    d.spaced(draw, (mm(26 + jx), mm(96 + jy)), b.credit_code, d.load_font(NUMBER, mm(5.0)), ink, mm(0.3))
    top = 112
    if style["qr"] is not None:
        d.qr_placeholder(draw, (mm(160 + jx), mm(80 + jy), mm(184 + jx), mm(104 + jy)), rng, ink)
    y = _fields(draw, mm, b, style, 28 + jx, 56 + jx, top + jy, 128, 4.4, ink)
    _scope(draw, mm, b, mm(28 + jx), mm(56 + jx), y, mm(128), mm(240), 4.4, ink)
    _authority(img, draw, mm, b, rng, style, 128 + jx, 248 + jy, ink)
    _footer(draw, mm, w_mm, h_mm - 24, (104, 92, 80))
    img.info.update(mm=(297.0, 420.0) if a3 else (w_mm, h_mm), px_per_mm=A3_PX_PER_MM if a3 else scale)
    return img
