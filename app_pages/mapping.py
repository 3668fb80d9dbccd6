"""对应关系: problem → cause → remedy as a Sankey, and a matrix the reviewers can correct."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import app_state
from workbench.charts import corrections, coverage_frame, label, problem_pairs, sankey, set_targets

GAP_RULES = ("WB201", "WB202", "WB203", "WB204")


def main() -> None:
    r = app_state.require_report()
    if r is None:
        return
    app_state.header(r)
    rv = r.review
    o = rv.outline
    if not o.problems:
        st.info("这份材料中没有识别出查摆问题，无法建立对应关系。")
        return
    st.plotly_chart(sankey(rv), key=f"sankey-{r.key}", theme=None)
    st.subheader("对应关系矩阵")
    st.caption(
        "勾选表示“该原因解释这个问题”或“该措施针对这个问题”。程序按用词和类别给出初步判断，"
        "评审人可直接勾选或取消，缺项提示会立即重新计算。"
    )
    legend = pd.DataFrame([{"编号": i.id, "内容": label(i, 40)} for i in o.causes + o.remedies])
    with st.expander("原因与措施编号对照"):
        st.dataframe(legend, hide_index=True, width="stretch")
    auto = coverage_frame(r.base)
    shown = coverage_frame(rv)
    config = {"问题": st.column_config.TextColumn("问题", disabled=True, width="large")}
    for it in o.causes + o.remedies:
        config[it.id] = st.column_config.CheckboxColumn(it.id, help=label(it, 40), width="small")
    edited = st.data_editor(shown, column_config=config, hide_index=True, key=f"matrix-{r.key}", width="stretch")
    added, removed = corrections(auto, edited.set_index(shown.index))
    if (added, removed) != (r.added, r.removed):
        r.correct(added, removed)
        st.rerun()
    with st.container(border=True):
        st.caption("也可以逐条改正：选择一个问题，勾选它对应的原因和措施。")
        names = {p.id: label(p, 30) for p in o.problems}
        pid = st.selectbox("问题", list(names), format_func=names.get, key="relink-problem")
        linked = {t for s, t in problem_pairs(rv) if s == pid}
        c1, c2 = st.columns(2)
        causes = c1.multiselect(
            "对应的原因",
            [c.id for c in o.causes],
            default=[c.id for c in o.causes if c.id in linked],
            format_func=lambda i: label(o.item(i), 24),
            key=f"relink-causes-{pid}",
            placeholder="（无）",
        )
        remedies = c2.multiselect(
            "对应的措施",
            [m.id for m in o.remedies],
            default=[m.id for m in o.remedies if m.id in linked],
            format_func=lambda i: label(o.item(i), 24),
            key=f"relink-remedies-{pid}",
            placeholder="（无）",
        )
        if st.button("保存这个问题的对应关系", key="relink-save"):
            added, removed = set_targets(problem_pairs(r.base), r.added, r.removed, pid, set(causes) | set(remedies))
            r.correct(added, removed)
            st.session_state.pop(f"matrix-{r.key}", None)
            st.rerun()
    if r.added or r.removed:
        st.caption(f"评审人已改正：新增 {len(r.added)} 条、取消 {len(r.removed)} 条对应关系（与程序的判断相比）。")
        if st.button("恢复程序的判断", key="reset-links"):
            r.correct(set(), set())
            st.session_state.pop(f"matrix-{r.key}", None)
            st.rerun()
    gaps = [f for f in rv.findings if f.rule in GAP_RULES]
    st.subheader(f"缺项提示（{len(gaps)}）")
    if gaps:
        st.dataframe(
            pd.DataFrame([{"级别": f.severity.label, "规则": f.rule, "说明": f.message} for f in gaps]),
            hide_index=True,
            width="stretch",
            key="gaps",
        )
    else:
        st.success("每个问题都有对应的原因和措施。")


main()
