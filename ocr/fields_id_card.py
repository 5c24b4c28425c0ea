"""Fields of the resident identity card (居民身份证), front and back.

The front's layout is fixed: labels 姓名 / 性别 · 民族 / 出生 / 住址 down the left, the values to
their right, the address running on below, the ID number along the bottom. Values are taken
after their label; a label that was misread is stood in for by the line's position.
"""

from __future__ import annotations

import datetime as dt
import re

from ocr import codes
from ocr.engine_tesseract import Glyph
from ocr.fields_common import (
    DOUBTFUL,
    ETHNICITIES,
    field,
    glyph_box,
    glyph_conf,
    longest_code_run,
    read_code,
    read_date,
    read_name,
    reread,
    second_opinion,
    snap,
    verified,
)
from ocr.labels import LabelHit, find_labels, line_glyphs, text_of, value_after
from ocr.normalize import add_years, clean_chinese, to_halfwidth
from ocr.page import Page, TextLine
from ocr.reading import FieldReading, ReadingWarning
from ocr.vocabulary import AUTHORITIES, snap_terms, snap_whole
from ocr.warnings_catalogue import warning

FRONT_LABELS = {"姓名": "name", "性别": "sex", "民族": "ethnicity", "出生": "birth_date",
                "住址": "address", "公民身份号码": "id_number"}  # fmt: skip
BACK_LABELS = {"签发机关": "issuing_authority", "有效期限": "validity",
               "中华人民共和国": "title", "居民身份证": "title"}  # fmt: skip

# Confidence given to a value whose check character or cross-check failed and could not be
# repaired: low enough that no rule relies on it.
# Ceiling for a value repaired by one confusable substitution: usable by a human, not by 秒批.


# --- front ------------------------------------------------------------------------------------


def _id_number(page: Page, today: dt.date) -> tuple[FieldReading | None, list[ReadingWarning], int | None]:
    """Best reading of the ID number and the index of the line it is on."""
    found: list[tuple[int, list[Glyph]]] = []
    for i, line in enumerate(page.lines):
        # Within one segment: a label misread as a letter must not join the number.
        for word in line.words:
            run = longest_code_run(word.glyphs, 15)
            if run:
                found.append((i, run))
    if not found:
        return None, [], None
    # The number is the lowest line; runs of 17-19 characters first.
    found.sort(key=lambda item: (abs(len(item[1]) - 18) > 1, -item[0]))
    number, warns, index = read_code(
        page,
        [run for _, run in found],
        "0123456789X",
        lambda t: codes.id_number_repair(t, today),
        "id_number",
    )
    line_no = found[index][0] if index is not None else None
    if number is not None and number.confidence > DOUBTFUL:
        number, warns = _with_era(number, warns)
    return number, warns, line_no


def _with_era(fr: FieldReading, warns: list[ReadingWarning]
              ) -> tuple[FieldReading, list[ReadingWarning]]:  # fmt: skip
    if not codes.id_region_in_era(fr.value):
        warns = [*warns, warning("region_era", "id_number")]
    return fr, warns


def _is_text(g: Glyph) -> bool:
    return g.conf > 0.6 and ("\u4e00" <= g.text <= "\u9fff" or g.text.isdigit())


def _after(lines: list[TextLine], hits: list[LabelHit], key: str) -> tuple[LabelHit | None, list[Glyph]]:
    for h in hits:
        if h.key == key:
            return h, value_after(lines, h, hits)
    return None, []


_DATE_DIGITS = re.compile(r"(\d{4})\D{0,3}?(\d{1,2})\D{1,3}?(\d{1,2})")


def front_fields(page: Page, today: dt.date | None = None
                 ) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:  # fmt: skip
    today = today or dt.date.today()
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    id_field, id_warns, id_line = _id_number(page, today)
    if id_field:
        fields["id_number"] = id_field
        warns += id_warns
    if id_line is None:
        # No number read: the label of the number's line still ends the address.
        id_line = next((h.line for h in find_labels(page.lines, FRONT_LABELS)
                        if h.key == "id_number"), None)  # fmt: skip
    lines = page.lines if id_line is None else page.lines[:id_line]
    # Card edges and photo borders read as a few Latin letters; positions count text lines only.
    lines = [ln for ln in lines if any(_is_text(g) for g in ln.glyphs)]
    hits = find_labels(lines, FRONT_LABELS)
    by_key = {h.key: h for h in hits}
    # Where the labels end and the values begin: the label column's right edge.
    # The median, since one label misread together with a value character reaches too far.
    rights = sorted(h.x1 for h in hits if h.key in ("name", "sex", "birth_date", "address"))
    label_right = rights[len(rights) // 2] if rights else None

    def positional(index: int) -> list[Glyph]:
        """A line by its place in the layout, minus whatever sits in the label column."""
        if index >= len(lines):
            return []
        x_from = label_right + 0.3 * page.ch if label_right is not None else float("-inf")
        return line_glyphs(lines[index], x_from)

    # name
    hit, glyphs = _after(lines, hits, "name")
    if hit is None and lines:
        glyphs = positional(0)
    if (name := read_name(page, glyphs)) is not None:
        fields["name"] = name

    # sex and ethnicity share a line
    sex_hit, sex_glyphs = _after(lines, hits, "sex")
    eth_hit, eth_glyphs = _after(lines, hits, "ethnicity")
    if sex_hit is None and eth_hit is None and len(lines) > 1:
        row = positional(1)
        sex_glyphs, eth_glyphs = row[:1], row[-1:]
    sex = next((g for g in sex_glyphs if g.text in ("男", "女")), None)
    if sex is not None:
        fields["sex"] = field(sex.text, sex.conf)
    eth_text = clean_chinese(text_of(eth_glyphs)).removesuffix("族")
    eth, score = snap(eth_text, ETHNICITIES, 0.66)
    if not eth and eth_glyphs and page.engine == "rapidocr":
        # A rare character (彝, 畲) that chi_sim cannot read at any scale.
        other = second_opinion(page, glyph_box(eth_glyphs), eth_text, 0.0, clean_chinese)
        eth, score = snap(other.value.removesuffix("族"), ETHNICITIES, 0.66)
        eth_glyphs = [Glyph(other.value, other.confidence, eth_glyphs[0].box)]
    if eth:
        fields["ethnicity"] = field(eth, glyph_conf(eth_glyphs) * (1.0 if score == 1.0 else 0.8))

    # birth date
    hit, glyphs = _after(lines, hits, "birth_date")
    if hit is None and len(lines) > 2:
        glyphs = positional(2)
    # The ID number states the birth date too: among the readings of the printed date, the one
    # agreeing with a confidently read number is taken (``_check_front`` flags disagreement).
    stated = None
    if (
        id_field is not None
        and id_field.confidence > DOUBTFUL
        and (day := codes.id_birth_date(id_field.value))
    ):
        stated = day.isoformat()
    if (born := read_date(page, glyphs, stated)) is not None:
        fields["birth_date"] = born

    # address: after its label, then every further line down to the ID number
    hit = by_key.get("address")
    addr_glyphs: list[Glyph] = []
    if hit is not None:
        _, addr_glyphs = _after(lines, hits, "address")
        x_from = (hit.x1 + 0.3 * page.ch) if label_right is None else label_right + 0.3 * page.ch
        for line in lines[hit.line + 1 :]:
            addr_glyphs = addr_glyphs + line_glyphs(line, x_from)
    elif len(lines) > 3:
        for i in range(3, len(lines)):
            addr_glyphs = addr_glyphs + positional(i)
    # The address stops short of the photo (right ~40% of the card).
    photo_left = 0.61 * page.gray.shape[1]
    addr_glyphs = [g for g in addr_glyphs if (g.box[0] + g.box[2]) / 2 < photo_left]
    address, fixed = snap_terms(clean_chinese(text_of(addr_glyphs)))
    if address:
        fields["address"] = field(address, glyph_conf(addr_glyphs) * (0.92 if fixed else 1.0))

    warns += _check_front(fields, today)
    return fields, warns


def _check_front(fields: dict[str, FieldReading], today: dt.date) -> list[ReadingWarning]:
    """The ID number repeats the birth date and (by parity) the sex: agreement confirms both,
    disagreement makes both doubtful."""
    warns: list[ReadingWarning] = []
    number = fields.get("id_number")
    if number is None or number.confidence <= DOUBTFUL:
        return warns
    born = codes.id_birth_date(number.value)
    printed = fields.get("birth_date")
    if born and printed:
        if printed.value == born.isoformat():
            fields["birth_date"] = field(printed.value, verified(printed.confidence))
        else:
            warns.append(warning(
                "inconsistent", "birth_date",
                detail=f"出生日期 {printed.value} 与身份证号码中的 {born.isoformat()} 不符",
                detail_en=f"the printed birth date {printed.value} differs from "
                          f"{born.isoformat()} in the ID number",
            ))  # fmt: skip
            fields["birth_date"] = field(printed.value, min(printed.confidence, DOUBTFUL))
            # One of the two is misread, and nothing says which.
            fields["id_number"] = field(number.value, min(number.confidence, 0.6))
    sex = fields.get("sex")
    if sex:
        coded = codes.id_sex(number.value)
        if sex.value == coded:
            fields["sex"] = field(sex.value, verified(sex.confidence))
        else:
            warns.append(warning(
                "inconsistent", "sex",
                detail=f"性别“{sex.value}”与身份证号码第17位（{coded}）不符",
                detail_en=f"the printed sex {sex.value} differs from digit 17 of the ID number",
            ))  # fmt: skip
            fields["sex"] = field(sex.value, min(sex.confidence, DOUBTFUL))
    return warns


# --- back -------------------------------------------------------------------------------------

_VALIDITY = re.compile(r"(\d{4})\D?(\d{2})\D?(\d{2})\D{0,3}(?:(\d{4})\D?(\d{2})\D?(\d{2}))?")


def _validity(glyphs: list[Glyph]) -> tuple[dt.date | None, dt.date | None, bool, float, float]:
    """(from, until, long-term, confidence of from, confidence of until)."""
    text = to_halfwidth(text_of(glyphs)).translate(str.maketrans("OoIlZSB", "0011258"))
    m = _VALIDITY.search(text)
    if not m:
        return None, None, False, 0.0, 0.0
    try:
        start = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        start = None
    digit_glyphs = [g for g in glyphs if g.text.isdigit()]
    conf_from = glyph_conf(digit_glyphs[:8])
    until = None
    long_term = False
    conf_until = 0.0
    if m.group(4):
        try:
            until = dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            conf_until = glyph_conf(digit_glyphs[8:16])
        except ValueError:
            until = None
    else:
        tail = [g for g in glyphs if g.text in ("长", "期")]
        rest = text[m.end(3) :]
        if "长" in rest or "期" in rest:
            long_term = True
            conf_until = glyph_conf(tail) if tail else 0.0
    return start, until, long_term, conf_from, conf_until


def validity_span_ok(start: dt.date, until: dt.date | None) -> bool:
    """Cards run 5, 10 or 20 years to the day, or are long-term."""
    if until is None:
        return True
    return any(add_years(start, n) == until for n in (5, 10, 20))


def back_fields(page: Page) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    hits = find_labels(page.lines, BACK_LABELS)
    hit, glyphs = _after(page.lines, hits, "issuing_authority")
    if hit is None:
        # The authority is the line above the validity; titles are at the top.
        val = next((h for h in hits if h.key == "validity"), None)
        if val is not None and val.line > 0:
            glyphs = page.lines[val.line - 1].glyphs[4:]
    authority, fixed = snap_whole(clean_chinese(text_of(glyphs)), AUTHORITIES)
    if authority:
        conf = glyph_conf(glyphs) * (0.92 if fixed else 1.0)
        fields["issuing_authority"] = field(authority, conf)

    hit, glyphs = _after(page.lines, hits, "validity")
    if hit is None:
        for line in page.lines:
            if re.search(r"\d{4}\D?\d{2}\D?\d{2}", to_halfwidth(line.text)):
                glyphs = line.glyphs
    parsed = _validity(glyphs)
    if glyphs and not (parsed[0] and (parsed[1] or parsed[2])
                       and validity_span_ok(parsed[0], parsed[1])):  # fmt: skip
        # A second reading restricted to what the line can hold, kept if it makes more sense.
        again = _validity(reread(page, glyphs, "0123456789.-长期"))
        if again[0] and (again[1] or again[2]) and validity_span_ok(again[0], again[1]):
            parsed = again
    start, until, long_term, conf_from, conf_until = parsed
    if start:
        fields["valid_from"] = field(start.isoformat(), conf_from)
    if until or long_term:
        fields["valid_until"] = field("long-term" if long_term else until.isoformat(), conf_until)
    if start and (until or long_term):
        if validity_span_ok(start, until):
            for key in ("valid_from", "valid_until"):
                fields[key] = field(fields[key].value, verified(fields[key].confidence))
        else:
            warns.append(warning(
                "inconsistent", "valid_until",
                detail="有效期限不是5年、10年、20年或长期",
                detail_en="the validity is not 5, 10 or 20 years or long-term",
            ))  # fmt: skip
            for key in ("valid_from", "valid_until"):
                fields[key] = field(fields[key].value, min(fields[key].confidence, DOUBTFUL))
    elif "valid_from" in fields:
        fields["valid_from"] = field(fields["valid_from"].value,
                                     min(fields["valid_from"].confidence, 0.6))  # fmt: skip
    return fields, warns
