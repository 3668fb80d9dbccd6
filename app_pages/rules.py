"""规则说明: generated from the rule registry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import workbench

st.title("检查规则说明")
st.caption("以下内容由规则注册表生成。规则可在左侧“规则设置”中关闭，或用配置文件调整级别。")
st.dataframe(
    pd.DataFrame([{"编号": r.id, "名称": r.name, "级别": r.severity.label, "标题": r.title} for r in workbench.RULES]),
    hide_index=True,
    width="stretch",
    key="rules-table",
)
for r in workbench.RULES:
    with st.expander(f"{r.id} {r.title}（{r.severity.label}）"):
        st.text(f"为什么：{r.rationale}")
        st.text("会被标出的写法：")
        st.code(r.flagged, language=None)
        st.text("不会被标出的写法：")
        st.code(r.clean, language=None)
