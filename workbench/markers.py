"""Item markers as Chinese reports write them: 一、 （一） 1. 1、 （1） ① 第一， 一是 首先……

A marker has a *family* (what decides its level in the hierarchy: "1." and "1、" are the same family,
an author who mixes them has one list with a punctuation slip) and a *value* (its number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SEQ_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "第三": 3, "最后": 9, "此外": 9}


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十一 → 21, 一百零三 → 103; Arabic digits too. None if not a number."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(c not in CN_DIGITS and c not in "十百" for c in s):
        return None
    total, current = 0, 0
    for c in s:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[c]
    return total + current


_CN = "[一二三四五六七八九十]{1,3}"
# (family, pattern); the first group is the number. Order matters: the first match wins.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("cn", rf"({_CN})\s*[、.．，,](?![一二三四五六七八九十]等)"),
    ("cn-paren", rf"[（(]\s*({_CN})\s*[）)]\s*[、.．，,]?"),
    ("ar-paren", r"[（(]\s*(\d{1,2})\s*[）)]\s*[、.．，,]?"),
    ("ar-half", r"(\d{1,2})\s*[）)]\s*[、.．，,]?"),
    ("ar", r"(\d{1,2})\s*(?:[.．](?!\d)|[、，,])"),
    ("circled", r"([①-⑳])\s*[、.．，,]?"),
    ("ordinal", rf"第({_CN})(?:\s*[，,、：:.．]|是)"),
    ("shi", rf"({_CN})是(?=\s*[\u4e00-\u9fff“‘（《])"),
    ("seq", r"(首先|其次|再次|再者|最后)\s*[，,、：:]?"),
)
_COMPILED = tuple((fam, re.compile(r"^[\s\u3000]*" + pat)) for fam, pat in _PATTERNS)
# markers that introduce sub-points inside an item's text (used to split a paragraph when the items
# themselves are written inline: "一是……。二是……。")
INLINE_SHI = re.compile(rf"(?:(?<=^)|(?<=[。；;！？：:，,\n]))[\s\u3000]*({_CN})是(?=[\u4e00-\u9fff“‘（《])")
INLINE_ORDINAL = re.compile(rf"(?:(?<=^)|(?<=[。；;！？：:\n]))[\s\u3000]*第({_CN})[，,、：:]")
INLINE_SEQ = re.compile(r"(?:(?<=^)|(?<=[。；;！？：:\n]))[\s\u3000]*(首先|其次|再次|最后)[，,、：:]")


@dataclass(frozen=True, slots=True)
class Marker:
    family: str
    value: int
    number: str  # as the author wrote the number: "1", "一", "①", "首先"
    text: str  # the whole marker as written, e.g. "（一）"
    length: int  # characters from the paragraph start to the end of the marker (leading space included)

    @property
    def display(self) -> str:
        return self.text.strip()


def circled_value(c: str) -> int:
    return ord(c) - ord("①") + 1


def match_marker(text: str) -> Marker | None:
    """The marker at the start of ``text``, if any."""
    for family, rx in _COMPILED:
        m = rx.match(text)
        if not m:
            continue
        raw = m.group(1)
        if family == "circled":
            value = circled_value(raw)
        elif family == "seq":
            value = SEQ_WORDS[raw]
        else:
            value = cn_to_int(raw) or 0
        if value <= 0:
            continue
        rest = text[m.end() :]
        # "1.5万元", "一、二等奖", "2、3个" are not markers; nor is a bare number with nothing after it
        if not rest.strip() or (family == "ar" and rest[:1] in "0123456789"):
            continue
        return Marker(family, value, raw, m.group(0), m.end())
    return None


def format_like(marker: Marker, value: int) -> str:
    """The number ``value`` written in ``marker``'s style (for messages: 应为“（三）”)."""
    cn = "零一二三四五六七八九十"

    def to_cn(n: int) -> str:
        if n <= 10:
            return cn[n]
        if n < 20:
            return "十" + (cn[n - 10] if n > 10 else "")
        return cn[n // 10] + "十" + (cn[n % 10] if n % 10 else "")

    if marker.family == "circled":
        new = chr(ord("①") + value - 1) if 1 <= value <= 20 else str(value)
    elif marker.family in ("cn", "cn-paren", "ordinal", "shi"):
        new = to_cn(value)
    elif marker.family == "seq":
        return marker.display
    else:
        new = str(value)
    return marker.display.replace(marker.number, new, 1)
