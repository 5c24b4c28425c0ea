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

_ENTRY = re.compile(r'^\s*(\d+)\s+(?:province|county)="(?:\[[^\]]*\])?([^"]+)"')


@dataclass
class Division:
    name: str
    children: dict[str, Division] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def provinces() -> dict[str, Division]:
    """Province name → division, with prefectures and counties below (municipalities' counties
    directly below the province as well)."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    out: dict[str, Division] = {}
    province = prefecture = None
    for line in text.splitlines():
        m = _ENTRY.match(line)
        if not m:
            continue
        code, name = m.groups()
        if len(code) == 2:
            province = out.setdefault(name, Division(name))
            prefecture = None
        elif province is not None and code.endswith("00") and code != "0000":
            prefecture = province.children.setdefault(name, Division(name))
        elif province is not None and code != "0000" and name not in ("市辖区", "县"):
            (prefecture or province).children.setdefault(name, Division(name))
            province.children.setdefault(name, Division(name))
    return out


@functools.lru_cache(maxsize=1)
def prefectures() -> dict[str, Division]:
    return {name: d for p in provinces().values() for name, d in p.children.items() if d.children}


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


def restore_address(text: str) -> str:
    """An address whose province, prefecture and county names are each from the list."""
    out, rest = "", text
    options = provinces()
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
    prefecture, then the county, restored as in an address."""
    prefecture, used = _match(text, prefectures())
    if prefecture is None:
        return text
    out, rest = prefecture.name, text[used:]
    if rest.startswith("公安局") and rest.endswith("分局"):
        # 宁波市公安局鄞州分局: the county without its 区/县.
        stems = {n[:-1]: d for n, d in prefecture.children.items() if len(n) >= 3}
        stem = rest[3:-2]
        if stem not in stems:
            near = [n for n in stems if _one_substitution(stem, n) or _one_dropped(stem, n)]
            stem = near[0] if len(near) == 1 else stem
        return out + "公安局" + stem + "分局"
    county, used = _match(rest, prefecture.children)
    return out + county.name + rest[used:] if county is not None else out + rest
