"""Links by similarity (issue 3): the distinctive-word similarity and the evidence a gap finding gives."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

import workbench
from workbench.categorizing import score
from workbench.linking import combine, components, link, nearest, profiles, settings
from workbench.tokenizing import GENERAL_IDF_DEFAULT, general_idf

REPORT = """一、存在的问题
1.开拓创新意识不强。对智慧工地等新手段的推广一直停留在试点阶段，年轻同志提出用无人机巡检代替人工巡线，我担心费用问题，迟迟没有拍板。
2.联系群众不够经常。今年只到沿线村组走访过两次，对群众反映的扬尘问题跟踪不及时。
二、原因剖析
1.担当精神不足，求稳怕乱，对新技术新做法不敢尝试，遇到难题首先想到规避责任。
2.群众观念淡薄，没有站在群众的角度想问题。
三、整改措施
1.每月至少到现场协调2次；明年6月底前在2个在建项目上推广无人机巡检。
2.每季度走访一次沿线村组，建立群众诉求台账，3个工作日内回应。
"""


def _profiles(text: str):
    o = workbench.parse(workbench.read(text))
    return o, profiles(o.items, {i.id: score(i.text) for i in o.items})


def test_general_idf_comes_with_jieba_and_keeps_only_common_words():
    idf = general_idf()
    assert len(idf) > 50_000
    assert idf["工作"] < idf["担当"] < GENERAL_IDF_DEFAULT
    assert all(v < GENERAL_IDF_DEFAULT for v in list(idf.values())[:1000])


def test_a_rare_word_shared_by_a_problem_and_one_remedy_is_distinctive():
    o, prof = _profiles(REPORT)
    s = settings()
    rare = components(prof["P1"], prof["R1"], s)[4]
    assert rare > 0.3  # 无人机, 巡检: in these two items only, rare in general Chinese
    assert components(prof["P1"], prof["R2"], s)[4] == 0.0
    assert ("P1", "R1") in {(x.source, x.target) for x in link(o, {i.id: score(i.text) for i in o.items})}


def test_everyday_words_are_not_distinctive():
    text = REPORT.replace("用无人机巡检代替人工巡线", "检查时间安排").replace("推广无人机巡检", "做好检查时间安排")
    _, prof = _profiles(text)
    assert "检查" not in prof["P1"].distinct  # idf 6.0, below the floor
    assert components(prof["P1"], prof["R1"], settings())[4] < 0.2


def test_the_distinctive_words_decide_a_link_that_nothing_else_supports():
    s = settings()
    assert s.rare_weight > 0
    assert 0 < s.rare_floor < GENERAL_IDF_DEFAULT
    text = REPORT.replace(
        "年轻同志提出用无人机巡检代替人工巡线，我担心费用问题，迟迟没有拍板。", "无人机巡检一直没有推开。"
    )
    text = text.replace(
        "1.每月至少到现场协调2次；明年6月底前在2个在建项目上推广无人机巡检。", "1.明年6月底前完成无人机巡检。"
    )
    o, _ = _profiles(text)
    scored = {i.id: score(i.text) for i in o.items}
    pairs = lambda t: {(x.source, x.target) for x in link(o, scored, t)}  # noqa: E731
    alone = replace(s, category_weight=0.0, word_weight=0.0, bigram_weight=0.0, headline_weight=0.0, cover=1.0)
    assert ("P1", "R1") in pairs(alone)  # the distinctive words alone make this link …
    assert ("P1", "R2") not in pairs(alone)  # … and no other
    assert ("P1", "R1") in pairs(s)


def test_a_gap_finding_names_the_nearest_remedy_and_the_problem_it_answers():
    text = REPORT.replace(
        "2.每季度走访一次沿线村组，建立群众诉求台账，3个工作日内回应。\n", ""
    )  # the remedy of problem 2 is gone
    r = workbench.review(text)
    gap = next(f for f in r.findings if f.rule == "WB201")
    assert gap.target == "P2"
    near = nearest(r.outline, "P2", "R")
    assert near is not None
    assert near.item.id == "R1"
    assert "措施1" in gap.message
    assert "请针对这个问题补充整改措施" in gap.message


def test_no_gap_when_every_problem_is_answered():
    r = workbench.review(REPORT)
    assert not [f for f in r.findings if f.rule in ("WB201", "WB202")]


VIA = """一、存在的问题
1.理论学习不够深入。全年只读了两本原著，学习笔记多是摘抄。
2.化解矛盾纠纷存在“推绕躲”倾向。一起邻里宅基地纠纷双方反复报警，我几次以民事纠纷为由推给司法所，没有主动协调。
二、原因剖析
1.理论学习的自觉性不强，满足于读文件、记笔记。
2.宗旨意识有所弱化，怕麻烦、怕担责，对群众的急难愁盼感情不深。
三、整改措施
1.每周自学不少于3小时，年内精读原著3本，每季度写一篇学习体会。
2.深化新时代“枫桥经验”，增强宗旨意识：与司法所建立矛盾纠纷联调机制，对反复报警的纠纷由所领导包案，把群众的急难愁盼当作自己的事。
"""


def test_a_problem_takes_the_cause_of_the_remedy_that_answers_it():
    r = workbench.review(VIA)
    by_pair = {(x.source, x.target): x for x in r.links}
    assert by_pair["P2", "R2"].basis == "similarity"  # 纠纷, 报警, 司法所
    assert by_pair["C2", "R2"].basis == "similarity"  # 宗旨意识, 急难愁盼
    via = by_pair["P2", "C2"]  # the problem's own words never reach the cause
    assert via.basis == "via_remedy"
    assert via.evidence == ("经措施2",)
    assert not [f for f in r.findings if f.rule == "WB202"]
    # without the remedy's bridge the problem has no cause
    alone = workbench.review(VIA.replace("增强宗旨意识：", "").replace("，把群众的急难愁盼当作自己的事", ""))
    assert ("P2", "C2") not in {(x.source, x.target) for x in alone.links}
    assert [f.target for f in alone.findings if f.rule == "WB202"] == ["P2"]


def test_an_unknown_category_similarity_is_left_out_not_taken_as_a_mismatch():
    s = settings()
    known = combine((0.0, 0.5, 0.5, 0.5, 0.5), s)
    unknown = combine((math.nan, 0.5, 0.5, 0.5, 0.5), s)
    assert unknown == pytest.approx(0.5)
    assert known < unknown
    _, prof = _profiles(VIA)
    assert not prof["P2"].categories  # 矛盾纠纷, 推绕躲: no category word
    assert math.isnan(components(prof["P2"], prof["R2"], s)[0])
