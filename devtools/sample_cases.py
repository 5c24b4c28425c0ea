"""Generates the sample cases under ``samples/`` (and the reference data they rely on under
``rules/reference/``) from synthetic people: ``approval samples generate``.

Each case is a folder ``samples/<matter>/<NN-slug>/`` with ``case.json`` (the submission,
``expect`` and ``as_of``: the application date the case is judged on, so that ages and card
expiry do not drift) and one image per material. Everything is seeded: running it again
gives the same people, the same codes and the same pictures.

People and documents are drawn once, without looking at what the reader makes of them: a
sample whose card the reader misreads fails ``approval rules test``, which is a finding about
the reader. Regenerating replaces only the folders the generator wrote (``"generated": true`` in
their case.json); samples written by hand are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from devtools.synthetic import (
    SyntheticBusiness,
    SyntheticPerson,
    make_business,
    make_person,
    render_business_licence,
    render_id_card_back,
    render_id_card_front,
)
from devtools.synthetic.capture import encode

AS_OF = dt.date(2026, 11, 23)
HOME = "江苏省南通市海门区"
PNG_MAGIC = b"\x89PNG"


@dataclass
class Reference:
    register: list[dict] = field(default_factory=list)
    blacklist: list[dict] = field(default_factory=list)
    recipients: list[dict] = field(default_factory=list)

    def add_business(self, business: SyntheticBusiness, operator: SyntheticPerson) -> None:
        self.register.append(
            {
                "credit_code": business.credit_code,
                "name": business.name,
                "kind": business.kind,
                "operator_name": operator.name,
                "operator_id_number": operator.id_number,
                "address": business.address,
                "region_code": "320614",
            }
        )


# Marks a sample folder as the generator's, in its case.json (not part of a submission).
GENERATED = "generated"


def folder_is_hand_written(folder: Path) -> bool:
    """A sample folder that exists and was not written by ``generate``."""
    case_file = folder / "case.json"
    if not case_file.exists():
        return False
    try:
        return not json.loads(case_file.read_text("utf-8")).get(GENERATED, False)
    except (ValueError, AttributeError):
        return True


@dataclass
class Sample:
    matter: str
    slug: str
    note: str
    submission: dict
    documents: dict[str, bytes]
    status: str
    reasons: list[str]

    def write(self, root: Path, index: int) -> Path:
        folder = root / self.matter / f"{index:02d}-{self.slug}"
        folder.mkdir(parents=True, exist_ok=True)
        if folder_is_hand_written(folder):
            raise FileExistsError(f"{folder} was written by hand: rename it (the generator needs the name)")
        case = {
            **self.submission,
            "as_of": AS_OF.isoformat(),
            "note": self.note,
            "expect": {"status": self.status, "reasons": sorted(self.reasons)},
            GENERATED: True,
        }
        (folder / "case.json").write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", "utf-8")
        for part, data in self.documents.items():
            ext = "png" if data.startswith(PNG_MAGIC) else "jpg"
            (folder / f"{part}.{ext}").write_bytes(data)
        return folder


class Generator:
    def __init__(self, seed: int = 20261123) -> None:
        self.rng = random.Random(seed)
        self.reference = Reference()

    # -- people and documents ------------------------------------------------------------------
    def person(self, age: int | None = None, **kwargs) -> SyntheticPerson:  # noqa: ANN003
        if age is not None:
            born = AS_OF.replace(year=AS_OF.year - age) - dt.timedelta(days=self.rng.randint(20, 300))
            kwargs["birth_date"] = born
        # Drawn once, whatever the reader makes of the card: a sample that OCR fails is a
        # finding, not a draw to throw away.
        return make_person(self.rng, today=AS_OF, **kwargs)

    def id_card(self, p: SyntheticPerson) -> dict[str, bytes]:
        return {
            "id_card_front": encode(render_id_card_front(p), "PNG"),
            "id_card_back": encode(render_id_card_back(p), "PNG"),
        }

    def licence(self, b: SyntheticBusiness) -> bytes:
        return encode(render_business_licence(b), "JPEG", 90)

    def business(self, operator: SyntheticPerson, kind: str = "individual-business") -> SyntheticBusiness:
        return make_business(self.rng, operator=operator, kind=kind, today=AS_OF)

    def registered(self, age: int) -> tuple[SyntheticPerson, SyntheticBusiness]:
        """A person who runs a business already in the register."""
        p = self.person(age=age)
        b = self.business(p)
        self.reference.add_business(b, p)
        return p, b

    @staticmethod
    def applicant(p: SyntheticPerson) -> dict:
        return {"name": p.name, "id_number": p.id_number, "phone": "13800000000"}

    def address(self, district: str = HOME) -> str:
        road = self.rng.choice(("长江路", "人民路", "北京路", "解放路", "秀山路", "黄海路"))
        return f"{district}{road}{self.rng.randint(1, 299)}号"

    def shop_name(self, region: str = "海门区") -> str:
        trade = self.rng.choice(("嘉禾", "春晖", "聚福", "良品", "吉祥", "安康", "同心", "明德"))
        trade += self.rng.choice(("", "祥", "达", "丰"))
        trade_word = self.rng.choice(("便利", "日用百货", "五金", "水果", "服装", "办公用品"))
        return f"{region}{trade}{trade_word}{self.rng.choice(('店', '商店', '经营部', '商行'))}"

    # -- one matter's form ----------------------------------------------------------------------
    def ibr(self, p: SyntheticPerson, **form) -> dict:  # noqa: ANN003
        base = {
            "business_name": self.shop_name(),
            "organization_form": "individual",
            "business_scope": ["日用百货销售"],
            "business_address": self.address(),
            "region_code": "320614",
            "capital_cny": 50000,
            "employees": 2,
        }
        return self._submission("individual-business-registration", p, base, form)

    def spr(self, p: SyntheticPerson, **form) -> dict:  # noqa: ANN003
        trade = self.rng.choice(("瑞丰", "宏达", "永盛", "德润", "汇通", "天和"))
        ending = self.rng.choice(("商贸商行", "五金厂", "设计工作室", "机械加工厂", "办公用品经营部"))
        # Registers and licences print the form as （个人独资）, in either bracket width, or not.
        suffix = self.rng.choice(("", "（个人独资）", "(个人独资)"))
        name = self.rng.choice((f"海门区{trade}{ending}", f"{trade}（海门）{ending}"))
        base = {
            "enterprise_name": name + suffix,
            "business_scope": ["五金产品零售", "日用百货销售"],
            "business_address": self.address(),
            "region_code": "320614",
            "capital_cny": 100000,
            "contribution_form": "personal",
        }
        return self._submission("sole-proprietorship-registration", p, base, form)

    def ibc(self, p: SyntheticPerson, b: SyntheticBusiness, **form) -> dict:  # noqa: ANN003
        base = {"credit_code": b.credit_code, "business_name": b.name, "new_business_address": self.address()}
        return self._submission("individual-business-change", p, base, form)

    def senior(self, p: SyntheticPerson, **form) -> dict:  # noqa: ANN003
        account = "6217" + "".join(str(self.rng.randint(0, 9)) for _ in range(15))
        base = {"household_region_code": "320614", "bank_account": account}
        return self._submission("senior-allowance", p, base, form)

    def food(self, p: SyntheticPerson, b: SyntheticBusiness, **form) -> dict:  # noqa: ANN003
        base = {
            "credit_code": b.credit_code,
            "business_address": self.address(),
            "food_categories": ["预包装食品销售", "热食类食品制售"],
        }
        return self._submission("food-business-licence", p, base, form)

    def company(self, people: list[SyntheticPerson], **form) -> dict:  # noqa: ANN003
        """The first person applies and is the sole director and legal representative."""
        trade = self.rng.choice(("瑞诚达", "恒信", "博远", "聚鑫", "开元", "华通"))
        feature = self.rng.choice(("商贸", "科技", "信息技术", "文化传媒", "五金交电", "办公用品"))
        name = self.rng.choice(
            (f"海门区{trade}{feature}", f"{trade}（海门）{feature}", f"南通市海门区{trade}{feature}")
        )
        shares = [self.rng.choice((10, 20, 30, 50)) * 10000 for _ in people]
        first = people[0]
        base = {
            "company_name": name + self.rng.choice(("有限公司", "有限责任公司")),
            "business_scope": ["日用百货销售", "办公用品销售"],
            "business_address": self.address(),
            "region_code": "320614",
            "registered_capital_cny": sum(shares),
            "shareholders": [
                {
                    "name": person.name,
                    "id_number": person.id_number,
                    "subscribed_cny": share,
                    "contribution_due": (AS_OF + dt.timedelta(days=self.rng.randint(200, 1700))).isoformat(),
                }
                for person, share in zip(people, shares, strict=True)
            ],
            "directors": [{"name": first.name, "id_number": first.id_number}],
            "legal_representative": {"name": first.name, "id_number": first.id_number},
            "no_supervisor": True,
            "standard_articles": True,
        }
        return self._submission("company-registration", first, base, form)

    def company_cards(self, people: list[SyntheticPerson], **roles: SyntheticPerson) -> dict[str, bytes]:
        """Each shareholder's card in form order, as phone uploads (JPEG), then any role's."""
        slots = [(f"shareholder_{n}", p) for n, p in enumerate(people, start=1)] + list(roles.items())
        out = {}
        for slot, person in slots:
            out[f"{slot}_id_card_front"] = encode(render_id_card_front(person), "JPEG", 85)
            out[f"{slot}_id_card_back"] = encode(render_id_card_back(person), "JPEG", 85)
        return out

    def _submission(self, matter: str, p: SyntheticPerson, base: dict, changes: dict) -> dict:
        form = {**base, **changes}
        form = {k: v for k, v in form.items() if v is not None}
        return {
            "matter": matter,
            "applicant": self.applicant(p),
            "form": form,
            "declarations": {"information_true": True},
        }


def _individual_business_registration(g: Generator) -> list[Sample]:
    m = "individual-business-registration"
    out = []
    p = g.person(age=40)
    out.append(
        Sample(
            m, "eligible-named", "个体工商户，有名称，一般经营项目", g.ibr(p), g.id_card(p), "approved", []
        )
    )
    p = g.person(age=25)
    out.append(
        Sample(
            m,
            "eligible-no-name",
            "不使用名称的个体工商户",
            g.ibr(p, business_name=None),
            g.id_card(p),
            "approved",
            [],
        )
    )
    p = g.person(age=33, name="阿依古丽·买买提")
    out.append(
        Sample(m, "eligible-minority-name", "少数民族姓名含中间点", g.ibr(p), g.id_card(p), "approved", [])
    )
    p = g.person(age=17)
    out.append(
        Sample(
            m,
            "minor-17",
            "17周岁：须人工审核劳动收入证明",
            g.ibr(p),
            g.id_card(p),
            "routed",
            ["applicant.adult"],
        )
    )
    p = g.person(age=50, issued_on=dt.date(2004, 6, 1), valid_until=dt.date(2024, 6, 1))
    out.append(
        Sample(m, "card-expired", "身份证已过期", g.ibr(p), g.id_card(p), "returned", ["id_card.not_expired"])
    )
    p = g.person(age=38)
    sub = g.ibr(p, business_scope=["日用百货销售", "食品销售"])
    out.append(
        Sample(
            m,
            "licensed-scope",
            "经营范围含许可项目",
            sub,
            g.id_card(p),
            "routed",
            ["scope.no_licensed_items"],
        )
    )
    p = g.person(age=45)
    sub = g.ibr(p, business_address=g.address("江苏省南通市崇川区"), region_code="320602", business_name=None)
    out.append(
        Sample(
            m,
            "outside-jurisdiction",
            "经营场所在崇川区",
            sub,
            g.id_card(p),
            "returned",
            ["location.region_in_jurisdiction", "location.address_in_jurisdiction"],
        )
    )
    p = g.person(age=30)
    sub = g.ibr(p, business_name="海门区中华便利店")
    out.append(
        Sample(m, "reserved-word", "名称含“中华”", sub, g.id_card(p), "returned", ["name.no_reserved_words"])
    )
    p = g.person(age=36)
    sub = g.ibr(p, business_name="海门区春晖商贸有限公司")
    out.append(
        Sample(
            m, "company-form", "个体工商户名称用了“有限公司”", sub, g.id_card(p), "returned",
            ["name.organisation_form", "name.structure"],
        )
    )  # fmt: skip
    p = g.person(age=44)
    sub = g.ibr(p, business_name="海门区春晖星际穿越店")
    out.append(
        Sample(
            m, "name-unparsed", "名称中的行业表述不在目录中", sub, g.id_card(p), "routed", ["name.structure"]
        )
    )
    p = g.person(age=52)
    docs = g.id_card(p)
    del docs["id_card_back"]
    out.append(
        Sample(m, "missing-back", "未上传身份证国徽面", g.ibr(p), docs, "returned", ["material.missing"])
    )
    p = g.person(age=41)
    g.reference.blacklist.append({"id_number": p.id_number, "note": "synthetic sample"})
    out.append(
        Sample(
            m,
            "blacklisted",
            "申请人为失信被执行人",
            g.ibr(p),
            g.id_card(p),
            "routed",
            ["applicant.not_blacklisted"],
        )
    )
    p = g.person(age=36)
    sub = g.ibr(p)
    sub["applicant"]["name"] = "王" + p.name[1:] if p.name[0] != "王" else "李" + p.name[1:]
    out.append(
        Sample(
            m,
            "name-mismatch",
            "表单姓名与身份证不一致",
            sub,
            g.id_card(p),
            "routed",
            ["id_card.name_matches"],
        )
    )
    p = g.person(age=29)
    docs = g.id_card(p)
    docs["id_card_front"] = docs["id_card_back"]
    out.append(
        Sample(
            m, "back-as-front", "人像面位置上传了国徽面", g.ibr(p), docs, "returned", ["material.wrong_kind"]
        )
    )
    p = g.person(age=60)
    sub = g.ibr(p)
    sub["declarations"] = {"information_true": False}
    out.append(
        Sample(
            m,
            "no-declaration",
            "未承诺信息真实",
            sub,
            g.id_card(p),
            "returned",
            ["declaration.information_true"],
        )
    )
    return out


def _sole_proprietorship_registration(g: Generator) -> list[Sample]:
    m = "sole-proprietorship-registration"
    out = []
    p = g.person(age=44)
    out.append(Sample(m, "eligible", "个人独资企业，一般项目", g.spr(p), g.id_card(p), "approved", []))
    p = g.person(age=35)
    out.append(
        Sample(
            m,
            "eligible-family",
            "以家庭共有财产出资",
            g.spr(p, contribution_form="family"),
            g.id_card(p),
            "approved",
            [],
        )
    )
    p = g.person(age=39)
    sub = g.spr(p, enterprise_name="海门区瑞丰贸易商行有限公司")
    out.append(
        Sample(
            m,
            "company-words",
            "名称含“有限公司”",
            sub,
            g.id_card(p),
            "returned",
            ["name.no_company_words", "name.organisation_form", "name.structure"],
        )
    )
    p = g.person(age=31)
    out.append(
        Sample(
            m,
            "zero-capital",
            "出资额为零",
            g.spr(p, capital_cny=0),
            g.id_card(p),
            "returned",
            ["capital.positive"],
        )
    )
    p = g.person(age=16)
    out.append(Sample(m, "minor-16", "16周岁投资人", g.spr(p), g.id_card(p), "routed", ["applicant.adult"]))
    owner = g.person(age=58)
    taken = g.business(owner, kind="sole-proprietorship")
    taken.name = "海门区金源五金厂（个人独资）"
    g.reference.add_business(taken, owner)
    p = g.person(age=47)
    # The same name with half-width brackets: one normalisation for every comparison.
    sub = g.spr(p, enterprise_name="海门区金源五金厂(个人独资)")
    out.append(
        Sample(
            m, "name-taken", "名称已被登记（括号宽度不同）", sub, g.id_card(p), "returned", ["name.not_taken"]
        )
    )
    p = g.person(age=27)
    sub = g.spr(p, business_scope=["五金产品零售", "区块链技术咨询"])
    out.append(
        Sample(m, "unknown-scope", "经营范围含目录外表述", sub, g.id_card(p), "routed", ["scope.catalogued"])
    )
    p = g.person(age=55)
    g.reference.blacklist.append({"id_number": p.id_number, "note": "synthetic sample"})
    out.append(
        Sample(
            m,
            "blacklisted",
            "投资人为失信被执行人",
            g.spr(p),
            g.id_card(p),
            "routed",
            ["applicant.not_blacklisted"],
        )
    )
    return out


def _individual_business_change(g: Generator) -> list[Sample]:
    m = "individual-business-change"
    out = []

    def docs(p: SyntheticPerson, b: SyntheticBusiness) -> dict[str, bytes]:
        return {**g.id_card(p), "business_licence": g.licence(b)}

    p, b = g.registered(42)
    out.append(
        Sample(m, "eligible-address", "变更经营场所（辖区内）", g.ibc(p, b), docs(p, b), "approved", [])
    )
    p, b = g.registered(37)
    sub = g.ibc(p, b, new_business_address=None, new_business_scope=["日用百货销售", "文具用品零售"])
    out.append(Sample(m, "eligible-scope", "变更经营范围（一般项目）", sub, docs(p, b), "approved", []))
    p, b = g.registered(50)
    other = g.person(age=48)
    out.append(
        Sample(
            m,
            "not-operator",
            "申请人不是登记的经营者",
            g.ibc(other, b),
            docs(other, b),
            "routed",
            ["register.operator_is_applicant"],
        )
    )
    p = g.person(age=33)
    b = g.business(p)  # not entered in the register
    out.append(
        Sample(
            m,
            "not-registered",
            "统一社会信用代码不在登记簿",
            g.ibc(p, b),
            docs(p, b),
            "returned",
            ["register.entry_found"],
        )
    )
    p, b = g.registered(46)
    _, b2 = g.registered(39)
    out.append(
        Sample(
            m,
            "licence-mismatch",
            "上传了其他主体的营业执照",
            g.ibc(p, b),
            docs(p, b2),
            "returned",
            ["licence.matches_form"],
        )
    )
    p, b = g.registered(51)
    sub = g.ibc(p, b, new_business_address=g.address("江苏省南通市通州区"))
    out.append(
        Sample(
            m,
            "move-outside",
            "迁往辖区外",
            sub,
            docs(p, b),
            "returned",
            ["change.new_address_in_jurisdiction"],
        )
    )
    p, b = g.registered(29)
    sub = g.ibc(p, b, new_business_address=None, new_business_scope=["日用百货销售", "烟草制品零售"])
    out.append(
        Sample(
            m,
            "licensed-scope",
            "新经营范围含烟草制品零售",
            sub,
            docs(p, b),
            "routed",
            ["change.new_scope_no_licensed_items"],
        )
    )
    p, b = g.registered(44)
    d = docs(p, b)
    del d["business_licence"]
    out.append(
        Sample(m, "missing-licence", "未上传营业执照", g.ibc(p, b), d, "returned", ["material.missing"])
    )
    p, b = g.registered(58)
    d = docs(p, b)
    d["business_licence"] = d["id_card_front"]
    out.append(
        Sample(
            m,
            "card-as-licence",
            "营业执照位置上传了身份证",
            g.ibc(p, b),
            d,
            "returned",
            ["material.wrong_kind"],
        )
    )
    return out


def _senior_allowance(g: Generator) -> list[Sample]:
    m = "senior-allowance"
    out = []
    p = g.person(age=86)
    out.append(Sample(m, "eligible-86", "86周岁，长期有效身份证", g.senior(p), g.id_card(p), "approved", []))
    p = g.person(age=80)
    out.append(Sample(m, "eligible-80", "刚满80周岁", g.senior(p), g.id_card(p), "approved", []))
    p = g.person(age=91)
    sub = g.senior(p, household_region_code="320684")
    out.append(
        Sample(m, "old-region-code", "户籍代码为撤市设区前的320684", sub, g.id_card(p), "approved", [])
    )
    p = g.person(age=79)
    out.append(Sample(m, "under-80", "79周岁", g.senior(p), g.id_card(p), "routed", ["allowance.age"]))
    p = g.person(age=88)
    g.reference.recipients.append({"id_number": p.id_number, "since": "2023-01"})
    out.append(
        Sample(
            m,
            "already-receiving",
            "已在领取",
            g.senior(p),
            g.id_card(p),
            "routed",
            ["allowance.not_already_receiving"],
        )
    )
    p = g.person(age=83)
    sub = g.senior(p, household_region_code="320602")
    out.append(
        Sample(
            m,
            "household-outside",
            "户籍在崇川区",
            sub,
            g.id_card(p),
            "returned",
            ["allowance.household_in_jurisdiction"],
        )
    )
    p = g.person(age=84)
    sub = g.senior(p)
    sub["applicant"]["id_number"] = g.person(age=84).id_number
    out.append(
        Sample(
            m,
            "number-mismatch",
            "表单身份证号码与身份证不一致",
            sub,
            g.id_card(p),
            "routed",
            ["id_card.number_matches"],
        )
    )
    p = g.person(age=81)
    d = g.id_card(p)
    del d["id_card_front"]
    out.append(Sample(m, "missing-front", "未上传人像面", g.senior(p), d, "returned", ["material.missing"]))
    return out


def _food_business_licence(g: Generator) -> list[Sample]:
    m = "food-business-licence"
    out = []

    def docs(p: SyntheticPerson, b: SyntheticBusiness) -> dict[str, bytes]:
        return {"id_card_front": g.id_card(p)["id_card_front"], "business_licence": g.licence(b)}

    p, b = g.registered(40)
    out.append(
        Sample(
            m,
            "complete",
            "材料齐全：仍须人工审核",
            g.food(p, b),
            docs(p, b),
            "routed",
            ["matter.not_instant"],
        )
    )
    p, b = g.registered(35)
    sub = g.food(p, b, food_categories=["预包装食品销售"])
    out.append(
        Sample(
            m,
            "complete-prepackaged",
            "仅销售预包装食品：仍须人工审核",
            sub,
            docs(p, b),
            "routed",
            ["matter.not_instant"],
        )
    )
    p, b = g.registered(48)
    sub = g.food(p, b, business_address=g.address("江苏省南通市崇川区"))
    out.append(
        Sample(
            m,
            "outside",
            "经营场所在辖区外",
            sub,
            docs(p, b),
            "returned",
            ["matter.not_instant", "location.address_in_jurisdiction"],
        )
    )
    p, b = g.registered(52)
    sub = g.food(p, b, food_categories=["预包装食品销售", "网红零食"])
    out.append(
        Sample(
            m,
            "unknown-category",
            "经营项目不规范",
            sub,
            docs(p, b),
            "returned",
            ["matter.not_instant", "food.categories_catalogued"],
        )
    )
    p = g.person(age=30)
    b = g.business(p)
    out.append(
        Sample(
            m,
            "not-registered",
            "主体不在登记簿",
            g.food(p, b),
            docs(p, b),
            "routed",
            ["matter.not_instant", "register.entry_found"],
        )
    )
    p, b = g.registered(43)
    _, b2 = g.registered(47)
    out.append(
        Sample(
            m,
            "licence-mismatch",
            "营业执照与表单不一致",
            g.food(p, b),
            docs(p, b2),
            "returned",
            ["matter.not_instant", "licence.matches_form"],
        )
    )
    p, b = g.registered(39)
    d = docs(p, b)
    del d["business_licence"]
    out.append(
        Sample(
            m,
            "missing-licence",
            "未上传营业执照",
            g.food(p, b),
            d,
            "returned",
            ["matter.not_instant", "material.missing"],
        )
    )
    p, b = g.registered(61)
    sub = g.food(p, b)
    sub["applicant"]["name"] = "赵" + p.name[1:] if p.name[0] != "赵" else "钱" + p.name[1:]
    out.append(
        Sample(
            m,
            "name-mismatch",
            "申请人姓名与身份证不一致",
            sub,
            docs(p, b),
            "routed",
            ["matter.not_instant", "id_card.name_matches"],
        )
    )
    return out


def _officer(p: SyntheticPerson) -> dict:
    return {"name": p.name, "id_number": p.id_number}


def _company_registration(g: Generator) -> list[Sample]:
    m = "company-registration"
    out = []

    def add(slug: str, note: str, sub: dict, docs: dict, status: str, reasons: list) -> None:
        out.append(Sample(m, slug, note, sub, docs, status, reasons))

    people = [g.person(age=a) for a in (45, 38, 29)]
    add(
        "three-shareholders",
        "三名自然人股东，股东甲任董事、法定代表人，全体同意不设监事",
        g.company(people),
        g.company_cards(people),
        "approved",
        [],
    )
    people = [g.person(age=g.rng.randint(24, 66)) for _ in range(10)]
    board = [_officer(p) for p in people[:3]]
    sub = g.company(people, directors=board, supervisor=_officer(people[5]), no_supervisor=None)
    add(
        "ten-shareholders",
        "十名股东，董事会三人，一名监事",
        sub,
        g.company_cards(people),
        "approved",
        [],
    )
    people = [g.person(age=52)]
    add(
        "one-shareholder",
        "一人有限责任公司",
        g.company(people),
        g.company_cards(people),
        "approved",
        [],
    )
    people = [g.person(age=a) for a in (50, 47)]
    manager = g.person(age=41)
    sub = g.company(people, manager=_officer(manager), legal_representative=_officer(manager))
    add(
        "manager-represents",
        "经理（非股东）任法定代表人，提交其身份证",
        sub,
        g.company_cards(people, legal_representative=manager),
        "approved",
        [],
    )
    people = [g.person(age=a) for a in (36, 33)]
    manager = g.person(age=44)
    sub = g.company(people, manager=_officer(manager), legal_representative=_officer(manager))
    add(
        "representative-card-missing",
        "法定代表人不是股东，未提交其身份证",
        sub,
        g.company_cards(people),
        "returned",
        ["legal_representative.card_given"],
    )
    people = [g.person(age=a) for a in (48, 31, 27)]
    sub = g.company(people)
    sub["form"]["registered_capital_cny"] += 10000
    add(
        "capital-mismatch",
        "认缴出资额之和不等于注册资本",
        sub,
        g.company_cards(people),
        "returned",
        ["capital.subscriptions_sum"],
    )
    people = [g.person(age=a) for a in (55, 53)]
    sub = g.company(people)
    sub["form"]["shareholders"][1]["contribution_due"] = (AS_OF + dt.timedelta(days=365 * 8)).isoformat()
    add(
        "contribution-too-late",
        "认缴出资期限超过五年",
        sub,
        g.company_cards(people),
        "returned",
        ["capital.contribution_due"],
    )
    people = [g.person(age=42), g.person(age=16)]
    add(
        "minor-shareholder",
        "一名股东未满18周岁",
        g.company(people),
        g.company_cards(people),
        "routed",
        ["shareholders.adult"],
    )
    people = [g.person(age=a) for a in (39, 35, 30)]
    stranger = g.person(age=58)
    cards = g.company_cards(people)
    cards.update(
        {k.replace("shareholder_1", "shareholder_2"): v for k, v in g.company_cards([stranger]).items()}
    )
    add(
        "card-of-someone-else",
        "第二名股东上传的是他人的身份证",
        g.company(people),
        cards,
        "routed",
        ["shareholders.names_match_id_cards", "shareholders.id_numbers_match_id_cards"],
    )
    people = [g.person(age=a) for a in (46, 44)]
    sub = g.company(people, supervisor=_officer(people[0]), no_supervisor=None)
    add(
        "director-as-supervisor",
        "董事兼任监事",
        sub,
        g.company_cards(people),
        "returned",
        ["officers.supervisor"],
    )
    people = [g.person(age=a) for a in (37, 34)]
    sub = g.company(people, company_name="海门区瑞诚达商贸中心")
    add(
        "company-without-company-form",
        "公司名称未以“有限公司”结尾",
        sub,
        g.company_cards(people),
        "returned",
        ["name.organisation_form", "name.structure"],
    )
    people = [g.person(age=a) for a in (51, 49)]
    g.reference.blacklist.append({"id_number": people[1].id_number, "note": "synthetic sample"})
    add(
        "blacklisted-shareholder",
        "一名股东在失信被执行人名单中",
        g.company(people),
        g.company_cards(people),
        "routed",
        ["shareholders.not_blacklisted"],
    )
    return out


MATTER_SAMPLES: tuple[Callable[[Generator], list[Sample]], ...] = (
    _individual_business_registration,
    _sole_proprietorship_registration,
    _individual_business_change,
    _senior_allowance,
    _food_business_licence,
    _company_registration,
)


def generate(samples_dir: Path, reference_dir: Path, seed: int = 20261123) -> list[Path]:
    g = Generator(seed)
    samples = [s for make in MATTER_SAMPLES for s in make(g)]
    # Only what the generator wrote before is replaced; samples written by hand stay.
    for case_file in samples_dir.glob("*/*/case.json"):
        if not folder_is_hand_written(case_file.parent):
            shutil.rmtree(case_file.parent)
    written, counters = [], {}
    for sample in samples:
        counters[sample.matter] = counters.get(sample.matter, 0) + 1
        written.append(sample.write(samples_dir, counters[sample.matter]))
    _write_reference(reference_dir, g.reference)
    return written


def _write_reference(reference_dir: Path, ref: Reference) -> None:
    reference_dir.mkdir(parents=True, exist_ok=True)
    header = (
        "# Seed reference data for the demo deployment, written by `approval samples generate`.\n"
        "# Synthetic entries only. In production this comes from the data-sharing service (数据共享).\n"
    )
    for name, key, rows in (
        ("business_register", "register", ref.register),
        ("credit_blacklist", "blacklist", ref.blacklist),
        ("allowance_recipients", "recipients", ref.recipients),
    ):
        text = yaml.safe_dump({key: rows}, allow_unicode=True, sort_keys=False)
        (reference_dir / f"{name}.yaml").write_text(header + text, "utf-8")
