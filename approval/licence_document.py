"""The business licence as a counter would print it (营业执照副本, A4 landscape): title, credit
code, the fields of the register, the registration authority's seal impression and a QR code
that opens the licence's verification page.

Drawn with fpdf2, which embeds a subset of a CJK font Debian ships (Noto Serif CJK SC, or
another of the fonts ``scripts/install`` installs); the QR code is segno's; the PNG is the PDF
page rasterised by pdfium, so the two never differ.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import segno
from fontTools.ttLib import TTCollection
from fpdf import FPDF

from ocr.decode import PDFIUM

# Fonts tried in turn: the file and, for a collection, which of its faces (the simplified one).
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
SEAL_RED = (200, 30, 30)
PAGE_W, PAGE_H = 297.0, 210.0  # mm


class LicenceFontMissing(RuntimeError):
    """No CJK font to draw the licence with (``scripts/install`` installs them)."""


@dataclass(frozen=True)
class LicenceFace:
    """What the licence shows."""

    credit_code: str
    name: str
    type_title: str  # 个体工商户, 个人独资企业, 有限责任公司（自然人投资或控股）
    person_title: str  # 经营者, 投资人, 法定代表人
    person: str
    address_title: str  # 经营场所, 住所
    address: str
    scope: str
    established_on: date
    authority: str  # the registration authority: its name is on the seal
    verification_code: str
    verify_url: str  # what the QR code opens
    capital: str = ""  # 注册资本, for a company
    composition: str = ""  # 组成形式 of an individual business: 个人经营, 家庭经营
    revoked_on: date | None = None  # 撤销登记 after a check: the licence no longer stands
    revocation_reason: str = ""


def licence_pdf(face: LicenceFace) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"营业执照 {face.credit_code}")
    pdf.add_page()
    path, number = _font()
    pdf.add_font("cjk", fname=path, collection_font_number=number)
    _frame(pdf)
    _heading(pdf, face)
    _fields(pdf, face)
    _authority(pdf, face)
    return bytes(pdf.output())


def licence_png(face: LicenceFace, dpi: int = 150) -> bytes:
    import pypdfium2 as pdfium

    pdf = licence_pdf(face)
    with PDFIUM:  # PDFium is not thread-safe; submissions' PDFs are counted in other threads
        document = pdfium.PdfDocument(pdf)
        try:
            image = document[0].render(scale=dpi / 72).to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@cache
def _font() -> tuple[str, int]:
    """The first CJK font present, and in a collection the simplified-Chinese face."""
    for name in FONT_FILES:
        path = Path(name)
        if not path.exists():
            continue
        if path.suffix != ".ttc":
            return str(path), 0
        faces = TTCollection(str(path), lazy=True).fonts
        families = [str(f["name"].getBestFamilyName()) for f in faces]
        simplified = [i for i, family in enumerate(families) if family.endswith(" SC") or " CN" in family]
        return str(path), (simplified or [0])[0]
    raise LicenceFontMissing("no CJK font found; run scripts/install")


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(150, 110, 40)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_W - 22, PAGE_H - 22)


def _heading(pdf: FPDF, face: LicenceFace) -> None:
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("cjk", size=11)
    pdf.text(22, 26, "统一社会信用代码")
    pdf.set_font("cjk", size=13)
    pdf.text(22, 33, face.credit_code)
    pdf.set_font("cjk", size=9)
    pdf.text(22, 39, f"核验码 {face.verification_code}")
    pdf.set_font("cjk", size=40)
    title = "营 业 执 照"
    pdf.text((PAGE_W - pdf.get_string_width(title)) / 2, 42, title)
    pdf.set_font("cjk", size=14)
    pdf.text((PAGE_W - pdf.get_string_width("（副本）")) / 2, 52, "（副本）")
    qr = io.BytesIO()
    segno.make(face.verify_url, error="m").save(qr, kind="png", scale=8, border=2)
    qr.seek(0)
    pdf.image(qr, x=PAGE_W - 22 - 30, y=16, w=30, h=30)
    pdf.set_font("cjk", size=7)
    caption = "扫描二维码核验本执照"
    pdf.text(PAGE_W - 22 - 15 - pdf.get_string_width(caption) / 2, 50, caption)


def _fields(pdf: FPDF, face: LicenceFace) -> None:
    left = [("名称", face.name), ("类型", face.type_title), (face.person_title, face.person)]
    if face.composition:
        left.append(("组成形式", face.composition))
    if face.capital:
        left.append(("注册资本", face.capital))
    left += [("注册日期" if not face.capital else "成立日期", _chinese_date(face.established_on)),
             (face.address_title, face.address)]  # fmt: skip
    y = 72.0
    for label, value in left:
        pdf.set_font("cjk", size=12)
        pdf.set_xy(28, y)
        pdf.cell(26, 8, _spaced(label))
        pdf.set_xy(56, y)
        pdf.multi_cell(100, 8, value or "—")
        y = max(y + 11, pdf.get_y() + 3)
    pdf.set_xy(170, 72)
    pdf.cell(26, 8, _spaced("经营范围"))
    pdf.set_font("cjk", size=10.5)
    pdf.set_xy(198, 72)
    pdf.multi_cell(78, 6.5, face.scope or "—")


def _authority(pdf: FPDF, face: LicenceFace) -> None:
    pdf.set_font("cjk", size=12)
    pdf.text(205, 170, "登记机关")
    pdf.text(200, 186, _chinese_date(face.established_on))
    _seal(pdf, face.authority, cx=222.0, cy=172.0, r=20.0)


def _seal(pdf: FPDF, authority: str, cx: float, cy: float, r: float) -> None:
    """The authority's seal impression: a ring, a star and its name round the upper arc."""
    pdf.set_draw_color(*SEAL_RED)
    pdf.set_fill_color(*SEAL_RED)
    pdf.set_text_color(*SEAL_RED)
    pdf.set_line_width(1.0)
    pdf.circle(x=cx, y=cy, radius=r, style="D")
    star = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        radius = r * (0.32 if i % 2 == 0 else 0.13)
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    pdf.polygon(star, style="F")
    size = 9.0 if len(authority) <= 12 else 7.5
    pdf.set_font("cjk", size=size)
    sweep = min(math.radians(240), len(authority) * math.radians(20))
    for i, char in enumerate(authority):
        share = 0.5 if len(authority) == 1 else i / (len(authority) - 1)
        angle = -math.pi / 2 - sweep / 2 + share * sweep  # from upper left to upper right
        x, y = cx + 0.74 * r * math.cos(angle), cy + 0.74 * r * math.sin(angle)
        with pdf.rotation(angle=-math.degrees(angle + math.pi / 2), x=x, y=y):
            pdf.text(x - pdf.get_string_width(char) / 2, y + size * 0.35 / 2.83, char)
    pdf.set_text_color(0, 0, 0)


def _spaced(label: str) -> str:
    """Two-character labels are spread over the width of four, as printed (名    称)."""
    return f"{label[0]}　　{label[1]}" if len(label) == 2 else label


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"
