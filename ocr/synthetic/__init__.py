"""Synthetic people, businesses and their documents, for evaluation, tests and sample cases."""

from ocr.synthetic.capture import CONDITIONS, capture
from ocr.synthetic.people import (
    SyntheticBusiness,
    SyntheticPerson,
    make_business,
    make_person,
)
from ocr.synthetic.render import (
    render_business_licence,
    render_id_card_back,
    render_id_card_front,
)

__all__ = [
    "CONDITIONS",
    "SyntheticBusiness",
    "SyntheticPerson",
    "capture",
    "make_business",
    "make_person",
    "render_business_licence",
    "render_id_card_back",
    "render_id_card_front",
]
