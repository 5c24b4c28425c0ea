"""The "song" renderer: Song-style faces (AR PL UMing labels, Noto Serif CJK values, Noto Sans
Mono digits), a green-grey dot-screen card with a sunburst badge and an outlined photo box,
wide-spaced labels, dark brown-black ink with teal labels; licences with justified labels,
zero-padded dates and a seal carrying the authority's name along its rim (on some, the only place
it is printed).
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from devtools.synthetic import drawing as d
from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

CARD_PX_PER_MM = 13.0
LICENCE_PX_PER_MM = 6.5
A3_PX_PER_MM = 5.0

LABEL = "uming"
VALUE = "noto-serif"
NUMBER = "noto-sans-mono"
TITLE = "noto-serif-bold"

INKS = ((34, 28, 24), (46, 40, 38), (28, 28, 32))
LABEL_INK = ((22, 92, 140), (30, 100, 150))
RED = (200, 38, 34)


def _card(rng: random.Random, base: d.Colour, tint: d.Colour) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img = d.dot_screen((mm(d.CARD_MM[0]), mm(d.CARD_MM[1])), base, tint, rng, pitch=mm(0.6))
    return img, ImageDraw.Draw(img)


def front(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (239, 244, 233), (224, 234, 220))
    d.rosette(draw, (mm(28), mm(27)), mm(17), (216, 228, 212))
    ink, label_ink = d.ink_variants(rng, INKS), d.ink_variants(rng, LABEL_INK)
    dx, dy = d.jitter(rng, 0.3), d.jitter(rng, 0.3)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.2)), mm(y + dy + d.jitter(rng, 0.2))

    label = d.load_font(LABEL, mm(2.4))
    value = d.load_font(VALUE, mm(3.2))
    x_label, x_value, photo_x = 5.5, 15.0, 54.5
    room = mm(photo_x - 1.0 - x_value)

    d.spaced(draw, at(x_label, 10.6), "姓名", label, label_ink, mm(2.0))
    d.line(draw, at(x_value, 10.8), p.name, d.fit_font(VALUE, mm(3.8), p.name, room), ink)

    d.spaced(draw, at(x_label, 17.2), "性别", label, label_ink, mm(2.0))
    d.line(draw, at(x_value, 17.2), p.sex, value, ink)
    d.spaced(draw, at(x_value + 10.5, 17.2), "民族", label, label_ink, mm(2.0))
    d.line(draw, at(x_value + 20.5, 17.2), p.ethnicity, value, ink)

    year, month, day = d.card_date_parts(p.birth_date)
    d.spaced(draw, at(x_label, 23.8), "出生", label, label_ink, mm(2.0))
    d.line(draw, at(x_value, 23.8), year, value, ink)
    d.line(draw, at(x_value + 9.6, 23.8), "年", label, label_ink)
    d.line(draw, at(x_value + 12.8, 23.8), month, value, ink)
    d.line(draw, at(x_value + 17.4, 23.8), "月", label, label_ink)
    d.line(draw, at(x_value + 20.6, 23.8), day, value, ink)
    d.line(draw, at(x_value + 25.2, 23.8), "日", label, label_ink)

    d.spaced(draw, at(x_label, 30.4), "住址", label, label_ink, mm(2.0))
    lines = d.wrap_chars(p.address, max(12, -(-len(p.address) // 3)))
    addr = d.fit_font(VALUE, mm(3.2), max(lines, key=len), room)
    for i, text in enumerate(lines):
        d.line(draw, at(x_value, 30.4 + 4.6 * i), text, addr, ink)

    d.spaced(draw, at(x_label, 48.2), "公民身份号码", label, label_ink, mm(0.35))
    d.spaced(draw, at(27.0, 48.4), p.id_number, d.load_font(NUMBER, mm(3.5)), ink, mm(0.55))

    x0, y0 = at(photo_x, 5.0)
    tile = d.portrait_outline((mm(26), mm(34)), rng, (226, 232, 236), (150, 160, 170))
    d.paste_tile(img, tile, (x0, y0), radius=mm(1.5))
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


def back(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (247, 241, 229), (236, 227, 211))
    d.rosette(draw, (mm(60), mm(30)), mm(20), (234, 222, 204))
    ink, label_ink = d.ink_variants(rng, INKS), d.ink_variants(rng, LABEL_INK)
    dx, dy = d.jitter(rng, 0.3), d.jitter(rng, 0.3)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.2)), mm(y + dy + d.jitter(rng, 0.2))

    d.emblem_sunburst(draw, at(14.5, 14.0), mm(9.0), RED, (236, 196, 96))
    d.spaced(draw, at(30.0, 11.0), "中华人民共和国", d.load_font(TITLE, mm(4.0)), ink, mm(1.3))
    d.spaced(draw, at(27.0, 24.5), "居民身份证", d.load_font(TITLE, mm(7.2)), ink, mm(2.4))
    label = d.load_font(LABEL, mm(2.5))
    d.spaced(draw, at(12.0, 40.0), "签发机关", label, label_ink, mm(0.5))
    authority = d.fit_font(VALUE, mm(3.0), p.issuing_authority, mm(85.6 - 4 - 27.0))
    d.line(draw, at(27.0, 40.0), p.issuing_authority, authority, ink)
    d.spaced(draw, at(12.0, 47.0), "有效期限", label, label_ink, mm(0.5))
    d.line(draw, at(27.0, 47.0), d.validity_text(p), d.load_font(VALUE, mm(3.0)), ink)
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


# --- business licence ---------------------------------------------------------------------------------


def licence(b: SyntheticBusiness, rng: random.Random, *, seal_only: bool | None = None) -> Image.Image:
    """副本 on A4 landscape, or 正本 on A4 or A3 portrait; with or without the QR code; the
    authority's name printed under 登记机关 and on the seal's rim, or (``seal_only``, by
    default on about a third) only on the rim, as on real licences."""
    with_qr = rng.random() < 0.7
    seal_only = rng.random() < 0.35 if seal_only is None else seal_only
    if rng.random() < 0.55:
        return _landscape(b, rng, with_qr, seal_only)
    return _portrait(b, rng, with_qr, seal_only, a3=rng.random() < 0.4)


def _sheet(size_mm: tuple[float, float], scale: float, rng: random.Random):
    mm = d.mm_scale(scale)
    w, h = mm(size_mm[0]), mm(size_mm[1])
    img = d.guilloche((w, h), (251, 248, 240), (241, 235, 222), rng, pitch=mm(1.6))
    draw = ImageDraw.Draw(img)
    frame = (156, 72, 48)
    draw.rectangle((mm(7), mm(7), w - mm(7), h - mm(7)), outline=frame, width=max(3, mm(0.6)))
    draw.rectangle((mm(9.5), mm(9.5), w - mm(9.5), h - mm(9.5)), outline=frame, width=1)
    for cx, cy in (
        (9.5, 9.5),
        (size_mm[0] - 9.5, 9.5),
        (9.5, size_mm[1] - 9.5),
        (size_mm[0] - 9.5, size_mm[1] - 9.5),
    ):
        draw.regular_polygon((mm(cx), mm(cy), mm(2.2)), 4, rotation=45, fill=frame)
    return img, draw, mm


def _seal_and_authority(img, draw, mm, b: SyntheticBusiness, rng, x: float, y: float, zero_pad: bool, ink,
                        seal_only: bool):  # fmt: skip
    body = d.load_font(VALUE, mm(4.4))
    d.justified(draw, (mm(x), mm(y)), "登记机关", d.load_font(LABEL, mm(4.8)), ink, mm(4.8 * 4 + 3))
    if seal_only:
        end = mm(x) + draw.textlength(b.registration_authority, font=body)
    else:
        end = d.line(draw, (mm(x), mm(y + 8.5)), b.registration_authority, body, ink)
    date_x = mm(x + 14)
    date_end = d.line(draw, (date_x, mm(y + 17)), d.licence_date(b.established_on, zero_pad), body, ink)
    cx = (end + date_end) / 2 - mm(rng.uniform(4, 14))
    d.seal(
        img,
        (cx, mm(y + 6 + rng.uniform(-2, 2))),
        mm(20),
        rng,
        colour=RED,
        opacity=rng.uniform(0.5, 0.7),
        arc_text=b.registration_authority,
        fnt=d.load_font(VALUE, mm(3.6)),
    )


def _qr(draw, mm, rng, x: float, y: float, side: float, ink) -> None:
    d.qr_placeholder(draw, (mm(x), mm(y), mm(x + side), mm(y + side)), rng, ink)
    small = d.load_font(VALUE, mm(2.1))
    for i, text in enumerate(d.QR_CAPTION):
        d.centred(draw, mm(x + side / 2), mm(y + side + 4 + 3 * i), text, small, ink)


def _footer(draw, mm, width_mm: float, bottom_mm: float, grey) -> None:
    small = d.load_font(VALUE, mm(2.7))
    d.centred(draw, mm(width_mm / 2), mm(bottom_mm - 6), d.ANNUAL_REPORT, small, grey)
    d.line(draw, (mm(18), mm(bottom_mm)), d.PUBLICITY_URL, small, grey)
    right = mm(width_mm - 18) - draw.textlength(d.SUPERVISED, font=small)
    d.line(draw, (right, mm(bottom_mm)), d.SUPERVISED, small, grey)


def _landscape(b: SyntheticBusiness, rng: random.Random, with_qr: bool, seal_only: bool) -> Image.Image:
    w_mm, h_mm = d.A4_MM[1], d.A4_MM[0]
    img, draw, mm = _sheet((w_mm, h_mm), LICENCE_PX_PER_MM, rng)
    ink = d.ink_variants(rng, INKS)
    jx, jy = d.jitter(rng, 0.5), d.jitter(rng, 0.5)
    d.emblem_sunburst(draw, (mm(w_mm / 2 + jx), mm(27 + jy)), mm(11), RED, (236, 196, 96))
    d.centred(draw, mm(w_mm / 2 + jx), mm(60 + jy), "营业执照", d.load_font(TITLE, mm(14)), ink, mm(7))
    d.centred(draw, mm(w_mm / 2 + jx), mm(70 + jy), "（副本）", d.load_font(VALUE, mm(5)), ink)
    d.line(draw, (mm(20 + jx), mm(24 + jy)), "统一社会信用代码", d.load_font(LABEL, mm(4.4)), ink)
    d.line(draw, (mm(20 + jx), mm(32 + jy)), b.credit_code, d.load_font(VALUE, mm(4.8)), ink)
    if with_qr:
        _qr(draw, mm, rng, 250 + jx, 15 + jy, 26, ink)
    label, body = d.load_font(LABEL, mm(4.4)), d.load_font(VALUE, mm(4.4))
    rows = d.licence_fields(b, zero_pad=True)
    d.field_rows(
        draw,
        rows,
        x_label=mm(22 + jx),
        x_value=mm(48 + jx),
        y=mm(88 + jy),
        value_width=mm(96),
        label_font=label,
        value_font=body,
        label_fill=ink,
        value_fill=ink,
        label_width=mm(4.4 * 4),
        label_style="justify",
        colon=False,
        pitch=mm(6.6),
        row_gap=mm(4.0),
    )
    d.justified(draw, (mm(156 + jx), mm(88 + jy)), "经营范围", label, ink, mm(4.4 * 4))
    fnt, lines, step = d.fit_paragraph(draw, b.scope, VALUE, mm(4.4), mm(96), mm(66), pitch=1.5)
    for i, text in enumerate(lines):
        d.line(draw, (mm(182 + jx), mm(88 + jy) + i * step), text, fnt, ink)
    _seal_and_authority(img, draw, mm, b, rng, 196 + jx, 164 + jy, True, ink, seal_only)
    _footer(draw, mm, w_mm, h_mm - 13, (96, 90, 84))
    img.info.update(mm=(w_mm, h_mm), px_per_mm=LICENCE_PX_PER_MM)
    return img


def _portrait(b: SyntheticBusiness, rng: random.Random, with_qr: bool, seal_only: bool, a3: bool
              ) -> Image.Image:  # fmt: skip
    # Laid out in A4 millimetres; an A3 sheet is the same layout scaled by √2.
    w_mm, h_mm = d.A4_MM
    scale = A3_PX_PER_MM * math.sqrt(2) if a3 else LICENCE_PX_PER_MM
    img, draw, mm = _sheet((w_mm, h_mm), scale, rng)
    ink = d.ink_variants(rng, INKS)
    jx, jy = d.jitter(rng, 0.5), d.jitter(rng, 0.5)
    d.emblem_sunburst(draw, (mm(w_mm / 2 + jx), mm(30 + jy)), mm(12), RED, (236, 196, 96))
    d.centred(draw, mm(w_mm / 2 + jx), mm(66 + jy), "营业执照", d.load_font(TITLE, mm(15)), ink, mm(8))
    d.line(draw, (mm(24 + jx), mm(84 + jy)), "统一社会信用代码", d.load_font(LABEL, mm(4.4)), ink)
    d.line(draw, (mm(24 + jx), mm(92 + jy)), b.credit_code, d.load_font(VALUE, mm(4.8)), ink)
    if with_qr:
        _qr(draw, mm, rng, 166 + jx, 16 + jy, 24, ink)
    label, body = d.load_font(LABEL, mm(4.4)), d.load_font(VALUE, mm(4.4))
    rows = [*d.licence_fields(b, zero_pad=True), ("经营范围", "")]
    y = d.field_rows(
        draw,
        rows[:-1],
        x_label=mm(26 + jx),
        x_value=mm(54 + jx),
        y=mm(108 + jy),
        value_width=mm(130),
        label_font=label,
        value_font=body,
        label_fill=ink,
        value_fill=ink,
        label_width=mm(4.4 * 4),
        label_style="justify",
        colon=False,
        pitch=mm(6.6),
        row_gap=mm(4.0),
    )
    d.justified(draw, (mm(26 + jx), y), "经营范围", label, ink, mm(4.4 * 4))
    fnt, lines, step = d.fit_paragraph(draw, b.scope, VALUE, mm(4.4), mm(130), mm(238) - y, pitch=1.5)
    for i, text in enumerate(lines):
        d.line(draw, (mm(54 + jx), y + i * step), text, fnt, ink)
    _seal_and_authority(img, draw, mm, b, rng, 118 + jx, 250 + jy, True, ink, seal_only)
    _footer(draw, mm, w_mm, h_mm - 13, (96, 90, 84))
    img.info.update(mm=(297.0, 420.0) if a3 else (w_mm, h_mm), px_per_mm=A3_PX_PER_MM if a3 else scale)
    return img
