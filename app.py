"""检视剖析材料评审工作台 — the Streamlit shell: sidebar (sources, reviewer, rules) and the pages.

Widgets → one workbench call → render. User text is shown only through st.dataframe, st.text /
st.code or our own escaped HTML; never through st.markdown, st.write or the message boxes, which
render Markdown.
"""

from __future__ import annotations

import streamlit as st

import app_state

st.set_page_config(page_title="检视剖析材料评审工作台", page_icon=":material/fact_check:", layout="wide")
app_state.sidebar()
page = st.navigation(
    [
        st.Page("app_pages/review.py", title="审阅", icon=":material/rate_review:", default=True),
        st.Page("app_pages/mapping.py", title="对应关系", icon=":material/account_tree:"),
        st.Page("app_pages/present.py", title="讨论", icon=":material/co_present:"),
        st.Page("app_pages/rules.py", title="规则说明", icon=":material/menu_book:"),
    ]
)
page.run()
