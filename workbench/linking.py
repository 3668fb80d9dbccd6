"""Which cause explains which problem, which remedy answers it: links with a score and the evidence.

explicit first ── written inside the problem (原因：… 措施：…) ── "针对问题3" / "针对第三个问题"
then similarity ── categories shared (data/categories.toml) + weighted words (jieba, tf-idf over
                   the report's own items) + character pairs + the target's headline + distinctive
                   shared words (rare in general Chinese and in few of the report's items: "无人机巡检"
                   in a problem and in one remedy) + the problem's dimension heading; thresholds in
                   data/linking.toml, tuned on the gold readings (benchmarks/tune_links.py)
last, via remedies ── a problem no cause reached takes the causes of the remedies that answer it
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from .categorizing import Scored, score
from .knowledge import load
from .markers import cn_to_int
from .model import Dimension, Item, Link, Outline
from .outline_cache import PerOutline
from .tokenizing import GENERAL_IDF_DEFAULT, general_idf, words

_N = r"([一二三四五六七八九十]{1,3}|\d{1,2})"
_REFERENCE = re.compile(
    rf"(?:针对|对应|关于|解决)(?:上述|以上|前述|前面|查摆出?的)?(?:第|问题)\s*{_N}(?:个|条|项|点)?(?:问题)?"
    rf"|[（(]\s*(?:对应|针对)?问题\s*{_N}\s*[）)]"
)


@dataclass(frozen=True, slots=True)
class Settings:
    category_weight: float  # weight of the shared-category cosine
    word_weight: float  # weight of the tf-idf cosine of jieba words
    bigram_weight: float  # weight of the tf-idf cosine of character bigrams
    headline_weight: float  # weight of how much of the target's headline the source text contains
    rare_weight: float  # weight of the distinctive words the two share
    dimension_weight: float  # weight of the problem's dimension heading's similarity to the target
    category_prior: float  # category evidence below about this score counts for less (see ``_cosine``)
    rare_cap: float  # that many fully distinctive shared words make the distinctive-word similarity 1
    rare_floor: float  # words at least this common in general Chinese (idf below it) are not distinctive
    threshold: float  # the lowest similarity that makes a link
    relative: float  # a second link needs at least this share of the best one's similarity
    cover: float  # a cause/remedy no problem chose is linked to its best problem above this similarity
    claim: float  # a link holds only if it reaches this share of the target's best link from any source
    typical: float  # … and this share of the median best similarity in the report (reports differ in wording)
    cause_claim: float  # ``claim`` for problem → cause links (causes are broader than remedies)
    cause_typical: float  # ``typical`` for problem → cause links
    word_typical: float  # a source whose words alone reach this share of the median is held to ``threshold`` only
    cause_word_typical: float  # ``word_typical`` for problem → cause links


@cache
def settings() -> Settings:
    d = load("linking")
    return Settings(**{k: float(d[k]) for k in Settings.__dataclass_fields__})


def _cosine(a: dict[str, float], b: dict[str, float], prior: float = 0.0) -> float:
    """Cosine similarity; ``prior`` adds to each vector a dimension of its own, so that thin evidence (one
    weak keyword) cannot make a full match: with prior 3, an item whose only category word is 宣传 (1)
    is 0.3 like a problem about 意识形态, not 1.0."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()) + prior * prior)
    nb = math.sqrt(sum(v * v for v in b.values()) + prior * prior)
    return dot / (na * nb) if na and nb else 0.0


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _bigrams(text: str) -> Counter[str]:
    return Counter(run[i : i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1))


@dataclass(frozen=True, slots=True)
class Profile:
    """What an item is about: category scores, tf-idf weighted words and bigrams, headline bigrams."""

    categories: dict[str, float]
    terms: dict[str, float]
    bigrams: dict[str, float]
    head: frozenset[str]
    kept: tuple[tuple[str, tuple[str, ...]], ...]
    distinct: dict[str, float]  # words found in other items too, weighted by how distinctive they are


def _tfidf(
    counts: dict[str, Counter[str]], extra: dict[str, Counter[str]] | None = None
) -> dict[str, dict[str, float]]:
    """tf-idf weights of each item's counts; ``extra`` (dimension headings) are weighted with the items'
    document frequencies, without changing them."""
    df = Counter(w for c in counts.values() for w in c)
    n = len(counts)
    return {
        key: {w: (1 + math.log(k)) * (math.log((n + 1) / (df[w] + 1)) + 1) for w, k in c.items()}
        for key, c in (counts | (extra or {})).items()
    }


def _distinctive(
    vocab: dict[str, set[str]], floor: float, extra: dict[str, set[str]] | None = None
) -> dict[str, dict[str, float]]:
    """Per item, each word it shares with another item, weighted by its rarity in general Chinese
    (0 at the ``floor`` idf — everyday words such as 检查, 时间, 建设 — up to 1 for a word jieba does not
    know) and divided among the items that share it: in exactly two items a word counts fully, in
    three half, and so on. ``extra`` (dimension headings) get their words found in items, divided
    among those items."""
    df = Counter(w for ws in vocab.values() for w in ws)
    idf = general_idf()
    span = max(GENERAL_IDF_DEFAULT - floor, 1e-9)
    out: dict[str, dict[str, float]] = {}
    for key, ws in vocab.items():
        weights = {w: (idf.get(w, GENERAL_IDF_DEFAULT) - floor) / span / (df[w] - 1) for w in ws if df[w] >= 2}
        out[key] = {w: x for w, x in weights.items() if x > 0}
    for key, ws in (extra or {}).items():
        weights = {w: (idf.get(w, GENERAL_IDF_DEFAULT) - floor) / span / df[w] for w in ws if df[w] >= 1}
        out[key] = {w: x for w, x in weights.items() if x > 0}
    return out


def profiles(
    items: tuple[Item, ...],
    scored: dict[str, Scored],
    rare_floor: float | None = None,
    dimensions: tuple[Dimension, ...] = (),
) -> dict[str, Profile]:
    """Each item's profile, and each dimension heading's (by its id "D1"…): the heading a problem
    stands under says what it is about too ("在带头落实全面从严治党政治责任方面")."""
    counts = {it.id: Counter(words(it.text)) for it in items}
    heads = {d.id: Counter(words(d.title)) for d in dimensions}
    terms = _tfidf(counts, heads)
    grams = _tfidf({it.id: _bigrams(it.text) for it in items}, {d.id: _bigrams(d.title) for d in dimensions})
    floor = settings().rare_floor if rare_floor is None else rare_floor
    distinct = _distinctive({key: set(c) for key, c in counts.items()}, floor, {d: set(c) for d, c in heads.items()})
    scored = scored | {d.id: score(d.title) for d in dimensions}
    texts = {it.id: it.headline for it in items} | {d.id: d.title for d in dimensions}
    return {
        key: Profile(
            dict(scored[key].scores),
            terms[key],
            grams[key],
            frozenset(_bigrams(texts[key])),
            scored[key].kept,
            distinct[key],
        )
        for key in texts
    }


Components = tuple[float, float, float, float, float]  # see ``components``
_WORDS = 1  # the place of the words' similarity in Components
_PROFILES: PerOutline[dict[str, Profile]] = PerOutline()  # the last outlines' profiles, for ``nearest``


def components(a: Profile, b: Profile, s: Settings) -> Components:
    """(categories, words, bigrams, headline, distinctive words) similarities of source ``a`` and
    target ``b``; the first is NaN (unknown) when either has no category words. The last is
    absolute, not normalised by length: a long problem and a remedy that both name "无人机巡检" are
    linked however much else each says."""
    head = len(b.head & a.bigrams.keys()) / len(b.head) if b.head else 0.0
    shared = a.distinct.keys() & b.distinct.keys()
    return (
        _cosine(a.categories, b.categories, s.category_prior) if a.categories and b.categories else math.nan,
        _cosine(a.terms, b.terms),
        _cosine(a.bigrams, b.bigrams),
        head,
        min(1.0, sum(a.distinct[w] for w in shared) / s.rare_cap) if s.rare_cap > 0 else 0.0,
    )


def combine(c: Components, s: Settings) -> float:
    """The weighted mean of the components; an unknown one (NaN: no category words on one side) is left
    out, not taken as a mismatch (矛盾纠纷 and 枫桥经验 are in no category, yet alike)."""
    weights = (s.category_weight, s.word_weight, s.bigram_weight, s.headline_weight, s.rare_weight)
    known = [(w, x) for w, x in zip(weights, c, strict=True) if not math.isnan(x)]
    return sum(w * x for w, x in known) / (sum(w for w, _ in known) or 1.0)


def evidence(a: Profile, b: Profile) -> tuple[str, ...]:
    """The shared categories, then the heaviest shared words."""
    shared_cats = [n for n, _ in a.kept if n in b.categories]
    shared_terms = sorted(set(a.terms) & set(b.terms), key=lambda w: (-(a.terms[w] * b.terms[w]), w))
    return tuple(dict.fromkeys(shared_cats + shared_terms[:4]))


def references(item: Item, problems: tuple[Item, ...]) -> list[str]:
    """Problem ids a cause or remedy names explicitly ("针对问题3", "针对第三个问题", "（对应问题2）")."""
    found: list[str] = []
    for m in _REFERENCE.finditer(item.text):
        raw = m.group(1) or m.group(2)
        n = cn_to_int(raw) if raw else None
        if not n:
            continue
        by_number = [p for p in problems if p.number and cn_to_int(p.number) == n]
        target = by_number[0] if len(by_number) == 1 else (problems[n - 1] if 0 < n <= len(problems) else None)
        if target and target.id not in found:
            found.append(target.id)
    return found


def similarity(
    src: str, tgt: str, prof: dict[str, Profile], dims: dict[str, str], s: Settings, memo: dict | None = None
) -> float:
    """How alike source ``src`` and target ``tgt`` are; a problem's dimension heading (``dims``: problem
    id → "D2") shares ``dimension_weight`` of it. ``memo`` keeps the components between settings."""
    memo = {} if memo is None else memo

    def sim(a: str) -> float:
        if (a, tgt) not in memo:
            memo[a, tgt] = components(prof[a], prof[tgt], s)
        return combine(memo[a, tgt], s)

    own = sim(src)
    dim = dims.get(src)
    if dim is None or not s.dimension_weight:
        return own
    return (1 - s.dimension_weight) * own + s.dimension_weight * sim(dim)


def _best_links(
    sources: tuple[Item, ...],
    targets: tuple[Item, ...],
    prof: dict[str, Profile],
    dims: dict[str, str],
    s: Settings,
    memo: dict[tuple[str, str], Components],
) -> list[Link]:
    """Each source's most similar target(s) above the threshold; then each target no source chose
    goes to its most similar source when that similarity reaches ``cover``."""
    table = {(src.id, tgt.id): similarity(src.id, tgt.id, prof, dims, s, memo) for src in sources for tgt in targets}
    pairs: list[tuple[str, str, float]] = []
    claimed = {t.id: max(table[x.id, t.id] for x in sources) for t in targets}
    bests = {src.id: max(table[src.id, t.id] for t in targets) for src in sources}
    floor = max(s.threshold, s.typical * statistics.median(bests.values()))
    # the words alone (jieba tf-idf): a source whose best target shares words as much as is usual in the
    # report is answered even when the categories disagree (纪律 ↔ 纪律 misleads, 报警 ↔ 报警 does not)
    worded = {src.id: max(memo[src.id, t.id][_WORDS] for t in targets) for src in sources}
    word_floor = s.word_typical * statistics.median(worded.values())
    for src in sources:
        own_floor = s.threshold if worded[src.id] >= word_floor > 0 else floor
        pairs += [
            (src.id, t.id, sim)
            for t in targets
            if (sim := table[src.id, t.id]) >= own_floor
            and sim >= s.relative * bests[src.id]
            and sim >= s.claim * claimed[t.id]
        ]
    chosen = {t for _, t, _ in pairs}
    for tgt in targets:
        if tgt.id not in chosen:
            src = max(sources, key=lambda x: table[x.id, tgt.id])
            if table[src.id, tgt.id] >= s.cover:
                pairs.append((src.id, tgt.id, table[src.id, tgt.id]))
    return [Link(a, b, min(1.0, sim), evidence(prof[a], prof[b]), "similarity") for a, b, sim in pairs]


def _dimensions(outline: Outline) -> dict[str, str]:
    """Problem id → the id of its dimension ("D2"): the heading as written, or the framework's wording."""
    return {p.id: p.dimension for p in outline.problems if p.dimension}


def link(
    outline: Outline, scored: dict[str, Scored], s: Settings | None = None, memo: dict | None = None
) -> tuple[Link, ...]:
    """All links: problem→cause, problem→remedy, cause→remedy. ``memo`` (a dict kept by the caller)
    saves the profiles and pair similarities between calls on the same outline (used for tuning)."""
    s = s or settings()
    # profiles depend on the floor, the pairs' similarities also on the prior and the cap
    memo = ({} if memo is None else memo).setdefault((s.rare_floor, s.category_prior, s.rare_cap), {})
    problems, causes, remedies = outline.problems, outline.causes, outline.remedies
    if "profiles" not in memo:
        memo["profiles"] = profiles(outline.items, scored, s.rare_floor, outline.dimensions)
    prof = memo["profiles"]
    dims = _dimensions(outline)
    if s == settings():  # the gap findings' evidence (``nearest``) reuses them
        _PROFILES.put(outline, prof)
    pairs = memo.setdefault("pairs", {})
    links: list[Link] = []
    explicit: set[tuple[str, str]] = set()
    for it in causes + remedies:
        if it.problem:
            links.append(Link(it.problem, it.id, 1.0, ("写在该问题之下",), "inline"))
            explicit.add((it.problem, it.id[0]))
        for pid in references(it, problems):
            if (pid, it.id) not in {(x.source, x.target) for x in links}:
                links.append(Link(pid, it.id, 1.0, ("原文写明对应该问题",), "reference"))
                explicit.add((pid, it.id[0]))
    for kind, pool in (("C", causes), ("R", remedies)):
        # items written inside problems belong to them alone; the rest are matched by similarity
        free = tuple(x for x in pool if not x.problem)
        open_problems = tuple(p for p in problems if (p.id, kind) not in explicit)
        if free and open_problems:
            kind_settings = (
                replace(s, claim=s.cause_claim, typical=s.cause_typical, word_typical=s.cause_word_typical)
                if kind == "C"
                else s
            )
            links += _best_links(open_problems, free, prof, dims, kind_settings, pairs)
    free_causes = tuple(c for c in causes if not c.problem)
    free_remedies = tuple(r for r in remedies if not r.problem)
    if free_causes and free_remedies:
        links += _best_links(free_causes, free_remedies, prof, dims, s, pairs)
    return tuple(links + _via_remedies(problems, links))


def _via_remedies(problems: tuple[Item, ...], links: list[Link]) -> list[Link]:
    """A problem with no cause of its own takes the causes of the remedies that answer it: causes are
    broad ("宗旨意识有所弱化") and a problem's concrete words rarely reach them, but the remedy they
    share does ("枫桥经验" answers 矛盾纠纷 and follows from 宗旨意识)."""
    has_cause = {x.source for x in links if x.source.startswith("P") and x.target.startswith("C")}
    out: list[Link] = []
    for p in problems:
        if p.id in has_cause:
            continue
        via = {x.target: x for x in links if x.source == p.id and x.target.startswith("R")}
        for x in links:
            if x.source.startswith("C") and x.target in via:
                step = via[x.target]
                out.append(Link(p.id, x.source, min(step.score, x.score), (f"经措施{x.target[1:]}",), "via_remedy"))
    best: dict[tuple[str, str], Link] = {}
    for x in out:  # one link per cause, the strongest path
        if (x.source, x.target) not in best or x.score > best[x.source, x.target].score:
            best[x.source, x.target] = x
    return list(best.values())


@dataclass(frozen=True, slots=True)
class Nearest:
    """The cause or remedy most like a problem that has none, as evidence for a gap finding."""

    item: Item  # the most similar cause/remedy
    similarity: float
    evidence: tuple[str, ...]  # what the two share
    closer: Item | None  # the problem that item resembles more, if another one


def nearest(outline: Outline, problem_id: str, kind: str) -> Nearest | None:
    """The free cause (``kind`` "C") or remedy ("R") most similar to problem ``problem_id``."""
    s = settings()
    prof = _PROFILES.get(
        outline, lambda o: profiles(o.items, {i.id: score(i.text) for i in o.items}, s.rare_floor, o.dimensions)
    )
    dims = _dimensions(outline)
    pool = [x for x in (outline.causes if kind == "C" else outline.remedies) if not x.problem]
    problem = next((p for p in outline.problems if p.id == problem_id), None)
    if not pool or problem is None:
        return None

    def sim(p: Item, x: Item) -> float:
        return similarity(p.id, x.id, prof, dims, s)

    best = max(pool, key=lambda x: sim(problem, x))
    own = sim(problem, best)
    rival = max(outline.problems, key=lambda p: sim(p, best))
    closer = rival if sim(rival, best) > own else None  # never the problem itself: its own is not above own
    return Nearest(best, own, evidence(prof[problem.id], prof[best.id]), closer)
