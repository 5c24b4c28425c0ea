"""How a licence's business scope is tidied after reading (no images: the text rules only)."""

from ocr.licence_fields import _scope


def test_the_radical_read_for_an_enumeration_comma_is_the_comma():
    assert _scope("一般项目：广告设计丶代理；图文设计制作") == "一般项目：广告设计、代理；图文设计制作"


def test_a_colon_only_follows_the_headings():
    assert _scope("日用百货销售:化妆品零售") == "日用百货销售；化妆品零售"
    assert _scope("许可项目:小餐饮") == "许可项目：小餐饮"
