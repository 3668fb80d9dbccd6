"""雷同 between reports: passages two reports share beyond boilerplate, with exact evidence.

    texts ─▶ normalise (keep letters, digits and CJK; full-width → half-width; a digit run → "0"; keep
             the offset of every kept character in its original text)
          ─▶ 6-character shingles, hashed with numpy for all reports at once ─▶ document frequency
          ─▶ boilerplate: shingles in ≥ ``boilerplate_threshold(n)`` reports or touching a caller's
             phrase (``standard_boilerplate()`` + the notice) never count and are not indexed
          ─▶ inverted index of the remaining shared shingles ─▶ candidate pairs, each shingle that d
             reports share weighing 1/(d-1) (no comparison of whole texts)
          ─▶ per candidate: diagonal runs of shared shingles ─▶ passages (runs merged across a changed
             name or number) ─▶ kept if long enough for how common their wording is ─▶ extended to
             sentence-clean edges, mapped back to original offsets ─▶ score

A passage is evidence for a reviewer, not a verdict: it carries how many of all the reports share its
wording (``commonness``), so a shared 提法 can be told from copying. Offsets index the texts exactly as
given: ``texts[pair.a][x.a_start:x.a_end]`` and ``texts[pair.b][x.b_start:x.b_end]``.

Thresholds (tuned on the samples and on generated batches of 100-3,000 reports, see
tests/test_similarity.py and benchmarks/bench_similarity.py): a passage needs ``MIN_CHARS`` = 20
shared non-boilerplate characters (about one full sentence; a shared clause or 提法 is shorter), d-1
times as many when d reports share its wording; a pair needs ``MIN_SCORE`` = 4 % of the shorter
report (two copied sentences in a report of ~2,000 characters; one shared stock sentence stays below).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

__all__ = [
    "Pair",
    "Passage",
    "boilerplate_threshold",
    "near_duplicates",
    "sentence_commonness",
    "standard_boilerplate",
]

K = 6  # shingle length in normalised characters
MIN_CHARS = 20  # a passage needs this many shared, non-boilerplate characters
MIN_SCORE = 0.04  # a pair needs this share of the shorter report's non-boilerplate characters
MERGE_GAP = 12  # runs closer than this (in both reports) belong to one passage: a changed name or number
SIMILAR_GAP = 40  # runs separated by similar text (a name changed inside shared 套话) are merged too
SAME_GAP = 400  # passages separated by identical text (boilerplate) are shown as one
SIMILAR_RATIO = 0.7
DENSE_PAIRS = 1 << 24  # up to 4,096 texts, candidate pairs are counted in an n×n array
MAX_REPEATS = 4  # a shingle repeated more often than this inside one report is not used for alignment

_TERMINATORS = "。！？；!?;\n"
_CLOSERS = "”’」』）)》】"
_OPENERS = "“‘「『（(《【"
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*[”’」』）)]*")
_SEPARATOR = 1  # code put between texts in the normalised stream: never kept, never equal to a kept code


@dataclass(frozen=True, slots=True)
class Passage:
    """One shared passage: ``texts[a][a_start:a_end]`` and ``texts[b][b_start:b_end]``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    commonness: int  # how many of all the reports contain (nearly) this passage's wording


@dataclass(frozen=True, slots=True)
class Pair:
    """Two reports that share passages beyond boilerplate."""

    a: int  # indices into the input texts, a < b
    b: int
    score: float  # 0..1: share of the shorter report's non-boilerplate characters covered by shared passages
    passages: tuple[Passage, ...]


def boilerplate_threshold(n: int) -> int:
    """A shingle found in this many of ``n`` reports is boilerplate: it never counts and is not indexed.

    A third of the reports (what a third of a branch shares is its template, not copying), at least 5
    (three or four members copying one 范文 are reported) and at most 50 (to bound the work: the
    pairs a shingle yields grow with the square of its reports), or 2 % of a very large batch; never
    more than ``n`` and never below 3 (two reports alone cannot tell). Below the threshold, wording
    that d reports share must be d-1 times as long to count (see ``near_duplicates``), so a stock
    sentence a dozen reports use is no passage either."""
    return max(3, min(n, max(5, min(n // 3, 50), math.ceil(0.02 * n))))


@functools.cache
def standard_boilerplate() -> tuple[str, ...]:
    """Wording no report is blamed for sharing, from the data files: every framework's dimension titles
    and signal words, the 套话 library (data/boilerplate.toml) and the official formulations
    (data/formulations.toml). Pass it, plus the year's notice sentences, as ``boilerplate``: in a small
    branch a stock sentence two or three members happen to use is otherwise indistinguishable from
    copying."""
    from .knowledge import frameworks, load

    out = [w for f in frameworks() for w in (*(d.title for d in f.dimensions), *f.signals)]
    out += load("boilerplate")["phrases"]
    out += [f["right"] for f in load("formulations")["formulation"]]
    return tuple(dict.fromkeys(out))


# ── normalising ──────────────────────────────────────────────────────────────────────────────────


@functools.cache
def _keep_table() -> np.ndarray:
    """For every BMP code point: is it a letter or digit (CJK included)?"""
    table = np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)
    table[0xD800:0xE000] = False
    return table


@dataclass
class _Stream:
    """All texts normalised into one code array, with a map back to the original characters."""

    codes: np.ndarray  # uint32 code points, texts separated by _SEPARATOR
    text: np.ndarray  # int32: which text a code belongs to (-1 for a separator)
    start: np.ndarray  # int32: original offset (within its text) of the first character a code stands for
    end: np.ndarray  # int32: original offset just past its last character
    sentence: np.ndarray  # int32: sentence id (global), equal ids = same sentence of the same text
    begin: np.ndarray  # int64 (n+1): text t owns codes[begin[t]:begin[t] + size[t]]; begin[n] = len(codes)
    size: np.ndarray  # int64 (n)

    def span(self, t: int) -> tuple[int, int]:
        return int(self.begin[t]), int(self.begin[t] + self.size[t])


def _normalise(texts: Sequence[str]) -> _Stream:
    n = len(texts)
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int32)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=offsets[1:])
    # full-width ASCII → ASCII; upper case → lower case
    full = (cps >= 0xFF01) & (cps <= 0xFF5E)
    cps = np.where(full, cps - 0xFEE0, cps)
    upper = (cps >= 65) & (cps <= 90)
    cps = np.where(upper, cps + 32, cps)
    table = _keep_table()
    keep = np.zeros(len(cps), dtype=bool)
    bmp = cps < 0x10000
    keep[bmp] = table[cps[bmp]]
    for i in np.flatnonzero(~bmp):
        keep[i] = chr(int(cps[i])).isalnum()
    keep &= cps != ord("_")
    digit = (cps >= 48) & (cps <= 57)
    prev_digit = np.concatenate(([False], digit[:-1]))
    head = keep & ~(digit & prev_digit)  # a digit run is kept once, as "0"
    pos = np.flatnonzero(head)
    codes = np.where(digit[pos], 48, cps[pos])
    # end of each kept code: one past, or past the whole digit run
    ends = pos + 1
    dpos = np.flatnonzero(digit[pos])
    if len(dpos):
        # next non-digit index after each digit head
        nondigit = np.flatnonzero(~digit)
        ends[dpos] = nondigit[np.searchsorted(nondigit, pos[dpos])] if len(nondigit) else len(cps)
    tid = np.searchsorted(offsets, pos, side="right") - 1
    is_term = np.zeros(len(cps), dtype=np.int32)
    for ch in _TERMINATORS:
        is_term[cps == ord(ch)] = 1
    sent = np.cumsum(is_term, dtype=np.int32)[pos]
    # insert a separator before every text after the first
    first = np.searchsorted(tid, np.arange(n))  # index in pos of each text's first code
    ins = first[1:]
    codes = np.insert(codes, ins, _SEPARATOR).astype(np.uint32)
    text_ids = np.insert(tid.astype(np.int32), ins, -1)
    starts = np.insert((pos - offsets[tid]).astype(np.int32), ins, 0)
    ends_rel = np.insert((ends - offsets[tid]).astype(np.int32), ins, 0)
    sent = np.insert(sent, ins, -1)
    size = np.bincount(tid, minlength=n).astype(np.int64)
    begin = np.zeros(n + 1, dtype=np.int64)
    begin[1:] = np.cumsum(size + 1)  # every text but the last is followed by a separator
    begin[n] = len(codes)
    return _Stream(codes, text_ids, starts, ends_rel, sent, begin, size)


def _window_hash(codes: np.ndarray, width: int) -> np.ndarray:
    """A 64-bit hash of every window of ``width`` codes (len(codes) - width + 1 values)."""
    m = len(codes) - width + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    base = np.uint64(0x100000001B3)
    for j in range(width):
        h = h * base + codes[j : j + m] + np.uint64(j + 1)
    # splitmix64 finaliser
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def _windows_valid(text_ids: np.ndarray, width: int) -> np.ndarray:
    m = len(text_ids) - width + 1
    if m <= 0:
        return np.zeros(0, dtype=bool)
    return (text_ids[:m] >= 0) & (text_ids[:m] == text_ids[width - 1 :])


def _coverage(flags: np.ndarray, width: int, length: int) -> np.ndarray:
    """For every character, how many flagged windows of ``width`` cover it."""
    idx = np.flatnonzero(flags)
    c = np.bincount(idx, minlength=length + 1) - np.bincount(np.minimum(idx + width, length), minlength=length + 1)
    return np.cumsum(c)[:length]


def _spread(flags: np.ndarray, width: int, length: int) -> np.ndarray:
    """Characters covered by a flagged window of ``width``."""
    return _coverage(flags, width, length) > 0


# ── the index ────────────────────────────────────────────────────────────────────────────────────


class _Index:
    """Shingles of all texts with their document frequency."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.n = len(texts)
        self.stream = s = _normalise(texts)
        self.hashes = _window_hash(s.codes, K)
        self.valid = _windows_valid(s.text, K)
        self.chars = s.codes.tobytes().decode("utf-32-le")  # the stream as a string
        pos = np.flatnonzero(self.valid)
        self.gid = np.full(len(self.hashes), -1, dtype=np.int32)
        self.df = np.zeros(0, dtype=np.int32)
        if not len(pos):
            self.pos_df = np.zeros(len(self.hashes), dtype=np.int32)
            return
        hp = self.hashes[pos]
        tp = s.text[pos]
        order = np.argsort(hp, kind="stable")  # stable: texts stay in order inside a hash group
        hs, ts = hp[order], tp[order]
        new_group = np.concatenate(([True], hs[1:] != hs[:-1]))
        new_pair = new_group | np.concatenate(([True], ts[1:] != ts[:-1]))
        g_sorted = np.cumsum(new_group) - 1
        self.gid[pos[order]] = g_sorted
        self.df = np.bincount(g_sorted[new_pair], minlength=int(g_sorted[-1]) + 1).astype(np.int32)
        self.pos_df = np.where(self.gid >= 0, self.df[np.maximum(self.gid, 0)], 0).astype(np.int32)

    def text_range(self, t: int) -> tuple[int, int]:
        return self.stream.span(t)


def _phrase_chars(index: _Index, boilerplate: Iterable[str]) -> np.ndarray:
    """Characters of the stream that lie inside a caller's boilerplate phrase: every shingle of a long
    phrase, and every exact occurrence of a short one."""
    s = index.stream
    marked = np.zeros(len(s.codes), dtype=bool)
    phrases = [p for p in dict.fromkeys(boilerplate) if p and p.strip()]
    if not phrases or not len(s.codes):
        return marked
    ps = _normalise(phrases)
    by_len: dict[int, list[np.ndarray]] = {}
    long_hashes = []
    for t in range(len(phrases)):
        lo, hi = ps.span(t)
        if hi - lo >= K:
            h = _window_hash(ps.codes[lo:hi], K)
            long_hashes.append(h)
        elif hi - lo >= 2:
            by_len.setdefault(hi - lo, []).append(_window_hash(ps.codes[lo:hi], hi - lo))
    if long_hashes:
        hit = _member(index.hashes, np.concatenate(long_hashes)) & index.valid
        marked |= _spread(hit, K, len(s.codes))
    for width, hs in by_len.items():
        hit = _member(_window_hash(s.codes, width), np.concatenate(hs)) & _windows_valid(s.text, width)
        marked |= _spread(hit, width, len(s.codes))
    return marked


def _member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``np.isin`` for a small table: binary search instead of sorting ``values``."""
    table = np.unique(table)
    at = np.minimum(np.searchsorted(table, values), len(table) - 1)
    return table[at] == values


# ── sentences ────────────────────────────────────────────────────────────────────────────────────


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def sentence_commonness(texts: Sequence[str]) -> list[list[tuple[int, int, int]]]:
    """For every text, its sentences (split at 。！？； and line ends) as (start, end, how many of the
    texts contain that sentence, or nearly: the median document frequency of its shingles; an exact
    count for a sentence shorter than a shingle). Sentences without a letter or digit are left out."""
    if not texts:
        return []
    index = _Index(texts)
    s = index.stream
    codes = s.codes
    exact: dict[bytes, set[int]] = {}
    rows: list[list[tuple[int, int, int, int]]] = []  # (start, end, norm lo, norm hi)
    for t, text in enumerate(texts):
        lo, hi = index.text_range(t)
        starts = s.start[lo:hi]
        row = []
        for a, b in _sentences(text):
            x = lo + int(np.searchsorted(starts, a))
            y = lo + int(np.searchsorted(starts, b))
            if x >= y:
                continue
            row.append((a, b, x, y))
            if y - x < K:
                exact.setdefault(codes[x:y].tobytes(), set()).add(t)
        rows.append(row)
    df = index.pos_df.tolist()
    out = []
    for row in rows:
        res = []
        for a, b, x, y in row:
            if y - x < K:
                count = len(exact[codes[x:y].tobytes()])
            else:
                vals = sorted(df[x : y - K + 1])
                count = vals[(len(vals) - 1) // 2]
            res.append((a, b, count))
        out.append(res)
    return out


# ── near duplicates ──────────────────────────────────────────────────────────────────────────────


def _candidate_pairs(index: _Index, eligible: np.ndarray, least: int) -> list[tuple[int, int]]:
    """Pairs of texts that share eligible shingles weighing at least ``least`` in all, from an inverted
    index (no comparison of whole texts)."""
    pos = np.flatnonzero(eligible)
    if not len(pos):
        return []
    g = index.gid[pos].astype(np.int64)
    t = index.stream.text[pos].astype(np.int64)
    key = np.unique(g * index.n + t)  # distinct (shingle, text), sorted by shingle then text
    g, t = key // index.n, key % index.n
    starts = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
    sizes = np.diff(np.append(starts, len(g)))
    n = index.n
    dense = np.zeros(n * n) if n * n <= DENSE_PAIRS else None  # one cell per (a, b): less memory than sorting
    chunks, weights = [], []
    for size in np.unique(sizes):
        if size < 2:
            continue
        first = starts[sizes == size]
        members = t[first[:, None] + np.arange(size)]
        i, j = np.triu_indices(int(size), 1)
        keys = (members[:, i] * n + members[:, j]).ravel()
        # a shingle that d texts share weighs 1/(d-1), as in the passage test (``_weight``)
        w = (1.0 / (index.df[g[first]] - 1)).repeat(len(i))
        if dense is not None:
            np.add.at(dense, keys, w)
        else:
            chunks.append(keys)
            weights.append(w.astype(np.float32))
    if dense is not None:
        pairs = np.flatnonzero(dense >= least - 1e-9)
    elif chunks:
        keys, inverse = np.unique(np.concatenate(chunks), return_inverse=True)
        pairs = keys[np.bincount(inverse, weights=np.concatenate(weights)) >= least - 1e-9]
    else:
        return []
    return [(int(p // n), int(p % n)) for p in pairs]


@dataclass
class _Run:
    a: int  # first shingle position in a (global stream index)
    b: int
    length: int  # shingles

    @property
    def a_end(self) -> int:  # one past the last character covered in a
        return self.a + self.length + K - 1

    @property
    def b_end(self) -> int:
        return self.b + self.length + K - 1


def _runs(index: _Index, positions: list[list[int]], a: int, b: int) -> list[_Run]:
    """Maximal diagonal runs of consecutive shared eligible shingles, made disjoint in both texts."""
    gid = index.gid
    in_b: dict[int, list[int]] = {}
    for p in positions[b]:
        in_b.setdefault(int(gid[p]), []).append(p)
    matches = []
    for p in positions[a]:
        qs = in_b.get(int(gid[p]))
        if qs and len(qs) <= MAX_REPEATS:
            matches.extend((p - q, p, q) for q in qs)
    matches.sort()
    raw: list[_Run] = []
    for diag, p, q in matches:
        last = raw[-1] if raw else None
        if last and last.a - last.b == diag and last.a + last.length == p:
            last.length += 1
        else:
            raw.append(_Run(p, q, 1))
    # longest first; a run overlapping one already taken keeps only its free shingles
    raw.sort(key=lambda r: (-r.length, r.a, r.b))
    lo_a, hi_a = index.text_range(a)
    lo_b, hi_b = index.text_range(b)
    taken_a = bytearray(hi_a - lo_a)
    taken_b = bytearray(hi_b - lo_b)
    out: list[_Run] = []
    for r in raw:
        x, y = r.a - lo_a, r.b - lo_b
        if taken_a.find(1, x, x + r.length + K - 1) < 0 and taken_b.find(1, y, y + r.length + K - 1) < 0:
            pieces = [r]  # nothing taken yet in its way: the usual case
        else:
            pieces = _free_pieces(r, taken_a, taken_b, lo_a, lo_b)
        for piece in pieces:
            taken_a[piece.a - lo_a : piece.a_end - lo_a] = b"\1" * (piece.a_end - piece.a)
            taken_b[piece.b - lo_b : piece.b_end - lo_b] = b"\1" * (piece.b_end - piece.b)
        out.extend(pieces)
    out.sort(key=lambda r: (r.a, r.b))
    return out


def _free_pieces(r: _Run, taken_a: bytearray, taken_b: bytearray, lo_a: int, lo_b: int) -> list[_Run]:
    """The parts of run ``r`` whose shingles touch nothing taken in either text."""
    pieces: list[_Run] = []
    for k in range(r.length):
        x, y = r.a + k - lo_a, r.b + k - lo_b
        if taken_a.find(1, x, x + K) < 0 and taken_b.find(1, y, y + K) < 0:
            if pieces and pieces[-1].a + pieces[-1].length == r.a + k:
                pieces[-1].length += 1
            else:
                pieces.append(_Run(r.a + k, r.b + k, 1))
    return pieces


def _joinable(chars: str, cur: list[_Run], r: _Run) -> bool:
    """Does run ``r`` continue the passage ``cur``: close in both texts, or separated by nearly the
    same text (a name changed inside shared wording)?"""
    last = cur[-1]
    gap_a, gap_b = r.a - last.a_end, r.b - last.b_end
    if min(gap_a, gap_b) < -(K - 1):
        return False
    if gap_a <= MERGE_GAP and gap_b <= MERGE_GAP:
        return True
    if max(gap_a, gap_b) > SIMILAR_GAP:
        return False
    between_a, between_b = chars[last.a_end : r.a], chars[last.b_end : r.b]
    return SequenceMatcher(None, between_a, between_b, autojunk=False).ratio() >= SIMILAR_RATIO


def _group(chars: str, runs: list[_Run]) -> list[list[_Run]]:
    """Runs (in a's order) merged into passages."""
    groups: list[list[_Run]] = []
    for r in runs:
        for cur in reversed(groups[-3:]):
            if _joinable(chars, cur, r):
                cur.append(r)
                break
        else:
            groups.append([r])
    return groups


def _glue(chars: str, groups: list[list[_Run]]) -> list[list[_Run]]:
    """Accepted passages that only boilerplate separates, identical in both texts, become one (for
    display: a wholesale copy is one passage, not one per paragraph)."""
    out: list[list[_Run]] = []
    for g in sorted(groups, key=lambda g: g[0].a):
        if out:
            last = out[-1]
            end_a, end_b = max(r.a_end for r in last), max(r.b_end for r in last)
            start_a, start_b = g[0].a, min(r.b for r in g)
            gap = start_a - end_a
            if 0 <= gap <= SAME_GAP and start_b - end_b == gap and chars[end_a:start_a] == chars[end_b:start_b]:
                last.extend(g)
                continue
        out.append(list(g))
    return out


def _covered(runs: list[_Run], side: str, boiler: np.ndarray, distinct: np.ndarray) -> int:
    """Characters of one side covered by the runs and not boilerplate; nothing unless the runs hold a
    distinct character."""
    spans = sorted((r.a, r.a_end) if side == "a" else (r.b, r.b_end) for r in runs)
    if not any(distinct[x:y].any() for x, y in spans):
        return 0
    total, reach = 0, -1
    for x, y in spans:
        x = max(x, reach)
        if y > x:
            total += int(y - x - np.count_nonzero(boiler[x:y]))
            reach = y
    return total


def _extend(index: _Index, x0: int, x1: int, y0: int, y1: int) -> tuple[int, int, int, int]:
    """Grow both spans over equal characters while staying inside the edge sentences."""
    codes, sent = index.stream.codes, index.stream.sentence
    while x0 > 0 and y0 > 0 and codes[x0 - 1] == codes[y0 - 1] and codes[x0 - 1] != _SEPARATOR:
        if sent[x0 - 1] != sent[x0] or sent[y0 - 1] != sent[y0]:
            break
        x0, y0 = x0 - 1, y0 - 1
    n = len(codes)
    while x1 < n and y1 < n and codes[x1] == codes[y1] and codes[x1] != _SEPARATOR:
        if sent[x1] != sent[x1 - 1] or sent[y1] != sent[y1 - 1]:
            break
        x1, y1 = x1 + 1, y1 + 1
    return x0, x1, y0, y1


def _original(index: _Index, text: str, x0: int, x1: int) -> tuple[int, int]:
    """Original offsets of stream span [x0, x1), widened over adjacent quotes and the sentence end."""
    start, end = int(index.stream.start[x0]), int(index.stream.end[x1 - 1])
    while start > 0 and text[start - 1] in _OPENERS:
        start -= 1
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    if end < len(text) and text[end] in "。！？；!?;…":
        end += 1
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
    return start, end


def near_duplicates(
    texts: Sequence[str],
    boilerplate: Iterable[str] = (),
    *,
    min_score: float = MIN_SCORE,
    min_chars: int = MIN_CHARS,
) -> list[Pair]:
    """Pairs of texts that share passages beyond boilerplate, best first (score desc, then a, b).

    ``boilerplate``: phrases that never count (framework wording, the notice's sentences). Besides
    them, wording found in ``boilerplate_threshold(len(texts))`` or more texts never counts. A passage
    needs ``min_chars`` shared non-boilerplate characters (punctuation and spaces not counted), or
    d-1 times as many when d texts share its wording (three members copying one 范文 paragraph are
    reported, a stock sentence five reports use is not); a pair needs ``min_score`` of the shorter
    text's non-boilerplate characters in its passages."""
    n = len(texts)
    if n < 2:
        return []
    index = _Index(texts)
    s = index.stream
    length = len(s.codes)
    phrase = _phrase_chars(index, boilerplate)
    limit = boilerplate_threshold(n)
    common = index.valid & (index.pos_df >= limit)
    # boilerplate characters: inside a phrase, or covered by common shingles only; a run of shared
    # shingles counts only if it holds a character that no common shingle touches (so the junction
    # of two stock sentences that happen to follow each other in two reports is not a passage)
    in_common = _coverage(common, K, length)
    boiler = phrase | ((in_common > 0) & (in_common == _coverage(index.valid, K, length)))
    distinct = ~phrase & (in_common == 0)
    # eligible shingles: shared by 2..limit-1 texts, touching no phrase character
    phrase_touch = _spread_back(phrase, K, len(index.hashes))
    eligible = index.valid & (index.pos_df >= 2) & (index.pos_df < limit) & ~phrase_touch
    least = max(2, math.ceil((min_chars - K + 1) / 2))
    candidates = _candidate_pairs(index, eligible, least)
    if not candidates:
        return []
    own = (s.text >= 0) & ~boiler
    nonboiler = np.bincount(s.text[own], minlength=n)
    # eligible positions per text (only for texts in a candidate pair)
    needed = sorted({t for pair in candidates for t in pair})
    el_pos = np.flatnonzero(eligible)
    cut = np.searchsorted(el_pos, index.stream.begin)
    positions: list[list[int]] = [[] for _ in range(n)]
    for t in needed:
        positions[t] = el_pos[cut[t] : cut[t + 1]].tolist()
    pairs = []
    for a, b in candidates:
        pair = _pair(index, texts, positions, boiler, distinct, nonboiler, a, b, min_chars)
        if pair and pair.score >= min_score:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def _spread_back(chars: np.ndarray, width: int, m: int) -> np.ndarray:
    """Windows (of ``width``, ``m`` of them) that contain a marked character."""
    c = np.concatenate(([0], np.cumsum(chars, dtype=np.int64)))
    idx = np.arange(m)
    return (c[np.minimum(idx + width, len(chars))] - c[idx]) > 0


def _pair(
    index: _Index,
    texts: Sequence[str],
    positions: list[list[int]],
    boiler: np.ndarray,
    distinct: np.ndarray,
    nonboiler: np.ndarray,
    a: int,
    b: int,
    min_chars: int,
) -> Pair | None:
    runs = _runs(index, positions, a, b)
    if not runs:
        return None
    kept: list[list[_Run]] = []
    numerator = 0
    short_a = nonboiler[a] <= nonboiler[b]
    for group in _group(index.chars, runs):
        got_a, got_b = _covered(group, "a", boiler, distinct), _covered(group, "b", boiler, distinct)
        # wording that more reports share must be longer to count as copying rather than 套话: a
        # shingle found in d texts weighs 1/(d-1), so a passage only two texts share counts in full
        if min(got_a, got_b) * _weight(index, group) >= min_chars:
            kept.append(group)
            numerator += got_a if short_a else got_b
    denominator = int(nonboiler[a] if short_a else nonboiler[b])
    if not kept or denominator <= 0:
        return None
    passages = []
    for group in _glue(index.chars, kept):
        x0, x1 = group[0].a, max(r.a_end for r in group)
        y0, y1 = min(r.b for r in group), max(r.b_end for r in group)
        x0, x1, y0, y1 = _extend(index, x0, x1, y0, y1)
        a0, a1 = _original(index, texts[a], x0, x1)
        b0, b1 = _original(index, texts[b], y0, y1)
        passages.append(Passage(a0, a1, b0, b1, _commonness(index, group)))
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    return Pair(a, b, min(1.0, numerator / denominator), tuple(passages))


def _weight(index: _Index, group: list[_Run]) -> float:
    """Mean of 1/(d-1) over the passage's shingles, d = how many texts hold each."""
    dfs = np.concatenate([index.pos_df[r.a : r.a + r.length] for r in group])
    return float(np.mean(1.0 / (dfs - 1)))


def _commonness(index: _Index, group: list[_Run]) -> int:
    """How many texts hold the passage's wording: the median document frequency of its shingles."""
    dfs = sorted(int(index.pos_df[r.a + k]) for r in group for k in range(r.length))
    return dfs[(len(dfs) - 1) // 2]
