"""WB503：年年提——本次查摆的问题与上年度几乎相同，或上年称已整改完成的问题再次出现。

The rule sees last year's report of the same member through ``Context.corpus`` (its ``last_year``:
``(problem id, last year's headline, similarity)`` for each problem of this report that comes back,
computed by ``workbench.versions``); reviewing one report alone it finds nothing. Its examples hold
last year's report, then this year's, separated by a line "=====" (see ``corpus.split_examples``).

The text helpers here (``normalise``, ``dice``, ``containment``, ``claims``) are shared with
``workbench.versions``, which must not be imported from the checks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Item, SectionKind, Severity
from ._rule import Context, Hit, rule, shorten
from .corpus import SEPARATOR

# Thresholds, set on planted tests (tests/test_versions.py): a problem copied with small edits (numbers
# changed, a sentence added, words swapped) scores ≥ 0.80 against the original; the closest problems of
# two different sample reports score ≤ 0.23 on their texts but up to 0.79 on their headlines alone
# (执行请销假制度不够严格 / 执行请示报告制度不够严格 0.67), so recurrence needs a claim *and* ≥ 0.6.
REPEAT = 0.6  # bigram Dice of two problems' texts (markers, spaces, punctuation removed): "nearly unchanged"
RECUR = 0.6  # a problem claimed done comes back: Dice of the headlines or of the texts at least this
CLAIM = 0.5  # a claim sentence is about a problem when it holds this share of the problem's headline bigrams

# 已完成 / 已整改 / 落实到位 …: what a 上年度整改落实情况 section says of a remedy it calls done
_DONE = re.compile(
    r"已(?:经)?(?:全部|全面|基本|如期|按期)?(?:完成|整改|落实|解决|销号|办结)|(?:整改|落实)(?:到位|完毕|完成)"
    r"|得到(?:有效|彻底)?解决|全部完成|均已完成|彻底解决"
)
_NEGATED = re.compile(r"(?:未|没有|没|不|尚未|还未|仍未|暂未)(?:完全|彻底|全部|真正)?$")
_GENERAL = re.compile(r"全部|均已|都已|所有|逐项|各项|全面")  # "上年度查摆的问题已全部整改到位"
_SENTENCE = re.compile(r"[^。！？；!?;\n]+")


def normalise(text: str) -> str:
    """Letters, digits and CJK only, full-width folded: what two versions of a sentence are compared on."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else Counter([text] if text else [])


def dice(a: str, b: str) -> float:
    """Character-bigram Dice coefficient of two normalised texts (multiset), 0–1."""
    x, y = bigrams(a), bigrams(b)
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 1.0


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s bigrams found in ``whole`` (a short headline inside a long sentence)."""
    x = bigrams(part)
    return sum((x & bigrams(whole)).values()) / sum(x.values()) if x else 0.0


def body(item: Item) -> str:
    """An item's text without its own number, normalised (numbers shift between versions)."""
    text = item.text.lstrip()
    return normalise(text[len(item.marker) :] if item.marker and text.startswith(item.marker) else text)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence of the 上年度整改落实情况 section saying something was done."""

    start: int
    end: int
    sentence: str
    general: bool  # "已全部整改到位": about every problem of last year


def claims(text: str, offset: int = 0) -> list[Claim]:
    """The claims in ``text`` that a remedy is done (negated ones, 尚未整改到位, left out). A claim runs from
    the start of its sentence, or the end of the claim before it, to the end of its clause: in
    "A已整改到位，B仍在持续整改" only A is claimed done."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence, begin = m.group(), 0
        for d in _DONE.finditer(sentence):
            if d.start() < begin or _NEGATED.search(sentence[: d.start()]):
                continue
            stop = min((k for k in (sentence.find(c, d.end()) for c in "，,") if k >= 0), default=len(sentence))
            part = sentence[begin:stop]
            general = bool(_GENERAL.search(part)) and not re.search(r"\d+\s*[条项个]", part)
            out.append(Claim(offset + m.start() + begin, offset + m.start() + stop, part.strip("，, "), general))
            begin = stop + 1
    return out


def claim_about(found: list[Claim], topics: list[str]) -> Claim | None:
    """The first claim that names one of ``topics`` (headlines), else the first general claim."""
    keys = [normalise(t) for t in topics if normalise(t)]
    for c in found:
        if any(containment(k, normalise(c.sentence)) >= CLAIM for k in keys):
            return c
    return next((c for c in found if c.general), None)


def previous_claims(ctx: Context) -> list[Claim]:
    section = ctx.outline.section(SectionKind.PREVIOUS)
    if section is None:
        return []
    start = section.heading_end or section.start
    return claims(ctx.text[start : section.end], start)


_LAST = (
    "2023年度组织生活会个人检视剖析材料\n一、存在的问题\n"
    "1.服务群众不够主动。全年下村走访只有4次，群众反映的灌溉水渠堵塞问题拖了两个月才协调解决。\n"
    "2.理论学习不够系统。全年只读了2本原著，学习笔记多是摘抄，没有写出心得体会。\n"
    "二、产生问题的原因\n1.宗旨意识有所淡化，把服务群众当成额外负担。\n2.学习的自觉性不强，以忙代学。\n"
    "三、整改措施\n1.每月至少下村走访2次，群众反映的问题一周内答复。\n2.每季度读1本原著，写1篇心得体会。\n"
)
_THIS = "2024年度组织生活会个人检视剖析材料\n一、上年度整改落实情况\n"
_CAUSES = "三、产生问题的原因\n1.宗旨意识有所淡化。\n2.纪律规矩意识不强，对制度学习不够。\n"
_REMEDIES = "四、整改措施\n1.每月至少下村走访3次，6月底前建立群众诉求台账。\n2.3月底前学习财务制度，发票当月核对。\n"


@rule(
    "WB503",
    "repeated-from-last-year",
    Severity.WARNING,
    "问题年年提（与上年度重复）",
    "同一个问题年年查摆、表述几乎不变，说明上年度整改没有见实效，或者查摆走过场；"
    "上年度整改落实情况称已经整改到位的问题今年又出现，整改情况不实。应写明问题为何反复、上年度整改为何没有见效。",
    flagged=_LAST
    + SEPARATOR
    + _THIS
    + "上年度查摆的服务群众不够主动问题已整改到位，理论学习方面坚持每季度读1本原著。\n二、存在的问题\n"
    "1.服务群众不够主动。全年下村走访只有5次，群众反映的灌溉水渠堵塞问题拖了一个多月才协调解决。\n"
    "2.执行财务制度不严，有3张发票事由填写不规范，被财务退回。\n" + _CAUSES + _REMEDIES,
    clean=_LAST
    + SEPARATOR
    + _THIS
    + "上年度查摆的服务群众不够主动问题已整改到位，全年下村走访26次，水渠问题当周协调解决。\n二、存在的问题\n"
    "1.调查研究不够深入。到合作社调研3次都是听汇报，没有发现账目公开滞后的问题。\n"
    "2.执行财务制度不严，有3张发票事由填写不规范，被财务退回。\n" + _CAUSES + _REMEDIES,
)
def repeated_from_last_year(ctx: Context) -> Iterator[Hit]:
    # (problem id, last year's headline, Dice of the texts); below REPEAT: claimed done last year, recurs
    entries = getattr(ctx.corpus, "last_year", None)
    if not entries:
        return
    found = previous_claims(ctx)
    for problem_id, headline, similarity in entries:
        p = ctx.outline.item(problem_id)
        if p is None:
            continue
        claim = claim_about(found, [headline])
        percent = round(similarity * 100)
        last = f"上年度查摆的“{shorten(headline.rstrip('。；;，,'), 20)}”"
        if similarity >= REPEAT:
            message = f"与{last}几乎相同（相似度 {percent}%），问题年年提。"
            if claim:
                message += f"上年度整改落实情况中却称“{shorten(claim.sentence, 24)}”。"
        elif claim:
            message = f"上年度整改落实情况称“{shorten(claim.sentence, 24)}”，但本次又查摆了与{last}同类的问题。"
        else:
            message = f"与{last}是同类问题，上年度整改落实情况称已经整改，问题却再次出现。"
        message += "请写明问题为何反复、上年度整改为何没有见效，并提出更有针对性的措施。"
        yield Hit(p.start, p.start + len(p.marker) + len(p.headline), message, p.id)


RULES = (repeated_from_last_year,)
