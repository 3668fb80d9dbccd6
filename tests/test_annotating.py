"""The annotated .docx: one Word comment per kept finding, anchored on exactly its words, nothing else moved."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from conftest import SAMPLES, SEED
from lxml import etree

import workbench
from workbench.annotating import annotate_docx, comment_ranges
from workbench.docx_reading import W_R, W_RPR, body_paragraphs, text_elements
from workbench.triage import Decision, Status, finding_key

CASES = [*sorted(SAMPLES.glob("*.docx")), SAMPLES / "s01_four_comparisons_village.txt"]


def char_formats(data: bytes, limit: int | None = None) -> list[tuple[str, list[tuple[str, bytes]]]]:
    """For each body paragraph: its text and, per character, the formatting of the run holding it."""
    doc = docx.Document(io.BytesIO(data))
    out = []
    for p in body_paragraphs(doc)[:limit]:
        chars: list[tuple[str, bytes]] = []
        for el, s in text_elements(p):
            r = el.getparent()
            rpr = r.find(W_RPR) if r.tag == W_R else None
            fmt = etree.tostring(rpr) if rpr is not None else b""
            chars += [(c, fmt) for c in s]
        out.append(("".join(c for c, _ in chars), chars))
    return out


def review_of(path):
    data = path.read_bytes()
    return data, workbench.review(data, name=path.name)


@pytest.mark.parametrize("path", [*CASES, SEED], ids=lambda p: p.name)
def test_one_comment_per_finding_anchored_on_its_span(path):
    if not path.exists():
        pytest.skip("seed not beside this checkout")
    data, r = review_of(path)
    out = annotate_docx(r, data if path.suffix == ".docx" else None)
    ranges = comment_ranges(out)
    assert len(docx.Document(io.BytesIO(out)).comments) == len(r.findings) == len(ranges)
    for f, (_, anchored) in zip(r.findings, sorted(ranges.items()), strict=True):
        span = r.text[f.start : f.end]
        if f.end > f.start:
            assert anchored.replace("\n", "") == span.replace("\n", ""), f.rule
        else:  # a finding about a missing part is anchored on the paragraph where it applies
            assert anchored


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.docx")), ids=lambda p: p.name)
def test_original_text_and_formatting_are_unchanged(path):
    data, r = review_of(path)
    out = annotate_docx(r, data)
    before = char_formats(data)
    after = char_formats(out, limit=len(before))
    assert [t for t, _ in after] == [t for t, _ in before]
    assert after == before, "every character keeps the formatting of its run"


def test_dismissed_findings_are_left_out_and_reviewer_comments_go_in():
    r = workbench.review("一、存在的问题\n1.担任委员xx年，联系群众XX户。\n")
    f1, f2 = [f for f in r.findings if f.rule == "WB301"]
    decisions = {
        finding_key(f1): Decision(Status.DISMISSED, "已核实", "", "李委员"),
        finding_key(f2): Decision(Status.ACCEPTED, "", "请写实际户数", "张组长"),
    }
    out = annotate_docx(r, None, decisions, reviewer="王书记")
    comments = list(docx.Document(io.BytesIO(out)).comments)
    texts = {c.text: c for c in comments}
    assert len(comments) == len(r.findings) - 1
    mine = next(c for t, c in texts.items() if "XX户" in t)
    assert "评审意见：请写实际户数" in mine.text
    assert (mine.author, mine.initials) == ("张组长", "张组")
    assert not any("xx年" in t for t in texts)
    assert {c.author for c in comments if c is not mine} == {"王书记"}


def test_text_input_becomes_a_clean_document_with_headings_and_a_summary():
    r = workbench.review(
        "个人检视剖析材料\n一、存在的问题\n1.理论学习不够深入，全年只读了2本书。\n2.服务群众不够主动。\n"
        "二、原因剖析\n1.学习的自觉性不强。\n三、整改措施\n1.每月读一本原著。\n"
    )
    d = docx.Document(io.BytesIO(annotate_docx(r)))
    styles = {p.text: p.style.name for p in d.paragraphs}
    assert styles["个人检视剖析材料"] == "Title"
    assert styles["一、存在的问题"] == "Heading 1"
    texts = [p.text for p in d.paragraphs]
    assert "评审意见汇总" in texts
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["编号", "对照维度", "问题", "原因", "整改措施"]
    assert table.rows[2].cells[4].text == "（无对应措施）"  # problem 2 has no remedy: the gap is marked


def test_comments_added_to_a_document_that_already_has_comments_get_new_ids():
    path = SAMPLES / "s02_six_disciplines_autonum.docx"
    data, r = review_of(path)
    once = annotate_docx(r, data, summary=False)
    r2 = workbench.review(once, name="again.docx")
    twice = annotate_docx(r2, once, summary=False)
    ids = [c.comment_id for c in docx.Document(io.BytesIO(twice)).comments]
    assert len(ids) == len(set(ids)) == len(r.findings) + len(r2.findings)


def test_a_docx_review_needs_the_original_bytes():
    _, r = review_of(SAMPLES / "s02_six_disciplines_autonum.docx")
    with pytest.raises(ValueError, match="original"):
        annotate_docx(r)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (scripts/test installs it)")
def test_libreoffice_opens_the_annotated_file(tmp_path):
    data, r = review_of(SAMPLES / "s02_six_disciplines_autonum.docx")
    src = tmp_path / "annotated.docx"
    src.write_bytes(annotate_docx(r, data))
    profile = tmp_path / "lo-profile"
    cmd = [
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
        "--outdir",
        str(tmp_path),
        str(src),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "annotated.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Subtype/Text") + pdf.count(b"/Subtype /Text") >= len(r.findings)
