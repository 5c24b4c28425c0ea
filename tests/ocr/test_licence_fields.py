"""A licence's fields from the lines as read, where a label was not read."""

from __future__ import annotations

from ocr.licence_fields import licence_fields
from tests.ocr.read_lines import page_of_lines


def _licence(*authority_lines: str):
    lines = [(60, 40, "名称南通海门嘉禾便利店"), (60, 80, "类型个体工商户"), (60, 120, "经营者何伟海"),
             (60, 160, "经营场所江苏省南通市海门区海门街道人民路35号")]  # fmt: skip
    lines += [(500, 240 + 40 * i, text) for i, text in enumerate(authority_lines)]
    return licence_fields(page_of_lines(lines))[0]


def test_an_authority_whose_label_was_not_read_is_the_line_that_names_a_listed_place_and_ends_as_one():
    fields = _licence("南通市海门区市场监督管理局", "2023年05月17日")
    authority = fields["registration_authority"]
    assert authority.value == "南通市海门区市场监督管理局"
    assert authority.confidence < 0.9  # found by what it says, not beside its label


def test_no_authority_is_made_up_from_lines_that_are_not_one():
    assert "registration_authority" not in _licence("国家市场监督管理总局监制", "2023年05月17日")
    assert "registration_authority" not in _licence("某某市场监督管理局")  # no listed place
    # Two candidates: which one is the licence's is not known.
    two = _licence("南通市海门区市场监督管理局", "南通市崇川区市场监督管理局")
    assert "registration_authority" not in two


def test_a_city_whose_doubled_shi_was_read_once_gets_it_back():
    """苏州市市场监督管理局: a recogniser merges the same character printed twice in a row, and
    苏州 alone names no regulator; 苏州市 does."""
    for printed in ("苏州市市场监督管理局", "昆山市市场监督管理局"):
        read = printed.replace("市市", "市", 1)
        assert _licence(read)["registration_authority"].value == printed
    # A place that is listed as read keeps its name.
    listed = "南通市海门区市场监督管理局"
    assert _licence(listed)["registration_authority"].value == listed
