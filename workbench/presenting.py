"""One problem at a time, for a review group around one screen: HTML in large type.

Everything the author wrote goes through ``html.escape``; the markup is ours alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from .model import Item
from .reviewing import Review
from .triage import Decision, Status, decision_for

_STYLE = """
<style>
.wb-present{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.7;color:#212121}
.wb-present .dim{font-size:20px;color:#6a1b9a;margin-bottom:6px}
.wb-present .head{font-size:34px;font-weight:700;margin:4px 0 10px 0}
.wb-present .body{font-size:22px;margin-bottom:18px}
.wb-present h3{font-size:24px;margin:14px 0 6px 0;border-left:6px solid #b71c1c;padding-left:10px}
.wb-present .item{font-size:22px;margin:4px 0}
.wb-present .none{font-size:22px;color:#c62828;font-weight:700}
.wb-present .f{font-size:21px;margin:4px 0}
.wb-present .sev{display:inline-block;color:#fff;border-radius:6px;padding:0 8px;margin-right:8px;font-size:17px}
.wb-present .cmt{font-size:21px;color:#0d47a1;margin:2px 0 2px 24px}
</style>
"""
_SEV_COLOR = {3: "#c62828", 2: "#ef6c00", 1: "#0277bd"}


def _items(title: str, items: list[Item], none: str) -> str:
    e = html.escape
    rows = "".join(f'<div class="item"><b>{e(i.id)}</b> {e(i.headline)}</div>' for i in items)
    return f"<h3>{e(title)}</h3>" + (rows or f'<div class="none">{e(none)}</div>')


def problem_html(review: Review, index: int, decisions: Mapping[str, Decision]) -> str:
    """The ``index``-th problem with its dimension, causes, remedies, findings and comments."""
    e = html.escape
    o = review.outline
    p = o.problems[index]
    dim = next((d for d in o.dimensions if d.id == p.dimension), None)
    linked = {x.target for x in review.links if x.source == p.id}
    causes = [c for c in o.causes if c.id in linked]
    remedies = [r for r in o.remedies if r.id in linked]
    body = p.text[len(p.marker) :].strip()
    if body.startswith(p.headline):
        body = body[len(p.headline) :].strip()
    parts = [_STYLE, '<div class="wb-present">']
    if dim:
        parts.append(f'<div class="dim">{e(dim.id)} {e(dim.title)}</div>')
    parts.append(f'<div class="head">{e(p.id)} {e(p.headline)}</div>')
    if body:
        parts.append(f'<div class="body">{e(body)}</div>')
    parts.append(_items("原因", causes, "没有对应的原因"))
    parts.append(_items("整改措施", remedies, "没有对应的整改措施"))
    own = [f for f in review.findings if f.target == p.id or (p.start <= f.start < p.end and f.target is None)]
    own = [f for f in own if decision_for(f, decisions).status != Status.DISMISSED]
    parts.append(f"<h3>检查意见（{len(own)}）</h3>")
    for f in own:
        d = decision_for(f, decisions)
        color = _SEV_COLOR[int(f.severity)]
        parts.append(
            f'<div class="f"><span class="sev" style="background:{color}">{e(f.severity.label)}</span>'
            f"{e(f.message)}</div>"
        )
        if d.comment:
            parts.append(f'<div class="cmt">💬 {e(d.reviewer)}：{e(d.comment)}</div>')
    if not own:
        parts.append('<div class="item">暂无</div>')
    parts.append("</div>")
    return "".join(parts)
