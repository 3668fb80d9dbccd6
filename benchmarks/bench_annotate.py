"""How long the annotated .docx takes (not a test; prints figures).

    .venv/bin/python benchmarks/bench_annotate.py [--repeat 7]

For the largest .docx sample, the largest text sample and a long synthetic report (every sample's
paragraphs written into one .docx, then repeated), the median time of ``annotate_docx`` next to the
floor measured in the same run — python-docx opening the same file and saving it unchanged — and
their ratio.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

import workbench  # noqa: E402
from benchmarks._timing import median_time  # noqa: E402
from workbench.annotating import annotate_docx  # noqa: E402


def long_docx(times: int) -> bytes:
    """A long report: the text samples' paragraphs, repeated, as one .docx."""
    d = docx.Document()
    for _ in range(times):
        for p in sorted((ROOT / "sample_reports").glob("*.txt")):
            for para in workbench.read(p).paragraphs:
                d.add_paragraph(para.text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    samples = ROOT / "sample_reports"
    largest_docx = max(samples.glob("*.docx"), key=lambda p: len(workbench.read(p).text))
    largest_txt = max(samples.glob("*.txt"), key=lambda p: len(workbench.read(p).text))
    cases = [(largest_docx.name, largest_docx.read_bytes()), (largest_txt.name, largest_txt.read_bytes())]
    cases.append(("synthetic-long.docx (samples ×10)", long_docx(10)))
    print(f"{'file':40} {'chars':>7} {'findings':>8} {'annotate ms':>11} {'floor ms':>9} {'ratio':>6}")
    for name, data in cases:
        is_docx = name.split(" ")[0].endswith(".docx")
        r = workbench.review(data, name=name.split(" ")[0])
        original = data if is_docx else None

        def floor(data=data, is_docx=is_docx):
            d = docx.Document(io.BytesIO(data)) if is_docx else docx.Document()
            d.save(io.BytesIO())

        t_ann = median_time(lambda r=r, original=original: annotate_docx(r, original), a.repeat)
        t_floor = median_time(floor, a.repeat)
        print(
            f"{name:40} {len(r.text):7d} {len(r.findings):8d} {t_ann * 1000:11.1f} {t_floor * 1000:9.1f} "
            f"{t_ann / t_floor:6.2f}"
        )


if __name__ == "__main__":
    main()
