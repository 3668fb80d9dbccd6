#!/usr/bin/env python3
"""Generate the .docx sample reports in sample_reports/ (deterministically).

    .venv/bin/python scripts/make_sample_docx.py [OUTDIR]

Three documents, each exercising a way real Word files carry their structure:

- s02_six_disciplines_autonum.docx: Word automatic numbering. The numbers 一、 （一） 1. ①
  exist only in word/numbering.xml (w:abstractNum / w:lvl with w:numFmt chineseCounting,
  decimal, decimalEnclosedCircle and w:lvlText "%1、", "（%1）", "%1.", "%1"); the paragraphs
  point at them through w:numPr, so `paragraph.text` has no number at all.
- s03_theme_areas_headings_table.docx: heading styles ("Heading 1" for the sections,
  "Heading 2" for the four dimension headings, numbers typed in the text), problems numbered
  "1．", causes "第一，", and the remedies section laid out as a table (序号 | 整改措施 | 完成时限).
- s06_other_framework_bold.docx: no heading styles and no automatic numbering; headings are
  bold-only paragraphs, items open with a bold lead run ("1.xxx。" bold, body plain), and some
  problems are a bold headline alone on its own line with the body in the next paragraph(s).

The text is original sample text written for this project. Output is byte-for-byte stable:
core properties carry fixed dates and the zip entries a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
FIXED = dt.datetime(2024, 1, 1, 9, 0, 0)
ZIP_TIME = (2024, 1, 1, 9, 0, 0)
BODY_FONT = "仿宋_GB2312"


# ---------------------------------------------------------------- helpers
def new_document(title: str) -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)  # 三号
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    cp = doc.core_properties
    cp.title = title
    cp.author = "sample"
    cp.last_modified_by = "sample"
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    return doc


def add_list(doc: Document, num_id: int, fmt: str, text: str, indent_twips: int = 640) -> int:
    """Add a single-level abstract numbering definition and a w:num pointing at it.

    The abstract id equals the num id (both start at 20, clear of the template's 0-9).
    """
    numbering = doc.part.numbering_part.element
    absn = OxmlElement("w:abstractNum")
    absn.set(qn("w:abstractNumId"), str(num_id))
    nsid = OxmlElement("w:nsid")
    nsid.set(qn("w:val"), f"{0x5A000000 + num_id:08X}")
    absn.append(nsid)
    mlt = OxmlElement("w:multiLevelType")
    mlt.set(qn("w:val"), "singleLevel")
    absn.append(mlt)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (
        ("w:start", "1"),
        ("w:numFmt", fmt),
        ("w:suff", "nothing"),
        ("w:lvlText", text),
        ("w:lvlJc", "left"),
    ):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "0")
    ind.set(qn("w:firstLine"), str(indent_twips))
    ppr.append(ind)
    lvl.append(ppr)
    absn.append(lvl)
    # every w:abstractNum must precede the first w:num
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(num_id))
    num.append(ref)
    numbering.append(num)
    return num_id


def para(
    doc: Document,
    text: str = "",
    *,
    style: str | None = None,
    num: int | None = None,
    bold: bool = False,
    lead: str | None = None,
    center: bool = False,
    indent: bool = True,
):
    """One paragraph. `lead` is a bold run placed before `text`; `num` a numId from add_list."""
    p = doc.add_paragraph(style=style)
    if num is not None:
        numpr = p._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = num
    elif indent and not center and style is None:
        p.paragraph_format.first_line_indent = Pt(32)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if lead:
        p.add_run(lead).bold = True
    if text:
        p.add_run(text).bold = bold
    return p


def title(doc: Document, text: str, sub: str | None = None) -> None:
    p = para(doc, text, bold=True, center=True)
    p.runs[0].font.size = Pt(22)  # 二号
    if sub:
        para(doc, sub, center=True)


def save(doc: Document, path: Path) -> None:
    """Save with fixed zip timestamps so the bytes do not depend on the clock."""
    buf = io.BytesIO()
    doc.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    path.write_bytes(out.getvalue())


# ---------------------------------------------------------------- s02: automatic numbering
S02_PROBLEMS = [
    (
        "政治纪律方面",
        "对政治纪律的认识停留在“不出格”层面。过去我认为政治纪律主要是对领导干部的要求，自己作为一般干部"
        "只要不说错话、不办错事就行。今年上半年，在一个同学微信群里看到有人转发未经核实的所谓“养老金改革"
        "内部方案”，我作为人社部门的工作人员，没有及时澄清和提醒，还随手点了赞，事后想起来十分后悔。",
    ),
    (
        "组织纪律方面",
        "执行请销假制度不够严格。3月份我因家中有事提前半天离岗，只在微信上跟同事说了一声，第二天才向科长"
        "补请假；5月份外出参加培训回来后，也没有及时向办公室报告返岗情况，没有严格按规定履行手续。",
    ),
    (
        "廉洁纪律方面",
        "廉洁自律的警惕性不够高。春节前，一家定点培训机构的工作人员以“感谢支持”为名送来一箱水果，我虽然"
        "当场婉拒，但没有按要求向科室负责人报告；平时与服务对象单位人员一起吃工作餐时，对是否符合规定考虑"
        "不多，对“小节”问题的敏感性不强。",
    ),
    (
        "群众纪律方面",
        "服务群众存在“冷硬推”苗头。在政务服务大厅窗口轮岗期间，有一位七十多岁的老人来咨询社保卡补办，"
        "我按流程让他先回家在手机上预约，没有帮他现场操作，老人来回跑了两趟才办成，家属还为此打了投诉电话。",
    ),
    (
        "工作纪律方面",
        "执行工作纪律有时打折扣。上班时间偶尔浏览与工作无关的网页和短视频；我负责的公文流转工作中，上半年"
        "经手的公文有2件超过规定时限才办结，其中1件是市政府办公室的督办件，被通报提醒。",
    ),
    (
        "生活纪律方面",
        "对八小时以外的自我要求有所放松。节假日和朋友聚会时有时饮酒较多，第二天上班精神状态受影响；对网络"
        "购物、直播打赏等消费也缺乏节制，没有意识到党员身份在生活中同样要严格要求。",
    ),
]
S02_CAUSES = [
    "纪律意识不牢。对《条例》的学习满足于读条文、记要点，没有结合岗位想一想哪些行为是红线、哪些是底线，"
    "以致对政治纪律、廉洁纪律的理解出现偏差，对“小节”的危害认识不足。",
    "宗旨意识有所淡化。把自己当成按程序办事的“办事员”，习惯于从流程出发而不是从群众需要出发，忘记了"
    "人社工作直接关系群众切身利益，对群众的难处体会不深。",
    "自我要求有所降低。觉得自己是普通科员，“小事小节”无关大局，对请销假、公文时限和业余生活这些方面"
    "要求不严，放松了自我约束和自我监督。",
]
S02_REMEDIES = [
    "深入学习党章党规。每周用不少于2小时自学《条例》和典型案例，9月底前完成全部章节的学习笔记，在支部"
    "研讨时作一次交流发言；在网上看到涉及本系统的不实信息，及时向科室报告并按口径澄清。",
    "严守廉洁底线。今后凡遇服务对象赠送礼品，一律当场拒收并当天向科室负责人报告，做到事事有记录；不参加"
    "可能影响公正执行公务的宴请。",
    "提升服务群众的温度。在窗口工作中落实“首问负责”，对老年人等群体主动帮办代办，每月回访一次自己经办的群众事项。",
    "严格遵守工作纪律和请销假制度，离岗一律事前书面请假，建立个人公文办理台账，每周五对照台账清理一次在办"
    "文件，确保不超时限。",
    "加强自我约束，再接再励，自觉接受组织和群众监督，始终做到慎独慎微、慎始慎终。",
]


def make_s02(out: Path) -> None:
    doc = new_document("党纪学习教育个人检视剖析材料")
    sec = add_list(doc, 20, "chineseCounting", "%1、")
    dim = add_list(doc, 21, "chineseCounting", "（%1）")
    prob = add_list(doc, 22, "decimal", "%1.")
    cause = add_list(doc, 23, "decimal", "%1.")
    rem = add_list(doc, 24, "decimalEnclosedCircle", "%1")
    title(doc, "党纪学习教育个人检视剖析材料", "市人力资源和社会保障局办公室  一级科员")
    para(
        doc,
        "今年4月以来，按照局机关党委关于开展党纪学习教育的部署，我逐章逐条学习了新修订的《中国共产党"
        "纪律处分条例》，参加了支部组织的4次集中研讨和1次警示教育，认真观看了警示教育片，对照政治纪律、"
        "组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律“六项纪律”，结合本职工作和思想实际，共查找出"
        "6个方面的问题。现剖析如下。",
    )
    para(doc, "存在的问题", num=sec, bold=True)
    for heading, body in S02_PROBLEMS:
        para(doc, heading, num=dim, bold=True)
        para(doc, body, num=prob)
    para(doc, "产生问题的原因", num=sec, bold=True)
    for body in S02_CAUSES:
        para(doc, body, num=cause)
    para(doc, "整改措施", num=sec, bold=True)
    for body in S02_REMEDIES:
        para(doc, body, num=rem)
    para(doc, "以上6个方面问题，是我对照“六项纪律”查找出来的，恳请同志们批评帮助。")
    save(doc, out / "s02_six_disciplines_autonum.docx")


# ---------------------------------------------------------------- s03: heading styles + table
S03_DIMENSIONS = [
    (
        "（一）学习贯彻党的创新理论情况",
        [
            "1．学习习近平新时代中国特色社会主义思想不够系统。主题教育开展以来，我按要求读了《习近平著作选读》"
            "第一卷的指定篇目，但第二卷只读了其中几篇，学习笔记多为摘抄，缺少自己的体会；对总书记关于教育的"
            "重要论述，往往是备课需要时才查找相关段落，没有通读原文。",
            "2．用党的创新理论指导教学实践不够。在课堂上落实立德树人根本任务，多依靠教材中现成的思政元素，"
            "自己主动挖掘的少，本学期上的两节校级公开课，教案中的德育目标都写得比较空泛，学生反映“听不出"
            "和课文有什么联系”。",
        ],
    ),
    (
        "（二）党性修养提高情况",
        [
            "3．开展批评与自我批评不够大胆。在教研组评课时，对同事课堂上的明显问题我往往只讲优点，怕伤和气；"
            "对别人给自己提的意见，有时心里不服气，觉得对方不了解情况。",
            "4．对照党员标准自我要求有所松懈。评上高级职称以后，觉得“该有的都有了”，参加支部政治学习时偶尔"
            "看手机、批改作业，学习效果打了折扣，有两次支部主题党日因为监考请假后也没有补学。",
        ],
    ),
    (
        "（三）联系服务群众情况",
        [
            "5．与学生家长沟通不够主动。本学期班里有3名学生成绩明显下滑，我只在家长会上统一通报了情况，没有"
            "逐一家访或电话沟通，有家长反映有事找不到老师，对学生家庭的实际困难了解得也不够。",
        ],
    ),
    (
        "（四）发挥先锋模范作用情况",
        [
            "6．在教学改革中带头作用发挥不够。学校推进“双减”作业设计改革，我所在教研组的分层作业方案迟迟"
            "拿不出来，我作为教研组长和党员，习惯于沿用老办法，没有带头攻关。",
            "7．帮带青年教师的责任落实不够。学校安排我结对帮带2名新入职教师，一学期只听了他们4节课，指导多"
            "停留在口头，没有帮助他们制定成长计划。",
        ],
    ),
]
S03_CAUSES = [
    "第一，理想信念的根基还不够牢固。把理论学习当成“软任务”，认为教好书就是对党负责，忽视了政治理论对"
    "教书育人的指导作用，导致学用脱节，育人工作缺少高度和深度。",
    "第二，党性锻炼有所放松。评上职称以后产生了“船到码头车到站”的想法，进取心减弱，对自己的要求从"
    "“做表率”降为“不掉队”，开展批评和自我批评也怕得罪人。",
    "第三，以学生为中心的意识树得不牢。把主要精力放在课堂教学和考试成绩上，对学生家庭和成长的全面关心"
    "不够，没有把家长的需求放在心上。",
]
S03_REMEDIES = [
    (
        "1",
        "制定个人学习计划，每周读原著原文不少于3小时，每月撰写一篇学习体会，在教研组内交流。",
        "长期坚持，12月底前读完第二卷重点篇目",
    ),
    (
        "2",
        "每学期至少设计4个融入思政元素的教学课例，在公开课教案中写明育人目标和实现路径，请教研组同事评议。",
        "2024年1月底前",
    ),
    ("3", "对成绩波动的学生逐一家访或电话沟通，建立家校沟通记录，每月至少与家长联系一次。", "即日起，每月"),
    (
        "4",
        "牵头成立分层作业设计小组，每两周组织一次集体备课，拿出本学科分层作业方案；为2名青年教师制定成长"
        "计划，每周听课不少于1节。",
        "2023年12月底前",
    ),
]


def make_s03(out: Path) -> None:
    doc = new_document("主题教育专题组织生活会个人检视剖析材料")
    title(doc, "主题教育专题组织生活会个人检视剖析材料", "（第二中学语文教研组长  教师党员）")
    para(
        doc,
        "按照学校党总支关于召开学习贯彻习近平新时代中国特色社会主义思想主题教育专题组织生活会的安排，"
        "我认真学习了规定篇目，与支部委员、教研组同事谈心交流，并通过问卷收集了学生和家长的意见建议，"
        "围绕学习贯彻党的创新理论情况、党性修养提高情况、联系服务群众情况、发挥先锋模范作用情况四个"
        "方面，查找差距、剖析根源。现将个人检视剖析情况报告如下。",
    )
    doc.add_heading("一、检视出的主要问题", level=1)
    for heading, items in S03_DIMENSIONS:
        doc.add_heading(heading, level=2)
        for body in items:
            para(doc, body)
    doc.add_heading("二、问题产生的根源", level=1)
    para(doc, "对照以上问题，我深刻反思，主要有以下三个方面的根源。")
    for body in S03_CAUSES:
        para(doc, body)
    doc.add_heading("三、整改措施", level=1)
    para(doc, "针对上述问题，我制定了以下整改措施，请支部和同志们监督。")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("序号", "整改措施", "完成时限"), strict=True):
        cell.text = head
        cell.paragraphs[0].runs[0].bold = True
    for row in S03_REMEDIES:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    para(doc, "以上是我的个人检视剖析，不妥之处，恳请各位同志批评指正。")
    save(doc, out / "s03_theme_areas_headings_table.docx")


# ---------------------------------------------------------------- s06: bold lead runs
# ("b", text): bold-only paragraph; ("lead", bold, plain): bold lead run + plain text;
# ("p", text): plain paragraph
S06_BODY = [
    ("b", "一、存在的主要问题"),
    ("b", "（一）在政治理论学习方面"),
    (
        "lead",
        "1.学习党的二十大精神满足于“读过了”。",
        "党的二十大召开后，我按照街道党工委要求参加了两次集中宣讲，也在社区给居民宣讲过一次，但宣讲稿主要是"
        "从网上下载后改编的，自己对报告中关于基层治理、共同富裕的论述没有深入研读，居民问到具体政策时答不上来。",
    ),
    ("b", "2.学用结合存在“两张皮”"),
    (
        "p",
        "在社区工作中，理论学习和实际工作还没有真正结合起来。今年社区开展老旧小区改造意见征集，我更多是照章"
        "发放问卷、收集表格，没有运用党的群众路线的方法深入研究不同居民的诉求，导致改造方案前后调整了两次，"
        "部分居民有怨言。",
    ),
    ("b", "（二）在履职尽责方面"),
    (
        "lead",
        "3.抓社区治理创新办法不多。",
        "看到兄弟社区的“居民议事厅”“楼栋管家”搞得有声有色，自己不甘败下风，也照搬成立了居民议事会，但一年"
        "只开过两次会，议事规则、成果运用都没有跟上，议事会流于形式。",
    ),
    ("b", "4.疫情防控后期出现松懈情绪"),
    (
        "p",
        "12月防控政策优化调整以后，我觉得任务轻了，对辖区独居老人、重点人群的健康服务跟进不及时，有两位高龄"
        "老人发热后是邻居帮忙送医的，我事后才知道。",
    ),
    ("p", "这件事对我触动很大，暴露出自己在关键时刻责任心不够强、工作标准降低的问题。"),
    ("b", "（三）在联系服务居民方面"),
    (
        "lead",
        "5.接待居民有时缺乏耐心。",
        "居民到社区办理证明、咨询政策时，遇到反复询问的情况，我有时语气生硬，今年有一位居民在满意度测评中给了"
        "“不满意”，理由是“态度冷淡”。",
    ),
    ("b", "（四）在纪律作风方面"),
    ("b", "6.执行考勤和财务制度不够严格"),
    (
        "p",
        "有几次因为私事上班迟到，没有按规定请假；社区活动经费报销时，有一张发票的事由填写不规范，被街道财务"
        "退回重新办理。",
    ),
    ("b", "二、产生问题的原因"),
    (
        "lead",
        "1.理论学习的内在动力不足。",
        "把学习看成上级布置的任务，满足于参加了、宣讲了，没有把学习作为提高社区治理能力的根本途径，导致学用脱节。",
    ),
    (
        "lead",
        "2.干事创业的精气神有所减退。",
        "在社区工作了十年，产生了“熬资历”的想法，对新问题新情况研究不够，工作满足于跟着走、不落后，缺少开拓"
        "进取的劲头。",
    ),
    (
        "lead",
        "3.群众观念有所弱化。",
        "对居民的事情缺少将心比心，把服务居民当成了例行公事，对独居老人等困难群体的冷暖放在心上不够。",
    ),
    ("b", "三、整改措施"),
    (
        "lead",
        "1.在学深悟透上下功夫。",
        "每周安排两个半天自学党的二十大报告原文，每月撰写一篇学习笔记；3月底前结合社区实际重新撰写宣讲稿，面向"
        "居民宣讲不少于4次；老旧小区改造后续征求意见时逐楼入户听取意见。",
    ),
    (
        "lead",
        "2.在创新治理上求突破。",
        "完善居民议事会议事规则，每月召开一次议事会，议定事项在15天内落实并公示；学习借鉴兄弟社区“楼栋管家”"
        "做法，上半年在3个小区试点。",
    ),
    (
        "lead",
        "3.在服务居民上用真情。",
        "建立独居老人、重点人群服务台账，每周电话联系一次、每月上门一次；接待居民做到“一次讲清、一次办结”，每季度"
        "开展一次满意度回访。",
    ),
    (
        "lead",
        "4.在遵规守纪上作表率。",
        "严格遵守社区考勤制度，因事离岗一律事前请假；经费报销前本人逐张审核票据。",
    ),
]


def make_s06(out: Path) -> None:
    doc = new_document("2022年度组织生活会个人对照检查材料")
    title(doc, "2022年度组织生活会个人对照检查材料", "（和平里社区党委委员、居委会副主任）")
    para(
        doc,
        "根据街道党工委关于召开2022年度基层党组织组织生活会的通知要求，会前我认真学习了党的二十大报告"
        "和党章，参加了社区党委的集中学习研讨，通过居民座谈会、入户走访、设置意见箱等方式征求意见建议"
        "14条，与社区党委书记和其他委员逐一谈心谈话。结合社区工作实际，我从政治理论学习、履职尽责、联系"
        "服务居民、纪律作风四个方面进行了对照检查，现报告如下。",
    )
    for kind, *rest in S06_BODY:
        if kind == "b":
            para(doc, rest[0], bold=True)
        elif kind == "lead":
            para(doc, rest[1], lead=rest[0])
        else:
            para(doc, rest[0])
    para(doc, "以上是我的对照检查，请各位党员同志批评指正。")
    save(doc, out / "s06_other_framework_bold.docx")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "sample_reports"
    out.mkdir(parents=True, exist_ok=True)
    make_s02(out)
    make_s03(out)
    make_s06(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
