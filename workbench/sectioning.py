"""Paragraphs → top-level sections (preamble, previous, problems, causes, remedies, closing, other).

A section heading is a short line that names a part of the report (查摆问题 / 原因剖析 / 整改措施 …,
see ``data/sections.toml``). Which marker family carries the section headings is decided per
document: the family whose short lines name the most distinct kinds of part, with the fewest of
its lines left over (a report whose sections are 一、二、三 and whose problems are 1. 2. 3. picks 一、).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .knowledge import load
from .markers import Marker, match_marker
from .model import Document, Paragraph, SectionKind

_CONNECTIVE = re.compile(r"及|和|与|、|以及|并|暨")
_TITLE_END = re.compile(r"(材料|发言提纲|发言稿|提纲|报告|发言)[\s\u3000]*$")
_REPORT_SPLIT = re.compile(
    r"^[\s\u3000]*(?:篇[一二三四五六七八九十]|第[一二三四五六七八九十]篇|范文[一二三四五六七八九十\d])"
)
_CONTENT_KINDS = (SectionKind.PROBLEMS, SectionKind.CAUSES, SectionKind.REMEDIES)


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph with its marker read once."""

    index: int
    para: Paragraph
    marker: Marker | None

    @property
    def body(self) -> str:
        """The text after the marker."""
        return self.para.text[self.marker.length :] if self.marker else self.para.text

    @property
    def family(self) -> str:
        if self.marker:
            return self.marker.family
        if self.para.heading_level:
            return f"H{self.para.heading_level}"
        return "plain"

    def heading_like(self, limit: int = 30) -> bool:
        """Short, and no sentence ends inside it."""
        body = self.body.strip().rstrip("：:。.；;")
        return 0 < len(body) <= limit and not any(c in body for c in "。；;：:！？")

    def whole_bold(self) -> bool:
        return self.para.bold_prefix >= len(self.para.text) > 0


@dataclass(frozen=True, slots=True)
class Heading:
    line: Line
    kind: SectionKind
    inline: tuple[SectionKind, ...] = ()  # kinds written inside each item ("查摆问题及原因剖析")


def lines_of(doc: Document) -> list[Line]:
    return [Line(i, p, match_marker(p.text)) for i, p in enumerate(doc.paragraphs)]


@cache
def _keywords() -> dict[SectionKind, tuple[str, ...]]:
    data = load("sections")
    return {k: tuple(data[k.value]["keywords"]) for k in (SectionKind.PREVIOUS, *_CONTENT_KINDS)}


@cache
def closing_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in load("sections")["closing"]["patterns"])


def classify_heading(text: str) -> tuple[SectionKind, tuple[SectionKind, ...]] | None:
    """The kind of part a heading names, and the kinds it says are written inline."""
    kw = _keywords()
    if any(k in text for k in kw[SectionKind.PREVIOUS]) and re.search("整改|落实|回头看|情况", text):
        return SectionKind.PREVIOUS, ()
    spans: dict[SectionKind, tuple[int, int]] = {}  # kind → (first start, last end)
    for kind in _CONTENT_KINDS:
        hits = [(m.start(), m.end()) for k in kw[kind] for m in re.finditer(re.escape(k), text)]
        if hits:
            spans[kind] = (min(a for a, _ in hits), max(b for _, b in hits))
    if not spans:
        return None
    order = sorted(spans, key=lambda k: spans[k][1])
    # joined by a connective and not by "的": one section of the first kind with the others inline
    first = min(spans, key=lambda k: spans[k][0])
    others = [k for k in order if k != first]
    if others:
        between = text[spans[first][1] : spans[others[0]][0]]
        if _CONNECTIVE.search(between) and "的" not in between:
            return first, tuple(others)
    return order[-1], ()


def find_headings(lines: list[Line]) -> list[Heading]:
    """The section headings, chosen by the family that best explains the report's parts."""
    candidates: dict[str, list[Heading]] = {}
    totals: dict[str, int] = {}
    for ln in lines:
        fam = ln.family
        totals[fam] = totals.get(fam, 0) + 1
        if ln.para.in_table or not ln.heading_like(limit=30 if fam != "plain" else 18):
            continue
        if fam == "plain" and (
            ln.body.rstrip().endswith("。") or not (ln.whole_bold() or ln.para.heading_level or len(ln.body) <= 14)
        ):
            continue
        if not ln.marker and _TITLE_END.search(ln.body):
            continue  # the report's title ("个人检视剖析材料")
        c = classify_heading(ln.body)
        if c:
            candidates.setdefault(fam, []).append(Heading(ln, c[0], c[1]))
    best, best_score = None, 0.0
    for fam, cands in candidates.items():
        kinds = {h.kind for h in cands}
        leftover = totals[fam] - len(cands) if fam != "plain" else 0
        bonus = {"cn": 5, "H1": 4, "H2": 2}.get(fam, 0)
        score = 10 * len(kinds) + bonus - 2 * leftover - max(0, len(cands) - 2 * len(kinds))
        if score > best_score:
            best, best_score = fam, score
    if best is None:
        return []
    chosen = {h.line.index: h for h in candidates[best]}
    out: list[Heading] = []
    for ln in lines:
        if ln.index in chosen:
            out.append(chosen[ln.index])
        elif ln.family == best and best != "plain" and ln.heading_like() and out:
            out.append(Heading(ln, SectionKind.OTHER))  # "四、其他需要说明的问题"-like parts
    return out


def report_starts(lines: list[Line], headings: list[Heading]) -> list[int]:
    """Line indexes where a second, third… report begins in the same file (篇一/篇二, or the
    problems part coming again after causes or remedies)."""
    starts = [ln.index for ln in lines if _REPORT_SPLIT.match(ln.para.text) and ln.heading_like(limit=40)]
    if len(starts) >= 2:
        return starts
    seen_later = False
    splits = [0]
    for h in headings:
        if h.kind in (SectionKind.CAUSES, SectionKind.REMEDIES):
            seen_later = True
        elif h.kind in (SectionKind.PROBLEMS, SectionKind.PREVIOUS) and seen_later:
            # the new report starts at its title/preamble: walk back over unnumbered short lines
            i = h.line.index
            while i - 1 > splits[-1] and not lines[i - 1].marker and _is_preamble_like(lines[i - 1]):
                i -= 1
            splits.append(i)
            seen_later = False
    return splits if len(splits) >= 2 else []


def _is_preamble_like(ln: Line) -> bool:
    text = ln.para.text
    return bool(_TITLE_END.search(text)) or "如下" in text or len(text) <= 20 or "要求" in text[:40]


def closing_start(lines: list[Line], after: int) -> int | None:
    """Index of the first closing paragraph ("以上……请批评指正") after line ``after``."""
    pats = closing_patterns()
    for ln in lines[after + 1 :]:
        if any(p.search(ln.para.text) for p in pats):
            return ln.index
    return None
