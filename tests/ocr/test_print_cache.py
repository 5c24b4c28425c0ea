"""Small prints kept on disk: made once per machine, loaded alike by every later process, and a
cache that cannot be used only costs the time of printing again."""

from __future__ import annotations

import numpy as np
import pytest

from ocr import print_cache
from ocr.print_alike import faces

SETTINGS = {"height": 24}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("APPROVAL_CACHE_DIR", str(tmp_path))
    return tmp_path


class Printer:
    """Stands for the glyph printer: a print per character and face, none for 'x' (a face
    without the character), counting what it was asked to make."""

    def __init__(self) -> None:
        self.made = 0

    def __call__(self, char: str, path: str, index: int) -> np.ndarray | None:
        self.made += 1
        if char == "x":
            return None
        return np.full((2 + ord(char) % 5, 3 + index), ord(char) % 251, dtype=np.uint8)


FACES = (("/nonexistent/a.ttc", 0), ("/nonexistent/b.ttc", 2))


def test_prints_made_once_are_loaded_alike_by_a_later_process(cache):
    first = Printer()
    made = print_cache.cached_prints("玹x笪", FACES, SETTINGS, first)
    assert first.made == 6
    assert len(list(cache.glob("prints-*.npz"))) == 1

    later = Printer()
    loaded = print_cache.cached_prints("玹x笪", FACES, SETTINGS, later)
    assert later.made == 0
    for face in FACES:
        assert [p is None for p in loaded[face]] == [False, True, False]
        for got, want in zip(loaded[face], made[face], strict=True):
            if want is not None:
                assert got.dtype == np.uint8 and np.array_equal(got, want)


def test_other_characters_faces_or_settings_are_printed_afresh(cache):
    print_cache.cached_prints("玹笪", FACES, SETTINGS, Printer())
    for candidates, face_list, settings in (("玹禚", FACES, SETTINGS), ("玹笪", FACES[:1], SETTINGS),
                                            ("玹笪", FACES, {"height": 32})):  # fmt: skip
        printer = Printer()
        print_cache.cached_prints(candidates, face_list, settings, printer)
        assert printer.made == len(candidates) * len(face_list)


def test_a_torn_cache_file_is_printed_again_and_replaced(cache):
    print_cache.cached_prints("玹笪", FACES, SETTINGS, Printer())
    (stored,) = cache.glob("prints-*.npz")
    stored.write_bytes(stored.read_bytes()[:40])
    printer = Printer()
    again = print_cache.cached_prints("玹笪", FACES, SETTINGS, printer)
    assert printer.made == 4 and again[FACES[0]][0] is not None
    later = Printer()
    reloaded = print_cache.cached_prints("玹笪", FACES, SETTINGS, later)
    assert later.made == 0 and np.array_equal(reloaded[FACES[1]][1], again[FACES[1]][1])


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("APPROVAL_CACHE_DIR", str(blocked / "cache"))
    printer = Printer()
    prints = print_cache.cached_prints("玹笪", FACES, SETTINGS, printer)
    assert printer.made == 4 and prints[FACES[0]][1] is not None
    assert list(tmp_path.iterdir()) == [blocked]


@pytest.mark.skipif(not faces(), reason="no CJK face installed")
def test_the_glyph_comparison_reads_its_prints_from_the_cache(cache, monkeypatch):
    """The real printer's prints for a few characters, stored and loaded, are those it makes."""
    from ocr import glyphs

    candidates = ("玹", "笪", "旻")
    glyphs._coarse_prints.cache_clear()
    made = glyphs._coarse_prints(candidates)
    glyphs._coarse_prints.cache_clear()
    monkeypatch.setattr(glyphs, "_coarse_glyph", lambda *a: pytest.fail("printed again"))
    loaded = glyphs._coarse_prints(candidates)
    glyphs._coarse_prints.cache_clear()
    assert len(list(cache.glob("prints-*.npz"))) == 1
    assert made.keys() == loaded.keys()
    for face in made:
        for want, got in zip(made[face], loaded[face], strict=True):
            assert (want is None and got is None) or np.array_equal(want, got)
