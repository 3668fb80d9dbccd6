"""WB1xx：材料结构——三个组成部分、序号、自述数量、对照维度覆盖、一个文件多份材料。"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import ItemKind, SectionKind, Severity
from ._rule import Context, Hit, rule, shorten

_FULL = (
    "一、存在的问题\n1.理论学习不够系统。去年只通读了两本辅导读物。\n"
    "二、原因剖析\n1.学习的自觉性不强。\n"
    "三、整改措施\n1.每月精读一篇原著，6月底前写出心得。"
)


@rule(
    "WB101",
    "missing-section",
    Severity.ERROR,
    "缺少必要组成部分",
    "检视剖析材料应包含查摆问题、原因剖析、整改措施（努力方向）三个部分，缺项的材料会被退回修改。",
    flagged="一、存在的问题\n1.理论学习不够系统。去年只通读了两本辅导读物。\n二、原因剖析\n1.学习的自觉性不强。",
    clean=_FULL,
)
def missing_section(ctx: Context) -> Iterator[Hit]:
    o = ctx.outline
    present = {s.kind for s in o.sections}
    wanted = (
        (SectionKind.PROBLEMS, bool(o.problems), "查摆问题", "请列出对照检查出的具体问题"),
        (SectionKind.CAUSES, bool(o.causes), "原因剖析", "请从思想根源上逐条剖析问题产生的原因"),
        (SectionKind.REMEDIES, bool(o.remedies), "整改措施（努力方向）", "请针对问题逐条提出整改措施"),
    )
    end = len(ctx.text)
    for kind, has_items, label, advice in wanted:
        if kind not in present and not has_items:
            yield Hit(end, end, f"材料中没有找到“{label}”部分。{advice}。")


@rule(
    "WB102",
    "numbering-broken",
    Severity.WARNING,
    "序号不连续",
    "序号跳号、重号或顺序颠倒，说明材料经过删改后未核对，也容易让人误以为漏了内容。",
    flagged="一、存在的问题\n1.理论学习不够系统。\n2.调查研究不够深入。\n4.创新意识不强。",
    clean="一、存在的问题\n1.理论学习不够系统。\n2.调查研究不够深入。\n3.创新意识不强。",
)
def numbering_broken(ctx: Context) -> Iterator[Hit]:
    words = {"skipped": "跳号", "repeated": "重复", "out-of-order": "顺序颠倒"}
    for issue in ctx.outline.numbering_issues:
        where, target = ctx.where(issue.start)
        yield Hit(
            issue.start,
            issue.end,
            f"{where}的序号“{issue.found}”{words[issue.kind]}，按顺序此处应为“{issue.expected}”。请核对序号。",
            target,
        )


@rule(
    "WB103",
    "stated-count-mismatch",
    Severity.WARNING,
    "自述数量与实际不符",
    "“以上6个问题”“原因有三点”之类的数字与实际列出的条数不一致，是修改后未核对的典型痕迹。",
    flagged="一、存在的问题\n1.理论学习不够系统。\n2.创新意识不强。\n二、原因剖析\n产生以上3个问题的原因如下。\n1.学习自觉性不强。",
    clean="一、存在的问题\n1.理论学习不够系统。\n2.创新意识不强。\n二、原因剖析\n产生以上2个问题的原因如下。\n1.学习自觉性不强。",
)
def stated_count_mismatch(ctx: Context) -> Iterator[Hit]:
    o = ctx.outline
    actual = {
        ItemKind.PROBLEM: len(o.problems),
        ItemKind.CAUSE: len(o.causes),
        ItemKind.REMEDY: len(o.remedies),
    }
    for c in o.stated_counts:
        n = actual[c.kind]
        if n == 0 or c.count == n:
            continue
        if c.kind == ItemKind.PROBLEM and "方面" in c.phrase and c.count == len(o.dimensions):
            continue  # "四个方面的问题": the dimensions, not the problems
        yield Hit(
            c.start,
            c.end,
            f"文中写“{c.phrase}”，但实际列出了 {n} 条{c.kind.label}。请核对数量或补齐内容。",
        )


@rule(
    "WB104",
    "dimension-uncovered",
    Severity.ERROR,
    "对照维度未覆盖",
    "会议通知规定的每个对照方面都要查摆出问题，缺项说明对照检查不全面。",
    flagged=(
        "围绕“四个对照”检视如下。\n一、存在的问题\n（一）对照党中央和习近平总书记的号召和要求方面\n1.理论学习不够系统。\n"
        "（二）对照新时代合格党员标准方面\n2.先锋作用发挥不够。\n（三）对照入党誓词方面\n3.斗争精神不足。\n"
        "（四）对照革命先辈和先进模范方面\n二、原因剖析\n1.学习自觉性不强。\n三、整改措施\n1.每月精读一篇原著。"
    ),
    clean=(
        "围绕“四个对照”检视如下。\n一、存在的问题\n（一）对照党中央和习近平总书记的号召和要求方面\n1.理论学习不够系统。\n"
        "（二）对照新时代合格党员标准方面\n2.先锋作用发挥不够。\n（三）对照入党誓词方面\n3.斗争精神不足。\n"
        "（四）对照革命先辈和先进模范方面\n4.艰苦奋斗精神有所弱化。\n二、原因剖析\n1.学习自觉性不强。\n三、整改措施\n1.每月精读一篇原著。"
    ),
)
def dimension_uncovered(ctx: Context) -> Iterator[Hit]:
    o = ctx.outline
    if not o.framework.id or not o.problems:
        return
    problems = next((s for s in o.sections if s.kind == SectionKind.PROBLEMS), None)
    for d in o.dimensions:
        if d.problems:
            continue
        if d.end > d.start:
            start, end, where = d.start, d.end, f"“{shorten(d.title, 20)}”下没有列出任何问题"
        else:
            at = problems.start if problems else 0
            start, end, where = at, at, f"没有对照“{shorten(d.title, 20)}”查摆问题"
        yield Hit(start, end, f"按{o.framework.name}的要求，{where}。请补充这一方面的问题。")


@rule(
    "WB105",
    "multiple-reports",
    Severity.ERROR,
    "一个文件中有多份材料",
    "两个人的材料放在一个文件里，问题、原因、措施会被混在一起，无法逐份审阅。",
    flagged=(
        "篇一\n一、存在的问题\n1.理论学习不够系统。\n二、整改措施\n1.每月精读一篇原著。\n"
        "篇二\n一、存在的问题\n1.调查研究不够深入。\n二、整改措施\n1.每季度下基层调研一次。"
    ),
    clean=_FULL,
)
def multiple_reports(ctx: Context) -> Iterator[Hit]:
    reports = ctx.outline.reports
    if len(reports) >= 2:
        start, end = reports[1][0], reports[1][0]
        line_end = ctx.text.find("\n", start)
        end = line_end if line_end > start else min(len(ctx.text), start + 20)
        yield Hit(
            start,
            end,
            f"这个文件中包含 {len(reports)} 份材料，本次只审阅了第一份。请把每份材料拆分为单独的文件分别上传。",
        )


RULES = (missing_section, numbering_broken, stated_count_mismatch, dimension_uncovered, multiple_reports)
