"""Which framework a report follows (四个对照, 六项纪律, …) and which dimension each problem is under.

Detection weighs the dimension headings found in the problems section (each matched to a framework
dimension by the pack's patterns) against the framework's signal phrases in the text. An unknown
framework still yields dimensions: the headings themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .itemizing import SectionItems
from .knowledge import Framework, frameworks
from .model import Dimension, FrameworkMatch, Item

_PREAMBLE_CHARS = 800
_NUMBER_PREFIX = re.compile(r"^[\s\u3000]*[（(]?[一二三四五六七八九十\d]+[）)、.．]?[\s\u3000]*")


def signalled(text: str) -> tuple[Framework, ...]:
    """Frameworks whose signal phrases occur in the text."""
    return tuple(f for f in frameworks() if any(s in text for s in f.signals))


def hint_for(document_text: str) -> Callable[[str], bool]:
    """A test for "does this heading read like a dimension of a framework the document mentions?"."""
    packs = signalled(document_text)
    return lambda heading: any(d.matches(heading) for f in packs for d in f.dimensions)


def _match_titles(fw: Framework, titles: list[str]) -> dict[int, int]:
    """group index → framework dimension index, each dimension used once, in heading order."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for gi, title in enumerate(titles):
        for di, dim in enumerate(fw.dimensions):
            if di not in used and dim.matches(title):
                out[gi] = di
                used.add(di)
                break
    return out


def detect(text: str, titles: list[str]) -> tuple[Framework | None, dict[int, int], float, tuple[str, ...]]:
    """The best framework for these dimension headings and this text (None if nothing fits)."""
    best: tuple[float, Framework | None, dict[int, int], tuple[str, ...]] = (0.0, None, {}, ())
    preamble = text[:_PREAMBLE_CHARS]
    for fw in frameworks():
        mapping = _match_titles(fw, titles)
        evidence = [s for s in fw.signals if s in text]
        signal = 2.0 * any(s in preamble for s in fw.signals) + min(3.0, len(evidence))
        score = 3.0 * len(mapping) + signal
        if titles:
            # with headings, most of them must belong to the framework, and unless every one of its
            # dimensions has a heading, the text must name the framework somewhere
            if len(mapping) < max(1, (len(titles) + 1) // 2):
                continue
            if not evidence and len(mapping) < len(fw.dimensions):
                continue
        elif signal < 3.0:
            continue
        if score > best[0]:
            names = [fw.dimensions[d].title for d in mapping.values()]
            best = (score, fw, mapping, tuple(evidence + names))
    _, fw, mapping, evidence = best
    return fw, mapping, best[0], evidence


def _assign_by_keywords(fw: Framework, problem: Item) -> int | None:
    for source in (problem.headline, problem.text):
        hits = [(m.start(), di) for di, d in enumerate(fw.dimensions) for p in d.patterns if (m := p.search(source))]
        if hits:
            return min(hits)[1]
    return None


def resolve_dimensions(
    text: str, problems: list[Item], problem_sections: list[SectionItems]
) -> tuple[FrameworkMatch, tuple[Dimension, ...], list[Item]]:
    """Detect the framework, build the dimensions, and set each problem's ``dimension``."""
    groups = [g for si in problem_sections for g in si.groups]
    titles = [_NUMBER_PREFIX.sub("", g.title).strip() for g in groups]
    fw, mapping, score, evidence = detect(text, titles)
    match = FrameworkMatch(fw.id if fw else None, fw.name if fw else None, score, evidence)
    # keyed by a sort position: headings in order; uncovered framework dimensions after the
    # heading of the dimension that precedes them in the framework
    slots: list[tuple[float, str, int | None, str, str, int, int]] = []  # pos, title, group, key, label, start, end
    if groups:
        for gi, g in enumerate(groups):
            di = mapping.get(gi)
            key, label = (fw.dimensions[di].id, fw.dimensions[di].title) if fw and di is not None else ("", "")
            slots.append((gi, titles[gi], gi, key, label, g.start, g.end))
        if fw:
            covered = set(mapping.values())
            inverse = {di: gi for gi, di in mapping.items()}
            for di, d in enumerate(fw.dimensions):
                if di in covered:
                    continue
                before = [inverse[x] for x in range(di) if x in inverse]
                slots.append(((max(before) if before else -1) + 0.5 + di / 100, d.title, None, d.id, d.title, 0, 0))
    elif fw:
        for di, d in enumerate(fw.dimensions):
            slots.append((di, d.title, None, d.id, d.title, 0, 0))
    slots.sort(key=lambda s: s[0])
    dim_ids = {k: f"D{n + 1}" for n, k in enumerate(range(len(slots)))}
    group_to_dim = {s[2]: dim_ids[n] for n, s in enumerate(slots) if s[2] is not None}
    fw_to_dim = {s[3]: dim_ids[n] for n, s in enumerate(slots) if s[3]}
    out: list[Item] = []
    for p in problems:
        dim: str | None = None
        if p.dimension and p.dimension.startswith("G"):
            dim = group_to_dim.get(int(p.dimension[1:]))
        elif fw and not groups:
            di = _assign_by_keywords(fw, p)
            dim = fw_to_dim.get(fw.dimensions[di].id) if di is not None else None
        out.append(replace(p, dimension=dim))
    dims = tuple(
        Dimension(
            id=dim_ids[n],
            title=s[1],
            start=s[5],
            end=s[6],
            key=s[3],
            label=s[4],
            problems=tuple(p.id for p in out if p.dimension == dim_ids[n]),
        )
        for n, s in enumerate(slots)
    )
    return match, dims, out
