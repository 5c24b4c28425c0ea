"""Synthetic people, businesses and their documents, for evaluation, tests and sample cases.

``render`` is the original renderer (samples depend on its images); ``renderers.RENDERERS``
adds independent ones, ``capture.FRAMINGS`` the ways a document is framed in an upload, and
``make_varied_person`` / ``make_varied_business`` people and businesses from wider tables.
"""

from devtools.synthetic.capture import CONDITIONS, FRAMINGS, capture, capture_both_sides_page, capture_framing
from devtools.synthetic.people import (
    SyntheticBusiness,
    SyntheticPerson,
    make_business,
    make_person,
    make_varied_business,
    make_varied_person,
)
from devtools.synthetic.render import (
    render_business_licence,
    render_id_card_back,
    render_id_card_front,
)
from devtools.synthetic.renderers import RENDERERS, Renderer

__all__ = [
    "CONDITIONS",
    "FRAMINGS",
    "RENDERERS",
    "Renderer",
    "SyntheticBusiness",
    "SyntheticPerson",
    "capture",
    "capture_both_sides_page",
    "capture_framing",
    "make_business",
    "make_person",
    "make_varied_business",
    "make_varied_person",
    "render_business_licence",
    "render_id_card_back",
    "render_id_card_front",
]
