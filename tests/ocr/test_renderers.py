"""The independent renderers, the capture framings and the varied people (no OCR here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import math
import random

import pytest
from PIL import Image

from devtools.synthetic import drawing, people
from devtools.synthetic.capture import FRAMINGS, capture_both_sides_page, capture_framing
from devtools.synthetic.people import make_business, make_person, make_varied_business, make_varied_person
from devtools.synthetic.renderers import DOC_KINDS, RENDERERS
from ocr import codes

CARD_ASPECT = 85.6 / 54.0
ISO_ASPECT = math.sqrt(2)
TODAY = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def person():
    return make_varied_person(random.Random(2024), today=TODAY)


@pytest.fixture(scope="module")
def business(person):
    return make_varied_business(random.Random(2025), person, today=TODAY)


def _decode(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


# --- renderers ---------------------------------------------------------------------------------------


def test_there_are_at_least_five_renderers():
    assert len(RENDERERS) >= 5
    assert {"noto", "song", "hei", "kai", "ming"} <= set(RENDERERS)


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_cards_have_the_id1_shape_and_resolution(name, person):
    renderer = RENDERERS[name]
    for side in (renderer.front, renderer.back):
        img = side(person, random.Random(1))
        assert abs(img.width / img.height - CARD_ASPECT) < 0.01
        assert 10 * 85.6 - 1 <= img.width <= 14 * 85.6 + 1  # 10-14 px/mm
        assert img.info["mm"] == pytest.approx((85.6, 54.0))
        assert img.width == pytest.approx(85.6 * img.info["px_per_mm"], abs=1)


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_licences_are_a4_or_a3_at_5_to_7_px_per_mm(name, business):
    renderer = RENDERERS[name]
    shapes = set()
    for seed in range(6):
        img = renderer.licence(business, random.Random(seed))
        long_side, short_side = max(img.size), min(img.size)
        assert long_side / short_side == pytest.approx(ISO_ASPECT, rel=0.01)
        w_mm, h_mm = img.info["mm"]
        assert (img.width > img.height) == (w_mm > h_mm)
        assert 5 - 0.01 <= img.info["px_per_mm"] <= 7 + 0.01
        assert img.width == pytest.approx(w_mm * img.info["px_per_mm"], abs=2)
        assert max(w_mm, h_mm) in (297.0, 420.0)
        shapes.add("landscape" if img.width > img.height else "portrait")
    if name != "noto":  # the original renderer draws the landscape 副本 only
        assert shapes == {"landscape", "portrait"}


def test_renderers_draw_different_documents(person, business):
    for kind in DOC_KINDS:
        subject = business if kind == "cn_business_licence" else person
        images = {name: r.render(kind, subject, random.Random(3)) for name, r in RENDERERS.items()}
        digests = {
            hashlib.sha256(img.tobytes() + bytes(str(img.size), "ascii")).hexdigest()
            for img in images.values()
        }
        assert len(digests) == len(images), kind


@pytest.mark.parametrize("name", sorted(set(RENDERERS) - {"noto"}))
def test_a_renderer_is_deterministic_and_jitters_per_document(name, person, business):
    renderer = RENDERERS[name]
    for side in (renderer.front, renderer.back):
        a = side(person, random.Random(5))
        b = side(person, random.Random(5))
        c = side(person, random.Random(6))
        assert a.tobytes() == b.tobytes()
        assert a.tobytes() != c.tobytes()
    first = renderer.licence(business, random.Random(5))
    again = renderer.licence(business, random.Random(5))
    assert first.size == again.size and first.tobytes() == again.tobytes()


def test_renderers_use_different_resolutions(person, business):
    """Each renderer draws cards, and A4 licences, at a pixel density of its own."""
    cards = {name: r.front(person, random.Random(1)).info["px_per_mm"] for name, r in RENDERERS.items()}
    assert len(set(cards.values())) == len(cards), cards
    a4 = {}
    for name, r in RENDERERS.items():
        for seed in range(12):
            img = r.licence(business, random.Random(seed))
            if max(img.info["mm"]) == 297.0:
                a4[name] = img.info["px_per_mm"]
                break
    assert set(a4) == set(RENDERERS)
    assert len(set(a4.values())) == len(a4), a4


def test_first_family_falls_back_to_an_installed_font(monkeypatch):
    monkeypatch.setitem(drawing.FONT_FAMILIES, "test-absent", ("NoSuchFont-Regular.ttf", None))
    assert drawing.first_family("test-absent", "dejavu-serif") == "dejavu-serif"
    assert drawing.first_family("test-absent") == "test-absent"  # loading it names the package


def test_noto_is_the_original_renderer(person):
    from devtools.synthetic.render import render_id_card_front

    assert (
        RENDERERS["noto"].front(person, random.Random(1)).tobytes() == render_id_card_front(person).tobytes()
    )


def test_the_fonts_have_every_character_the_documents_print():
    text = "".join(
        [
            people.SURNAMES,
            people.RARE_SURNAMES,
            "".join(people.COMPOUND_SURNAMES),
            people.VARIED_GIVEN_CHARS,
            *people.UYGHUR_FIRST,
            *people.UYGHUR_LAST,
            *people.KAZAKH_FIRST,
            *people.KAZAKH_LAST,
            *people.TIBETAN_NAMES,
            *people.MONGOLIAN_NAMES,
            *people.MORE_ETHNICITIES,
            *(r.prefix + r.police + r.market + "".join(r.streets) for r in people.REGIONS),
            *people.VARIED_ROADS,
            *people.VARIED_VILLAGES,
            *people.ESTATES,
            *people.TRADE_NAMES,
            *(a + "".join(b) for a, b in people.INDIVIDUAL_TRADES + people.SOLE_TRADES),
            *people.GENERAL_SCOPE_TERMS,
            *people.LICENSED_SCOPE_TERMS,
            people.GENERAL_TAIL,
            people.LICENSED_TAIL,
            "0123456789X·：；（）、。-.栋幢单元室弄院楼组号个体工商户个人独资企业经营家庭万元长期",
        ]
    )
    for family in ("noto-sans", "noto-serif", "uming", "ukai", "wqy-zenhei", "wqy-microhei"):
        missing = [ch for ch in sorted(set(text)) if not drawing.covers(family, ch)]
        assert not missing, (family, "".join(missing))


# --- framings ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents(person, business):
    card = RENDERERS["hei"].front(person, random.Random(1))
    licence = RENDERERS["song"].licence(business, random.Random(0))
    # A smaller licence keeps the test fast; its real size travels with it.
    small = licence.resize((licence.width // 2, licence.height // 2))
    small.info.update(licence.info)
    return {"cn_id_card_front": card, "cn_business_licence": small}


@pytest.mark.parametrize("framing", FRAMINGS)
def test_every_framing_gives_a_plausible_image(framing, documents):
    for kind, img in documents.items():
        data = capture_framing(img, framing, random.Random(11), kind)
        assert data[:3] == b"\xff\xd8\xff" or data[:4] == b"\x89PNG"
        shot = _decode(data)
        card = kind != "cn_business_licence"
        doc_aspect = img.width / img.height
        aspect = shot.width / shot.height
        if framing == "tight":
            assert aspect == pytest.approx(doc_aspect, rel=0.02)
        elif framing == "page" and card:
            assert shot.height / shot.width == pytest.approx(297 / 210, rel=0.01)
            assert 1200 <= shot.width <= 2500  # 150-300 dpi
        elif framing == "page":
            assert aspect == pytest.approx(doc_aspect, rel=0.03)
            w_mm = img.info["mm"][0]
            assert 150 * w_mm / 25.4 <= shot.width <= 200 * (w_mm + 10) / 25.4
        elif framing == "low_res":
            assert (350 <= shot.width <= 450) if card else (900 <= shot.width <= 1100)
        elif framing in ("rotated_90", "rotated_270"):
            assert (shot.height > shot.width) == (img.width > img.height)
        elif framing == "jpeg":
            assert data[:3] == b"\xff\xd8\xff"
        else:
            assert shot.width >= img.width * 0.5
        assert 5_000 < len(data) < 20_000_000


def test_framings_are_deterministic(documents):
    img = documents["cn_id_card_front"]
    for framing in ("tight", "finger"):
        a = capture_framing(img, framing, random.Random(3), "cn_id_card_front")
        b = capture_framing(img, framing, random.Random(3), "cn_id_card_front")
        assert a == b


def test_both_sides_on_one_a4_page(person):
    renderer = RENDERERS["kai"]
    data = capture_both_sides_page(
        renderer.front(person, random.Random(1)), renderer.back(person, random.Random(1)), random.Random(2)
    )
    page = _decode(data)
    assert page.height / page.width == pytest.approx(297 / 210, rel=0.01)


def test_unknown_framing_or_kind_is_refused(documents):
    img = documents["cn_id_card_front"]
    with pytest.raises(ValueError):
        capture_framing(img, "sideways", random.Random(1), "cn_id_card_front")
    with pytest.raises(ValueError):
        capture_framing(img, "tight", random.Random(1), "passport")


# --- people -------------------------------------------------------------------------------------------


def test_make_person_and_make_business_are_unchanged():
    """Values computed before the varied functions were added (samples and tests rely on them)."""
    p = make_person(random.Random(12345), today=TODAY)
    assert (
        p.name,
        p.sex,
        p.ethnicity,
        p.birth_date,
        p.address,
        p.id_number,
        p.issuing_authority,
        p.valid_from,
        p.valid_until,
    ) == (
        "董俊国",
        "女",
        "汉",
        dt.date(1945, 11, 30),
        "江苏省南通市海门区临江镇人民路896号",
        "320684194511305547",
        "南通市公安局海门分局",
        dt.date(2018, 2, 14),
        None,
    )
    b = make_business(random.Random(678), today=TODAY)
    assert (
        b.credit_code,
        b.name,
        b.type,
        b.operator,
        b.address,
        b.established_on,
        b.scope,
        b.registration_authority,
        b.kind,
    ) == (
        "92320614CM4DJ49T6U",
        "海门区顺达百货店",
        "个体工商户",
        "阿依古丽·吐尔逊",
        "江苏省南通市海门区三星镇新华村7组96号",
        dt.date(2016, 4, 19),
        "水果零售",
        "南通市海门区市场监督管理局",
        "individual-business",
    )
    s = make_business(random.Random(679), today=TODAY, kind="sole-proprietorship")
    assert (s.credit_code, s.name, s.operator, s.address, s.established_on) == (
        "91320614AAD1PD1963",
        "南通恒顺便利商行",
        "吕飞",
        "江苏省南通市海门区滨江街道北京路410号",
        dt.date(2018, 11, 2),
    )
    rng = random.Random(42)
    items = [make_person(rng, today=TODAY) for _ in range(50)]
    items += [
        make_business(rng, today=TODAY, kind=k)
        for k in ("individual-business", "sole-proprietorship")
        for _ in range(20)
    ]
    old_fields = [
        tuple(getattr(x, f.name) for f in dataclasses.fields(x) if f.name not in ("form", "capital"))
        for x in items
    ]
    digest = hashlib.sha256(repr(old_fields).encode()).hexdigest()
    assert digest == "f667a48295c8ed080901581eab1e5b36e7bdfd800b99c747a7709a74bb3384a0"


def test_varied_people_have_valid_id_numbers_and_matching_offices():
    rng = random.Random(8)
    today = dt.date.today()
    found = {"regions": set(), "compound": 0, "dotted": 0, "minority": 0, "long_given": 0, "single_given": 0}
    for _ in range(400):
        p = make_varied_person(rng)
        assert codes.id_number_valid(p.id_number, today), p
        assert codes.id_birth_date(p.id_number) == p.birth_date
        assert codes.id_sex(p.id_number) == p.sex
        region = people.region_of(p.address)
        assert region is not None and p.issuing_authority == region.police
        assert p.id_number[:6] == people.era_region_code(region.code, p.birth_date.year)
        assert len(p.address) <= people.MAX_ADDRESS_CHARS
        assert p.valid_until is None or p.valid_until > p.valid_from
        found["regions"].add(region.code)
        found["compound"] += p.name[:2] in people.COMPOUND_SURNAMES
        found["dotted"] += "·" in p.name
        found["minority"] += p.ethnicity != "汉"
        if "·" not in p.name and p.ethnicity == "汉" and p.name[:2] not in people.COMPOUND_SURNAMES:
            found["long_given"] += len(p.name) == 4
            found["single_given"] += len(p.name) == 2
    assert len(found["regions"]) >= 15
    assert all(found[k] > 0 for k in ("compound", "dotted", "minority", "long_given", "single_given")), found


def test_varied_businesses_have_valid_credit_codes_and_matching_authorities():
    rng = random.Random(9)
    kinds, suffixed, term_counts = set(), 0, set()
    for _ in range(300):
        b = make_varied_business(rng)
        assert codes.credit_code_valid(b.credit_code), b
        region = people.region_of(b.address)
        assert region is not None and b.registration_authority == region.market
        assert b.credit_code[2:8] == region.code
        assert b.type == people.BUSINESS_TYPE[b.kind]
        assert b.credit_code[:2] == people.CREDIT_PREFIX[b.kind]
        kinds.add(b.kind)
        suffixed += b.name.endswith("（个人独资）")
        term_counts.add(b.scope.count("；") + 1)
    assert kinds == {"individual-business", "sole-proprietorship"}
    assert suffixed > 0
    assert min(term_counts) == 1 and max(term_counts) >= 8


def test_varied_business_defaults_to_the_operators_region():
    rng = random.Random(10)
    same = 0
    for _ in range(100):
        p = make_varied_person(rng)
        b = make_varied_business(rng, p)
        assert b.operator == p.name
        same += people.region_of(b.address) == people.region_of(p.address)
    assert same > 70
