"""The branch figures (plotly) that the app shows and a notebook can show: plain functions of a Branch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .branch import Branch

_LAYOUT = {"margin": {"l": 60, "r": 10, "t": 50, "b": 110}, "font": {"size": 13}}


def _short(name: str, n: int = 14) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def category_bars(branch: Branch) -> go.Figure:
    """Problems per report, stacked by category (click a bar to pick a report and category)."""
    import plotly.graph_objects as go

    frame = branch.categories_frame()
    fig = go.Figure()
    for cat in frame.columns:
        fig.add_bar(
            name=cat,
            x=[_short(n) for n in frame.index],
            y=frame[cat].tolist(),
            customdata=[[n, cat] for n in frame.index],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}：%{y} 条<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        title_text="各材料的问题类别",
        height=480,
        legend_title_text="类别",
        xaxis_tickangle=-40,
        **_LAYOUT,
    )
    return fig


def category_heatmap(branch: Branch) -> go.Figure:
    import plotly.graph_objects as go

    frame = branch.categories_frame()
    fig = go.Figure(
        go.Heatmap(
            z=frame.values.tolist(),
            x=list(frame.columns),
            y=[_short(n) for n in frame.index],
            customdata=[[[n, c] for c in frame.columns] for n in frame.index],
            colorscale="Oranges",
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}：%{z} 条<extra></extra>",
            colorbar={"title": "问题数"},
        )
    )
    fig.update_layout(title_text="材料 × 问题类别", height=max(320, 22 * len(frame) + 120), **_LAYOUT)
    return fig


def coverage_heatmap(branch: Branch) -> go.Figure:
    """Problems per framework dimension for each report (0 = an uncovered dimension)."""
    import plotly.graph_objects as go

    titles: list[str] = []
    for r in branch.reviews:
        for d in r.outline.dimensions:
            t = d.label or d.title
            if t not in titles:
                titles.append(t)
    z = [
        [next((len(d.problems) for d in r.outline.dimensions if (d.label or d.title) == t), None) for t in titles]
        for r in branch.reviews
    ]
    names = [r.document.name for r in branch.reviews]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_short(t, 12) for t in titles],
            y=[_short(n) for n in names],
            customdata=[[[n, t] for t in titles] for n in names],
            colorscale=[[0, "#c62828"], [0.01, "#fff3e0"], [1, "#2e7d32"]],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}：%{z} 个问题<extra></extra>",
            colorbar={"title": "问题数"},
        )
    )
    fig.update_layout(title_text="对照维度覆盖（红色为未覆盖）", height=max(320, 22 * len(names) + 120), **_LAYOUT)
    return fig


def rules_bars(branch: Branch) -> go.Figure:
    import plotly.graph_objects as go

    from .checks import rule_by_key

    frame = branch.findings_frame()
    counts = frame.groupby("rule")["report"].nunique().sort_values(ascending=False) if len(frame) else frame
    labels = [f"{k} {rule_by_key(k).title if rule_by_key(k) else ''}" for k in counts.index]
    fig = go.Figure(
        go.Bar(
            x=counts.tolist(),
            y=labels,
            orientation="h",
            customdata=list(counts.index),
            marker_color="#b71c1c",
            hovertemplate="%{y}<br>%{x} 份材料<extra></extra>",
        )
    )
    fig.update_layout(
        title_text="各规则涉及的材料数",
        height=max(320, 26 * len(labels) + 100),
        yaxis={"autorange": "reversed"},
        **_LAYOUT,
    )
    return fig


def specificity_histogram(branch: Branch) -> go.Figure:
    import plotly.graph_objects as go

    values = [p.specificity for r in branch.reviews for p in r.problems if p.specificity is not None]
    fig = go.Figure(go.Histogram(x=values, xbins={"start": 0, "end": 101, "size": 10}, marker_color="#1565c0"))
    fig.update_layout(
        title_text="问题的具体程度分布（见人见事见思想，0–100）",
        xaxis_title="具体程度",
        yaxis_title="问题数",
        height=360,
        **_LAYOUT,
    )
    return fig


def similarity_heatmap(branch: Branch) -> go.Figure:
    """雷同 scores between the reports that have a near-duplicate pair."""
    import plotly.graph_objects as go

    involved = sorted({i for p in branch.pairs for i in (p.a, p.b)})
    names = [branch.reviews[i].document.name for i in involved]
    pos = {i: k for k, i in enumerate(involved)}
    z = [[None] * len(involved) for _ in involved]
    for p in branch.pairs:
        z[pos[p.a]][pos[p.b]] = z[pos[p.b]][pos[p.a]] = round(p.score * 100)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_short(n) for n in names],
            y=[_short(n) for n in names],
            customdata=[[[a, b] for b in names] for a in names],
            colorscale="Reds",
            zmin=0,
            zmax=100,
            hovertemplate="%{customdata[0]} ↔ %{customdata[1]}<br>雷同程度 %{z}%<extra></extra>",
            colorbar={"title": "%"},
        )
    )
    fig.update_layout(title_text="雷同程度（只列出有雷同的材料）", height=max(320, 26 * len(names) + 140), **_LAYOUT)
    return fig
