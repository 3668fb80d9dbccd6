"""Report shapes → outlines. Each text is a small report written the way real drafts are."""

import pytest
from conftest import review_text

from workbench.model import SectionKind


def heads(items):
    return [i.headline for i in items]


def test_the_seed_is_read_as_its_gold_reading(seed_review):
    o = seed_review.outline
    assert [s.kind for s in o.sections] == [
        SectionKind.PREAMBLE,
        SectionKind.PROBLEMS,
        SectionKind.CAUSES,
        SectionKind.REMEDIES,
        SectionKind.CLOSING,
    ]
    assert (len(o.problems), len(o.causes), len(o.remedies)) == (7, 3, 2)
    assert o.framework.id == "four-comparisons-2021"
    assert [p.dimension for p in o.problems] == ["D1", "D1", "D2", "D2", "D3", "D4", "D4"]
    assert o.problems[6].headline == "协助配合力度不够，落实“一岗双责”还有差距。"
    assert [c.number for c in o.causes] == ["1", "2", "3"]


def test_unnumbered_section_titles_with_yishi_paragraphs_as_items():
    r = review_text(
        "个人检视剖析材料\n"
        "存在的问题\n"
        "一是理论学习不够深入。去年只读了两本书。\n"
        "二是服务群众不够主动。下村走访次数偏少。\n"
        "原因分析\n"
        "一是学习的自觉性不强。\n"
        "二是宗旨意识有所淡化。\n"
        "整改措施\n"
        "一是每月读一本原著。\n"
        "二是每周下村走访一次。\n"
    )
    o = r.outline
    assert heads(o.problems) == ["理论学习不够深入。", "服务群众不够主动。"]
    assert [p.number for p in o.problems] == ["一", "二"]
    assert len(o.causes) == 2
    assert len(o.remedies) == 2


def test_a_headline_alone_on_its_line_takes_the_body_below_it():
    r = review_text(
        "一、存在的问题\n"
        "（一）理论学习有差距\n"
        "本人满足于参加集中学习，自学时间少，全年笔记不足一万字。\n"
        "（二）担当精神不够强\n"
        "面对信访积案，存在畏难情绪。\n"
        "二、原因剖析\n（一）学习自觉性不强。\n"
        "三、整改措施\n（一）每月读一本原著。\n"
    )
    o = r.outline
    assert heads(o.problems) == ["理论学习有差距", "担当精神不够强"]
    assert "全年笔记不足一万字" in o.problems[0].text
    assert not o.dimensions


def test_items_written_inline_in_one_paragraph_are_split():
    r = review_text(
        "一、存在的问题\n"
        "对照检查，本人主要存在以下问题：一是理论学习不够系统，碎片化明显。二是调查研究不深入，走访只有4次。三是创新意识不强。\n"
        "二、原因剖析\n主观上放松了学习。\n"
        "三、整改措施\n每月读一本原著。\n"
    )
    assert heads(r.outline.problems) == [
        "理论学习不够系统，碎片化明显。",
        "调查研究不深入，走访只有4次。",
        "创新意识不强。",
    ]


def test_yishi_sub_points_stay_inside_their_numbered_problem():
    r = review_text(
        "一、存在的问题\n"
        "1.理论学习不够深入。一是学习时间不足。二是学用结合不够。\n"
        "2.调查研究不够扎实。\n"
        "一是走访次数少。\n"
        "二是蹲点调研少。\n"
        "二、原因剖析\n1.学习自觉性不强。\n三、整改措施\n1.每月读一本原著。\n"
    )
    o = r.outline
    assert heads(o.problems) == ["理论学习不够深入。", "调查研究不够扎实。"]
    assert "蹲点调研少" in o.problems[1].text


def test_causes_and_remedies_written_inside_each_problem_are_linked_to_it():
    r = review_text(
        "一、查摆问题及原因剖析\n"
        "（一）理论学习不够深入。全年只读了两本书。\n"
        "原因：学习的自觉性不强。\n"
        "整改措施：每月读一本原著，年底前写出3篇体会。\n"
        "（二）服务群众不够主动。下村走访只有4次。\n"
        "原因分析：宗旨意识有所淡化。\n"
        "整改措施：每周下村走访一次。\n"
    )
    o = r.outline
    assert heads(o.problems) == ["理论学习不够深入。", "服务群众不够主动。"]
    assert heads(o.causes) == ["学习的自觉性不强。", "宗旨意识有所淡化。"]
    assert [c.problem for c in o.causes] == ["P1", "P2"]
    assert [m.problem for m in o.remedies] == ["P1", "P2"]
    assert "原因" not in o.problems[0].text
    assert {(x.source, x.target) for x in r.links} == {("P1", "C1"), ("P1", "R1"), ("P2", "C2"), ("P2", "R2")}


def test_ordinal_and_sequence_words_as_the_item_level():
    r = review_text(
        "一、存在的问题\n第一，政治理论学习不够深。\n第二，服务意识不够强。\n"
        "二、原因剖析\n首先，理想信念有所松懈。\n其次，宗旨意识淡化。\n最后，纪律要求放松。\n"
        "三、整改措施\n①每月读一本原著。\n②每周走访一次。\n"
    )
    o = r.outline
    assert [p.number for p in o.problems] == ["一", "二"]
    assert [c.number for c in o.causes] == ["首先", "其次", "最后"]
    assert [m.number for m in o.remedies] == ["①", "②"]


def test_problems_assigned_to_discipline_dimensions_by_keyword_without_headings():
    r = review_text(
        "按照党纪学习教育要求，对照“六项纪律”检视如下。\n"
        "一、存在的问题\n"
        "1.在政治纪律方面，对错误言论没有及时抵制。\n"
        "2.在廉洁纪律方面，节日期间收受过土特产。\n"
        "二、原因剖析\n1.纪律意识淡薄。\n三、整改措施\n1.每月学习一次纪律处分条例。\n"
    )
    o = r.outline
    assert o.framework.id == "six-disciplines-2024"
    titles = {d.id: d.title for d in o.dimensions}
    assert [titles[p.dimension] for p in o.problems] == ["政治纪律", "廉洁纪律"]


def test_an_unknown_framework_keeps_the_headings_as_dimensions():
    r = review_text(
        "一、存在的问题\n"
        "（一）在服务企业方面\n1.上门服务次数少，全年只走访了5家企业。\n"
        "（二）在窗口作风方面\n2.办件超时，有3件超过承诺时限。\n"
        "二、原因剖析\n1.服务意识不强。\n三、整改措施\n1.每月走访企业两家。\n"
    )
    o = r.outline
    assert o.framework.id is None
    assert [d.title for d in o.dimensions] == ["在服务企业方面", "在窗口作风方面"]
    assert [p.dimension for p in o.problems] == ["D1", "D2"]


def test_long_dimension_headings_closed_by_fangmian_are_headings_and_long_problem_lines_are_not():
    head = "（一）在深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”方面\n"
    tail = "二、原因剖析\n1.政治站位不够高。\n三、整改措施\n1.每周五下午自学，年内精读原著3本。\n"
    r = review_text(
        "一、存在的问题\n" + head + "1.贯彻落实上级部署有温差，全镇400亩整治任务没有按期完成。\n"
        "（二）在带头学习贯彻习近平新时代中国特色社会主义思想，坚持用党的创新理论武装头脑方面\n"
        "1.理论学习不够深入，全年只读了两本原著。\n" + tail
    )
    o = r.outline
    assert len(head) - 4 > 40
    assert [p.dimension for p in o.problems] == ["D1", "D2"]
    assert o.dimensions[0].title.endswith("做到“两个维护”方面")
    # a long line that does not close with 方面 stays an item, as before
    r = review_text(
        "一、存在的问题\n（一）在担当作为方面\n"
        "1.对耕地保护和粮食安全工作的重大意义认识不够深刻推进整治时考虑经营户意见多考虑大局少的作风问题\n" + tail
    )
    assert [d.title for d in r.outline.dimensions] == ["在担当作为方面"]
    assert len(r.outline.problems) == 1


def test_two_reports_in_one_file_are_not_merged():
    r = review_text(
        "篇一\n一、存在的问题\n1.理论学习不够系统。\n二、整改措施\n1.每月精读一篇原著。\n"
        "篇二\n一、存在的问题\n1.调查研究不够深入。\n2.创新不足。\n二、整改措施\n1.每季度下基层调研一次。\n"
    )
    assert len(r.outline.reports) == 2
    assert heads(r.outline.problems) == ["理论学习不够系统。"]
    assert any(f.name == "multiple-reports" for f in r.findings)


def test_a_previous_rectification_part_is_its_own_section_and_not_counted():
    r = review_text(
        "一、上年度整改措施落实情况\n去年查摆的5个问题已整改3个。\n"
        "二、存在的问题\n1.理论学习不够系统。\n2.创新不足。\n"
        "三、原因剖析\n1.学习的自觉性不强。\n四、整改措施\n1.每月读一本原著。\n"
    )
    o = r.outline
    assert o.section(SectionKind.PREVIOUS) is not None
    assert len(o.problems) == 2
    assert not any(f.name == "stated-count-mismatch" for f in r.findings)


def test_stated_counts_are_compared_with_the_items():
    r = review_text(
        "一、存在的问题\n1.理论学习不够系统。\n2.创新不足。\n3.作风不实。\n"
        "二、原因剖析\n产生以上4个问题的原因主要有以下两点。\n1.学习的自觉性不强。\n2.宗旨意识淡化。\n"
        "三、整改措施\n1.每月读一本原著。\n"
    )
    mismatches = [f for f in r.findings if f.name == "stated-count-mismatch"]
    assert len(mismatches) == 1
    assert "4个问题" in mismatches[0].message


@pytest.mark.parametrize(
    "closing",
    [
        "以上是我的检视剖析，不足之处，请支部同志们批评帮助。",
        "以上对照检查材料如有不当，请大家批评帮助。",
        "以上发言，不妥之处，恳请各位领导和同志们批评指正。",
    ],
)
def test_the_closing_words_end_the_last_remedy(closing):
    r = review_text(
        "一、存在的问题\n1.理论学习不够系统。\n二、原因剖析\n1.学习的自觉性不强。\n"
        "三、整改措施\n1.每月读一本原著，年底前写3篇体会。\n" + closing + "\n"
    )
    assert r.outline.remedies[-1].text.rstrip().endswith("写3篇体会。")


def test_an_ordinal_is_no_stated_count():
    r = review_text(
        "一、存在的问题\n1.理论学习不够系统。\n2.创新不足。\n3.作风不实。\n"
        "二、原因剖析\n1.学习的自觉性不强。\n"
        "三、整改措施\n1.每月读一本原著。\n2.针对第二个问题，年内牵头完成1个创新项目。\n"
        "3.针对第十二个问题和这一个问题，每一条措施都建立台账。\n"
    )
    assert r.outline.stated_counts == ()
    assert not [f for f in r.findings if f.name == "stated-count-mismatch"]


def test_pdf_wrapped_text_is_rejoined_into_paragraphs():
    body = (
        "本人在理论学习方面存在明显不足，满足于参加集中学习，自学的时间少，读原著、学原文不够，"
        "对新思想的理解停留在字面上，没有真正做到学深悟透、融会贯通，指导实践的能力不强。"
    )
    page = body * 3
    wrapped = "\n".join(page[i : i + 28] for i in range(0, len(page), 28))
    text = (
        "一、存在的问题\n1.理论学习不够深入。\n"
        + wrapped
        + "\n- 2 -\n"
        + wrapped
        + "\n二、原因剖析\n1.学习的自觉性不强。\n"
    )
    r = review_text(text)
    assert r.text.count(page) == 2
    assert "- 2 -" not in r.text
    assert any("PDF" in n for n in r.document.notices)


def test_yishi_items_written_inline_under_dimension_headings_are_split():
    r = review_text(
        "根据区委关于召开民主生活会的通知要求，班子成员围绕六个方面进行了对照检查。\n"
        "一、对照检查情况\n"
        "（一）在带头坚定拥护“两个确立”、坚决做到“两个维护”方面\n"
        "一是贯彻落实决策部署的系统性不够。二是政治敏锐性不强，回应不及时。\n"
        "（二）在带头强化理论武装方面\n"
        "一是学习的系统性不够，专题研讨只有2次。二是学用结合不紧密。\n"
        "二、问题产生的原因\n一是理想信念有所弱化。二是宗旨意识有所淡化。\n"
        "三、整改措施\n一是每月开展一次专题学习。二是年底前完成轮训。\n"
    )
    o = r.outline
    assert o.framework.id == "democratic-life-six-aspects"
    assert heads(o.problems) == [
        "贯彻落实决策部署的系统性不够。",
        "政治敏锐性不强，回应不及时。",
        "学习的系统性不够，专题研讨只有2次。",
        "学用结合不紧密。",
    ]
    assert [p.dimension for p in o.problems] == ["D1", "D1", "D2", "D2"]
    assert (len(o.causes), len(o.remedies)) == (2, 2)
    assert not any(f.name == "numbering-broken" for f in r.findings)


def test_sections_named_di_yi_bu_fen_and_items_with_bold_headlines():
    r = review_text(
        "第一部分 存在的问题\n"
        "理论学习不够深入。本人满足于集中学习，全年自学笔记不足一万字。\n"
        "服务群众不够主动。全年下村走访只有4次，群众反映的2件事没有跟踪到底。\n"
        "第二部分 原因剖析\n"
        "学习的自觉性不强，把学习当任务。\n"
        "第三部分 整改措施\n"
        "每月读一本原著，年底前写出3篇体会。\n"
    )
    o = r.outline
    assert heads(o.problems) == ["理论学习不够深入。", "服务群众不够主动。"]
    assert (len(o.causes), len(o.remedies)) == (1, 1)
