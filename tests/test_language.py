"""WB4xx language rules: exact spans on slips, silence on correct Chinese, and the samples' gold."""

import json
import re

import pytest
from conftest import SAMPLES, SEED, SHARED

import workbench
from workbench.knowledge import load


def spans(text: str, rule: str) -> list[str]:
    """The wrong text of each finding of ``rule`` ("WB402") on pasted ``text``."""
    r = workbench.review(text)
    return [r.text[f.start : f.end] for f in r.findings if f.rule == rule]


def messages(text: str, rule: str) -> list[str]:
    return [f.message for f in workbench.review(text).findings if f.rule == rule]


# ── WB401 formulation ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("本人对习近平新时代中国特色思想学习不深。", "习近平新时代中国特色思想"),
        ("学习习近平中国特色社会主义思想不够系统。", "习近平中国特色社会主义思想"),
        ("运用习近平新时代社会主义思想指导实践。", "习近平新时代社会主义思想"),
        ("坚持以习近平新时期中国特色社会主义思想为指导。", "习近平新时期中国特色社会主义思想"),
        ("紧密团结在以习近平总书记为核心的党中央周围。", "以习近平总书记为核心的党中央"),
        ("深刻领悟“两个确定”的决定性意义。", "两个确定"),
        ("树牢“四种意识”，坚定“四种自信”。", "四种意识"),
        ("落实“一岗两责”还有差距。", "一岗两责"),
        ("没有养成用武装头脑的习惯。", "用武装头脑"),
        ("践行以民为中心的发展思想。", "以民为中心"),
        ("履行全面从紧治党主体责任。", "全面从紧治党"),
        ("坚持民主集中原则不够严格。", "民主集中"),
        ("认真贯彻民主集中，发扬民主。", "民主集中"),
        ("学习党的20大精神不深入。", "党的20大"),
        ("运用马克斯主义观点分析问题。", "马克斯主义"),
        ("“三课一会”有时走过场。", "三课一会"),
        ("构建以国内循环为主体的新发展格局。", "以国内循环为主体"),
        ("实现中华民族伟大振兴的中国梦。", "中华民族伟大振兴"),
        ("发展全过程民主。", "全过程民主"),
        ("传承中华传统优秀文化。", "中华传统优秀文化"),
    ],
)
def test_formulation_flags_the_wrong_wording_exactly(text, wrong):
    assert wrong in spans(text, "WB401")


def test_formulation_names_the_right_wording_and_the_place():
    text = "一、存在问题\n1.理论学习不够深入。落实“一岗两责”不到位。"
    assert messages(text, "WB401") == ["问题1中的“一岗两责”表述不规范，应为“一岗双责”。"]


@pytest.mark.parametrize("entry", load("formulations")["formulation"], ids=lambda e: e["right"])
def test_each_right_formulation_triggers_nothing(entry):
    text = f"认真学习{entry['right']}，坚持{entry['right']}。"
    for rule in ("WB401", "WB402", "WB404"):
        assert spans(text, rule) == [], rule


@pytest.mark.parametrize(
    "text",
    [
        "深入学习习近平经济思想、习近平法治思想和习近平强军思想。",
        "十九大报告指出，创立了新时代中国特色社会主义思想。",
        "履行全面从严管党治党主体责任，做到“两个坚决维护”。",
        "充分发扬民主、集中正确意见，坚持民主集中制原则。",
        "坚持以人为本，以居民为中心开展服务，增强“四个意识”、坚定“四个自信”。",
        "不忘初心，方得始终；不忘初心、牢记使命。",
        "准确把握新发展阶段，贯彻新发展理念，构建新发展格局。",
    ],
)
def test_formulation_leaves_correct_wording_alone(text):
    assert spans(text, "WB401") == []


# ── WB402 typo ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("我有时迫不急待地把矛盾上交。", "迫不急待", "迫不及待"),
        ("处理村务凭老经验，按步就班。", "按步就班", "按部就班"),
        ("遇到新问题一愁莫展。", "一愁莫展", "一筹莫展"),
        ("放松了自我要求，降低额工作质量和标准。", "降低额", "降低了"),
        ("在研判问题的高度有存在差距。", "有存在差距", "存在差距"),
        ("运用习近平新时代中国特色社会主义思想的中蕴含的立场观点方法。", "思想的中蕴含", "思想中蕴含"),
        ("积极向优秀党员靠齐，保持良好状态。", "靠齐", "看齐"),
        ("强化靠齐意识。", "靠齐", "看齐"),
        ("跟年轻人的的想法也有距离。", "的的", "的"),
        ("我已经完成了了这项任务。", "了了", "了"),
        ("这是是我的问题。", "是是", "是"),
        ("对上级的布署落实不到位。", "布署", "部署"),
        ("大部份时间用在事务上。", "部份", "部分"),
        ("工作做风不够扎实。", "做风", "作风"),
        ("抓住关健少数。", "关健", "关键"),
        ("心浮气燥，急于求成。", "心浮气燥", "心浮气躁"),
        ("思想上有所松驰。", "松驰", "松弛"),
        ("既使发现了问题也只是说说了事。", "既使", "即使"),
        ("工作上循规蹈距，缺乏创新。", "循规蹈距", "循规蹈矩"),
        ("做到警钟常鸣。", "警钟常鸣", "警钟长鸣"),
    ],
)
def test_typo_flags_the_slip_exactly_and_says_what_to_write(text, wrong, right):
    r = workbench.review(text)
    found = [f for f in r.findings if f.rule == "WB402"]
    assert [r.text[f.start : f.end] for f in found] == [wrong]
    assert f"“{wrong}”应为“{right}”" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "降低额度，提高额度，减少额外负担，取得额定产能。",
        "成本降低额为5万元。",
        "活动的目的的实现，为了了解情况，不了了之，取得了了不起的成绩。",
        "实实在在，的的确确，和和美美。",
        "我现在在岗位上，存在在思想上的差距。",
        "请参与与会人员讨论；温和和谐。",
        "一把把钥匙，把把关作用发挥好。",
        "问题就是是否落实到位，但是是非要分清。",
        "依靠齐心协力，对所有存在问题的单位逐一督导。",
        "此次活动的目的中包含三项内容。",
        "常常、天天、人人、时时、处处、层层都要抓，工作捉襟见肘。",
        "既使群众满意，又使干部受到教育。",
        "既使发展成果惠及群众，又使干部得到锻炼。",
        "发布署名文章，做风险评估，讲有关健康的知识，全部份额。",
        "向党中央看齐，增强看齐意识。",
    ],
)
def test_typo_leaves_correct_chinese_alone(text):
    assert spans(text, "WB402") == []


def test_every_right_form_in_typos_toml_triggers_nothing():
    data = load("typos")
    rights = sorted({right for _, right in data["idioms"] + data["words"]})
    text = "。".join(f"我们要{right}" for right in rights) + "。"
    assert spans(text, "WB402") == []
    assert len(rights) >= 60


def test_every_wrong_form_in_typos_toml_is_flagged_on_its_own():
    data = load("typos")
    for wrong, right in data["idioms"] + data["words"]:
        r = workbench.review(f"我们要{wrong}。")
        found = [f for f in r.findings if f.rule == "WB402"]
        assert [r.text[f.start : f.end] for f in found] == [wrong], wrong
        assert f"应为“{right}”" in found[0].message


def test_typos_toml_pairs_are_unique_and_differ():
    data = load("typos")
    wrongs = [w for w, _ in data["idioms"] + data["words"]]
    assert len(wrongs) == len(set(wrongs))
    assert all(w != r for w, r in data["idioms"] + data["words"])


# ── WB403 punctuation ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("办事方式存在“经验主义”,还不能够创造性地完成工作。", ","),
        ("把压力转换为动力,积极主动作为。", ","),
        ("问题在于;思想不够重视。", ";"),
        ("主要问题如下:", ":"),
        ("为什么会这样?值得反思。", "?"),
        ("工作不够扎实，，效率不高。", "，，"),
        ("工作不够扎实，。", "，。"),
        ("学习、、调研都不够。", "、、"),
        ("存在“等靠要思想，没有主动作为。", "“"),
        ("存在等靠要”思想，没有主动作为。", "”"),
        ("认真学习《党章，对照检查。", "《"),
        ("认真学习党章）对照检查。", "）"),
    ],
)
def test_punctuation_flags_the_mark_exactly(text, wrong):
    assert spans(text, "WB403") == [wrong]


def test_punctuation_reports_a_quote_typed_the_wrong_way_round_once():
    text = "存在“经验主义“，还不能够创造性地完成工作。"
    r = workbench.review(text)
    found = [f for f in r.findings if f.rule == "WB403"]
    assert [(f.start, r.text[f.start : f.end]) for f in found] == [(text.index("义") + 1, "“")]
    assert "右引号" in found[0].message


def test_punctuation_reports_a_closing_quote_typed_the_wrong_way_round():
    text = "只讲“包”不讲”扶”，帮扶流于形式。"
    r = workbench.review(text)
    found = [(f.start, f.message) for f in r.findings if f.rule == "WB403"]
    assert len(found) == 1
    assert found[0][0] == text.index("讲”") + 1
    assert "左引号" in found[0][1]


def test_punctuation_says_which_full_width_mark_to_use():
    [message] = messages("压力转换为动力,积极作为。", "WB403")
    assert message.endswith("中的半角逗号“,”应改为全角逗号“，”。")


@pytest.mark.parametrize(
    "text",
    [
        "完成率提高1.5倍，比例为3:2，时间10:30。",
        "1. 理论学习不深入。\n2.工作作风不扎实。\n1、调研不够。",
        "(1)学习不够。\n（一）对照要求方面\n(一)对照标准方面\n1）学习不深。\n2)调研不够。",
        "工作有待加强……还要继续努力——这是差距。",
        "用Word,Excel和WPS;APP等软件办公，见附件1,2。",
        "他说：“我们要继续努力。\n“明年我们要做得更好。”",
        "树牢“四个意识”，学习《中国共产党章程》（2022年修订）。",
        "谈“学习“四个意识”的体会”。",
        "主要有：1）学习不够；2）调研不够；a) 作风不实。",
    ],
)
def test_punctuation_leaves_numbers_markers_and_latin_alone(text):
    assert spans(text, "WB403") == []


# ── WB404 repeated-word ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("下一步，我们我们要加强学习。", "我们我们"),
        ("要进一步进一步加强理论学习。", "进一步进一步"),
        ("平时学习学习不够系统。", "学习学习"),
        ("这是工作工作中的短板。", "工作工作"),
    ],
)
def test_repeated_word_flags_the_doubled_word_exactly(text, wrong):
    assert spans(text, "WB404") == [wrong]


def test_repeated_word_calls_colloquial_doubling_colloquial():
    [message] = messages("遇到问题总说研究研究再定。", "WB404")
    assert "口语叠用" in message
    assert "“研究”" in message
    [message] = messages("下一步，我们我们要加强学习。", "WB404")
    assert "接连写了两遍" in message


@pytest.mark.parametrize(
    "text",
    [
        "认认真真学习，干干净净做事，方方面面都要抓好。",
        "问题要一一整改，一个一个地解决，一件事一件事地抓实。",
        "三三两两，七七八八，常常反思。",
        "按时召开基层党组织组织生活会。",
        "不能说自己如何如何，任务还很多很多。",
        "想着想着就明白了。",
        "但也带来越来越多的烦恼，根据根据地的经验。",
        "特别是去年一年一些问题没有解决。",
    ],
)
def test_repeated_word_leaves_reduplication_and_word_junctions_alone(text):
    assert spans(text, "WB404") == []


# ── the samples and the seed against their gold readings ───────────────────────────────────────


def _gold() -> list:
    """(path, gold entry) for every sample and, when ../shared is beside this checkout, the seed."""
    entries = [(SAMPLES / e["file"], e) for e in json.loads((SAMPLES / "gold.json").read_text("utf-8"))]
    if SEED.exists():
        corpus = json.loads((SHARED / "corpus" / "gold.json").read_text("utf-8"))
        entries += [(SEED.parent / e["file"], e) for e in corpus]
    return [pytest.param(path, entry, id=path.name) for path, entry in entries]


def _squash(s: str) -> str:
    return re.sub(r"\s", "", s)


@pytest.mark.parametrize(("path", "gold"), _gold())
def test_language_findings_match_the_gold_typos_and_punctuation(path, gold):
    r = workbench.review(path)
    words = [(f, r.text[f.start : f.end]) for f in r.findings if f.rule in ("WB401", "WB402")]
    for typo in gold.get("typos", []):
        assert any(typo["wrong"] in found for _, found in words), typo
    for _, found in words:
        assert any(t["wrong"] in found for t in gold.get("typos", [])), found
    marks = [f for f in r.findings if f.rule == "WB403"]
    contexts = [_squash(r.text[f.start - 8 : f.end + 8]) for f in marks]
    for expected in gold.get("halfwidth_punct", []):
        assert any(_squash(expected) in c for c in contexts), expected
    assert len(marks) == len(gold.get("halfwidth_punct", []))
    assert [r.text[f.start : f.end] for f in r.findings if f.rule == "WB404"] == []
