"""WB3xx：内容质量——未填写的占位符等。"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..knowledge import load
from ..model import Severity
from ._rule import Context, Hit, rule


@cache
def _placeholder_patterns() -> tuple[tuple[re.Pattern[str], ...], str]:
    data = load("placeholders")
    return tuple(re.compile(p) for p in data["patterns"]), data["units"]


def placeholders(text: str) -> Iterator[tuple[int, int]]:
    """Spans of unfilled placeholders, a following unit character included, without overlaps."""
    patterns, units = _placeholder_patterns()
    spans: list[tuple[int, int]] = []
    for rx in patterns:
        for m in rx.finditer(text):
            start, end = m.span()
            # "20xx年": the digits belong to the placeholder
            if text[start] in "xX*＊":
                while start > 0 and text[start - 1].isdigit():
                    start -= 1
            if end < len(text) and text[end] in units:
                end += 1
            if not any(a < end and start < b for a, b in spans):
                spans.append((start, end))
    yield from sorted(spans)


@rule(
    "WB301",
    "placeholder",
    Severity.ERROR,
    "残留占位符",
    "“xx年”“××”“某某”这类占位符说明材料是照模板填写且没有填完，提交前必须补全。",
    flagged="本人担任支部委员已经xx年，分管工作××项。",
    clean="本人担任支部委员已经6年，分管工作3项。",
)
def placeholder(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for start, end in placeholders(text):
        where, target = ctx.where(start)
        yield Hit(start, end, f"{where}的“{text[start:end]}”是未填写的占位符，请填写实际内容。", target)


RULES = (placeholder,)
