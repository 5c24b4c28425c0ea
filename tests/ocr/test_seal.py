"""The registration authority read from the rim of its seal, where a licence prints it nowhere
else (登记机关 with the seal stamped beside it, as on real licences)."""

from __future__ import annotations

import datetime as dt
import io
import random

import numpy as np
import pytest
from PIL import Image

from devtools.synthetic import drawing, render_song
from devtools.synthetic.capture import capture_framing
from devtools.synthetic.people import make_varied_business
from ocr import ppocr, seal
from ocr.read import read_document

AUTHORITY = "武汉市洪山区市场监督管理局"


def _stamped(centre: tuple[int, int], r: int, angle_seed: int) -> np.ndarray:
    page = Image.new("RGB", (1000, 760), (250, 247, 238))
    font = drawing.load_font(render_song.VALUE, r * 0.19)
    drawing.seal(page, centre, r, random.Random(angle_seed), arc_text=AUTHORITY, fnt=font)
    return np.asarray(page)


@pytest.mark.parametrize(("centre", "r"), [((500, 380), 170), ((260, 560), 120), ((780, 200), 140)])
def test_a_seal_is_found_wherever_it_is_stamped_and_its_rim_read_left_to_right(centre, r):
    rgb = _stamped(centre, r, angle_seed=r)
    (found,) = seal.find_seals(rgb)
    assert abs(found.centre[0] - centre[0]) < 0.06 * r and abs(found.centre[1] - centre[1]) < 0.06 * r
    assert abs(found.radius - r) < 0.08 * r
    line = seal.rim_line(rgb, found)
    assert "".join(c.text for c in ppocr.recognise(line)) == AUTHORITY


def test_a_seal_whose_ring_the_stamp_left_broken_is_still_found_whole():
    rgb = _stamped((500, 380), 170, angle_seed=3).copy()
    rgb[370:390, 640:700] = (250, 247, 238)  # the ring's ink gone at three o'clock
    (found,) = seal.find_seals(rgb)
    assert abs(found.centre[0] - 500) < 10 and abs(found.radius - 170) < 0.08 * 170


def test_a_faint_stamp_is_found_at_a_lower_redness():
    rgb = _stamped((500, 380), 170, angle_seed=4).astype(np.int16)
    paper = np.array([250, 247, 238], np.int16)
    faint = (paper + (rgb - paper) * 0.3).astype(np.uint8)  # a third of the ink
    assert seal.find_seals(faint) == []
    (found,) = seal.find_seals(faint, ink=seal.FAINT_REDNESS[-1])
    assert abs(found.radius - 170) < 0.08 * 170


def test_paper_with_no_red_or_only_grey_has_no_seal():
    assert seal.find_seals(np.full((600, 800, 3), 245, np.uint8)) == []
    grey = np.asarray(Image.fromarray(_stamped((500, 380), 170, 1)).convert("L"))
    assert seal.find_seals(grey) == []


@pytest.fixture(scope="module")
def seal_only_licence():
    rng = random.Random(31)
    business = make_varied_business(rng, today=dt.date(2026, 6, 1))
    return business, render_song.licence(business, rng, seal_only=True)


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_a_licence_naming_its_authority_only_on_the_seal_is_read_from_the_rim(seal_only_licence):
    business, img = seal_only_licence
    reading = read_document(_png(img))
    assert reading.kind == "cn_business_licence"
    authority = reading.fields["registration_authority"]
    assert authority.value == business.registration_authority
    # The outline drawn for the reviewer is the seal, in the lower half of the licence.
    (outline,) = authority.where
    assert min(y for _, y in outline) > 0.45


def test_the_rim_is_read_on_a_licence_photographed_turned_a_quarter(seal_only_licence):
    business, img = seal_only_licence
    data = capture_framing(img, "rotated_90", random.Random(5), "cn_business_licence")
    assert read_document(data).fields["registration_authority"].value == business.registration_authority


def test_a_greyscale_copy_gives_no_authority_rather_than_a_guess(seal_only_licence):
    business, img = seal_only_licence
    reading = read_document(_png(img.convert("L")))
    got = reading.fields.get("registration_authority")
    assert got is None or got.value == business.registration_authority
