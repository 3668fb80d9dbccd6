"""Counts the text states about itself: "以上7个问题", "原因主要有以下三点", "从四个方面制定整改措施"."""

from __future__ import annotations

import re

from .markers import cn_to_int
from .model import ItemKind, Section, SectionKind, StatedCount

# not an ordinal or a single one: 针对第二个问题, 这一个问题, 每一条措施 count nothing
_N = r"(?<![第这那每同任哪某\d一二两三四五六七八九十])(\d{1,2}|[一二两三四五六七八九十]{1,3})"
_UNIT = r"(?:个|条|项|点|处)"
_PATTERNS: tuple[tuple[ItemKind, re.Pattern[str]], ...] = (
    # 以上7个问题 / 查摆出问题6条 / 存在以下五个方面的问题 / 梳理出3个方面12条问题
    (ItemKind.PROBLEM, re.compile(rf"{_N}\s*{_UNIT}(?:方面)?(?:的)?(?:突出|主要|具体)?(?:问题|不足)")),
    (
        ItemKind.PROBLEM,
        re.compile(rf"(?:查摆|查找|梳理|检视)(?:出|到)?(?:了)?(?:问题|不足)(?:共)?\s*{_N}\s*{_UNIT}"),
    ),
    # 主要原因有3点 / 原因有以下三个方面 / 原因归纳为四点
    (
        ItemKind.CAUSE,
        re.compile(
            rf"原因(?:主要)?(?:有|是|在于|归纳为|概括为|表现在|如下)(?:以下|如下)?\s*{_N}\s*(?:个方面|{_UNIT}|方面)"
        ),
    ),
    (ItemKind.CAUSE, re.compile(rf"{_N}\s*(?:个方面|{_UNIT})(?:的)?(?:主要|深层次|深层)?原因")),
    # 整改措施有以下四条 / 从以下五个方面加以整改 / 制定以下3条措施
    (
        ItemKind.REMEDY,
        re.compile(rf"(?:措施|打算|努力方向)(?:主要)?(?:有|是|如下)(?:以下|如下)?\s*{_N}\s*(?:个方面|{_UNIT}|方面)"),
    ),
    (ItemKind.REMEDY, re.compile(rf"{_N}\s*(?:个方面|{_UNIT})(?:的)?(?:整改)?(?:措施|努力方向|打算)")),
    (
        ItemKind.REMEDY,
        re.compile(rf"(?:从|在)(?:以下|如下)?\s*{_N}\s*个?方面(?:进行|加以|抓好|认真)?(?:整改|改进)"),
    ),
)


def stated_counts(text: str, sections: list[Section]) -> tuple[StatedCount, ...]:
    """Every count statement found, with the kind of item it counts.

    A problem count inside the previous-rectification part (上年度查摆的5个问题) is about last
    time and is left out."""
    excluded = [(s.start, s.end) for s in sections if s.kind == SectionKind.PREVIOUS]
    found: dict[tuple[int, int], StatedCount] = {}
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in excluded):
                continue
            n = cn_to_int(m.group(1))
            if not n or n > 60:
                continue
            start, end = m.span()
            if any(a <= start < b or a < end <= b for a, b in found):
                continue
            found[(start, end)] = StatedCount(kind, n, start, end, m.group(0))
    return tuple(sorted(found.values(), key=lambda c: c.start))
