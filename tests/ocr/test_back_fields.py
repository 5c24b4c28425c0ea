"""The emblem side's fields from lines already read: the validity is found with or without its
label, and confirmed by a second look at the dates alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ocr.field_values import ONE_VOICE
from ocr.id_card_fields import back_fields
from ocr.page import Page
from tests.ocr.read_lines import page_of_lines


def _second_voice_reads_the_crop(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A second voice that reads the stretch it is shown, with its digit whitelist: a label
    character in the crop comes out as a digit (Tesseract's whitelist forces one)."""
    shown: list[str] = []

    def looks(self, chars, whitelist=None, voice=None, specs=()):  # noqa: ANN001, ANN202
        text = "".join(c.text for c in chars)
        shown.append(text)
        yield [c if whitelist is None or c.text in whitelist else replace(c, text="1") for c in chars]

    monkeypatch.setattr(Page, "looks", looks)
    return shown


LINES = [(300, 40, "中华人民共和国"), (320, 100, "居民身份证"), (100, 220, "签发机关 昆山市公安局")]


def test_validity_under_its_label_is_confirmed_by_a_second_look(monkeypatch):
    _second_voice_reads_the_crop(monkeypatch)
    fields, _ = back_fields(page_of_lines([*LINES, (100, 280, "有效期限 2026.09.27-2036.09.27")]))
    assert (fields["valid_from"].value, fields["valid_until"].value) == ("2026-09-27", "2036-09-27")
    assert fields["valid_until"].confidence > ONE_VOICE


def test_validity_whose_label_was_half_hidden_is_looked_at_without_the_label(monkeypatch):
    """有 under a finger: the label is not found, the row is found by its dates, and the second
    look is shown the dates alone, not what was left of the label."""
    shown = _second_voice_reads_the_crop(monkeypatch)
    fields, _ = back_fields(page_of_lines([*LINES, (100, 280, "效期限 2026.09.27-2036.09.27")]))
    assert fields["valid_until"].value == "2036-09-27"
    assert fields["valid_until"].confidence > ONE_VOICE
    assert shown and all(text.startswith("2026") for text in shown)
