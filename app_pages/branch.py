"""支部总览: every member's report at once — table, charts (click to filter), 共性问题, 雷同 side by side."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

import app_state
from workbench import branch_charts
from workbench.branch import Branch, read_zip
from workbench.errors import InputRejected
from workbench.guard import safe_name
from workbench.ledger import branch_xlsx

MAX_FILES_APP = 2000


def _files(uploads) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    files: list[tuple[str, bytes]] = []
    bad: list[tuple[str, str]] = []
    for u in uploads:
        if u.name.lower().endswith(".zip"):
            try:
                files += list(read_zip(u.getvalue()))
            except InputRejected as e:
                bad.append((safe_name(u.name), str(e)))
        else:
            files.append((u.name, u.getvalue()))
    return files[:MAX_FILES_APP], bad


def build(files: list[tuple[str, bytes]], bad: list[tuple[str, str]]) -> None:
    bar = st.progress(0.0, text="正在分析……")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"已审阅 {done}/{total}：{safe_name(name)}")

    b = Branch.from_files(files, app_state.overrides(), progress)
    b.rejected += bad
    bar.empty()
    st.session_state["branch"] = b
    st.session_state["branch_files"] = dict(files)


def source() -> None:
    ups = st.file_uploader(
        "上传全支部的材料（.docx / .txt，可多选，或一个 .zip）",
        type=[*app_state.UPLOAD_TYPES, "zip"],
        accept_multiple_files=True,
        key="branch_upload",
    )
    c1, c2 = st.columns(2)
    if ups and c1.button("分析上传的材料", type="primary", key="branch_go"):
        build(*_files(ups))
    loaded = app_state.reports()
    if len(loaded) >= 2 and c2.button(f"分析左侧已载入的 {len(loaded)} 份材料", key="branch_loaded"):
        build([(r.name, r.data) for r in loaded.values()], [])


def selection(event) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    """(report names, categories or rules) picked by clicking a chart."""
    names: set[str] = set()
    keys: set[str] = set()
    for pt in getattr(getattr(event, "selection", None), "points", []) or []:
        data = pt.get("customdata")
        if isinstance(data, list) and data:
            names.add(str(data[0]))
            if len(data) > 1:
                keys.add(str(data[1]))
        elif isinstance(data, str):
            keys.add(data)
    return names, keys


def side_by_side(b: Branch) -> None:
    if not b.pairs:
        st.success("没有发现雷同的材料（框架表述、会议通知原文和常见提法不计入）。")
        return
    names = [r.document.name for r in b.reviews]
    labels = [f"{names[p.a]} ↔ {names[p.b]}（{round(p.score * 100)}%）" for p in b.pairs]
    k = st.selectbox("查看雷同的两份材料", range(len(labels)), format_func=labels.__getitem__, key="pair")
    p = b.pairs[k]
    ta, tb = b.reviews[p.a].text, b.reviews[p.b].text
    for n, x in enumerate(p.passages, 1):
        st.caption(f"第 {n} 处：这段文字在全部 {len(b.reviews)} 份材料中出现在 {x.commonness} 份里")
        c1, c2 = st.columns(2)
        for col, text, start, end, name in (
            (c1, ta, x.a_start, x.a_end, names[p.a]),
            (c2, tb, x.b_start, x.b_end, names[p.b]),
        ):
            before = html.escape(text[max(0, start - 40) : start])
            same = html.escape(text[start:end])
            after = html.escape(text[end : end + 40])
            col.html(
                f'<div style="font-size:15px;line-height:1.8;border:1px solid #e0e0e0;border-radius:6px;padding:8px">'
                f'<div style="color:#757575;font-size:12px">{html.escape(name)}</div>'
                f'…{before}<mark style="background:#ffcdd2">{same}</mark>{after}…</div>'
            )


def main() -> None:
    st.title("支部总览")
    source()
    b: Branch | None = st.session_state.get("branch")
    if b is None:
        st.info("上传全支部成员的材料（可以是一个 .zip），即可看到问题类别分布、共性问题与雷同情况。")
        return
    s = b.summary()
    figures = [
        ("材料", s["reports"]),
        ("未能读取", s["rejected"]),
        ("问题", s["problems"]),
        ("雷同", f"{s['near_duplicate_pairs']} 对"),
        ("涉及思想作风的问题", f"{round(s['thought_share'] * 100)}%"),
    ]
    for col, (label, value) in zip(st.columns(5), figures, strict=True):
        col.metric(label, value)
    if b.rejected:
        with st.expander(f"未能读取的文件（{len(b.rejected)}）"):
            st.dataframe(pd.DataFrame(b.rejected, columns=["文件", "原因"]), hide_index=True, width="stretch")
    tabs = st.tabs(["问题类别", "维度覆盖", "检查规则", "具体程度", "共性问题", "雷同"])
    picked_names: set[str] = set()
    picked_keys: set[str] = set()
    with tabs[0]:
        for fig, key in ((branch_charts.category_bars(b), "ch_bars"), (branch_charts.category_heatmap(b), "ch_heat")):
            ev = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode=("points",), theme=None)
            n, k = selection(ev)
            picked_names |= n
            picked_keys |= k
    with tabs[1]:
        ev = st.plotly_chart(branch_charts.coverage_heatmap(b), key="ch_cov", on_select="rerun", theme=None)
        picked_names |= selection(ev)[0]
    with tabs[2]:
        ev = st.plotly_chart(branch_charts.rules_bars(b), key="ch_rules", on_select="rerun", theme=None)
        rules = selection(ev)[1]
        if rules:
            f = b.findings_frame()
            picked_names |= set(f[f["rule"].isin(rules)]["report"])
    with tabs[3]:
        st.plotly_chart(branch_charts.specificity_histogram(b), key="ch_spec", theme=None)
    with tabs[4]:
        st.caption("几份材料写法几乎相同的问题（共性问题）；人数越多，越要看是否“以共性问题代替个性问题”。")
        st.dataframe(b.shared_frame(), hide_index=True, width="stretch", key="shared")
    with tabs[5]:
        if b.pairs:
            st.plotly_chart(branch_charts.similarity_heatmap(b), key="ch_sim", theme=None)
            st.dataframe(b.pairs_frame(), hide_index=True, width="stretch", key="pairs")
        side_by_side(b)
    progress = [p for p in app_state.store().progress() if p.total]
    if progress:
        st.subheader("整改进度（来自导入的整改台账）")
        st.dataframe(
            pd.DataFrame(
                [{"材料": p.report.name, "成员": p.report.member, "未整改": p.not_started, "持续整改": p.ongoing,
                  "已整改": p.done, "完成率": f"{round(100 * p.done / p.total)}%"} for p in progress]
            ),
            hide_index=True,
            width="stretch",
            key="progress",
        )  # fmt: skip
    st.subheader("材料一览")
    table = b.reports_frame()
    if picked_names:
        table = table[table["材料"].isin(picked_names)]
        st.caption(
            "已按图表中的选择筛选："
            + "、".join(sorted(picked_names))[:200]
            + ("（" + "、".join(sorted(picked_keys)) + "）" if picked_keys else "")
        )
    st.dataframe(table, hide_index=True, width="stretch", key="branch_table")
    names = list(table["材料"])
    if names:
        pick = st.selectbox("打开一份材料逐条审阅", names, key="branch_open")
        if st.button("在“审阅”页打开", key="branch_open_go"):
            data = st.session_state.get("branch_files", {}).get(pick.split("（")[0])
            if data is not None and app_state.load(pick, data):
                st.switch_page("app_pages/review.py")
    st.download_button(
        "下载支部汇总表 .xlsx",
        data=lambda: branch_xlsx(b),
        file_name="支部汇总.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="dl-branch",
    )


main()
