"""Seeded synthetic people and businesses: invented names and addresses with valid codes.

Nothing here describes a real person or business: names are drawn from common surnames and
given-name characters, ID serials and credit-code bodies are random.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from stdnum.cn import uscc

from ocr.codes import id_check_char, organisation_check_char, validity_years
from ocr.normalize import add_years, age_on

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤施季陈瞿"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉文斌辉鹏宇浩然晨欣怡子涵梓萱诗雨"
    "婷嘉琪俊宏海燕慧颖佳春梅晓东亮波宁峰琳雪英秀凤丹新利飞彬凯鑫瑞博思远航天松林清德正安永"
)
# Transcribed names (维吾尔族 and others) are written with a middle dot between the parts.
MINORITY_FIRST = (
    "阿依古丽",
    "艾力",
    "古丽娜尔",
    "热合曼",
    "努尔兰",
    "帕提古丽",
    "阿迪力",
    "吐尔洪",
)
MINORITY_LAST = ("买买提", "吐尔逊", "艾买提", "阿不都", "热依木", "司马义", "玉苏甫")
# Ethnicities as the card prints them (without 族).
OTHER_ETHNICITIES = ("回", "满", "壮", "苗", "土家", "蒙古", "彝", "朝鲜")

TOWNS = (
    "海门街道", "三厂街道", "滨江街道", "三星镇", "常乐镇", "悦来镇", "临江镇", "四甲镇",
    "余东镇", "正余镇", "包场镇", "海永镇",
)  # fmt: skip
ROADS = ("长江路", "人民路", "北京路", "解放路", "秀山路", "南海路", "黄海路", "上海路", "浦江路")
VILLAGES = ("新华村", "永隆村", "光明村", "东兴村", "红旗村", "民主村", "兴隆村", "德胜村")
SHOP_WORDS = ("便利店", "百货店", "五金店", "小吃店", "水果店", "服装店", "理发店", "维修部")
SHOP_PREFIXES = ("恒顺", "万家", "鑫源", "佳惠", "乐购", "兴旺", "四季", "顺达", "福满", "和美")
SCOPE_TERMS = (
    "日用百货销售", "食品销售（仅销售预包装食品）", "五金产品零售", "服装服饰零售",
    "家用电器销售", "文具用品零售", "理发服务", "日用电器修理", "水果零售", "餐饮服务",
    "农副产品销售", "办公用品销售",
)  # fmt: skip

PROVINCE_CITY = "江苏省南通市海门区"
ISSUING_AUTHORITY = {"320614": "南通市公安局海门分局"}
REGISTRATION_AUTHORITY = {"320614": "南通市海门区市场监督管理局"}
# ID numbers keep the region code of first issue: 海门 was 海门市 (320684) until 2020.
ERA_REGION_CODES = {"320614": ((2020, "320614"), (0, "320684"))}


@dataclass
class SyntheticPerson:
    name: str
    sex: str  # 男 / 女
    ethnicity: str  # as printed, e.g. 汉
    birth_date: dt.date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date | None  # None = 长期


@dataclass
class SyntheticBusiness:
    credit_code: str
    name: str
    type: str
    operator: str
    address: str
    established_on: dt.date
    scope: str
    registration_authority: str
    kind: str = "individual-business"


def make_id_number(rng: random.Random, region_code: str, birth_date: dt.date, sex: str) -> str:
    serial = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
    body = f"{region_code}{birth_date:%Y%m%d}{serial:03d}"
    return body + id_check_char(body)


def era_region_code(region_code: str, birth_year: int) -> str:
    for since, code in ERA_REGION_CODES.get(region_code, ()):
        if birth_year >= since:
            return code
    return region_code


def make_address(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    if town.endswith("街道") or rng.random() < 0.3:
        return f"{PROVINCE_CITY}{town}{rng.choice(ROADS)}{rng.randint(1, 999)}号"
    return f"{PROVINCE_CITY}{town}{rng.choice(VILLAGES)}{rng.randint(1, 30)}组{rng.randint(1, 99)}号"


def make_name(rng: random.Random, sex: str) -> tuple[str, str]:
    """(name, ethnicity)."""
    roll = rng.random()
    if roll < 0.06:
        return f"{rng.choice(MINORITY_FIRST)}·{rng.choice(MINORITY_LAST)}", "维吾尔"
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
    ethnicity = rng.choice(OTHER_ETHNICITIES) if roll > 0.9 else "汉"
    return rng.choice(SURNAMES) + given, ethnicity


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def make_person(
    rng: random.Random,
    *,
    birth_date: dt.date | None = None,
    region_code: str = "320614",
    sex: str | None = None,
    name: str | None = None,
    valid_until: dt.date | None | str = "auto",
    issued_on: dt.date | None = None,
    today: dt.date | None = None,
    era_appropriate: bool = True,
) -> SyntheticPerson:
    """A person with a valid ID number and a card whose validity fits the age at issue.

    ``region_code`` is where the person is registered; with ``era_appropriate`` the ID number
    carries the code that was in force in the birth year (see ``ERA_REGION_CODES``).
    ``valid_until="auto"`` derives it from the age at issue; None means 长期.
    """
    today = today or dt.date.today()
    sex = sex or rng.choice(("男", "女"))
    if birth_date is None:
        birth_date = _random_date(rng, dt.date(1945, 1, 1), dt.date(2007, 12, 31))
    if name is None:
        name, ethnicity = make_name(rng, sex)
    else:
        ethnicity = "维吾尔" if "·" in name else "汉"
    if issued_on is None:
        earliest = max(add_years(birth_date, 1), today - dt.timedelta(days=365 * 19))
        issued_on = _random_date(rng, earliest, today - dt.timedelta(days=30))
        # Cards that would already have expired are replaced: keep the span covering today.
        years = validity_years(age_on(birth_date, issued_on))
        if years is not None and add_years(issued_on, years) <= today:
            issued_on = _random_date(rng, add_years(today, -years) + dt.timedelta(days=30), today)
    if valid_until == "auto":
        years = validity_years(age_on(birth_date, issued_on))
        valid_until = None if years is None else add_years(issued_on, years)
    id_region = era_region_code(region_code, birth_date.year) if era_appropriate else region_code
    return SyntheticPerson(
        name=name,
        sex=sex,
        ethnicity=ethnicity,
        birth_date=birth_date,
        address=make_address(rng),
        id_number=make_id_number(rng, id_region, birth_date, sex),
        issuing_authority=ISSUING_AUTHORITY.get(region_code, "公安局"),
        valid_from=issued_on,
        valid_until=valid_until,  # type: ignore[arg-type]
    )


# GB 32100 position 1 (registration authority 9 = market regulation) and 2 (entity type).
CREDIT_PREFIX = {"individual-business": "92", "sole-proprietorship": "91"}
BUSINESS_TYPE = {"individual-business": "个体工商户", "sole-proprietorship": "个人独资企业"}


def make_credit_code(rng: random.Random, kind: str, region_code: str) -> str:
    org_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # letters legal in a credit code
    while True:
        body = "".join(rng.choice(org_alphabet) for _ in range(8))
        if rng.random() < 0.5:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        check = organisation_check_char(body)
        partial = CREDIT_PREFIX[kind] + region_code + body + check
        code = partial + uscc.calc_check_digit(partial)
        if uscc.is_valid(code):
            return code


def make_business(
    rng: random.Random,
    *,
    operator: SyntheticPerson | None = None,
    region_code: str = "320614",
    kind: str = "individual-business",
    today: dt.date | None = None,
) -> SyntheticBusiness:
    today = today or dt.date.today()
    operator = operator or make_person(rng, region_code=region_code, today=today)
    shop = rng.choice(SHOP_WORDS)
    if kind == "individual-business":
        name = f"海门区{rng.choice(SHOP_PREFIXES)}{shop}"
    else:
        name = f"南通{rng.choice(SHOP_PREFIXES)}{shop.rstrip('店部')}商行"
    terms = rng.sample(SCOPE_TERMS, rng.randint(1, 3))
    scope = "；".join(terms)
    earliest = max(add_years(operator.birth_date, 18), dt.date(2015, 1, 1))
    return SyntheticBusiness(
        credit_code=make_credit_code(rng, kind, region_code),
        name=name,
        type=BUSINESS_TYPE[kind],
        operator=operator.name,
        address=make_address(rng),
        established_on=_random_date(rng, min(earliest, today - dt.timedelta(days=60)), today),
        scope=scope,
        registration_authority=REGISTRATION_AUTHORITY.get(region_code, "市场监督管理局"),
        kind=kind,
    )
