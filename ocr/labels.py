"""Finding printed field labels (姓名, 签发机关, 经营范围 …) in OCR'd lines, tolerating the odd
misread character, and taking the glyphs that follow a label as its value."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ocr.engine_tesseract import Glyph
from ocr.page import TextLine

# Punctuation that OCR sprinkles round labels; ignored when matching a label, kept in values.
_IGNORABLE = set(":：.,，、|_'\"“”")


@dataclass(frozen=True)
class LabelHit:
    key: str
    label: str
    line: int  # index of the line in the page
    start: int  # glyph index where the label starts
    end: int  # glyph index after the label
    score: float
    x0: int
    x1: int


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _glyphs(line: TextLine) -> list[Glyph]:
    return [g for g in line.glyphs if g.text.strip()]


def find_labels(lines: list[TextLine], vocab: dict[str, str], strict: bool = False
                ) -> list[LabelHit]:  # fmt: skip
    """Non-overlapping label hits, best first per line. A two-character label with one character
    misread only counts at the start of a line, where labels stand (and never when ``strict``)."""
    hits: list[LabelHit] = []
    for li, line in enumerate(lines):
        glyphs = _glyphs(line)
        texts = ["" if g.text in _IGNORABLE else g.text for g in glyphs]
        candidates = []
        for i in range(len(glyphs)):
            for label, key in vocab.items():
                # No character in common within reach: skip the (slow) similarity.
                if not set(texts[i : i + len(label) + 1]) & set(label):
                    continue
                n = len(label)
                for m in {n - 1, n, n + 1}:
                    if m < 1 or i + m > len(glyphs):
                        continue
                    if m < n and i > 0:
                        # A label cut short mid-line is more often the start of another label
                        # (经营 of a misread 经营范围 is not 经营者).
                        continue
                    got = "".join(texts[i : i + m])
                    score = similarity(got, label)
                    need = 0.74 if n > 2 else (0.49 if i == 0 else 0.99)
                    if n > 2 and i == 0:
                        need = 0.6
                    if strict:
                        need = 0.74 if n > 2 else 0.99
                    if score >= need:
                        # A partial label must not beat the whole one misread in one place.
                        ranked = score - 0.2 * abs(m - n)
                        candidates.append((ranked, score, i, i + m, label, key))
        taken: set[int] = set()
        for _, score, i, j, label, key in sorted(candidates, reverse=True):
            if any(k in taken for k in range(i, j)):
                continue
            taken.update(range(i, j))
            hits.append(LabelHit(key, label, li, i, j, score, glyphs[i].box[0], glyphs[j - 1].box[2]))
    return sorted(hits, key=lambda h: (h.line, h.start))


def value_after(lines: list[TextLine], hit: LabelHit, hits: list[LabelHit]) -> list[Glyph]:
    """Glyphs after the label on its line, up to the next label on the same line."""
    glyphs = _glyphs(lines[hit.line])
    stop = min((h.start for h in hits if h.line == hit.line and h.start >= hit.end),
               default=len(glyphs))  # fmt: skip
    return glyphs[hit.end : stop]


def line_glyphs(line: TextLine, x_from: float = float("-inf"), x_to: float = float("inf")
                ) -> list[Glyph]:  # fmt: skip
    return [g for g in _glyphs(line) if x_from <= (g.box[0] + g.box[2]) / 2 < x_to]


def text_of(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in glyphs)
