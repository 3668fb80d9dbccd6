"""WB302–WB307：逐条内容质量——以客观代主观、措施口号化、套话、变相表扬、以集体代个人。

Every rule reads one item at a time (a problem, cause or remedy), matches the word lists in
``workbench/data/*.toml`` and reports on that item. Lists and thresholds live in the data files so a
reviewer can extend them without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import NamedTuple

from ..knowledge import load
from ..model import Item, Severity
from ._rule import Context, Hit, rule

Pattern = re.Pattern[str]
Groups = tuple[tuple[str, tuple[Pattern, ...]], ...]  # (idea, its patterns)


# ── helpers ─────────────────────────────────────────────────────────────────────────────────────


def _patterns(patterns: Iterable[str]) -> tuple[Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


def _phrases(words: Iterable[str]) -> Pattern:
    """One alternation of plain phrases, longest first, so finditer prefers 进一步加强 to 加强."""
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def _example(problem: str = "理论学习不够深入，今年只读了3篇原文。", cause: str = "思想上重视不够。",
             remedy: str = "每周自学不少于3小时。") -> str:  # fmt: skip
    """A small report for a rule's flagged and clean examples."""
    return f"一、存在的问题\n1.{problem}\n二、原因剖析\n1.{cause}\n三、整改措施\n1.{remedy}"


def _label(item: Item) -> str:
    return f"{item.kind.label}{item.id[1:]}"  # "原因2"


def _quote(words: Iterable[str], n: int = 3) -> str:
    unique = list(dict.fromkeys(words))
    return "".join(f"“{w}”" for w in unique[:n]) + ("等" if len(unique) > n else "")


@cache
def _closing() -> tuple[Pattern, ...]:
    return _patterns(load("remedy_markers")["closing"])


def _body(ctx: Context, item: Item) -> str:
    """The item's text (``ctx.text[item.start:]``) without trailing closing words ("以上6个问题……")."""
    paras = ctx.text[item.start : item.end].split("\n")
    while len(paras) > 1 and any(p.search(paras[-1].strip()) for p in _closing()):
        paras.pop()
    return "\n".join(paras)


def _headline_span(ctx: Context, item: Item) -> tuple[int, int]:
    at = ctx.text.find(item.headline, item.start, item.end) if item.headline else -1
    return (at, at + len(item.headline)) if at >= 0 else (item.start, item.end)


def _ideas(groups: Groups, text: str) -> list[re.Match[str]]:
    """The first match of each idea (group of patterns) the text touches, in text order.

    Overlapping matches are resolved longest first, so 宗旨意识 is one idea and not also 意识."""
    matches = sorted(
        ((m, label) for label, patterns in groups for p in patterns for m in p.finditer(text)),
        key=lambda x: (x[0].start(), x[0].start() - x[0].end()),
    )
    first: dict[str, re.Match[str]] = {}
    end = 0
    for m, label in matches:
        if m.start() >= end:  # not inside a longer match already taken
            end = m.end()
            first.setdefault(label, m)
    return sorted(first.values(), key=lambda m: m.start())


# ── WB302 以客观代主观 ──────────────────────────────────────────────────────────────────────────


@cache
def _objective_data() -> tuple[Groups, Groups, int, int, Pattern, Pattern]:
    d = load("objective_causes")
    obj, subj = (tuple((g["label"], _patterns(g["patterns"])) for g in d[k]) for k in ("objective", "subjective"))
    after, before = re.compile(d["excuse_after"]), re.compile(d["excuse_before"])
    return obj, subj, int(d["min_objective"]), int(d["alone_objective"]), after, before


def _is_excuse(body: str, m: re.Match[str]) -> bool:
    """Naming the excuse ("以工作忙为借口") is self-criticism, not an objective cause."""
    *_, after, before = _objective_data()
    return bool(after.search(body[m.end() :]) or before.search(body[max(0, m.start() - 4) : m.start()]))


@rule(
    "WB302",
    "objective-cause",
    Severity.WARNING,
    "以客观原因代替主观原因",
    "原因剖析要从思想上、主观上找根源（理想信念、党性修养、宗旨意识等）。把问题归结为工作忙、任务重、"
    "人手少、年龄大、身体差等客观条件，是“讲客观原因多”的典型表现，起不到剖析作用。",
    flagged=_example(cause="工作任务繁重，人手不足，时间精力有限，静不下心来学习。"),
    clean=_example(cause="虽然工作任务重，但根本在于思想上对理论学习的重要性认识不足，放松了对自己的要求。"),
)
def objective_cause(ctx: Context) -> Iterator[Hit]:
    objective, subjective, min_objective, alone, *_ = _objective_data()
    for item in ctx.outline.causes:
        body = _body(ctx, item)
        obj = [m for m in _ideas(objective, body) if not _is_excuse(body, m)]
        subj = _ideas(subjective, body)
        if not ((len(obj) >= min_objective and len(obj) > len(subj)) or (len(obj) >= alone and not subj)):
            continue
        roots = f"主观方面只提到{_quote(m.group() for m in subj)}，" if subj else "没有触及主观思想根源，"
        yield Hit(
            item.start + obj[0].start(),
            item.start + obj[0].end(),
            f"{_label(item)}主要用客观条件解释问题（{_quote((m.group() for m in obj), 4)}），{roots}"
            "请从理想信念、党性修养、宗旨意识、自我要求等主观方面剖析思想根源，客观情况至多作为背景一笔带过。",
            item.id,
        )


# ── WB303 措施口号化 ────────────────────────────────────────────────────────────────────────────


@cache
def _remedy_data() -> tuple[tuple[Pattern, ...], Pattern, Pattern, int]:
    d = load("remedy_markers")
    names = re.compile(f"{_phrases(d['formulations']).pattern}|{d['formulation_pattern']}")
    return _patterns(d["concrete"]), _phrases(d["slogans"]), names, int(d["min_slogans"])


def _slogans_only(body: str) -> list[str]:
    """The slogans of a remedy without any concrete marker ([] when it has one or too few slogans)."""
    concrete, slogans, formulations, min_slogans = _remedy_data()
    plain = formulations.sub(lambda m: "〇" * len(m.group()), body)  # 八项规定 is a name, not a count
    if any(p.search(plain) for p in concrete):
        return []
    found = [m.group() for m in slogans.finditer(body)]
    return found if len(found) >= min_slogans else []


@rule(
    "WB303",
    "vague-remedy",
    Severity.WARNING,
    "整改措施口号化、表态化",
    "整改措施要具体、可检查：做什么、做到什么程度、什么时候完成。只有“进一步加强”“不断提高”“切实增强”"
    "这类表态，没有时限、频次、数量或具体做法，会后无法对账销号。",
    flagged=_example(remedy="进一步增强宗旨意识，牢固树立以人民为中心的思想，不断提高服务群众的水平。"),
    clean=_example(remedy="进一步增强宗旨意识，每月到联系村走访不少于2次，6月底前把群众诉求逐件办结。"),
)
def vague_remedy(ctx: Context) -> Iterator[Hit]:
    for item in ctx.outline.remedies:
        slogans = _slogans_only(_body(ctx, item))
        if slogans:
            start, end = _headline_span(ctx, item)
            yield Hit(
                start,
                end,
                f"{_label(item)}只是表态（{_quote(slogans)}），没有时限、频次、数量或具体做法，难以检查落实。"
                "请写明做什么、做到什么程度、什么时候完成，例如“每月……一次”“6月底前完成……”。",
                item.id,
            )


# ── WB305 套话 ──────────────────────────────────────────────────────────────────────────────────


@cache
def _boilerplate_data() -> tuple[Pattern, int, float]:
    d = load("boilerplate")
    return _phrases(d["phrases"]), int(d["min_count"]), float(d["per_100"])


@rule(
    "WB305",
    "boilerplate",
    Severity.INFO,
    "套话空话偏多",
    "“学深悟透”“入脑入心”“有待提高”“不同程度存在”等套话放进谁的材料都成立，堆在一起就看不出本人的具体问题，"
    "正是“以共性问题代替个性问题”“不痛不痒”的表现。",
    flagged=_example(problem="学习不够深入，学深悟透还有差距，入脑入心不够到位，学用脱节不同程度存在。"),
    clean=_example(problem="学习不够深入。《习近平著作选读》第二卷22篇只精读了9篇，发言复述文件原话。"),
)
def boilerplate(ctx: Context) -> Iterator[Hit]:
    phrases, min_count, per_100 = _boilerplate_data()
    for item in ctx.outline.items:
        body = _body(ctx, item)
        if item in ctx.outline.remedies and _slogans_only(body):
            continue  # WB303 reports it, with the same words
        found = [m.group() for m in phrases.finditer(body)]
        size = len(re.sub(r"\s", "", body))
        if len(found) >= min_count and size and len(found) * 100 / size > per_100:
            start, end = _headline_span(ctx, item)
            yield Hit(
                start,
                end,
                f"{_label(item)}套话较多（{size}字中有{len(found)}处，如{_quote(found)}），看不出本人的具体情况。"
                "请换成本人的具体事例、数据和做法。",
                item.id,
            )


# ── WB306 变相表扬 ──────────────────────────────────────────────────────────────────────────────


@cache
def _praise_data() -> tuple[tuple[Pattern, ...], tuple[Pattern, ...], Pattern, Pattern]:
    d = load("praise")
    return (
        *(_patterns(d[k]) for k in ("patterns", "achievements")),
        *(_phrases(d[k]) for k in ("not_after", "negations")),
    )


def _boasts(body: str) -> re.Match[str] | None:
    """The first achievement the problem narrates, unless negated or named as complacency."""
    _, achievements, not_after, negations = _praise_data()
    for p in achievements:
        for m in p.finditer(body):
            if not (
                not_after.search(body[max(0, m.start() - 12) : m.start()])
                or negations.search(body[max(0, m.start() - 4) : m.start()])
            ):
                return m
    return None


@rule(
    "WB306",
    "disguised-praise",
    Severity.WARNING,
    "变相表扬、评功摆好",
    "查摆问题要实打实地讲不足。“工作太投入忽视了身体”“对自己要求过严”之类把优点当缺点写，"
    "或在问题里讲成绩、讲荣誉，是变相表扬，查不到真问题。",
    flagged=_example(problem="工作太投入，经常加班加点，顾不上家庭和身体。"),
    clean=_example(problem="工作投入不够，有两次值班迟到，没有按时交接。"),
)
def disguised_praise(ctx: Context) -> Iterator[Hit]:
    patterns = _praise_data()[0]
    for item in ctx.outline.problems:
        body = _body(ctx, item)
        if m := next((m for p in patterns for m in p.finditer(body)), None):
            why = f"的“{m.group()}”是变相表扬：把优点当缺点写，查不到真问题。请改写为真正的不足和具体表现。"
        elif m := _boasts(body):
            why = f"在查摆问题中讲成绩（“{m.group()}”），有评功摆好之嫌。请删去成绩，直接写问题和具体表现。"
        else:
            continue
        yield Hit(item.start + m.start(), item.start + m.end(), _label(item) + why, item.id)


# ── WB307 以集体代个人 ──────────────────────────────────────────────────────────────────────────


class _Collective(NamedTuple):
    collective: tuple[Pattern, ...]
    first: tuple[Pattern, ...]
    weak: Pattern
    group: Pattern
    group_report: Pattern
    personal_report: Pattern
    title_chars: int
    speech: Pattern  # reported speech after a collective phrase: 有的党员说…, 部分群众反映…


@cache
def _collective_data() -> _Collective:
    d = load("collective")
    return _Collective(
        _patterns(d["collective"]),
        _patterns(d["first_person"]),
        *(_phrases(d[k]) for k in ("weak_first_person", "group_subjects", "group_report", "personal_report")),
        int(d["title_chars"]),
        re.compile("|".join(d["reported_speech"])),
    )


def _is_group_report(ctx: Context, d: _Collective) -> bool:
    """A 领导班子对照检查材料: the title (lines before the first 。 or 一、) names 班子, not a member."""
    title = ""
    for line in ctx.text[: d.title_chars * 2].split("\n"):
        if "。" in line or re.match(r"\s*[一二三四五六七八九十]+、", line) or len(title) > d.title_chars:
            break
        title += line
    return bool(d.group_report.search(title)) and not d.personal_report.search(title)


def _author_speaks(sentence: str, d: _Collective) -> bool:
    """自己/个人 as the subject of a clause, or anywhere in a sentence without a collective subject.

    In "有个别党员发牢骚，自己没有站出来" the author speaks; in "个别干部对自己要求不严" 自己 is the 干部."""
    if not d.weak.search(sentence):
        return False
    clauses = re.split(r"[，,：:]", sentence)
    return any(d.weak.match(c.strip()) for c in clauses) or not any(p.search(sentence) for p in d.collective)


@rule(
    "WB307",
    "collective-subject",
    Severity.WARNING,
    "以集体问题代替个人问题",
    "个人检视剖析材料要讲本人的问题，主语是“我”“本人”。写“有的同志”“部分党员”“我们单位”，"
    "是把个人问题推给集体，看不出本人应负的责任。",
    flagged=_example(problem="有的同志理论学习不够主动，部分党员参加组织生活不积极。"),
    clean=_example(problem="我理论学习不够主动，支部有的同志不参加组织生活，我作为支部委员没有及时提醒。"),
)
def collective_subject(ctx: Context) -> Iterator[Hit]:
    d = _collective_data()
    group = _is_group_report(ctx, d)
    for item in ctx.outline.problems:
        body = _body(ctx, item)
        if any(p.search(body) for p in d.first) or (group and d.group.search(body)):
            continue
        found = sorted((m for p in d.collective for m in p.finditer(body)), key=lambda m: m.start())
        found = [m for m in found if not (group and d.group.search(m.group())) and not d.speech.match(body, m.end())]
        if not found or any(_author_speaks(s, d) for s in re.split(r"(?<=[。；！？\n])", body)):
            continue
        yield Hit(
            item.start + found[0].start(),
            item.start + found[0].end(),
            f"{_label(item)}的主语是{_quote(m.group() for m in found)}，"
            "没有“我”“本人”，是以集体问题代替个人问题。请写清本人在其中的具体表现和应负的责任。",
            item.id,
        )


RULES = (objective_cause, vague_remedy, boilerplate, disguised_praise, collective_subject)
