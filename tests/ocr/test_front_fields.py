"""The front's fields from the lines as read, where a label was misread or lost."""

from __future__ import annotations

from ocr.id_card_fields import front_fields
from ocr.page import Page
from tests.ocr.read_lines import page_of_lines

NUMBER = "330212199203087446"


def _page(lines: list[tuple[float, str]]) -> Page:
    """A blank page whose lines (left edge in pixels, text) were read as given, one per row."""
    return page_of_lines([(left, 10 + i * 40.0, text) for i, (left, text) in enumerate(lines)])


def test_a_birth_date_whose_label_was_lost_is_its_own_field_and_not_the_start_of_the_address():
    page = _page([(20, "姓名何伟海"), (20, "性别女民族汉"), (100, "1992年3月8日"),
                  (100, "浙江省宁波市鄞州区姜山镇振兴路35号"), (20, f"公民身份号码{NUMBER}")])  # fmt: skip
    fields, _ = front_fields(page)
    assert fields["birth_date"].value == "1992-03-08"
    assert fields["address"].value == "浙江省宁波市鄞州区姜山镇振兴路35号"


def test_a_date_written_with_dots_beside_the_front_is_not_its_birth_date():
    page = _page([(20, "姓名何伟海"), (20, "性别女民族汉"), (100, "2016.05.20-2036.05.20"),
                  (100, "浙江省宁波市鄞州区姜山镇振兴路35号"), (20, f"公民身份号码{NUMBER}")])  # fmt: skip
    fields, _ = front_fields(page)
    assert "birth_date" not in fields


def test_a_rare_first_character_the_text_detector_left_out_is_read_back_from_the_label_on():
    # On this card the detector's line for the name begins at 宁: 隗 is outside it, and the
    # recogniser reads 隗 once a crop from the label's end includes it.
    import random

    from devtools.synthetic import FRAMINGS, RENDERERS, capture_framing, make_varied_person
    from ocr.read import read_document

    rng = random.Random("n1:126")  # the draw that found this card
    make_varied_person(rng)
    person = make_varied_person(rng, name="隗宁爽")
    framing = rng.choice([f for f in FRAMINGS if f != "finger"])
    data = capture_framing(RENDERERS["hei"].front(person, rng), framing, rng, "cn_id_card_front")
    name = read_document(data, engine="combined").fields["name"]
    assert name.value == "隗宁爽"


def test_a_name_whose_label_is_under_a_finger_is_the_row_above_sex_from_the_value_column_on():
    # 姓 hidden: the line reads 名 in the label column, then the name in the value column.
    card = [(40, 10, "名  何伟海"), (20, 50, "性别"), (100, 50, "女"), (20, 90, "出生"),
            (100, 90, "1992年3月8日"), (20, 130, "住址"), (100, 130, "浙江省宁波市鄞州区姜山镇振兴路35号"),
            (20, 210, f"公民身份号码{NUMBER}")]  # fmt: skip
    fields, _ = front_fields(page_of_lines(card))
    assert fields["name"].value == "何伟海"
    # Far above 性别 is not the name's row.
    far = [(100, 10, "何伟海"), *[(x, y + 100, t) for x, y, t in card[1:]]]
    assert "name" not in front_fields(page_of_lines(far))[0]
