"""Snapping read text to the standard wording of closed vocabularies (scope catalogue)."""

from __future__ import annotations

import pytest

from ocr.vocabulary import snap_scope


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("餐饮服务，服装服饰零售；农副产品销售", "餐饮服务；服装服饰零售；农副产品销售"),  # ， for ；
        ("食品销售〈仪销售预包装食品）”日用百货销售", "食品销售（仅销售预包装食品）；日用百货销售"),
        ("农副产品销售；餐饮服务办公用品销售", "农副产品销售；餐饮服务；办公用品销售"),  # ； dropped
        ("家用电器销售；父饮服务", "家用电器销售；餐饮服务"),  # one character misread
    ],
)
def test_scope_items_are_snapped_to_catalogue_wording(read, want):
    assert snap_scope(read)[0] == want


def test_text_far_from_every_term_is_kept_as_read():
    # Not close to one catalogue term: left alone (and so it will not match the form).
    assert snap_scope("和父饮服务；某某特殊经营") == ("和父饮服务；某某特殊经营", 0)
