"""A page's text as rows, its printed labels, and the value each label introduces.

Nothing here knows where a document prints its fields: rows are built from the detected lines'
positions, labels are found in the rows' text, and a value is what follows its label on the row
(up to the next label), then, for values that wrap, the lines below that start where the value
started, until a label in the same column, a wide gap or a line that cannot belong to it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ocr.text_boxes import Char, TextBox

# Marks printed after or around labels (姓名：) that belong to neither label nor value.
IGNORABLE = set(" :：.。,，、|_'\"“”·")


@dataclass
class Row:
    boxes: list[TextBox]
    chars: list[Char] = field(default_factory=list)  # without spaces, ordered along the row
    starts: set[int] = field(default_factory=set)  # indices of chars that begin a detected line

    @property
    def v0(self) -> float:
        return float(np.median([b.v0 for b in self.boxes]))

    @property
    def v1(self) -> float:
        return float(np.median([b.v1 for b in self.boxes]))

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


def group_rows(boxes: list[TextBox]) -> list[Row]:
    """Lines whose vertical extents mostly overlap share a row, top to bottom. A line that
    overlaps two rows joins the one it overlaps most: in a photograph in perspective a value
    (个体工商户) can reach half into the row of the slanting column beside it."""
    rows: list[Row] = []
    for box in sorted(boxes, key=lambda b: b.vc):
        best, most = None, 0.5
        for row in rows[-4:]:
            share = (min(box.v1, row.v1) - max(box.v0, row.v0)) / max(1e-6, min(box.height, row.v1 - row.v0))
            if share > most and not _stacked(box, row):
                best, most = row, share
        if best is not None:
            best.boxes.append(box)
        else:
            rows.append(Row([box]))
    for row in rows:
        row.boxes.sort(key=lambda b: b.u0)
        for box in row.boxes:
            kept = [c for c in box.chars if c.text.strip()]
            # Two detected lines that overlap read the shared characters twice (住址福 and
            # 福建省…): the later line's reading of them stands.
            while row.chars and (row.chars[-1].u0 + row.chars[-1].u1) / 2 > box.u0 + 0.15 * box.height:
                row.chars.pop()
            row.starts = {k for k in row.starts if k < len(row.chars)}
            if kept:
                row.starts.add(len(row.chars))
            row.chars.extend(kept)
    return rows


def _stacked(box: TextBox, row: Row) -> bool:
    """Whether ``box`` lies over or under a line of ``row`` rather than beside it: most of the
    shorter of the two spans the same stretch along the line. A long line photographed in
    perspective slants across the page's rows (a credit code under its label), and is a row of
    its own; two readings of one line overlap by a few characters only."""
    return any(min(box.u1, b.u1) - max(box.u0, b.u0) > 0.5 * min(box.u1 - box.u0, b.u1 - b.u0)
               for b in row.boxes)  # fmt: skip


def is_speck(box: TextBox) -> bool:
    """A line of one or two characters read with little confidence: a speck, a stroke of the
    artwork or a glint, not print."""
    kept = [c for c in box.chars if c.text.strip()]
    return len(kept) <= 2 and (not kept or sum(c.conf for c in kept) / len(kept) < 0.6)


@dataclass(frozen=True)
class Hit:
    key: str
    label: str
    row: int
    i0: int  # first char of the label in the row
    i1: int  # char after the label
    u0: float
    u1: float
    exact: bool


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# How far into a detected line a label may start.
MAX_LABEL_INDEX = 6
# Titles (营业执照, 居民身份证) are lines of their own; the same words inside a line are text.
WHOLE_LINE_KEYS = {"title"}


def _alone(row: Row, i: int, n: int) -> bool:
    """Whether chars i..i+n of the row are all of their detected line, but for brackets."""
    start = max(k for k in row.starts if k <= i) if row.starts else 0
    end = min((k for k in row.starts if k > i), default=len(row.chars))
    rest = [c.text for c in row.chars[start:end]][: i - start] + [c.text for c in row.chars[i + n : end]]
    return all(t in IGNORABLE or t in "()（）副本" for t in rest)


def _index_in_line(row: Row, i: int) -> int:
    """How many characters of its detected line precede char ``i`` of the row."""
    return i - max(k for k in row.starts if k <= i) if row.starts else i


def find_labels(rows: list[Row], vocab: dict[str, str]) -> list[Hit]:
    """Label hits, non-overlapping, in reading order. A label is found exactly anywhere in a row;
    one of three or more characters may have one character misread where it starts a detected
    line (a misread 经营场斯), but never inside a line, where words like 经营部 live."""
    hits: list[Hit] = []
    for ri, row in enumerate(rows):
        keep = [i for i, c in enumerate(row.chars) if c.text not in IGNORABLE]
        text = "".join(row.chars[i].text for i in keep)
        found: list[tuple[int, int, int, str, str, bool]] = []
        for label, key in vocab.items():
            n = len(label)
            start = text.find(label)
            while start >= 0:
                # Inside a detected line a label only counts near its start (性别女民族汉); deep
                # in a paragraph (…凭营业执照依法…) it is a word of the value.
                if _index_in_line(row, keep[start]) <= MAX_LABEL_INDEX and (
                    key not in WHOLE_LINE_KEYS or _alone(row, keep[start], n)
                ):
                    found.append((2, n, start, label, key, True))
                start = text.find(label, start + 1)
            if n < 3:
                continue
            for j in range(len(text) - n + 1):
                if keep[j] not in row.starts or text[j : j + n] == label:
                    continue
                window = text[j : j + n]
                if sum(a != b for a, b in zip(window, label, strict=True)) == 1 and window[0] == label[0]:
                    found.append((1, n, j, label, key, False))
                elif n >= 4 and text[j : j + n - 1] == label[:-1]:
                    found.append((1, n - 1, j, label, key, False))  # its last character lost
        # A two-character label printed spread out (名　　称) whose first character the detector
        # missed, or misread (姓名 as 性名, 性别 as 生别): its second as the row's first line,
        # alone or, with a value after it in the row, after one other character (a row that is
        # only 李名 is a name).
        first_box = [c for c in row.boxes[0].chars if c.text.strip()]
        if (len(first_box) == 1 or (len(first_box) == 2 and len(row.boxes) > 1)) and keep and keep[0] == 0:
            for label, key in vocab.items():
                if len(label) == 2 and first_box[-1].text == label[1]:
                    found.append((0, len(first_box), 0, label, key, False))
        taken: set[int] = set()
        for _, n, j, label, key, exact in sorted(found, key=lambda f: (-f[0], -f[1], f[2])):
            span = range(j, j + n)
            if any(k in taken for k in span):
                continue
            taken.update(span)
            i0, i1 = keep[j], keep[j + n - 1] + 1
            hits.append(Hit(key, label, ri, i0, i1, row.chars[i0].u0, row.chars[i1 - 1].u1, exact))
    # A misread label only stands in for one that is nowhere read right: 经营项目 at the start
    # of a wrapped scope line is not 经营者 when 经营者 is printed elsewhere.
    exact_keys = {h.key for h in hits if h.exact}
    hits = [h for h in hits if h.exact or h.key not in exact_keys]
    return sorted(hits, key=lambda h: (h.row, h.i0))


def line_height(boxes: list[TextBox]) -> float:
    heights = [b.height for b in boxes if b.chars]
    return float(np.median(heights)) if heights else 1.0


def _segments(chars: list[Char], gap: float) -> list[list[Char]]:
    """Chars split where the space between neighbours is wider than ``gap``."""
    out: list[list[Char]] = []
    for c in chars:
        if out and c.u0 - out[-1][-1].u1 <= gap:
            out[-1].append(c)
        else:
            out.append([c])
    return out


@dataclass
class Layout:
    rows: list[Row]
    hits: list[Hit]
    ch: float  # typical detected line height
    boxes: list[TextBox] = field(default_factory=list)

    @classmethod
    def of(cls, boxes: list[TextBox], vocab: dict[str, str]) -> Layout:
        boxes = [b for b in boxes if b.chars and not is_speck(b)]
        rows = group_rows(boxes)
        return cls(rows, find_labels(rows, vocab), line_height(boxes), boxes)

    def first(self, key: str) -> Hit | None:
        return next((h for h in self.hits if h.key == key), None)

    def all(self, key: str) -> list[Hit]:
        return [h for h in self.hits if h.key == key]

    def value_starts(self, keys: tuple[str, ...], beside: Hit | None = None) -> list[float]:
        """Where the values of the labels with ``keys`` begin along their rows: a document sets
        its values in a column. ``beside``: only labels in that label's column, on other rows."""
        hits = [h for h in self.hits if h.key in keys]
        if beside is not None:
            hits = [h for h in hits if h.row != beside.row and abs(h.u0 - beside.u0) < self.ch]
        return [v[0].u0 for h in hits if (v := self.same_row(h))]

    def same_row(self, hit: Hit) -> list[Char]:
        """What follows the label on its row, up to the next label or a wide gap."""
        row = self.rows[hit.row]
        stop = min((h.i0 for h in self.hits if h.row == hit.row and h.i0 >= hit.i1), default=len(row.chars))
        chars = row.chars[hit.i1 : stop]
        # Marks between label and value (姓名： 张伟) are not part of the value.
        while chars and chars[0].text in IGNORABLE:
            chars = chars[1:]
        pieces = _segments(chars, 4.0 * self.ch)
        # Far to the right of its label is another column's text, not this label's value.
        if not pieces or pieces[0][0].u0 - hit.u1 > 6.0 * self.ch:
            return []
        return pieces[0]

    def _label_at_start(self, box: TextBox) -> bool:
        """Whether a label begins within the first characters of ``box`` (the next field)."""
        head = {id(c) for c in [c for c in box.chars if c.text.strip()][:3]}
        return any(id(self.rows[h.row].chars[h.i0]) in head for h in self.hits)

    def _label_start(self, hit: Hit) -> float:
        """Where the label begins along its row. A label found by its last character(s), its
        first lost (所 alone, the 住 of a spread 住　所 unread), begins up to a spread label's pitch,
        two line heights a character, left of what was read: where the next fields' labels begin."""
        read = text_of(self.rows[hit.row].chars[hit.i0 : hit.i1])
        lost = len(hit.label) - len(read)
        if hit.exact or lost <= 0 or not hit.label.endswith(read):
            return hit.u0
        return hit.u0 - 2.0 * lost * self.ch

    def value(self, hit: Hit, *, run_on: int = 0, below: bool = False,
              stop: Callable[[list[Char]], bool] | None = None) -> list[list[Char]]:  # fmt: skip
        """The label's value as lines of chars: the rest of its row, then up to ``run_on`` lines
        below that start where the value started (or, for a paragraph, where the label did).
        With ``below``, a label printed alone on its row takes the line under it. ``stop`` ends
        the value at a line it rejects. Lines are followed line by line down the value's column,
        so a neighbouring column's lines (a scope beside the fields) never interleave."""
        first = self.same_row(hit)
        lines = [first] if first else []
        limit = run_on if first else (run_on + 1 if below else 0)
        start_u = first[0].u0 if first else hit.u0
        # A value under its label may start a little left or right of it.
        tolerance = 1.6 * self.ch if first else 3.0 * self.ch
        label_row = self.rows[hit.row]
        # The column ends where the next label on the label's row begins.
        right = min((h.u0 for h in self.hits if h.row == hit.row and h.u0 > hit.u1), default=float("inf"))
        prev_v1, prev_vc = label_row.v1, (label_row.v0 + label_row.v1) / 2
        prev_h = label_row.v1 - label_row.v0
        label_from = self._label_start(hit)
        taken = 0
        for box in sorted(self.boxes, key=lambda b: b.v0):
            if taken >= limit:
                break
            # Lines of a card copied small are closer than the page's typical line height, and
            # their detected boxes overlap: the next line is told by the heights of these two.
            if box.vc <= prev_vc + 0.5 * min(self.ch, prev_h, box.height) or box.u0 >= right - 0.5 * self.ch:
                continue  # on a line already taken, above it, or in the next column
            starts_here = abs(box.u0 - start_u) <= tolerance or abs(box.u0 - hit.u0) <= self.ch
            if not starts_here:
                if box.u0 < start_u - tolerance and box.u1 > start_u + self.ch and box.v0 - prev_v1 < self.ch:
                    break  # a line across the column: the value is over
                continue
            if box.v0 - prev_v1 > 2.2 * self.ch:
                break
            if self._label_at_start(box) or any(
                h.row != hit.row  # the field's own label, above a close line, is no next field
                and abs((self.rows[h.row].v0 + self.rows[h.row].v1) / 2 - box.vc) < 0.6 * self.ch
                and label_from - 2.0 * self.ch < h.u0 < box.u0 for h in self.hits
            ):
                break  # the next field: its label starts this line, or stands before it
            line = [c for c in box.chars if c.text.strip()]
            # The rest of the line, when the detector split it at a wide space, or split it with
            # the two parts overlapping by a character (…为准）。 and 。一般项目：…), which both
            # read: it is taken once.
            for other in sorted(self.boxes, key=lambda b: b.u0):
                if other is box or abs(other.vc - box.vc) >= 0.5 * self.ch or other.u0 >= right:
                    continue
                gap = other.u0 - line[-1].u1
                if 0 <= gap < 2.5 * self.ch:
                    line += [c for c in other.chars if c.text.strip()]
                elif -self.ch <= gap < 0:
                    after = (line[-1].u0 + line[-1].u1) / 2 + 0.5 * self.ch
                    line += [c for c in other.chars if c.text.strip() and (c.u0 + c.u1) / 2 > after]
            if stop is not None and stop(line):
                break
            lines.append(line)
            prev_v1, prev_vc, prev_h = box.v1, box.vc, box.height
            taken += 1
            if taken == 1 and not first:
                start_u, tolerance = box.u0, 1.6 * self.ch
        return lines


def text_of(chars: list[Char]) -> str:
    return "".join(c.text for c in chars)


def joined(lines: list[list[Char]]) -> list[Char]:
    return [c for line in lines for c in line]
