"""检视剖析材料评审工作台 — the Streamlit shell. Widgets → one workbench call → render.

User text is shown only through st.dataframe, st.text/st.code or our own escaped HTML (st.html);
never through st.markdown, st.write or the message boxes, which render Markdown.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pandas as pd
import streamlit as st

import workbench
from workbench.config import ConfigError, parse_overrides
from workbench.guard import safe_name
from workbench.rendering import document_html

SAMPLES = Path(__file__).with_name("sample_reports")
log = logging.getLogger("workbench.app")

st.set_page_config(page_title="检视剖析材料评审工作台", page_icon="📋", layout="wide")


def _review(name: str, data: bytes) -> workbench.Review:
    """One review per distinct input and rule configuration in this session (keyed by content hash);
    reruns only re-render. Kept in session state, never a global cache: the documents are confidential."""
    overrides = st.session_state.get("overrides") or {}
    key = hashlib.sha256(name.encode() + b"\0" + data + repr(sorted(overrides.items())).encode()).hexdigest()
    cache: dict[str, workbench.Review] = st.session_state.setdefault("reviews", {})
    if key not in cache:
        with st.spinner("正在分析……"):
            cache[key] = workbench.review(data, name=name, overrides=overrides)
        while len(cache) > 8:
            cache.pop(next(iter(cache)))
    return cache[key]


def _load(name: str, data: bytes, origin: str) -> None:
    """Review new input; on failure keep the last good review on screen and say why."""
    try:
        st.session_state["current"] = _review(name, data)
        st.session_state["source"] = (name, data)
        st.session_state["error"] = None
    except workbench.InputRejected as e:
        st.session_state["error"] = f"未能读取 `{safe_name(name)}`：{e}"
    except Exception:
        log.exception("review failed for %s", origin)
        st.session_state["error"] = (
            f"未能读取 `{safe_name(name)}`：发生了意外错误，已记录日志。之前的审阅结果未受影响。"
        )


def sidebar() -> None:
    st.sidebar.header("材料来源")
    up = st.sidebar.file_uploader("上传 .docx 或 .txt 文件", type=["docx", "txt"], key="upload")
    if up is not None and st.session_state.get("upload_id") != up.file_id:
        st.session_state["upload_id"] = up.file_id
        _load(up.name, up.getvalue(), "upload")
    samples = sorted(p.name for p in SAMPLES.glob("*") if p.suffix in (".txt", ".docx"))
    pick = st.sidebar.selectbox("或选择示例材料", ["（不选）", *samples], key="sample")
    if pick != "（不选）" and st.session_state.get("sample_loaded") != pick:
        st.session_state["sample_loaded"] = pick
        _load(pick, (SAMPLES / pick).read_bytes(), "sample")
    with st.sidebar.form("paste", clear_on_submit=False):
        pasted = st.text_area("或粘贴文本", height=160, key="pasted")
        if st.form_submit_button("分析粘贴的文本") and pasted.strip():
            _load("粘贴文本.txt", pasted.encode("utf-8"), "paste")
    rule_settings()


def rule_settings() -> None:
    """Switch rules off or load a reviewer's configuration file (the same TOML the CLI takes)."""
    with st.sidebar.expander("规则设置"):
        cfg = st.file_uploader("规则配置文件（.toml）", type=["toml"], key="rules_file")
        overrides: dict[str, workbench.Severity | None] = {}
        if cfg is not None:
            try:
                overrides.update(parse_overrides(cfg.getvalue().decode("utf-8", errors="replace")))
            except ConfigError as e:
                st.error(f"配置文件有误：{e}")
        labels = {f"{r.id} {r.title}": r.id for r in workbench.RULES}
        off = st.multiselect("关闭的规则", list(labels), key="rules_off")
        overrides.update({labels[x]: None for x in off})
    if overrides != (st.session_state.get("overrides") or {}):
        st.session_state["overrides"] = overrides
        if st.session_state.get("source"):
            _load(*st.session_state["source"], "rules")


def header(r: workbench.Review) -> None:
    s = r.summary
    dims = r.outline.dimensions
    covered = sum(1 for d in dims if d.problems)
    cols = st.columns(7)
    cols[0].metric("问题", s["problems"])
    cols[1].metric("原因", s["causes"])
    cols[2].metric("措施", s["remedies"])
    cols[3].metric("错误", s["errors"])
    cols[4].metric("警告", s["warnings"])
    cols[5].metric("提示", s["infos"])
    cols[6].metric("维度覆盖", f"{covered}/{len(dims)}" if dims else "—")
    st.caption("框架：" + (r.outline.framework.name or "未识别（按材料中的小标题归组）"))
    for note in r.document.notices:
        st.text("ⓘ " + note)


def findings_table(r: workbench.Review) -> pd.DataFrame:
    df = r.findings_frame()
    return df[["severity", "rule", "message", "target", "text"]].rename(
        columns={"severity": "级别", "rule": "规则", "message": "说明", "target": "对象", "text": "原文"}
    )


def outline_table(r: workbench.Review) -> pd.DataFrame:
    dims = {d.id: d.title for d in r.outline.dimensions}
    df = r.items_frame()
    df["dimension"] = df["dimension"].map(lambda d: dims.get(d, "") if d else "")
    return df[["id", "kind", "number", "dimension", "headline", "categories", "specificity"]].rename(
        columns={
            "id": "编号",
            "kind": "类别",
            "number": "原序号",
            "dimension": "对照维度",
            "headline": "标题句",
            "categories": "问题类别",
            "specificity": "具体程度",
        }
    )


def links_table(r: workbench.Review) -> pd.DataFrame:
    return r.links_frame().rename(
        columns={"source": "从", "target": "到", "score": "相似度", "basis": "依据", "evidence": "证据"}
    )


def main() -> None:
    st.title("检视剖析材料评审工作台")
    sidebar()
    if st.session_state.get("error"):
        st.error(st.session_state["error"])
    r: workbench.Review | None = st.session_state.get("current")
    if r is None:
        st.info(
            "请在左侧上传材料（.docx / .txt）、选择示例或粘贴文本。材料只在本机处理，不会发送到任何外部服务。"
        )
        return
    st.subheader("当前材料")
    st.text(r.document.name)
    header(r)
    left, right = st.columns([3, 2], gap="medium")
    with right:
        tab_findings, tab_outline = st.tabs(["检查结果", "结构解析"])
        with tab_findings:
            if r.findings:
                st.dataframe(findings_table(r), hide_index=True, width="stretch", key="findings")
            else:
                st.success("未发现问题。")
        with tab_outline:
            sections = pd.DataFrame(
                [{"部分": s.kind.label, "标题": s.title} for s in r.outline.sections if s.title]
            )
            st.dataframe(sections, hide_index=True, width="stretch")
            st.dataframe(outline_table(r), hide_index=True, width="stretch", key="outline")
            st.caption("对应关系（问题→原因、问题→措施、原因→措施）")
            st.dataframe(links_table(r), hide_index=True, width="stretch", key="links")
    with left:
        st.html(document_html(r))


main()
