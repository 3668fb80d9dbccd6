"""The whole branch analysis at scale (not a test; prints figures).

    .venv/bin/python benchmarks/bench_branch.py [--sizes 100 300 1000]

Generates varied reports from the samples (numbers, names and sentence order changed, some
paragraphs swapped between reports, a few planted copies), then times ``Branch.from_files``:
reading and reviewing every report, categories, links, 共性 clusters and 雷同 passages — and,
for comparison in the same run, the floor of reading the same bytes and cutting them with jieba.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

import workbench  # noqa: E402
from workbench.branch import Branch  # noqa: E402

NAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
PLACES = ["社区", "村", "街道", "科室", "支部", "车间", "中心", "学校", "医院", "站所"]


def base_texts() -> list[str]:
    return [workbench.read(p).text for p in sorted((ROOT / "sample_reports").glob("*.txt"))]


def perturb(line: str, rng: random.Random, alphabet: str) -> str:
    """Replace about a quarter of the Chinese characters of a body line, keeping its start (the
    marker and headline) so the report still parses: every member's wording becomes their own."""
    if len(line) < 24:
        return line  # headings and short lines stay as written
    head, body = line[:12], line[12:]
    return head + "".join(
        rng.choice(alphabet) if "\u4e00" <= c <= "\u9fff" and rng.random() < 0.25 else c for c in body
    )


def vary(text: str, rng: random.Random, donors: list[str], alphabet: str) -> str:
    text = "\n".join(perturb(line, rng, alphabet) for line in text.split("\n"))
    text = re.sub(r"\d+", lambda m: str(rng.randint(1, 40)), text)
    text = re.sub("某某|××|XX|xx", lambda m: rng.choice(NAMES) + rng.choice(NAMES), text)
    lines = text.split("\n")
    if len(lines) > 6 and donors:  # swap a paragraph with another report's (what members really do)
        donor = rng.choice(donors).split("\n")
        i, j = rng.randrange(2, len(lines) - 1), rng.randrange(2, len(donor) - 1)
        lines[i] = donor[j]
    place = rng.choice(PLACES)
    lines.insert(1, f"（{rng.choice(NAMES)}{rng.choice(NAMES)}，{place}{rng.randint(1, 99)}号）")
    return "\n".join(lines)


def generate(n: int, seed: int = 0) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    bases = base_texts()
    alphabet = "".join(sorted({c for t in bases for c in t if "\u4e00" <= c <= "\u9fff"}))
    out = []
    for k in range(n):
        text = vary(bases[k % len(bases)], rng, bases, alphabet)
        if k and k % 50 == 0:  # a planted copy of an earlier member's problem section
            prev = out[k - 1][1].decode("utf-8")
            text = text + "\n" + prev[len(prev) // 3 : len(prev) // 3 + 400]
        out.append((f"member{k:04d}.txt", text.encode("utf-8")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    a = ap.parse_args()
    jieba.setLogLevel(60)
    workbench.review("预热：理论学习不够深入。")  # the dictionary loads once per process, as in the app
    results = []
    for n in a.sizes:
        files = generate(n)
        t = time.perf_counter()
        b = Branch.from_files(files)
        total = time.perf_counter() - t
        t = time.perf_counter()
        for _, data in files:
            jieba.lcut(data.decode("utf-8"))
        floor = time.perf_counter() - t
        results.append((n, total))
        print(
            f"{n:5d} reports: branch analysis {total:6.2f} s ({total / n * 1000:5.1f} ms/report), "
            f"{len(b.pairs)} 雷同 pairs, {len(b.shared)} shared problems; floor (jieba only) {floor:5.2f} s, "
            f"ratio {total / floor:4.1f}"
        )
    if len(results) > 1:
        (n0, t0), (n1, t1) = results[0], results[-1]
        print(f"growth {n0} → {n1} reports: ×{t1 / t0:.1f} time for ×{n1 / n0:.0f} reports")


if __name__ == "__main__":
    main()
