"""Review → HTML of the document as written: sections tinted, items badged, findings highlighted.

Every piece of user text goes through ``html.escape``; the markup is ours alone. The result is meant
for ``st.html`` (no Markdown processing, so "![](http://…)" in a draft stays inert text).
"""

from __future__ import annotations

import html
import itertools
from bisect import bisect_right
from collections.abc import Collection

from .model import SectionKind, Severity
from .reviewing import Review

_TINT = {
    SectionKind.PREAMBLE: "#fafafa",
    SectionKind.PREVIOUS: "#f3e5f5",
    SectionKind.PROBLEMS: "#fff3e0",
    SectionKind.CAUSES: "#e3f2fd",
    SectionKind.REMEDIES: "#e8f5e9",
    SectionKind.CLOSING: "#fafafa",
    SectionKind.OTHER: "#ffffff",
}
_MARK = {Severity.ERROR: "#ef9a9a", Severity.WARNING: "#ffe082", Severity.INFO: "#b3e5fc"}
_BADGE = {"P": "#e65100", "C": "#1565c0", "R": "#2e7d32", "D": "#6a1b9a"}

STYLE = """
<style>
.wb-doc{font-family:"Noto Serif CJK SC","Noto Sans CJK SC","SimSun",serif;font-size:16px;line-height:1.9;
  max-height:75vh;overflow-y:auto;padding:4px 10px;border:1px solid #e0e0e0;border-radius:6px;background:#fff}
.wb-doc p{margin:0 0 2px 0;padding:2px 8px;border-radius:3px;white-space:pre-wrap}
.wb-doc .wb-h{font-weight:700}
.wb-doc mark{padding:0 1px;border-radius:2px}
.wb-doc .wb-badge{display:inline-block;color:#fff;font:600 11px/16px sans-serif;padding:0 5px;
  margin-right:4px;border-radius:8px;vertical-align:2px}
.wb-doc .wb-kind{float:right;color:#757575;font:12px sans-serif}
.wb-doc mark.wb-sel{outline:2px solid #b71c1c}
</style>
"""


def document_html(
    review: Review, selected: int | None = None, hidden: Collection[int] = (), standalone: bool = False
) -> str:
    """The whole document as HTML. ``selected`` is the index of a finding to outline (and, in a
    ``standalone`` page, to scroll into view); findings whose index is in ``hidden`` (dismissed)
    are not highlighted."""
    text = review.text
    outline = review.outline
    sections = sorted(outline.sections, key=lambda s: s.start)
    section_starts = [s.start for s in sections]
    badges: dict[int, list[str]] = {}
    for d in outline.dimensions:
        if d.end > d.start:
            badges.setdefault(d.start, []).append(d.id)
    for item in outline.items:
        badges.setdefault(item.start, []).append(item.id)
    spans = [
        (f.start, f.end, f.severity, k) for k, f in enumerate(review.findings) if f.end > f.start and k not in hidden
    ]
    heading_ends = {s.start: s.heading_end for s in sections if s.title}
    out = [STYLE, '<div class="wb-doc">']
    for p in review.document.paragraphs:
        k = bisect_right(section_starts, p.start) - 1
        sec = sections[k] if k >= 0 else None
        tint = _TINT[sec.kind] if sec else "#fff"
        heading = sec is not None and sec.title and p.start == sec.start and heading_ends.get(p.start, 0) >= p.end
        label = f'<span class="wb-kind">{html.escape(sec.kind.label)}</span>' if heading and sec else ""
        body = _paragraph_html(text, p.start, p.end, badges, spans, selected)
        cls = ' class="wb-h"' if heading else ""
        out.append(f'<p{cls} style="background:{tint}" id="wb-p{p.start}">{label}{body}</p>')
    out.append("</div>")
    if not standalone:
        return "".join(out)
    # scroll the frame itself (not the page around it) to the chosen finding
    scroll = (
        "<script>var e=document.getElementById('wb-sel');"
        "if(e){window.scrollTo(0,Math.max(0,e.getBoundingClientRect().top+window.scrollY-200));}</script>"
    )
    page = "".join(out).replace("max-height:75vh;overflow-y:auto;", "")
    return f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>{page}{scroll}</body></html>'


def _paragraph_html(
    text: str,
    start: int,
    end: int,
    badges: dict[int, list[str]],
    spans: list[tuple[int, int, Severity, int]],
    selected: int | None,
) -> str:
    inside = [s for s in spans if s[0] < end and s[1] > start]
    cuts = sorted(
        {
            start,
            end,
            *(max(start, s[0]) for s in inside),
            *(min(end, s[1]) for s in inside),
            *(b for b in badges if start <= b < end),
        }
    )
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for item_id in badges.get(a, []):
            color = _BADGE.get(item_id[0], "#616161")
            parts.append(f'<span class="wb-badge" style="background:{color}">{html.escape(item_id)}</span>')
        seg = html.escape(text[a:b])
        cover = [s for s in inside if s[0] <= a and s[1] >= b]
        if cover:
            worst = max(s[2] for s in cover)
            is_sel = selected is not None and any(s[3] == selected for s in cover)
            attrs = ' class="wb-sel" id="wb-sel"' if is_sel else ""
            seg = f'<mark{attrs} style="background:{_MARK[worst]}">{seg}</mark>'
        parts.append(seg)
    return "".join(parts)
