"""Review speed against a floor measured in the same run (not a test; prints figures).

    .venv/bin/python benchmarks/bench_review.py [--repeat 7]

For every sample (and the seed, when ../shared is beside the checkout): the median time of a full
``workbench.review`` next to the floor — python-docx opening the same file (for .docx) plus
``jieba.lcut`` of its text — and their ratio. Then jieba's own load cost, cold (a fresh process)
and warm, which the app pays once per server process: modules stay imported across Streamlit
reruns, and reviews are cached per upload in the session.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import jieba  # noqa: E402

import workbench  # noqa: E402
from benchmarks._timing import median_time  # noqa: E402
from workbench.tokenizing import words  # noqa: E402


def jieba_cold() -> float:
    code = (
        "import time,logging;t=time.perf_counter();import jieba;jieba.setLogLevel(logging.WARNING);"
        "jieba.lcut('理论学习');print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    jieba.setLogLevel(60)
    jieba.lcut("预热")  # load the dictionary once, as the app does
    files = sorted((ROOT / "sample_reports").glob("*.docx")) + sorted((ROOT / "sample_reports").glob("*.txt"))
    seed = ROOT.parent / "shared" / "corpus" / "seed.txt"
    if seed.exists():
        files.append(seed)
    print(f"{'file':44} {'chars':>6} {'review ms':>10} {'floor ms':>9} {'ratio':>6}")
    ratios = []
    for f in files:
        data = f.read_bytes()
        r = workbench.review(data, name=f.name)
        text = r.text

        def floor(data=data, text=text, is_docx=f.suffix == ".docx"):
            if is_docx:
                docx.Document(io.BytesIO(data))
            jieba.lcut(text)

        def full_review(data=data, name=f.name):
            words.cache_clear()  # no help from the previous repeat's tokenisation
            workbench.review(data, name=name)

        t_review = median_time(full_review, a.repeat)
        t_floor = median_time(floor, a.repeat)
        ratios.append(t_review / t_floor)
        ms_review, ms_floor = t_review * 1000, t_floor * 1000
        print(f"{f.name:44} {len(text):6d} {ms_review:10.1f} {ms_floor:9.1f} {t_review / t_floor:6.2f}")
    print(f"median ratio review/floor: {statistics.median(ratios):.2f} over {len(files)} files")
    cold = statistics.median(jieba_cold() for _ in range(3))
    warm = median_time(lambda: jieba.lcut("对照党中央和习近平总书记的号召和要求方面"), 50)
    print(
        f"jieba: import + dictionary load in a fresh process {cold:.2f} s (paid once per app process); "
        f"a warm lcut of one heading {warm * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
