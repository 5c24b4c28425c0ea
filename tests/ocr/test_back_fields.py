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


def test_long_term_validity_is_confirmed_by_a_look_that_passed_over_the_dots(monkeypatch):
    """Tesseract reads the small dots of 2026.04.07 as nothing (20260407-4 from a clean card):
    the eight digits are the same start date, and a long-term card is decided by its start."""

    def looks(self, chars, whitelist=None, voice=None, specs=()):  # noqa: ANN001, ANN202
        yield [replace(c, text="") if c.text == "." else c for c in chars] + [replace(chars[-1], text="4")]

    monkeypatch.setattr(Page, "looks", looks)
    fields, _ = back_fields(page_of_lines([*LINES, (100, 280, "有效期限 2026.04.07-长期")]))
    assert (fields["valid_from"].value, fields["valid_until"].value) == ("2026-04-07", "long-term")
    assert fields["valid_until"].confidence > ONE_VOICE


def test_long_term_validity_read_otherwise_by_the_second_look_stays_one_voice(monkeypatch):
    def looks(self, chars, whitelist=None, voice=None, specs=()):  # noqa: ANN001, ANN202
        yield [replace(c, text="8") if c.text == "7" else replace(c, text="") if c.text == "." else c
               for c in chars]  # fmt: skip

    monkeypatch.setattr(Page, "looks", looks)
    fields, _ = back_fields(page_of_lines([*LINES, (100, 280, "有效期限 2026.04.07-长期")]))
    assert fields["valid_from"].value == "2026-04-07"
    assert fields["valid_until"].confidence <= ONE_VOICE
