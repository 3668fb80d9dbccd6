"""WB4xx：语言文字——规范表述、错别字、标点、重复词语。

The word lists live in ``workbench/data/formulations.toml`` and ``workbench/data/typos.toml``; this
module only matches them. Every rule reports the exact span of the wrong text and says what to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..knowledge import load
from ..model import Severity
from ._rule import Context, Hit, rule

Pattern = re.Pattern[str]

_HAN = "\u3400-\u9fff\uf900-\ufaff"
_NUMERALS = set("一二三四五六七八九十百千万亿两零〇")


def _where(ctx: Context, start: int) -> tuple[str, str | None]:
    """Where an offset is, ready for "…中的": 问题2中, 原因剖析部分中, 材料中; and the item id."""
    where, target = ctx.where(start)
    return (where if where.endswith("中") else where + "中"), target


def _inside(text: str, right: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside an occurrence of ``right``."""
    at = text.find(right, max(0, end - len(right)))
    while at != -1 and at <= start:
        if at + len(right) >= end:
            return True
        at = text.find(right, at + 1)
    return False


# ── WB401 规范表述 ─────────────────────────────────────────────────────────────────────────────


@cache
def _formulations() -> tuple[tuple[str, Pattern], ...]:
    return tuple(
        (f["right"], re.compile("|".join(f"(?:{w})" for w in f["wrong"]))) for f in load("formulations")["formulation"]
    )


def formulation_slips(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, right form) of each wrongly written official formulation."""
    for right, rx in _formulations():
        for m in rx.finditer(text):
            if not _inside(text, right, m.start(), m.end()):
                yield m.start(), m.end(), right


@rule(
    "WB401",
    "formulation",
    Severity.ERROR,
    "规范表述有误",
    "“两个确立”“四个意识”“习近平新时代中国特色社会主义思想”等重要提法必须一字不差，"
    "写错、写漏是政治性差错，督导组会重点检查。",
    flagged="本人对习近平新时代中国特色思想学习不深，落实“一岗两责”不到位。",
    clean="本人对习近平新时代中国特色社会主义思想学习不深，落实“一岗双责”不到位。",
)
def formulation(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for start, end, right in sorted(formulation_slips(text)):
        where, target = _where(ctx, start)
        yield Hit(start, end, f"{where}的“{text[start:end]}”表述不规范，应为“{right}”。", target)


# ── WB402 错别字 ───────────────────────────────────────────────────────────────────────────────


@cache
def _typos() -> tuple[dict[str, str], tuple[tuple[Pattern, str], ...], dict[str, tuple[str, str]]]:
    """Literal pairs (wrong → right); (pattern, replacement template) pairs, the literal pairs first
    as one alternation with the replacement looked up; doubled characters → (prev, next)."""
    data = load("typos")
    literal = dict(data["idioms"] + data["words"])
    words = sorted(literal, key=len, reverse=True)
    slips = [(re.compile("|".join(map(re.escape, words))), "")] if words else []
    slips += [(re.compile(p["wrong"]), p["right"]) for p in data["pattern"]]
    doubled = {c: (v.get("prev", ""), v.get("next", "")) for c, v in data["doubled"].items()}
    return literal, tuple(slips), doubled


def _doubled(text: str, doubled: dict[str, tuple[str, str]]) -> Iterator[tuple[int, int, str]]:
    """A function character written twice, unless one of the two belongs to a neighbouring word."""
    if not doubled:
        return
    for m in re.finditer(f"([{''.join(doubled)}])\\1", text):
        c, i, j = m.group(1), m.start(), m.end()
        before, after = text[i - 1 : i], text[j : j + 1]
        prev, nxt = doubled[c]
        if (before and before in prev) or (after and after in nxt):
            continue
        if (i >= 2 and text[i - 2] == before) or (j + 1 < len(text) and text[j + 1] == after):
            continue  # AABB: 实实在在, 的的确确
        if c in (before, after):
            continue  # three in a row is not this kind of slip
        yield i, j, c


def typo_slips(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, replacement) of each slip, without overlaps."""
    literal, slips, doubled = _typos()
    found: list[tuple[int, int, str]] = []
    for rx, template in slips:
        for m in rx.finditer(text):
            right = m.expand(template) if template else literal[m.group()]
            found.append((m.start(), m.end(), right))
    found.extend(_doubled(text, doubled))
    taken: list[tuple[int, int]] = []
    for start, end, right in sorted(found, key=lambda f: (f[0], -f[1])):
        if not any(a < end and start < b for a, b in taken):
            taken.append((start, end))
            yield start, end, right


@rule(
    "WB402",
    "typo",
    Severity.WARNING,
    "错别字",
    "“迫不急待”“按步就班”“的的”这类笔误虽小，却最容易让人觉得材料写得不用心；提交前请逐一改正。",
    flagged="工作中按步就班，对新问题迫不急待地想出成绩，向先进靠齐的意识不强。",
    clean="工作中按部就班，对新问题迫不及待地想出成绩，向先进看齐的意识不强。",
)
def typo(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for start, end, right in typo_slips(text):
        where, target = _where(ctx, start)
        yield Hit(start, end, f"{where}的“{text[start:end]}”应为“{right}”。", target)


# ── WB403 标点 ─────────────────────────────────────────────────────────────────────────────────

_FULL = {",": "逗号，", ";": "分号；", ":": "冒号：", "?": "问号？", "!": "叹号！"}  # name, full-width mark
# A half-width mark with a Chinese character (or a closing Chinese mark) before it and a Chinese
# character, an opening Chinese mark or the end of the paragraph after it. Digits and Latin letters
# on either side (1.5, 3:2, APP,WPS) never qualify.
_HALF = re.compile(f"(?<=[{_HAN}”’）》」』】])[,;:?!](?=[{_HAN}“‘（《「『【]|\\n|$)")
_RUN = re.compile("[，。、；：]{2,}")  # ，， 。。 、、 ；； and ，。 (…… and —— are not in the class)
_OPEN = {"（": "（", "(": "（", "《": "《"}
_CLOSE = {"）": "（", ")": "（", "》": "《"}
_NAMES = {"“": "引号", "（": "括号", "《": "书名号"}
# "1）" / "a)" opening a list item, at the start or after a break: "主要有：1）…；2）…"
_MARKER = re.compile(r"(?:^|[\s，。；：、！？])(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])[）)]$")


def _lone(name: str, mark_open: bool) -> str:
    side, other = ("左", "右") if mark_open else ("右", "左")
    return f"有一个{side}{name}没有配对的{other}{name}，请补全或删去。"


def _unpaired(para: str, quote_goes_on: bool) -> Iterator[tuple[int, str]]:
    """(offset, message tail) of each full-width “ ” （ ） 《 》 in one paragraph without a partner.

    Left-over quotes are read in pairs: “经验主义“ has its second mark the wrong way round. A
    quotation that runs over several paragraphs leaves “ open while the next opens with “ again."""
    opened: dict[str, list[int]] = {"“": [], "（": [], "《": []}
    lone: dict[str, list[int]] = {"“": [], "（": [], "《": []}
    for i, c in enumerate(para):
        kind = "“" if c in "“”" else _OPEN.get(c) or _CLOSE.get(c)
        if kind is None:
            continue
        if c in _OPEN or c == "“":
            opened[kind].append(i)
        elif opened[kind]:
            opened[kind].pop()
        elif not (c in "）)" and _MARKER.search(para, 0, i + 1)):
            lone[kind].append(i)
    if quote_goes_on and opened["“"]:
        opened["“"].pop(0)
    left, right = opened.pop("“"), lone.pop("“")
    yield from ((left[k + 1], "的引号方向反了，应改为右引号。") for k in range(0, len(left) - 1, 2))
    yield from ((right[k], "的引号方向反了，应改为左引号。") for k in range(0, len(right) - 1, 2))
    if len(left) % 2:
        yield left[-1], _lone("引号", True)
    if len(right) % 2:
        yield right[-1], _lone("引号", False)
    for kind, offsets in [*opened.items(), *lone.items()]:
        for i in offsets:
            if para[i] not in "()":
                yield i, _lone(_NAMES[kind], para[i] in _OPEN)


def punctuation_slips(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, message tail) of each punctuation slip."""
    found: list[tuple[int, int, str]] = []
    for m in _HALF.finditer(text):
        name, full = _FULL[m.group()][:2], _FULL[m.group()][2]
        found.append((m.start(), m.end(), f"的半角{name}“{m.group()}”应改为全角{name}“{full}”。"))
    for m in _RUN.finditer(text):
        run = m.group()
        keep = run[0] if len(set(run)) == 1 else ("。" if run.endswith("。") else "")
        tail = f"应为“{keep}”。" if keep else "请只保留一个。"
        if run == "。" * len(run) and len(run) > 2:
            tail = "应为“。”或省略号“……”。"
        found.append((m.start(), m.end(), f"的“{run}”标点连用，{tail}"))
    offset, paras = 0, text.split("\n")
    for k, para in enumerate(paras):
        goes_on = k + 1 < len(paras) and paras[k + 1].startswith("“")
        found.extend((offset + i, offset + i + 1, tail) for i, tail in _unpaired(para, goes_on))
        offset += len(para) + 1
    yield from sorted(found)


@rule(
    "WB403",
    "punctuation",
    Severity.WARNING,
    "标点使用不规范",
    "中文正文应使用全角标点，引号、括号、书名号要成对，标点不能连用。"
    "半角逗号、落单的引号多是从别处复制粘贴留下的，容易被看作材料拼凑。",
    flagged="办事方式存在“经验主义,还不能创造性地完成工作，，效率有待提高。",
    clean="办事方式存在“经验主义”，还不能创造性地完成工作，效率有待提高1.5倍(一)。",
)
def punctuation(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for start, end, tail in punctuation_slips(text):
        where, target = _where(ctx, start)
        yield Hit(start, end, where + tail, target)


# ── WB404 重复词语 ─────────────────────────────────────────────────────────────────────────────

_REPEAT = re.compile(f"([{_HAN}]{{2,4}}?)\\1")
_MIN_FREQ = 10  # jieba's dictionary holds stray low-frequency entries ("认真学习" 3): not words here


@cache
def _repeat_lists() -> tuple[tuple[str, ...], frozenset[str]]:
    data = load("typos")["repeated"]
    return tuple(data["keep"]), frozenset(data["colloquial"])


@cache
def _dictionary() -> frozenset[str]:
    """The words of jieba's own dictionary file seen often enough (about 0.2 s, on first need).

    Read from the file rather than ``jieba.dt.FREQ``, which other modules extend with domain
    phrases: the findings must not depend on what ran before."""
    import jieba

    with jieba.get_dict_file() as f:
        entries = (line.decode("utf-8").split()[:2] for line in f)
        return frozenset(w for w, n in entries if len(w) <= 7 and int(n) >= _MIN_FREQ)


def _wordlike(unit: str) -> bool:
    """A dictionary word, or two of them (加强学习, 抓落实): not a chance run like 去年|一年|一些."""
    known = _dictionary().__contains__
    return known(unit) or any(
        known(unit[:k]) and known(unit[k:]) and max(k, len(unit) - k) >= 2 for k in range(1, len(unit))
    )


def _straddled(text: str, i: int, j: int) -> bool:
    """Whether a dictionary word joins one copy to its neighbour: 党组织|组织生活会 (党组织 + 组织生活),
    带来越来越多 (越来越), 天主教主教团. Then the doubling is an accident of two words meeting."""
    words, n = _dictionary(), (j - i) // 2
    for a in range(max(0, i - 3), j):
        for b in range(a + n + 1, min(len(text), j + 3, a + 7) + 1):
            word = text[a:b]
            covers = (a <= i and b >= i + n) or (a <= i + n and b >= j)
            if covers and word != text[i:j] and word in words:
                return True
    return False


def repeated_words(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, word, colloquial) for each word of 2–4 characters written twice in a row."""
    keep, colloquial = _repeat_lists()
    for m in _REPEAT.finditer(text):
        word = m.group(1)
        if word.startswith(keep) or len(set(word)) == 1 or set(word) <= _NUMERALS:
            continue
        if word[0] == "一" or word.endswith("着"):
            continue  # 一个一个, 一件事一件事; 走着走着
        if not _wordlike(word) or _straddled(text, m.start(), m.end()):
            continue
        yield m.start(), m.end(), word, word in colloquial


@rule(
    "WB404",
    "repeated-word",
    Severity.WARNING,
    "词语重复",
    "同一个词接连写了两遍，多是修改时留下的笔误；“研究研究”这类口语叠用也不宜写进书面材料。",
    flagged="下一步，我们我们要进一步进一步加强理论学习。",
    clean="下一步，我们要认认真真、一项一项地加强理论学习，方方面面都要抓好。",
)
def repeated_word(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for start, end, word, spoken in repeated_words(text):
        where, target = _where(ctx, start)
        if spoken:
            message = f"{where}的“{word}{word}”是口语叠用，书面材料应写作“{word}”（或“认真{word}”）。"
        else:
            message = f"{where}的“{word}”接连写了两遍，应删去一个。"
        yield Hit(start, end, message, target)


RULES = (formulation, typo, punctuation, repeated_word)
