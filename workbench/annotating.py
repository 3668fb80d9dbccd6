"""Review → the author's document with real Word comments (批注) on the exact words, plus a summary.

    .docx upload ── the original file; runs split at the span's character offsets (formatting copied),
                    a comment anchored on exactly those runs; nothing else touched
    .txt / pasted ── a clean .docx built from the text (title, section headings, paragraphs) carries them
    both        ── a page break, then 评审意见汇总: counts, the problem → cause → remedy table with gaps
                    marked, dimension coverage, findings by severity

Offsets come from ``Paragraph.pieces`` (reading) and ``docx_reading.text_elements`` — the one
definition of a paragraph's source text shared with the reader. Only ``_split`` touches runs.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run
from lxml.etree import _Element

from .charts import label
from .checks import rule_by_key
from .docx_reading import W_P, W_R, W_RPR, W_T, body_paragraphs, text_elements
from .guard import open_docx
from .model import Finding, Paragraph, Severity
from .reviewing import Review
from .triage import DEFAULT_REVIEWER, Decision, Status, counts, kept

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RED = RGBColor(0xC6, 0x28, 0x28)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A position in the output document: a ``w:p`` and an offset in its source text."""

    p: _Element
    offset: int


# ── run surgery ──────────────────────────────────────────────────────────────────────────────────


def _split(run: _Element, el: _Element, k: int) -> None:
    """Split ``run`` so that the text of its child ``el`` before ``k`` ends it and the rest starts a new
    run right after it, with a copy of the run's properties."""
    children = [c for c in run if c.tag != W_RPR]
    idx = children.index(el)
    text = (el.text or "") if el.tag == W_T else ""
    if k == 0 and idx == 0:
        return  # already a boundary
    tail = copy.deepcopy(run)
    tail_children = [c for c in tail if c.tag != W_RPR]
    if el.tag == W_T and 0 < k < len(text):
        for c in tail_children[:idx]:
            tail.remove(c)
        tail_children[idx].text = text[k:]
        tail_children[idx].set(_XML_SPACE, "preserve")
        el.text = text[:k]
        el.set(_XML_SPACE, "preserve")
        for c in children[idx + 1 :]:
            run.remove(c)
    else:
        cut = idx if k == 0 else idx + 1  # before el, or after the whole of it
        if cut >= len(children):
            return  # already a boundary (end of the run)
        for c in tail_children[:cut]:
            tail.remove(c)
        for c in children[cut:]:
            run.remove(c)
    run.addnext(tail)


def _boundary(p: _Element, offset: int) -> None:
    """Make sure a run boundary falls at ``offset`` of paragraph ``p``'s source text."""
    pos = 0
    for el, s in text_elements(p):
        if pos == offset:
            _split(el.getparent(), el, 0)
            return
        if pos < offset < pos + len(s):
            _split(el.getparent(), el, offset - pos)
            return
        pos += len(s)


def _runs_between(start: Anchor, end: Anchor, body: list[_Element], order: Mapping[_Element, int]) -> list[_Element]:
    """The runs whose text lies from ``start`` to ``end`` (boundaries already made)."""
    runs: list[_Element] = []
    first, last = order[start.p], order[end.p]
    for n in range(first, last + 1):
        p = body[n]
        pos = 0
        for el, s in text_elements(p):
            lo = start.offset if n == first else 0
            hi = end.offset if n == last else 1 << 30
            if pos >= lo and pos + len(s) <= hi and s:
                r = el.getparent()
                if r.tag == W_R and (not runs or runs[-1] is not r):
                    runs.append(r)
            pos += len(s)
    return runs


# ── locating a finding in the output document ────────────────────────────────────────────────────


def _source_span(review: Review, f: Finding) -> tuple[int, int]:
    """The finding's span widened to whole paragraphs when it is empty or covers inserted text only."""
    start, end = f.start, f.end
    doc = review.document
    if end <= start:
        para = doc.paragraph_at(min(start, max(0, len(doc.text) - 1)))
        if para is not None:
            return para.start, para.end
    return start, end


def _anchor(paragraphs: tuple[Paragraph, ...], locate: list[_Element], offset: int, forward: bool) -> Anchor | None:
    """The source position of text offset ``offset`` (first mapped character at or after it when
    ``forward``, else the end of the last mapped character before it)."""
    for para_index, para in enumerate(paragraphs):
        if not (para.start <= offset <= para.end):
            continue
        local = offset - para.start
        pieces = para.pieces
        if forward:
            for pc in pieces:
                if pc.at + pc.length > local:
                    return Anchor(locate[para_index], pc.src + max(0, local - pc.at))
        else:
            for pc in reversed(pieces):
                if pc.at < local:
                    return Anchor(locate[para_index], pc.src + min(pc.length, local - pc.at))
    return None


def _comment_text(f: Finding, d: Decision) -> str:
    rule = rule_by_key(f.rule)
    title = f"【{f.rule} {rule.title}】" if rule else f"【{f.rule}】"
    lines = [title + f.message]
    if d.comment:
        lines.append(f"评审意见：{d.comment}")
    return "\n".join(lines)


def _initials(name: str) -> str:
    return name[:2] if name else "评审"


def _annotate(
    doc: DocxDocument,
    review: Review,
    locate: list[_Element],
    decisions: Mapping[str, Decision],
    reviewer: str,
) -> int:
    """Add one comment per kept finding; returns how many."""
    body = body_paragraphs(doc)
    order = {p: n for n, p in enumerate(body)}
    paragraphs = review.document.paragraphs
    n = 0
    for f, d in kept(review.findings, decisions):
        start, end = _source_span(review, f)
        a = _anchor(paragraphs, locate, start, forward=True)
        b = _anchor(paragraphs, locate, end, forward=False)
        if a is None or b is None or (order[a.p], a.offset) >= (order[b.p], b.offset):
            para = review.document.paragraph_at(start)
            if para is None:
                continue
            a = _anchor(paragraphs, locate, para.start, forward=True)
            b = _anchor(paragraphs, locate, para.end, forward=False)
            if a is None or b is None:
                continue
        _boundary(b.p, b.offset)  # the end first: splitting there leaves the start's offsets intact
        _boundary(a.p, a.offset)
        runs = _runs_between(a, b, body, order)
        if not runs:
            continue
        author = d.reviewer if d.status != Status.OPEN or d.comment else reviewer
        doc.add_comment(
            [Run(runs[0], None), Run(runs[-1], None)],  # type: ignore[arg-type]
            text=_comment_text(f, d),
            author=author,
            initials=_initials(author),
        )
        n += 1
    return n


# ── building a document for text input ───────────────────────────────────────────────────────────


def _text_document(review: Review) -> tuple[DocxDocument, list[_Element]]:
    """A clean .docx whose paragraphs carry exactly the review's paragraph texts (so offsets map 1:1)."""
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    headings = {s.start for s in review.outline.sections if s.title}
    locate: list[_Element] = []
    for k, para in enumerate(review.document.paragraphs):
        is_title = k == 0 and para.start not in headings and len(para.text) <= 40 and "。" not in para.text
        if is_title:
            p = doc.add_paragraph(style="Title")
        elif para.start in headings:
            p = doc.add_paragraph(style="Heading 1")
        else:
            p = doc.add_paragraph()
        r = p.add_run(para.text)
        r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体" if is_title else "宋体")
        locate.append(p._p)
    # every piece maps its text 1:1 (the builder wrote the normalised text itself)
    return doc, locate


def _identity(review: Review) -> Review:
    """The review with paragraph pieces replaced by the identity map (for a document built from text)."""
    from dataclasses import replace

    from .model import Piece

    paras = tuple(replace(p, pieces=(Piece(0, 0, len(p.text)),)) for p in review.document.paragraphs)
    return replace(review, document=replace(review.document, paragraphs=paras))


# ── the summary at the end ───────────────────────────────────────────────────────────────────────


def _borders(table) -> None:  # type: ignore[no-untyped-def]
    """Single-line borders set directly (a user's document may have no "Table Grid" style)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "808080")):
            el.set(qn(k), v)
        borders.append(el)
    tbl_pr.append(borders)


def _table(doc: DocxDocument, header: list[str], rows: list[list[str]], widths: list[float] | None = None):  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=len(header))
    table.autofit = widths is None
    _borders(table)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            if text.startswith("（无") or text.startswith("（未"):
                run.font.color.rgb = _RED
                run.bold = True
    if widths:
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
    return table


def _summary(doc: DocxDocument, review: Review, decisions: Mapping[str, Decision], reviewer: str) -> None:
    o = review.outline
    s = review.summary
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    title = doc.add_paragraph()
    run = title.add_run("评审意见汇总")
    run.bold = True
    run.font.size = Pt(16)
    n = counts(review.findings, decisions)
    doc.add_paragraph(
        f"评审人：{reviewer}。材料识别出问题 {s['problems']} 条、原因 {s['causes']} 条、措施 {s['remedies']} 条；"
        f"检查意见错误 {s['errors']} 条、警告 {s['warnings']} 条、提示 {s['infos']} 条"
        f"（采纳 {n[Status.ACCEPTED]}、待定 {n[Status.OPEN]}、忽略 {n[Status.DISMISSED]}，忽略的不在批注中）。"
        f"对照框架：{o.framework.name or '未识别'}。"
    )
    doc.add_paragraph().add_run("一、问题—原因—措施对应表").bold = True
    linked: dict[str, list[str]] = {}
    for x in review.links:
        linked.setdefault(x.source, []).append(x.target)
    dims = {d.id: d.title for d in o.dimensions}
    rows = []
    for p in o.problems:
        causes = [c for c in o.causes if c.id in linked.get(p.id, [])]
        remedies = [r for r in o.remedies if r.id in linked.get(p.id, [])]
        rows.append(
            [
                p.id,
                dims.get(p.dimension or "", ""),
                label(p, 30)[len(p.id) + 1 :],
                "\n".join(label(c, 24) for c in causes) or ("（无对应原因）" if o.causes else "（未剖析原因）"),
                "\n".join(label(r, 24) for r in remedies) or "（无对应措施）",
            ]
        )
    _table(doc, ["编号", "对照维度", "问题", "原因", "整改措施"], rows, widths=[1.3, 3.2, 4.2, 4.2, 4.2])
    if o.dimensions:
        doc.add_paragraph().add_run("二、对照维度覆盖").bold = True
        _table(
            doc,
            ["维度", "问题"],
            [[f"{d.id} {d.title}", "、".join(d.problems) or "（无问题）"] for d in o.dimensions],
        )
    doc.add_paragraph().add_run(("三" if o.dimensions else "二") + "、检查意见（按级别）").bold = True
    for sev in sorted(Severity, reverse=True):
        items = [(f, d) for f, d in kept(review.findings, decisions) if f.severity == sev]
        if not items:
            continue
        doc.add_paragraph().add_run(f"{sev.label}（{len(items)}）").bold = True
        for f, d in items:
            extra = f" 评审意见：{d.comment}" if d.comment else ""
            doc.add_paragraph(f"{f.rule} {f.message}{extra}", style=None)


# ── the entry point ──────────────────────────────────────────────────────────────────────────────


def annotate_docx(
    review: Review,
    original: bytes | None = None,
    decisions: Mapping[str, Decision] | None = None,
    reviewer: str = DEFAULT_REVIEWER,
    summary: bool = True,
) -> bytes:
    """The annotated .docx as bytes. ``original`` is the uploaded .docx (required for a .docx review);
    for text input a clean document is built. Dismissed findings are left out; a reviewer's comment
    goes into the Word comment; the author of each comment is the reviewer who decided it."""
    decisions = decisions or {}
    reviewer = reviewer.strip() or DEFAULT_REVIEWER
    if review.document.format == "docx":
        if original is None:
            raise ValueError("annotating a .docx review needs the original file's bytes")
        doc = open_docx(original)
        paragraphs = body_paragraphs(doc)
        locate = [paragraphs[p.source] for p in review.document.paragraphs]
        target = review
    else:
        doc, locate = _text_document(review)
        target = _identity(review)
    _annotate(doc, target, locate, decisions, reviewer)
    if summary:
        _summary(doc, review, decisions, reviewer)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def comment_ranges(data: bytes) -> dict[int, str]:
    """comment id → the text its range covers (for checks and tests)."""
    doc = docx.Document(io.BytesIO(data))
    body = doc.element.body
    open_ids: set[int] = set()
    out: dict[int, list[str]] = {}
    start_tag, end_tag = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
    texts = {el: s for p in body.iter(W_P) for el, s in text_elements(p)}  # keeps the proxies alive
    for el in body.iter():
        if el.tag == start_tag:
            i = int(el.get(qn("w:id")))
            open_ids.add(i)
            out.setdefault(i, [])
        elif el.tag == end_tag:
            open_ids.discard(int(el.get(qn("w:id"))))
        elif el.tag == W_P and open_ids and el.getprevious() is not None:
            for i in open_ids:
                out[i].append("\n")
        elif el in texts:
            for i in open_ids:
                out[i].append(texts[el])
    return {i: "".join(v).strip("\n") for i, v in out.items()}
