"""Tesseract, called in-process through tesserocr when available (the model stays loaded, so a
small crop costs milliseconds), else through the ``tesseract`` command via pytesseract.

Both paths return the same thing: glyphs with Tesseract's own per-character confidence and box,
which is what field confidences are built from.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

# Tesseract's OpenMP threads fight each other when several documents are read at once; one
# thread per process measured 3-4x faster overall.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

try:  # pragma: no cover - depends on the installed wheel
    import tesserocr
except ImportError:  # pragma: no cover
    tesserocr = None


def limit_threads() -> None:
    """One thread per worker process: parallelism comes from the processes."""
    import cv2

    cv2.setNumThreads(1)


_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)


@dataclass(frozen=True)
class Glyph:
    text: str
    conf: float  # 0..1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the crop given to the engine
    word_start: bool = False


class EngineError(RuntimeError):
    """The OCR engine could not run (not installed, language data missing)."""


@functools.lru_cache(maxsize=1)
def tessdata_dir() -> str:
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = ([env, os.path.join(env, "tessdata")] if env else []) + list(_TESSDATA_DIRS)
    for path in candidates:
        if path and os.path.isfile(os.path.join(path, "chi_sim.traineddata")):
            return path
    raise EngineError("Tesseract language data chi_sim not found (apt install tesseract-ocr-chi-sim)")


_local = threading.local()


def _api(lang: str):
    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    if lang not in apis:
        apis[lang] = tesserocr.PyTessBaseAPI(
            path=tessdata_dir() + "/", lang=lang, oem=tesserocr.OEM.LSTM_ONLY
        )
    return apis[lang]


def recognise(
    gray: np.ndarray, *, psm: int = 7, whitelist: str | None = None, lang: str = "chi_sim"
) -> list[Glyph]:
    """Glyphs of the text in ``gray`` (uint8), in reading order."""
    if gray.size == 0 or gray.shape[0] < 4 or gray.shape[1] < 4:
        return []
    if tesserocr is None:
        return _recognise_cli(gray, psm=psm, whitelist=whitelist, lang=lang)
    api = _api(lang)
    api.SetPageSegMode(psm)
    api.SetVariable("tessedit_char_whitelist", whitelist or "")
    api.SetImage(Image.fromarray(gray))
    api.SetSourceResolution(300)  # crops carry no dpi; stops a warning and a guess
    api.Recognize()
    glyphs: list[Glyph] = []
    it = api.GetIterator()
    level = tesserocr.RIL.SYMBOL
    if it is None:
        return glyphs
    while True:
        try:
            text = it.GetUTF8Text(level)
        except RuntimeError:  # an empty symbol (tesserocr raises instead of returning "")
            text = ""
        if text:
            box = it.BoundingBox(level)
            glyphs.append(
                Glyph(
                    text=text,
                    conf=max(0.0, min(1.0, it.Confidence(level) / 100.0)),
                    box=tuple(box) if box else (0, 0, 0, 0),
                    word_start=it.IsAtBeginningOf(tesserocr.RIL.WORD),
                )
            )
        if not it.Next(level):
            break
    return glyphs


def _recognise_cli(gray: np.ndarray, *, psm: int, whitelist: str | None, lang: str) -> list[Glyph]:
    """pytesseract fallback: word-level confidences spread over each word's characters."""
    import pytesseract

    config = f"--psm {psm} --oem 1"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    try:
        data = pytesseract.image_to_data(
            Image.fromarray(gray), lang=lang, config=config, output_type=pytesseract.Output.DICT
        )
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as exc:
        raise EngineError(str(exc)) from exc
    glyphs: list[Glyph] = []
    for text, conf, x, y, w, h in zip(
        data["text"],
        data["conf"],
        data["left"],
        data["top"],
        data["width"],
        data["height"],
        strict=False,
    ):
        text = (text or "").strip()
        if not text:
            continue
        step = w / len(text)
        for i, ch in enumerate(text):
            glyphs.append(
                Glyph(
                    text=ch,
                    conf=max(0.0, min(1.0, float(conf) / 100.0)),
                    box=(int(x + i * step), y, int(x + (i + 1) * step), y + h),
                    word_start=i == 0,
                )
            )
    return glyphs


def glyph_text(glyphs: list[Glyph], spaces: bool = False) -> str:
    if not spaces:
        return "".join(g.text for g in glyphs)
    out = []
    for g in glyphs:
        if g.word_start and out:
            out.append(" ")
        out.append(g.text)
    return "".join(out)


def mean_conf(glyphs: list[Glyph]) -> float:
    return float(np.mean([g.conf for g in glyphs])) if glyphs else 0.0
