"""Fields of the business licence (营业执照, 2016 layout): the credit code at the top left, labelled
fields in a left column, 经营范围 in a right column, 登记机关 above the seal at the bottom right.

Values follow their label on the same line and may run on over the following lines in the same
column until the next label of that column.
"""

from __future__ import annotations

from ocr import codes
from ocr.engine_tesseract import Glyph
from ocr.fields_common import (
    field,
    glyph_box,
    glyph_conf,
    longest_code_run,
    read_code,
    read_date,
    read_name,
    second_opinion,
    snap,
    vote,
)
from ocr.labels import LabelHit, find_labels, line_glyphs, text_of, value_after
from ocr.normalize import clean_chinese, parse_date
from ocr.page import Page
from ocr.reading import FieldReading, ReadingWarning
from ocr.vocabulary import AUTHORITIES, snap_scope, snap_terms, snap_whole

LICENCE_LABELS = {
    "名称": "name",
    "类型": "type",
    "经营者": "operator",
    "投资人": "operator",
    "法定代表人": "operator",
    "负责人": "operator",
    "经营场所": "address",
    "营业场所": "address",
    "住所": "address",
    "注册日期": "established_on",
    "成立日期": "established_on",
    "经营范围": "scope",
    "登记机关": "registration_authority",
    "组成形式": "other",
    "注册资本": "other",
    "出资额": "other",
    "营业期限": "other",
    "统一社会信用代码": "credit_label",
    "营业执照": "title",
}
BUSINESS_TYPES = ("个体工商户", "个人独资企业", "有限责任公司", "有限责任公司（自然人独资）",
                  "股份有限公司", "普通合伙企业", "农民专业合作社")  # fmt: skip
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# How many lines a value may run on over: addresses wrap once or twice, a scope several times.
MAX_RUN_ON = {
    "scope": 8,
    "registration_authority": 1,
    "name": 1,
    "operator": 0,
    "type": 0,
    "established_on": 0,
    "address": 2,
}


def _credit_code(page: Page) -> tuple[FieldReading | None, list[ReadingWarning]]:
    runs = [run for line in page.lines for word in line.words if (run := longest_code_run(word.glyphs, 15))]
    if not runs:
        return None, []
    # Security printing can read as a long run of letters: try runs nearest 18 characters first.
    runs.sort(key=lambda r: abs(len(r) - 18))
    code, warns, _ = read_code(page, runs, USCC_CHARS + "IOZSV", codes.credit_code_repair, "credit_code")
    return code, warns


def _value(page: Page, hits: list[LabelHit], hit: LabelHit) -> list[Glyph]:
    """The label's value: the rest of its line, then run-on lines below in the same column."""
    lines = page.lines
    glyphs = value_after(lines, hit, hits)
    ch = page.ch
    # The column: from the value's start to the next label further right on the label's line.
    # A value printed under its label (登记机关) starts where the label does.
    # A stray mark read before the value (”, |) must not shift where run-on lines are expected.
    solid = [g for g in glyphs if g.text.isalnum()]
    x_start = solid[0].box[0] if solid else glyphs[0].box[0] if glyphs else hit.x0 + 1.0 * ch
    right = min((h.x0 for h in hits if h.line == hit.line and h.x0 > hit.x1), default=1e9)
    last_y = lines[hit.line].y1
    taken = 0
    limit = MAX_RUN_ON.get(hit.key, 3)
    for li in range(hit.line + 1, len(lines)):
        if taken >= limit and (glyphs or limit == 0):
            break
        line = lines[li]
        if line.y0 - last_y > 1.6 * ch:
            break
        # A label in this column ends the value.
        if any(h.line == li and hit.x0 - 2 * ch <= h.x0 < right and h.key != hit.key
               for h in hits):  # fmt: skip
            break
        more = [g for g in line_glyphs(line, x_start - 1.0 * ch, right - 0.5 * ch) if g.conf > 0.5]
        # A run-on line starts at the value's left edge; anything else is a stray mark.
        if more and abs(more[0].box[0] - x_start) > 2.0 * ch:
            more = []
        if not more:
            # Nothing in this column (a stray mark beside it, a security-print speck): the
            # next line may still run on, within the vertical gap allowed above.
            continue
        if hit.key == "registration_authority" and sum(g.text.isdigit() for g in more) > 4:
            break  # the issue date under the authority
        if hit.key != "established_on" and parse_date(text_of(more)) is not None:
            break  # a date line (an unlabelled 注册日期) ends any other value
        if hit.key != "type" and clean_chinese(text_of(more)) in BUSINESS_TYPES:
            break  # the type's value, its label 类型 unread
        if len(more) <= 2:
            more = _reread_short(page, more)
        glyphs = glyphs + more
        last_y = line.y1
        taken += 1
    return glyphs


def _reread_short(page: Page, glyphs: list[Glyph]) -> list[Glyph]:
    """A value's last character or two wrapped onto a line of their own (…14组72 / 号): alone,
    Tesseract misreads them easily, so they are voted over several readings."""
    voted = vote(page, glyphs, clean_chinese)
    if voted is None or len(voted.key) != len(glyphs):
        return glyphs
    return [Glyph(t, min(g.conf, voted.conf), g.box) for t, g in zip(voted.key, glyphs, strict=True)]


def licence_fields(page: Page) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    code, code_warns = _credit_code(page)
    if code:
        fields["credit_code"] = code
        warns += code_warns
    hits = find_labels(page.lines, LICENCE_LABELS)
    seen: set[str] = set()
    # Where a label is found twice (经营者 misread elsewhere), the better-read one holds the value.
    for hit in sorted(hits, key=lambda h: -h.score):
        key = hit.key
        if key in ("other", "credit_label", "title") or key in seen:
            continue
        glyphs = _value(page, hits, hit)
        if not glyphs:
            continue
        seen.add(key)
        raw = text_of(glyphs)
        conf = glyph_conf(glyphs)
        if key == "established_on":
            if (date := read_date(page, glyphs)) is not None:
                fields[key] = date
        elif key == "type":
            value, score = snap(clean_chinese(raw), BUSINESS_TYPES, 0.6)
            if value:
                fields[key] = field(value, conf * (1.0 if score == 1.0 else 0.85))
        elif key == "operator":
            if (name := read_name(page, glyphs)) is not None:
                fields[key] = name
        else:
            text = clean_chinese(raw)
            fixed = 0
            if key == "scope":
                text, fixed = snap_scope(text)
            elif key == "address":
                text, fixed = snap_terms(text)
            elif key == "registration_authority":
                text, did = snap_whole(text, AUTHORITIES)
                fixed = int(did)
            if text and key == "name" and page.engine == "rapidocr" and _one_line(glyphs, page.ch):
                fields[key] = second_opinion(page, glyph_box(glyphs), text, conf, clean_chinese)
            elif text:
                fields[key] = field(text, conf * (0.92 if fixed else 1.0))
    return fields, warns


def _one_line(glyphs: list[Glyph], ch: float) -> bool:
    tops = [g.box[1] for g in glyphs]
    return max(tops) - min(tops) < 0.5 * ch
