"""Independent document renderers, so that the evaluation measures how the reader generalises.

``RENDERERS`` maps a name to a ``Renderer``: three functions drawing an ID card front (人像面),
an ID card back (国徽面) and a business licence (营业执照) for a synthetic person or business,
from a ``random.Random`` that decides per-document choices (layout variant, QR code, small
position jitter, ink shade). The renderers differ in fonts, digits, artwork, background texture,
label style and positions (within the tolerance of the official layouts), sizes and resolution:

* ``noto``: the original ``render.py`` (Noto Sans CJK, DejaVu Sans Mono digits); it ignores the
  rng, so existing samples keep their images.
* ``song``: Song faces (AR PL UMing labels, Noto Serif CJK values, Noto Sans Mono digits).
* ``hei``: WenQuanYi Hei faces, labels in the value ink, two-column landscape licence.
* ``kai``: AR PL UKai values, bold Noto Sans labels, DejaVu Sans Condensed digits.
* ``ming``: a SEALED renderer for honest generalisation checks: do not view its images or tune
  the reader on its failures (see ``render_ming``).

Every image carries ``info["mm"]`` (its real size in millimetres) and ``info["px_per_mm"]``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from devtools.synthetic import render, render_hei, render_kai, render_ming, render_song
from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson

DOC_KINDS = ("cn_id_card_front", "cn_id_card_back", "cn_business_licence")


@dataclass(frozen=True)
class Renderer:
    name: str
    front: Callable[[SyntheticPerson, random.Random], Image.Image]
    back: Callable[[SyntheticPerson, random.Random], Image.Image]
    licence: Callable[[SyntheticBusiness, random.Random], Image.Image]

    def render(
        self, kind: str, subject: SyntheticPerson | SyntheticBusiness, rng: random.Random
    ) -> Image.Image:
        """The document of ``kind`` (one of ``DOC_KINDS``) for ``subject``."""
        if kind == "cn_id_card_front":
            return self.front(subject, rng)  # type: ignore[arg-type]
        if kind == "cn_id_card_back":
            return self.back(subject, rng)  # type: ignore[arg-type]
        if kind == "cn_business_licence":
            return self.licence(subject, rng)  # type: ignore[arg-type]
        raise ValueError(f"unknown document kind {kind!r}; one of {DOC_KINDS}")


def _card_info(img: Image.Image) -> Image.Image:
    img.info.update(mm=render.CARD_MM, px_per_mm=render.CARD_PX_PER_MM)
    return img


def _noto_front(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    return _card_info(render.render_id_card_front(p))


def _noto_back(p: SyntheticPerson, rng: random.Random) -> Image.Image:
    return _card_info(render.render_id_card_back(p))


def _noto_licence(b: SyntheticBusiness, rng: random.Random) -> Image.Image:
    img = render.render_business_licence(b)
    img.info.update(mm=render.LICENCE_MM, px_per_mm=render.LICENCE_PX_PER_MM)
    return img


RENDERERS: dict[str, Renderer] = {
    "noto": Renderer("noto", _noto_front, _noto_back, _noto_licence),
    "song": Renderer("song", render_song.front, render_song.back, render_song.licence),
    "hei": Renderer("hei", render_hei.front, render_hei.back, render_hei.licence),
    "kai": Renderer("kai", render_kai.front, render_kai.back, render_kai.licence),
    "ming": Renderer("ming", render_ming.front, render_ming.back, render_ming.licence),
}
