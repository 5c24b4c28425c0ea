"""How the recogniser reads a stated name printed plainly (ocr.print_alike)."""

from __future__ import annotations

import pytest

from ocr import ppocr, print_alike

pytestmark = pytest.mark.skipif(
    not ppocr.available() or not print_alike.faces(), reason="needs PP-OCR and CJK faces"
)


def test_a_name_of_common_characters_reads_as_itself_in_every_face():
    assert print_alike.printed_readings("王明华") == frozenset({"王明华"})


def test_a_rare_surname_reads_as_the_look_alike_the_recogniser_prefers():
    # 亓 is in PP-OCR's character set, but it reads the printed character as 元.
    assert "元锦娟" in print_alike.printed_readings("亓锦娟")
    assert "亓锦娟" not in print_alike.printed_readings("亓锦娟")


def test_without_faces_nothing_reads_alike(monkeypatch):
    monkeypatch.setattr(print_alike, "FACES", (("/nonexistent/face.ttc", 0),))
    print_alike.printed_readings.cache_clear()
    try:
        assert print_alike.printed_readings("亓锦娟") == frozenset()
    finally:
        print_alike.printed_readings.cache_clear()
