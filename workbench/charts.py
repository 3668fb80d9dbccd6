"""Figures and tables for the mapping view: a Sankey of problem → cause → remedy and a coverage matrix.

Plain functions of a Review returning plotly figures and pandas frames; the app only shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Item

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from .reviewing import Review

_COLOR = {"P": "#e65100", "C": "#1565c0", "R": "#2e7d32", "gap": "#c62828"}
_NO_CAUSE, _NO_REMEDY = "（无对应原因）", "（无对应措施）"


def label(item: Item, width: int = 14) -> str:
    head = item.headline.rstrip("。；;")
    return f"{item.id} {head[:width]}{'…' if len(head) > width else ''}"


def sankey(review: Review) -> go.Figure:
    """Problems (left) → causes (middle) → remedies (right). A problem with no cause or no remedy
    flows into a red "无对应" node, so the gaps are visible at a glance."""
    import plotly.graph_objects as go

    o = review.outline
    nodes: list[tuple[str, str, str]] = []  # (key, label, color)
    index: dict[str, int] = {}

    def node(key: str, text: str, color: str) -> int:
        if key not in index:
            index[key] = len(nodes)
            nodes.append((key, text, color))
        return index[key]

    for it in o.problems + o.causes + o.remedies:
        node(it.id, label(it), _COLOR[it.id[0]])
    src: list[int] = []
    dst: list[int] = []
    colors: list[str] = []
    tips: list[str] = []
    pairs = {(x.source, x.target): x for x in review.links}
    for (s, t), x in pairs.items():
        if s[0] == "P" or (s[0] == "C" and t[0] == "R"):
            src.append(index[s])
            dst.append(index[t])
            colors.append(
                "rgba(120,144,156,0.35)" if x.basis in ("similarity", "via_remedy") else "rgba(46,125,50,0.45)"
            )
            tips.append("、".join(x.evidence[:4]) or x.basis)
    for p in o.problems:
        for kind, gap in (("C", _NO_CAUSE), ("R", _NO_REMEDY)):
            pool = o.causes if kind == "C" else o.remedies
            if pool and not any(s == p.id and t[0] == kind for s, t in pairs):
                src.append(index[p.id])
                dst.append(node(gap, gap, _COLOR["gap"]))
                colors.append("rgba(198,40,40,0.55)")
                tips.append(gap)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [n[1] for n in nodes],
                "color": [n[2] for n in nodes],
                "pad": 12,
                "thickness": 14,
                "line": {"width": 0},
            },
            link={
                "source": src,
                "target": dst,
                "value": [1] * len(src),
                "color": colors,
                "customdata": tips,
                "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}<extra></extra>",
            },
            textfont={"size": 13, "color": "#212121"},
        )
    )
    height = max(360, 34 * max(len(o.problems), len(o.causes), len(o.remedies), 1))
    fig.update_layout(title_text="问题 → 原因 → 措施", height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def coverage_frame(review: Review) -> pd.DataFrame:
    """Problems × causes and remedies: True where a link says the cause explains / the remedy answers."""
    import pandas as pd

    o = review.outline
    pairs = {(x.source, x.target) for x in review.links}
    rows = []
    for p in o.problems:
        row: dict[str, object] = {"问题": label(p, 18)}
        for it in o.causes + o.remedies:
            row[it.id] = (p.id, it.id) in pairs
        rows.append(row)
    return pd.DataFrame(
        rows, index=[p.id for p in o.problems], columns=["问题", *(i.id for i in o.causes + o.remedies)]
    )


def corrections(auto: pd.DataFrame, edited: pd.DataFrame) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(added, removed) problem→cause/remedy pairs between the program's matrix and the reviewer's."""
    added: set[tuple[str, str]] = set()
    removed: set[tuple[str, str]] = set()
    for pid in auto.index:
        for col in auto.columns:
            if col == "问题" or pid not in edited.index or col not in edited.columns:
                continue
            was, now = bool(auto.at[pid, col]), bool(edited.at[pid, col])
            if now and not was:
                added.add((pid, col))
            elif was and not now:
                removed.add((pid, col))
    return added, removed


def problem_pairs(review: Review) -> set[tuple[str, str]]:
    """The problem → cause/remedy pairs of a review."""
    return {(x.source, x.target) for x in review.links if x.source.startswith("P")}


def set_targets(
    base: set[tuple[str, str]],
    added: set[tuple[str, str]],
    removed: set[tuple[str, str]],
    problem: str,
    targets: set[str],
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Corrections (added, removed) against ``base`` after a reviewer says that ``problem``'s causes
    and remedies are exactly ``targets``."""
    wanted = (base - removed) | added
    wanted = {p for p in wanted if p[0] != problem} | {(problem, t) for t in targets}
    return wanted - base, base - wanted
