"""The "ming" renderer, kept SEALED: its images and the reader's results on them are not looked
at while the reader is developed, so it measures how the reader generalises.

It differs from the other renderers in fonts (AR PL UMing values, bold Noto Serif labels, bold
Noto Sans titles, DejaVu Serif digits), positions within the official layouts, artwork, ink,
resolution and its own variants of the licence. Everything printed comes from the person or the
business, or is fixed boilerplate.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from devtools.synthetic import drawing as d
from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

CARD_PX_PER_MM = 12.5
LICENCE_PX_PER_MM = 6.25
A3_PX_PER_MM = 5.25

LABEL = "noto-serif-bold"
VALUE = "uming"
TITLE = "noto-sans-bold"
NUMBER_FAMILIES = ("dejavu-serif", "liberation-serif", "dejavu-serif-condensed", "noto-serif")

INKS = ((20, 22, 36), (26, 26, 42), (14, 18, 30), (34, 34, 48))
LABEL_INK = ((58, 82, 150), (66, 88, 158), (52, 74, 140))
RED = (190, 34, 46)
SEAL = (224, 52, 40)


def _number() -> str:
    return d.first_family(*NUMBER_FAMILIES)


def _ink(rng: random.Random, inks) -> d.Colour:
    """An ink of ``inks`` at this document's print darkness."""
    return d.darker(d.ink_variants(rng, inks), round(rng.uniform(-14, 10)))


def _card(rng: random.Random, inner: d.Colour, outer: d.Colour, lines: d.Colour):
    mm = d.mm_scale(CARD_PX_PER_MM)
    size = (mm(d.CARD_MM[0]), mm(d.CARD_MM[1]))
    img = d.radial_gradient(size, inner, outer, rng, grain=1.2)
    draw = ImageDraw.Draw(img)
    d.wavy_rings(draw, size, lines, rng, pitch=mm(0.75))
    return img, draw


def _placer(mm, rng: random.Random):
    dx, dy = d.jitter(rng, 0.35), d.jitter(rng, 0.35)

    def at(x: float, y: float) -> tuple[int, int]:
        return mm(x + dx + d.jitter(rng, 0.15)), mm(y + dy + d.jitter(rng, 0.15))

    return at


def front(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (249, 246, 250), (232, 224, 242), (218, 208, 234))
    ink, label_ink = _ink(rng, INKS), _ink(rng, LABEL_INK)
    at = _placer(mm, rng)

    label = d.load_font(LABEL, mm(2.35))
    value = d.load_font(VALUE, mm(3.1))
    digits = d.load_font(_number(), mm(3.2))
    x_label, x_value, photo_x = 8.2, 15.6, 56.0
    room = mm(photo_x - 1.2 - x_value)
    gap = mm(1.0)

    d.spaced(draw, at(x_label, 11.8), "姓名", label, label_ink, gap)
    d.line(draw, at(x_value, 12.0), p.name, d.fit_font(VALUE, mm(4.4), p.name, room), ink)

    d.spaced(draw, at(x_label, 18.6), "性别", label, label_ink, gap)
    d.line(draw, at(x_value, 18.6), p.sex, value, ink)
    d.spaced(draw, at(x_value + 8.0, 18.6), "民族", label, label_ink, gap)
    d.line(draw, at(x_value + 15.4, 18.6), p.ethnicity, value, ink)

    year, month, day = d.card_date_parts(p.birth_date)
    d.spaced(draw, at(x_label, 25.0), "出生", label, label_ink, gap)
    d.line(draw, at(x_value, 25.0), year, digits, ink)
    d.line(draw, at(x_value + 8.8, 25.0), "年", label, label_ink)
    # Month and day end just before 月 and 日.
    for text, right in ((month, 16.4), (day, 23.4)):
        x, y = at(x_value + right, 25.0)
        d.line(draw, (x - draw.textlength(text, font=digits), y), text, digits, ink)
    d.line(draw, at(x_value + 16.9, 25.0), "月", label, label_ink)
    d.line(draw, at(x_value + 23.9, 25.0), "日", label, label_ink)

    d.spaced(draw, at(x_label, 31.6), "住址", label, label_ink, gap)
    lines = d.wrap_chars(p.address, max(12, -(-len(p.address) // 3)))
    addr = d.fit_font(VALUE, mm(3.1), max(lines, key=len), room)
    for i, text in enumerate(lines):
        d.line(draw, at(x_value, 31.6 + 4.3 * i), text, addr, ink)

    d.spaced(draw, at(x_label, 46.6), "公民身份号码", label, label_ink, mm(0.25))
    x_id = 32.0
    id_font = d.fit_font(_number(), mm(3.6), p.id_number, mm(85.6 - 4.0 - x_id), gap=mm(0.2))
    d.spaced(draw, at(x_id, 46.8), p.id_number, id_font, ink, mm(0.2))

    w, h = mm(25), mm(31.5)
    x0, y0 = at(photo_x, 6.4)
    tile = d.portrait_stipple((w, h), rng, (238, 236, 244), (178, 170, 196))
    d.paste_tile(img, tile, (x0, y0))
    draw.rectangle((x0, y0, x0 + w - 1, y0 + h - 1), outline=(196, 188, 214), width=1)
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


def back(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    mm = d.mm_scale(CARD_PX_PER_MM)
    img, draw = _card(rng, (252, 247, 238), (238, 227, 238), (226, 210, 224))
    ink, label_ink = _ink(rng, INKS), _ink(rng, LABEL_INK)
    at = _placer(mm, rng)

    d.emblem_scalloped(draw, at(14.0, 15.8), mm(10.0), RED, (244, 206, 120))
    d.spaced(draw, at(31.5, 12.2), "中华人民共和国", d.load_font(TITLE, mm(3.7)), ink, mm(1.5))
    d.spaced(draw, at(29.0, 26.2), "居民身份证", d.load_font(TITLE, mm(6.6)), ink, mm(2.9))

    label = d.load_font(LABEL, mm(2.45))
    x_value = 32.0
    d.spaced(draw, at(15.0, 40.8), "签发机关", label, label_ink, mm(0.9))
    authority = d.fit_font(VALUE, mm(3.1), p.issuing_authority, mm(85.6 - 3.0 - x_value))
    d.line(draw, at(x_value, 40.8), p.issuing_authority, authority, ink)
    d.spaced(draw, at(15.0, 47.4), "有效期限", label, label_ink, mm(0.9))
    digits, text = d.load_font(_number(), mm(3.1)), d.load_font(VALUE, mm(3.1))
    x, y = at(x_value, 47.4)
    for ch in d.validity_text(p):  # 长期 in the text face, the rest in the digit face
        x = d.line(draw, (x, y), ch, text if ch in "长期" else digits, ink) + mm(0.05)
    img.info.update(mm=d.CARD_MM, px_per_mm=CARD_PX_PER_MM)
    return img


# --- business licence ---------------------------------------------------------------------------------


def licence(b: SyntheticBusiness, rng: random.Random) -> Image.Image:
    """副本 on A4 landscape or 正本 on A4 or A3 portrait; label punctuation, the premises label,
    the QR code and the seal's rim text are chosen per document."""
    style = {
        "colon": rng.choice(("：", ":", "")),
        "justify": rng.random() < 0.5,
        "premises": rng.choice(("经营场所", "营业场所")),
        "qr": rng.random() < 0.6,
        "arc": rng.random() < 0.6,
    }
    if rng.random() < 0.5:
        return _landscape(b, rng, style)
    return _portrait(b, rng, style, a3=rng.random() < 0.4)


def _rows(b: SyntheticBusiness, premises: str) -> list[tuple[str, str]]:
    """The labelled fields (经营范围 apart), in this renderer's order."""
    fields = dict(d.licence_fields(b, zero_pad=True, premises=premises))
    if b.kind == "sole-proprietorship":
        order = ["名称", "类型", "投资人", "住所", "出资额", "成立日期"]
    else:
        order = ["名称", "类型", "经营者", premises, "组成形式", "注册日期"]
    return [(label, fields[label]) for label in order if label in fields]


def _sheet(size_mm: tuple[float, float], scale: float, rng: random.Random):
    """Pale paper with faint wavy rings inside a frame of linked circles."""
    mm = d.mm_scale(scale)
    w, h = mm(size_mm[0]), mm(size_mm[1])
    img = d.radial_gradient((w, h), (253, 251, 246), (243, 238, 232), rng, grain=1.0)
    draw = ImageDraw.Draw(img)
    d.wavy_rings(draw, (w, h), (238, 229, 227), rng, pitch=mm(1.8))
    frame = (172, 64, 70)
    outer, inner = mm(5), mm(10)
    draw.rectangle((outer, outer, w - outer, h - outer), outline=frame, width=max(2, mm(0.7)))
    draw.rectangle((inner, inner, w - inner, h - inner), outline=frame, width=1)
    mid, r = (outer + inner) / 2, (inner - outer) * 0.32
    step = r * 1.5
    for horizontal in (True, False):
        length = w if horizontal else h
        for edge in (mid, (h if horizontal else w) - mid):
            t = mid
            while t <= length - mid:
                x, y = (t, edge) if horizontal else (edge, t)
                draw.ellipse((x - r, y - r, x + r, y + r), outline=frame, width=1)
                t += step
    return img, draw, mm


def _field_rows(draw, rows, style, *, x_label, x_value, y, width, size, ink, mm) -> float:
    """Rows of label and value from baseline ``y`` (px); long values wrap under themselves.
    Returns the baseline after the last row."""
    label, body = d.load_font(LABEL, mm(size * 0.95)), d.load_font(VALUE, mm(size * 1.05))
    label_width = d.text_width(draw, "经营场所", label)
    pitch, row_gap = mm(size * 1.5), mm(size * 0.85)
    for name, value in rows:
        if style["justify"]:
            end = d.justified(draw, (x_label, y), name, label, ink, label_width)
        else:
            end = d.line(draw, (x_label, y), name, label, ink)
        if style["colon"]:
            d.line(draw, (end, y), style["colon"], label, ink)
        for i, text in enumerate(d.wrap_width(draw, value, body, width)):
            d.line(draw, (x_value, y + i * pitch), text, body, ink)
        y += pitch * len(d.wrap_width(draw, value, body, width)) + row_gap
    return y


def _scope(draw, b: SyntheticBusiness, style, *, x_label, x_value, y, width, bottom, size, ink, mm) -> None:
    label = d.load_font(LABEL, mm(size * 0.95))
    if style["justify"]:
        end = d.justified(draw, (x_label, y), "经营范围", label, ink, d.text_width(draw, "经营场所", label))
    else:
        end = d.line(draw, (x_label, y), "经营范围", label, ink)
    if style["colon"]:
        d.line(draw, (end, y), style["colon"], label, ink)
    room = max(mm(size), bottom - y)
    fnt, lines, step = d.fit_paragraph(draw, b.scope, VALUE, mm(size * 1.05), width, room, pitch=1.5)
    for i, text in enumerate(lines):
        d.line(draw, (x_value, y + i * step), text, fnt, ink)


def _authority(img, draw, b: SyntheticBusiness, rng, style, right: float, y: float, ink, mm) -> None:
    """登记机关 centred over the authority, which ends at ``right``; the date under it; the seal
    stamped over the authority and the date."""
    body = d.load_font(VALUE, mm(4.6))
    authority_w = draw.textlength(b.registration_authority, font=body)
    start = right - authority_w
    d.centred(draw, start + authority_w / 2, y, "登记机关", d.load_font(LABEL, mm(4.3)), ink, mm(1.2))
    d.line(draw, (start, y + mm(8.5)), b.registration_authority, body, ink)
    date = d.licence_date(b.established_on, zero_pad=True)
    d.line(draw, (right - draw.textlength(date, font=body), y + mm(17)), date, body, ink)
    arc = dict(arc_text=b.registration_authority, fnt=d.load_font(VALUE, mm(3.4))) if style["arc"] else {}
    centre = (right - mm(rng.uniform(10, 22)), y + mm(10 + rng.uniform(-3, 3)))
    d.seal(img, centre, mm(rng.uniform(18.5, 21)), rng, colour=SEAL, opacity=rng.uniform(0.55, 0.78), **arc)


def _qr(draw, rng, x: float, y: float, side: float, ink, mm, caption: bool) -> None:
    d.qr_placeholder(draw, (mm(x), mm(y), mm(x + side), mm(y + side)), rng, ink)
    if caption:
        small = d.load_font(VALUE, mm(2.2))
        for i, text in enumerate(d.QR_CAPTION):
            d.line(draw, (mm(x + side + 3), mm(y + 5 + 3.4 * i)), text, small, ink)


def _credit_code_line(draw, b: SyntheticBusiness, cx: float, y: float, size: float, ink, mm) -> None:
    """统一社会信用代码 and the code on one line, centred on ``cx``."""
    label = d.load_font(LABEL, mm(size * 0.85))
    code = d.load_font(_number(), mm(size))
    gap = mm(0.25)
    total = (
        draw.textlength("统一社会信用代码", font=label) + mm(4) + d.text_width(draw, b.credit_code, code, gap)
    )
    x = d.line(draw, (cx - total / 2, y), "统一社会信用代码", label, ink) + mm(4)
    d.spaced(draw, (x, y), b.credit_code, code, ink, gap)


def _landscape(b: SyntheticBusiness, rng: random.Random, style) -> Image.Image:
    w_mm, h_mm = d.A4_MM[1], d.A4_MM[0]
    img, draw, mm = _sheet((w_mm, h_mm), LICENCE_PX_PER_MM, rng)
    ink = _ink(rng, INKS)
    jx, jy = d.jitter(rng, 0.6), d.jitter(rng, 0.6)
    d.emblem_scalloped(draw, (mm(w_mm / 2 + jx), mm(27 + jy)), mm(10.5), RED, (244, 206, 120))
    title = d.load_font(VALUE, mm(14))
    d.centred(draw, mm(w_mm / 2 + jx), mm(58 + jy), "营业执照", title, ink, mm(8), stroke=max(1, mm(0.3)))
    d.centred(draw, mm(w_mm / 2 + jx), mm(68 + jy), "副　本", d.load_font(VALUE, mm(5)), ink)
    code_x = 20.0
    if style["qr"]:
        _qr(draw, rng, 18 + jx, 16 + jy, 25, ink, mm, caption=False)
        code_x = 48.0
    d.line(draw, (mm(code_x + jx), mm(24 + jy)), "统一社会信用代码", d.load_font(LABEL, mm(3.8)), ink)
    code = d.load_font(_number(), mm(4.6))
    d.spaced(draw, (mm(code_x + jx), mm(32 + jy)), b.credit_code, code, ink, mm(0.3))

    rows = _rows(b, style["premises"])
    left, right = rows[:4], rows[4:]
    size = 4.1
    common = dict(size=size, ink=ink, mm=mm)
    y_left = _field_rows(
        draw, left, style, x_label=mm(24 + jx), x_value=mm(50 + jx), y=mm(84 + jy), width=mm(100), **common
    )
    y_right = _field_rows(
        draw, right, style, x_label=mm(160 + jx), x_value=mm(186 + jx), y=mm(84 + jy), width=mm(88), **common
    )
    _scope(
        draw,
        b,
        style,
        x_label=mm(24 + jx),
        x_value=mm(50 + jx),
        y=max(y_left, y_right),
        width=mm(224),
        bottom=mm(154 + jy),
        **common,
    )
    _authority(img, draw, b, rng, style, mm(268 + jx), mm(163 + jy), ink, mm)
    small, grey = d.load_font(VALUE, mm(2.6)), (98, 96, 104)
    d.line(draw, (mm(20), mm(h_mm - 19)), d.PUBLICITY_URL, small, grey)
    d.line(draw, (mm(20), mm(h_mm - 14.5)), d.ANNUAL_REPORT, small, grey)
    img.info.update(mm=(w_mm, h_mm), px_per_mm=LICENCE_PX_PER_MM)
    return img


def _portrait(b: SyntheticBusiness, rng: random.Random, style, a3: bool) -> Image.Image:
    # Laid out in A4 millimetres; an A3 sheet is the same layout scaled by √2.
    w_mm, h_mm = d.A4_MM
    scale = A3_PX_PER_MM * math.sqrt(2) if a3 else LICENCE_PX_PER_MM
    img, draw, mm = _sheet((w_mm, h_mm), scale, rng)
    ink = _ink(rng, INKS)
    jx, jy = d.jitter(rng, 0.6), d.jitter(rng, 0.6)
    d.emblem_scalloped(draw, (mm(w_mm / 2 + jx), mm(30 + jy)), mm(11), RED, (244, 206, 120))
    title = d.load_font(VALUE, mm(15))
    d.centred(draw, mm(w_mm / 2 + jx), mm(64 + jy), "营业执照", title, ink, mm(7), stroke=max(1, mm(0.3)))
    _credit_code_line(draw, b, mm(w_mm / 2 + jx), mm(80 + jy), 4.4, ink, mm)

    size = 4.3
    common = dict(size=size, ink=ink, mm=mm)
    y = _field_rows(
        draw,
        _rows(b, style["premises"]),
        style,
        x_label=mm(30 + jx),
        x_value=mm(58 + jx),
        y=mm(98 + jy),
        width=mm(124),
        **common,
    )
    _scope(
        draw, b, style, x_label=mm(30 + jx), x_value=mm(58 + jx), y=y, width=mm(124), bottom=mm(220), **common
    )
    if style["qr"]:
        _qr(draw, rng, 22 + jx, 232 + jy, 24, ink, mm, caption=True)
    _authority(img, draw, b, rng, style, mm(182 + jx), mm(236 + jy), ink, mm)
    small, grey = d.load_font(VALUE, mm(2.5)), (98, 96, 104)
    d.centred(draw, mm(w_mm / 2), mm(h_mm - 22), d.PUBLICITY_URL, small, grey)
    d.centred(draw, mm(w_mm / 2), mm(h_mm - 17.5), d.ANNUAL_REPORT, small, grey)
    right = mm(w_mm - 16) - draw.textlength(d.SUPERVISED, font=small)
    d.line(draw, (right, mm(h_mm - 12.5)), d.SUPERVISED, small, grey)
    img.info.update(mm=(297.0, 420.0) if a3 else (w_mm, h_mm), px_per_mm=A3_PX_PER_MM if a3 else scale)
    return img
