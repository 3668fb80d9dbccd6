"""审阅: the document as written beside the findings; triage each finding."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import app_state
import workbench
from workbench.rendering import document_html
from workbench.triage import Decision, Status, counts, decision_for, finding_key
from workbench.versions import compare_versions

SEVERITIES = [s.label for s in sorted(workbench.Severity, reverse=True)]
STATUSES = [s.label for s in Status]


def findings_view(r: app_state.Report) -> tuple[pd.DataFrame, list[workbench.Finding]]:
    """Findings grouped by severity, then rule, then place — filtered as the reviewer asked."""
    rv = r.review
    c1, c2 = st.columns(2)
    sev = c1.pills("级别", SEVERITIES, selection_mode="multi", default=SEVERITIES, key="flt_sev")
    status = c2.pills("状态", STATUSES, selection_mode="multi", default=STATUSES, key="flt_status")
    titles = {r.id: r.title for r in workbench.RULES}
    rules = sorted({f.rule for f in rv.findings})
    rule = st.multiselect(
        "规则", rules, key="flt_rule", placeholder="全部规则", format_func=lambda i: f"{i} {titles.get(i, '')}"
    )
    shown = [
        f
        for f in sorted(rv.findings, key=lambda f: (-f.severity, f.rule, f.start))
        if f.severity.label in sev
        and (not rule or f.rule in rule)
        and decision_for(f, r.decisions).status.label in status
    ]
    frame = pd.DataFrame(
        [
            {
                "级别": f.severity.label,
                "规则": f.rule,
                "说明": f.message,
                "状态": decision_for(f, r.decisions).status.label,
                "批注": decision_for(f, r.decisions).comment,
            }
            for f in shown
        ],
        columns=["级别", "规则", "说明", "状态", "批注"],
    )
    return frame, shown


def pick(r: app_state.Report, shown: list[workbench.Finding], rows: list[int]) -> workbench.Finding | None:
    """The finding to handle: a row clicked in the table, or the one chosen in the list below it."""
    if not shown:
        return None
    key = f"pick-{r.key}"
    if rows and rows != st.session_state.get(f"{key}-rows"):
        st.session_state[key] = min(rows[0], len(shown) - 1) + 1  # a new click in the table wins
    st.session_state[f"{key}-rows"] = rows
    if st.session_state.get(key, 0) > len(shown):
        st.session_state[key] = 0
    options = list(range(len(shown) + 1))
    at = st.selectbox(
        "处理检查意见",
        options,
        key=key,
        format_func=lambda k: "（请选择）" if k == 0 else f"{k}. {shown[k - 1].rule} {shown[k - 1].message[:40]}",
    )
    return shown[at - 1] if at else None


def triage(r: app_state.Report, f: workbench.Finding) -> None:
    """Accept, dismiss with a reason, or comment on one finding."""
    d = decision_for(f, r.decisions)
    st.text(f"{f.severity.label} · {f.rule} · {f.message}")
    st.code(r.review.text[f.start : f.end] or f.excerpt, language=None, wrap_lines=True)
    key = f"{f.rule}-{f.start}-{f.end}"
    reason = st.text_input("忽略的理由", value=d.reason, key=f"reason-{key}", placeholder="例如：此处是引用原文")
    comment = st.text_area("评审批注（会写进批注版文档）", value=d.comment, key=f"comment-{key}", height=80)
    b1, b2, b3, b4 = st.columns(4)
    if b1.button("采纳", key=f"accept-{key}", type="primary"):
        r.decide(f, app_state.with_reviewer(Decision(Status.ACCEPTED, reason, comment)))
        st.rerun()
    if b2.button("忽略", key=f"dismiss-{key}"):
        if not reason.strip():
            st.warning("请先填写忽略的理由。")
        else:
            r.decide(f, app_state.with_reviewer(Decision(Status.DISMISSED, reason, comment)))
            st.rerun()
    if b3.button("保存批注", key=f"save-{key}"):
        r.decide(f, app_state.with_reviewer(Decision(d.status, reason, comment)))
        st.rerun()
    if b4.button("恢复待定", key=f"reopen-{key}"):
        r.decide(f, app_state.with_reviewer(Decision(Status.OPEN, "", comment)))
        st.rerun()
    if d.status != Status.OPEN or d.comment:
        st.caption(f"当前：{d.status.label}（{d.reviewer}）" + (f"，理由：{d.reason}" if d.reason else ""))
    if r.stored is not None:
        discussion(r, f, key)


def discussion(r: app_state.Report, f: workbench.Finding, key: str) -> None:
    """The group's comment thread on this finding (kept in the store, visible to every reviewer)."""
    store = app_state.store()
    anchor = finding_key(f)
    threads = [c for c in store.comments(r.stored) if c.anchor == anchor]  # type: ignore[arg-type]
    st.caption(f"讨论（{sum(1 + len(c.replies) for c in threads)} 条）")
    for c in threads:
        st.text(f"{c.author}（{c.at[5:16].replace('T', ' ')}）：{c.text}")
        for rep in c.replies:
            st.text(f"    ↳ {rep.author}：{rep.text}")
    text = st.text_input("发表评论", key=f"talk-{key}", placeholder="组内讨论，所有评审人可见")
    parent = None
    if threads:
        options = [0, *(c.id for c in threads)]
        parent = st.selectbox(
            "回复",
            options,
            key=f"reply-{key}",
            format_func=lambda i: "（新话题）" if i == 0 else next(c.text[:20] for c in threads if c.id == i),
        )
    if st.button("发表", key=f"post-{key}") and text.strip():
        store.comment(r.stored, anchor, app_state.reviewer(), text.strip(), parent or None)  # type: ignore[arg-type]
        st.rerun()


def versions(r: app_state.Report) -> None:
    """What this draft changed against the same member's previous upload."""
    store = app_state.store()
    prev = store.previous_version(store.get_report(r.stored))  # type: ignore[arg-type]
    if prev is None:
        return
    # the previous draft is reviewed once per report and shown review, not on every rerun; one entry per
    # report, holding the review it was made for (so it is neither kept forever nor matched by a reused id)
    cache = st.session_state.setdefault("version_diffs", {})
    hit = cache.get(r.key)
    if hit is None or hit[0] != prev.id or hit[1] is not r.review:
        hit = cache[r.key] = (
            prev.id,
            r.review,
            compare_versions(store.load_review(prev.id), r.review, store.corrections(prev.id)[0]),
        )
    diff = hit[2]
    with st.expander(
        f"与上一稿（{prev.name}，{prev.uploaded_at[:10]}）比较：已改 {len(diff.resolved)} · 新增 {len(diff.new)} · "
        f"仍在 {len(diff.persisting)} · 可疑对应 {len(diff.suspect_links)}"
    ):
        rows = [{"变化": "已改正", "规则": f.rule, "说明": f.message} for f in diff.resolved]
        rows += [{"变化": "新出现", "规则": f.rule, "说明": f.message} for f in diff.new]
        rows += [{"变化": "仍存在", "规则": b.rule, "说明": b.message} for _, b in diff.persisting]
        st.dataframe(pd.DataFrame(rows, columns=["变化", "规则", "说明"]), hide_index=True, width="stretch")
        for s in diff.suspect_links:
            st.text(f"⚠ 对应关系 {s.source}→{s.target} 需要重新确认：{s.reason}")


def ledger_import(r: app_state.Report) -> None:
    with st.expander("导入整改台账（更新整改状态）"):
        up = st.file_uploader("已填写的整改台账 .xlsx", type=["xlsx"], key=f"ledger-{r.key}")
        if up is not None and st.session_state.get(f"ledger-done-{r.key}") != up.file_id:
            st.session_state[f"ledger-done-{r.key}"] = up.file_id
            try:
                changed = app_state.store().import_ledger(r.stored, up.getvalue(), app_state.reviewer())  # type: ignore[arg-type]
                st.success(f"已更新 {len(changed)} 个问题的整改状态。")
            except workbench.InputRejected as e:
                st.error(f"台账未能导入：{e}")
        statuses = app_state.store().ledger_statuses(r.stored)  # type: ignore[arg-type]
        if statuses:
            st.dataframe(
                pd.DataFrame(
                    [
                        {"问题": k, "状态": v.status, "更新人": v.by, "时间": v.at[:16]}
                        for k, v in sorted(statuses.items())
                    ]
                ),
                hide_index=True,
                width="stretch",
            )


def main() -> None:
    r = app_state.require_report()
    if r is None:
        return
    app_state.header(r)
    if r.stored is not None:
        versions(r)
    rv = r.review
    n = counts(rv.findings, r.decisions)
    left, right = st.columns([3, 2], gap="medium")
    with right:
        tab_findings, tab_outline = st.tabs(["检查结果", "结构解析"])
        with tab_findings:
            st.caption(
                f"待定 {n[Status.OPEN]} · 采纳 {n[Status.ACCEPTED]} · 忽略 {n[Status.DISMISSED]}（点选一行定位并处理）"
            )
            frame, shown = findings_view(r)
            chosen = None
            if shown:
                event = st.dataframe(
                    frame,
                    hide_index=True,
                    width="stretch",
                    key=f"findings-{r.key}",
                    on_select="rerun",
                    selection_mode="single-row",
                    column_config={"说明": st.column_config.TextColumn(width="large")},
                )
                chosen = pick(r, shown, event.selection.rows if event else [])
            else:
                st.success("未发现问题。" if not rv.findings else "没有符合筛选条件的检查意见。")
            if chosen:
                triage(r, chosen)
        with tab_outline:
            outline_tab(rv)
    with left:
        selected = rv.findings.index(chosen) if chosen else None
        hidden = [k for k, f in enumerate(rv.findings) if decision_for(f, r.decisions).status == Status.DISMISSED]
        # our own markup around escaped text (rendering.py), in an iframe so the chosen finding scrolls into view
        st.iframe(document_html(rv, selected, hidden, standalone=True), height=760)
    if r.stored is not None:
        ledger_import(r)


def outline_tab(rv: workbench.Review) -> None:
    sections = pd.DataFrame([{"部分": s.kind.label, "标题": s.title} for s in rv.outline.sections if s.title])
    st.dataframe(sections, hide_index=True, width="stretch")
    dims = {d.id: d.title for d in rv.outline.dimensions}
    df = rv.items_frame()
    df["dimension"] = df["dimension"].map(lambda d: dims.get(d, "") if d else "")
    st.dataframe(
        df[["id", "kind", "number", "dimension", "headline", "categories", "specificity"]].rename(
            columns={
                "id": "编号",
                "kind": "类别",
                "number": "原序号",
                "dimension": "对照维度",
                "headline": "标题句",
                "categories": "问题类别",
                "specificity": "具体程度",
            }
        ),
        hide_index=True,
        width="stretch",
        key="outline",
    )
    for note in rv.document.notices:
        st.text("ⓘ " + note)


main()
