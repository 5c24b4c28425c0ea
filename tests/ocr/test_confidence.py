"""Where confidence comes from: readings that agree, never a check character alone.

A page whose second looks are given by the test stands in for the recognisers, so each rule
of ``ocr.field_values`` is tried on the exact readings it is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np

from ocr import codes
from ocr.field_values import ONE_VOICE, date_looks, read_code, read_name
from ocr.page import Page
from ocr.text_boxes import Char, TextBox

TODAY = dt.date(2026, 11, 29)
# Valid, and a one-digit misreading of it (5 read as 3 twice) that still passes the check.
NUMBER = "320684198503026052"


def chars(text: str, conf: float = 0.99) -> list[Char]:
    return [Char(t, conf, i * 10.0, i * 10.0 + 9) for i, t in enumerate(text)]


class Looks(Page):
    """A page whose every second look reads ``second`` and whose first voice, looking again,
    reads ``again``."""

    def __init__(self, second: list[str], again: list[str] | None = None, engine: str = "combined"):
        super().__init__(np.zeros((4, 4), np.uint8), [], engine, TODAY)
        self.second_texts, self.again_texts = second, again or []
        self.asked: list[str | None] = []

    def looks(self, chars, whitelist=None, voice=None, specs=()) -> Iterator[list[Char]]:  # noqa: ANN001
        self.asked.append(voice)
        texts = self.again_texts if voice == self.primary else self.second_texts
        for text in texts:
            yield [Char(t, 0.9, 0, 1) for t in text]


def read_id(first: str, page: Page):
    return read_code(page, chars(first), valid=lambda t: codes.id_number_valid(t, TODAY),
                     repair=lambda t: codes.id_number_repair(t, TODAY), whitelist="0123456789X",
                     name="id_number")  # fmt: skip


def confusable() -> str:
    """Another valid number two digits away from NUMBER, with the same check character (what a
    rotated card gave: month and sequence misread, 5 as 3)."""
    for i in range(10, 17):
        for j in range(i + 1, 17):
            for a in "0123456789":
                for b in "0123456789":
                    body = NUMBER[:i] + a + NUMBER[i + 1 : j] + b + NUMBER[j + 1 : 17]
                    other = body + codes.id_check_char(body)
                    same_check = other[17] == NUMBER[17]
                    if body != NUMBER[:17] and same_check and codes.id_number_valid(other, TODAY):
                        return other
    raise AssertionError("no confusable number")


def test_a_valid_number_confirmed_by_the_second_recogniser_is_confident():
    got, warns = read_id(NUMBER, Looks([NUMBER]))
    assert got.value == NUMBER and got.confidence >= 0.97 and warns == []


def test_a_valid_number_the_second_recogniser_contradicts_is_not_confident():
    # The misreading passes its check character and the recogniser is sure of every digit:
    # only the other recogniser's disagreement tells, and a valid other reading is a plain
    # contradiction (below what the applicant's own statement could confirm).
    wrong = confusable()
    got, _ = read_id(wrong, Looks([NUMBER, NUMBER, NUMBER]))
    assert got.confidence <= 0.5


def test_a_number_no_second_look_could_read_stays_below_the_threshold():
    got, _ = read_id(NUMBER, Looks(["", "3206", "x"]))
    assert got.value == NUMBER and got.confidence < 0.9


def test_the_second_voices_valid_reading_counts_only_if_the_first_voice_agrees_on_a_new_look():
    misread = NUMBER[:10] + "8" + NUMBER[11:]  # fails the check
    assert not codes.id_number_valid(misread, TODAY)
    agreed, _ = read_id(misread, Looks([NUMBER], again=[NUMBER]))
    assert agreed.value == NUMBER and agreed.confidence >= 0.97
    alone, _ = read_id(misread, Looks([NUMBER], again=[misread]))
    assert alone.value == NUMBER and alone.confidence < 0.9


def test_a_number_only_the_first_voice_reads_valid_on_another_crop_is_kept_below_the_threshold():
    # The first reading ran the check character into a bracket, the second voice left it out.
    bracket = NUMBER[:17] + ")"
    got, _ = read_id(bracket, Looks([NUMBER[:17]] * 3, again=[bracket, NUMBER]))
    assert got.value == NUMBER and got.confidence < 0.9


def test_a_number_no_look_completes_is_not_guessed_from_its_check_character():
    # Seventeen characters: computing the eighteenth would make any misreading "valid".
    got, _ = read_id(NUMBER[:17], Looks([NUMBER[:17]] * 3, again=[NUMBER[:17]]))
    assert got is None


def test_a_number_valid_only_after_correcting_a_confusable_character_is_capped_and_warned():
    letter = NUMBER[:2] + "O" + NUMBER[3:]  # 0 read as the letter O
    got, warns = read_id(letter, Looks(["", ""]))
    assert got.value == NUMBER and got.confidence <= 0.8
    assert [w.code for w in warns] == ["corrected"]


def test_one_recogniser_alone_never_reaches_the_confirmed_level():
    got, _ = read_id(NUMBER, Looks([NUMBER], engine="ppocr"))
    assert 0.9 <= got.confidence <= 0.95


def test_a_name_both_recognisers_read_alike_is_confirmed():
    got = read_name(Looks(["王伟"]), chars("王伟", conf=0.7))
    assert got.value == "王伟" and got.confidence >= 0.95


def test_a_name_the_second_recogniser_twice_reads_otherwise_where_the_first_hesitated_is_doubtful():
    hesitant = [Char("元", 0.6, 0, 9), *chars("凡乔")]
    got = read_name(Looks(["亓凡乔", "亓凡乔"]), hesitant)
    assert got.value == "元凡乔" and got.confidence < 0.9


def test_a_steady_misreading_by_the_second_recogniser_does_not_overrule_a_sure_first():
    got = read_name(Looks(["盂刚正", "盂刚正"]), chars("孟刚正", conf=0.99))
    assert got.value == "孟刚正" and got.confidence >= 0.9


def on_a_line(page: Looks, read: list[Char], start: float, end: float) -> Looks:
    """``read`` as the characters of one detected line running from ``start`` to ``end``."""
    quad = np.float32([[start, 0], [end, 0], [end, 13], [start, 13]])
    page.boxes = [TextBox(quad, read, start, 0.0, end, 13.0, start, end)]
    return page


def test_a_character_the_first_recogniser_dropped_is_taken_from_the_second():
    # Read 德 and 城 at a pitch of 10, on a line with room for one more before them.
    read = chars("德城", conf=0.99)
    read = [Char(c.text, c.conf, c.u0 + 10, c.u1 + 10) for c in read]
    page = on_a_line(Looks(["阚德城", "阚德城"]), read, start=-4.0, end=33.0)
    got = read_name(page, read)
    assert got.value == "阚德城" and got.confidence < 0.9


def test_a_second_recogniser_adding_a_character_where_none_is_missing_changes_nothing():
    read = chars("艾则孜", conf=0.99)
    page = on_a_line(Looks(["艾则和孜", "艾则和孜"]), read, start=-4.0, end=33.0)
    got = read_name(page, read)
    assert got.value == "艾则孜" and got.confidence >= 0.9


class PlacedLooks(Looks):
    """A page whose every second look reads ``second``, its characters ``pitch`` apart."""

    def __init__(self, second: list[str], pitch: float = 10.0):
        super().__init__(second)
        self.pitch = pitch

    def looks(self, stretch, whitelist=None, voice=None, specs=()) -> Iterator[list[Char]]:  # noqa: ANN001
        for text in self.second_texts:
            yield [Char(t, 0.9, i * self.pitch, (i + 0.9) * self.pitch) for i, t in enumerate(text)]


def spaced(text: str, step: float) -> list[Char]:
    return [Char(t, 0.99, i * step, i * step + 9) for i, t in enumerate(text)]


def test_a_character_between_two_only_the_second_recogniser_reads_leaves_the_name_partial():
    """杨玹强 read as 杨强 at 0.98: 玹 is outside the first recogniser's character set, and the
    second, which reads a character in the gap (孩 on one look, 如 on the other), knows it no
    better. The gap is two pitches wide where a name's characters stand one apart."""
    read = spaced("杨强", step=20.0)
    got = read_name(on_a_line(PlacedLooks(["杨孩强", "杨如强"]), read, -4.0, 33.0), read)
    assert got.value == "杨强" and got.confidence < 0.9


def test_a_character_the_second_recogniser_adds_where_the_line_has_no_room_changes_nothing():
    # The extra character read between two that stand one pitch apart, as at a smaller pitch.
    for first, second in (("王强", "王孩强"), ("艾则孜", "艾则和孜")):
        read = spaced(first, step=10.0)
        looks = PlacedLooks([second, second], pitch=10.0 * (len(first) - 1) / (len(second) - 1))
        got = read_name(on_a_line(looks, read, -4.0, 10.0 * len(first) + 3), read)
        assert got.value == first and got.confidence >= 0.9, first


def test_a_middle_dot_read_as_a_stroke_in_the_gap_is_no_character_passed_over():
    read = spaced("王强", step=20.0)
    got = read_name(on_a_line(PlacedLooks(["王一强", "王一强"]), read, -4.0, 33.0), read)
    assert got.value == "王强" and got.confidence >= 0.9


def test_a_name_that_begins_a_character_after_the_value_column_is_partial_even_if_both_agree():
    # 訾同璐 with its rare first character left unread by both recognisers: 同璐 begins about a
    # character (pitch 10, line height 13) right of where the card's values begin (u = 0).
    read = [Char(c.text, c.conf, c.u0 + 11, c.u1 + 11) for c in chars("同璐", conf=0.99)]
    page = on_a_line(Looks(["同璐", "同璐"]), read, start=7.0, end=34.0)
    got = read_name(page, read, starts_at=0.0, unit=13.0)
    assert got.value == "同璐" and got.confidence < 0.9


def test_a_name_that_begins_at_the_value_column_is_confirmed_as_before():
    read = [Char(c.text, c.conf, c.u0 + 2, c.u1 + 2) for c in chars("童璐", conf=0.99)]
    page = on_a_line(Looks(["童璐", "童璐"]), read, start=-2.0, end=25.0)
    got = read_name(page, read, starts_at=0.0, unit=13.0)
    assert got.value == "童璐" and got.confidence >= 0.95


def test_a_printed_date_is_read_again_by_the_second_voice():
    looks = date_looks(Looks(["1985年3月2日", "1985年3月", "1985年3月27日"]), chars("1985年3月2日"))
    assert list(looks) == [dt.date(1985, 3, 2), dt.date(1985, 3, 27)]


def hesitating(first: str, conf: float, choices: tuple[tuple[str, float], ...], rest: str) -> list[Char]:
    """A name whose first character the recogniser read as ``first`` at ``conf``, with
    ``choices`` as its likeliest readings (best first)."""
    return [Char(first, conf, 0, 9, ((first, conf), *choices)), *chars(rest)]


def test_a_first_character_that_is_no_surname_is_read_as_the_surname_considered():
    read = hesitating("洗", 0.96, (("冼", 0.016), ("况", 0.012)), "春胜")
    got = read_name(Looks(["洗春胜"]), read)
    assert got.value == "冼春胜" and 0.7 <= got.confidence < 0.9
    # The recogniser's own choices stay as it gave them.
    assert got.candidates[0][0][0] == "洗"


def test_a_surname_chosen_over_the_first_reading_is_confirmed_by_the_second_voice():
    got = read_name(Looks(["冼甜鼎"]), hesitating("洗", 0.885, (("冼", 0.045),), "甜鼎"))
    assert got.value == "冼甜鼎" and got.confidence >= 0.95


def test_a_first_character_read_surely_or_with_no_surname_among_its_choices_stays():
    sure = hesitating("扎", 0.99, (("孔", 0.004),), "西顿珠")
    assert read_name(Looks(["扎西顿珠"]), sure).value == "扎西顿珠"
    unlikely = hesitating("洗", 0.6, (("冼", 0.002),), "甜鼎")
    assert read_name(Looks([]), unlikely).value == "洗甜鼎"
    none_a_surname = hesitating("没", 0.31, (("设", 0.21),), "璇")
    assert read_name(Looks([]), none_a_surname).value == "没璇"


def test_a_name_that_begins_with_a_surname_or_has_none_keeps_its_first_reading():
    # 阙 is a surname of its own, even where the recogniser also considered 阚.
    assert read_name(Looks([]), hesitating("阙", 0.35, (("阚", 0.31),), "航")).value == "阙航"
    # A transcribed name has no surname to look for.
    dotted = [Char("阿", 0.6, 0, 9, (("阿", 0.6), ("何", 0.2))), *chars("依·古丽")]
    assert read_name(Looks([]), dotted).value == "阿依·古丽"


def test_a_speck_read_as_a_stroke_before_a_name_is_not_part_of_it():
    got = read_name(Looks([]), hesitating("一", 0.956, (), "揭敏伊"))
    assert got.value == "揭敏伊" and got.confidence < 0.9
    # Confirmed when the second voice reads the name without the stroke (揭 itself, not among the
    # known surnames, is never above one voice).
    assert read_name(Looks(["杜敏伊"]), hesitating("一", 0.956, (), "杜敏伊")).confidence >= 0.95
    assert read_name(Looks(["揭敏伊"]), hesitating("一", 0.956, (), "揭敏伊")).confidence == ONE_VOICE
    # Two characters are too few to take one away: left for a reviewer as read.
    assert read_name(Looks([]), hesitating("一", 0.956, (), "凡")).value == "一凡"


def test_a_close_second_choice_that_makes_a_two_character_surname_is_taken():
    xiahou = [*chars("夏"), Char("候", 0.53, 10, 19, (("候", 0.53), ("侯", 0.46))), Char("承", 0.99, 20, 29)]
    got = read_name(Looks(["夏候承"]), xiahou)
    # Tesseract reads 候 too: the choice is the prior's alone, so it is not decisive.
    assert got.value == "夏侯承" and got.confidence < 0.9
    # A faint look-alike is no reason: 司 with a given name beginning 玛 stays.
    sima = [*chars("司"), Char("玛", 0.95, 10, 19, (("玛", 0.95), ("马", 0.02))), Char("丽", 0.99, 20, 29)]
    assert read_name(Looks([]), sima).value == "司玛丽"


def test_a_name_of_one_character_is_partial_even_if_both_recognisers_agree():
    """A Chinese name has a surname and a given name: one character read is one left out."""
    read = chars("星", conf=0.99)
    page = on_a_line(Looks(["星", "星"]), read, start=-2.0, end=12.0)
    got = read_name(page, read)
    assert got.value == "星" and got.confidence < 0.9


def test_a_name_beginning_with_no_known_surname_is_doubtful_even_if_both_recognisers_agree():
    """庹 read as 度 by both (度 is no surname): a shared misreading, or a surname outside the
    list; either way not sure. A transcribed name has no surname to check."""
    got = read_name(Looks(["度茂永", "度茂永"]), chars("度茂永", conf=0.99))
    assert got.value == "度茂永" and got.confidence < 0.9
    assert read_name(Looks(["杜茂永", "杜茂永"]), chars("杜茂永", conf=0.99)).confidence >= 0.95
    dotted = read_name(Looks(["阿依·古丽", "阿依·古丽"]), chars("阿依·古丽", conf=0.99))
    assert dotted.confidence >= 0.95
