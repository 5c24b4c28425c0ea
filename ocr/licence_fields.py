"""Fields of the business licence (营业执照), landscape 副本 or portrait 正本, anchored on their
printed labels wherever the layout puts them; the credit code is also found by its shape."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from rapidfuzz.distance import Levenshtein

from ocr import codes, seal
from ocr.dropped import fill_dropped, partial_where_gap, restore_dropped
from ocr.field_values import (
    ONE_VOICE,
    agreed,
    char_conf,
    date_of,
    digit_conf,
    field,
    located,
    read_code,
    read_name,
)
from ocr.id_card_fields import code_runs
from ocr.layout import Hit, Layout, text_of
from ocr.normalize import clean_chinese, is_chinese
from ocr.page import Page, Region
from ocr.places import authority_places, nearest_place, restore_address, restore_authority
from ocr.reading import FieldReading, ReadingWarning
from ocr.text_boxes import Char, read_region, recognise_crop

LICENCE_LABELS = {
    "名称": "name",
    "类型": "type",
    "经营者": "operator",
    "投资人": "operator",
    "法定代表人": "operator",
    "负责人": "operator",
    "执行事务合伙人": "operator",
    "经营场所": "address",
    "营业场所": "address",
    "主要经营场所": "address",
    "住所": "address",
    "注册日期": "established_on",
    "成立日期": "established_on",
    "经营范围": "scope",
    "登记机关": "registration_authority",
    "组成形式": "other",
    "注册资本": "other",
    "出资额": "other",
    "出资方式": "other",
    "营业期限": "other",
    "经营期限": "other",
    "合伙期限": "other",
    "统一社会信用代码": "credit_label",
    "营业执照": "title",
}
BUSINESS_TYPES = (
    "个体工商户", "个人独资企业", "有限责任公司", "有限责任公司（自然人独资）",
    "有限责任公司（自然人投资或控股）", "股份有限公司", "普通合伙企业", "农民专业合作社",
)  # fmt: skip
USCC_CHARS = codes.USCC_ALPHABET
# How many lines below its label's row a value may run on.
RUN_ON = {"name": 1, "type": 0, "operator": 0, "address": 2, "established_on": 0, "scope": 14,
          "registration_authority": 1}  # fmt: skip
# Values printed under their label as well as beside it.
BELOW = {"scope", "registration_authority"}


def _credit_code(page: Page, layout: Layout) -> tuple[FieldReading | None, list[ReadingWarning]]:
    alphabet = set(USCC_CHARS) | set(USCC_CHARS.lower()) | set("IOZSV")
    runs = code_runs(layout, alphabet)
    label = layout.first("credit_label")
    if label is not None:
        runs.sort(key=lambda r: (r[0] not in (label.row, label.row + 1), abs(len(r[1]) - 18)))
    for _, run in runs[:2]:
        code, warns = read_code(page, run, valid=codes.credit_code_valid, repair=codes.credit_code_repair,
                                whitelist=USCC_CHARS, name="credit_code")  # fmt: skip
        if code is not None:
            return located(code, run), warns
    return None, []


def _ends_value(chars: list[Char]) -> bool:
    """A line that cannot continue a value: a date, or a business type whose label was lost."""
    return date_of(chars) is not None or clean_chinese(text_of(chars)) in BUSINESS_TYPES


def licence_fields(page: Page) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:
    layout = Layout.of(page.boxes, LICENCE_LABELS)
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    code, code_warns = _credit_code(page, layout)
    if code is not None:
        fields["credit_code"] = code
        warns += code_warns
    for key, run_on in RUN_ON.items():
        for hit in layout.all(key):
            stop = None if key == "established_on" else _ends_value
            lines = layout.value(hit, run_on=run_on, below=key in BELOW, stop=stop)
            if key == "address":
                lines = [restore_dropped(page, line) for line in lines]
            if key == "name":
                lines = [fill_dropped(page, line) for line in lines]
            if key == "scope":
                lines = [_mark_at_end(page, line) for line in lines[:-1]] + lines[-1:]
            chars = [c for line in lines for c in line]
            if not chars:
                continue
            near = _places_named(fields) if key == "registration_authority" else frozenset()
            value = _operator(page, layout, hit, chars) if key == "operator" else _value(key, chars, near)
            if value is not None and key in ("name", "address"):
                value = replace(value, confidence=partial_where_gap(value.confidence, lines))
            reading = located(value, chars)
            if reading is not None:
                fields[key] = reading
                break
    printed = fields.get("registration_authority")
    near = _places_named(fields)
    if printed is None and (by_name := _authority_by_name(layout, near)) is not None:
        fields["registration_authority"] = printed = by_name
    if printed is None or not printed.value.endswith(AUTHORITY_ENDINGS):
        on_seal = _seal_authority(page, near)
        if on_seal is not None:
            fields["registration_authority"] = on_seal
    return fields, warns


def _operator(page: Page, layout: Layout, hit: Hit, chars: list[Char]) -> FieldReading | None:
    """The operator's name, read again from its label's end where it begins later than both
    that and the values printed in the label's column (名称, 类型): the detector can leave a
    rare surname out (逯三 found as 三)."""
    row = layout.rows[hit.row].chars
    # A colon after the label is the label's, not a character of the name.
    label_end = row[hit.i1].u1 if hit.i1 < len(row) and row[hit.i1].text in "：:" else hit.u1
    column = layout.value_starts(("name", "type"), beside=hit)
    return read_name(page, chars, starts_at=max([*column, label_end]), unit=layout.ch, label_end=label_end,
                     label=hit.label)  # fmt: skip


# Marks a scope line can end with, and how far after the line's last character one is looked
# for (in the line's character pitches).
LINE_END_MARKS = "；;，,、。"
MARK_REACH = 1.5


def _mark_at_end(page: Page, line: list[Char]) -> list[Char]:
    """A scope line with the mark at its end that the detector left outside its box (鞋帽零售
    then 体育用品… on the next line: the ； hangs past the text column, and its little ink is
    not a line to the detector). The line's last character is read again with the paper after
    it; a mark is taken only where that character reads as itself followed by the mark alone."""
    last = line[-1] if line else None
    box = page.box_of([last]) if last is not None else None
    if last is None or box is None or last.text in LINE_END_MARKS or not is_chinese(last.text):
        return line
    # Characters are set at an even pitch; the recogniser places each narrower than its glyph.
    centres = [(c.u0 + c.u1) / 2 for c in box.chars if c.text.strip()]
    pitch = float(np.median(np.diff(centres))) if len(centres) >= 3 else box.height
    again = read_region(page.ink, box, last.u0 - 0.4 * pitch, last.u1 + MARK_REACH * pitch, page.primary,
                        grow=0.0)  # fmt: skip
    if len(again) == 2 and again[0].text == last.text and again[1].text in LINE_END_MARKS:
        return [*line, again[1]]
    return line


def _value(key: str, chars: list[Char], near: frozenset[str] = frozenset()) -> FieldReading | None:
    if key == "established_on":
        day = date_of(chars)
        return field(day.isoformat(), digit_conf(chars)) if day else None
    text = clean_chinese(text_of(chars))
    if key != "scope":
        # A scope printed right after another value on its line begins with its heading.
        text = re.split(r"(?:一般|许可)项目[:：]", text)[0]
    if key == "name" and text.count("（") > text.count("）") and text.endswith("个人独资"):
        text += "）"  # the closing bracket at the end of the line, lost to the edge of a crop
    if not text:
        return None
    if key == "scope":
        text = _scope(text)
    elif key == "registration_authority":
        text = _authority_name(text, near)
    elif key == "address":
        text = restore_address(text)
    return field(text, char_conf(chars))


# How registration authorities' names end (the seal is stamped over them, so they are the
# worst-read text on a licence).
AUTHORITY_ENDINGS = ("市场监督管理局", "行政审批局", "工商行政管理局", "市场监管局")


def _authority(text: str) -> str:
    """A misread ending (市场监管理局, 市场监督官理局, 市场监督管理局）) restored to the ending it
    nearly is; the place name before it is left as read."""
    text = text.rstrip("）)」】")
    # Whatever follows the ending (a notice printed under it, the seal's ring text) is not the
    # authority's name.
    ends = [m.end() for m in re.finditer("|".join(AUTHORITY_ENDINGS), text)]
    if ends:
        return text[: ends[0]]
    for ending in AUTHORITY_ENDINGS:
        for cut in range(len(ending) - 1, len(ending) + 2):
            tail = text[-cut:] if cut <= len(text) else ""
            if tail and tail != ending and _one_edit(tail, ending):
                return text[: len(text) - cut] + ending
    return text


def _authority_by_name(layout: Layout, near: frozenset[str] = frozenset()) -> FieldReading | None:
    """The authority when its label 登记机关 was not read (the seal stamped over it): the one line
    that is a listed place followed by an authority's ending, wherever it is. Found by what it
    says rather than where, it stays below the decision threshold."""
    found = []
    for row in layout.rows:
        for box in row.boxes:
            text = _authority_name(text_of(box.chars), near)
            ending = next((e for e in AUTHORITY_ENDINGS if text.endswith(e)), None)
            if ending and text[: -len(ending)] in authority_places():
                found.append(located(field(text, min(ONE_VOICE, char_conf(box.chars))), box.chars))
    return found[0] if len(found) == 1 else None


# A name read from a seal's curved rim by one recogniser is never sure: the rim is unrolled from
# an estimate of the ring, and a stamp's ink is uneven.
SEAL_ONE_VOICE = 0.85


def _seal_authority(page: Page, near: frozenset[str] = frozenset()) -> FieldReading | None:
    """The authority's name on the rim of its seal, for licences that print it nowhere else
    (登记机关 with the seal stamped beside it): the largest seal whose rim reads as an
    authority's name."""
    if page.colour is None:
        return None
    tried: list[seal.Seal] = []
    for ink in (seal.REDNESS, *seal.FAINT_REDNESS):
        # A faint stamp is found only at a lower redness; one already read is not read again.
        for found in seal.find_seals(page.colour, ink=ink)[:3]:
            if any(seal.same_seal(found, t) for t in tried):
                continue
            tried.append(found)
            if (reading := _rim_authority(page, found, near)) is not None:
                return reading
    return None


def _rim_authority(page: Page, found: seal.Seal, near: frozenset[str] = frozenset()) -> FieldReading | None:
    """The authority's name on the rim of ``found``, or None when the rim reads as none."""
    line = seal.rim_line(page.colour, found)
    if line is None:
        return None
    read, confs = _line_text(line, page.primary)
    text = _authority_name(read, near)
    if not text.endswith(AUTHORITY_ENDINGS) or not confs:
        return None
    conf = min(SEAL_ONE_VOICE, 0.5 * float(np.mean(confs)) + 0.5 * min(confs))
    if page.independent and _authority_name(_line_text(line, page.second)[0], near) == text:
        conf = agreed(conf)
    return FieldReading(text, round(conf, 4), chars=(Region(found.quad()),))


def _authority_name(read: str, near: frozenset[str] = frozenset()) -> str:
    """A regulator's name as read, its ending restored, then its place restored: first from the
    places the licence's own address names (``near``; a business is registered where it is),
    then from the closed list of places (one character, or two in a long name, and only where
    one place is that close)."""
    text = _authority(clean_chinese(read))
    for ending in AUTHORITY_ENDINGS:
        if text.endswith(ending) and (named := _nearest_of(text[: -len(ending)], near)) is not None:
            return named + ending
    text = restore_authority(text)
    for ending in AUTHORITY_ENDINGS:
        if text.endswith(ending):
            place = text[: -len(ending)]
            listed = authority_places()
            if ending.startswith("市") and place not in listed and place + "市" in listed:
                # 昆山市市场监督管理局 read as 昆山市场…: a recogniser merges a character printed
                # twice in a row into one.
                place += "市"
            return nearest_place(place) + ending
    return text


def _places_named(fields: dict[str, FieldReading]) -> frozenset[str]:
    """The regulators' places the licence's address names: 河北省石家庄市长安区… names 石家庄市
    and 石家庄市长安区."""
    address = fields["address"].value if "address" in fields else ""
    return frozenset(p for p in authority_places() if p in address)


def _nearest_of(place: str, near: frozenset[str]) -> str | None:
    """The one place of ``near`` that ``place`` is, or is a few misread characters from (义市 for
    义乌市, 京庄市长安区 for 石家庄市长安区: a third of its characters at most)."""
    if place in near:
        return place
    scored = sorted((Levenshtein.distance(place, p), p) for p in near)
    close = [(d, p) for d, p in scored if d <= max(1, len(p) // 3)]
    if not close or (len(close) > 1 and close[1][0] == close[0][0]):
        return None
    return close[0][1]


def _line_text(line: np.ndarray, voice: str) -> tuple[str, list[float]]:
    got = recognise_crop(line, voice)
    return "".join(g[0] for g in got), [g[1] for g in got if g[0].strip()]


def _one_edit(a: str, b: str) -> bool:
    """One character substituted, dropped or added; the first character kept."""
    if a[:1] != b[:1] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# The sentences the registration rules fix after each part of a scope (经营范围规范表述): after
# the licensed items, and after the general ones.
SCOPE_TAILS = (
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）",
    # The wording since the 2021 catalogue, on licences issued from then.
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）",
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
)


def _scope(text: str) -> str:
    """Items separated by the full-width semicolon, as licences print them. A colon only follows
    许可项目 or 一般项目; anywhere else it is a semicolon misread (the two differ by a dot). The
    radical 丶 is no word of a scope: between two characters it is the enumeration comma 、
    (广告设计、代理). The fixed sentences after each part are restored where a stretch of the
    text is that close to one (a comma lost or read as a middle dot), and a full stop after
    the first read as a degree sign or a dot is a full stop."""
    text = text.replace(";", "；").replace(":", "：")
    text = re.sub(r"(?<=[\u3400-\u9fff])丶(?=[\u3400-\u9fff])", "、", text)
    text = re.sub(r"(?<!项目)：", "；", text)
    # The two headings are the only words of a scope ending in 项目 before a colon, and 项目
    # after 一般 or 许可 is always a heading: a heading's first character or its colon lost
    # (。般项目：, 一般项目家政服务) is put back.
    text = re.sub(r"一[^般可许\W]项目：", "一般项目：", text)  # 一投项目：
    text = re.sub(r"(?<!一)般项目：", "一般项目：", text)
    text = re.sub(r"(?<!许)可项目：", "许可项目：", text)
    text = re.sub(r"(一般|许可)项目；?(?!：)", r"\1项目：", text)
    # A scope with headings begins with one: a character before it is the line above's edge.
    text = re.sub(r"^[^；]{1,2}(?=(?:一般|许可)项目：)", "", text)
    for tail in SCOPE_TAILS:
        text = _restore_fixed(text, tail)
    # The licensed part ends with a full stop before 一般项目, read as another mark or lost.
    text = re.sub(r"(?<=为准）)[°·.,，]?(?=一般项目：)", "。", text)
    text = re.sub(r"；+", "；", text).strip("；")
    # A scope never ends inside a bracket: its last, closing one was lost past the line's end.
    if text.rfind("（") > text.rfind("）"):
        text += "）"
    return text


def _restore_fixed(text: str, sentence: str) -> str:
    """``text`` with the stretch nearest ``sentence`` replaced by it, where one is within a tenth
    of its length in edits. The stretch is found wherever it lies, so a bracket read as another
    mark or lost (…为一般项目, …项目外）凭…) does not hide it."""
    if sentence in text:
        return text
    n, most = len(sentence), len(sentence) // 10
    # A heading after the sentence is never part of it (…为一般项目 is 为准）一般项目, not 为准）项目).
    headings = [m.span() for m in re.finditer("(?:一般|许可)项目", text)]
    best: tuple[tuple[int, int], int, int] | None = None
    for length in range(n - most, n + most + 1):
        for i in range(len(text) - length + 1):
            if any(i < end and start < i + length for start, end in headings):
                continue
            d = Levenshtein.distance(text[i : i + length], sentence, score_cutoff=most)
            if d <= most and (best is None or (d, abs(length - n)) < best[0]):
                best = ((d, abs(length - n)), i, length)
    if best is None:
        return text
    _, i, length = best
    return text[:i] + sentence + text[i + length :]
