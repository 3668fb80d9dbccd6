"""讨论: one problem at a time in large type, for a review group around a projector."""

from __future__ import annotations

import streamlit as st

import app_state
from workbench.presenting import problem_html


def main() -> None:
    r = app_state.require_report()
    if r is None:
        return
    rv = r.review
    n = len(rv.outline.problems)
    if not n:
        st.info("这份材料中没有识别出查摆问题。")
        return
    key = f"present-{r.key}"
    i = min(st.session_state.get(key, 0), n - 1)

    def step(delta: int) -> None:  # a callback: the index changes before the buttons are drawn
        st.session_state[key] = max(0, min(n - 1, i + delta))

    c1, c2, c3 = st.columns([1, 3, 1])
    c1.button("◀ 上一个", key="prev", disabled=i == 0, width="stretch", on_click=step, args=(-1,))
    c3.button("下一个 ▶", key="next", disabled=i >= n - 1, width="stretch", on_click=step, args=(1,))
    c2.text(f"{r.name} · 问题 {i + 1}/{n}")
    st.html(problem_html(rv, i, r.decisions))


main()
