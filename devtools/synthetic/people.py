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
    form: str = "个人经营"  # 组成形式 of an individual business: 个人经营 / 家庭经营
    capital: str = ""  # 出资额 of a sole proprietorship as printed, e.g. 10万元; "" = not printed


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


# --- wider variety, for the evaluation ---------------------------------------------------------
#
# ``make_person`` and ``make_business`` above keep their outputs (samples and tests depend on
# them); the functions below draw from larger tables: several provinces, rarer and two-character
# surnames, longer given names, more ethnicities, more address forms and business names.


@dataclass(frozen=True)
class Region:
    """A county-level division: its GB/T 2260 code, how addresses start there, and the offices
    that issue ID cards and register businesses for it."""

    code: str
    prefix: str  # the start of an address, e.g. 江苏省南通市海门区
    short: str  # how a business name starts, e.g. 海门区
    city: str  # the city without 市, for sole-proprietorship names
    police: str  # 签发机关 on the ID card
    market: str  # 登记机关 on the licence
    streets: tuple[str, ...]  # 街道 and 镇


REGIONS = (
    Region("320614", "江苏省南通市海门区", "海门区", "南通", "南通市公安局海门分局",
           "南通市海门区市场监督管理局", ("海门街道", "三厂街道", "滨江街道", "三星镇", "常乐镇", "悦来镇")),
    Region("320508", "江苏省苏州市姑苏区", "姑苏区", "苏州", "苏州市公安局姑苏分局",
           "苏州市姑苏区市场监督管理局", ("平江街道", "沧浪街道", "双塔街道", "金阊街道", "虎丘街道")),
    Region("320583", "江苏省昆山市", "昆山市", "昆山", "昆山市公安局", "昆山市市场监督管理局",
           ("玉山镇", "周市镇", "陆家镇", "花桥镇", "张浦镇", "千灯镇")),
    Region("330106", "浙江省杭州市西湖区", "西湖区", "杭州", "杭州市公安局西湖分局",
           "杭州市西湖区市场监督管理局", ("北山街道", "西溪街道", "翠苑街道", "文新街道", "三墩镇")),
    Region("330212", "浙江省宁波市鄞州区", "鄞州区", "宁波", "宁波市公安局鄞州分局",
           "宁波市鄞州区市场监督管理局", ("钟公庙街道", "下应街道", "首南街道", "姜山镇", "五乡镇")),
    Region("330782", "浙江省义乌市", "义乌市", "义乌", "义乌市公安局", "义乌市市场监督管理局",
           ("稠城街道", "北苑街道", "江东街道", "佛堂镇", "苏溪镇", "大陈镇")),
    Region("440106", "广东省广州市天河区", "天河区", "广州", "广州市公安局天河区分局",
           "广州市天河区市场监督管理局", ("石牌街道", "林和街道", "棠下街道", "员村街道", "车陂街道")),
    Region("440305", "广东省深圳市南山区", "南山区", "深圳", "深圳市公安局南山分局",
           "深圳市南山区市场监督管理局", ("南头街道", "粤海街道", "蛇口街道", "桃源街道", "西丽街道")),
    Region("510107", "四川省成都市武侯区", "武侯区", "成都", "成都市公安局武侯区分局",
           "成都市武侯区市场监督管理局", ("浆洗街街道", "玉林街道", "火车南站街道", "簇桥街道")),
    Region("420111", "湖北省武汉市洪山区", "洪山区", "武汉", "武汉市公安局洪山区分局",
           "武汉市洪山区市场监督管理局", ("珞南街道", "关山街道", "狮子山街道", "张家湾街道")),
    Region("370102", "山东省济南市历下区", "历下区", "济南", "济南市公安局历下区分局",
           "济南市历下区市场监督管理局", ("泉城路街道", "大明湖街道", "文东街道", "千佛山街道")),
    Region("410105", "河南省郑州市金水区", "金水区", "郑州", "郑州市公安局金水分局",
           "郑州市金水区市场监督管理局", ("经八路街道", "花园路街道", "文化路街道", "丰产路街道")),
    Region("430104", "湖南省长沙市岳麓区", "岳麓区", "长沙", "长沙市公安局岳麓分局",
           "长沙市岳麓区市场监督管理局", ("橘子洲街道", "望月湖街道", "观沙岭街道", "坪塘街道")),
    Region("350203", "福建省厦门市思明区", "思明区", "厦门", "厦门市公安局思明分局",
           "厦门市思明区市场监督管理局", ("中华街道", "鹭江街道", "开元街道", "莲前街道")),
    Region("340104", "安徽省合肥市蜀山区", "蜀山区", "合肥", "合肥市公安局蜀山分局",
           "合肥市蜀山区市场监督管理局", ("三里庵街道", "琥珀街道", "南七街道", "井岗镇")),
    Region("130102", "河北省石家庄市长安区", "长安区", "石家庄", "石家庄市公安局长安分局",
           "石家庄市长安区市场监督管理局", ("建北街道", "青园街道", "广安街道", "育才街道")),
    Region("210102", "辽宁省沈阳市和平区", "和平区", "沈阳", "沈阳市公安局和平分局",
           "沈阳市和平区市场监督管理局", ("太原街街道", "南湖街道", "北市场街道", "浑河湾街道")),
    Region("610113", "陕西省西安市雁塔区", "雁塔区", "西安", "西安市公安局雁塔分局",
           "西安市雁塔区市场监督管理局", ("小寨路街道", "大雁塔街道", "长延堡街道", "电子城街道")),
    Region("530102", "云南省昆明市五华区", "五华区", "昆明", "昆明市公安局五华分局",
           "昆明市五华区市场监督管理局", ("华山街道", "护国街道", "大观街道", "莲华街道")),
    Region("110105", "北京市朝阳区", "朝阳区", "北京", "北京市公安局朝阳分局",
           "北京市朝阳区市场监督管理局", ("建外街道", "呼家楼街道", "八里庄街道", "双井街道", "小关街道")),
    Region("310115", "上海市浦东新区", "浦东新区", "上海", "上海市公安局浦东分局",
           "上海市浦东新区市场监督管理局", ("潍坊新村街道", "陆家嘴街道", "花木街道", "川沙新镇", "周浦镇")),
    Region("500103", "重庆市渝中区", "渝中区", "重庆", "重庆市公安局渝中区分局",
           "重庆市渝中区市场监督管理局", ("解放碑街道", "七星岗街道", "大坪街道", "化龙桥街道")),
    Region("450103", "广西壮族自治区南宁市青秀区", "青秀区", "南宁", "南宁市公安局青秀分局",
           "南宁市青秀区市场监督管理局", ("新竹街道", "中山街道", "津头街道", "伶俐镇")),
    Region("520102", "贵州省贵阳市南明区", "南明区", "贵阳", "贵阳市公安局南明分局",
           "贵阳市南明区市场监督管理局", ("花果园街道", "太慈街道", "油榨街道", "云关乡")),
    Region("650102", "新疆维吾尔自治区乌鲁木齐市天山区", "天山区", "乌鲁木齐", "乌鲁木齐市公安局天山区分局",
           "乌鲁木齐市天山区市场监督管理局", ("幸福路街道", "新华南路街道", "和平路街道", "东门街道")),
)  # fmt: skip
REGION_BY_CODE = {r.code: r for r in REGIONS}

VARIED_ROADS = (
    "人民路", "中山路", "解放路", "建设路", "和平路", "文化路", "新华路", "光明街", "长江路", "青年路",
    "学府路", "滨河路", "东风路", "胜利路", "友谊路", "幸福街", "工农路", "复兴路", "健康路", "南湖大道",
    "科技大道", "体育路", "园林路", "花园街", "朝阳路", "振兴路", "迎宾大道", "金桥路", "兴业街", "东大街",
    "西大街", "北环路", "南环路", "新民路", "育才路", "通江路", "望江路", "桂花巷", "梧桐巷", "石榴街",
)  # fmt: skip
VARIED_VILLAGES = (
    "新华村", "永隆村", "光明村", "东兴村", "红旗村", "民主村", "兴隆村", "德胜村", "河口村", "桥头村",
    "长岭村", "双塘村", "青石村", "柳湾村", "三合村", "白沙村", "团结村", "前进村", "杨庄村", "李家村",
)  # fmt: skip
ESTATES = (
    "阳光花园", "金色家园", "锦绣华庭", "翠苑", "幸福里", "丽景苑", "和谐家园", "桂花园", "名仕花园",
    "碧水湾", "香樟苑", "紫荆苑", "东方新城", "枫林湾", "望江苑", "春晖小区", "工人新村", "育才小区",
)  # fmt: skip

COMMON_SURNAMES = SURNAMES
RARE_SURNAMES = "龚廖蔺闫栾亓缪仇佘逯嵇甘祁桑樊鲍邝谌庹阚訾郗芮冼揭喻晏卜敖滕牟隗笪蒲舒柏邬靳"
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯",
    "长孙", "宇文", "端木", "申屠",
)  # fmt: skip
VARIED_GIVEN_CHARS = GIVEN_CHARS + (
    "一二三九之乐乔云亚亦仁从仪伊优伦佑依俊倩健儒元光克兵冬冰凌凡勤华卓南博卫厚友可司同名君吉"
    "咏哲唯啸嘉坤城培基堂壮声夏天奇奕妍姗姝威娅娴婕婧媛嫣子孝学宁安宏宗宜宝富寒尚岚岩崇川州巧帆"
    "希庆康廷建弘强彤彦彩影征德心忠念怀思恒恩悦惠意慈成承振捷敏文斐方旭旻昊昌昕星春昭晋晖晗晴智"
    "暄曦月朗木杉材杨果柏标树桐梁森楠欢正武毅水永江池沐沛河泉泽洁洪津浩润涵淑清渊湘溪滨漫澄灿炎"
    "炜烨焕煜熙燕爽玉珂珊珍琦琪琰琳瑛瑜瑶璇璐甜田白皓益盛真睿知石砚祥福禾秀秋程稳立竹笑符箐素紫"
    "红纯绍继维缘罡美羽翔翠耀聪肖胜舒舟航良艺芝芸芷苗若英茂茜荣莉莎莹菁萌萍蓉蔚蕊薇虹融行衡裕语"
    "诚谦豪贤贵超越跃辰迪逸道郁金鉴钧铭锋锦镇闻阳雅雯震霖露青靖静韬韵顺颂飞香馨驰骏鸣鹤麟黎鼎"
)
# Transcribed names written with a middle dot (维吾尔族, 哈萨克族), and names without a surname.
UYGHUR_FIRST = (
    "阿依古丽", "艾力", "古丽娜尔", "热合曼", "努尔兰", "帕提古丽", "阿迪力", "吐尔洪", "买合木提",
    "迪丽拜尔", "阿布都热依木", "热依拉", "依明", "米热古丽", "阿力木", "努尔艾力",
)  # fmt: skip
UYGHUR_LAST = (
    "买买提", "吐尔逊", "艾买提", "阿不都", "热依木", "司马义", "玉苏甫", "卡德尔", "吾斯曼", "尼亚孜",
    "艾则孜", "托合提",
)  # fmt: skip
KAZAKH_FIRST = ("叶尔兰", "努尔波拉提", "阿依达娜", "别克", "加娜尔", "沙吾列")
KAZAKH_LAST = ("哈斯木", "努尔兰", "吐尔孙别克", "加肯", "阿合买提")
TIBETAN_NAMES = ("扎西次仁", "卓玛", "次仁央宗", "格桑多吉", "丹增", "拉姆", "洛桑", "白玛措")
MONGOLIAN_NAMES = ("巴特尔", "其其格", "乌兰图雅", "斯琴", "苏日娜", "额尔敦", "那仁")
MORE_ETHNICITIES = OTHER_ETHNICITIES + ("侗", "瑶", "白", "哈尼", "黎", "傣", "畲", "布依", "土", "仡佬")

# Trade names (字号), and industries with the organisation words that go with them.
TRADE_NAMES = (
    "恒顺", "万家", "鑫源", "佳惠", "乐购", "兴旺", "四季", "顺达", "福满", "和美", "聚福", "诚信", "宏达",
    "金鼎", "瑞丰", "祥云", "好邻居", "一品", "百味", "天天", "优品", "鸿运", "嘉禾", "新语", "悦心",
    "匠心", "小院", "老街", "盛泰", "永福", "润泽", "锦程", "初见", "拾光", "禾木", "青柠", "满分",
)  # fmt: skip
INDIVIDUAL_TRADES = (
    ("日用百货", ("店", "商行", "经营部")), ("便利", ("店",)), ("五金", ("店", "经营部", "商行")),
    ("水果", ("店", "行")), ("服装", ("店", "行", "工作室")), ("小吃", ("店", "部")), ("面", ("馆",)),
    ("餐饮", ("店", "馆")), ("烘焙", ("坊", "店", "工作室")), ("豆制品", ("坊", "厂")),
    ("美发", ("店", "工作室", "中心")), ("摄影", ("工作室", "中心")), ("汽车维修", ("中心", "部", "厂")),
    ("家电维修", ("部", "中心")), ("茶叶", ("店", "行")), ("建材", ("经营部", "行", "商行")),
    ("文具", ("店",)), ("母婴用品", ("店", "馆")), ("花艺", ("坊", "工作室", "店")),
    ("粮油", ("店", "经营部", "行")), ("干洗", ("店", "中心")), ("眼镜", ("店", "行")),
    ("手机维修", ("部", "店")), ("电动车", ("行", "经营部")), ("家具", ("厂", "经营部", "店")),
    ("副食", ("店", "商行")), ("农资", ("经营部", "店")), ("裁缝", ("店", "铺")),
)  # fmt: skip
SOLE_TRADES = (
    ("贸易", ("商行", "经营部")), ("商贸", ("商行", "中心")), ("电子商务", ("商行", "工作室", "经营部")),
    ("信息咨询", ("中心", "工作室")), ("餐饮管理", ("中心", "店")), ("服装", ("厂", "商行", "店")),
    ("建材", ("经营部", "商行")), ("广告设计", ("工作室", "中心")), ("科技", ("工作室", "中心")),
    ("五金加工", ("厂",)), ("食品", ("商行", "厂", "店")), ("文化传播", ("工作室", "中心")),
)  # fmt: skip
# 经营范围 in the wording of the 经营范围规范表述目录.
GENERAL_SCOPE_TERMS = (
    "日用百货销售", "五金产品零售", "服装服饰零售", "办公用品销售", "文具用品零售", "家用电器销售",
    "日用品销售", "化妆品零售", "鞋帽零售", "针纺织品销售", "箱包销售", "玩具销售", "母婴用品销售",
    "水果零售", "新鲜蔬菜零售", "农副产品销售", "食用农产品零售", "建筑材料销售", "家具销售",
    "电子产品销售", "通讯设备销售", "计算机软硬件及辅助设备零售", "日用电器修理", "家用电器安装服务",
    "通讯设备修理", "自行车修理", "汽车零配件零售", "机动车修理和维护", "洗车服务", "理发服务",
    "美甲服务", "洗染服务", "摄影扩印服务", "图文设计制作", "广告设计、代理",
    "信息咨询服务（不含许可类信息咨询服务）", "会议及展览服务", "家政服务", "花卉种植", "礼品花卉销售",
    "宠物食品及用品零售", "眼镜销售（不含隐形眼镜）", "茶具销售", "珠宝首饰零售",
    "工艺美术品及收藏品零售（象牙及其制品除外）", "互联网销售（除销售需要许可的商品）",
    "体育用品及器材零售", "自行车及零配件零售", "电动自行车销售", "服装制作", "五金产品批发",
)  # fmt: skip
LICENSED_SCOPE_TERMS = (
    "食品销售（仅销售预包装食品）", "食品经营（销售散装食品）", "餐饮服务", "小餐饮", "烟草制品零售",
    "酒类经营", "食品生产", "生活美容服务",
)  # fmt: skip
GENERAL_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
LICENSED_TAIL = (
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）"
)
MAX_ADDRESS_CHARS = 30  # three card lines of ten


def region_of(address: str) -> Region | None:
    """The region an address (or an authority name) belongs to, if it is one of ``REGIONS``."""
    for region in REGIONS:
        if address.startswith(region.prefix):
            return region
    return None


def make_varied_address(rng: random.Random, region: Region) -> str:
    """An address in ``region``, in one of the forms real cards print, at most 30 characters."""
    while True:
        street = rng.choice(region.streets)
        road = rng.choice(VARIED_ROADS)
        n = rng.choice((rng.randint(1, 99), rng.randint(1, 999), rng.randint(1, 2999)))
        form = rng.randrange(8)
        towns = [s for s in region.streets if s.endswith(("镇", "乡"))]
        if form == 4:  # villages are in towns
            if not towns:
                continue
            street = rng.choice(towns)
        elif rng.random() < 0.15:  # the 街道 is left out now and then
            street = ""
        if form == 0:
            tail = f"{road}{n}号"
        elif form == 1:
            building = f"{rng.randint(1, 32)}{rng.choice('栋幢')}"
            tail = f"{road}{n}号{building}{rng.randint(1, 3)}单元{rng.randint(101, 2804)}室"
        elif form == 2:
            tail = f"{rng.choice(ESTATES)}{rng.randint(1, 40)}{rng.choice('栋幢')}{rng.randint(101, 1806)}室"
        elif form == 3:
            tail = f"{road}{n}-{rng.randint(1, 12)}号"
        elif form == 4:
            tail = f"{rng.choice(VARIED_VILLAGES)}{rng.randint(1, 30)}组{rng.randint(1, 99)}号"
        elif form == 5:
            tail = f"{road}{rng.randint(1, 800)}弄{rng.randint(1, 60)}号{rng.randint(101, 606)}室"
        elif form == 6:
            tail = f"{road}{rng.randint(1, 99)}号院{rng.randint(1, 20)}号楼{rng.randint(101, 2406)}"
        else:
            room = f"{rng.randint(1, 16)}{rng.randint(1, 4):02d}"
            tail = f"{road}{n}号{rng.choice(ESTATES)}{rng.randint(1, 30)}-{room}室"
        address = region.prefix + street + tail
        if len(address) <= MAX_ADDRESS_CHARS:
            return address


def make_varied_name(rng: random.Random, sex: str, region: Region | None = None) -> tuple[str, str]:
    """(name, ethnicity): common, rare and two-character surnames, given names of 1-3 characters,
    transcribed names with a middle dot, names without a surname."""
    dotted = 0.5 if region is not None and region.code.startswith("65") else 0.05
    roll = rng.random()
    if roll < dotted:
        if rng.random() < 0.75:
            return f"{rng.choice(UYGHUR_FIRST)}·{rng.choice(UYGHUR_LAST)}", "维吾尔"
        return f"{rng.choice(KAZAKH_FIRST)}·{rng.choice(KAZAKH_LAST)}", "哈萨克"
    if roll < dotted + 0.02:
        return rng.choice(TIBETAN_NAMES), "藏"
    if roll < dotted + 0.04:
        return rng.choice(MONGOLIAN_NAMES), "蒙古"
    kind = rng.random()
    if kind < 0.08:
        surname = rng.choice(COMPOUND_SURNAMES)
    elif kind < 0.22:
        surname = rng.choice(RARE_SURNAMES)
    else:
        surname = rng.choice(COMMON_SURNAMES)
    length = rng.choices((1, 2, 3), weights=(22, 70, 8))[0]
    given = "".join(rng.choice(VARIED_GIVEN_CHARS) for _ in range(length))
    ethnicity = rng.choice(MORE_ETHNICITIES) if rng.random() < 0.12 else "汉"
    return surname + given, ethnicity


def make_varied_person(
    rng: random.Random,
    *,
    region_code: str | None = None,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    name: str | None = None,
    valid_until: dt.date | None | str = "auto",
    issued_on: dt.date | None = None,
    today: dt.date | None = None,
) -> SyntheticPerson:
    """Like ``make_person`` but from the wider tables: any of ``REGIONS`` (the ID number carries
    the region's code, the card the region's police office), varied names and addresses."""
    today = today or dt.date.today()
    region = REGION_BY_CODE[region_code] if region_code else rng.choice(REGIONS)
    sex = sex or rng.choice(("男", "女"))
    if birth_date is None:
        birth_date = _random_date(rng, dt.date(1940, 1, 1), today - dt.timedelta(days=365 * 16 + 4))
    if name is None:
        name, ethnicity = make_varied_name(rng, sex, region)
    else:
        ethnicity = "维吾尔" if "·" in name else "汉"
    if issued_on is None:
        earliest = max(add_years(birth_date, 1), today - dt.timedelta(days=365 * 19))
        issued_on = _random_date(rng, earliest, today - dt.timedelta(days=30))
        years = validity_years(age_on(birth_date, issued_on))
        if years is not None and add_years(issued_on, years) <= today:
            issued_on = _random_date(rng, add_years(today, -years) + dt.timedelta(days=30), today)
    if valid_until == "auto":
        years = validity_years(age_on(birth_date, issued_on))
        valid_until = None if years is None else add_years(issued_on, years)
    return SyntheticPerson(
        name=name,
        sex=sex,
        ethnicity=ethnicity,
        birth_date=birth_date,
        address=make_varied_address(rng, region),
        id_number=make_id_number(rng, era_region_code(region.code, birth_date.year), birth_date, sex),
        issuing_authority=region.police,
        valid_from=issued_on,
        valid_until=valid_until,  # type: ignore[arg-type]
    )


def make_varied_scope(rng: random.Random) -> str:
    """经营范围: from one term to a dozen, sometimes in the 一般项目/许可项目 form with its tails."""
    count = rng.choices((1, 2, 3, 4, 6, 8, 10, 12), weights=(14, 16, 16, 14, 12, 12, 8, 8))[0]
    general = rng.sample(GENERAL_SCOPE_TERMS, count)
    licensed = rng.sample(LICENSED_SCOPE_TERMS, rng.choice((0, 0, 1, 2)))
    if rng.random() < 0.45:  # the plain list
        return "；".join(licensed + general)
    scope = "一般项目：" + "；".join(general) + GENERAL_TAIL
    if licensed:
        scope = "许可项目：" + "；".join(licensed) + LICENSED_TAIL + "。" + scope
    return scope


def make_varied_business(
    rng: random.Random,
    operator: SyntheticPerson | None = None,
    *,
    kind: str | None = None,
    region_code: str | None = None,
    today: dt.date | None = None,
) -> SyntheticBusiness:
    """Like ``make_business`` from the wider tables; the business is registered where the
    operator lives unless ``region_code`` says otherwise (or, now and then, somewhere else)."""
    today = today or dt.date.today()
    kind = kind or rng.choice(("individual-business", "individual-business", "sole-proprietorship"))
    operator = operator or make_varied_person(rng, region_code=region_code, today=today)
    region = REGION_BY_CODE[region_code] if region_code else region_of(operator.address)
    if region is None or rng.random() < 0.15:
        region = rng.choice(REGIONS)
    trade = rng.choice(TRADE_NAMES)
    if rng.random() < 0.12 and "·" not in operator.name:  # 老王, 老欧阳
        trade = "老" + operator.name[: 2 if operator.name[:2] in COMPOUND_SURNAMES else 1]
    if kind == "individual-business":
        industry, words = rng.choice(INDIVIDUAL_TRADES)
        place = region.short if rng.random() < 0.7 else ""
        name = f"{place}{trade}{industry}{rng.choice(words)}"
        form = "家庭经营" if rng.random() < 0.2 else "个人经营"
        capital = ""
    else:
        industry, words = rng.choice(SOLE_TRADES)
        place = rng.choice((region.city, region.short)) if rng.random() < 0.8 else ""
        name = f"{place}{trade}{industry}{rng.choice(words)}"
        if rng.random() < 0.35:
            name += "（个人独资）"
        form = ""
        capital = f"{rng.choice((1, 2, 3, 5, 10, 20, 30, 50, 100))}万元" if rng.random() < 0.5 else ""
    earliest = max(add_years(operator.birth_date, 18), dt.date(2015, 1, 1))
    return SyntheticBusiness(
        credit_code=make_credit_code(rng, kind, region.code),
        name=name,
        type=BUSINESS_TYPE[kind],
        operator=operator.name,
        address=make_varied_address(rng, region),
        established_on=_random_date(rng, min(earliest, today - dt.timedelta(days=60)), today),
        scope=make_varied_scope(rng),
        registration_authority=region.market,
        kind=kind,
        form=form,
        capital=capital,
    )
