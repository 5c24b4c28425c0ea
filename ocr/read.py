"""Reading one uploaded document: decode, find and flatten the document, turn it upright, find
its text lines, OCR them, decide the kind from what is printed, extract and check the fields,
and say what was wrong with the capture."""

from __future__ import annotations

import datetime as dt
import logging
import time

import cv2
import numpy as np

from ocr import quality
from ocr.classify import classify
from ocr.decode import decode
from ocr.engine_tesseract import EngineError
from ocr.fields_id_card import back_fields, front_fields
from ocr.fields_licence import licence_fields
from ocr.lines import find_segments, group_lines, suppress_red
from ocr.locate import find_document
from ocr.orientation import upright
from ocr.page import read_page
from ocr.reading import KIND_FIELDS, Reading, ReadingWarning
from ocr.warnings_catalogue import warning

log = logging.getLogger(__name__)

# "rapidocr": Tesseract for everything, plus RapidOCR's recogniser as a second reader of names.
ENGINES = ("tesseract", "rapidocr")
# Work on pictures no bigger than this: the finest text (licence body) stays ~20 px tall.
MAX_WORK_SIDE = 2400
MAX_DOC_SIDE = 2000
# Document height in character heights: an ID card's name line is ~1/17 of the card, a
# licence's body text ~1/60 of the page.
CARD_LINES = 17
LICENCE_LINES = 60


def _fit(rgb: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    h, w = rgb.shape[:2]
    scale = side / max(h, w)
    if scale >= 1:
        return rgb, 1.0
    return cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA), scale


def read_document(data: bytes, *, engine: str = "tesseract", filename: str | None = None,
                  today: dt.date | None = None) -> Reading:  # fmt: skip
    """Read one JPEG, PNG or PDF (first page). Raises ``UnsupportedDocument`` for other bytes."""
    if engine not in ENGINES:
        raise ValueError(f"unknown OCR engine {engine!r}; one of {ENGINES}")
    start = time.perf_counter()
    rgb = decode(data)
    try:
        reading = read_image(rgb, engine=engine, today=today)
    except EngineError:
        log.exception("OCR engine failed")
        reading = Reading("unknown", warnings=[warning("engine_error")])
    except Exception:  # a bug on one odd picture must not take the caller down with it
        log.exception("reading a document failed")
        reading = Reading("unknown", warnings=[warning("engine_error")])
    reading.file = filename
    reading.seconds = round(time.perf_counter() - start, 4)
    return reading


def read_image(rgb: np.ndarray, *, engine: str = "tesseract", today: dt.date | None = None
               ) -> Reading:  # fmt: skip
    today = today or dt.date.today()
    raw_shape = rgb.shape
    work, work_scale = _fit(rgb, MAX_WORK_SIDE)
    located = find_document(work)
    doc, doc_scale = _fit(located.image, MAX_DOC_SIDE)
    gray = suppress_red(doc)
    doc, gray, turned = upright(doc, gray)
    segments, ch = find_segments(gray)
    lines = group_lines(segments)

    page = read_page(gray, lines, ch, engine)
    kind, _score = classify(page)
    if kind == "unknown" and located.outline_found:
        # A document was found but no text: the character height was probably estimated from
        # security print or shadows. Try the heights the known layouts print at.
        for guess in (gray.shape[0] / CARD_LINES, gray.shape[0] / LICENCE_LINES):
            segments, guess_ch = find_segments(gray, guess)
            retry = read_page(gray, group_lines(segments), guess_ch, engine)
            retry_kind, _ = classify(retry)
            if retry_kind != "unknown":
                page, kind, ch = retry, retry_kind, guess_ch
                break
    # Character height in the uploaded picture's pixels, for the too-small test.
    char_px = ch / (work_scale * doc_scale) if ch else 0.0

    fields: dict = {}
    warns: list[ReadingWarning] = []
    if kind == "cn_id_card_front":
        fields, warns = front_fields(page, today)
    elif kind == "cn_id_card_back":
        fields, warns = back_fields(page)
    elif kind == "cn_business_licence":
        fields, warns = licence_fields(page)

    capture = _capture_warnings(raw_shape, located, doc, gray, ch, char_px, kind, fields, page)
    if quality.screen_pattern(cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)):
        capture.append(warning("screen"))
    return Reading(kind=kind, fields=fields, warnings=capture + warns)


def _capture_warnings(raw_shape, located, doc, gray, ch, char_px, kind, fields, page
                      ) -> list[ReadingWarning]:  # fmt: skip
    out: list[ReadingWarning] = []
    n_glyphs = sum(len(ln.glyphs) for ln in page.lines)
    if quality.too_small(raw_shape, char_px):
        out.append(warning("too_small"))
    if quality.too_dark(gray):
        out.append(warning("too_dark"))
    elif n_glyphs and quality.blurred(gray, ch):
        out.append(warning("blurred"))
    if quality.glare(doc):
        out.append(warning("glare"))
    missing = [f for f in KIND_FIELDS.get(kind, ()) if f not in fields]
    if located.touches_edge and (missing or not located.outline_found):
        out.append(warning("cut_off"))
    if kind == "unknown":
        out.append(warning("not_a_document"))
    if kind != "unknown" and quality.colourless(doc):
        out.append(warning("photocopy"))
    return out
