"""One upright page being read: its picture, its text lines as read by the primary voice, and
second looks at any stretch of them by the other voice (``ENGINES``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from ocr.text_boxes import Char, TextBox, read_region

# Which recognisers read a page: the first reads every line, the second looks again at the
# values that decide cases (codes and dates). "combined" is the default (see the README).
ENGINES: dict[str, tuple[str, str]] = {
    "combined": ("ppocr", "tesseract"),
    "ppocr": ("ppocr", "ppocr"),
    "tesseract": ("tesseract", "tesseract"),
}
# Line heights of paper round a stretch for each further look: a different crop is a
# different picture to a recogniser, so the looks are not copies of one another.
LOOK_MARGINS = (0.25, 0.6, 0.1)


@dataclass
class Page:
    ink: np.ndarray
    boxes: list[TextBox]
    engine: str = "combined"
    today: dt.date = field(default_factory=dt.date.today)

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
              lang: str = "chi_sim") -> Iterator[list[Char]]:  # fmt: skip
        """The stretch of ``chars`` (on one detected line) read again by ``voice`` (default:
        the second voice), once per margin in ``LOOK_MARGINS``, lazily."""
        box = self.box_of(chars)
        if box is None:
            return
        for grow in LOOK_MARGINS:
            yield read_region(self.ink, box, chars[0].u0, chars[-1].u1, voice or self.second,
                              whitelist=whitelist,
                              lang=lang, grow=grow)  # fmt: skip
