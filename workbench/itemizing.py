"""The lines of one section → groups (dimension headings) and numbered items.

The first marker family met in a section is its outer level; a deeper family met inside an item is
a sub-point and stays in that item. The outer level is a level of *groups* only when its lines are
short headings that read like dimensions (对照…方面, 政治纪律, …) with numbered items beneath them.
With no numbered lines at all, items written inline (一是……二是……) are split out, and failing
that each substantial paragraph is an item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .markers import INLINE_ORDINAL, INLINE_SEQ, INLINE_SHI, Marker, cn_to_int
from .sectioning import Line

_DIMENSION_LIKE = re.compile(
    r"(方面|纪律|情况|作用|要求|标准|誓词|模范|先辈|典型|带头)[\s\u3000]*[：:。.]?[\s\u3000]*$|^[\s\u3000]*对照"
)
_ASPECT_END = re.compile(r"方面[\s\u3000]*[：:。.]?[\s\u3000]*$")
_LONG_HEADING = 64
_INTRO = re.compile(r"[：:][\s\u3000]*$|如下|以下")


@dataclass
class Group:
    title: str
    start: int  # char offsets of the heading line
    end: int
    line: Line | None = None


@dataclass
class RawItem:
    start: int  # char offset of the item (its marker included)
    end: int
    marker: Marker | None
    group: int | None  # index into the section's groups
    body_start: int  # char offset after the marker
    lines: list[Line] = field(default_factory=list)


@dataclass
class SectionItems:
    groups: list[Group]
    items: list[RawItem]
    intro: list[Line]


def _families(lines: list[Line]) -> list[str]:
    seen: list[str] = []
    for ln in lines:
        if ln.marker and ln.marker.family not in seen:
            seen.append(ln.marker.family)
    return seen


def _is_group_heading(ln: Line, dimension_hint: Callable[[str], bool]) -> bool:
    """A dimension heading: short and worded like one. Those closed by 方面 may run long, as the
    民主生活会 ones do ("在深刻领悟“两个确立”的决定性意义，增强“四个意识”…做到“两个维护”方面")."""
    body = ln.body.strip()
    limit = _LONG_HEADING if _ASPECT_END.search(body) else 40
    return ln.heading_like(limit=limit) and (bool(_DIMENSION_LIKE.search(body)) or dimension_hint(body))


def itemize(lines: list[Line], dimension_hint: Callable[[str], bool]) -> SectionItems:
    """Split a section's lines (heading excluded) into groups and items."""
    fams = _families(lines)
    group_fam: str | None = None
    if len(fams) >= 2:
        outer = [ln for ln in lines if ln.marker and ln.marker.family == fams[0]]
        if all(_is_group_heading(ln, dimension_hint) for ln in outer):
            group_fam = fams[0]
    # unnumbered dimension headings (bold or styled lines such as "对照入党誓词方面") before numbered items
    plain_groups = {
        ln.index
        for ln in lines
        if not ln.marker
        and (ln.whole_bold() or ln.para.heading_level or dimension_hint(ln.body))
        and _is_group_heading(ln, dimension_hint)
        and any(x.marker for x in lines if x.index > ln.index)
    }
    item_fams = [f for f in fams if f != group_fam]
    item_fam = item_fams[0] if item_fams else None
    groups: list[Group] = []
    items: list[RawItem] = []
    intro: list[Line] = []
    current: RawItem | None = None
    for ln in lines:
        p = ln.para
        is_group = (group_fam and ln.marker and ln.marker.family == group_fam) or ln.index in plain_groups
        if is_group:
            current = None
            title = ln.body.strip().rstrip("：:。.")
            groups.append(Group(title, p.start, p.end, ln))
            continue
        if item_fam and ln.marker and ln.marker.family == item_fam:
            current = RawItem(
                p.start, p.end, ln.marker, len(groups) - 1 if groups else None, p.start + ln.marker.length
            )
            current.lines.append(ln)
            items.append(current)
        elif current is not None:
            current.end = p.end
            current.lines.append(ln)
        elif item_fam is not None:
            intro.append(ln)
        else:
            intro.append(ln)
    if item_fam is None:
        items, intro = _unnumbered_items(intro, groups, lines)
    elif item_fam in _INLINE_FAMILIES:
        items = [part for it in items for part in _split_inline_family(it, _INLINE_FAMILIES[item_fam])]
    return SectionItems(groups, items, intro)


def _split_inline_family(item: RawItem, rx: re.Pattern[str]) -> list[RawItem]:
    """ "一是……。二是……。" in one paragraph: when 一是 is the item level, 二是 starts the next item."""
    cuts: list[tuple[int, Marker]] = []
    for ln in item.lines:
        for m in rx.finditer(ln.para.text):
            at = ln.para.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \u3000")))
            if at <= item.start:
                continue
            raw = m.group(1)
            value = cn_to_int(raw) or {"首先": 1, "其次": 2, "再次": 3, "最后": 9}.get(raw, 0)
            text = m.group(0).strip(" \u3000")
            cuts.append((at, Marker(item.marker.family if item.marker else "shi", value, raw, text, len(text))))
    if not cuts:
        return [item]
    parts: list[RawItem] = []
    bounds = [(item.start, item.marker, item.body_start)] + [(at, mk, at + mk.length) for at, mk in cuts]
    for k, (start, marker, body_start) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else item.end
        lines = [ln for ln in item.lines if ln.para.end > start and ln.para.start < end]
        parts.append(RawItem(start, end, marker, item.group, body_start, lines))
    return parts


def _group_of(ln: Line, groups: list[Group]) -> int | None:
    idx = None
    for k, g in enumerate(groups):
        if g.start <= ln.para.start:
            idx = k
    return idx


def _unnumbered_items(body: list[Line], groups: list[Group], all_lines: list[Line]) -> tuple[list[RawItem], list[Line]]:
    """Items when no line carries a marker: inline 一是/二是 (or 第一，/首先) splits, else paragraphs."""
    for rx in (INLINE_SHI, INLINE_ORDINAL, INLINE_SEQ):
        hits = [(ln, m) for ln in body for m in rx.finditer(ln.para.text)]
        if len(hits) >= 2:
            return _split_inline(body, hits, groups), [ln for ln in body if not any(h[0] is ln for h in hits)]
    intro: list[Line] = []
    items: list[RawItem] = []
    rows_done: set[int] = set()
    for ln in body:
        text = ln.para.text
        if ln.para.row >= 0:
            if ln.para.row not in rows_done:
                rows_done.add(ln.para.row)
                row = [x for x in body if x.para.row == ln.para.row]
                item = _table_row_item(row, groups)
                if item:
                    items.append(item)
                else:
                    intro.extend(row)
            continue
        if not items and (_INTRO.search(text) and len(text) < 120):
            intro.append(ln)
            continue
        if len(text) < 12:
            if items:
                items[-1].end = ln.para.end
                items[-1].lines.append(ln)
            continue
        items.append(RawItem(ln.para.start, ln.para.end, None, _group_of(ln, groups), ln.para.start, [ln]))
    return items, intro


_INLINE_FAMILIES = {"shi": INLINE_SHI, "ordinal": INLINE_ORDINAL, "seq": INLINE_SEQ}
_BARE_NUMBER = re.compile(r"^[\s\u3000]*[（(]?(\d{1,2}|[一二三四五六七八九十]{1,3})[）)]?[.．、]?[\s\u3000]*$")


def _table_row_item(row: list[Line], groups: list[Group]) -> RawItem | None:
    """A table row as one item (序号 | 问题/措施 | 时限 …); None for a header row."""
    if all(len(x.para.text) <= 8 for x in row):
        return None  # 序号 | 整改措施 | 完成时限
    number = next((m for x in row if (m := _BARE_NUMBER.match(x.para.text))), None)
    first = next(x for x in row if not _BARE_NUMBER.match(x.para.text) and len(x.para.text) > 1)
    marker = None
    if number:
        raw = number.group(1)
        marker = Marker("table", cn_to_int(raw) or 0, raw, number.group(0).strip(), 0)
    lines = [x for x in row if x.index >= first.index]
    return RawItem(first.para.start, lines[-1].para.end, marker, _group_of(first, groups), first.para.start, lines)


def _split_inline(body: list[Line], hits: list[tuple[Line, re.Match[str]]], groups: list[Group]) -> list[RawItem]:
    items: list[RawItem] = []
    for k, (ln, m) in enumerate(hits):
        start = ln.para.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \u3000")))
        nxt = hits[k + 1] if k + 1 < len(hits) else None
        end = ln.para.start + nxt[1].start() if nxt and nxt[0] is ln else ln.para.end
        raw = m.group(1)
        value = cn_to_int(raw) or {"首先": 1, "其次": 2, "再次": 3, "最后": 9}.get(raw, 0)
        marker_text = m.group(0).strip(" \u3000")
        family = "shi" if "是" in marker_text[-2:] else ("ordinal" if marker_text.startswith("第") else "seq")
        marker = Marker(family, value, raw, marker_text, len(marker_text))
        body_start = start + len(marker_text)
        items.append(RawItem(start, end, marker, _group_of(ln, groups), body_start, [ln]))
    # unmarked lines after an inline item belong to it
    for ln in body:
        if any(ln is x for it in items for x in it.lines):
            continue
        owners = [it for it in items if it.start < ln.para.start]
        if owners:
            owners[-1].end = max(owners[-1].end, ln.para.end)
            owners[-1].lines.append(ln)
    return items
