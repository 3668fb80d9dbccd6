"""WB302–WB307 on short reports: what each rule flags, what it leaves alone (near misses included),
and how it does on the samples and the seed against their gold readings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import workbench
from workbench.model import Severity

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
SEED = ROOT.parent / "shared" / "corpus" / "seed.txt"
QUALITY = ("WB302", "WB303", "WB305", "WB306", "WB307")


def report(problem: str = "理论学习不够深入。我今年只读了3篇原文。", cause: str = "思想上重视不够。",
           remedy: str = "每周自学不少于3小时。", title: str = "个人检视剖析材料") -> str:  # fmt: skip
    return f"{title}\n一、存在的问题\n1.{problem}\n二、原因剖析\n1.{cause}\n三、整改措施\n1.{remedy}"


def hits(text: str, rule_id: str) -> list[tuple[str | None, str]]:
    """(target, flagged words) for each finding of the rule."""
    r = workbench.review(text)
    return [(f.target, r.text[f.start : f.end]) for f in r.findings if f.rule == rule_id]


# ── WB302 objective-cause ────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "cause",
    [
        "工作任务繁重，人手不足，时间精力有限，静不下心来学习。",
        "年龄偏大、精力有限，村里人手也少，上面布置的任务一项接一项，慢慢地对自己的要求也就放松了。",
        "人手少，身兼数职。中心在编人员只有四人，经常顾此失彼。",
        "平时工作繁忙，事务性工作多，加上分管工作多，学习时间很少。",
        "客观上基础薄弱、条件有限，很多工作难以推进。",
        "由于身体原因，加上家中有事需要照顾老人，参加组织生活不够经常。",
    ],
)
def test_a_cause_that_blames_circumstances_is_flagged(cause: str) -> None:
    found = hits(report(cause=cause), "WB302")
    assert [t for t, _ in found] == ["C1"]


@pytest.mark.parametrize(
    "cause",
    [
        "虽然工作任务重，但根本在于思想上对理论学习的重要性认识不足，放松了对自己的要求，党性锻炼有所放松。",
        "总是以工作忙、任务重为借口，放松了理论学习，说到底是理想信念不够坚定。",
        "宗旨意识有所淡化，把服务群众当成了例行公事。",
        "在机关工作时间长了，满足于按部就班，对自己的要求有所降低。",
        "担任副局长时间长了，遇到难题先想稳妥，怕担责任。",
    ],
)
def test_a_cause_that_reaches_subjective_roots_is_not_flagged(cause: str) -> None:
    assert hits(report(cause=cause), "WB302") == []


def test_objective_cause_quotes_the_terms_and_points_at_the_first() -> None:
    r = workbench.review(report(cause="工作任务繁重，人手不足，时间精力有限。"))
    (f,) = [f for f in r.findings if f.rule == "WB302"]
    assert r.text[f.start : f.end] == "任务繁重"
    assert "原因1" in f.message
    assert "“人手不足”" in f.message


# ── WB303 vague-remedy ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "remedy",
    [
        "进一步加强理论学习。坚持不懈抓好政治理论学习，不断提高政治素质和理论水平，切实做到学以致用。",
        "进一步增强宗旨意识，牢固树立以人民为中心的思想，始终把群众利益放在首位。",
        "进一步加强作风建设。严格遵守中央八项规定精神，自觉接受组织和群众监督。",
        "不忘初心、牢记使命，以更高的标准严格要求自己，争做新时代合格党员。",
        "加强理论学习，坚持用习近平新时代中国特色社会主义思想武装头脑，做到学思用贯通、知信行统一。",
        "以先进模范为镜子，始终不忘初心，进一步增强责任感，努力做一名让党放心、让人民满意的好老师。",
        "退休不褪色。始终牢记自己是一名共产党员，继续发挥余热，为社区建设贡献自己的一份力量。",
        "管好八小时以外。严格自律，慎独慎微，自觉净化社交圈，时刻保持共产党员的良好形象。",
    ],
)
def test_a_remedy_of_slogans_only_is_flagged(remedy: str) -> None:
    found = hits(report(remedy=remedy), "WB303")
    assert [t for t, _ in found] == ["R1"]


@pytest.mark.parametrize(
    "remedy",
    [
        "进一步加强理论学习，每月精读一本党史著作。",  # a slogan plus a frequency
        "不断提高服务水平，6月底前把群众反映的11件诉求逐件办结。",  # slogan plus deadline
        "切实增强纪律意识，建立个人公文办理台账，确保不超时限。",  # slogan plus a mechanism
        "明确年度、季度、月度学习内容，不断加强学习。",  # the seed's borderline remedy 1
        "今后凡遇服务对象赠送礼品，一律当场拒收并当天报告。",
        "管好自己的手机和嘴巴，对拿不准的消息不转发。",  # no marker but no slogans either
        "进一步加强传帮带，今年为每名新入职教师确定一名带教老师。",  # a count, though 为 precedes 每名
        "筑牢廉洁防线。对过问案件的情况做到逢问必录、全面如实报告，主动接受监督。",  # a standing rule
    ],
)
def test_a_remedy_with_a_concrete_marker_is_not_flagged(remedy: str) -> None:
    assert hits(report(remedy=remedy), "WB303") == []


def test_closing_words_after_the_last_remedy_do_not_count_as_a_number() -> None:
    remedy = "加强自我约束，再接再厉，始终做到慎独慎微。\n以上6个方面问题，是我查找出来的，恳请同志们批评帮助。"
    assert [t for t, _ in hits(report(remedy=remedy), "WB303")] == ["R1"]


# ── WB305 boilerplate ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "problem",
    [
        "理论学习不够深入，学深悟透还有差距，入脑入心不够到位，学用脱节的问题不同程度存在。",
        "学习不够系统，存在碎片化现象，浮于表面、浅尝辄止，运用理论指导实践的能力有待提高。",
    ],
)
def test_an_item_dense_with_stock_phrases_is_flagged(problem: str) -> None:
    found = hits(report(problem=problem), "WB305")
    assert [t for t, _ in found] == ["P1"]
    r = workbench.review(report(problem=problem))
    assert {f.severity for f in r.findings if f.rule == "WB305"} == {Severity.INFO}


@pytest.mark.parametrize(
    "problem",
    [
        "理论学习不够深入。今年《习近平著作选读》第二卷22篇只精读了9篇，研讨发言主要复述文件原话。",
        "学习不够深入，有待提高。今年3月支部研讨时我发言准备不充分，对条例中六项纪律的具体条款说不清楚，"
        "会后也没有补学，直到5月警示教育大会后才通读了一遍。",  # two stock phrases among facts
    ],
)
def test_a_concrete_item_with_a_few_stock_phrases_is_not_flagged(problem: str) -> None:
    assert hits(report(problem=problem), "WB305") == []


def test_a_slogan_remedy_is_left_to_wb303_and_not_reported_twice() -> None:
    text = report(remedy="进一步加强理论学习，坚持不懈，不断提高，切实做到学以致用、学用相长。")
    assert hits(text, "WB303")
    assert not hits(text, "WB305")


# ── WB304 vague-problem ──────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "problem",
    [
        "理论学习还不够主动，学习内容不够深入。本人虽然按要求参加学习，但系统性不够，理解不深，运用不够。",
        "工作作风不够扎实，有时满足于完成任务，标准不高、要求不严，还存在一定差距。",
    ],
)
def test_a_problem_without_any_concrete_fact_is_vague(problem: str) -> None:
    assert [t for t, _ in hits(report(problem=problem), "WB304")] == ["P1"]


@pytest.mark.parametrize(
    "problem",
    [
        # habits with their frequency and what others said, no number of one's own
        "工作中存在形式主义倾向。为了应付考核，我要求社区民警每天在工作群里上传入户走访照片；"
        "所里每周一、三、五都开会，民警反映“开会时间比巡逻时间还多”。",
        "为群众办实事不够到位。三组、五组村道没有路灯，西片沟渠淤堵影响了两百多亩农田浇水，我都记在本子上却一直没有落实。",
        "学习浮于表面。支部研讨时我发言多谈业务，给党员上党课时多是照着材料念，讲不出自己的理解。",
        "服务企业不够主动。春耕期间农资价格上涨，种粮大户反映买不到平价化肥，我安排股室了解后就没有再跟进。",
        "抓支部建设用力不够。村里已经两年没有发展年轻党员，香菇大棚项目的分红没有向社员讲清楚。",
    ],
)
def test_a_problem_with_occasions_habits_or_quoted_complaints_is_concrete(problem: str) -> None:
    assert hits(report(problem=problem), "WB304") == []


# ── WB306 disguised-praise ───────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ("工作太投入，经常加班加点，顾不上家庭和身体。", "工作太投入"),
        ("对自己要求过严，有时对下属要求也太严，让同事有压力。", "对自己要求过严"),
        ("过于追求完美，一份材料反复修改，影响了进度。", "过于追求完美"),
        ("性子急，是因为想把工作干好，有时说话语气重。", "性子急，是因为想把工作干好"),
        ("服务群众还有差距。去年我被评为优秀共产党员，但仍需努力。", "被评为"),
    ],
)
def test_a_virtue_posing_as_a_shortcoming_is_flagged(problem: str, words: str) -> None:
    assert hits(report(problem=problem), "WB306") == [("P1", words)]


@pytest.mark.parametrize(
    "problem",
    [
        "工作投入不够，有两次值班迟到，没有按时交接。",
        "只顾工作进度，忽视了现场安全措施的检查。",  # a real shortcoming
        "总觉得自己工作这么多年，取得了一些成绩，对工作的要求有所放松。",  # complacency, self-criticism
        "学习没有取得明显成效，笔记多为摘抄。",
        "对独居老人的健康服务跟进不及时，忽视了老人的实际需求。",
    ],
)
def test_real_shortcomings_are_not_taken_for_praise(problem: str) -> None:
    assert hits(report(problem=problem), "WB306") == []


# ── WB307 collective-subject ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ("有的同志理论学习不够主动，部分党员参加组织生活不积极。", "有的同志"),
        ("我们支部“三会一课”有时走过场，会议记录事后补写。", "我们支部"),
        ("个别干部存在“躺平”思想，对自己要求不严。", "个别干部"),  # 自己 is the 干部, not the author
        ("班子成员中有的同志调查研究不够深入。", "班子成员中"),
        ("有的党员说得多做得少，对自己要求不严。", "有的党员"),  # 说得多 is no quotation of theirs
    ],
)
def test_a_problem_about_others_is_flagged(problem: str, words: str) -> None:
    assert hits(report(problem=problem), "WB307") == [("P1", words)]


@pytest.mark.parametrize(
    "problem",
    [
        "我理论学习不够主动，支部有的同志参加组织生活不积极，我作为支部委员没有及时提醒。",
        "本人对部分党员的思想动态了解不多，谈心谈话流于形式。",
        "对不当言论抵制不坚决。有个别党员在会上发牢骚，自己当时没有站出来讲清政策。",
        "学习不够系统，笔记多为摘抄。",  # no subject at all: not this rule's business
        "支部组织生活质量不高，主题党日多是集中学习文件，有的党员说是“开会加点名”。",  # reported speech
        "服务群众不够主动，部分群众反映办事要跑好几趟。",
    ],
)
def test_a_problem_in_the_first_person_is_not_flagged(problem: str) -> None:
    assert hits(report(problem=problem), "WB307") == []


def test_a_leadership_group_report_may_speak_as_the_group() -> None:
    title = "区发改局领导班子2023年度民主生活会对照检查材料"
    assert hits(report(problem="班子成员中有的同志调查研究不够深入。", title=title), "WB307") == []
    assert hits(report(problem="我们班子抓意识形态工作不够有力。", title=title), "WB307") == []
    assert hits(report(problem="有的同志调查研究不够深入。", title=title), "WB307") == [("P1", "有的同志")]
    member = "区发改局领导班子成员个人对照检查材料"
    assert hits(report(problem="班子成员中有的同志调查研究不够深入。", title=member), "WB307")


# ── the samples and the seed ─────────────────────────────────────────────────────────────────────


def _gold_cases() -> list[tuple[Path, dict]]:
    cases = [(SAMPLES / g["file"], g) for g in json.loads((SAMPLES / "gold.json").read_text("utf-8"))]
    if SEED.exists():
        cases += [(SEED, g) for g in json.loads((SEED.parent / "gold.json").read_text("utf-8"))]
    return [(p, g) for p, g in cases if not g.get("multiple_reports")]


@pytest.mark.parametrize(("path", "gold"), _gold_cases(), ids=lambda x: x.name if isinstance(x, Path) else "")
def test_objective_causes_and_vague_remedies_match_the_gold(path: Path, gold: dict) -> None:
    r = workbench.review(path)
    got = {rule: sorted(int(f.target[1:]) for f in r.findings if f.rule == rule) for rule in ("WB302", "WB303")}
    assert got == {"WB302": sorted(gold["objective_causes"]), "WB303": sorted(gold["vague_remedies"])}


def test_the_clean_sample_gets_nothing_from_these_rules() -> None:
    r = workbench.review(SAMPLES / "s12_clean_targets_street.txt")
    assert [f for f in r.findings if f.rule in QUALITY] == []


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("s*")), ids=lambda p: p.name)
def test_no_praise_or_collective_subject_in_the_samples(path: Path) -> None:
    r = workbench.review(path)
    assert [f for f in r.findings if f.rule in ("WB306", "WB307")] == []
