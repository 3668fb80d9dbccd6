"""雷同 detection (workbench.similarity): planted copies are found with exact evidence; boilerplate never counts.

The corpus: the 15 sample reports plus generated reports. A generated report has the shared notice
opening, framework headings, closing and stock sentences (学深悟透, 进一步加强…); its own sentences are
drawn by word chains over the samples with nouns and verbs swapped for dictionary words, so reports
share the samples' short phrases the way real reports share 套话, while a paragraph that would share
20 normalised characters with a sample or another report is drawn again: every report is distinct and
only the planted copies are shared beyond boilerplate. ``make_corpus`` is also used by
benchmarks/bench_similarity.py.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import time
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pytest

import workbench
from workbench import similarity
from workbench.similarity import (
    Pair,
    boilerplate_threshold,
    near_duplicates,
    sentence_commonness,
    standard_boilerplate,
)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_reports"

OPENING = (
    "按照上级党委关于召开专题组织生活会的通知要求，我认真学习规定篇目，广泛征求意见建议，"
    "深入查摆问题不足，现检视剖析如下。"
)
HEADINGS = (
    "一、存在的问题",
    "（一）对照党中央和习近平总书记的号召和要求方面",
    "（二）对照新时代合格党员标准方面",
    "（三）对照入党誓词方面",
    "（四）对照革命先辈和先进模范方面",
    "二、产生问题的原因",
    "三、整改措施",
)
CLOSING = "以上检视剖析，不妥之处，请批评指正。"
STOCK = (
    "在今后的工作中，我将进一步加强理论学习，做到学深悟透、融会贯通、真信笃行。",
    "始终把人民群众放在心中最高位置，切实增强宗旨意识，全心全意为人民服务。",
    "以更高的标准、更严的要求、更实的作风推动各项工作落实，努力创造一流业绩。",
    "进一步加强作风建设，严格遵守中央八项规定精神，自觉接受组织和群众监督。",
    "坚持用习近平新时代中国特色社会主义思想武装头脑、指导实践、推动工作。",
    "不断提高政治判断力、政治领悟力、政治执行力，做到学思用贯通、知信行统一。",
    "时刻保持清醒头脑，慎独慎微、慎始慎终，守住拒腐防变的防线。",
    "发扬党的优良传统，保持斗争精神，敢于担当、善于作为，争做新时代合格党员。",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡"
    "余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红梅鹏辉建国志文斌亮宇浩凯健俊帆鑫欣琳雪晨阳春海波峰森"
PLACE = "桥溪河山湾塘岭坪岗林坝沟庄营堡洲泉湖石松柏桃杏枫槐柳梨竹梅荷兴安和顺丰盛福寿康宁"
PLACE_KIND = ("村", "社区", "小区", "网格", "片区", "街道")
TOPICS = (
    "理论学习", "调查研究", "服务群众", "执行制度", "抓落实", "开拓创新", "廉洁自律", "组织生活", "学用结合",
    "担当作为", "请示报告", "自我批评", "联系群众", "文稿把关", "安全管理", "项目督办", "意识形态", "财务审批",
    "信访接待", "政策宣讲", "谈心谈话", "队伍带动", "统计报送", "问题整改", "会议精简", "基层走访", "数据核对",
    "资料归档", "应急值守", "窗口服务",
)  # fmt: skip
DEFECTS = (
    "不够系统", "流于形式", "浮于表面", "不够主动", "打了折扣", "有所松懈", "缺乏韧劲", "标准不高", "不够深入",
    "有应付心态", "重形式轻实效", "思路不宽", "没有常态化", "不够及时", "跟踪不够", "存在畏难情绪", "不够严格",
    "方法单一", "效果不明显", "前紧后松",
)  # fmt: skip
CAUSE_TOPICS = ("宗旨意识", "理想信念", "党性修养", "纪律意识", "担当精神", "群众观念", "政治站位", "进取精神")
CAUSE_DEFECTS = ("有所淡化", "不够坚定", "锤炼不够", "不够牢固", "有所弱化", "还不够高", "有所减退")
REMEDY_TOPICS = ("抓好学习", "改进作风", "严格制度", "密切联系群众", "提升工作质量", "强化廉洁意识")


def _norm(text: str) -> str:
    """Letters, digits and CJK only; a digit run becomes "0" (the same equivalence the module uses)."""
    return re.sub(r"\d+", "0", re.sub(r"[\W_]", "", text))


@functools.cache
def samples() -> tuple[tuple[str, str], ...]:
    """(file stem, ``Review.text``) of every sample report."""
    paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx"))
    return tuple((p.stem, workbench.review(p).text) for p in paths)


@dataclass
class Plant:
    kind: str  # "paragraph" / "sentences" / "report"
    src: int
    dst: int
    src_text: str  # the copied text as it stands in texts[src]
    dst_text: str  # …and as it stands in texts[dst] (names or numbers may differ)


@dataclass
class Corpus:
    texts: list[str]
    plants: list[Plant] = field(default_factory=list)
    generated: range = range(0)  # indices of generated reports

    @property
    def planted_pairs(self) -> set[tuple[int, int]]:
        return {(min(p.src, p.dst), max(p.src, p.dst)) for p in self.plants}


@functools.cache
def _chains() -> tuple[dict[tuple[str, str], list[str]], dict[str, list[str]], dict[str, str]]:
    """Word chains (order 2 and order 1) over the samples' sentences, list markers dropped, and the
    part of speech of every word."""
    import jieba.posseg

    two: dict[tuple[str, str], list[str]] = {}
    one: dict[str, list[str]] = {}
    flags: dict[str, str] = {}
    for _, text in samples():
        for line in text.split("\n"):
            line = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?", "", line)
            for sentence in re.findall(r"[^。！？；]{12,}[。！？；]", line):
                tagged = list(jieba.posseg.cut(sentence))
                flags.update((t.word, t.flag) for t in tagged)
                words = ["^", "^", *(t.word for t in tagged)]
                for i in range(2, len(words)):
                    two.setdefault((words[i - 2], words[i - 1]), []).append(words[i])
                    one.setdefault(words[i - 1], []).append(words[i])
    return two, one, flags


SWAPPED = ("n", "v", "vn", "a", "d")  # parts of speech a generated sentence swaps (nouns, verbs, adjectives…)


@functools.cache
def _vocabulary() -> dict[str, tuple[str, ...]]:
    """Frequent two- and three-character words of jieba's dictionary by part of speech: what a
    generated sentence swaps its nouns and verbs for, so that reports differ as real ones do."""
    import jieba

    out: dict[str, list[str]] = {}
    with jieba.get_dict_file() as f:
        for line in f:
            word, freq, flag = line.decode("utf-8").split()
            if flag in SWAPPED and int(freq) >= 300 and 2 <= len(word) <= 3:
                out.setdefault(flag, []).append(word)
    return {flag: tuple(words) for flag, words in out.items()}


class Generator:
    """Distinct reports whose wording is drawn from the samples by word chains: they share the
    samples' phrases the way real reports share 套话, but no paragraph shares 20 normalised characters
    with a sample or with another report's paragraph (such a paragraph is drawn again)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: dict[str, int] = {}
        for k, (_, text) in enumerate(samples()):
            for g in self._grams(text):
                self.seen.setdefault(g, -1 - k)

    def _grams(self, text: str) -> set[str]:
        n = _norm(text)
        return {n[i : i + 20] for i in range(max(0, len(n) - 19))}

    def _claim(self, owner: int, text: str) -> bool:
        grams = self._grams(text)
        if any(self.seen.get(g, owner) != owner for g in grams):
            return False
        self.seen.update(dict.fromkeys(grams, owner))
        return True

    def person(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2))))

    def place(self) -> str:
        return "".join(self.rng.choices(PLACE, k=2)) + self.rng.choice(PLACE_KIND)

    def sentence(self) -> str:
        two, one, flags = _chains()
        vocabulary = _vocabulary()
        r = self.rng
        while True:
            words, prev2, prev = [], "^", "^"
            while len(words) < 40:
                follow = two.get((prev2, prev)) if r.random() < 0.5 else None
                word = r.choice(follow or one[prev])
                words.append(word)
                if word in "。！？；":
                    break
                prev2, prev = prev, word
            words = [
                r.choice(vocabulary[flags[w]]) if flags.get(w) in vocabulary and r.random() < 0.4 else w for w in words
            ]
            text = "".join(words)
            if 12 <= len(text) <= 80 and text[-1] in "。！？；":
                return text[:-1] + "。"

    def paragraph(self, owner: int, head: str, sentences: int) -> str:
        for _ in range(200):
            text = head + "".join(self.sentence() for _ in range(sentences))
            if self._claim(owner, text):
                return text
        raise AssertionError("the generator could not draw a distinct paragraph")

    def report(self, owner: int) -> list[str]:
        """One report as lines; the four problems are lines 4, 6, 8 and 10."""
        r = self.rng
        unit = self.place()
        stock = r.sample(STOCK, 3)
        lines = [f"{unit}党支部{self.person()}个人检视剖析材料", OPENING, HEADINGS[0]]
        for k in range(4):
            head = f"{k + 1}.{r.choice(TOPICS)}{r.choice(DEFECTS)}。" + (f"在{unit}工作中，" if k == 0 else "")
            lines += [HEADINGS[1 + k], self.paragraph(owner, head, r.choice((2, 3)))]
        lines.append(HEADINGS[5])
        for k in range(3):
            head = f"{k + 1}.{r.choice(CAUSE_TOPICS)}{r.choice(CAUSE_DEFECTS)}。"
            lines.append(self.paragraph(owner, head, r.choice((1, 2))))
        lines += [stock[0], HEADINGS[6]]
        for k in range(3):
            lines.append(self.paragraph(owner, f"{k + 1}.{r.choice(REMEDY_TOPICS)}。", r.choice((1, 2))))
        lines += [stock[1] + stock[2], CLOSING]
        return lines


def _sentences_of(text: str) -> list[str]:
    return re.findall(r"[^。！？；\n]+[。！？；]", text)


def make_corpus(generated: int, seed: int = 7, *, with_samples: bool = True) -> Corpus:
    """The samples (each wrapped in the shared opening and closing) plus ``generated`` reports, with
    planted copies: every 12 generated reports get one paragraph copy, one two-sentence copy with a
    name and a number changed, and one whole report copied with its unit name changed."""
    gen = Generator(seed)
    rng = random.Random(seed + 1)
    texts: list[str] = []
    plants: list[Plant] = []
    if with_samples:
        texts += [f"{OPENING}\n{text}\n{CLOSING}" for _, text in samples()]
    first = len(texts)
    reports = [gen.report(first + k) for k in range(generated)]
    texts += ["\n".join(lines) for lines in reports]
    if with_samples and generated >= 3:
        plants += _plant_from_samples(texts, reports, first)
    # copies between generated reports, in blocks of 12: 3 sources, 3 targets, 6 untouched
    for block in range(first + 3 if with_samples else first, first + generated - 11, 12):
        src, dst, src2, dst2, src3, dst3 = range(block, block + 6)
        # (a) a whole problem paragraph (the longest), renumbered
        body = max((reports[src - first][k].split(".", 1)[1] for k in (4, 6, 8, 10)), key=lambda t: len(_norm(t)))
        reports[dst - first][8] = "3." + body
        plants.append(Plant("paragraph", src, dst, body, body))
        # (b) two sentences (the longest two in a row), with a word in the middle and a number changed
        original = max(
            (
                "".join(pair)
                for k in (4, 6, 8, 10)
                for sentences in [_sentences_of(reports[src2 - first][k])[1:]]
                for pair in itertools.pairwise(sentences)
            ),
            key=lambda t: len(_norm(t)),
        )
        changed = _change_a_word(re.sub(r"\d+", lambda m: str(int(m.group()) + 1), original, count=1), rng)
        reports[dst2 - first][10] += changed
        plants.append(Plant("sentences", src2, dst2, original, changed))
        # (c) the whole report, its unit replaced everywhere and signed by someone else
        lines = reports[src3 - first]
        unit = lines[0].split("党支部")[0]
        new_unit = ("新" if unit[0] != "新" else "兴") + unit[1:]
        copy = [line.replace(unit, new_unit) for line in lines]
        copy[0] = f"{new_unit}党支部{gen.person()}个人检视剖析材料"
        reports[dst3 - first] = copy
        plants.append(Plant("report", src3, dst3, lines[6], copy[6]))
        for k in (dst, dst2, dst3):
            texts[k] = "\n".join(reports[k - first])
    return Corpus(texts, plants, range(first, first + generated))


def _change_a_word(text: str, rng: random.Random) -> str:
    """Two Chinese characters near the middle replaced by two others (a name or a place changed)."""
    middle = len(text) // 2
    at = next(i for i in range(middle, len(text) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", text[i : i + 2]))
    new = "".join(rng.choices([c for c in PLACE if c not in text[at : at + 2]], k=2))
    return text[:at] + new + text[at + 2 :]


def _plant_from_samples(texts: list[str], reports: list[list[str]], first: int) -> list[Plant]:
    """Copies from real samples into the first three generated reports (and one whole sample copy)."""
    names = [name for name, _ in samples()]
    s04 = names.index("s04_theme_targets_soe_gb18030")
    s01 = names.index("s01_four_comparisons_village")
    s12 = names.index("s12_clean_targets_street")
    plants = []
    # (a) s04's third problem, headline and all, into generated report `first`
    sample04 = samples()[s04][1]
    paragraph = next(line for line in sample04.split("\n") if line.startswith("3.坚持原则"))[2:]
    reports[0][6] = "2." + paragraph
    texts[first] = "\n".join(reports[0])
    plants.append(Plant("paragraph", s04, first, paragraph, paragraph))
    # (b) two sentences of s01 into generated report first+1, with a number and a name changed
    original = (
        "农忙季节，支部党员大会有两次是和村民代表会议合在一起开的，会议记录是村文书事后补写的。"
        "对在外务工的xx名流动党员，平时联系不经常，有的党员半年多没有参加过一次组织生活，我也没有及时过问。"
    )
    assert original in texts[s01]
    changed = original.replace("两次", "三次").replace("村文书", "村会计").replace("xx名", "7名")
    reports[1][8] += changed
    texts[first + 1] = "\n".join(reports[1])
    plants.append(Plant("sentences", s01, first + 1, original, changed))

    # (c) s12 copied whole as report first+2, the 街道 turned into a 镇
    def to_town(text: str) -> str:
        return text.replace("街道党工委", "镇党委").replace("街道", "镇")

    texts[first + 2] = to_town(texts[s12])
    start = texts[s12].index("1.学习原著原文")
    src_part = texts[s12][start : texts[s12].index("\n", start)]
    plants.append(Plant("report", s12, first + 2, src_part, to_town(src_part)))
    return plants


# ── assertions ───────────────────────────────────────────────────────────────────────────────────


def _passage_texts(texts: list[str], pair: Pair, idx: int) -> list[str]:
    """The passages of ``pair`` as they stand in texts[idx]."""
    if idx == pair.a:
        return [texts[idx][x.a_start : x.a_end] for x in pair.passages]
    return [texts[idx][x.b_start : x.b_end] for x in pair.passages]


def _found(corpus: Corpus, pairs: list[Pair], plant: Plant) -> Pair | None:
    key = (min(plant.src, plant.dst), max(plant.src, plant.dst))
    return next((p for p in pairs if (p.a, p.b) == key), None)


def _covers(texts: list[str], pair: Pair, plant: Plant) -> bool:
    """One passage holds the whole copied text on both sides."""
    src = _passage_texts(texts, pair, plant.src)
    dst = _passage_texts(texts, pair, plant.dst)
    return any(plant.src_text in s and plant.dst_text in d for s, d in zip(src, dst, strict=True))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_corpus(45)


@pytest.fixture(scope="module")
def found(corpus: Corpus) -> list[Pair]:
    return near_duplicates(corpus.texts, standard_boilerplate())


def test_the_corpus_is_as_described(corpus):
    texts = corpus.texts
    assert len(texts) == 60
    assert len(set(texts)) == len(texts)
    assert all(OPENING in t and CLOSING in t for t in texts)
    assert {p.kind for p in corpus.plants} == {"paragraph", "sentences", "report"}
    assert len(corpus.plants) == 3 + 3 * 3
    for p in corpus.plants:
        assert p.src_text in texts[p.src], p
        assert p.dst_text in texts[p.dst], p


def test_every_planted_copy_is_found_with_exact_offsets(corpus, found):
    texts = corpus.texts
    for plant in corpus.plants:
        pair = _found(corpus, found, plant)
        assert pair is not None, plant
        assert _covers(texts, pair, plant), (plant, _passage_texts(texts, pair, plant.dst))
        for x in pair.passages:
            # evidence: both sides normalise to nearly the same text
            a, b = _norm(texts[pair.a][x.a_start : x.a_end]), _norm(texts[pair.b][x.b_start : x.b_end])
            assert SequenceMatcher(None, a, b, autojunk=False).ratio() > 0.9, (a, b)
            assert x.commonness == 2
    report = [p for p in corpus.plants if p.kind == "report"]
    assert all(_found(corpus, found, p).score > 0.8 for p in report)


def test_nothing_but_the_planted_copies_is_flagged(corpus, found):
    assert {(p.a, p.b) for p in found} == corpus.planted_pairs
    assert found == sorted(found, key=lambda p: (-p.score, p.a, p.b))
    assert all(0 < p.score <= 1 for p in found)


def test_boilerplate_never_counts_even_without_a_score_threshold(corpus):
    """With min_score=0 every pair with a passage is listed: no generated pair that shares only the
    notice, headings, closing, stock phrases and template wording may appear."""
    pairs = near_duplicates(corpus.texts, min_score=0.0)
    gen = set(corpus.generated)
    extra = {(p.a, p.b) for p in pairs if p.a in gen and p.b in gen} - corpus.planted_pairs
    assert not extra
    wholesale = {(min(p.src, p.dst), max(p.src, p.dst)) for p in corpus.plants if p.kind == "report"}
    for p in pairs:
        if (p.a, p.b) in wholesale:  # a copied report is one passage, boilerplate and all
            continue
        for x in p.passages:
            shared = corpus.texts[p.a][x.a_start : x.a_end]
            assert _norm(OPENING) not in _norm(shared)
            assert not any(_norm(s) in _norm(shared) for s in STOCK)


def test_caller_boilerplate_is_subtracted():
    """Two reports that share only a notice sentence: a pair without the phrase list, none with it."""
    notice = "根据区委关于认真开好二〇二三年度民主生活会的通知精神和区纪委有关工作要求"
    base = [
        f"{notice}，现检视如下。\n1.下乡调研次数偏少，去年只去了桃源村两次，对柑橘滞销情况了解不深。",
        f"{notice}，现剖析如下。\n1.审核报销凭证不够细致，上半年有三张发票事由填写不全被审计指出。",
        "按照要求，现剖析如下。\n1.组织学习时照本宣科，支部书记领学材料多是从网上下载的。",
    ]
    assert [(p.a, p.b) for p in near_duplicates(base, min_score=0.0)] == [(0, 1)]
    assert near_duplicates(base, [notice], min_score=0.0) == []
    # part of a long phrase counts as boilerplate too (drafts shorten the notice's wording)
    assert near_duplicates(base, ["关于认真开好二〇二三年度民主生活会的通知精神和区纪委"], min_score=0.0) == []


def test_commonness_of_sentences(corpus):
    texts = corpus.texts
    rows = sentence_commonness(texts)
    assert len(rows) == len(texts)
    for t, row in enumerate(rows):
        for start, end, count in row:
            assert 0 <= start < end <= len(texts[t])
            assert 1 <= count <= len(texts)
    # the notice opening is in every report
    gen = corpus.generated[5]
    at = texts[gen].index(OPENING)
    row = {(s, e): c for s, e, c in rows[gen]}
    assert row[(at, at + len(OPENING))] == len(texts)
    # a stock phrase is in many
    stock = next(s for s in STOCK if s in texts[gen])
    at = texts[gen].index(stock)
    assert row[(at, at + len(stock))] >= 10
    # a planted sentence is in two (nearly: a name and a number differ), an own sentence in one
    plant = next(p for p in corpus.plants if p.kind == "sentences" and p.src not in corpus.generated)
    row = {(s, e): c for s, e, c in rows[plant.src]}
    for sentence in _sentences_of(plant.src_text):
        at = texts[plant.src].index(sentence)
        assert row[(at, at + len(sentence))] == 2
    own = "去年村里申报高标准农田项目，申报条件还是镇农业办的同志一条一条给我讲明白的，自己事先没有吃透。"
    at = texts[plant.src].index(own)
    assert row[(at, at + len(own))] == 1


def test_offsets_survive_full_width_digits_spacing_and_punctuation():
    own_a = "我分管的绿化养护工作，今年有五处苗木补植没有按期完成，居民意见较大。"
    own_b = "我负责的社区食堂运营，午餐供应时间调整后没有提前告知老人，引起了不满。"
    own_c = "信访接待时我对来访的李大爷态度生硬，让他在门口等了四十分钟。"
    copied = "今年３月社区开展独居老人排查时，我只打了电话，没有逐户上门，直到一位老人在家中摔倒两天后才被邻居发现。"
    variant = "今年 3 月社区开展独居老人排查时,我只打了电话,没有逐户上门;直到一位老人在家中摔倒两天后才被邻居发现!"
    texts = [own_a + copied + own_b, own_c + "……" + variant + "\n" + own_c[::-1]]
    [pair] = near_duplicates(texts)
    [x] = pair.passages
    assert texts[0][x.a_start : x.a_end] == copied
    assert texts[1][x.b_start : x.b_end] == variant
    assert x.commonness == 2


def test_small_batches_and_degenerate_input():
    assert near_duplicates([]) == []
    assert near_duplicates(["只有一份材料。"]) == []
    assert near_duplicates(["", "", "。。"]) == []
    assert sentence_commonness([]) == []
    assert sentence_commonness(["", "一、存在的问题\n"]) == [[], [(0, 7, 1)]]
    # what all three of three reports share is boilerplate; two of four sharing a paragraph is copying
    head = "按照支部要求，现将个人检视剖析情况报告如下。\n一、存在的问题\n"
    copied = "1.服务群众不够主动。今年3月社区开展独居老人排查时，我只打了电话，没有逐户上门。\n"
    own = ["2.理论学习不够系统，今年只读了2本原著。\n", "2.执行财务制度不严，有3张发票事由填写不规范。\n"]
    three = [head + "1.调查研究不够深入，全年到企业走访只有5次。\n", head + own[0], head + own[1]]
    assert near_duplicates(three) == []
    four = [head + copied + own[0], head + copied + own[1], *three[:2]]
    assert [(p.a, p.b) for p in near_duplicates(four)] == [(0, 1)]
    assert boilerplate_threshold(2) == 3
    assert boilerplate_threshold(3) == 3
    assert boilerplate_threshold(4) == 4
    assert boilerplate_threshold(15) == 5
    assert boilerplate_threshold(60) == 20
    assert boilerplate_threshold(1000) == 50
    assert boilerplate_threshold(5000) == 100


def test_a_paragraph_several_members_copied_is_reported_a_shared_stock_sentence_is_not():
    """Below the boilerplate threshold, wording d reports share must be d-1 times as long to count."""
    corpus = make_corpus(20, seed=3, with_samples=False)
    texts = corpus.texts
    assert boilerplate_threshold(len(texts)) == 6
    paragraph = (
        "学习贯彻党的创新理论不够系统深入，满足于读报纸、看新闻、听传达，对习近平总书记关于基层治理的重要论述"
        "只学了几篇，去年社区换届后我分管网格化管理，对上级要求的网格员入户走访制度理解不深，两个季度的走访台账"
        "都是临近检查时才补齐的。"
    )
    stock = "我作为一名老党员，在这些方面没有做好表率，心里很惭愧，今后一定改正。"
    for k in (8, 11, 14):  # three members copy the paragraph
        texts[k] += "\n" + paragraph
    for k in (9, 12, 15, 18):  # four use the same stock sentence
        texts[k] += "\n" + stock
    pairs = near_duplicates(texts, standard_boilerplate())
    copied = {(8, 11), (8, 14), (11, 14)}
    assert {(p.a, p.b) for p in pairs} == corpus.planted_pairs | copied
    for p in pairs:
        if (p.a, p.b) in copied:
            [x] = [x for x in p.passages if paragraph in texts[p.a][x.a_start : x.a_end]]
            assert x.commonness == 3


def test_the_sparse_pair_count_agrees_with_the_dense_one(corpus, found, monkeypatch):
    """Beyond 4,096 texts candidate pairs are counted by sorting instead of in an n×n array."""
    monkeypatch.setattr(similarity, "DENSE_PAIRS", 0)
    assert near_duplicates(corpus.texts, standard_boilerplate()) == found


def test_three_hundred_reports_run_in_seconds():
    corpus = make_corpus(300, seed=11)
    t = time.perf_counter()
    pairs = near_duplicates(corpus.texts, standard_boilerplate())
    elapsed = time.perf_counter() - t
    print(f"\nnear_duplicates: {len(corpus.texts)} reports in {elapsed:.2f} s, {len(pairs)} pairs")
    assert elapsed < 60
    found = {(p.a, p.b) for p in pairs}
    assert corpus.planted_pairs <= found
    gen = set(corpus.generated)
    assert not {(a, b) for a, b in found if a in gen and b in gen} - corpus.planted_pairs
