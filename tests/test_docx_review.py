"""Whole .docx drafts built the way Word users write them, reviewed end to end."""

import io

import docx

import workbench


def build(fill) -> bytes:
    d = docx.Document()
    fill(d)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def bold_lead(d, lead: str, rest: str) -> None:
    p = d.add_paragraph()
    p.add_run(lead).bold = True
    p.add_run(rest)


def test_heading_styles_without_numbers_and_bold_lead_problems():
    def fill(d):
        d.add_paragraph("个人检视剖析材料", style="Title")
        d.add_paragraph("按照支部要求，现将个人检视剖析情况报告如下。")
        d.add_heading("存在的问题", level=1)
        bold_lead(d, "理论学习不够深入。", "本人满足于集中学习，全年自学笔记不足一万字。")
        bold_lead(d, "服务群众不够主动。", "全年下村走访只有4次。")
        d.add_heading("原因剖析", level=1)
        bold_lead(d, "学习自觉性不强。", "把理论学习当成任务。")
        bold_lead(d, "宗旨意识有所淡化。", "服务群众的主动性下降，下村走访少。")
        d.add_heading("整改措施", level=1)
        d.add_paragraph("每月读一本原著，年底前写出3篇体会。", style="List Number")
        d.add_paragraph("每周下村走访一次，建立群众诉求台账。", style="List Number")

    r = workbench.review(build(fill), name="draft.docx")
    o = r.outline
    assert [s.title for s in o.sections if s.title] == ["存在的问题", "原因剖析", "整改措施"]
    assert [p.headline for p in o.problems] == ["理论学习不够深入。", "服务群众不够主动。"]
    assert [c.headline for c in o.causes] == ["学习自觉性不强。", "宗旨意识有所淡化。"]
    assert len(o.remedies) == 2
    assert not [f for f in r.findings if f.severity >= workbench.Severity.WARNING]


def test_problems_in_a_table_with_number_problem_and_remedy_columns():
    def fill(d):
        d.add_paragraph("一、存在的问题")
        t = d.add_table(rows=3, cols=2)
        rows = [
            ("序号", "问题"),
            ("1", "理论学习不够深入，全年自学笔记不足一万字。"),
            ("2", "服务群众不够主动，下村走访只有4次。"),
        ]
        for row, (a, b) in zip(t.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = a, b
        d.add_paragraph("二、原因剖析")
        d.add_paragraph("1.学习自觉性不强。")
        d.add_paragraph("三、整改措施")
        d.add_paragraph("1.每月读一本原著。")

    o = workbench.review(build(fill), name="t.docx").outline
    assert [p.number for p in o.problems] == ["1", "2"]
    assert o.problems[1].headline == "服务群众不够主动，下村走访只有4次。"
