import datetime as dt
import random

from devtools.synthetic import CONDITIONS, capture, make_business, make_person
from devtools.synthetic.render import render_id_card_front
from ocr import codes
from ocr.normalize import add_years, age_on


def test_people_are_valid_and_deterministic():
    a = [make_person(random.Random(5)) for _ in range(2)]
    assert a[0] == a[1]
    rng = random.Random(9)
    today = dt.date.today()
    minority = 0
    for _ in range(200):
        p = make_person(rng)
        assert codes.id_number_valid(p.id_number, today)
        assert codes.id_birth_date(p.id_number) == p.birth_date
        assert codes.id_sex(p.id_number) == p.sex
        years = codes.validity_years(age_on(p.birth_date, p.valid_from))
        if years is None:
            assert p.valid_until is None
        else:
            assert p.valid_until == add_years(p.valid_from, years)
        minority += "·" in p.name
    assert minority > 0


def test_overrides():
    p = make_person(random.Random(1), birth_date=dt.date(1950, 1, 1), sex="女", name="王芳",
                    issued_on=dt.date(2010, 1, 1))  # fmt: skip
    assert (p.name, p.sex, p.valid_until) == ("王芳", "女", None)
    q = make_person(random.Random(1), valid_until=dt.date(2030, 1, 1))
    assert q.valid_until == dt.date(2030, 1, 1)


def test_businesses_have_valid_codes():
    rng = random.Random(3)
    for kind in ("individual-business", "sole-proprietorship"):
        for _ in range(50):
            b = make_business(rng, kind=kind)
            assert codes.credit_code_valid(b.credit_code)
            assert b.credit_code[8:14] != ""  # organisation code present


def test_captures_are_images():
    img = render_id_card_front(make_person(random.Random(2)))
    for cond in CONDITIONS:
        data = capture(img, cond, random.Random(4))
        assert data[:3] == b"\xff\xd8\xff" or data[:4] == b"\x89PNG"
