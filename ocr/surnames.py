"""Chinese surnames (``surnames.txt``, written by ``devtools/surnames.py`` from the 百家姓 and
CC-CEDICT), so that a name's first character can be read as what it almost always is."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def surnames() -> frozenset[str]:
    """Every known surname, of one character or two."""
    text = files("ocr").joinpath("surnames.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def begins_with_surname(name: str) -> bool:
    known = surnames()
    return name[:1] in known or name[:2] in known


@cache
def _lookalikes() -> dict[str, str]:
    text = files("ocr").joinpath("surname_lookalikes.txt").read_text(encoding="utf-8")
    return dict(line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))


def lookalikes(reading: str) -> frozenset[str]:
    """The surnames the recogniser reads, when printed plainly, as ``reading`` (余: 佘)."""
    return frozenset(_lookalikes().get(reading, "").strip())
