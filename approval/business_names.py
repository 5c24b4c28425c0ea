"""Enterprise names judged as the registration rules judge them (企业名称登记管理规定 and its
实施办法): administrative division + trade name (字号) + industry or business feature +
organisation form, the division in front or in brackets after the trade name.

Everything a registrar knows is catalogue data (``rules/catalogues/names.yaml``, the
business-scope catalogue and the jurisdiction's division forms); this module only knows the
grammar. It separates what is definitely wrong (a form the entity type may not use, letters
or digits) from what it merely cannot parse: the first is the applicant's to fix, the second
a reviewer's to judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# After NFKC every bracket an applicant or a licence uses is one of these pairs.
_OPEN = str.maketrans({c: "(" for c in "【〔［[｛{〈《「『"})
_CLOSE = str.maketrans({c: ")" for c in "】〕］]｝}〉》」』"})
_CHINESE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002fa1f()]+$")

NOT_GIVEN, VALID, UNCLEAR = "not_given", "valid", "unclear"
FORM_ALLOWED, FORM_NOT_ALLOWED, FORM_NONE = "allowed", "not_allowed", "none_found"


def name_key(text: str) -> str:
    """The one normalisation every name comparison runs on (form vs register, form vs
    licence, duplicates): NFKC, no spaces, every bracket folded to ``(``/``)``."""
    folded = unicodedata.normalize("NFKC", text).translate(_OPEN).translate(_CLOSE)
    return _SPACES.sub("", folded)


@dataclass(frozen=True)
class NameParts:
    division: str
    trade_name: str
    industry: str
    form: str
    suffix: str = ""


@dataclass(frozen=True)
class NameCheck:
    structure: str  # VALID | UNCLEAR | NOT_GIVEN
    form_status: str  # FORM_ALLOWED | FORM_NOT_ALLOWED | FORM_NONE | NOT_GIVEN
    only_chinese: bool
    form: str = ""  # the organisation form found at the end, if any
    parts: NameParts | None = None
    why: str = ""  # what the parser could not find, for the reviewer


@dataclass(frozen=True)
class NameGrammar:
    """What a jurisdiction and an entity type accept, from the catalogues."""

    divisions: tuple[str, ...]  # longest first
    industries: frozenset[str]
    all_forms: tuple[str, ...]  # every organisation form of any entity type, longest first
    allowed_forms: frozenset[str]
    form_required: bool
    suffixes: frozenset[str]  # e.g. "(个人独资)" for a sole proprietorship
    all_suffixes: frozenset[str]
    trade_name_length: tuple[int, int]
    self_describing_forms: frozenset[str]  # forms that say the trade themselves (超市)
    self_described_trade_name_max: int = 4


def _longest_first(words: object) -> tuple[str, ...]:
    return tuple(sorted({name_key(str(w)) for w in words or ()}, key=len, reverse=True))


def industry_words(names: dict, scope_catalogue: dict) -> frozenset[str]:
    """Industry and feature words: the catalogue's own lists plus every business-scope item
    with its activity word taken off (办公用品销售 → 办公用品)."""
    return _industry_words(
        tuple(names.get("industry_words") or ()) + tuple(names.get("feature_words") or ()),
        tuple(names.get("scope_activity_words") or ()),
        tuple(scope_catalogue.get("general", ())) + tuple(scope_catalogue.get("licensed", ())),
    )


@lru_cache(maxsize=16)
def _industry_words(listed: tuple, activity_words: tuple, scope_items: tuple) -> frozenset[str]:
    # Cached on the catalogues' content: every case of a ruleset asks for the same words.
    words = {name_key(str(w)) for w in listed}
    activities = _longest_first(activity_words)
    for item in scope_items:
        text = re.sub(r"\(.*?\)", "", name_key(str(item)))
        words.add(text)
        for activity in activities:
            if text.endswith(activity) and len(text) > len(activity) + 1:
                words.add(text[: -len(activity)])
                break
    return frozenset(w for w in words if w)


def grammar_for(entity_type: str, names: dict, scope_catalogue: dict, place: dict) -> NameGrammar:
    entities = names.get("entity_types") or {}
    spec = entities.get(entity_type) or {}
    all_forms = {f for e in entities.values() for f in e.get("organisation_forms") or ()}
    all_suffixes = {s for e in entities.values() for s in e.get("suffixes") or ()}
    low, high = names.get("trade_name_length") or (2, 10)
    return NameGrammar(
        divisions=_longest_first(place.get("name_regions")),
        industries=industry_words(names, scope_catalogue),
        all_forms=_longest_first(all_forms | set(names.get("other_forms") or ())),
        allowed_forms=frozenset(_longest_first(spec.get("organisation_forms"))),
        form_required=bool(spec.get("form_required")),
        suffixes=frozenset(_longest_first(spec.get("suffixes"))),
        all_suffixes=frozenset(_longest_first(all_suffixes)),
        trade_name_length=(int(low), int(high)),
        self_describing_forms=frozenset(_longest_first(names.get("self_describing_forms"))),
        self_described_trade_name_max=int(names.get("self_described_trade_name_max") or low),
    )


def check_name(text: str, grammar: NameGrammar) -> NameCheck:
    name = name_key(text)
    if not name:
        return NameCheck(NOT_GIVEN, NOT_GIVEN, True)
    only_chinese = bool(_CHINESE.match(name))
    suffix = next((s for s in grammar.all_suffixes if name.endswith(s)), "")
    body = name[: len(name) - len(suffix)]
    form = next((f for f in grammar.all_forms if body.endswith(f)), "")
    if suffix and suffix not in grammar.suffixes:
        form_status = FORM_NOT_ALLOWED
    elif form:
        form_status = FORM_ALLOWED if form in grammar.allowed_forms else FORM_NOT_ALLOWED
    else:
        form_status = FORM_NOT_ALLOWED if grammar.form_required else FORM_NONE
    if not only_chinese or form_status != FORM_ALLOWED:
        why = "letters or digits" if not only_chinese else "no organisation form"
        return NameCheck(UNCLEAR, form_status, only_chinese, form, why=why)
    parts, why = _parse(body[: len(body) - len(form)], form, suffix, grammar)
    return NameCheck(VALID if parts else UNCLEAR, form_status, only_chinese, form, parts, why)


def _parse(rest: str, form: str, suffix: str, grammar: NameGrammar) -> tuple[NameParts | None, str]:
    """``rest`` is the name without its form: division + trade name + industry, or trade name
    + (division) + industry."""
    division = next((d for d in grammar.divisions if rest.startswith(d)), "")
    if division:
        rest = rest[len(division) :]
    else:
        for d in grammar.divisions:
            bracketed = f"({d})"
            if bracketed in rest and not rest.startswith(bracketed):
                division, rest = d, rest.replace(bracketed, "", 1)
                break
    if not division:
        return None, "no administrative division of this jurisdiction"
    if "(" in rest or ")" in rest:
        return None, "brackets other than the division's"
    low, high = grammar.trade_name_length
    for size in range(min(len(rest) - low, max_industry_length(grammar.industries)), 0, -1):
        industry = rest[-size:]
        if industry in grammar.industries:
            trade = rest[:-size]
            if low <= len(trade) <= high:
                return NameParts(division, trade, industry, form, suffix), ""
            return None, f"trade name of {len(trade)} characters"
    if form in grammar.self_describing_forms and low <= len(rest) <= grammar.self_described_trade_name_max:
        return NameParts(division, rest, "", form, suffix), ""
    return None, "no industry or business feature word"


@lru_cache(maxsize=8)
def max_industry_length(words: frozenset[str]) -> int:
    return max((len(w) for w in words), default=0)


__all__ = [
    "FORM_ALLOWED",
    "FORM_NONE",
    "FORM_NOT_ALLOWED",
    "NOT_GIVEN",
    "UNCLEAR",
    "VALID",
    "NameCheck",
    "NameGrammar",
    "NameParts",
    "check_name",
    "grammar_for",
    "industry_words",
    "name_key",
]
