"""docx_reading: body walk, source text, rebuilt numbering, headings, bold prefixes (docs built in code)."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from workbench.docx_reading import (
    W_R,
    SourceParagraph,
    body_paragraphs,
    format_number,
    paragraph_text,
    read_docx,
    text_elements,
)

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def reopen(doc: DocxDocument) -> DocxDocument:
    buf = BytesIO()
    doc.save(buf)
    buf.seek(0)
    return Document(buf)


def add_xml(doc: DocxDocument, *fragments: str) -> None:
    """Append body-level XML (w:p, w:sdt, w:tbl…) before the section properties."""
    sect = doc.element.body.find(qn("w:sectPr"))
    for fragment in fragments:
        sect.addprevious(parse_xml(fragment))


def p_xml(inner: str, ppr: str = "") -> str:
    return f"<w:p {NS}>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def r(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in read_docx(reopen(doc))]


# ── body walk and source text ────────────────────────────────────────────────────────────────────


def test_plain_paragraphs_and_sources() -> None:
    doc = Document()
    for t in ("一、总体情况", "", "正文。"):
        doc.add_paragraph(t)
    got = read_docx(reopen(doc))
    assert got == [SourceParagraph("一、总体情况", 0), SourceParagraph("", 1), SourceParagraph("正文。", 2)]


def test_table_with_nested_table() -> None:
    doc = Document()
    doc.add_paragraph("表前")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    inner = table.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "嵌套"
    doc.add_paragraph("表后")
    got = read_docx(reopen(doc))
    assert [(p.text, p.in_table) for p in got if p.text] == [
        ("表前", False),
        ("甲", True),
        ("嵌套", True),
        ("表后", False),
    ]
    assert [p.source for p in got] == list(range(len(got)))


def test_content_controls_smart_tag_hyperlink_field() -> None:
    doc = Document()
    add_xml(
        doc,
        f"<w:sdt {NS}><w:sdtPr><w:alias w:val='块'/></w:sdtPr>"
        f"<w:sdtContent>{p_xml(r('块控件'))}</w:sdtContent></w:sdt>",
        p_xml(
            r("前")
            + f"<w:sdt><w:sdtPr><w:rPr><w:b/></w:rPr></w:sdtPr><w:sdtContent>{r('行内')}</w:sdtContent>"
            + "</w:sdt>"
        ),
        p_xml(f"<w:smartTag w:uri='urn:x' w:element='place'>{r('北京')}</w:smartTag>" + r("市")),
        p_xml(f"<w:hyperlink w:anchor='x'>{r('链接')}</w:hyperlink>" + r("文字")),
        p_xml(f"<w:fldSimple w:instr=' DATE '>{r('2024年')}</w:fldSimple>"),
        p_xml(
            "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType='separate'/></w:r>" + r("7") + "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        ),
    )
    assert texts(doc) == ["块控件", "前行内", "北京市", "链接文字", "2024年", "7"]


TEXTBOX = (
    "<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    + p_xml(r("框内一"))
    + p_xml(r("框内二"))
    + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
)
VML = "<w:pict><v:shape><v:textbox><w:txbxContent>" + p_xml(r("框内一")) + p_xml(r("框内二"))
VML += "</w:txbxContent></v:textbox></v:shape></w:pict>"


def test_text_box_in_alternate_content_appears_once() -> None:
    doc = Document()
    ac = f"<mc:AlternateContent><mc:Choice Requires='wps'>{TEXTBOX}</mc:Choice>"
    ac += f"<mc:Fallback>{VML}</mc:Fallback>"
    add_xml(doc, p_xml(r("锚点") + f"<w:r>{ac}</mc:AlternateContent></w:r>" + r("之后")), p_xml(r("下一段")))
    assert texts(doc) == ["锚点之后", "框内一", "框内二", "下一段"]


def test_legacy_vml_text_box() -> None:
    doc = Document()
    add_xml(doc, p_xml(r("锚点") + f"<w:r>{VML}</w:r>"))
    assert texts(doc) == ["锚点", "框内一", "框内二"]


def test_tracked_changes_accepted() -> None:
    doc = Document()
    add_xml(
        doc,
        p_xml(
            r("保留")
            + f"<w:ins w:id='1' w:author='a'>{r('插入')}</w:ins>"
            + "<w:del w:id='2' w:author='a'><w:r><w:delText>删除</w:delText></w:r></w:del>"
            + f"<w:del w:id='3' w:author='a'>{r('也删除')}</w:del>"
            + f"<w:moveFrom w:id='4' w:author='a'>{r('移走')}</w:moveFrom>"
            + f"<w:moveTo w:id='5' w:author='a'>{r('移来')}</w:moveTo>"
        ),
    )
    assert texts(doc) == ["保留插入移来"]


def test_tab_break_and_text_elements() -> None:
    doc = Document()
    runs = "<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:noBreakHyphen/>"
    runs += "<w:t>丁</w:t></w:r>"
    add_xml(doc, p_xml(runs + r("戊"), ppr="<w:tabs><w:tab w:val='left' w:pos='420'/></w:tabs>"))
    doc = reopen(doc)
    (p,) = body_paragraphs(doc)
    assert paragraph_text(p) == "甲\t乙\n丙\n-丁戊"
    elements = text_elements(p)
    assert "".join(s for _, s in elements) == paragraph_text(p)
    assert all(el.getparent().tag == W_R for el, _ in elements)
    assert [s for _, s in elements] == ["甲", "\t", "乙", "\n", "丙", "\n", "-", "丁", "戊"]


# ── numbering ────────────────────────────────────────────────────────────────────────────────────


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='{start}'/><w:numFmt w:val='{fmt}'/>{extra}"
        f"<w:lvlText w:val='{text}'/></w:lvl>"
    )


def add_numbering(doc: DocxDocument, abstracts: dict[int, str], nums: dict[int, str]) -> None:
    root = doc.part.numbering_part.element
    first_num = root.find(qn("w:num"))
    for aid, levels in abstracts.items():
        el = parse_xml(f"<w:abstractNum {NS} w:abstractNumId='{aid}'>{levels}</w:abstractNum>")
        first_num.addprevious(el) if first_num is not None else root.append(el)
    for num_id, inner in nums.items():
        root.append(parse_xml(f"<w:num {NS} w:numId='{num_id}'>{inner}</w:num>"))


def numbered(text: str, num_id: int, ilvl: int | None = 0, style: str = "") -> str:
    ilvl_xml = "" if ilvl is None else f"<w:ilvl w:val='{ilvl}'/>"
    ppr = f"<w:pStyle w:val='{style}'/>" if style else ""
    ppr += f"<w:numPr>{ilvl_xml}<w:numId w:val='{num_id}'/></w:numPr>"
    return p_xml(r(text), ppr)


REPORT_LEVELS = (
    lvl(0, "chineseCounting", "%1、", extra="<w:suff w:val='nothing'/>")
    + lvl(1, "chineseCounting", "（%2）", extra="<w:suff w:val='tab'/>")
    + lvl(2, "decimal", "%3.")
    + lvl(3, "decimalEnclosedCircle", "%4")
    + lvl(4, "decimal", "%1.%5", extra="<w:isLgl/>")  # legal: every level shown in decimal
    + lvl(5, "decimal", "第%6条", extra="<w:lvlRestart w:val='0'/>")
)


def test_multilevel_numbering_shared_counters_and_restart() -> None:
    doc = Document()
    add_numbering(
        doc,
        {90: REPORT_LEVELS},
        {
            90: "<w:abstractNumId w:val='90'/>",
            91: "<w:abstractNumId w:val='90'/>",
            92: "<w:abstractNumId w:val='90'/><w:lvlOverride w:ilvl='0'><w:startOverride w:val='1'/></w:lvlOverride>",
        },
    )
    plan = [(90, 0), (90, 1), (90, 1), (90, 2), (90, 3), (90, 3), (90, 2), (90, 3), (91, 0), (90, 1), (90, 2)]
    plan += [(92, 0), (92, 1), (90, 4), (90, 5), (92, 5), (90, 0), (90, 5), (0, 0)]
    add_xml(doc, *(numbered(f"第{i}段", num_id, ilvl) for i, (num_id, ilvl) in enumerate(plan)))
    got = read_docx(reopen(doc))
    assert [p.numbering for p in got] == [
        "一、", "（一）", "（二）", "1.", "①", "②", "2.", "①",
        "二、", "（一）", "1.",  # numId 91 shares abstractNum 90: counting continues, deeper levels reset
        "一、", "（一）",  # numId 92 restarts level 0 via startOverride
        "1.1", "第1条", "第2条", "二、", "第3条",  # lvlRestart 0: never restarted
        "",  # numId 0: no numbering
    ]  # fmt: skip
    assert got[0].text == "第0段"


def test_numbering_inherited_from_style_and_start_value() -> None:
    doc = Document()
    add_numbering(
        doc,
        {91: lvl(0, "decimal", "%1.", start=3) + lvl(1, "lowerLetter", "(%2)", extra="<w:pStyle w:val='Sub'/>")},
        {93: "<w:abstractNumId w:val='91'/>"},
    )
    item = doc.styles.add_style("ReportItem", WD_STYLE_TYPE.PARAGRAPH)
    item.element.get_or_add_pPr().append(parse_xml(f"<w:numPr {NS}><w:numId w:val='93'/></w:numPr>"))
    child = doc.styles.add_style("ReportChild", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = item
    sub = doc.styles.add_style("Sub", WD_STYLE_TYPE.PARAGRAPH)
    sub.element.get_or_add_pPr().append(parse_xml(f"<w:numPr {NS}><w:numId w:val='93'/></w:numPr>"))
    doc.add_paragraph("甲", style="ReportItem")
    doc.add_paragraph("乙", style="ReportChild")  # inherits numPr through basedOn
    doc.add_paragraph("子项", style="Sub")  # level chosen by w:lvl/w:pStyle
    add_xml(doc, numbered("不编号", 0, None, style="ReportItem"))
    doc.add_paragraph("丙", style="ReportItem")
    got = read_docx(reopen(doc))
    assert [(p.numbering, p.style) for p in got] == [
        ("3.", "ReportItem"),
        ("4.", "ReportChild"),
        ("(a)", "Sub"),
        ("", "ReportItem"),
        ("5.", "ReportItem"),
    ]


def test_numbering_through_list_style_link() -> None:
    doc = Document()
    add_numbering(
        doc,
        {
            95: "<w:styleLink w:val='ReportList'/>" + lvl(0, "chineseCounting", "%1、"),
            96: "<w:numStyleLink w:val='ReportList'/>",
        },
        {96: "<w:abstractNumId w:val='95'/>", 97: "<w:abstractNumId w:val='96'/>"},
    )
    doc.styles.element.append(
        parse_xml(
            f"<w:style {NS} w:type='numbering' w:styleId='ReportList'><w:name w:val='ReportList'/>"
            "<w:pPr><w:numPr><w:numId w:val='96'/></w:numPr></w:pPr></w:style>"
        )
    )
    add_xml(doc, numbered("甲", 96), numbered("乙", 97), numbered("丙", 96))
    assert [p.numbering for p in read_docx(reopen(doc))] == ["一、", "二、", "三、"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (21, "japaneseCounting", "二十一"),
        (105, "chineseCounting", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (1, "decimalEnclosedCircle", "①"),
        (20, "decimalEnclosedCircleChinese", "⑳"),
        (21, "decimalEnclosedCircle", "㉑"),
        (2, "decimalEnclosedParen", "⑵"),
        (2, "decimalEnclosedFullstop", "⒉"),
        (28, "lowerLetter", "bb"),
        (3, "upperLetter", "C"),
        (14, "lowerRoman", "xiv"),
        (1949, "upperRoman", "MCMXLIX"),
        (12, "decimalFullWidth", "\uff11\uff12"),
        (7, "decimalZero", "07"),
        (5, "bullet", ""),
        (5, "none", ""),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (9, "somethingNew", "9"),
    ],
)
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_bullet_level_has_no_number() -> None:
    doc = Document()
    add_numbering(doc, {92: lvl(0, "bullet", "\uf0b7")}, {94: "<w:abstractNumId w:val='92'/>"})
    add_xml(doc, numbered("要点", 94))
    assert [p.numbering for p in read_docx(reopen(doc))] == [""]


# ── headings and bold ────────────────────────────────────────────────────────────────────────────


def test_heading_levels() -> None:
    doc = Document()
    doc.add_heading("标题", level=0)
    doc.add_heading("一、总体情况", level=1)
    doc.add_heading("（一）学习方面", level=2)
    doc.add_paragraph("正文")
    add_xml(doc, p_xml(r("大纲三级"), ppr="<w:outlineLvl w:val='2'/>"))
    add_xml(doc, p_xml(r("正文级别"), ppr="<w:outlineLvl w:val='9'/>"))
    mine = doc.styles.add_style("MyHead", WD_STYLE_TYPE.PARAGRAPH)
    mine.element.get_or_add_pPr().append(parse_xml(f"<w:outlineLvl {NS} w:val='1'/>"))
    doc.styles.add_style("MyHeadChild", WD_STYLE_TYPE.PARAGRAPH).base_style = mine
    doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("自定义", style="MyHead")
    doc.add_paragraph("继承", style="MyHeadChild")
    doc.add_paragraph("中文名", style="标题 3")
    got = read_docx(reopen(doc))
    assert [(p.heading_level, p.style) for p in got] == [
        (0, "Title"),
        (1, "Heading 1"),
        (2, "Heading 2"),
        (0, ""),
        (3, ""),
        (0, ""),
        (2, "MyHead"),
        (2, "MyHeadChild"),
        (3, "标题 3"),
    ]


def test_bold_prefix() -> None:
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("问题一：").bold = True
    p.add_run("学习不深入。")
    doc.add_paragraph().add_run("全部加粗").bold = True
    doc.add_paragraph("不加粗")
    p = doc.add_paragraph()
    p.add_run("  ")
    p.add_run("前导空白").bold = True
    p.add_run("正文")
    p = doc.add_paragraph()
    p.add_run("加粗").bold = True
    p.add_run("  正文")  # trailing non-bold spaces are not part of the prefix
    p = doc.add_paragraph()
    p.add_run(" ").bold = True
    p.add_run("正文")  # only a bold space: no prefix
    strong = doc.styles.add_style("Strong2", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    p = doc.add_paragraph()
    p.add_run("字符样式", style="Strong2")
    p.add_run("正文")
    doc.add_heading("整段标题", level=1)  # bold from the paragraph style
    p = doc.add_heading("", level=1)
    p.add_run("取消").bold = False
    p.add_run("加粗")
    got = read_docx(reopen(doc))
    assert [p.bold_prefix for p in got] == [4, 4, 0, 6, 2, 0, 4, 4, 0]
