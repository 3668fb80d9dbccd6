"""雷同 detection at branch scale (not a test; prints figures).

    .venv/bin/python benchmarks/bench_similarity.py [--sizes 100 300 1000] [--repeat 3]

For each size: that many generated reports (word chains over the samples, nouns and verbs swapped,
names and numbers varied; see tests/test_similarity.py) plus the 15 samples, with planted copies
(a whole paragraph, two sentences with a word and a number changed, a whole report with its unit
renamed). Prints the median time of ``near_duplicates`` (``standard_boilerplate()`` passed as
boilerplate), how it grows, the planted copies found and any other pair reported. The
generated reports are built once per size and are not timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_similarity import make_corpus  # noqa: E402

from workbench.similarity import (  # noqa: E402
    boilerplate_threshold,
    near_duplicates,
    sentence_commonness,
    standard_boilerplate,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    boilerplate = standard_boilerplate()
    print(f"{'reports':>8} {'chars':>10} {'limit':>6} {'near_dup s':>11} {'sentences s':>12} {'pairs':>6} "
          f"{'found':>9} {'other':>6}")  # fmt: skip
    times: dict[int, float] = {}
    for size in args.sizes:
        corpus = make_corpus(size, seed=size)
        texts = corpus.texts
        runs, pairs = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            pairs = near_duplicates(texts, boilerplate)
            runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        sentence_commonness(texts)
        sentences = time.perf_counter() - t
        times[size] = statistics.median(runs)
        found = {(p.a, p.b) for p in pairs}
        planted = corpus.planted_pairs
        print(
            f"{len(texts):>8} {sum(map(len, texts)):>10,} {boilerplate_threshold(len(texts)):>6} "
            f"{times[size]:>11.2f} {sentences:>12.2f} {len(pairs):>6} "
            f"{len(planted & found):>4}/{len(planted):<4} {len(found - planted):>6}"
        )
        missed = planted - found
        for plant in corpus.plants:
            if (min(plant.src, plant.dst), max(plant.src, plant.dst)) in missed:
                print(f"         missed {plant.kind}: {plant.src}→{plant.dst} {plant.src_text[:40]}…")
    sizes = sorted(times)
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        print(
            f"growth {hi} vs {lo} generated (+15 samples each): time ×{times[hi] / times[lo]:.1f} "
            f"for ×{(hi + 15) / (lo + 15):.1f} reports (all pairs would be ×{((hi + 15) / (lo + 15)) ** 2:.0f})"
        )


if __name__ == "__main__":
    main()
