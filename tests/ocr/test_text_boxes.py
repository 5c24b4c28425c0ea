"""Reading a detected line when the detector's box is tighter than the print: a lone
character's box cut short of its height."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.print_alike import faces
from ocr.text_boxes import Frame, read_ppocr

pytestmark = pytest.mark.skipif(not faces(), reason="needs CJK faces")
PX = 36


def _printed(text: str, face: tuple[str, int]) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """``text`` printed dark on paper, and each character's inked box (x0, y0, x1, y1)."""
    font = ImageFont.truetype(face[0], PX, index=face[1])
    img = Image.new("L", (PX * (len(text) + 4), PX * 4), 235)
    draw = ImageDraw.Draw(img)
    x, boxes = 2 * PX, []
    for ch in text:
        left, top, right, bottom = draw.textbbox((x, PX), ch, font=font)
        draw.text((x, PX), ch, font=font, fill=30)
        boxes.append((left, top, right, bottom))
        x += round(font.getlength(ch))
    return np.asarray(img), boxes


def _quad(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


@pytest.mark.parametrize("face", faces(), ids=lambda f: f[0].rsplit("/", 1)[-1])
def test_a_lone_character_in_a_box_cut_short_of_its_height_is_read_surely(face):
    # An address's last digit carried over to a line of its own: the detector's box held the
    # middle two thirds of the 7, which read at 0.24, and the line was dropped as a speck.
    img, boxes = _printed("7", face)
    x0, y0, x1, y1 = boxes[0]
    sixth = (y1 - y0) / 6
    box = read_ppocr(img, _quad(x0 - 2, y0 + sixth, x1 + 2, y1 - sixth), Frame(0.0))
    assert box.text == "7"
    assert box.chars[0].conf >= 0.9
