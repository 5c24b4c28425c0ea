"""Check characters of the codes printed on documents, and repair of single OCR confusions.

* ID number (公民身份号码, GB 11643): 6-digit region, 8-digit birth date, 3-digit serial whose
  parity is the sex, and an ISO 7064 MOD 11-2 check character.
* Unified social credit code (统一社会信用代码, GB 32100): 18 characters whose positions 9-17
  hold the GB 11714 organisation code, itself with a check character, then a MOD 31 check.

``stdnum.cn.ric.validate`` is deliberately not used for acceptance: it rejects region codes that
did not exist in the birth year (real cards keep the code they were first issued with, e.g.
海门 320684 before 2020 and 320614 after), and it accepts birth dates in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from ocr.normalize import to_halfwidth

ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 32100 leaves out I, O, Z, S and V so that they cannot be misread as digits.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Both codes (ID number, credit code) are 18 characters long, the last a check character.
CODE_LENGTH = 18

# Province-level prefixes of GB/T 2260 (11 北京 … 82 澳门); anything else is not an ID number.
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)

# What an OCR engine prints instead of a digit: letters that cannot stand in a digit-only
# position, so the reading is forced.
LETTER_TO_DIGIT = {
    "O": "0", "D": "0", "Q": "0", "U": "0",
    "I": "1", "L": "1", "|": "1", "!": "1", "T": "7",
    "Z": "2", "S": "5", "B": "8", "G": "6",
}  # fmt: skip
# Digits that Tesseract confuses with each other: a wrong one still looks like a digit, so it is
# only repaired when the check character singles out exactly one candidate.
DIGIT_CONFUSIONS = {
    "0": "689", "1": "74", "2": "7", "3": "8", "4": "19", "5": "6",
    "6": "508", "7": "12", "8": "3609", "9": "840",
}  # fmt: skip
# Letter confusions inside credit codes (letters are legal there, so nothing is forced).
LETTER_CONFUSIONS = {
    "0": "DQU", "1": "LTJ", "2": "", "5": "", "6": "G", "8": "B",
    "B": "8R", "C": "G", "D": "0", "G": "6C", "H": "N", "J": "1", "L": "1", "M": "N", "N": "MH",
    "P": "R", "Q": "0", "R": "PB", "T": "1Y", "U": "0W", "W": "U", "X": "Y", "Y": "TX",
}  # fmt: skip
# Letters outside the credit-code alphabet, read as the character they must have been; a
# closing bracket is a J whose hook printed square (a kai-face licence photographed rotated).
USCC_FORCED = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U", "]": "J"}


@dataclass(frozen=True)
class Repair:
    """Outcome of checking a code read by OCR: ``value`` is None when it cannot be trusted."""

    value: str | None
    corrected: bool = False
    note: str = ""


def clean_code(raw: str) -> str:
    """Upper-case half-width characters with separators and spaces removed."""
    text = to_halfwidth(raw).upper()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-_.,'\"`")


# --- GB 11643: ID numbers -------------------------------------------------------------------


def id_check_char(body17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    # stdnum's function ignores the last character of what it is given.
    return ric.calc_check_digit(body17 + "0")


def id_birth_date(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_sex(number: str) -> str:
    """男 for an odd serial digit (position 17), 女 for an even one."""
    return "男" if int(number[16]) % 2 else "女"


def id_number_valid(number: str, today: dt.date | None = None) -> bool:
    """True for a well-formed ID number with a correct check character and a birth date that
    exists, is not before 1900 and not after ``today`` (region era is not checked here)."""
    today = today or dt.date.today()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    if number[:2] not in PROVINCE_CODES:
        return False
    if id_check_char(number[:17]) != number[17]:
        return False
    born = id_birth_date(number)
    return born is not None and dt.date(1900, 1, 1) <= born <= today


def id_region_in_era(number: str) -> bool:
    """Whether the region code existed in the holder's birth year (GB/T 2260 history)."""
    try:
        ric.get_birth_place(number)
    except (ValidationError, KeyError, ValueError):
        return False
    return True


def validity_years(age_at_issue: int) -> int | None:
    """GA 490: a card issued under 16 runs 5 years, 16-25 ten, 26-45 twenty, from 46 it is
    long-term (None)."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def id_number_repair(raw: str, today: dt.date | None = None) -> Repair:
    today = today or dt.date.today()
    text = clean_code(raw)
    # ``x`` and the multiplication sign are the usual readings of the check character X.
    if len(text) == 18 and text[17] in "K×*%":
        text = text[:17] + "X"
    return _repair(
        text,
        length=18,
        valid=lambda s: id_number_valid(s, today),
        allowed=lambda i: "0123456789X" if i == 17 else "0123456789",
        forced=lambda i, ch: "X" if i == 17 and ch in "KY" else LETTER_TO_DIGIT.get(ch),
        alternatives=lambda i, ch: DIGIT_CONFUSIONS.get(ch, "") + ("X" if i == 17 else ""),
    )


# --- GB 32100 / GB 11714: credit codes --------------------------------------------------------


def organisation_check_char(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(ORG_ALPHABET.index(ch) * w for ch, w in zip(body8.upper(), _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_valid(code: str) -> bool:
    """GB 32100 check character, and the GB 11714 check of the organisation code inside it."""
    code = code.upper()
    if len(code) != 18 or not uscc.is_valid(code):
        return False
    org = code[8:17]
    if any(ch not in ORG_ALPHABET for ch in org):
        return False
    return organisation_check_char(org[:8]) == org[8]


def credit_code_repair(raw: str) -> Repair:
    text = clean_code(raw)

    def allowed(i: int) -> str:
        return "0123456789" if i < 8 else USCC_ALPHABET

    def forced(i: int, ch: str) -> str | None:
        if i < 8:
            return LETTER_TO_DIGIT.get(ch)
        return USCC_FORCED.get(ch)

    def alternatives(i: int, ch: str) -> str:
        alts = DIGIT_CONFUSIONS.get(ch, "") + LETTER_CONFUSIONS.get(ch, "")
        return "".join(a for a in alts if a in allowed(i))

    return _repair(
        text,
        length=18,
        valid=credit_code_valid,
        allowed=allowed,
        forced=forced,
        alternatives=alternatives,
    )


# --- shared repair ----------------------------------------------------------------------------

_MAX_FORCED = 2


def _repair(
    text: str,
    *,
    length: int,
    valid: Callable[[str], bool],
    allowed: Callable[[int], str],
    forced: Callable[[int, str], str | None],
    alternatives: Callable[[int, str], str],
) -> Repair:
    """Accept ``text`` if valid; else fix characters that cannot stand where they are (a letter in
    a digit position has one reading), or else try every single confusable substitution and
    accept only when exactly one candidate passes the check."""
    if len(text) > length:
        # A stray mark read at either end, or one character read as two (M as LM): accept only
        # a window, or a one-character deletion, that is valid as it stands and the only one.
        shorter = {text[i : i + length] for i in range(len(text) - length + 1)}
        if len(text) == length + 1:
            shorter |= {text[:i] + text[i + 1 :] for i in range(len(text))}
        good = [w for w in shorter if valid(w)]
        return Repair(good[0], corrected=True) if len(good) == 1 else Repair(None, note="length")
    if len(text) != length:
        return Repair(None, note="length")
    if valid(text):
        return Repair(text)
    chars = list(text)
    n_forced = 0
    for i, ch in enumerate(chars):
        if ch in allowed(i):
            continue
        sub = forced(i, ch)
        if sub is None or sub not in allowed(i):
            return Repair(None, note="illegal character")
        chars[i] = sub
        n_forced += 1
    if n_forced:
        fixed = "".join(chars)
        if n_forced <= _MAX_FORCED and valid(fixed):
            return Repair(fixed, corrected=True)
        return Repair(None, note="check")
    candidates = set()
    for i, ch in enumerate(text):
        for alt in alternatives(i, ch):
            if alt == ch:
                continue
            cand = text[:i] + alt + text[i + 1 :]
            if valid(cand):
                candidates.add(cand)
    if len(candidates) == 1:
        return Repair(candidates.pop(), corrected=True)
    return Repair(None, note="ambiguous" if candidates else "check")
