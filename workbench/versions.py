"""Versions of one member's report (issue 7): what a new draft fixed, broke and kept, which links a
reviewer confirmed must be checked again, and 年年提 against the member's report of an earlier year.

    compare_versions(v1, v2, confirmed) ─▶ VersionDiff: resolved / new / persisting findings,
                                            item_map (v1 id → v2 id), suspect_links
    repeated_from_last_year(last, this) ─▶ [Repeat]: problems nearly unchanged from last year's, and
                                            last year's problems claimed done (上年度整改落实情况) that recur
    last_year_context(last, this)       ─▶ the ``CorpusView.last_year`` entries WB503 reads
    with_last_year(this, last)          ─▶ this review with its WB503 findings

Findings are matched by rule and the normalised text they point at, never by offsets (text added above
moves them); items by headline and text similarity (their numbers shift when one is removed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .checks import Context, CorpusView, history, run_checks
from .checks.history import RECUR, REPEAT, body, claim_about, dice, normalise, previous_claims
from .model import Finding, Item, ItemKind
from .reviewing import Review
from .triage import Decision, finding_key

MATCH_ITEM = 0.5  # an item of v2 is one of v1 when their headlines or texts have a Dice ≥ this
MATCH_FINDING = 0.8  # a finding whose text was slightly edited is still the same finding


@dataclass(frozen=True, slots=True)
class SuspectLink:
    """A link a reviewer confirmed in the old version whose items changed in the new one."""

    source: str  # ids in the old version
    target: str
    new_source: str | None  # the same items in the new version; None when gone
    new_target: str | None
    similarity: float  # of the source's (the problem's) text across the versions, 0 when gone
    reason: str  # Chinese, for the reviewer


@dataclass(frozen=True, slots=True)
class VersionDiff:
    resolved: tuple[Finding, ...]  # findings of the old version the new one no longer has
    new: tuple[Finding, ...]  # findings only the new version has
    persisting: tuple[tuple[Finding, Finding], ...]  # (old, new)
    item_map: tuple[tuple[str, str, float], ...]  # (old id, new id, similarity)
    suspect_links: tuple[SuspectLink, ...] = ()

    def carried(self, decisions: Mapping[str, Decision]) -> dict[str, Decision]:
        """The old version's decisions on persisting findings, keyed for the new version."""
        return {
            finding_key(new): decisions[finding_key(old)]
            for old, new in self.persisting
            if finding_key(old) in decisions
        }

    def carried_links(self, confirmed: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Confirmed links that still hold, in the new version's ids (suspect ones left out)."""
        ids = {old: new for old, new, _ in self.item_map}
        suspect = {(x.source, x.target) for x in self.suspect_links}
        return {(ids[s], ids[t]) for s, t in confirmed if (s, t) not in suspect and s in ids and t in ids}

    @property
    def summary(self) -> dict[str, int]:
        return {
            "resolved": len(self.resolved),
            "new": len(self.new),
            "persisting": len(self.persisting),
            "suspect_links": len(self.suspect_links),
        }


def _finding_text(review: Review, f: Finding) -> str:
    span = review.text[f.start : f.end]
    return normalise(span) or span.strip() or normalise(f.excerpt) or f.message


def _match_findings(old: Review, new: Review) -> list[tuple[int, int]]:
    """(old index, new index) pairs: the same rule on the same text, then on nearly the same text."""
    a = [(f.rule, _finding_text(old, f)) for f in old.findings]
    b = [(f.rule, _finding_text(new, f)) for f in new.findings]
    pool: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, key in enumerate(b):
        pool[key].append(j)
    pairs = [(i, pool[key].pop(0)) for i, key in enumerate(a) if pool.get(key)]
    left_a = set(range(len(a))) - {i for i, _ in pairs}
    left_b = set(range(len(b))) - {j for _, j in pairs}
    near = sorted(
        ((dice(a[i][1], b[j][1]), i, j) for i in left_a for j in left_b if a[i][0] == b[j][0]),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    for score, i, j in near:
        if score < MATCH_FINDING:
            break
        if i in left_a and j in left_b:
            pairs.append((i, j))
            left_a.discard(i)
            left_b.discard(j)
    return sorted(pairs)


def _item_similarity(x: Item, y: Item) -> float:
    return max(dice(normalise(x.headline), normalise(y.headline)), dice(body(x), body(y)))


def match_items(old: Review, new: Review, threshold: float = MATCH_ITEM) -> list[tuple[str, str, float]]:
    """(old id, new id, similarity) for the problems, causes and remedies found in both versions."""
    out = []
    for kind in ItemKind:
        xs = [i for i in old.outline.items if i.kind == kind]
        ys = [i for i in new.outline.items if i.kind == kind]
        scored = sorted(
            ((_item_similarity(x, y), a, b) for a, x in enumerate(xs) for b, y in enumerate(ys)),
            key=lambda s: (-s[0], s[1], s[2]),
        )
        used_x: set[int] = set()
        used_y: set[int] = set()
        for score, a, b in scored:
            if score < threshold:
                break
            if a not in used_x and b not in used_y:
                used_x.add(a)
                used_y.add(b)
                out.append((xs[a].id, ys[b].id, round(score, 3)))
    return out


def _suspect(old: Review, new: Review, ids: dict[str, str], s: str, t: str) -> SuspectLink | None:
    reasons = []
    similarity = 0.0
    for end in (s, t):
        item = old.outline.item(end)
        if item is None:
            continue
        name = f"{item.kind.label}{end[1:]}"
        now = new.outline.item(ids[end]) if end in ids else None
        if now is None:
            reasons.append(f"{name}在新版本中已删除")
            continue
        same = dice(body(item), body(now))
        if end == s:
            similarity = same
        if body(item) != body(now):
            where = f"（新版本{now.kind.label}{now.id[1:]}）" if now.id != end else ""
            reasons.append(f"{name}{where}的表述已修改（与原文相似度 {round(same * 100)}%）")
    if not reasons:
        return None
    reason = "；".join(reasons) + "，评审人确认过的这条对应关系需要重新核对。"
    return SuspectLink(s, t, ids.get(s), ids.get(t), round(similarity, 3), reason)


def compare_versions(old: Review, new: Review, confirmed_links: Iterable[tuple[str, str]] = ()) -> VersionDiff:
    """What ``new`` (a later draft of the same member's report) resolved, introduced and kept of
    ``old``'s findings, and which of the links a reviewer confirmed in ``old`` are now suspect."""
    pairs = _match_findings(old, new)
    done_a = {i for i, _ in pairs}
    done_b = {j for _, j in pairs}
    item_map = match_items(old, new)
    ids = {a: b for a, b, _ in item_map}
    suspect = [x for s, t in sorted(set(confirmed_links)) if (x := _suspect(old, new, ids, s, t))]
    return VersionDiff(
        resolved=tuple(f for i, f in enumerate(old.findings) if i not in done_a),
        new=tuple(f for j, f in enumerate(new.findings) if j not in done_b),
        persisting=tuple((old.findings[i], new.findings[j]) for i, j in pairs),
        item_map=tuple(item_map),
        suspect_links=tuple(suspect),
    )


# ── 年年提 ───────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Repeat:
    kind: str  # "repeated" (nearly unchanged) | "claimed-done" (claimed done last year, and it recurs)
    problem: str  # this year's problem id
    last_problem: str  # last year's problem id
    last_headline: str
    similarity: float  # Dice of the two problems' texts
    headline_similarity: float  # Dice of their headlines
    claim: str = ""  # the claim in this year's 上年度整改落实情况 section, if any


def _topics(last: Review, q: Item) -> list[str]:
    """What a claim may call a problem of last year: its headline and its remedies' headlines."""
    linked = {x.target for x in last.links if x.source == q.id and x.target.startswith("R")}
    return [q.headline] + [r.headline for r in last.outline.remedies if r.problem == q.id or r.id in linked]


def repeated_from_last_year(last: Review, this: Review) -> list[Repeat]:
    """Problems of ``this`` year nearly unchanged from ``last`` year's (text Dice ≥ ``REPEAT``), and
    problems of last year this year's report claims done that recur (Dice ≥ ``RECUR``)."""
    olds, news = last.outline.problems, this.outline.problems
    if not olds or not news:
        return []
    found = previous_claims(Context(this.document, this.outline, this.links))
    out: dict[str, Repeat] = {}

    def repeat(kind: str, p: Item, q: Item, claim: str) -> Repeat:
        heads = dice(normalise(q.headline), normalise(p.headline))
        return Repeat(kind, p.id, q.id, q.headline, round(dice(body(q), body(p)), 3), round(heads, 3), claim)

    for p in news:
        score, q = max(((dice(body(q), body(p)), q) for q in olds), key=lambda s: s[0])
        if score >= REPEAT:
            c = claim_about(found, _topics(last, q))
            out[p.id] = repeat("repeated", p, q, c.sentence if c else "")
    for q in olds:
        c = claim_about(found, _topics(last, q))
        rest = [p for p in news if p.id not in out]
        if c is None or not rest:
            continue
        score, p = max(((_item_similarity(q, p), p) for p in rest), key=lambda s: s[0])
        if score >= RECUR:
            out[p.id] = repeat("claimed-done", p, q, c.sentence)
    order = {p.id: n for n, p in enumerate(news)}
    return sorted(out.values(), key=lambda r: order[r.problem])


def last_year_context(last: Review, this: Review) -> tuple[tuple[str, str, float], ...]:
    """``(problem id, last year's headline, similarity of the texts)`` for WB503 (``CorpusView.last_year``):
    a similarity below ``REPEAT`` means a problem claimed done that recurs."""
    return tuple((r.problem, r.last_headline, r.similarity) for r in repeated_from_last_year(last, this))


def with_last_year(this: Review, last: Review, view: CorpusView | None = None) -> Review:
    """``this`` review with its WB503 findings against ``last`` year's report (``view``: the branch's
    corpus view, kept for the other WB5xx rules)."""
    entries = last_year_context(last, this)
    corpus = replace(view or CorpusView(reports=1), last_year=entries)
    extra = run_checks(this.document, this.outline, dict(this.overrides), this.links, corpus, only=history.RULES)
    kept = tuple(f for f in this.findings if f.rule not in {r.id for r in history.RULES})
    return replace(this, findings=tuple(sorted(kept + extra, key=lambda f: (f.start, f.end, f.rule))))
