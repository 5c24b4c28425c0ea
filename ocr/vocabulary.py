"""Closed vocabularies that printed values are drawn from, used to undo single misread
characters: administrative divisions (GB/T 2260 names) of the demo jurisdiction, the issuing
and registration authorities there, and standard business-scope terms (经营范围规范表述).

Only whole terms are snapped, and only when one character differs; free text around them (road,
village, house number, personal names) is left as read.
"""

from __future__ import annotations

import re

from ocr.labels import similarity

# Province, city, district and the towns and sub-districts (镇/街道) of 海门区.
PLACE_NAMES = (
    "江苏省",
    "南通市",
    "海门区",
    "海门市",
    "崇川区",
    "通州区",
    "如东县",
    "启东市",
    "如皋市",
    "海安市",
    "海门街道",
    "三厂街道",
    "滨江街道",
    "三星镇",
    "常乐镇",
    "悦来镇",
    "临江镇",
    "四甲镇",
    "余东镇",
    "正余镇",
    "包场镇",
    "海永镇",
)
AUTHORITIES = (
    "南通市公安局海门分局",
    "海门市公安局",
    "南通市海门区市场监督管理局",
    "海门市市场监督管理局",
)
SCOPE_TERMS = (
    "日用百货销售",
    "食品销售（仅销售预包装食品）",
    "五金产品零售",
    "五金产品批发",
    "服装服饰零售",
    "服装服饰批发",
    "家用电器销售",
    "文具用品零售",
    "文具用品批发",
    "理发服务",
    "日用电器修理",
    "水果零售",
    "餐饮服务",
    "农副产品销售",
    "办公用品销售",
    "食品经营",
    "小餐饮",
    "烟草制品零售",
    "美容服务",
    "洗染服务",
    "家政服务",
    "电子产品销售",
    "通讯设备销售",
    "化妆品零售",
    "鞋帽零售",
    "针纺织品销售",
    "花卉种植",
    "建筑材料销售",
    "汽车零配件零售",
    "摩托车及零配件零售",
)


def _hamming1(a: str, b: str) -> bool:
    """One character differs, and not the last: that one says what kind of place it is (省, 市,
    区, 镇, 道), and changing it would turn one correct name into another."""
    if len(a) != len(b) or a[-1] != b[-1]:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def snap_terms(text: str, terms: tuple[str, ...] = PLACE_NAMES) -> tuple[str, int]:
    """Replace windows of ``text`` that are one character away from a known term (3+ chars)
    and not themselves a known term. Returns (text, number of characters changed)."""
    changed = 0
    out = text
    known = set(terms)
    for term in sorted(terms, key=len, reverse=True):
        n = len(term)
        if n < 3 or term in out:
            continue
        for i in range(len(out) - n + 1):
            window = out[i : i + n]
            if window in known or not _hamming1(window, term):
                continue
            out = out[:i] + term + out[i + n :]
            changed += 1
            break
    return out, changed


def snap_whole(text: str, terms: tuple[str, ...], min_score: float = 0.85) -> tuple[str, bool]:
    """The term ``text`` nearly equals (one character misread, dropped or added), else itself."""
    if text in terms:
        return text, False
    best = max(terms, key=lambda t: similarity(text, t))
    if similarity(text, best) >= min_score and abs(len(best) - len(text)) <= 1:
        return best, True
    return text, False


def snap_scope(text: str) -> tuple[str, int]:
    """Snap each item of a business scope to the standard wording (经营范围规范表述). Items are
    printed with ； between them, which Tesseract also reads as ，、 or a quote mark, or drops."""
    items: list[str] = []
    changed = 0
    for item in (i for i in re.split(r"[；;，,、”“\"]+", text) if i):
        snapped, did = _snap_scope_item(item)
        items += snapped
        changed += did
    return "；".join(items), changed


def _snap_scope_item(item: str) -> tuple[list[str], int]:
    """(items, characters changed): the item as a catalogue term, or two run together."""
    term, did = _scope_term(item)
    if term is not None:
        return [term], did
    splits = []  # a dropped separator: two terms run together; the cut needing fewest fixes
    for cut in range(2, len(item) - 1):
        left, left_did = _scope_term(item[:cut])
        right, right_did = _scope_term(item[cut:])
        if left is not None and right is not None:
            splits.append((left_did + right_did, [left, right]))
    if splits:
        did, terms = min(splits, key=lambda s: s[0])
        return terms, did
    return [item], 0


def _scope_term(text: str) -> tuple[str | None, int]:
    if text in SCOPE_TERMS:
        return text, 0
    fixed, did = snap_whole(text, SCOPE_TERMS, 0.8)
    if did:
        return fixed, 1
    # One character misread in a short term (父饮服务): only when a single term is that close.
    near = [
        t
        for t in SCOPE_TERMS
        if len(t) == len(text) >= 4 and sum(a != b for a, b in zip(t, text, strict=True)) == 1
    ]
    return (near[0], 1) if len(near) == 1 else (None, 0)
