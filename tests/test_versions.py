"""Versions (issue 7): v1 → v2 with planted fixes and regressions, and 年年提 (WB503) with planted repeats."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest

import workbench
from workbench.checks import CorpusView, run_checks
from workbench.checks.corpus import split_examples
from workbench.checks.history import REPEAT, body, claims, dice, normalise
from workbench.checks.history import RULES as HISTORY_RULES
from workbench.checks.history import repeated_from_last_year as wb503
from workbench.triage import Decision, Status, finding_key
from workbench.versions import (
    compare_versions,
    last_year_context,
    match_items,
    repeated_from_last_year,
    with_last_year,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
S11 = (SAMPLES / "s11_yishi_items_township.txt").read_text("utf-8")


@cache
def samples() -> tuple[workbench.Review, ...]:
    return tuple(workbench.review(p) for p in sorted(SAMPLES.glob("s*")))


def _spans(review: workbench.Review, findings) -> set[tuple[str, str]]:
    return {(f.rule, review.text[f.start : f.end]) for f in findings}


# ── v1 → v2 ──────────────────────────────────────────────────────────────────────────────────────

_FOURTH = S11[S11.index("四是开拓创新") : S11.index("五是纪律作风")]
V2 = (
    S11.replace("姓名：____", "姓名：李明")  # fix: a placeholder filled
    .replace("变本加利", "变本加厉")  # fix: a typo
    .replace("产生了松劲懈怠思想", "产生了松劲懈怠思想，工作按步就班")  # regression: a new typo
    .replace(_FOURTH, "")  # regression: a problem removed (一是…三是、五是)
    .replace(  # a reviewer-confirmed problem rewritten
        "群众对此有意见。", "群众对此有意见。今年秋收时有两户农户反映农机补贴问题，我拖了半个月才答复。"
    )
)
CONFIRMED = {("P1", "R1"), ("P2", "R2"), ("P4", "R3"), ("C1", "R3")}


@pytest.fixture(scope="module")
def v1() -> workbench.Review:
    return workbench.review(S11)


@pytest.fixture(scope="module")
def v2() -> workbench.Review:
    return workbench.review(V2)


def test_planted_fixes_are_resolved_and_regressions_are_new(v1, v2):
    diff = compare_versions(v1, v2, CONFIRMED)
    # the gap rules (WB201/WB202) hang on similarity, not on what changed between the versions: the
    # removed fourth problem may take its gap finding with it
    sure = lambda spans: {x for x in spans if not x[0].startswith("WB20")}  # noqa: E731
    assert sure(_spans(v1, diff.resolved)) == {("WB301", "____"), ("WB402", "变本加利")}
    assert _spans(v1, diff.resolved) <= {("WB301", "____"), ("WB402", "变本加利"), ("WB201", "开拓创新精神不足。")}
    assert sure(_spans(v2, diff.new)) == {("WB402", "按步就班"), ("WB102", "五是")}
    kept = {(old.rule, v1.text[old.start : old.end]) for old, _ in diff.persisting}
    assert ("WB301", "20**年") in kept
    assert {"WB301", "WB302", "WB303", "WB305"} <= {r for r, _ in kept} <= {"WB301", "WB302", "WB303", "WB305", "WB202"}
    assert len(diff.persisting) + len(diff.resolved) == len(v1.findings)
    assert len(diff.persisting) + len(diff.new) == len(v2.findings)
    assert all(old.start != new.start for old, new in diff.persisting)  # matched by text, not offsets
    assert diff.summary == {
        "resolved": len(diff.resolved),
        "new": len(diff.new),
        "persisting": len(v1.findings) - len(diff.resolved),
        "suspect_links": 2,
    }


def test_items_are_matched_across_versions_though_their_numbers_shift(v1, v2):
    ids = {a: b for a, b, _ in match_items(v1, v2)}
    assert ids["P1"] == "P1"
    assert ids["P5"] == "P4"  # 五是 is the fourth problem now
    assert "P4" not in ids  # 四是 was removed
    assert {ids[c] for c in ("C1", "C2", "C3")} == {"C1", "C2", "C3"}


def test_a_confirmed_link_becomes_suspect_when_its_problem_changes(v1, v2):
    diff = compare_versions(v1, v2, CONFIRMED)
    suspect = {(x.source, x.target): x for x in diff.suspect_links}
    assert set(suspect) == {("P2", "R2"), ("P4", "R3")}
    assert "问题2的表述已修改" in suspect["P2", "R2"].reason
    assert 0.7 < suspect["P2", "R2"].similarity < 1
    assert suspect["P4", "R3"].new_source is None
    assert "已删除" in suspect["P4", "R3"].reason
    assert diff.carried_links(CONFIRMED) == {("P1", "R1"), ("C1", "R3")}


def test_decisions_follow_persisting_findings(v1, v2):
    diff = compare_versions(v1, v2)
    old, new = next((a, b) for a, b in diff.persisting if a.rule == "WB303")
    resolved = diff.resolved[0]
    decisions = {finding_key(old): Decision(Status.DISMISSED, "可以接受"), finding_key(resolved): Decision()}
    assert diff.carried(decisions) == {finding_key(new): Decision(Status.DISMISSED, "可以接受")}


def test_identical_versions_differ_in_nothing(v1):
    diff = compare_versions(v1, workbench.review("\n\n" + S11), CONFIRMED)  # offsets shifted by two
    assert not diff.resolved
    assert not diff.new
    assert not diff.suspect_links
    assert len(diff.persisting) == len(v1.findings)


# ── 年年提 ───────────────────────────────────────────────────────────────────────────────────────

THIS_YEAR = """个人对照检查材料

一、上年度整改落实情况
上年度查摆的服务群众的意识有所淡化问题已整改到位，全年下村入户86次。工作标准不够高的问题尚未整改到位，仍需持续整改。

二、存在的主要问题
一是理论学习不够系统深入。平时忙于具体业务工作，学习多是跟着支部集中学，自学的主动性不强，学习内容不够全面，\
对党的创新理论的理解还停留在表面，运用理论指导农业技术推广工作的能力还有待提高。今年市里组织的乡村振兴政策培训，\
我因为下乡检查缺席了两次，事后也没有及时补学。
二是服务群众的意识仍有淡化。今年汛期有3户农户反映大棚积水，我在电话里答应第二天去，结果因为开会拖到第四天才到现场，\
造成部分蔬菜受损，群众意见很大。
三是工作标准不够高。今年高标准农田建设验收时，我负责的档案资料缺了12份施工日志，被县里通报，暴露出我对档案工作只求过得去的问题。
四是执行财务制度不严格。报销下乡补助时有4张票据事由填写不规范，被财务退回重填。

三、产生问题的原因
一是主观上放松了对自己的要求，宗旨意识淡化。
二是纪律规矩意识不强。

四、整改措施
一是每季度通读1本原著，年底前写出2篇心得。
二是每月下村入户不少于6次，群众诉求24小时内回应。
三是6月底前补齐农田建设档案，建立资料清单。
四是3月底前学习财务报销制度，票据当月核对。
"""


def test_planted_repeats_are_found_and_the_rest_is_not(v1):
    this = workbench.review(THIS_YEAR)
    found = {r.problem: r for r in repeated_from_last_year(v1, this)}
    assert set(found) == {"P1", "P2"}
    copied, claimed = found["P1"], found["P2"]
    assert (copied.kind, copied.last_problem) == ("repeated", "P1")  # copied with small edits
    assert copied.similarity > 0.9
    assert (claimed.kind, claimed.last_problem) == ("claimed-done", "P2")  # claimed done, recurs reworded
    assert claimed.similarity < REPEAT <= claimed.headline_similarity
    assert "已整改到位" in claimed.claim
    # P3 came back with a new example but was never claimed done; P4 is new
    assert last_year_context(v1, this) == (
        ("P1", copied.last_headline, copied.similarity),
        ("P2", claimed.last_headline, claimed.similarity),
    )


def test_wb503_flags_the_repeats_with_their_similarity(v1):
    this = with_last_year(workbench.review(THIS_YEAR), v1)
    flagged = {f.target: f for f in this.findings if f.rule == "WB503"}
    assert set(flagged) == {"P1", "P2"}
    assert "几乎相同（相似度 97%）" in flagged["P1"].message
    assert "已整改到位" in flagged["P2"].message
    assert this.text[flagged["P1"].start : flagged["P1"].end] == "一是理论学习不够系统深入。"
    assert with_last_year(this, v1).findings == this.findings  # idempotent
    view = CorpusView(reports=4)
    assert with_last_year(this, v1, view).findings == this.findings


def test_wb503_finds_nothing_without_last_year():
    this = workbench.review(THIS_YEAR)
    assert not [f for f in this.findings if f.rule == "WB503"]
    corpus = CorpusView(reports=3)  # a branch view with no last year
    assert not run_checks(this.document, this.outline, corpus=corpus, only=HISTORY_RULES)


@pytest.mark.parametrize(("example", "expected"), [(wb503.flagged, {"P1"}), (wb503.clean, set())])
def test_the_rule_examples_behave(example, expected):
    last, this = (workbench.review(t) for t in split_examples(example))
    assert {f.target for f in with_last_year(this, last).findings if f.rule == "WB503"} == expected


def _edit(text: str, rng: random.Random) -> str:
    """Small edits a member makes when copying last year's problem: numbers, a sentence, two words."""
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 3)), text)
    sentences = re.split(r"(?<=[。；])", text)
    if len(sentences) > 2:
        sentences.insert(rng.randrange(1, len(sentences)), "对此我负有直接责任。")
    text = "".join(sentences)
    for _ in range(2):
        i = rng.randrange(len(text) - 2)
        text = text[:i] + "有些" + text[i + 2 :]
    return text


def test_the_threshold_separates_planted_copies_from_other_members_problems():
    problems = [(k, p) for k, r in enumerate(samples()) for p in r.problems]
    rng = random.Random(1)
    copies = [dice(body(p), normalise(_edit(p.text, rng)[len(p.marker) :])) for _, p in problems]
    others = [max(dice(body(p), body(q)) for j, q in problems if j != k) for k, p in problems]
    print(
        f"\n{len(problems)} problems: planted copies ≥ {min(copies):.2f}, other reports' problems ≤ {max(others):.2f}"
    )
    assert min(copies) >= REPEAT + 0.15
    assert max(others) <= REPEAT - 0.25


def test_no_sample_report_repeats_another_members():
    reviews = samples()
    flagged = [
        (a.document.name, b.document.name)
        for a in reviews
        for b in reviews
        if a is not b and repeated_from_last_year(a, b)
    ]
    assert flagged == []


def test_claims_of_done_remedies():
    text = "上年度查摆的问题已全部整改到位。A问题已整改到位，B问题仍在持续整改。C问题尚未整改到位。已完成7条。"
    found = claims(text)
    assert [(c.sentence, c.general) for c in found] == [
        ("上年度查摆的问题已全部整改到位", True),
        ("A问题已整改到位", False),
        ("已完成7条", False),
    ]
    assert all(text[c.start : c.end].strip("，") == c.sentence for c in found)
