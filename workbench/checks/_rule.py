"""A rule: a small function that says *where* and *what*, plus its metadata as data.

The function yields ``Hit``s; ``Rule.run`` turns them into ``Finding``s with the rule's id, name and
severity (the rule's own, or the reviewer's override from a configuration file).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Document, Finding, Item, Link, Outline, Severity
from ..outline_cache import PerOutline


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A passage this report shares with another (offsets into this report's text)."""

    other: str  # the other report's name
    score: float
    start: int
    end: int
    commonness: int  # how many reports of the branch contain it


@dataclass(frozen=True, slots=True)
class CorpusView:
    """What the branch knows about one report: its near-duplicate passages and its problems' clusters."""

    reports: int  # reports in the branch
    passages: tuple[SharedPassage, ...] = ()
    cluster_size: tuple[tuple[str, int], ...] = ()  # (problem id, reports sharing a problem like it)
    common_size: int = 3  # a problem shared by at least this many reports is a 共性 problem
    last_year: tuple[tuple[str, str, float], ...] = ()  # (problem id, last year's headline, similarity): WB503


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: the document, its outline and the links between items."""

    document: Document
    outline: Outline
    links: tuple[Link, ...] = ()
    corpus: CorpusView | None = None  # the other reports of the branch (WB5xx rules); None for one report

    def linked(self, source: str, kind: str) -> list[Link]:
        """Links from item ``source`` to items whose id starts with ``kind`` ("C" or "R")."""
        return [x for x in self.links if x.source == source and x.target.startswith(kind)]

    def linked_to(self, target: str) -> list[Link]:
        return [x for x in self.links if x.target == target]

    @property
    def text(self) -> str:
        return self.document.text

    def where(self, offset: int) -> tuple[str, str | None]:
        """Where an offset is, in words a reviewer uses ("问题3", "原因剖析部分"), and the item id."""
        starts, items = _item_index(self.outline)
        k = bisect_right(starts, offset) - 1
        if k >= 0 and items[k].start <= offset < items[k].end:
            item = items[k]
            return f"{item.kind.label}{item.id[1:]}", item.id
        for s in self.outline.sections:
            if s.start <= offset <= s.end:
                return f"{s.kind.label}部分", None
        return "材料中", None


def _sorted_items(outline: Outline) -> tuple[list[int], list[Item]]:
    items = sorted(outline.items, key=lambda i: i.start)
    return [i.start for i in items], items


_INDEX: PerOutline[tuple[list[int], list[Item]]] = PerOutline()


def _item_index(outline: Outline) -> tuple[list[int], list[Item]]:
    """Items sorted by start, built once per outline (a report can have thousands of findings)."""
    return _INDEX.get(outline, _sorted_items)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    message: str
    target: str | None = None
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # "WB301": stable; a retired id is never reused
    name: str  # "placeholder": part of the JSON contract
    severity: Severity
    title: str  # Chinese, shown on comments and the rules page
    rationale: str  # why reviewers care (one or two sentences, Chinese)
    flagged: str  # an example text the rule flags
    clean: str  # a similar text it must not flag
    find: Callable[[Context], Iterator[Hit]]

    def run(self, ctx: Context, severity: Severity | None = None) -> Iterator[Finding]:
        text = ctx.text
        for hit in self.find(ctx):
            excerpt = text[max(0, hit.start - 12) : min(len(text), hit.end + 12)].replace("\n", " ")
            yield Finding(
                rule=self.id,
                name=self.name,
                severity=severity or self.severity,
                message=hit.message,
                start=hit.start,
                end=hit.end,
                target=hit.target,
                excerpt=excerpt,
                related=hit.related,
            )


def rule(
    id: str, name: str, severity: Severity, title: str, rationale: str, flagged: str, clean: str
) -> Callable[[Callable[[Context], Iterator[Hit]]], Rule]:
    def wrap(find: Callable[[Context], Iterator[Hit]]) -> Rule:
        return Rule(id, name, severity, title, rationale, flagged, clean, find)

    return wrap


def shorten(text: str, n: int = 16) -> str:
    text = text.strip().replace("\n", " ")
    return text if len(text) <= n else text[:n] + "……"
