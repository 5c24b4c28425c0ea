"""Reading rendered documents end to end (each read takes well under a second)."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from devtools.synthetic.capture import (
    blurred,
    capture,
    cut_off,
    dark,
    glare,
    noise_image,
    photocopy,
    screen,
    tiny,
)
from ocr import UnsupportedDocument, read_document


def _values(reading):
    return {k: f.value for k, f in reading.fields.items()}


def _codes(reading):
    return {w.code for w in reading.warnings}


def test_front_clean_scan_exact(front_png, person):
    r = read_document(front_png)
    assert r.kind == "cn_id_card_front"
    assert _values(r) == {
        "name": person.name,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "birth_date": person.birth_date.isoformat(),
        "address": person.address,
        "id_number": person.id_number,
    }
    assert r.fields["id_number"].confidence >= 0.9
    assert all(0 < f.confidence <= 1 for f in r.fields.values())
    # The person was born in 1985: the ID number carries 海门市's old code 320684, in use
    # only from 1994, so the region-era note applies (a note, not a failure).
    assert "region_era" in _codes(r)


def test_back_clean_scan_exact(back_png, person):
    r = read_document(back_png)
    assert r.kind == "cn_id_card_back"
    assert _values(r) == {
        "issuing_authority": person.issuing_authority,
        "valid_from": person.valid_from.isoformat(),
        "valid_until": person.valid_until.isoformat(),
    }


def test_licence_clean_scan_exact(licence_png, business):
    r = read_document(licence_png)
    assert r.kind == "cn_business_licence"
    assert _values(r) == {
        "credit_code": business.credit_code,
        "name": business.name,
        "type": business.type,
        "operator": business.operator,
        "address": business.address,
        "established_on": business.established_on.isoformat(),
        "scope": business.scope,
        "registration_authority": business.registration_authority,
    }


@pytest.mark.parametrize("condition", ["rotated_90", "rotated_180", "rotated_270"])
def test_rotated_front(front_img, person, condition):
    data = capture(front_img, condition, random.Random(3))
    r = read_document(data)
    assert r.kind == "cn_id_card_front"
    assert r.fields["id_number"].value == person.id_number
    assert r.fields["birth_date"].value == person.birth_date.isoformat()


def test_rotated_270_licence(licence_img, business):
    # The licence's frame reads as confident 一二三 either way up; it must not decide the way.
    r = read_document(capture(licence_img, "rotated_270", random.Random(5)))
    assert r.kind == "cn_business_licence"
    assert r.fields["credit_code"].value == business.credit_code


def test_phone_photo_back(back_img, person):
    r = read_document(capture(back_img, "phone", random.Random(8)))
    assert r.kind == "cn_id_card_back"
    assert r.fields["valid_until"].value == person.valid_until.isoformat()


def test_pdf_upload(back_img, person):
    buf = io.BytesIO()
    back_img.save(buf, "PDF", resolution=300)
    r = read_document(buf.getvalue(), filename="back.pdf")
    assert r.kind == "cn_id_card_back"
    assert r.fields["valid_from"].value == person.valid_from.isoformat()
    assert r.file == "back.pdf"


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_sixteen_bit_greyscale_scan(back_img, person):
    """Scanners save greyscale at 16 bits; Pillow's own conversion to RGB clips every value
    above 255 to white, which left a blank page ('not a document')."""
    wide = np.asarray(back_img.convert("L"), dtype=np.uint16) * 257
    r = read_document(_png(Image.fromarray(wide)))
    assert r.kind == "cn_id_card_back"
    assert r.fields["valid_until"].value == person.valid_until.isoformat()


def test_transparent_png_is_read_over_white_paper(back_img, person):
    """A picture whose print is held in its transparency (every pixel black, the paper
    transparent) shows as print on paper in a viewer; read as its colours alone, it is black."""
    ink = 255 - np.asarray(back_img.convert("L"))
    rgba = np.zeros((*ink.shape, 4), dtype=np.uint8)
    rgba[..., 3] = ink
    r = read_document(_png(Image.fromarray(rgba, "RGBA")))
    assert r.kind == "cn_id_card_back"
    assert r.fields["valid_until"].value == person.valid_until.isoformat()


def test_unsupported_bytes():
    with pytest.raises(UnsupportedDocument):
        read_document(b"just some text, not an image")
    with pytest.raises(UnsupportedDocument):
        read_document(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)  # truncated PNG


def test_noise_is_not_a_document():
    r = read_document(noise_image(random.Random(1)))
    assert r.kind == "unknown"
    assert r.fields == {}
    assert "not_a_document" in _codes(r)


def test_blank_page_is_not_a_document():
    buf = io.BytesIO()
    Image.new("RGB", (1200, 800), (250, 250, 250)).save(buf, "PNG")
    r = read_document(buf.getvalue())
    assert r.kind == "unknown"
    assert "not_a_document" in _codes(r)


def test_blurred(front_img):
    r = read_document(blurred(front_img, random.Random(1)))
    assert "blurred" in _codes(r)


def test_dark(front_img):
    r = read_document(dark(front_img, random.Random(1), factor=0.06))
    assert "too_dark" in _codes(r)


def test_cut_off(front_img):
    r = read_document(cut_off(front_img, random.Random(1)))
    assert "cut_off" in _codes(r)


def test_photocopy(front_img):
    r = read_document(photocopy(front_img, random.Random(1)))
    assert "photocopy" in _codes(r)


def test_tiny(front_img):
    r = read_document(tiny(front_img, random.Random(1)))
    assert "too_small" in _codes(r)


def test_glare(front_img):
    r = read_document(glare(front_img, random.Random(1)))
    assert "glare" in _codes(r)


def test_screen(front_img):
    r = read_document(screen(front_img, random.Random(1)))
    assert "screen" in _codes(r)


def test_good_scan_has_no_capture_warnings(front_img, back_img, licence_img):
    capture_codes = {"too_small", "blurred", "too_dark", "glare", "cut_off", "not_a_document",
                     "photocopy", "screen"}  # fmt: skip
    for img in (front_img, back_img, licence_img):
        r = read_document(capture(img, "scan", random.Random(2)))
        assert not (_codes(r) & capture_codes), _codes(r)


def test_warnings_have_both_languages(front_img):
    r = read_document(dark(front_img, random.Random(1)))
    for w in r.warnings:
        assert w.message and w.message_en
        assert w.message != w.message_en
