"""Many reports at once — a branch (支部) or a review group's whole batch.

    files (folder / .zip / (name, bytes)…) ─▶ review each ─▶ 雷同 passages (similarity) ─▶ problem clusters
      ─▶ WB501/WB502 on each report ─▶ Branch: DataFrames, plotly figures, the batch@1 JSON

A file that cannot be read is listed in ``rejected`` with its Chinese message; the rest go on.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .categorizing import kind_of
from .checks import CorpusView, Overrides, SharedPassage
from .errors import InputRejected
from .guard import MAX_UPLOAD_BYTES
from .reviewing import FINDING_COLUMNS, Review, review
from .similarity import Pair, near_duplicates, standard_boilerplate

if TYPE_CHECKING:
    import pandas as pd

BATCH_SCHEMA = "workbench/batch@1"
MAX_FILES = 5000
MAX_ZIP_BYTES = 500 * 1024 * 1024  # summed uncompressed size of the files taken from a .zip
SUFFIXES = (".docx", ".txt")
_PUNCT = re.compile(r"[\s\u3000，。、；：！？,.;:!?“”\"'‘’（）()【】《》]")

Progress = Callable[[int, int, str], None]  # (done, total, file name)


@dataclass(frozen=True, slots=True)
class SharedProblem:
    """Problems that several reports wrote in (nearly) the same words: a 共性 problem."""

    headline: str  # the most frequent wording
    members: tuple[tuple[str, str], ...]  # (report name, problem id)
    categories: tuple[str, ...]

    @property
    def reports(self) -> int:
        return len({name for name, _ in self.members})


@dataclass
class Branch:
    reviews: list[Review]
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file name, Chinese message)
    pairs: list[Pair] = field(default_factory=list)
    shared: list[SharedProblem] = field(default_factory=list)

    # ── building ────────────────────────────────────────────────────────────────────────────────
    @classmethod
    def from_files(
        cls, files: Iterable[tuple[str, bytes]], overrides: Overrides | None = None, progress: Progress | None = None
    ) -> Branch:
        files = list(files)
        reviews: list[Review] = []
        rejected: list[tuple[str, str]] = []
        for k, (name, data) in enumerate(files):
            try:
                reviews.append(review(data, name=name, overrides=overrides))
            except InputRejected as e:
                rejected.append((name, str(e)))
            if progress:
                progress(k + 1, len(files), name)
        return cls.analyse(reviews, rejected)

    @classmethod
    def from_texts(cls, texts: Sequence[str], names: Sequence[str] | None = None) -> Branch:
        names = names or [f"材料{k + 1}.txt" for k in range(len(texts))]
        return cls.from_files((n, t.encode("utf-8")) for n, t in zip(names, texts, strict=True))

    @classmethod
    def from_path(
        cls, path: str | Path, overrides: Overrides | None = None, progress: Progress | None = None
    ) -> Branch:
        """A folder (searched recursively for .docx/.txt) or a .zip of them."""
        path = Path(path)
        files = list(read_zip(path.read_bytes())) if path.suffix.lower() == ".zip" else list(read_folder(path))
        return cls.from_files(files, overrides, progress)

    @classmethod
    def analyse(cls, reviews: list[Review], rejected: list[tuple[str, str]] | None = None) -> Branch:
        """The cross-report part: 雷同 pairs, shared problems, and WB501/WB502 on each report."""
        reviews = _unique_names(reviews)
        pairs = (
            near_duplicates([r.text for r in reviews], boilerplate=standard_boilerplate()) if len(reviews) > 1 else []
        )
        shared, size_of = _clusters(reviews)
        common = max(3, round(0.2 * len(reviews)))
        out = []
        for i, r in enumerate(reviews):
            passages = []
            for p in pairs:
                if i not in (p.a, p.b):
                    continue
                other = reviews[p.b if p.a == i else p.a].document.name
                for x in p.passages:
                    start, end = (x.a_start, x.a_end) if p.a == i else (x.b_start, x.b_end)
                    passages.append(SharedPassage(other, p.score, start, end, x.commonness))
            cluster_size = tuple((pr.id, size_of.get((r.document.name, pr.id), 1)) for pr in r.outline.problems)
            view = CorpusView(len(reviews), tuple(passages), cluster_size, common)
            out.append(r.with_corpus(view))
        return cls(out, list(rejected or []), pairs, shared)

    # ── tables ──────────────────────────────────────────────────────────────────────────────────
    def reports_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for r in self.reviews:
            s = r.summary
            dims = r.outline.dimensions
            spec = [p.specificity for p in r.problems if p.specificity is not None]
            rows.append(
                {
                    "材料": r.document.name,
                    "框架": r.outline.framework.name or "未识别",
                    "问题": s["problems"],
                    "原因": s["causes"],
                    "措施": s["remedies"],
                    "错误": s["errors"],
                    "警告": s["warnings"],
                    "提示": s["infos"],
                    "维度覆盖": f"{sum(1 for d in dims if d.problems)}/{len(dims)}" if dims else "",
                    "具体程度": round(sum(spec) / len(spec)) if spec else None,
                    "雷同": "、".join(sorted({o for f in r.findings if f.rule == "WB501" for o in f.related})),
                }
            )
        return pd.DataFrame(rows)

    def problems_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            {
                "材料": r.document.name,
                "编号": p.id,
                "问题": p.headline,
                "对照维度": next((d.title for d in r.outline.dimensions if d.id == p.dimension), ""),
                "类别": "、".join(p.categories),
                "具体程度": p.specificity,
            }
            for r in self.reviews
            for p in r.problems
        ]
        return pd.DataFrame(rows, columns=["材料", "编号", "问题", "对照维度", "类别", "具体程度"])

    def findings_frame(self) -> pd.DataFrame:
        import pandas as pd

        if not self.reviews:
            return pd.DataFrame(columns=["report", "rule", "name", "severity", "message"])
        rows = [{"report": r.document.name, **row} for r in self.reviews for row in r.finding_rows()]
        return pd.DataFrame(rows, columns=["report", *FINDING_COLUMNS])

    def categories_frame(self) -> pd.DataFrame:
        """Reports × categories: how many of each report's problems fall in each category."""
        import pandas as pd

        counts: dict[str, Counter[str]] = {r.document.name: Counter() for r in self.reviews}
        for r in self.reviews:
            for p in r.problems:
                for c in p.categories or ("未分类",):
                    counts[r.document.name][c] += 1
        frame = pd.DataFrame(counts).T.fillna(0).astype(int)
        return frame[sorted(frame.columns, key=lambda c: -frame[c].sum())] if not frame.empty else frame

    def shared_frame(self, top: int = 20) -> pd.DataFrame:
        import pandas as pd

        rows = [
            {"共性问题": s.headline, "人数": s.reports, "类别": "、".join(s.categories),
             "材料": "、".join(sorted({n for n, _ in s.members}))}
            for s in self.shared[:top]
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=["共性问题", "人数", "类别", "材料"])

    def pairs_frame(self) -> pd.DataFrame:
        import pandas as pd

        names = [r.document.name for r in self.reviews]
        rows = [
            {"材料甲": names[p.a], "材料乙": names[p.b], "雷同程度": round(p.score, 2), "雷同段落": len(p.passages),
             "雷同字数": sum(x.a_end - x.a_start for x in p.passages)}
            for p in self.pairs
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=["材料甲", "材料乙", "雷同程度", "雷同段落", "雷同字数"])

    def thought_share(self) -> float:
        """Share of all problems that touch 思想/政治/党性/作风 (vs work only)."""
        problems = [p for r in self.reviews for p in r.problems]
        if not problems:
            return 0.0
        return sum(1 for p in problems if any(kind_of(c) == "thought" for c in p.categories)) / len(problems)

    # ── the batch@1 contract ────────────────────────────────────────────────────────────────────
    def to_dict(self) -> dict[str, Any]:
        names = [r.document.name for r in self.reviews]
        return {
            "schema": BATCH_SCHEMA,
            "reports": [r.to_dict() for r in self.reviews],
            "rejected": [{"name": n, "message": m} for n, m in self.rejected],
            "shared_problems": [
                {
                    "headline": s.headline,
                    "reports": s.reports,
                    "categories": list(s.categories),
                    "members": [{"report": n, "problem": p} for n, p in s.members],
                }
                for s in self.shared
            ],
            "pairs": [
                {
                    "a": names[p.a],
                    "b": names[p.b],
                    "score": round(p.score, 3),
                    "passages": [
                        {
                            "a_start": x.a_start,
                            "a_end": x.a_end,
                            "b_start": x.b_start,
                            "b_end": x.b_end,
                            "commonness": x.commonness,
                        }
                        for x in p.passages
                    ],
                }
                for p in self.pairs
            ],
            "summary": self.summary(),
        }

    def summary(self) -> dict[str, Any]:
        return {
            "reports": len(self.reviews),
            "rejected": len(self.rejected),
            "problems": sum(len(r.problems) for r in self.reviews),
            "errors": sum(r.summary["errors"] for r in self.reviews),
            "warnings": sum(r.summary["warnings"] for r in self.reviews),
            "near_duplicate_pairs": len(self.pairs),
            "thought_share": round(self.thought_share(), 3),
        }


# ── inputs ───────────────────────────────────────────────────────────────────────────────────────


def read_folder(folder: Path) -> Iterable[tuple[str, bytes]]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if len(paths) > MAX_FILES:
        raise InputRejected(
            "too_many_files", f"文件夹中有 {len(paths)} 份材料，超过一次最多 {MAX_FILES} 份的限制。请分批处理。"
        )
    for p in paths:
        if not p.name.startswith(("~$", ".")):
            yield str(p.relative_to(folder)), p.read_bytes()


def read_zip(data: bytes) -> Iterable[tuple[str, bytes]]:
    """The .docx/.txt files of a .zip, with limits on count and size; file names from Chinese Windows
    (GBK, without the UTF-8 flag) are decoded properly."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise InputRejected("bad_zip", "不是有效的 .zip 压缩包（可能已损坏）。请重新打包后上传。") from e
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        wanted = []
        for i in infos:
            name = i.filename if i.flag_bits & 0x800 else _zip_name(i.filename)
            base = name.rsplit("/", 1)[-1]
            if name.startswith("__MACOSX/") or base.startswith(("~$", ".")) or not base.lower().endswith(SUFFIXES):
                continue
            wanted.append((name, i))
        if len(wanted) > MAX_FILES:
            raise InputRejected(
                "too_many_files", f"压缩包中有 {len(wanted)} 份材料，超过一次最多 {MAX_FILES} 份的限制。"
            )
        if sum(i.file_size for _, i in wanted) > MAX_ZIP_BYTES:
            raise InputRejected("zip_too_big", "压缩包解压后过大（超过 500 MB）。请分批打包上传。")
        for name, info in sorted(wanted):
            with zf.open(info) as fh:
                # at most one byte past the limit: an oversized (or lying) entry is refused by review()
                yield name, fh.read(MAX_UPLOAD_BYTES + 1)


def _zip_name(raw: str) -> str:
    try:
        return raw.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _unique_names(reviews: list[Review]) -> list[Review]:
    """Reports are told apart by name; a repeated name gets a number."""
    from dataclasses import replace

    seen: Counter[str] = Counter()
    out = []
    for r in reviews:
        name = r.document.name
        seen[name] += 1
        if seen[name] > 1:
            r = replace(r, document=replace(r.document, name=f"{name}（{seen[name]}）"))
        out.append(r)
    return out


# ── 共性 problems ────────────────────────────────────────────────────────────────────────────────


def _grams(text: str) -> set[str]:
    t = _PUNCT.sub("", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _clusters(reviews: list[Review], threshold: float = 0.5) -> tuple[list[SharedProblem], dict[tuple[str, str], int]]:
    """Group problems whose headlines share most character pairs (Dice ≥ threshold), through an
    inverted index of the pairs so that only candidates are compared. Returns the shared problems
    (most reports first) and, for every (report, problem id), how many reports its group spans."""
    items = [(r.document.name, p.id, p.headline, p.categories) for r in reviews for p in r.problems]
    grams = [_grams(h) for _, _, h, _ in items]
    index: dict[str, list[int]] = defaultdict(list)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, g in enumerate(grams):
        hits: Counter[int] = Counter()
        for x in g:
            postings = index[x]
            if len(postings) <= 2000:
                hits.update(postings)
            postings.append(i)
        for j, n in hits.items():
            if 2 * n / (len(g) + len(grams[j]) or 1) >= threshold and items[i][0] != items[j][0]:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    size_of: dict[tuple[str, str], int] = {}
    shared = []
    for members in groups.values():
        reports = len({items[i][0] for i in members})
        for i in members:
            size_of[items[i][0], items[i][1]] = reports
        if reports < 2:
            continue
        heads = Counter(items[i][2] for i in members)
        cats = Counter(c for i in members for c in items[i][3])
        shared.append(
            SharedProblem(
                heads.most_common(1)[0][0],
                tuple((items[i][0], items[i][1]) for i in members),
                tuple(c for c, _ in cats.most_common(2)),
            )
        )
    shared.sort(key=lambda s: (-s.reports, s.headline))
    return shared, size_of
