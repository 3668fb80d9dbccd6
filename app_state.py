"""Session state of the workbench app: the loaded reports, the reviewer's decisions and corrections.

Everything lives in ``st.session_state`` (one browser session), never in a global cache: the
documents are confidential. Each report is reviewed once per upload and rule configuration; reruns
only re-render.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

import workbench
from workbench.annotating import annotate_docx
from workbench.config import ConfigError, parse_overrides
from workbench.guard import MAX_UPLOAD_BYTES, safe_name
from workbench.ledger import ledger_xlsx
from workbench.store import REPORT_STATUSES, Store
from workbench.triage import DEFAULT_REVIEWER, Decision, finding_key
from workbench.versions import with_last_year

SAMPLES = Path(__file__).with_name("sample_reports")
MAX_REPORTS = 50  # reports kept in one session (the branch view handles more, issue 6)
log = logging.getLogger("workbench.app")

# .doc, .wps and .pdf are taken only to say in Chinese what to do with them (the uploader's own refusal
# of a type is in English): the library rejects each with a message and an error code
UPLOAD_TYPES = ("docx", "txt", "doc", "wps", "pdf")


@dataclass
class Report:
    """One loaded report: its bytes, the program's review, and what the reviewers did with it."""

    key: str
    name: str
    data: bytes
    base: workbench.Review  # the program's review
    added: set[tuple[str, str]] = field(default_factory=set)  # links a reviewer added
    removed: set[tuple[str, str]] = field(default_factory=set)  # links a reviewer removed
    decisions: dict[str, Decision] = field(default_factory=dict)
    stored: int | None = None  # its id in the SQLite store
    _shown: workbench.Review | None = None

    @property
    def review(self) -> workbench.Review:
        """The review as the reviewers see it: corrected links, gap findings recomputed."""
        if self._shown is None:
            self._shown = self.base.relinked(self.added, self.removed) if self.added or self.removed else self.base
        return self._shown

    def correct(self, added: set[tuple[str, str]], removed: set[tuple[str, str]]) -> None:
        """Record a reviewer's link corrections (written to the store at once: only what changed)."""
        if self.stored is not None:
            base = {(x.source, x.target) for x in self.base.links}
            before, after = (base - self.removed) | self.added, (base - removed) | added
            who = reviewer()
            for s, t in sorted(after - before):
                store().correct_link(self.stored, s, t, "add", who)
            for s, t in sorted(before - after):
                store().correct_link(self.stored, s, t, "remove", who)
        self.added, self.removed, self._shown = added, removed, None

    def decide(self, finding: workbench.Finding, decision: Decision) -> None:
        key = finding_key(finding)
        self.decisions[key] = decision
        if self.stored is not None:
            store().decide(self.stored, key, decision)


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    return Store(path or None)


def store() -> Store:
    """The SQLite store (path: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.sqlite3)."""
    return _open_store(os.environ.get("WORKBENCH_DB", ""))


_DRAFT_SUFFIX = re.compile(
    r"[（(]\d+[)）]$|[-_ ]*(第?[一二三四五六七八九十\d]+稿|修改稿|定稿|终稿|v\d+)$", re.IGNORECASE
)


def member_of(name: str) -> str:
    """The member a file belongs to: its name without the draft suffix ("张三_第二稿.docx" → 张三)."""
    stem = Path(name).stem.strip()
    return _DRAFT_SUFFIX.sub("", stem).strip() or stem


def year_of(review: workbench.Review) -> int | None:
    m = re.search(r"(20\d\d)\s*年", review.text[:400])
    return int(m.group(1)) if m else None


def reports() -> dict[str, Report]:
    return st.session_state.setdefault("reports", {})


def current() -> Report | None:
    key = st.session_state.get("current")
    return reports().get(key) if key else None


def reviewer() -> str:
    return (st.session_state.get("reviewer") or "").strip() or DEFAULT_REVIEWER


def overrides() -> dict[str, workbench.Severity | None]:
    return st.session_state.get("overrides") or {}


def _key(name: str, data: bytes) -> str:
    return hashlib.sha256(name.encode("utf-8", "replace") + b"\0" + data).hexdigest()[:16]


def load(name: str, data: bytes) -> Report | None:
    """Review new input and make it current; on failure keep everything as it was and say why."""
    key = _key(name, data)
    if key in reports():
        st.session_state["current"] = key
        return reports()[key]
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            raise workbench.InputRejected("too_large", "文件超过 20 MB，无法处理。请删除图片等无关内容后重新上传。")
        base = workbench.review(data, name=name, overrides=overrides())
    except workbench.InputRejected as e:
        _error(f"未能读取 `{safe_name(name)}`：{e}")
        return None
    except Exception:
        log.exception("review failed")
        _error(f"未能读取 `{safe_name(name)}`：发生了意外错误，已记录日志。之前的审阅结果未受影响。")
        return None
    r = Report(key, name, data, base)
    try:
        _persist(r)
    except Exception:
        log.exception("store failed")
        _error("审阅结果未能保存到本机数据库（已记录日志）；本次会话中仍可继续审阅。")
    reports()[key] = r
    while len(reports()) > MAX_REPORTS:
        reports().pop(next(iter(reports())))
    st.session_state["current"] = key
    return r


def _persist(r: Report) -> None:
    """Store the report, and bring back what reviewers already did with it (decisions, corrections);
    compare with the same member's report of an earlier year (WB503 年年提)."""
    s = store()
    meeting = r.base.outline.framework.name or ""
    stored = s.add_report(r.name, r.data, member_of(r.name), meeting, year_of(r.base), reviewer())
    r.stored = stored.id
    r.decisions.update(s.decisions(stored.id))
    r.added, r.removed = s.corrections(stored.id)
    last = s.last_year(stored)
    if last is not None:
        r.base = with_last_year(r.base, s.load_review(last.id, overrides()))


def open_stored(report_id: int) -> Report | None:
    s = store()
    return load(s.get_report(report_id).name, s.report_data(report_id))


def delete_current() -> None:
    r = current()
    if r is None:
        return
    if r.stored is not None:
        store().delete_report(r.stored)
    reports().pop(r.key, None)
    st.session_state.pop("current", None)
    st.session_state["delete_sure"] = False  # a callback: runs before the checkbox is drawn again


def _error(message: str) -> None:
    st.session_state.setdefault("errors", []).append(message)


def take_errors() -> list[str]:
    return st.session_state.pop("errors", [])


def rereview_all() -> None:
    """The rule configuration changed: review every report again, keeping decisions and corrections."""
    for r in reports().values():
        r.base = workbench.review(r.data, name=r.name, overrides=overrides())
        r._shown = None


# ── the sidebar: sources, reviewer, rules ────────────────────────────────────────────────────────


def sidebar() -> None:
    sb = st.sidebar
    sb.text_input(
        "评审人（登录名）", key="reviewer", placeholder=DEFAULT_REVIEWER, help="决定、批注和评论都会记在这个名字下"
    )
    sb.header("材料")
    ups = sb.file_uploader(
        "上传 .docx 或 .txt（可多选）", type=list(UPLOAD_TYPES), key="upload", accept_multiple_files=True
    )
    new = [u for u in ups or [] if u.file_id not in st.session_state.setdefault("seen_uploads", set())]
    if new:
        bar = sb.progress(0.0, text="正在分析……") if len(new) > 1 else None
        for k, u in enumerate(new):
            st.session_state["seen_uploads"].add(u.file_id)
            with st.spinner(f"正在分析 {safe_name(u.name)} ……"):
                load(u.name, u.getvalue())
            if bar:
                bar.progress((k + 1) / len(new), text=f"已分析 {k + 1}/{len(new)}")
    samples = sorted(p.name for p in SAMPLES.glob("*") if p.suffix in (".txt", ".docx"))
    pick = sb.selectbox("或选择示例材料", ["（不选）", *samples], key="sample")
    if pick != "（不选）" and st.session_state.get("sample_loaded") != pick:
        st.session_state["sample_loaded"] = pick
        load(pick, (SAMPLES / pick).read_bytes())
    with sb.form("paste", clear_on_submit=False):
        pasted = st.text_area("或粘贴文本", height=120, key="pasted")
        if st.form_submit_button("分析粘贴的文本") and pasted.strip():
            load("粘贴文本.txt", pasted.encode("utf-8"))
    _saved_reports()
    if len(reports()) > 1:
        labels: dict[str, str] = {}  # display name → key; a repeated file name gets a number
        for k, r in reports().items():
            name, n = r.name, 1
            while name in labels:
                n += 1
                name = f"{r.name}（{n}）"
            labels[name] = k
        names = list(labels)
        now = next((n for n, k in labels.items() if k == st.session_state.get("current")), names[-1])
        st.session_state["current"] = labels[sb.selectbox("当前材料", names, index=names.index(now))]
    _rule_settings()
    if current() is not None:
        with sb.expander("删除当前材料"):
            st.caption("从本机数据库中永久删除这份材料及其审阅记录、批注和评论，不可恢复。")
            sure = st.checkbox("确认永久删除", key="delete_sure")
            st.button("删除", key="delete_go", disabled=not sure, on_click=delete_current)


def _saved_reports() -> None:
    """Reports saved in earlier sessions (by anyone using this workbench) can be opened again."""
    try:
        saved = store().reports()
    except Exception:
        log.exception("store unavailable")
        return
    if not saved:
        return
    labels = {f"{r.member} · {r.name} · {r.status}": r.id for r in reversed(saved)}
    pick = st.sidebar.selectbox("或打开已保存的材料", ["（不选）", *labels], key="saved")
    if pick != "（不选）" and st.session_state.get("saved_loaded") != pick:
        st.session_state["saved_loaded"] = pick
        open_stored(labels[pick])


def _rule_settings() -> None:
    """Switch rules off or load a reviewer's configuration file (the same TOML the CLI takes)."""
    with st.sidebar.expander("规则设置"):
        cfg = st.file_uploader("规则配置文件（.toml）", type=["toml"], key="rules_file")
        wanted: dict[str, workbench.Severity | None] = {}
        if cfg is not None:
            try:
                wanted.update(parse_overrides(cfg.getvalue().decode("utf-8", errors="replace")))
            except ConfigError as e:
                st.error(f"配置文件有误：{e}")
        labels = {f"{r.id} {r.title}": r.id for r in workbench.RULES}
        off = st.multiselect("关闭的规则", list(labels), key="rules_off", placeholder="（全部启用）")
        wanted.update({labels[x]: None for x in off})
    if wanted != overrides():
        st.session_state["overrides"] = wanted
        rereview_all()


def header(r: Report) -> None:
    """The strip above every page: which report, its counts and coverage."""
    rv = r.review
    s = rv.summary
    dims = rv.outline.dimensions
    covered = sum(1 for d in dims if d.problems)
    st.text(f"当前材料：{r.name}")
    cols = st.columns(7)
    for col, (label, value) in zip(
        cols,
        [
            ("问题", s["problems"]),
            ("原因", s["causes"]),
            ("措施", s["remedies"]),
            ("错误", s["errors"]),
            ("警告", s["warnings"]),
            ("提示", s["infos"]),
            ("维度覆盖", f"{covered}/{len(dims)}" if dims else "—"),
        ],
        strict=True,
    ):
        col.metric(label, value)
    st.caption("框架：" + (rv.outline.framework.name or "未识别（按材料中的小标题归组）"))
    if r.stored is not None:
        _status(r)
    downloads(r)


def _status(r: Report) -> None:
    """草稿 → 退回修改 → 审核通过, with who set it and when."""
    sr = store().get_report(r.stored)  # type: ignore[arg-type]
    c1, c2 = st.columns([1, 3])
    new = c1.selectbox(
        "材料状态", REPORT_STATUSES, index=REPORT_STATUSES.index(sr.status), key=f"status-{r.key}-{sr.status}"
    )
    if new != sr.status:
        store().set_status(sr.id, new, reviewer())
        st.rerun()
    c2.caption(f"当前状态：{sr.status}（{sr.status_by or '—'}，{sr.status_at[:16].replace('T', ' ')}）")


def downloads(r: Report) -> None:
    """The annotated .docx, the 整改台账 and the JSON review. Each file is built only when its button
    is clicked, from a snapshot of this run (the callables run outside the script), and a click
    does not rerun the app."""
    rv, decisions, who = r.review, dict(r.decisions), reviewer()
    original = r.data if rv.document.format == "docx" else None
    stem = Path(r.name).stem or "材料"
    c1, c2, c3, _ = st.columns([2, 2, 2, 3])
    c1.download_button(
        "下载批注版 .docx",
        data=lambda: annotate_docx(rv, original, decisions, who),
        file_name=f"{stem}_批注版.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        on_click="ignore",
        key=f"dl-docx-{r.key}",
        type="primary",
    )
    c2.download_button(
        "下载整改台账 .xlsx",
        data=lambda: ledger_xlsx(rv, decisions, who),
        file_name=f"{stem}_整改台账.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key=f"dl-xlsx-{r.key}",
    )
    c3.download_button(
        "下载 JSON",
        data=lambda: json.dumps(rv.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"),
        file_name=f"{stem}_评审.json",
        mime="application/json",
        on_click="ignore",
        key=f"dl-json-{r.key}",
    )


def require_report() -> Report | None:
    """The current report, or an invitation to load one."""
    for msg in take_errors():
        st.error(msg)
    r = current()
    if r is None:
        st.info(
            "请在左侧上传材料（.docx / .txt，可多选）、选择示例或粘贴文本。材料只在本机处理，不会发送到任何外部服务。"
        )
    return r


def with_reviewer(d: Decision) -> Decision:
    return replace(d, reviewer=reviewer())
