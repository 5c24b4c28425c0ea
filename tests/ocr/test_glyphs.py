"""Telling look-alike characters apart by their print (ocr.glyphs)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr import glyphs
from ocr.print_alike import faces

pytestmark = pytest.mark.skipif(not faces(), reason="needs CJK faces")

# A rare surname and the common character a recogniser reads it as, with a given name after it.
LOOK_ALIKES = (("佘", "余", "小明"), ("亓", "元", "建国"), ("冼", "洗", "丽"), ("逯", "禄", "志强"))


def printed_line(text: str, face: tuple[str, int], px: int = 26) -> np.ndarray:
    """``text`` printed greyish on off-white, softened and JPEG-compressed as a phone photo of a
    card is, cut to about its first two characters."""
    path, index = face
    font = ImageFont.truetype(path, px, index=index)
    img = Image.new("L", (px * (len(text) + 1), px * 2), 232)
    ImageDraw.Draw(img).text((px // 3, px // 3), text, font=font, fill=45)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=35)
    return np.asarray(Image.open(buf))[:, : 2 * px]


@pytest.mark.parametrize("face", faces(), ids=lambda f: f[0].rsplit("/", 1)[-1])
@pytest.mark.parametrize(("rare", "common", "given"), LOOK_ALIKES)
def test_each_of_two_look_alikes_fits_its_own_print_best(face, rare, common, given):
    for truth, other in ((rare, common), (common, rare)):
        scores = glyphs.glyph_scores(printed_line(truth + given, face), [truth, other], given[:1])
        assert scores[truth] > scores[other], (truth, scores)


def test_a_short_glyph_is_compared_at_the_line_s_height_not_blown_up():
    # 一 printed before a name is a thin bar: scaled by the line it sits on, it fits 一 and not
    # the full-height 王 (which a glyph scaled to fill the crop would resemble less clearly).
    face = faces()[0]
    scores = glyphs.glyph_scores(printed_line("一揭敏", face), ["一", "王"], "揭")
    assert scores["一"] > scores["王"]


def test_a_crop_without_ink_or_without_faces_gives_no_scores(monkeypatch):
    assert glyphs.glyph_scores(np.full((40, 80), 240, np.uint8), ["佘", "余"]) == {}
    monkeypatch.setattr(glyphs, "faces", lambda: ())
    assert glyphs.glyph_scores(printed_line("佘小明", faces()[0]), ["佘", "余"], "小") == {}


def test_a_character_no_face_holds_is_not_scored_by_the_missing_glyph_box():
    # Every face prints an unassigned code point as its "missing" box: were it scored, all such
    # candidates would tie, and beat a real print whose glyph is a little worn.
    scores = glyphs.glyph_scores(printed_line("佘小明", faces()[0]), ["佘", "\U0002fffd"], "小")
    assert set(scores) == {"佘"}


@pytest.mark.parametrize("face", faces(), ids=lambda f: f[0].rsplit("/", 1)[-1])
def test_a_character_the_recogniser_lacks_is_told_among_thousands_by_its_print(face):
    """A name's character outside PP-OCR's set (玹, 笪, 琤), printed before another, is the best
    fit among all the characters the recogniser lacks, and clearly."""
    from ocr.ppocr import unreadable_characters

    for text in ("玹强", "笪明", "琤华"):
        scores = glyphs.likeliest(printed_line(text, face), unreadable_characters(), text[1])
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        assert ranked[0] == text[0] and scores[text[0]] - scores[ranked[1]] > 0.08, (text, scores)
