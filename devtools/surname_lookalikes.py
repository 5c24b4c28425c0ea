"""Writes ``ocr/surname_lookalikes.txt``: for each character PP-OCR reads a printed surname as,
the surnames it reads that way. Every single-character surname of ``ocr/surnames.txt`` is
printed in each installed CJK face and size (``ocr.print_alike``) and read; a surname read as
another single character (佘 as 余, 亓 as 元) is a lookalike of that reading, so a name read as
beginning with 余 may be a 佘 the recogniser's prior pulled away. Nothing here comes from the
synthetic people or documents: only the surname list and the fonts.

Usage: ``python -m devtools.surname_lookalikes`` (a few minutes; needs PP-OCR and the fonts).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ocr.print_alike import printed_readings
from ocr.surnames import surnames

TARGET = Path(__file__).resolve().parents[1] / "ocr" / "surname_lookalikes.txt"


def lookalikes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for surname in sorted(s for s in surnames() if len(s) == 1):
        for reading in printed_readings(surname):
            if len(reading) == 1 and reading != surname:
                found[reading].add(surname)
    return found


def write(target: Path = TARGET) -> int:
    found = lookalikes()
    target.write_text(
        "# Single-character surnames PP-OCR reads as another character when printed plainly in\n"
        "# the installed CJK faces. Written by devtools/surname_lookalikes.py.\n"
        "# Each line: the reading, then the surnames read that way.\n"
        + "".join(f"{reading} {''.join(sorted(names))}\n" for reading, names in sorted(found.items())),
        encoding="utf-8",
    )
    return len(found)


if __name__ == "__main__":
    print(f"{TARGET}: {write()} readings")
