"""WB301、WB304、WB308：占位符、问题不具体、以工作问题代替思想问题。"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..categorizing import kind_of
from ..knowledge import load
from ..model import Severity
from ..specificity import specificity, specificity_settings
from ._rule import Context, Hit, rule, shorten


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


@rule(
    "WB304",
    "vague-problem",
    Severity.WARNING,
    "问题没有具体事例",
    "查摆问题要见人见事见思想：写明在哪项工作、哪个场合、什么时间、多大程度，只有概括性表述的问题无法整改、也无从检验。",
    flagged="一、存在的问题\n1.理论学习还不够深入，学习的系统性有待提高，学用结合还不够紧密，思想认识不到位。\n",
    clean="一、存在的问题\n1.理论学习还不够深入。今年上半年只读了《习近平谈治国理政》第四卷的3篇文章，"
    "在6月的中心组研讨中发言照读材料。\n",
)
def vague_problem(ctx: Context) -> Iterator[Hit]:
    d = specificity_settings()
    for p in ctx.outline.problems:
        if len(p.text) < d["min_chars"] or p.specificity is None or p.specificity >= d["vague_below"]:
            continue
        s = specificity(p.text)
        softeners = "、".join(f"“{w}”" for w in (s.hedges + s.stock)[:3])
        extra = f"，且多用{softeners}等笼统说法" if softeners else ""
        yield Hit(
            p.start,
            p.start + len(p.marker) + len(p.headline) if p.headline else p.end,
            f"问题{p.id[1:]}“{shorten(p.headline)}”没有写出具体事例、时间或数据"
            f"（具体程度 {p.specificity}/100）{extra}。"
            "请补充在哪项工作、什么场合、造成了什么后果。",
            p.id,
        )


@rule(
    "WB308",
    "work-not-thought",
    Severity.WARNING,
    "以工作问题代替思想问题",
    "检视剖析要从思想、政治、党性、作风上找差距；问题全是业务推进和工作指标，就是“讲工作问题多、讲党性党风党纪少”。",
    flagged="一、存在的问题\n1.项目推进进度偏慢，全年有3个项目未完成预算执行指标。\n"
    "2.业务能力跟不上，对新的信息系统操作不熟练，全年培训只参加1次。\n"
    "3.年度考核指标完成不理想，有2项绩效目标没有达到。\n",
    clean="一、存在的问题\n1.项目推进进度偏慢，全年有3个项目未完成预算执行指标。\n"
    "2.理论学习不够深入，今年只读了2本原著。\n3.宗旨意识淡化，全年下村走访群众只有4次。\n",
)
def work_not_thought(ctx: Context) -> Iterator[Hit]:
    problems = ctx.outline.problems
    if len(problems) < 3 or not all(p.categories for p in problems):
        return  # too few problems, or some not classified: not enough evidence
    if any(kind_of(c) == "thought" for p in problems for c in p.categories):
        return
    first = problems[0]
    names = "、".join(dict.fromkeys(c for p in problems for c in p.categories))
    yield Hit(
        first.start,
        first.start + len(first.marker) + len(first.headline),
        f"查摆的 {len(problems)} 个问题都属于“{names}”等工作层面，"
        "没有一条涉及理论学习、政治、党性、宗旨、纪律或作风。"
        "请从思想根源上查摆问题。",
    )


RULES = (placeholder, vague_problem, work_not_thought)
