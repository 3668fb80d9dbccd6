"""检视剖析材料评审工作台 — the Streamlit shell: sidebar (sources, reviewer, rules) and the pages.

Widgets → one workbench call → render. User text is shown only through st.dataframe, st.text /
st.code or our own escaped HTML; never through st.markdown, st.write or the message boxes, which
render Markdown.
"""

from __future__ import annotations

import streamlit as st

import app_access
import app_state

# no page or page_icon icons: Streamlit fetches Material icons for the favicon from fonts.gstatic.com
# (caught by the browser test); the documents are confidential and the app stays offline
st.set_page_config(page_title="检视剖析材料评审工作台", layout="wide")
# Streamlit's file uploader speaks English ("Upload", "20MB per file • DOCX, TXT") and has no setting
# for its words: the stylesheet writes them in Chinese over the English ones
_UPLOADER_CSS = """
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {font-size: 0}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {
  content: "选择文件"; font-size: 0.875rem}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "或拖入文件，单个不超过 %dMB"; font-size: 0.75rem}
"""
st.html(f"<style>{_UPLOADER_CSS % st.get_option('server.maxUploadSize')}</style>")
if not app_access.gate():
    st.stop()
app_state.sidebar()
page = st.navigation(
    [
        st.Page("app_pages/review.py", title="审阅", default=True),
        st.Page("app_pages/mapping.py", title="对应关系"),
        st.Page("app_pages/present.py", title="讨论"),
        st.Page("app_pages/branch.py", title="支部总览"),
        st.Page("app_pages/rules.py", title="规则说明"),
    ]
)
page.run()
