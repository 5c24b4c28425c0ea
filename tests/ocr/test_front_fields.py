"""The front's fields from the lines as read, where a label was misread or lost."""

from __future__ import annotations

import pytest

from ocr.field_values import ONE_VOICE
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



def test_labels_whose_first_character_was_misread_still_place_the_name_and_sex():
    # The detector boxed each spread label on its own, and the recogniser read 姓 as 性 and 性 as
    # 生 (a rotated JPEG on a development renderer): the labels' second characters still hold.
    card = [(20, 10, "性名"), (100, 10, "彭晓杨"), (20, 50, "生别"), (100, 50, "女"), (20, 90, "出生"),
            (100, 90, "2004年9月1日"), (20, 130, "主址"), (100, 130, "江苏省南通市海门区常乐镇健康路14号"),
            (20, 210, f"公民身份号码{NUMBER}")]  # fmt: skip
    fields, _ = front_fields(page_of_lines(card))
    assert fields["name"].value == "彭晓杨" and fields["sex"].value == "女"
    # A row that is only a two-character name ending in 名 is that name, not a misread label.
    assert front_fields(page_of_lines([(100, 10, "李名"), *card[2:]]))[0]["name"].value == "李名"

# -- a check character under a finger ---------------------------------------------------------
SKIN = (204, 146, 112)


def _number_beside_a_finger(monkeypatch, finger_from: float | None, second_voice: str = NUMBER[:17]):
    """The number row with its first 17 characters read (each 20 px wide from x=140) and a finger
    from ``finger_from`` on; the second voice reads the 17 as ``second_voice``."""
    from dataclasses import replace

    import numpy as np

    card = [(20, 10, "姓名何伟海"), (20, 50, "性别女民族汉"), (20, 90, "出生1992年3月8日"),
            (20, 210, f"公民身份号码{NUMBER[:17]}")]  # fmt: skip
    page = page_of_lines(card)
    page.colour = np.full((*page.ink.shape, 3), 255, np.uint8)
    if finger_from is not None:
        page.colour[200:245, int(finger_from):600] = SKIN

    def looks(self, chars, whitelist=None, voice=None, specs=()):  # noqa: ANN001, ANN202
        yield [replace(c, text=t) for c, t in zip(chars, second_voice, strict=False)]

    monkeypatch.setattr(Page, "looks", looks)
    return front_fields(page)


def test_an_id_number_whose_check_character_is_under_a_finger_is_worked_out_from_the_first_17(monkeypatch):
    fields, warns = _number_beside_a_finger(monkeypatch, finger_from=482)
    number = fields["id_number"]
    assert number.value == NUMBER
    # As sure as one voice passing its check character: the applicant's statement can confirm
    # it, nothing else (below the 0.9 that decides alone).
    assert number.confidence == ONE_VOICE
    assert "check_covered" in [w.code for w in warns]


def test_a_17_digit_number_with_nothing_over_its_end_is_not_completed(monkeypatch):
    fields, _ = _number_beside_a_finger(monkeypatch, finger_from=None)
    assert "id_number" not in fields


def test_a_number_whose_17th_digit_is_half_under_the_finger_is_not_completed(monkeypatch):
    # Both voices read a half-covered 3 as 7 on a development card: that digit is not sure.
    fields, _ = _number_beside_a_finger(monkeypatch, finger_from=470)
    assert "id_number" not in fields


def test_a_number_the_second_voice_reads_otherwise_is_not_completed(monkeypatch):
    fields, _ = _number_beside_a_finger(monkeypatch, finger_from=482, second_voice=NUMBER[:15] + "11")
    assert "id_number" not in fields


def test_an_ethnicity_whose_label_was_misread_where_the_recogniser_hesitated_is_still_read():
    from dataclasses import replace

    card = [(20, 10, "姓名何伟海"), (20, 50, "性别女民旅维吾尔"), (20, 90, "出生1992年3月8日"),
            (20, 210, f"公民身份号码{NUMBER}")]  # fmt: skip
    page = page_of_lines(card)
    row = page.boxes[1]
    row.chars[4] = replace(row.chars[4], conf=0.58)  # 旅 for 族, hesitantly
    assert front_fields(page)[0]["ethnicity"].value == "维吾尔"
    # Read confidently, 旅 is not 族: nothing after it is the ethnicity.
    row.chars[4] = replace(row.chars[4], conf=0.99)
    assert "ethnicity" not in front_fields(page)[0]


# A rare surname and the common character the recogniser steadily reads it as.
LOOK_ALIKE_SURNAMES = (("佘", "余"), ("亓", "元"))


@pytest.mark.parametrize("renderer", ["hei", "kai", "noto", "song"])
@pytest.mark.parametrize(("rare", "common"), LOOK_ALIKE_SURNAMES)
def test_a_rare_surname_is_read_by_its_print_and_its_common_look_alike_stays(renderer, rare, common):
    import random

    from devtools.synthetic import RENDERERS, capture_framing, make_varied_person
    from ocr.read import read_document

    for truth in (rare + "思远", common + "思远"):
        rng = random.Random(f"look-alike:{renderer}:{truth}")
        person = make_varied_person(rng, name=truth)
        data = capture_framing(RENDERERS[renderer].front(person, rng), "margin", rng, "cn_id_card_front")
        name = read_document(data, engine="combined").fields["name"]
        assert name.value == truth


@pytest.mark.parametrize(
    ("index", "renderer", "condition", "truth"),
    [(570, "noto", "table", "隗秀涛"), (211, "song", "rotated_270", "阚惠斌")],
)
def test_a_rare_first_character_the_recogniser_passes_over_is_read_back(index, renderer, condition, truth):
    # On these cards (development seed 20261201) PP-OCR passes over the surname even alone in
    # the crop: the blank outweighs each character, though not the characters together.
    from devtools.ocr_evaluation import Job, make_document
    from ocr.read import read_document

    drawn, data = make_document(20261201, Job(index, renderer, "cn_id_card_front", condition))
    assert drawn["name"] == truth
    name = read_document(data, engine="combined").fields["name"]
    assert name.value == truth
    # One uncertain character: a reviewer's to confirm, never decisive.
    assert name.confidence < 0.9


def test_a_surname_read_surely_is_not_changed_for_a_faint_choice_whose_print_fits_as_well():
    # Seed 99062925 #415: 万 read at 0.996 with 方 at 0.0035. 方 is 万 with a dot above, so its
    # print fits 万's glyph about as well (0.847 against 0.821): a choice the recogniser all but
    # ruled out is not compared by print.
    from devtools.ocr_evaluation import Job, make_document
    from ocr.read import read_document

    drawn, data = make_document(99062925, Job(415, "noto", "cn_id_card_front", "rotated_180"))
    assert drawn["name"] == "万光艺"
    assert read_document(data, engine="combined").fields["name"].value == "万光艺"


# A card copied small onto a page, as detected (seed 20261302 of the development renderers):
# the page's typical line is 33 px high (the back's titles and the number are large), while
# the address wraps in boxes 22-24 px high whose lines are 16 px apart and overlap.
SMALL_CARD_ADDRESS = [(605, 281, "姓名沙吾列阿合买提", 35), (605, 309, "性别女民族哈萨克", 34),
                      (610, 342, "出生1976年3月3日", 25), (607, 362, "住址新疆维吾尔自治区乌鲁木齐市", 34),
                      (652, 387, "天山区新华南路街道建设路3", 24), (652, 404, "2-8号", 22),
                      (608, 431, "公民身份号码650102197603031860", 33), (716, 540, "中华人民共和国", 48),
                      (703, 601, "居民身份证", 64),
                      (663, 676, "签发机关乌鲁木齐市公安局天山区分局", 31)]  # fmt: skip


def test_an_address_wrapped_in_lines_closer_than_the_pages_typical_line_is_read_whole():
    fields, _ = front_fields(page_of_lines(SMALL_CARD_ADDRESS))
    assert fields["address"].value == "新疆维吾尔自治区乌鲁木齐市天山区新华南路街道建设路32-8号"


def test_an_address_line_beside_its_own_label_is_not_taken_for_the_next_field():
    # Wrapped lines start a little left of the value column, and the first of them is closer to
    # the 住址 row than the page's line height: 住址 stands before it, but it is its own label.
    card = [(232, 269, "姓名王斌兰", 31), (234, 294, "性别女民族汉", 31), (234, 320, "出生1977年3月18日", 31),
            (232, 345, "住址山东省济南市历下区泉城路", 30), (269, 364, "街道人民路66号院16号", 27),
            (272, 386, "楼1241", 20), (234, 415, "公民身份号码370102197703182781", 29)]  # fmt: skip
    fields, _ = front_fields(page_of_lines(card))
    assert fields["address"].value == "山东省济南市历下区泉城路街道人民路66号院16号楼1241"


def test_an_ethnicity_whose_label_the_recogniser_left_out_is_read_when_listed():
    card = [(20, 10, "姓名丹增"), (20, 50, "性别女民藏"), (20, 90, "出生1989年9月26日"),
            (20, 210, f"公民身份号码{NUMBER}")]  # fmt: skip
    assert front_fields(page_of_lines(card))[0]["ethnicity"].value == "藏"
    # Without the label, what follows 民 is only taken as a listed ethnicity as read.
    card[1] = (20, 50, "性别女民雀")
    assert "ethnicity" not in front_fields(page_of_lines(card))[0]


def test_an_unlisted_ethnicity_with_no_print_to_compare_is_left_unread():
    from dataclasses import replace

    card = [(20, 10, "姓名丹增"), (20, 50, "性别女民族雀"), (20, 90, "出生1989年9月26日"),
            (20, 210, f"公民身份号码{NUMBER}")]  # fmt: skip
    page = page_of_lines(card)
    row = page.boxes[1]
    row.chars[5] = replace(row.chars[5], conf=0.33)  # 雀 for 畲, hesitantly; the page is blank
    assert "ethnicity" not in front_fields(page)[0]


def _front_with_ethnicity(draw: str, renderer: str, ethnicity: str, framing: str) -> bytes:
    import dataclasses
    import random

    from devtools.synthetic import RENDERERS, capture_both_sides_page, capture_framing, make_varied_person

    rng = random.Random(draw)
    person = dataclasses.replace(make_varied_person(rng), ethnicity=ethnicity)
    front = RENDERERS[renderer].front(person, rng)
    if framing == "both_sides":
        return capture_both_sides_page(front, RENDERERS[renderer].back(person, rng), rng)
    return capture_framing(front, framing, rng, "cn_id_card_front")


@pytest.mark.parametrize("renderer", ["hei", "kai", "noto", "song"])
@pytest.mark.parametrize("ethnicity", ["畲", "仡佬"])
def test_a_rare_ethnicity_the_recogniser_misreads_is_told_by_its_print(renderer, ethnicity):
    # PP-OCR reads 畲 as 雀, 鑫 or 窗 and 仡 as 亿 or 伦, hesitantly, or passes over 仡; the print
    # of the listed ethnicities decides.
    from ocr.read import read_document

    data = _front_with_ethnicity(f"ethnicity:{renderer}:{ethnicity}", renderer, ethnicity, "margin")
    got = read_document(data, engine="combined").fields.get("ethnicity")
    if (renderer, ethnicity) == ("kai", "畲"):
        # Nothing at all is read after the label on this card: left unread, not guessed.
        assert got is None
        return
    assert got.value == ethnicity
    assert got.confidence <= ONE_VOICE
    assert got.where  # outlined on the card where it is printed


def test_an_ethnicity_read_short_is_not_replaced_by_a_listed_one_that_fits_badly():
    # 傈僳 on a copied page read as one hesitant character: 傣 fits its print best, but poorly
    # (0.6; a right print fits at 0.78 or more), so nothing is read rather than a wrong value.
    from ocr.read import read_document

    data = _front_with_ethnicity("7002:111", "kai", "傈僳", "page")
    assert "ethnicity" not in read_document(data, engine="combined").fields
