"""Document → Outline: sections, framework dimensions, and the problems, causes and remedies.

lines ─▶ section headings (sectioning) ─▶ per section: groups + items (itemizing)
      ─▶ causes/remedies written inside a problem split off (原因：… 措施：…)
      ─▶ framework detected, dimensions assigned (frameworks) ─▶ stated counts (counting)
"""

from __future__ import annotations

import re
from functools import cache

from .counting import stated_counts
from .frameworks import hint_for, resolve_dimensions
from .itemizing import RawItem, SectionItems, itemize
from .knowledge import load
from .markers import Marker
from .model import Document, Item, ItemKind, NumberingIssue, Outline, Section, SectionKind
from .sectioning import Heading, Line, closing_start, find_headings, lines_of, report_starts

_KIND_OF_SECTION = {
    SectionKind.PROBLEMS: ItemKind.PROBLEM,
    SectionKind.CAUSES: ItemKind.CAUSE,
    SectionKind.REMEDIES: ItemKind.REMEDY,
}
_HEADLINE_END = re.compile(r"[。！？!?]")


@cache
def _inline_labels() -> re.Pattern[str]:
    data = load("sections")["inline"]
    alts = []
    for kind in ("problem", "cause", "remedy"):
        words = sorted(data[kind], key=len, reverse=True)
        alts.append(f"(?P<{kind}>{'|'.join(map(re.escape, words))})")
    # a label opens a paragraph (after an optional sub-marker or bracket) or a sentence
    return re.compile(
        r"(?:(?<=^)|(?<=\n)|(?<=[。；！？]))[\s\u3000]*(?:[（(]?\d{1,2}[）).．、]|[①-⑩])?[\s\u3000]*[【\[]?"
        rf"(?:{'|'.join(alts)})[】\]]?[\s\u3000]*[：:]"
    )


def headline(text: str) -> str:
    """Up to and including the first 。！？, or to the end of the first line."""
    line = text.split("\n", 1)[0]
    m = _HEADLINE_END.search(line)
    return (line[: m.end()] if m else line).strip(" \u3000")


def parse(doc: Document) -> Outline:
    lines = lines_of(doc)
    headings = find_headings(lines)
    reports: tuple[tuple[int, int], ...] = ()
    starts = report_starts(lines, headings)
    if starts:
        ends = [*(lines[s].para.start - 1 for s in starts[1:]), len(doc.text)]
        reports = tuple((lines[s].para.start if k else 0, e) for k, (s, e) in enumerate(zip(starts, ends, strict=True)))
        cut = starts[1]
        lines = lines[:cut]
        headings = [h for h in headings if h.line.index < cut]
    end_of_text = lines[-1].para.end if lines else 0
    sections = _sections(lines, headings, end_of_text)
    text = doc.text
    pending: list[tuple[ItemKind, RawItem, SectionItems, str | None]] = []
    groups_by_section: list[tuple[Section, SectionItems]] = []
    hint = hint_for(text)
    group_offset = 0
    for sec, sec_lines, _inline in sections:
        kind = _KIND_OF_SECTION.get(sec.kind)
        if kind is None:
            continue
        items = itemize(sec_lines, hint)
        groups_by_section.append((sec, items))
        for raw in items.items:
            if kind == ItemKind.PROBLEM and raw.group is not None:
                raw.group += group_offset
            pending.append((kind, raw, items, None))
        if kind == ItemKind.PROBLEM:
            group_offset += len(items.groups)
    problems, causes, remedies = _split_inline_and_number(pending, text)
    problem_groups = [si for sec, si in groups_by_section if sec.kind == SectionKind.PROBLEMS]
    framework, dimensions, problems = resolve_dimensions(text, problems, problem_groups)
    issues = _numbering_issues(groups_by_section)
    counts = stated_counts(text, [s for s, _, _ in sections])
    return Outline(
        sections=tuple(s for s, _, _ in sections),
        dimensions=dimensions,
        problems=tuple(problems),
        causes=tuple(causes),
        remedies=tuple(remedies),
        framework=framework,
        stated_counts=counts,
        numbering_issues=tuple(issues),
        reports=reports,
    )


def _sections(
    lines: list[Line], headings: list[Heading], end_of_text: int
) -> list[tuple[Section, list[Line], tuple[SectionKind, ...]]]:
    """Sections in order, each with its lines (heading excluded) and the kinds written inline."""
    if not lines:
        return []
    out: list[tuple[Section, list[Line], tuple[SectionKind, ...]]] = []
    if not headings:
        # no part is named: a bare list of problems after the title/preamble
        first = next((ln.index for ln in lines if ln.marker), None)
        if first is None:
            first = 1 if len(lines) > 1 else 0
        headings_at: list[tuple[int, SectionKind, str, tuple[SectionKind, ...]]] = [
            (first, SectionKind.PROBLEMS, "", ())
        ]
    else:
        headings_at = [(h.line.index, h.kind, h.line.para.text, h.inline) for h in headings]
    last_heading = headings_at[-1][0]
    close = closing_start(lines, last_heading)
    if headings_at[0][0] > 0:
        pre = lines[: headings_at[0][0]]
        out.append(
            (
                Section(SectionKind.PREAMBLE, "", pre[0].para.start, pre[-1].para.end, pre[0].para.start),
                pre,
                (),
            )
        )
    for k, (idx, kind, title, inline) in enumerate(headings_at):
        stop = headings_at[k + 1][0] if k + 1 < len(headings_at) else (close if close is not None else len(lines))
        body_from = idx + 1 if title else idx
        body = lines[body_from:stop]
        start = lines[idx].para.start
        end = lines[stop - 1].para.end if stop > idx else lines[idx].para.end
        heading_end = lines[idx].para.end if title else start
        out.append((Section(kind, title, start, end, heading_end), body, inline))
    if close is not None:
        tail = lines[close:]
        out.append((Section(SectionKind.CLOSING, "", tail[0].para.start, end_of_text, tail[0].para.start), tail, ()))
    return out


def _split_inline_and_number(
    pending: list[tuple[ItemKind, RawItem, SectionItems, str | None]], text: str
) -> tuple[list[Item], list[Item], list[Item]]:
    """Cut causes/remedies written inside items, then give every item its id in order of appearance."""
    labels = _inline_labels()
    raw: list[tuple[ItemKind, int, int, int, Marker | None, int | None, int | None]] = []
    # (kind, start, end, body_start, marker, group, parent index into raw)
    for kind, item, _, _ in pending:
        segment = text[item.start : item.end]
        cuts = [
            (m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \u3000")), m.end(), _label_kind(m))
            for m in labels.finditer(segment)
        ]
        cuts = [c for c in cuts if c[0] >= item.body_start - item.start]
        own_end = item.end
        parent_index = len(raw)
        body_start = item.body_start
        if cuts and cuts[0][2] == kind and cuts[0][0] <= item.body_start - item.start + 1:
            body_start = item.start + cuts[0][1]  # "问题表现：" opening the item itself
            cuts = cuts[1:]
        foreign = [c for c in cuts if c[2] != kind]
        if foreign:
            own_end = item.start + foreign[0][0]
        raw.append((kind, item.start, _rstrip(text, item.start, own_end), body_start, item.marker, item.group, None))
        for n, (a, b, k2) in enumerate(foreign):
            seg_end = item.start + (foreign[n + 1][0] if n + 1 < len(foreign) else len(segment))
            parent = parent_index if kind == ItemKind.PROBLEM else None
            raw.append(
                (
                    k2,
                    item.start + a,
                    _rstrip(text, item.start + a, seg_end),
                    item.start + b,
                    None,
                    None,
                    parent,
                )
            )
    counters = {k: 0 for k in ItemKind}
    ids: list[str] = []
    for kind, *_ in raw:
        counters[kind] += 1
        ids.append(f"{kind.prefix}{counters[kind]}")
    out: dict[ItemKind, list[Item]] = {k: [] for k in ItemKind}
    for (kind, start, end, body_start, marker, group, parent), item_id in zip(raw, ids, strict=True):
        body = text[body_start:end].lstrip(" \u3000")
        out[kind].append(
            Item(
                id=item_id,
                kind=kind,
                number=marker.number if marker else "",
                marker=marker.display if marker else "",
                headline=headline(body),
                text=text[start:end],
                start=start,
                end=end,
                dimension=f"G{group}" if group is not None and kind == ItemKind.PROBLEM else None,
                problem=ids[parent] if parent is not None else None,
            )
        )
    return out[ItemKind.PROBLEM], out[ItemKind.CAUSE], out[ItemKind.REMEDY]


def _label_kind(m: re.Match[str]) -> ItemKind:
    return ItemKind(next(k for k in ("problem", "cause", "remedy") if m.group(k)))


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \u3000\n":
        end -= 1
    return end


def _numbering_issues(groups_by_section: list[tuple[Section, SectionItems]]) -> list[NumberingIssue]:
    """Skipped, repeated and out-of-order numbers. A list may restart at 1 under each group or run
    on across groups (1–2 under （一）, 3–4 under （二）); both are fine."""
    issues: list[NumberingIssue] = []
    for _, si in groups_by_section:
        heads = [g.line for g in si.groups if g.line and g.line.marker]
        issues += _check_sequence([(ln.marker, ln.para.start, ln.para.end) for ln in heads if ln.marker], restart=False)
        last_value = 0
        by_group: dict[int | None, list[RawItem]] = {}
        for it in si.items:
            if it.marker and it.marker.family not in ("seq",):
                by_group.setdefault(it.group, []).append(it)
        for items in by_group.values():
            seq = [(it.marker, it.start, it.body_start) for it in items if it.marker]
            if not seq:
                continue
            first = seq[0][0].value
            continues = last_value and first == last_value + 1
            issues += _check_sequence(seq, restart=not continues, base=last_value if continues else 0)
            last_value = seq[-1][0].value
    return issues


def _check_sequence(seq: list[tuple[Marker, int, int]], restart: bool = True, base: int = 0) -> list[NumberingIssue]:
    from .markers import format_like

    issues = []
    prev = base
    for marker, start, end in seq:
        expected = prev + 1
        if marker.value != expected:
            kind = "repeated" if marker.value == prev else ("skipped" if marker.value > expected else "out-of-order")
            issues.append(NumberingIssue(kind, format_like(marker, expected), marker.display, start, end))
        prev = marker.value
    del restart
    return issues
