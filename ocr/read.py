"""Reading one uploaded document: decode it, find its text and turn it upright whatever the
framing, read every line, decide the kind from what is printed, take each field from beside
its label, confirm the deciding values with a second voice, and say what was wrong with the
capture (only what is true of it)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import replace

import numpy as np

from ocr import ppocr, quality
from ocr.classify import BOTH_SIDES, classify
from ocr.decode import decode
from ocr.engine_tesseract import EngineError
from ocr.finding import OVERVIEW_SIDE, Found, find_text, print_beyond
from ocr.id_card_fields import back_fields, front_fields
from ocr.layout import group_rows
from ocr.licence_fields import licence_fields
from ocr.normalize import parse_date
from ocr.page import ENGINES, Page
from ocr.reading import KIND_FIELDS, FieldReading, Reading, ReadingWarning
from ocr.text_boxes import TextBox, read_boxes, skew
from ocr.warnings_catalogue import warning

log = logging.getLogger(__name__)

DEFAULT_ENGINE = "combined"
# Older settings name the engines by their first recogniser.
ALIASES = {"rapidocr": "combined"}
# Below this a field is not read well enough to decide on; capture warnings explain why.
DECIDING_CONFIDENCE = 0.9


def engine_name(engine: str | None) -> str:
    name = ALIASES.get(engine or DEFAULT_ENGINE, engine or DEFAULT_ENGINE)
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {engine!r}; one of {tuple(ENGINES)}")
    return name


def read_document(data: bytes, *, engine: str = DEFAULT_ENGINE, filename: str | None = None,
                  today: dt.date | None = None) -> Reading:  # fmt: skip
    """Read one JPEG, PNG or PDF (first page). Raises ``UnsupportedDocument`` for other bytes."""
    engine = engine_name(engine)
    start = time.perf_counter()
    rgb = decode(data)
    try:
        reading = read_image(rgb, engine=engine, today=today)
    except (EngineError, ppocr.ModelsMissing):
        log.exception("OCR engine failed")
        reading = Reading("unknown", warnings=[warning("engine_error")])
    except Exception:  # a bug on one odd picture must not take the caller down with it
        log.exception("reading a document failed")
        reading = Reading("unknown", warnings=[warning("engine_error")])
    reading.file = filename
    reading.seconds = round(time.perf_counter() - start, 4)
    return reading


def read_image(rgb: np.ndarray, *, engine: str = DEFAULT_ENGINE, today: dt.date | None = None) -> Reading:
    engine = engine_name(engine)
    today = today or dt.date.today()
    voice = ENGINES[engine][0]
    found = find_text(rgb)
    boxes, kind = _read_lines(found, voice) if found is not None else ([], "unknown")
    # The overview showed too little to tell a document: a card copied at a fifth of a 150 dpi
    # page's width prints characters 10 px high, 5 px in the overview, where the detector finds
    # a line or two of it at most. Look again at full resolution.
    closer = _closer_look(rgb, voice) if kind == "unknown" else None
    if closer is not None:
        found, boxes, kind = closer
    if found is None:
        return Reading("unknown", warnings=[*_blank_warnings(rgb), warning("not_a_document")])
    fields, warns = _fields(found, boxes, kind, engine, today)
    # A card copied small can print its labels smaller than the overview's detector sees (姓名
    # and 性别 lines missed while the larger lines were found). Where a card's field is missing,
    # or one side was read from a page that may hold more, look again at full resolution, and
    # keep that reading if it has more fields.
    if (
        kind in CARD_KINDS
        and closer is None
        and _worth_a_closer_look(rgb, found, kind, fields)
        and (closer := _closer_look(rgb, voice)) is not None
    ):
        again_found, again_boxes, again_kind = closer
        # Closer, a page of both sides can show the side the overview missed (a back copied
        # below a front, its lines too small for the overview): one side becomes both.
        if again_kind in (kind, BOTH_SIDES):
            again_fields, again_warns = _fields(again_found, again_boxes, again_kind, engine, today)
            if len(again_fields) > len(fields):
                found, fields, warns, again_fields = again_found, again_fields, again_warns, fields
                kind = again_kind
            fields = _surer_where_alike(fields, again_fields)
    return Reading(kind=kind, fields=fields, warnings=_capture_warnings(rgb, found, kind, fields) + warns)


def _surer_where_alike(fields: dict[str, FieldReading], again: dict[str, FieldReading]
                       ) -> dict[str, FieldReading]:  # fmt: skip
    """The kept reading's fields, each replaced by the other look's where that read the same
    value more surely (石毅 at 0.55 in the overview, 0.88 at full resolution). Two looks at one
    picture reading the same value is no doubt; where they differ, the kept reading stands."""
    return {
        name: again[name] if name in again and again[name].value == f.value
        and again[name].confidence > f.confidence else f
        for name, f in fields.items()
    }  # fmt: skip


CARD_KINDS = ("cn_id_card_front", "cn_id_card_back", BOTH_SIDES)
# An upright upload this much taller than wide is a page (A4 is 1.41), not a card (0.63).
PAGE_SHAPE = 1.3


def _one_side_of_a_page(found: Found, kind: str) -> bool:
    """One side of a card read from a page: a 身份证复印件 copies both sides, one above the
    other, and the overview can miss the lines of one of them altogether."""
    w, h = found.upload_size
    if found.turned in (90, 270):
        w, h = h, w
    return kind != BOTH_SIDES and h >= PAGE_SHAPE * w


def _worth_a_closer_look(rgb: np.ndarray, found: Found, kind: str, fields: dict[str, FieldReading]) -> bool:
    """Whether a card's reading may gain from a look at full resolution: a field is missing; or
    one side was read from a page, and the page holds other print (the other side, its lines
    too small for the overview) or a field was read unsurely (a second look that reads it alike
    makes it surer: 石毅 at 0.55 in the overview, 0.88 closer). A single side read surely from
    an otherwise blank page is done: the closer look doubled its time."""
    if any(f not in fields for f in KIND_FIELDS[kind]):
        return True
    if not _one_side_of_a_page(found, kind):
        return False
    return any(f.confidence < DECIDING_CONFIDENCE for f in fields.values()) or print_beyond(rgb, found)


def _closer_look(rgb: np.ndarray, voice: str) -> tuple[Found, list[TextBox], str] | None:
    """The upload's lines found again at full resolution, read, and the kind they make; None
    where the overview did not shrink the upload (nothing closer to see) or nothing is found."""
    if max(rgb.shape[:2]) <= OVERVIEW_SIDE:
        return None
    found = find_text(rgb, closer=True)
    return None if found is None else (found, *_read_lines(found, voice))


def _fields(found: Found, boxes: list[TextBox], kind: str, engine: str, today: dt.date
            ) -> tuple[dict[str, FieldReading], list[ReadingWarning]]:  # fmt: skip
    """The kind's fields read from the found page's lines, each outlined over the upload."""
    page = Page(found.ink, boxes, engine, today, colour=found.page)
    fields: dict[str, FieldReading] = {}
    warns: list[ReadingWarning] = []
    if kind in ("cn_id_card_front", BOTH_SIDES):
        fields, warns = front_fields(page)
    if kind in ("cn_id_card_back", BOTH_SIDES):
        back, back_warns = back_fields(page)
        fields, warns = {**fields, **back}, warns + back_warns
    if kind == "cn_business_licence":
        fields, warns = licence_fields(page)
    return {name: _outlined(f, page, found) for name, f in fields.items()}, warns


def _outlined(reading: FieldReading, page: Page, found: Found) -> FieldReading:
    """The reading with where it is printed, drawn over the upload, in place of its characters."""
    where = tuple(found.in_upload(quad) for quad in page.outlines(reading.chars))
    return replace(reading, where=where or None, chars=())


def _read_lines(found: Found, voice: str) -> tuple[list[TextBox], str]:
    """The page's lines read by ``voice``, top to bottom, and the kind of document they make.
    A licence's last field is the date under 登记机关: what is printed below it (the annual
    report notice, the registry's web address) is not read, which saves a third of the time."""
    frame = skew(found.quads)
    order = sorted(found.quads, key=lambda q: float(frame.uv(q)[:, 1].mean()))
    boxes: list[TextBox] = []
    authority_v: float | None = None
    end_v: float | None = None
    for quad in order:
        if end_v is not None and float(frame.uv(quad)[:, 1].min()) > end_v:
            break
        box = read_boxes(found.ink, [quad], voice, frame)[0]
        boxes.append(box)
        text = box.text.replace(" ", "")
        if authority_v is None and "登记机关" in text:
            authority_v = box.v0
        elif authority_v is not None and end_v is None and box.v0 > authority_v and parse_date(text):
            end_v = box.v1 + 0.5 * box.height
    return boxes, classify(group_rows([b for b in boxes if b.chars]))


def _blank_warnings(rgb: np.ndarray) -> list[ReadingWarning]:
    gray = rgb[..., 0]
    out = []
    if min(rgb.shape[:2]) < quality.MIN_SIDE_PX:
        out.append(warning("too_small"))
    if quality.too_dark(gray):
        out.append(warning("too_dark"))
    return out


def _capture_warnings(rgb: np.ndarray, found: Found, kind: str, fields: dict[str, FieldReading]
                      ) -> list[ReadingWarning]:  # fmt: skip
    """Warnings about the picture. Those that ask for a better one (too small, blurred, dark,
    glare, cut off) are only given when a field was lost or is doubtful: a picture that read
    well needs no retake."""
    out: list[ReadingWarning] = []
    wanted = KIND_FIELDS.get(kind, ())
    poor = [f for f in wanted if f not in fields or fields[f].confidence < DECIDING_CONFIDENCE]
    text, reduced = quality.text_area(found)
    if kind == "unknown":
        out.append(warning("not_a_document"))
    if poor or kind == "unknown":
        char_px = quality.char_height(found) / found.scale
        if quality.too_small(rgb.shape, char_px):
            out.append(warning("too_small"))
        if quality.too_dark(text):
            out.append(warning("too_dark"))
        elif quality.blurred(text, quality.char_height(found) * reduced):
            out.append(warning("blurred"))
        if quality.glare(quality.colour_area(found)):
            out.append(warning("glare"))
        if any(f not in fields for f in wanted) and quality.text_at_edge(found):
            out.append(warning("cut_off"))
    if quality.occluded(found):
        out.append(warning("occluded"))
    if kind == BOTH_SIDES:
        out.append(warning("both_sides"))
    if kind != "unknown" and quality.colourless(quality.colour_area(found)):
        out.append(warning("photocopy"))
    if quality.screen_pattern(np.ascontiguousarray(rgb[..., 1])):
        out.append(warning("screen"))
    return out
