"""The reader does not depend on framing: the same document cropped tight to its edge, with a
margin, and copied onto a page (a licence: scanned as a full page) reads the same, for every
kind. The documents come from a renderer other than the samples' own (``song``), drawn with a
seed fixed before the test was first run."""

from __future__ import annotations

import random

import pytest

from ocr import read_document
from ocr.evaluation import business_truth, person_truth
from ocr.synthetic.capture import capture_both_sides_page, capture_framing
from ocr.synthetic.people import make_varied_business, make_varied_person
from ocr.synthetic.renderers import RENDERERS

pytestmark = pytest.mark.slow
SEED = 20261129
FRAMINGS = ("tight", "margin", "page")


def _document(kind: str) -> tuple[dict[str, str], object]:
    rng = random.Random(f"{SEED}:{kind}")
    song = RENDERERS["song"]
    if kind == "cn_business_licence":
        business = make_varied_business(rng)
        return business_truth(business), song.licence(business, rng)
    person = make_varied_person(rng)
    draw = song.front if kind == "cn_id_card_front" else song.back
    return person_truth(person, kind), draw(person, rng)


@pytest.mark.parametrize("kind", ["cn_id_card_front", "cn_id_card_back", "cn_business_licence"])
def test_the_same_document_reads_the_same_in_every_framing(kind):
    truth, image = _document(kind)
    readings = {}
    for framing in FRAMINGS:
        data = capture_framing(image, framing, random.Random(f"{SEED}:{kind}:{framing}"), kind)
        reading = read_document(data)
        assert reading.kind == kind, framing
        readings[framing] = {name: f.value for name, f in reading.fields.items()}
        codes = {w.code for w in reading.warnings}
        assert not codes & {"cut_off", "not_a_document", "occluded"}, (framing, codes)
    assert readings["tight"] == readings["margin"] == readings["page"]
    assert readings["tight"] == truth


def test_both_sides_on_one_page_are_read_as_both_sides():
    rng = random.Random(f"{SEED}:both")
    person = make_varied_person(rng)
    song = RENDERERS["song"]
    data = capture_both_sides_page(song.front(person, rng), song.back(person, rng), rng)
    reading = read_document(data)
    assert reading.kind == "cn_id_card_both_sides"
    assert {w.code for w in reading.warnings} >= {"both_sides"}
    assert {name: f.value for name, f in reading.fields.items()} == person_truth(person, reading.kind)


def test_a_finger_over_a_corner_is_named():
    rng = random.Random(f"{SEED}:finger")
    person = make_varied_person(rng)
    image = RENDERERS["hei"].front(person, rng)
    reading = read_document(capture_framing(image, "finger", rng, "cn_id_card_front"))
    assert "occluded" in {w.code for w in reading.warnings}
