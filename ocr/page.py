"""One upright page being read: its picture, its text lines as read by the primary voice, and
second looks at any stretch of them by the other voice (``ENGINES``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ocr.text_boxes import Char, TextBox, read_region, sub_quad

# Which recognisers read a page: the first reads every line, the second looks again at the
# values that decide cases (codes and dates). "combined" is the default (see the README).
ENGINES: dict[str, tuple[str, str]] = {
    "combined": ("ppocr", "tesseract"),
    "ppocr": ("ppocr", "ppocr"),
    "tesseract": ("tesseract", "tesseract"),
}
# Each further look at a stretch: (line heights of paper either side, line height in px given
# to Tesseract, Tesseract's language model, page segmentation mode). A different crop and scale
# is a different picture to a recogniser, so the looks are not copies of one another; for codes
# and dates Tesseract's English model reads the digits more steadily than chi_sim.
class Look(NamedTuple):
    grow: float  # line heights of paper either side of the stretch
    line_px: int  # line height given to Tesseract
    lang: str  # Tesseract's model
    psm: int  # Tesseract's page segmentation mode
    binary: bool = False  # thresholded first (Otsu): print that is faint, tinted or screened


CODE_LOOKS = (Look(0.25, 36, "eng", 7), Look(0.6, 30, "eng", 13), Look(0.1, 44, "chi_sim", 7),
              Look(0.3, 40, "eng", 7, True), Look(0.5, 32, "eng", 13, True))  # fmt: skip
# Dates printed with 年月日 need the Chinese model.
DATE_LOOKS = (Look(0.25, 40, "chi_sim", 7), Look(0.4, 32, "chi_sim", 7), Look(0.15, 48, "chi_sim", 13),
              Look(0.3, 40, "chi_sim", 7, True))  # fmt: skip
TEXT_LOOKS = (Look(0.25, 44, "chi_sim", 7), Look(0.5, 36, "chi_sim", 7))
# Line heights an outline of a value reaches beyond its characters' estimated ends.
OUTLINE_MARGIN = 0.3


class Region(NamedTuple):
    """A value read from a picture of its own (a seal's rim), not from the page's lines: where it
    is printed is this quad of page pixels."""

    quad: np.ndarray


@dataclass
class Page:
    ink: np.ndarray
    boxes: list[TextBox]
    engine: str = "combined"
    today: dt.date = field(default_factory=dt.date.today)
    colour: np.ndarray | None = None  # the upright page in colour, where seals are told by their red

    @property
    def primary(self) -> str:
        return ENGINES[self.engine][0]

    @property
    def second(self) -> str:
        return ENGINES[self.engine][1]

    @property
    def independent(self) -> bool:
        """Whether the second look comes from another recogniser."""
        return self.primary != self.second

    def box_of(self, chars: list[Char]) -> TextBox | None:
        if not chars:
            return None
        for box in self.boxes:
            if any(c is chars[0] for c in box.chars):
                return box
        return None

    def looks(self, chars: list[Char], whitelist: str | None = None, voice: str | None = None,
              specs: tuple[Look, ...] = CODE_LOOKS) -> Iterator[list[Char]]:  # fmt: skip
        """The stretch of ``chars`` read again by ``voice`` (default: the second voice), once
        per entry of ``specs`` (``CODE_LOOKS``, ``DATE_LOOKS``, ``TEXT_LOOKS``), lazily. A
        stretch over several detected lines is read line by line."""
        pieces = self._by_line(chars)
        if pieces is None:
            return
        voice = voice or self.second
        spans = [(box, *_span(box, part)) for box, part in pieces]
        for look in specs:
            out: list[Char] = []
            for box, u_from, u_to in spans:
                out += read_region(self.ink, box, u_from, u_to, voice, whitelist=whitelist, lang=look.lang,
                                   grow=look.grow, line_px=look.line_px, psm=look.psm,
                                   binary=look.binary)  # fmt: skip
            yield out

    def outlines(self, chars: tuple[Char, ...] | list[Char]) -> list[np.ndarray]:
        """Where ``chars`` are printed: one quad (page pixels) per line they lie on, or the
        ``Region`` they were read from."""
        regions = [c.quad for c in chars if isinstance(c, Region)]
        if regions:
            return regions
        pieces = self._by_line([c for c in chars if c.text.strip()]) or []
        # A recogniser places characters only roughly: a third of a line height either side.
        grown = [(box, _span(box, part), OUTLINE_MARGIN * box.height) for box, part in pieces]
        return [sub_quad(box, u_from - margin, u_to + margin) for box, (u_from, u_to), margin in grown]

    def _by_line(self, chars: list[Char]) -> list[tuple[TextBox, list[Char]]] | None:
        """``chars`` grouped by the detected line they belong to; None when one belongs to none
        (characters of a second look, not of the page)."""
        pieces: list[tuple[TextBox, list[Char]]] = []
        for c in chars:
            if pieces and any(c is x for x in pieces[-1][0].chars):
                pieces[-1][1].append(c)
                continue
            box = self.box_of([c])
            if box is None:
                return None
            pieces.append((box, [c]))
        return pieces


def _span(box: TextBox, part: list[Char]) -> tuple[float, float]:
    """Where ``part`` lies along its line. A recogniser places characters only roughly, and
    always a little short of the last one's end: a stretch that ends (or starts) its line is
    taken to the line's end (or start)."""
    inked = [c for c in box.chars if c.text.strip()]
    u_from = box.u0 if inked and part[0] is inked[0] else part[0].u0
    u_to = box.u1 if inked and part[-1] is inked[-1] else part[-1].u1
    return u_from, u_to
