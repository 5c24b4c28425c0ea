"""Place names restored from the national list only where exactly one name is that close."""

from __future__ import annotations

import pytest

from ocr.places import restore_address, restore_authority


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
    ],
)
def test_authority(read, restored):
    assert restore_authority(read) == restored
