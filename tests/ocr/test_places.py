"""Place names restored from the national list only where exactly one name is that close."""

from __future__ import annotations

import pytest

from ocr.places import nearest_place, restore_address, restore_authority


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("浙江省宁波市勤州区首南街道胜利路38号", "浙江省宁波市鄞州区首南街道胜利路38号"),  # 鄞 misread
        ("浙江省宁波市州区姜山镇人民路13-7号", "浙江省宁波市鄞州区姜山镇人民路13-7号"),  # 鄞 dropped
        # Real names are never changed into their neighbours (南山区/坪山区, 渝中区/渝北区),
        # including names a division had in earlier years.
        ("广东省深圳市南山区蛇口街道", "广东省深圳市南山区蛇口街道"),
        ("重庆市渝中区解放碑", "重庆市渝中区解放碑"),
        ("重庆市渝北区龙溪街道", "重庆市渝北区龙溪街道"),
        # Ambiguous (湖南省, 河南省, 海南省 are all one character away): left as read.
        ("潮南省长沙市岳麓区", "潮南省长沙市岳麓区"),
        # Below the county nothing is known: left as read.
        ("江苏省苏州市姑苏区金间街道", "江苏省苏州市姑苏区金间街道"),
        # A speck before the province read as a character (at 0.97): dropped where the
        # province follows it exactly, never where the province's own first character is lost.
        ("上河北省石家庄市长安区建北街道桂花巷63号", "河北省石家庄市长安区建北街道桂花巷63号"),
        ("北省石家庄市长安区", "北省石家庄市长安区"),
        ("重重庆市渝中区大坪街道", "重庆市渝中区大坪街道"),  # the first character read twice
        # An address that begins below the province keeps its first character.
        ("海门市三厂街道", "海门市三厂街道"),
    ],
)
def test_address(read, restored):
    assert restore_address(read) == restored


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("宁波市郸州区市场监督管理局", "宁波市鄞州区市场监督管理局"),
        ("宁波市公安局勤州分局", "宁波市公安局鄞州分局"),
        ("深圳市公安局南山分局", "深圳市公安局南山分局"),
        ("重庆市渝中区市场监督管理局", "重庆市渝中区市场监督管理局"),
        ("昆山市市场监督管理局", "昆山市市场监督管理局"),
        # A police branch is named after its county without 区, or without 新区 (浦东新区).
        ("上海市公安局浦东新分局", "上海市公安局浦东分局"),
        ("上海市公安局浦东分局", "上海市公安局浦东分局"),
        ("济南市公安局历下区分局", "济南市公安局历下区分局"),
        # A stray mark read before the place is dropped where the place follows exactly.
        ("（北京市公安局朝阳分局", "北京市公安局朝阳分局"),
        ("β济南市公安局历下区分局", "济南市公安局历下区分局"),
        # A prefecture's first character lost: the county that follows tells which one.
        ("州市公安局金水分局", "郑州市公安局金水分局"),
        ("州市金水区市场监督管理局", "郑州市金水区市场监督管理局"),
        # ...and where it does not (many prefectures end in 州市), nothing is guessed.
        ("州市市场监督管理局", "州市市场监督管理局"),
        # A county-level city's own authority, where only one is that close (义乌市 and 义马市
        # are both one character from 义鸟市).
        ("慈渓市市场监督管理局", "慈溪市市场监督管理局"),
        ("义鸟市市场监督管理局", "义鸟市市场监督管理局"),
        # Names gone before 2004, when second-generation cards began, are on no document in
        # use: 浦中区 is 渝中区, not 重庆市's 市中区 of 1983-1993 (seed 155872300 #390 `noto`).
        ("重庆市公安局浦中区分局", "重庆市公安局渝中区分局"),
        # As near to two prefectures (北京市, 南京市) as to anything else: left as read.
        ("浑京市公安局朝阳分局", "浑京市公安局朝阳分局"),
    ],
)
def test_authority(read, restored):
    assert restore_authority(read) == restored


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("商通市海门区", "南通市海门区"),  # the prefecture's first character misread
        ("昆山兴", "昆山市"),  # a county-level city's last character
        ("鲁木济市天山区", "乌鲁木齐市天山区"),  # two slips in a long name
        ("义鸟市", "义鸟市"),  # 义乌市 and 义马市 are both one character away: left as read
        ("宁茂市郸州区", "宁茂市郸州区"),  # two slips in a short name: left as read
        ("石家庄市长安区", "石家庄市长安区"),
    ],
)
def test_the_place_an_authority_is_named_after_comes_from_the_closed_list(read, restored):
    assert nearest_place(read) == restored
