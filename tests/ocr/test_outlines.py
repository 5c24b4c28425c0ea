"""Each field read says where it is printed, as an outline over the picture the applicant sent
(shares of its width and height), whatever turn, scale or page the document came in — so a
reviewer sees the outline on the very picture they are shown."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageOps

from devtools.synthetic.capture import encode
from ocr import read_document

pytestmark = pytest.mark.slow


def _outline_pixels(reading, field: str, size: tuple[int, int]) -> np.ndarray:
    [outline, *_] = reading.fields[field].where
    return np.array(outline) * np.array(size)


def _ink_share(img: Image.Image, outline: np.ndarray) -> float:
    """The share of dark pixels inside the outline's bounding box."""
    (x0, y0), (x1, y1) = outline.min(axis=0), outline.max(axis=0)
    crop = np.asarray(img.convert("L").crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1)))
    return float((crop < 110).mean())


def test_an_outline_surrounds_the_printed_value(front_img: Image.Image):
    img = front_img
    reading = read_document(encode(img, "PNG"))
    outline = _outline_pixels(reading, "id_number", img.size)
    width, height = outline.max(axis=0) - outline.min(axis=0)
    assert width > 4 * height  # a line of 18 characters, not a character or a block
    assert _ink_share(img, outline) > 0.05  # print inside, not blank card
    for name, read in reading.fields.items():
        assert read.where, f"{name} has no outline"
        assert all(0 <= x <= 1 and 0 <= y <= 1 for outline in read.where for x, y in outline)


@pytest.mark.parametrize("turn", [90, 180])
def test_the_outline_follows_a_turned_and_framed_upload(front_img: Image.Image, turn: int):
    img = front_img
    plain = read_document(encode(img, "PNG"))
    # The card turned and laid on a larger white page: where it now lies is known exactly.
    left, top, right, bottom = 300, 200, 500, 400
    turned = img.rotate(turn, expand=True)  # counter-clockwise, as PIL turns
    framed = ImageOps.expand(turned, border=(left, top, right, bottom), fill="white")
    moved = read_document(encode(framed, "PNG"))
    assert moved.fields["id_number"].value == plain.fields["id_number"].value
    w, h = img.size
    expected = _outline_pixels(plain, "id_number", img.size)
    x, y = expected[:, 0], expected[:, 1]
    # A quarter turn takes a point (x, y) to (y, w - x); a half turn to (w - x, h - y).
    moves = {90: np.stack([y, w - x], axis=1), 180: np.stack([w - x, h - y], axis=1)}
    expected = moves[turn] + [left, top]
    found = _outline_pixels(moved, "id_number", framed.size)
    # The same box (corners in any order), within a fraction of the line's height.
    tolerance = 0.6 * min(np.ptp(expected[:, 0]), np.ptp(expected[:, 1]))
    assert np.allclose(np.sort(found, axis=0), np.sort(expected, axis=0), atol=tolerance)
