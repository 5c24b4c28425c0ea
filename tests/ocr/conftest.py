"""Shared synthetic documents: rendered once per test session (rendering is deterministic)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from devtools.synthetic import (
    make_business,
    make_person,
    render_business_licence,
    render_id_card_back,
    render_id_card_front,
)
from devtools.synthetic.capture import encode


@pytest.fixture(scope="session")
def person():
    return make_person(
        random.Random(20240601),
        name="张伟",
        sex="男",
        birth_date=dt.date(1985, 3, 2),
        issued_on=dt.date(2016, 5, 20),
    )


@pytest.fixture(scope="session")
def business(person):
    return make_business(random.Random(77), operator=person)


@pytest.fixture(scope="session")
def front_img(person):
    return render_id_card_front(person)


@pytest.fixture(scope="session")
def back_img(person):
    return render_id_card_back(person)


@pytest.fixture(scope="session")
def licence_img(business):
    return render_business_licence(business)


@pytest.fixture(scope="session")
def front_png(front_img):
    return encode(front_img, "PNG")


@pytest.fixture(scope="session")
def back_png(back_img):
    return encode(back_img, "PNG")


@pytest.fixture(scope="session")
def licence_png(licence_img):
    return encode(licence_img, "PNG")
