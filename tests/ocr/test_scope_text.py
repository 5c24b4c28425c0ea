"""How a licence's business scope is tidied after reading (no images: the text rules only)."""

from ocr.licence_fields import _scope


def test_the_radical_read_for_an_enumeration_comma_is_the_comma():
    assert _scope("一般项目：广告设计丶代理；图文设计制作") == "一般项目：广告设计、代理；图文设计制作"


def test_a_colon_only_follows_the_headings():
    assert _scope("日用百货销售:化妆品零售") == "日用百货销售；化妆品零售"
    assert _scope("许可项目:小餐饮") == "许可项目：小餐饮"


LICENSED_TAIL = ("（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
                 "具体经营项目以相关部门批准文件或许可证件为准）")  # fmt: skip
GENERAL_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


def test_the_fixed_sentences_are_restored_where_a_few_characters_were_misread():
    read = ("许可项目：食品销售（仅销售预包装食品）"
            "（依法须经比准的项目，经相关部门批准后方可开展经管活动，具本经营项目以相关部门批准文件或许可证件为准）°"
            "一般项目：服装制作（除依法须经批准的项目外·凭营业执照依法自主开展经营活动）")  # fmt: skip
    want = f"许可项目：食品销售（仅销售预包装食品）{LICENSED_TAIL}。一般项目：服装制作{GENERAL_TAIL}"
    assert _scope(read) == want


def test_an_items_own_brackets_and_a_passage_far_from_the_fixed_sentences_are_left_as_read():
    read = ("一般项目：眼镜销售（不含隐形眼镜）；互联网销售（除销售需要许可的商品）"
            "（除依法须经比准的项目外，凭营业执照依法）")  # fmt: skip
    assert _scope(read) == read


def test_a_fixed_sentence_whose_bracket_was_misread_is_still_restored():
    read = ("一般项目：水果零售；家用电器销售"
            "（除依法须经批准的项目外）凭营业执照依法自主开展经营活动）")  # fmt: skip
    assert _scope(read) == f"一般项目：水果零售；家用电器销售{GENERAL_TAIL}"
    read = ("许可项目：食品生产（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
            "具体经营项目以相关部门批准文件或许可证件为一般项目：家具销售")  # fmt: skip
    assert _scope(read) == f"许可项目：食品生产{LICENSED_TAIL}。一般项目：家具销售"


def test_the_newer_wording_of_the_licensed_sentence_is_kept_and_restored_as_itself():
    newer = "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）"
    assert _scope(f"许可项目：小餐饮{newer}") == f"许可项目：小餐饮{newer}"
    assert _scope(f"许可项目：小餐饮{newer.replace('审批', '审比')}") == f"许可项目：小餐饮{newer}"


def test_a_heading_that_lost_its_first_character_or_its_colon_is_put_back():
    read = f"许可项目：生活美容服务{LICENSED_TAIL}。般项目：家用电器安装服务{GENERAL_TAIL}"
    assert _scope(read) == f"许可项目：生活美容服务{LICENSED_TAIL}。一般项目：家用电器安装服务{GENERAL_TAIL}"
    assert _scope("可项目：小餐饮") == "许可项目：小餐饮"
    assert _scope("一般项目家政服务；针纺织品销售") == "一般项目：家政服务；针纺织品销售"
    assert _scope("一般项目；家政服务") == "一般项目：家政服务"
    # 项目 in an item or a fixed sentence is no heading.
    assert _scope(f"一般项目：项目策划{GENERAL_TAIL}") == f"一般项目：项目策划{GENERAL_TAIL}"


def test_the_full_stop_before_the_general_part_is_put_back_where_it_was_lost():
    read = f"许可项目：食品生产{LICENSED_TAIL}一般项目：体育用品及器材零售"
    assert _scope(read) == f"许可项目：食品生产{LICENSED_TAIL}。一般项目：体育用品及器材零售"


def test_a_heading_misread_in_its_second_character_or_after_a_stray_character_is_restored():
    """一般 read as 一投, and the edge of the line above (…许可证件) read before the first heading."""
    read = f"件许可项目：生活美容服务{LICENSED_TAIL}。一投项目：理发服务；鞋帽零售"
    assert _scope(read) == f"许可项目：生活美容服务{LICENSED_TAIL}。一般项目：理发服务；鞋帽零售"


def test_a_scope_ending_inside_a_bracket_has_it_closed():
    # The closing bracket at the end of the last line, past the edge of a tight crop (seed
    # 62026 #147, ``noto``: read at 0.98 without it).
    assert _scope("电动自行车销售；眼镜销售（不含隐形眼镜") == "电动自行车销售；眼镜销售（不含隐形眼镜）"
    assert _scope("电动自行车销售；眼镜销售（不含隐形眼镜）") == "电动自行车销售；眼镜销售（不含隐形眼镜）"
