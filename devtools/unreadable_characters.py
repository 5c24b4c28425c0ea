"""Writes ``ocr/unreadable_characters.txt``: the characters PP-OCR's recogniser cannot output
(outside its 6,625-character dictionary) that a person's name may still hold (玹, 笪, 旻 …).

Source: every single-character headword of CC-CEDICT (CC BY-SA 4.0) with at least one meaning
of its own, leaving out radicals, components and variants of other characters (亅, 冖, 丅),
which no name is written with. Not the synthetic people's character tables: a list taken from
the people the evaluation draws would measure nothing.

Usage: ``python -m devtools.unreadable_characters CEDICT_FILE`` (see ``devtools.surnames`` for
where to find the file).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from devtools.surnames import _ENTRY
from ocr import ppocr

TARGET = Path(__file__).resolve().parents[1] / "ocr" / "unreadable_characters.txt"
# Meanings that make a character no name's: a part of other characters, another's variant,
# a cross-reference, or a use outside Mainland Chinese.
NOT_OF_ITS_OWN = re.compile(
    r"variant of|radical|component|kwukyel|Japanese|Korean|Cantonese|Taiwanese|\(Tw\)|abbr\. for"
    r"|^CL:|^see |used in |archaic",
    re.IGNORECASE,
)


def cedict_characters(lines: list[str]) -> set[str]:
    """Simplified single-character headwords (CJK Unified Ideographs) with a meaning of their own."""
    found = set()
    for line in lines:
        entry = _ENTRY.match(line.rstrip("\r\n"))
        if not entry or len(entry[1]) != 1 or not "\u4e00" <= entry[1] <= "\u9fff":
            continue
        if any(m.strip() and not NOT_OF_ITS_OWN.search(m) for m in entry[2].split("/")):
            found.add(entry[1])
    return found


def write(cedict_file: Path, target: Path = TARGET) -> int:
    readable = set(ppocr.dictionary())
    unreadable = sorted(cedict_characters(cedict_file.read_text(encoding="utf-8").splitlines()) - readable)
    target.write_text(
        "# Characters PP-OCR's recogniser cannot output, from CC-CEDICT's single-character\n"
        "# headwords (CC BY-SA 4.0, https://cc-cedict.org) without radicals and variants.\n"
        "# Written by devtools/unreadable_characters.py. All on one line.\n" + "".join(unreadable) + "\n",
        encoding="utf-8",
    )
    return len(unreadable)


if __name__ == "__main__":
    print(f"{TARGET}: {write(Path(sys.argv[1]))} characters")
