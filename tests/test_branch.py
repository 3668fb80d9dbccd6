"""Many reports at once: the branch object, 共性问题, the batch CLI and its batch@1 JSON, the notebook."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SAMPLES

import workbench
from workbench import branch_charts
from workbench.branch import Branch, read_zip

BASE = "按照支部要求，现将个人检视剖析情况报告如下。\n一、存在的问题\n"
COMMON_1 = "1.理论学习不够系统深入。\n"
COMMON_2 = "2.服务群众意识有所淡化。\n"


@pytest.fixture(scope="module")
def samples() -> Branch:
    return Branch.from_path(SAMPLES)


def test_a_folder_becomes_a_branch_with_tables_and_figures(samples):
    assert len(samples.reviews) == len([p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx")])
    assert not samples.rejected
    frame = samples.reports_frame()
    assert list(frame.columns[:3]) == ["材料", "框架", "问题"]
    assert frame["问题"].sum() == len(samples.problems_frame())
    cats = samples.categories_frame()
    assert cats.values.sum() >= len(samples.problems_frame())
    for fig in (
        branch_charts.category_bars(samples),
        branch_charts.category_heatmap(samples),
        branch_charts.coverage_heatmap(samples),
        branch_charts.rules_bars(samples),
        branch_charts.specificity_histogram(samples),
        branch_charts.similarity_heatmap(samples),
    ):
        assert fig.to_dict()["data"]


def test_shared_problems_are_counted_across_reports_and_common_only_is_flagged():
    texts = [BASE + COMMON_1 + COMMON_2] * 3 + [BASE + COMMON_1 + "2.财务报销有3张发票填写不规范，被财务退回。\n"]
    b = Branch.from_texts(texts)
    top = b.shared[0]
    assert top.reports == 4
    assert "理论学习" in top.headline
    flagged = [r.document.name for r in b.reviews if any(f.rule == "WB502" for f in r.findings)]
    assert flagged == ["材料1.txt", "材料2.txt", "材料3.txt"]


def test_unreadable_files_are_listed_and_the_rest_go_on():
    files = [("a.txt", (BASE + COMMON_1).encode()), ("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100), ("e.txt", b"")]
    b = Branch.from_files(files)
    assert [r.document.name for r in b.reviews] == ["a.txt"]
    assert [n for n, _ in b.rejected] == ["old.doc", "e.txt"]
    assert all("。" in m for _, m in b.rejected)


class GbkName(zipfile.ZipInfo):
    """An entry as Chinese Windows writes it: the name in GBK and no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits


def test_a_zip_with_chinese_names_and_junk_is_read():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("张三.txt", (BASE + COMMON_1).encode())
        z.writestr(GbkName("李四.txt".encode("gb18030").decode("cp437")), (BASE + COMMON_2).encode())
        z.writestr("__MACOSX/._张三.txt", b"junk")
        z.writestr("说明.pdf", b"%PDF")
    names = [n for n, _ in read_zip(buf.getvalue())]
    assert names == ["张三.txt", "李四.txt"]
    with pytest.raises(workbench.InputRejected):
        list(read_zip(b"not a zip"))


def test_batch_json_contract(tmp_path):
    for k, text in enumerate([BASE + COMMON_1 + COMMON_2] * 2 + [BASE + "1.调查研究不够深入，全年走访只有5次。\n"]):
        (tmp_path / f"r{k}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    out = tmp_path / "summary.xlsx"
    p = subprocess.run(
        [sys.executable, "-m", "workbench", "batch", str(tmp_path), "--json", "--xlsx", str(out)],
        cwd=ROOT, capture_output=True, timeout=300,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr.decode()
    d = json.loads(p.stdout)
    assert d["schema"] == "workbench/batch@1"
    assert [r["source"]["name"] for r in d["reports"]] == ["r0.txt", "r1.txt", "r2.txt"]
    assert all(r["schema"] == "workbench/review@1" for r in d["reports"])
    assert d["rejected"][0]["name"] == "bad.txt"
    assert d["shared_problems"][0]["reports"] == 2
    assert set(d) >= {"schema", "reports", "shared_problems", "pairs", "summary"}
    assert "4/4" in p.stderr.decode()  # the progress bar
    import openpyxl

    assert openpyxl.load_workbook(out).sheetnames == ["材料", "共性问题", "雷同", "检查意见"]


def test_batch_of_nothing_exits_2(tmp_path):
    p = subprocess.run([sys.executable, "-m", "workbench", "batch", str(tmp_path)], cwd=ROOT, capture_output=True)
    assert p.returncode == 2
    assert "没有可以审阅的材料" in p.stderr.decode()


def test_the_example_notebook_runs():
    import nbformat  # the test extra installs it: the notebook must run, not be skipped
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "branch_analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
