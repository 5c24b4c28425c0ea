"""The surname list the reader checks a name's first character against, and how it is made."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.surnames import cedict_surnames, hundred_families, write
from ocr.surnames import begins_with_surname, surnames


def test_the_primer_gives_its_single_and_two_character_surnames():
    single, compound = hundred_families()
    assert {"赵", "钱", "逯", "阚", "笪", "佟", "仉"} <= single
    assert {"欧阳", "夏侯", "万俟", "第五", "子车"} <= compound
    # Characters of two-character surnames are not surnames by themselves for it.
    assert "俟" not in single and "万俟" not in single


def test_the_dictionary_gives_the_entries_meaning_a_surname_and_nothing_else():
    lines = [
        "冼 冼 [Xian3] /surname Xian/",
        "洗 洗 [xi3] /to wash/to bathe/",
        "姓名 姓名 [xing4 ming2] /surname and given name/full name/",
        "歐陽 欧阳 [Ou1 yang2] /surname Ouyang/",
        "單 单 [Shan4] /surname Shan/",
        "尉遲恭 尉迟恭 [Yu4 chi2 Gong1] /Yuchi Gong/surname Yuchi/",
    ]
    assert cedict_surnames(lines) == {"冼", "欧阳", "单"}


def test_the_shipped_list_is_what_the_generator_writes(tmp_path: Path):
    # Regenerating from the primer and a one-entry dictionary gives the shipped list minus the
    # dictionary's other surnames: the file is the generator's output, not hand-edited.
    dictionary = tmp_path / "cedict.txt"
    dictionary.write_text("冼 冼 [Xian3] /surname Xian/\n", encoding="utf-8")
    written = tmp_path / "surnames.txt"
    write(dictionary, written)
    lines = {line for line in written.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    assert "冼" in lines and lines <= surnames()


def test_a_name_begins_with_a_surname_of_one_character_or_two():
    assert begins_with_surname("冼甜鼎") and begins_with_surname("欧阳娜") and begins_with_surname("仉明")
    assert not begins_with_surname("洗甜鼎") and not begins_with_surname("扎西顿珠")


def test_look_alikes_are_known_surnames_the_recogniser_reads_as_another_character():
    from ocr.surnames import lookalikes

    assert "佘" in lookalikes("余") and "亓" in lookalikes("元")
    assert lookalikes("的") == frozenset()
    every = {s for reading in "余元洗周禄" for s in lookalikes(reading)}
    assert every and every <= surnames()


def test_look_alikes_are_written_from_the_surnames_printed_and_read(tmp_path, monkeypatch):
    from devtools import surname_lookalikes
    from ocr import ppocr, print_alike

    if not ppocr.available() or not print_alike.faces():
        pytest.skip("needs PP-OCR and CJK faces")
    monkeypatch.setattr(surname_lookalikes, "surnames", lambda: frozenset({"亓", "王", "欧阳"}))
    target = tmp_path / "lookalikes.txt"
    surname_lookalikes.write(target)
    lines = [line for line in target.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    # 亓 printed plainly reads as 元; 王 reads as itself; two-character surnames are not looked at.
    assert "元 亓" in lines and not any("王" in line for line in lines)
