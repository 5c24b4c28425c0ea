"""A card on a page is read twice, from the overview and at full resolution: the more complete
reading is kept, and a field both read alike is as sure as the surer of the two. Where the two
read a field differently, the kept reading stands; no value is ever made up of both."""

from __future__ import annotations

import numpy as np
import pytest

from ocr import read as read_module
from ocr.reading import FieldReading

OVERVIEW = {"name": FieldReading("石毅", 0.55), "sex": FieldReading("男", 0.99)}


def _read_with(monkeypatch: pytest.MonkeyPatch, closer: dict[str, FieldReading]) -> dict[str, FieldReading]:
    def find_text(rgb, closer=False):  # noqa: ANN001, ANN202
        return "closer" if closer else "overview"

    monkeypatch.setattr(read_module, "find_text", find_text)
    monkeypatch.setattr(read_module, "_read_lines", lambda found, voice: ([], "cn_id_card_front"))
    monkeypatch.setattr(read_module, "_one_side_of_a_page", lambda found, kind: True)
    monkeypatch.setattr(read_module, "_capture_warnings", lambda *args: [])
    monkeypatch.setattr(
        read_module, "_fields", lambda found, *args: (dict(closer if found == "closer" else OVERVIEW), [])
    )
    page = np.full((1800, 1300, 3), 255, dtype=np.uint8)  # larger than the overview: a closer look
    return read_module.read_image(page).fields


def test_a_field_read_alike_more_surely_at_full_resolution_takes_that_reading(monkeypatch):
    fields = _read_with(monkeypatch, {"name": FieldReading("石毅", 0.88), "sex": FieldReading("男", 0.9)})
    assert (fields["name"].value, fields["name"].confidence) == ("石毅", 0.88)
    assert fields["sex"].confidence == 0.99


def test_a_field_read_otherwise_at_full_resolution_keeps_the_overview_reading(monkeypatch):
    """The closer look left the surname unread (玉 for 阚玉) and is surer of what it read."""
    fields = _read_with(monkeypatch, {"name": FieldReading("毅", 0.95), "sex": FieldReading("男", 0.9)})
    assert (fields["name"].value, fields["name"].confidence) == ("石毅", 0.55)


def test_the_more_complete_reading_is_kept_and_takes_the_surer_alike_fields(monkeypatch):
    closer = {"name": FieldReading("石毅", 0.5), "sex": FieldReading("女", 0.97)}
    fields = _read_with(monkeypatch, {**closer, "ethnicity": FieldReading("汉", 0.99)})
    assert {k: f.value for k, f in fields.items()} == {"name": "石毅", "sex": "女", "ethnicity": "汉"}
    assert fields["name"].confidence == 0.55 and fields["sex"].confidence == 0.97
