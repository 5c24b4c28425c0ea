"""Fields of the resident identity card (居民身份证), both sides, anchored on their printed
labels (姓名, 性别, 民族, 出生, 住址, 公民身份号码; 签发机关, 有效期限) wherever the card puts
them, with the ID number and the validity dates also found by their shape."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from ocr import codes, ppocr, quality
from ocr.dropped import partial_where_gap, restore_dropped
from ocr.ethnicity import listed, read_ethnicity
from ocr.field_values import (
    DOUBTFUL,
    HESITANT,
    ONE_VOICE,
    char_conf,
    confirmed,
    date_looks,
    date_of,
    digit_conf,
    field,
    located,
    read_code,
    read_name,
)
from ocr.layout import Layout, text_of
from ocr.normalize import add_years, clean_chinese, parse_date, to_halfwidth
from ocr.page import Page
from ocr.places import restore_address, restore_authority
from ocr.reading import FieldReading, ReadingWarning
from ocr.text_boxes import Char, sub_quad
from ocr.warnings_catalogue import warning

FRONT_LABELS = {"姓名": "name", "性别": "sex", "民族": "ethnicity", "出生": "birth_date",
                "住址": "address", "公民身份号码": "id_number"}  # fmt: skip
BACK_LABELS = {"签发机关": "issuing_authority", "有效期限": "validity",
               "中华人民共和国": "title", "居民身份证": "title"}  # fmt: skip

_CODE_CHAR = set("0123456789Xx×")
ID_CHARS = "0123456789X"


def code_runs(layout: Layout, alphabet: set[str], min_len: int = 15) -> list[tuple[int, list[Char]]]:
    """(row, chars) of every run of at least ``min_len`` code characters, longest first."""
    runs = []
    for ri, row in enumerate(layout.rows):
        run: list[Char] = []
        for c in [*row.chars, None]:
            if c is not None and to_halfwidth(c.text).upper() in alphabet:
                run.append(c)
                continue
            if len(run) == codes.CODE_LENGTH - 1 and c is not None and c.text.strip():
                # One character short, then one no code has: the last character misread (J as
                # ")"), which the second voice reads again.
                run.append(c)
            if len(run) >= min_len:
                runs.append((ri, run))
            run = []
    return sorted(runs, key=lambda r: (abs(len(r[1]) - 18), -r[0]))


def _id_number(page: Page, layout: Layout) -> tuple[FieldReading | None, list[ReadingWarning], int | None]:
    runs = code_runs(layout, _CODE_CHAR | {c.lower() for c in _CODE_CHAR})
    label = layout.first("id_number")
    if label is not None:
        # The number beside or under its label comes first.
        runs.sort(key=lambda r: (r[0] not in (label.row, label.row + 1, label.row - 1),
                                 abs(len(r[1]) - 18)))  # fmt: skip
    for ri, run in runs[:2]:
        number, warns = read_code(page, run, valid=lambda t: codes.id_number_valid(t, page.today),
                                  repair=lambda t: codes.id_number_repair(t, page.today),
                                  whitelist=ID_CHARS, name="id_number")  # fmt: skip
        completed = _check_under_cover(page, run) if number is None or number.confidence < ONE_VOICE else None
        if completed is not None:
            number, run = completed, run[: codes.CODE_LENGTH - 1]
            warns = [warning("check_covered", "id_number")]
        if number is not None:
            if number.confidence > DOUBTFUL and not codes.id_region_in_era(number.value):
                warns = [*warns, warning("region_era", "id_number")]
            return located(number, run), warns, ri
    return None, [], None


# Of the place after a number's 17th character, the share that must be skin-coloured for its
# check character to count as under a finger; of the 17th's own place, the most that may be (a
# digit half under the finger is read as another by both voices: 3 as 7).
COVERED_SHARE = 0.4
CLEAR_SHARE = 0.02


def _check_under_cover(page: Page, run: list[Char]) -> FieldReading | None:
    """An ID number whose check character is under a finger: the first 17, read alike by both
    voices, determine it (GB 11643). Two voices agreeing on 17 digits are as sure as one voice
    passing its check character, so the number is worth ``ONE_VOICE`` (a statement of the same
    number confirms it; nothing else does). Only the check character is ever worked out: a
    digit of the number proper under a finger is lost."""
    head = run[: codes.CODE_LENGTH - 1]
    body = to_halfwidth(text_of(head))
    if len(head) < codes.CODE_LENGTH - 1 or not body.isdigit() or not _covered_after(page, head):
        return None
    number = body + codes.id_check_char(body)
    if not codes.id_number_valid(number, page.today):
        return None
    if any(codes.clean_code(text_of(look))[: len(head)] == body for look in page.looks(head, ID_CHARS)):
        return field(number, min(char_conf(head), ONE_VOICE))
    return None


def _covered_after(page: Page, chars: list[Char]) -> bool:
    """Whether the place of one more character after ``chars`` is under a finger while the last
    of them is clear of it."""
    box = page.box_of(chars)
    if box is None or page.colour is None:
        return False
    last, pitch = chars[-1], (chars[-1].u1 - chars[0].u0) / len(chars)

    def skin_share(u_from: float, u_to: float) -> float:
        crop = ppocr.crop_quad(page.colour, sub_quad(box, u_from, u_to))
        return float(quality.skin(crop).mean()) if crop.size else 0.0

    if skin_share(last.u1 + 0.15 * pitch, last.u1 + 1.1 * pitch) < COVERED_SHARE:
        return False
    return skin_share(last.u1 - pitch, last.u1 + 0.1 * pitch) <= CLEAR_SHARE


def _stop_at_number(chars: list[Char]) -> bool:
    text = to_halfwidth(text_of(chars))
    return sum(ch.isdigit() for ch in text) >= 12 or "公民" in text or "身份号码" in text


def front_fields(page: Page) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:
    layout = Layout.of(page.boxes, FRONT_LABELS)
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    number, number_warns, number_row = _id_number(page, layout)
    if number is not None:
        fields["id_number"] = number
        warns += number_warns

    if (hit := layout.first("name")) is not None:
        chars = layout.same_row(hit)
        name = read_name(page, chars, starts_at=_value_column(layout), unit=layout.ch, label_end=hit.u1,
                         label=hit.label)  # fmt: skip
        if name is not None:
            fields["name"] = located(name, chars)
    elif (chars := _name_by_place(layout)) and (name := located(read_name(page, chars), chars)):
        fields["name"] = name

    if (hit := layout.first("sex")) is not None:
        sex = next((c for c in layout.same_row(hit) if c.text in ("男", "女")), None)
        if sex is not None:
            fields["sex"] = located(field(sex.text, sex.conf), [sex])

    if (hit := layout.first("ethnicity")) is not None:
        label = layout.rows[hit.row].chars[hit.i0 : hit.i1]
        ethnicity = read_ethnicity(page, layout.same_row(hit), label=label, unit=layout.ch)
    else:
        ethnicity = read_ethnicity(page, _ethnicity_unlabelled(layout))
    if ethnicity is not None:
        fields["ethnicity"] = ethnicity

    born_row: int | None = None
    if (hit := layout.first("birth_date")) is not None:
        born_row, chars = hit.row, layout.same_row(hit)
    elif (born_row := _date_row(layout, number_row)) is not None:
        # 出生 misread: the birth date is the row above the number that is a date.
        chars = layout.rows[born_row].chars
    if born_row is not None:
        born, born_warns = _birth_date(page, chars, fields.get("id_number"))
        if born is not None:
            fields["birth_date"] = located(born, chars)
        warns += born_warns

    if (hit := layout.first("address")) is not None:
        lines = layout.value(hit, run_on=3, stop=_stop_at_number)
    else:
        lines = _address_by_place(layout, number_row, born_row)
    lines = [restore_dropped(page, line) for line in lines]
    address = restore_address(clean_chinese("".join(text_of(line) for line in lines)))
    if address:
        inked = [c for line in lines for c in line]
        fields["address"] = located(field(address, partial_where_gap(char_conf(inked), lines)), inked)

    warns += _check_sex(fields)
    return fields, warns


def _ethnicity_unlabelled(layout: Layout) -> list[Char]:
    """The ethnicity's characters where 民族 was not read as such: the recogniser misread 族
    (民旅汉, 民旗汉 on a card copied small onto a page) or left it out (民藏). What follows 民
    and the hesitant character, or 民 itself, if that is a listed ethnicity as read."""
    for row in layout.rows:
        inked = [c for c in row.chars if c.text.strip()]
        for i, c in enumerate(inked[:-1]):
            if c.text != "民" or inked[i + 1].text == "族":
                continue
            after = inked[i + 2 :] if inked[i + 1].conf < HESITANT else inked[i + 1 :]
            if listed(after) is not None:
                return after
    return []


def _value_column(layout: Layout) -> float | None:
    """Where the front's values begin: the card prints the name, sex, birth date and address
    values in one column after their labels. The median of the rows other than the name's."""
    starts = layout.value_starts(("sex", "birth_date", "address"))
    return float(np.median(starts)) if len(starts) >= 2 else None


def _date_row(layout: Layout, number_row: int | None) -> int | None:
    """The row within four above the ID number that holds a date written with 年 (the birth
    date's; a back's validity beside the front is written with dots)."""
    if number_row is None:
        return None
    return next((ri for ri in range(max(0, number_row - 4), number_row) if "年" in layout.rows[ri].text
                 and date_of(layout.rows[ri].chars) is not None), None)  # fmt: skip


def _name_by_place(layout: Layout) -> list[Char]:
    """The name when its label 姓名 was not read (a finger over it, a stain): the row just above
    性别/民族, from the value column on (what is left of the label stays out)."""
    below = layout.first("sex") or layout.first("ethnicity")
    column = _value_column(layout)
    if below is None or below.row == 0 or column is None:
        return []
    row, under = layout.rows[below.row - 1], layout.rows[below.row]
    if under.v0 - row.v1 > NAME_ROW_GAP * layout.ch:
        return []
    return [c for c in row.chars if c.u0 >= column - 0.5 * layout.ch]


# How far above 性别 the name's row may end, in line heights (the card leaves about one).
NAME_ROW_GAP = 2.5


def _address_by_place(layout: Layout, number_row: int | None, born_row: int | None) -> list[list[Char]]:
    """The address when its label 住址 was misread: the lines between the birth date and the
    ID number, right of the label column (where the other values start)."""
    above_row = born_row
    if above_row is None and (above := layout.first("sex") or layout.first("ethnicity")) is not None:
        above_row = above.row
    if above_row is None or number_row is None or number_row - above_row > 4:
        return []
    starts = [v[0].u0 for h in layout.hits if h.key in ("name", "birth_date", "sex")
              if (v := layout.same_row(h))]  # fmt: skip
    if not starts:
        return []
    column = min(starts) - 0.5 * layout.ch
    return [line for ri in range(above_row + 1, number_row)
            if (line := [c for c in layout.rows[ri].chars if c.u0 >= column])]  # fmt: skip


def _birth_date(page: Page, chars: list[Char], number: FieldReading | None
                ) -> tuple[FieldReading | None, list[ReadingWarning]]:  # fmt: skip
    """The printed birth date, confirmed by the ID number (another printing of it, read by both
    voices) or by a second look. A disagreement with a confirmed number makes both doubtful."""
    printed = date_of(chars)
    looks = list(itertools.islice(date_looks(page, chars), 3)) if printed is None else None
    conf = digit_conf(chars)
    stated = codes.id_birth_date(number.value) if number is not None else None
    if number is not None and number.confidence >= 0.9 and stated is not None:
        if printed == stated:
            return field(printed.isoformat(), confirmed(conf, page)), []
        looks = list(date_looks(page, chars)) if looks is None else looks
        if stated in looks:
            return field(stated.isoformat(), confirmed(conf, page) - 0.01), []
        shown = printed or next(iter(looks), None)
        if shown is None:
            return None, []
        return field(shown.isoformat(), min(conf, DOUBTFUL)), [warning(
            "inconsistent", "birth_date",
            detail=f"出生日期 {shown.isoformat()} 与身份证号码中的 {stated.isoformat()} 不符",
            detail_en=f"the printed birth date {shown.isoformat()} differs from "
                      f"{stated.isoformat()} in the ID number",
        )]  # fmt: skip
    if printed is None:
        return (field(looks[0].isoformat(), min(conf, ONE_VOICE * 0.9)) if looks else None), []
    agreed_by = any(day == printed for day in date_looks(page, chars))
    return field(printed.isoformat(), confirmed(conf, page) if agreed_by else min(conf, ONE_VOICE)), []


def _check_sex(fields: dict[str, FieldReading]) -> list[ReadingWarning]:
    """The ID number's 17th digit states the sex too (odd: 男)."""
    number, sex = fields.get("id_number"), fields.get("sex")
    if number is None or sex is None or number.confidence <= DOUBTFUL:
        return []
    coded = codes.id_sex(number.value)
    if sex.value == coded:
        fields["sex"] = replace(sex, confidence=max(sex.confidence, min(number.confidence, 0.99)))
        return []
    fields["sex"] = replace(sex, confidence=min(sex.confidence, DOUBTFUL))
    return [warning("inconsistent", "sex", detail=f"性别“{sex.value}”与身份证号码第17位（{coded}）不符",
                    detail_en=f"the printed sex {sex.value} differs from digit 17 of the ID number")]


# --- back ---------------------------------------------------------------------------------

_RANGE = re.compile(
    r"(\d{4})\D?(\d{1,2})\D?(\d{1,2})\D{0,3}?(?:(\d{4})\D?(\d{1,2})\D?(\d{1,2})|(长期|长|期))"
)


def _parse_validity(text: str) -> tuple[str, str] | None:
    """(valid_from, valid_until) as ISO dates or "long-term", from 2013.07.05-2033.07.05."""
    text = to_halfwidth(re.sub(r"\s+", "", text)).translate(str.maketrans("OoIlZSB", "0011258"))
    m = _RANGE.search(text)
    if not m:
        return None
    start = parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    if start is None:
        return None
    if m.group(7):
        return start.isoformat(), "long-term"
    until = parse_date(f"{m.group(4)}-{m.group(5)}-{m.group(6)}")
    return (start.isoformat(), until.isoformat()) if until else None


def _validity_looks(page: Page, chars: list[Char]) -> Iterator[tuple[str, str]]:
    """The validity as each second look reads it, with the English model (cards print the dates
    with dots and a hyphen). 长期 is not looked at again: no misread date looks like it, and a
    card that never expires is decided by its start alone."""
    digits = [c for c in chars if c.text not in "长期"]
    long_term = len(digits) < len(chars)
    for look in page.looks(digits, "0123456789.-"):
        text = text_of(look)
        if long_term:
            # The start date; what the crop caught of 长 after the hyphen is not read. Tesseract
            # can pass over the small dots (20260407-), so eight digits in a row are a date too.
            start = re.search(r"\d{4}\.\d{1,2}\.\d{1,2}|(?<!\d)\d{8}(?!\d)", text)
            text = start.group(0) + "-长期" if start else ""
        if (got := _parse_validity(text)) is not None:
            yield got


def _issuer(text: str) -> str:
    """An issuing authority ends with its 分局 (or, for a county's own, its 公安局): what the
    line holds after that is not part of its name."""
    for ending in ("分局", "公安局"):
        if ending in text:
            return text[: text.rindex(ending) + len(ending)]
    return text


def _from_first_digit(chars: list[Char]) -> list[Char]:
    """A validity's characters without what its row holds before the dates: the rest of a label
    that was not read whole (效期限 with 有 under a finger), which no second look reads as digits."""
    first = next((i for i, c in enumerate(chars) if to_halfwidth(c.text).isdigit()), 0)
    return chars[first:]


def _is_validity(chars: list[Char]) -> bool:
    return _parse_validity(text_of(chars)) is not None


def span_ok(valid_from: str, valid_until: str) -> bool:
    """Cards run 5, 10 or 20 years to the day, or are long-term."""
    if valid_until == "long-term":
        return True
    start, until = parse_date(valid_from), parse_date(valid_until)
    return start is not None and until is not None and any(add_years(start, n) == until for n in (5, 10, 20))


def back_fields(page: Page) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:
    layout = Layout.of(page.boxes, BACK_LABELS)
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    if (hit := layout.first("issuing_authority")) is not None:
        lines = layout.value(hit, run_on=1, below=True, stop=_is_validity)
        authority = restore_authority(_issuer(clean_chinese("".join(text_of(line) for line in lines))))
        if authority:
            inked = [c for line in lines for c in line]
            fields["issuing_authority"] = located(field(authority, char_conf(inked)), inked)

    chars: list[Char] = []
    if (hit := layout.first("validity")) is not None:
        chars = [c for line in layout.value(hit, below=True) for c in line]
    if _parse_validity(text_of(chars)) is None:
        chars = next((_from_first_digit(row.chars) for row in layout.rows if _parse_validity(row.text)), [])
    if not chars:
        return fields, warns
    validity = _parse_validity(text_of(chars))
    if validity is None:
        return fields, warns
    conf = digit_conf(chars)
    if not span_ok(*validity):
        conf = min(conf, DOUBTFUL)
        warns.append(warning("inconsistent", "valid_until", detail="有效期限不是5年、10年、20年或长期",
                             detail_en="the validity is not 5, 10 or 20 years or long-term"))  # fmt: skip
    elif any(again == validity for again in _validity_looks(page, chars)):
        conf = confirmed(conf, page)
    else:
        conf = min(conf, ONE_VOICE)
    fields["valid_from"] = located(field(validity[0], conf), chars)
    fields["valid_until"] = located(field(validity[1], conf), chars)
    return fields, warns
