"""China's administrative divisions (GB/T 2260, as python-stdnum ships them for ID numbers), used
to restore a place name one character of which was misread: rare characters of place names
(鄞州区, 金阊) are where a recogniser slips, and the names come from a closed list.

Only the start of an address (province, prefecture, county, each within the one above it) and
the place in an authority's name are restored, each only when exactly one name of the list is
one character away; everything else is left as read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_ENTRY = re.compile(r'^\s*(\d+)\s+(?:province|county)="([^"]+)"')
# A division renamed over the years is listed as "[1983-1989]南头区办事处,[1990-]南山区".
_PERIOD = re.compile(r"^\[(\d{4})?-(\d{4})?\]")
# Second-generation ID cards were first issued in 2004 and unified credit codes in 2015: no
# document in use names a place that was gone before 2004. Keeping such names would make a
# misread one ambiguous (浦中区 is one character from 渝中区 and from 重庆市市中区, renamed 1995).
IN_USE_SINCE = 2004


@dataclass
class Division:
    name: str
    children: dict[str, Division] = field(default_factory=dict)


def _names(listed: str) -> list[str]:
    """The names a division has had since ``IN_USE_SINCE``."""
    out = []
    for part in (p.strip() for p in listed.split(",") if p.strip()):
        period = _PERIOD.match(part)
        if period is None or period.group(2) is None or int(period.group(2)) >= IN_USE_SINCE:
            out.append(part[period.end() :].strip() if period else part)
    return out


@functools.lru_cache(maxsize=1)
def provinces() -> dict[str, Division]:
    """Province name → division, with prefectures and counties below (a municipality's counties
    directly below it as well). Every name a division has had since ``IN_USE_SINCE`` is listed."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    out: dict[str, Division] = {}
    province: Division | None = None
    prefectures: list[Division] = []
    for line in text.splitlines():
        m = _ENTRY.match(line)
        if not m:
            continue
        code, listed = m.groups()
        names = [n for n in _names(listed) if n not in ("市辖区", "县", "省直辖县级行政区划")]
        if len(code) == 2:
            province = out.setdefault(names[0], Division(names[0])) if names else None
            prefectures = []
        elif province is None or code == "0000":
            continue
        elif code.endswith("00"):
            prefectures = [province.children.setdefault(n, Division(n)) for n in names]
        else:
            for n in names:
                for above in (*prefectures, province):
                    above.children.setdefault(n, Division(n))
    return out


@functools.lru_cache(maxsize=1)
def prefectures() -> dict[str, Division]:
    """Prefecture (and municipality) name → division; same-named ones over the years merged."""
    out: dict[str, Division] = {}
    for p in provinces().values():
        for name, d in [(p.name, p), *p.children.items()]:
            if d.children:
                out.setdefault(name, Division(name)).children.update(d.children)
    return out


@functools.lru_cache(maxsize=1)
def counties() -> dict[str, Division]:
    """County-level name → division, over all prefectures."""
    return {n: d for p in prefectures().values() for n, d in p.children.items()}


@functools.lru_cache(maxsize=1)
def _prefectures_and_counties() -> dict[str, Division]:
    return {**prefectures(), **counties()}


def _one_substitution(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _one_dropped(read: str, name: str) -> bool:
    return len(read) + 1 == len(name) and any(name[:i] + name[i + 1 :] == read for i in range(len(name)))


def _match(text: str, options: dict[str, Division]) -> tuple[Division | None, int]:
    """The division ``text`` starts with: exactly, else the only one with one character misread
    or dropped (never the last, which says what kind of division it is). Returns it and how
    many characters of ``text`` it spans."""
    for name, division in options.items():
        if text.startswith(name):
            return division, len(name)
    near = []
    for n, d in options.items():
        if len(n) < 3:
            continue
        if text[len(n) - 1 : len(n)] == n[-1] and _one_substitution(text[: len(n)], n):
            near.append((d, len(n)))
        elif text[len(n) - 2 : len(n) - 1] == n[-1] and _one_dropped(text[: len(n) - 1], n):
            near.append((d, len(n) - 1))
    return near[0] if len(near) == 1 else (None, 0)


def _after_stray_mark(text: str, options: dict[str, Division]) -> Division | None:
    """The division whose name (three characters or more) follows ``text``'s first character
    exactly: that character is a stray mark read before the place."""
    return next((d for n, d in options.items() if len(n) >= 3 and text[1:].startswith(n)), None)


def restore_address(text: str) -> str:
    """An address whose province, prefecture and county names are each from the list. A stray
    mark read before the province (a speck at the line's start read as 上) is dropped when the
    province follows it exactly."""
    options = provinces()
    if _match(text, options)[0] is None and _after_stray_mark(text, options) is not None:
        text = text[1:]
    out, rest = "", text
    for _ in range(3):
        division, used = _match(rest, options)
        if division is None:
            break
        out, rest = out + division.name, rest[used:]
        options = division.children
        if not options:
            break
    return out + rest


def restore_authority(text: str) -> str:
    """An authority named after its place (宁波市鄞州区市场监督管理局, 宁波市公安局鄞州分局): the
    prefecture, then the county, restored as in an address. A stray mark read before the
    place (a bracket, a speck read as β) is dropped when the place follows it exactly; a
    prefecture whose first character was lost (州市 of 郑州市) is the one whose county
    follows."""
    prefecture, used = _match(text, prefectures())
    if prefecture is None and len(text) > 4 and (exact := _after_stray_mark(text, prefectures())):
        prefecture, used, text = exact, len(exact.name), text[1:]
    if prefecture is None:
        prefecture, used = _prefecture_by_county(text)
    if prefecture is None:
        # A county-level city's own authority (义乌市市场监督管理局). A name as near to two
        # prefectures as to a county-level city (浑京市: 北京市, 南京市) is none of them.
        county, used = _match(text, _prefectures_and_counties())
        return county.name + text[used:] if county is not None else text
    out, rest = prefecture.name, text[used:]
    if rest.startswith("公安局") and rest.endswith("分局"):
        return out + "公安局" + _police_branch(prefecture, rest[3:-2]) + "分局"
    county, used = _match(rest, prefecture.children)
    return out + county.name + rest[used:] if county is not None else out + rest


def _police_branch(prefecture: Division, stem: str) -> str:
    """The county in 宁波市公安局鄞州分局: its name, or without its 区/县 (浦东新区 without 新区)."""
    stems: dict[str, str] = {}
    for name in (n for n in prefecture.children if len(n) >= 3):
        short = name[:-2] if name.endswith("新区") else name[:-1]
        stems.update({name: name, name[:-1]: short, short: short})
    if stem in stems:
        return stems[stem]
    near = {s for n, s in stems.items() if _one_substitution(stem, n) or _one_dropped(stem, n)}
    return near.pop() if len(near) == 1 else stem


def _prefecture_by_county(text: str) -> tuple[Division | None, int]:
    """A prefecture read with its first character dropped (州市 for 郑州市), told from the others
    it could be (广州市, 杭州市) by the county named after it."""
    found = []
    for name, division in prefectures().items():
        if len(name) < 3 or not text.startswith(name[1:]):
            continue
        rest = text[len(name) - 1 :].removeprefix("公安局")
        if any(rest.startswith(c) or rest.startswith(c[:-1]) for c in division.children if len(c) >= 3):
            found.append((division, len(name) - 1))
    return found[0] if len(found) == 1 else (None, 0)


@functools.lru_cache(maxsize=1)
def authority_places() -> frozenset[str]:
    """Every place a market regulator is named after: a prefecture, a prefecture's county
    (宁波市鄞州区), a county-level city (义乌市)."""
    names = set()
    for name, prefecture in prefectures().items():
        if len(name) < 3:
            continue
        names.add(name)
        names.update(name + county for county in prefecture.children if len(county) >= 2)
    names.update(n for n in counties() if n.endswith("市") and len(n) >= 3)
    return frozenset(names)


def nearest_place(place: str) -> str:
    """``place`` if it is listed, else the only listed place within one edit of it (two for a
    name of seven characters or more: 鲁木济市天山区 for 乌鲁木齐市天山区), else ``place``."""
    if place in authority_places() or len(place) < 3:
        return place
    limit = 1 if len(place) < 7 else 2
    hits = process.extract(place, authority_places(), scorer=Levenshtein.distance, score_cutoff=limit,
                           limit=2)  # fmt: skip
    return hits[0][0] if len(hits) == 1 else place
