"""How the recogniser reads a text printed plainly: what a card that really says it would be read as.

A recogniser misreads some rare characters steadily, whatever the picture: 亓 as 元, 庹 as 度,
冼 as 洗, and some (阚) it leaves out. An applicant's stated name is then never what the card
is read as, though the card says it. Printing the stated name in the usual CJK faces and reading
those prints with the same recogniser tells what the card *would* be read as if it said that
name; a card read that way is consistent with it. A stated name of common characters reads as
itself, so it never matches a card read as anything else.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr import ppocr
from ocr.normalize import is_chinese

# The CJK faces Debian ships (fonts-noto-cjk, fonts-wqy-zenhei, fonts-arphic-*), with the index
# of the Simplified Chinese face in each collection. Sans, serif, hei, ming and kai styles: ID
# cards and licences are printed in faces of these families.
FACES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
)
# Character heights in pixels: a small print reads differently from a large one.
SIZES = (24, 40)


def faces() -> tuple[tuple[str, int], ...]:
    """The faces installed here (none: no print is made, so nothing is read alike)."""
    return tuple((path, index) for path, index in FACES if Path(path).exists())


def _print(text: str, path: str, index: int, px: int) -> np.ndarray:
    font = ImageFont.truetype(path, px, index=index)
    left, top, right, bottom = font.getbbox(text)
    img = Image.new("L", (right - left + px, int(px * 1.6)), 255)
    ImageDraw.Draw(img).text(
        (px // 2 - left, (img.height - (bottom - top)) // 2 - top), text, font=font, fill=0
    )
    return np.asarray(img)


@functools.lru_cache(maxsize=512)
def printed_readings(text: str) -> frozenset[str]:
    """Every way PP-OCR reads ``text`` printed in each installed face and size (only Chinese
    characters and the middle dot are kept, as names are compared). Empty when PP-OCR or the
    faces are missing."""
    if not text or not ppocr.available():
        return frozenset()
    out = set()
    for path, index in faces():
        for px in SIZES:
            got = "".join(c.text for c in ppocr.recognise(_print(text, path, index, px)))
            out.add("".join(ch for ch in got if ch == "·" or is_chinese(ch)))
    return frozenset(out)
