"""The facts a rule may name, with their types.

Rule authors choose from this vocabulary; ``approval rules check`` rejects a rule that
names anything else. Each fact is computed by ``approval.evidence`` from the form, the
documents read, or reference data. Besides these, every scalar field of a matter's form
is a fact ``form.<field>`` (typed by the form schema), and every list field gives
``form.<field>.count``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BOOL, INT, NUMBER, STR = "bool", "int", "number", "str"

# durable-rules stores numbers as C doubles/int64; a value outside this range is not a
# plausible fact for any matter, so it is treated as unusable rather than risked.
INT_LIMIT = 2**31
# durable-rules' JSON reader mishandles exponent notation (Python writes 1e-05 for floats
# this small): the assertion corrupts the session. No fact of ours is that small but zero.
TINY = 1e-4


@dataclass(frozen=True)
class FactType:
    name: str
    type: str
    description: str
    values: tuple[str, ...] = ()  # the closed set of values of an enumerated string fact


def _f(name: str, type_: str, description: str, values: tuple[str, ...] = ()) -> FactType:
    return FactType(name, type_, description, values)


NAME_STRUCTURE = ("not_given", "valid", "unclear")
NAME_FORM = ("not_given", "allowed", "not_allowed", "none_found")
ADDRESS_STATUS = ("not_given", "inside", "outside")
SUPERVISOR_STATUS = ("independent", "none_agreed", "conflict", "missing", "contradictory")

FACTS: dict[str, FactType] = {
    f.name: f
    for f in (
        _f("applicant.id_number_valid", BOOL, "表单身份证号码校验位有效（GB 11643）且出生日期真实"),
        _f("applicant.age", INT, "申请日（北京时间）申请人周岁年龄，按身份证号码计算"),
        _f("applicant.blacklisted", BOOL, "申请人在失信被执行人名单中"),
        _f("applicant.allowance_recipient", BOOL, "申请人已在领取高龄津贴"),
        _f("applicant.name_matches_id_card", BOOL, "表单姓名与身份证人像面姓名一致"),
        _f("applicant.id_number_matches_id_card", BOOL, "表单身份证号码与身份证人像面号码一致"),
        _f("id_card.valid_on_application_date", BOOL, "身份证在申请日处于有效期内"),
        _f("declarations.information_true", BOOL, "申请人已承诺所填信息真实"),
        _f("business.region_in_jurisdiction", BOOL, "经营场所行政区划代码属于本机关辖区"),
        _f("business.address_in_jurisdiction", BOOL, "经营场所地址位于本机关辖区"),
        _f("business.scope_count", INT, "经营范围条目数"),
        _f("business.scope_licensed_count", INT, "经营范围中属于许可项目的条目数"),
        _f("business.scope_unknown_count", INT, "经营范围中不在经营范围规范目录中的条目数"),
        _f(
            "proposed_name.structure",
            STR,
            "拟用名称的结构：未填写、可解析为行政区划+字号+行业+组织形式，或无法解析",
            NAME_STRUCTURE,
        ),
        _f(
            "proposed_name.form_status",
            STR,
            "拟用名称结尾的组织形式：未填写、本类主体可用、本类主体不可用或未找到",
            NAME_FORM,
        ),
        _f("proposed_name.only_chinese", BOOL, "拟用名称只含汉字（括号除外）"),
        _f("proposed_name.reserved_word_count", INT, "拟用名称中含有的禁限用字词数"),
        _f("proposed_name.company_word_count", INT, "拟用名称中含有的“有限”“有限责任”“公司”字样数"),
        _f("proposed_name.taken", BOOL, "拟用名称与登记簿中已有名称相同"),
        _f("licence.credit_code_valid", BOOL, "营业执照上统一社会信用代码校验有效（GB 32100）"),
        _f("licence.credit_code_matches_form", BOOL, "营业执照上的统一社会信用代码与表单一致"),
        _f("register.entry_found", BOOL, "表单统一社会信用代码在登记簿中"),
        _f("register.operator_is_applicant", BOOL, "登记簿中的经营者姓名和身份证号码即申请人"),
        _f("register.name_matches_form", BOOL, "表单名称与登记簿中的名称一致"),
        _f("change.requested", BOOL, "变更申请至少包含新地址或新经营范围之一"),
        _f("change.new_address_status", STR, "新经营场所：未变更、辖区内或辖区外", ADDRESS_STATUS),
        _f("change.new_scope_licensed_count", INT, "新经营范围中属于许可项目的条目数（未变更为0）"),
        _f("change.new_scope_unknown_count", INT, "新经营范围中不在目录中的条目数（未变更为0）"),
        _f("applicant.is_party", BOOL, "申请人是股东或法定代表人之一"),
        _f("shareholders.id_numbers_valid", BOOL, "每位股东的身份证号码校验有效"),
        _f("shareholders.distinct", BOOL, "股东之间身份证号码无重复"),
        _f("shareholders.names_match_id_cards", BOOL, "每位股东的姓名与其身份证人像面一致"),
        _f("shareholders.id_numbers_match_id_cards", BOOL, "每位股东的身份证号码与其身份证人像面一致"),
        _f("shareholders.id_cards_valid", BOOL, "每位股东的身份证在申请日有效"),
        _f("shareholders.youngest_age", INT, "最年轻股东在申请日的周岁年龄"),
        _f("shareholders.blacklisted_count", INT, "在失信被执行人名单中的股东人数"),
        _f("capital.subscriptions_sum_to_capital", BOOL, "股东认缴出资额之和等于注册资本"),
        _f(
            "capital.contribution_years",
            INT,
            "最晚的认缴出资期限距申请日（成立日）的整年数（不足一年按一年）",
        ),
        _f("legal_representative.card_given", BOOL, "法定代表人是股东，或已上传其身份证"),
        _f("legal_representative.name_matches_id_card", BOOL, "法定代表人姓名与其身份证人像面一致"),
        _f(
            "legal_representative.id_number_matches_id_card", BOOL, "法定代表人身份证号码与其身份证人像面一致"
        ),
        _f("legal_representative.id_card_valid", BOOL, "法定代表人的身份证在申请日有效"),
        _f("legal_representative.age", INT, "法定代表人在申请日的周岁年龄"),
        _f("legal_representative.is_director_or_manager", BOOL, "法定代表人是董事或经理"),
        _f("officers.id_numbers_valid", BOOL, "董事、经理、监事、法定代表人的身份证号码均校验有效"),
        _f("officers.blacklisted_count", INT, "在失信被执行人名单中的董事、经理、监事、法定代表人人数"),
        _f("officers.youngest_age", INT, "董事、经理、监事、法定代表人中最年轻者在申请日的周岁年龄"),
        _f("officers.board_size_allowed", BOOL, "董事一人（不设董事会）或三人以上（董事会）"),
        _f(
            "officers.supervisor_status",
            STR,
            "监事：一名且不兼任董事、高级管理人员；经全体股东一致同意不设；兼任；未设；或自相矛盾",
            SUPERVISOR_STATUS,
        ),
        _f("household.region_in_jurisdiction", BOOL, "户籍行政区划代码属于本机关辖区"),
        _f("food.category_unknown_count", INT, "食品经营项目中不在目录中的条目数"),
        _f(
            "registration.approved",
            BOOL,
            "一件事中同时申请的设立登记已核准（已赋统一社会信用代码）；已退回或不予登记为否，尚未办结或人工审核中为未知",
        ),
        _f("seal.maker_filed", BOOL, "所选印章刻制企业在本辖区公安机关备案名录中"),
        _f("tax.accountant_mobile_valid", BOOL, "办税（财务）联系人手机号码格式有效"),
        _f("bank.in_catalogue", BOOL, "所选开户银行网点在本辖区可预约银行名录中"),
        _f("bank.appointment_on_working_day", BOOL, "预约开户日期为工作日"),
        _f("bank.appointment_working_days_ahead", INT, "预约开户日期距申请日的工作日数（当日及以前为0）"),
        _f("employees.id_numbers_valid", BOOL, "每名参保职工的身份证号码校验有效"),
        _f("employees.distinct", BOOL, "参保职工之间身份证号码无重复"),
        _f("employees.youngest_age", INT, "参保职工中最年轻者在申请日的周岁年龄"),
        _f(
            "social_insurance.start_not_before_establishment",
            BOOL,
            "参保起始月份不早于成立（营业执照签发）月份；登记未核准时未知",
        ),
    )
}

FORM_TYPES = {"string": STR, "integer": INT, "number": NUMBER, "boolean": BOOL}


def form_facts(form_schema: dict) -> dict[str, FactType]:
    """The ``form.*`` facts a matter's form schema provides."""
    out: dict[str, FactType] = {}
    for field, prop in (form_schema.get("properties") or {}).items():
        kind = prop.get("type")
        title = prop.get("title", field)
        if kind in FORM_TYPES:
            values = tuple(str(v) for v in prop.get("enum", ())) if kind == "string" else ()
            out[f"form.{field}"] = FactType(f"form.{field}", FORM_TYPES[kind], title, values)
        elif kind == "array":
            out[f"form.{field}.count"] = FactType(f"form.{field}.count", INT, f"{title}条目数")
    return out


def type_error(value: object, type_: str) -> str | None:
    """Why ``value`` is not usable as a fact of ``type_``; None when it is."""
    if value is None:
        return "null"
    if type_ == BOOL:
        return None if isinstance(value, bool) else f"expected true/false, got {type(value).__name__}"
    if type_ in (INT, NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {type(value).__name__}"
        if type_ == INT and not isinstance(value, int):
            return f"expected a whole number, got {type(value).__name__}"
        if isinstance(value, float) and not math.isfinite(value):
            return "not a finite number"
        if abs(value) >= INT_LIMIT or (value != 0 and abs(value) < TINY):
            return "number out of range"
        return None
    if type_ == STR:
        return None if isinstance(value, str) else f"expected text, got {type(value).__name__}"
    return f"unknown type {type_}"
