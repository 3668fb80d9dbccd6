"""WB5xx：跨材料——雷同（照搬照抄）与只有共性问题。These rules see the other reports of the branch
through ``Context.corpus``; reviewing one report alone they find nothing.

Their examples hold several reports separated by a line "=====" (see ``split_examples``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Severity
from ._rule import Context, Hit, rule, shorten

SEPARATOR = "\n=====\n"
_HEAD = "按照支部要求，现将个人检视剖析情况报告如下。\n一、存在的问题\n"
_COPIED = (
    "1.服务群众不够主动。今年3月社区开展独居老人排查时，我只打了电话，没有逐户上门，"
    "直到一位老人在家中摔倒两天后才被邻居发现，我才意识到自己的工作方式存在严重问题。\n"
)


def split_examples(text: str) -> list[str]:
    return [t.strip() for t in text.split(SEPARATOR) if t.strip()]


@rule(
    "WB501",
    "near-duplicate",
    Severity.ERROR,
    "与他人材料雷同",
    "检视剖析材料必须本人撰写；与他人材料大段雷同（照搬照抄、他人代笔）是督导组退回材料的首要原因。"
    "框架表述、会议通知原文和常见提法不计入雷同。",
    flagged=_HEAD
    + _COPIED
    + "2.理论学习不够系统，今年只读了2本原著。\n"
    + SEPARATOR
    + _HEAD
    + _COPIED
    + "2.执行财务制度不严，有3张发票事由填写不规范。\n"
    + SEPARATOR
    + _HEAD
    + "1.调查研究不够深入，全年到企业走访只有5次。\n2.开会多、落实少，有2项任务延期。\n",
    clean=_HEAD
    + "1.服务群众不够主动，今年下村走访只有4次。\n2.理论学习不够系统，今年只读了2本原著。\n"
    + SEPARATOR
    + _HEAD
    + "1.执行财务制度不严，有3张发票事由填写不规范。\n2.调查研究不够深入，全年到企业走访只有5次。\n"
    + SEPARATOR
    + _HEAD
    + "1.开会多、落实少，有2项任务延期。\n2.文稿把关不严，有2处数据错误被退回。\n",
)
def near_duplicate(ctx: Context) -> Iterator[Hit]:
    if ctx.corpus is None:
        return
    by_other: dict[str, list] = {}
    for p in ctx.corpus.passages:
        by_other.setdefault(p.other, []).append(p)
    for other, passages in sorted(by_other.items(), key=lambda kv: -kv[1][0].score):
        first = min(passages, key=lambda p: p.start)
        chars = sum(p.end - p.start for p in passages)
        where, target = ctx.where(first.start)
        yield Hit(
            first.start,
            first.end,
            f"有 {len(passages)} 处共 {chars} 字（第一处在{where}）与“{shorten(other, 24)}”的材料雷同"
            f"（雷同程度 {round(passages[0].score * 100)}%，这些文字在全部 {ctx.corpus.reports} 份材料中"
            f"只出现在 {first.commonness} 份里）。请核实是否照搬照抄，要求本人重新撰写。",
            target,
            (other,),
        )


@rule(
    "WB502",
    "common-only",
    Severity.WARNING,
    "只有共性问题，没有个性问题",
    "查摆的问题全是支部里多数人都写的共性问题，看不出本人的个性问题，是“以共性问题代替个性问题”。",
    flagged=SEPARATOR.join(
        [_HEAD + "1.理论学习不够系统深入。\n2.服务群众意识有所淡化。\n"] * 3
        + [_HEAD + "1.理论学习不够系统深入。\n2.财务报销有3张发票填写不规范，被财务退回。\n"]
    ),
    clean=SEPARATOR.join(
        [
            _HEAD + "1.理论学习不够系统，今年只读了2本原著。\n2.财务报销有3张发票填写不规范。\n",
            _HEAD + "1.服务群众不够主动，下村走访只有4次。\n2.开会多、落实少，有2项任务延期。\n",
            _HEAD + "1.文稿把关不严，有2处数据错误被退回。\n2.调查研究不够深入，全年到企业走访只有5次。\n",
        ]
    ),
)
def common_only(ctx: Context) -> Iterator[Hit]:
    c = ctx.corpus
    problems = ctx.outline.problems
    if c is None or len(problems) < 2 or c.reports < 3:
        return
    sizes = dict(c.cluster_size)
    if all(sizes.get(p.id, 1) >= c.common_size for p in problems):
        first = problems[0]
        counts = "、".join(f"问题{p.id[1:]} {sizes[p.id]} 人" for p in problems[:4])
        yield Hit(
            first.start,
            first.start + len(first.marker) + len(first.headline),
            f"查摆的 {len(problems)} 个问题在本支部 {c.reports} 份材料中都是多人写过的共性问题（{counts}），"
            "看不出本人的个性问题。请结合本人岗位和具体事例查摆个性问题。",
            None,
        )


RULES = (near_duplicate, common_only)
