"""WB2xx：问题、原因、整改措施之间的对应关系（问题准、根源清、措施实）。"""

from __future__ import annotations

from collections.abc import Iterator

from ..linking import nearest
from ..model import Item, Severity
from ._rule import Context, Hit, rule, shorten

_CAUSES = "二、原因剖析\n1.理论学习的自觉性不强，把学习当成软任务。\n"
_PROBLEMS = "一、存在的问题\n1.理论学习不够系统，全年只读了两本原著。\n2.服务群众不够主动，全年只下村走访4次。\n"


def _closest(ctx: Context, problem: Item, kind: str) -> str:
    """Why the nearest cause/remedy was not taken, so the reviewer can judge the gap at a glance."""
    near = nearest(ctx.outline, problem.id, kind)
    if near is None:
        return ""
    label = "原因" if kind == "C" else "措施"
    named = f"{label}{near.item.id[1:]}“{shorten(near.item.headline)}”"
    if near.closer is not None:
        return f"最接近的{named}与问题{near.closer.id[1:]}更对应。"
    if near.evidence:
        return f"最接近的{named}与它只共有“{'、'.join(near.evidence[:3])}”。"
    return f"与各条{label}都没有共同的用词和类别。"


def _headline_span(item: Item) -> tuple[int, int]:
    """The item's headline, located in the text (its marker excluded)."""
    at = item.text.find(item.headline) if item.headline else -1
    if at < 0:
        return item.start, min(item.end, item.start + 20)
    return item.start + at, item.start + at + len(item.headline)


@rule(
    "WB201",
    "problem-without-remedy",
    Severity.ERROR,
    "问题没有对应的整改措施",
    "每个查摆出的问题都要有针对性的整改措施，缺项漏项的材料不能过关（问题要逐条可整改、可检验）。",
    flagged=_PROBLEMS + _CAUSES + "三、整改措施\n1.每月精读一篇理论原著，年底前写出3篇学习体会。\n",
    clean=_PROBLEMS
    + _CAUSES
    + "三、整改措施\n1.每月精读一篇理论原著，年底前写出3篇学习体会。\n"
    + "2.每周下村走访服务群众一次，建立群众诉求台账。\n",
)
def problem_without_remedy(ctx: Context) -> Iterator[Hit]:
    yield from _gaps(ctx, "R", "在整改措施中找不到与之对应的条目", "请针对这个问题补充整改措施；如确有对应的措施")


def _gaps(ctx: Context, kind: str, missing: str, ask: str) -> Iterator[Hit]:
    """Problems with no link to a cause (``kind`` "C") or remedy ("R"), when the report has any."""
    if not (ctx.outline.causes if kind == "C" else ctx.outline.remedies):
        return  # none at all: WB101 says so once
    for p in ctx.outline.problems:
        if not ctx.linked(p.id, kind):
            start, end = _headline_span(p)
            yield Hit(
                start,
                end,
                f"问题{p.id[1:]}“{shorten(p.headline)}”{missing}（按用词和类别比对）。"
                + _closest(ctx, p, kind)
                + f"{ask}，可在“对应关系”中改正。",
                p.id,
            )


@rule(
    "WB202",
    "problem-without-cause",
    Severity.WARNING,
    "问题没有剖析原因",
    "原因剖析要与问题对应（问题准、根源清），没有剖析原因的问题，整改就找不准方向。",
    flagged=_PROBLEMS + _CAUSES + "三、整改措施\n1.每月精读一篇原著。\n2.每周下村走访一次。\n",
    clean=_PROBLEMS
    + "二、原因剖析\n1.理论学习的自觉性不强，把学习当成软任务。\n2.宗旨意识淡化，服务群众的主动性下降。\n"
    + "三、整改措施\n1.每月精读一篇原著。\n2.每周下村走访一次。\n",
)
def problem_without_cause(ctx: Context) -> Iterator[Hit]:
    yield from _gaps(ctx, "C", "在原因剖析中找不到与之对应的原因", "请从思想根源上剖析这个问题的成因；如确有对应的原因")


@rule(
    "WB203",
    "orphan-cause",
    Severity.INFO,
    "原因与问题对不上",
    "剖析的原因应当能解释查摆出的问题；与任何问题都对不上的原因，可能是套用的模板内容。",
    flagged="一、存在的问题\n1.服务群众不够主动，全年只下村走访4次。\n"
    "二、原因剖析\n1.宗旨意识淡化，服务群众的主动性下降。\n2.财务报销制度执行不严，票据整理拖延。\n"
    "三、整改措施\n1.每周下村走访一次。\n",
    clean="一、存在的问题\n1.服务群众不够主动，全年只下村走访4次。\n"
    "二、原因剖析\n1.宗旨意识淡化，服务群众的主动性下降。\n三、整改措施\n1.每周下村走访一次。\n",
)
def orphan_cause(ctx: Context) -> Iterator[Hit]:
    yield from _orphans(ctx, ctx.outline.causes, "原因", "解释")


def _orphans(ctx: Context, items: tuple[Item, ...], label: str, verb: str) -> Iterator[Hit]:
    """Causes or remedies that no problem is linked to."""
    if not ctx.outline.problems:
        return
    for it in items:
        if not [x for x in ctx.linked_to(it.id) if x.source.startswith("P")]:
            start, end = _headline_span(it)
            yield Hit(
                start,
                end,
                f"{label}{it.id[1:]}“{shorten(it.headline)}”与查摆出的问题都对不上。请核对它{verb}的是哪个问题。",
                it.id,
            )


@rule(
    "WB204",
    "orphan-remedy",
    Severity.INFO,
    "措施与问题对不上",
    "整改措施要针对查摆出的问题；与问题都对不上的措施，可能是把无关工作装进了“整改的筐”。",
    flagged="一、存在的问题\n1.服务群众不够主动，全年只下村走访4次。\n"
    "二、原因剖析\n1.宗旨意识淡化。\n"
    "三、整改措施\n1.每周下村走访服务群众一次。\n2.年底前完成办公楼消防设施更新改造。\n",
    clean="一、存在的问题\n1.服务群众不够主动，全年只下村走访4次。\n"
    "二、原因剖析\n1.宗旨意识淡化。\n三、整改措施\n1.每周下村走访服务群众一次。\n",
)
def orphan_remedy(ctx: Context) -> Iterator[Hit]:
    yield from _orphans(ctx, ctx.outline.remedies, "措施", "针对")


RULES = (problem_without_remedy, problem_without_cause, orphan_cause, orphan_remedy)
