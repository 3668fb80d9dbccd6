"""The 整改台账 export: rows per problem, time limits, the .xlsx and reading an edited ledger back."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SAMPLES, review_text
from openpyxl import Workbook, load_workbook

import workbench
from workbench.errors import InputRejected
from workbench.ledger import (
    COLUMNS,
    FINDING_COLUMNS,
    NO_CAUSE,
    NO_REMEDY,
    STATUSES,
    deadline,
    ledger_rows,
    ledger_xlsx,
    patterns,
    read_ledger,
)
from workbench.triage import Decision, Status, finding_key

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.name.startswith("s"))

PASTED = """个人检视剖析材料

一、查摆问题
1. 理论学习不够系统。我今年只读了两本理论书籍，没有制定学习计划，对党的二十大报告只读了摘要。
2. 联系群众不够经常。今年我下村走访只有三次，群众来电反映的问题有两件拖了一个多月才答复。
3. =HYPERLINK("http://x")在财务报销上把关不严。今年有三笔差旅费是先报销后补的审批手续。

二、原因剖析
1. 理想信念不够坚定，放松了理论学习，对学习的重要性认识不足。
2. 宗旨意识有所淡化，对群众的急难愁盼关心不够。

三、整改措施
1. 针对问题1，制定个人学习计划，每周学习不少于3小时，6月底前读完党的二十大报告全文。
2. 针对问题2，每月至少下村走访两次，群众来电在3个工作日内答复。
"""


@pytest.fixture(scope="module")
def pasted() -> workbench.Review:
    return review_text(PASTED)


@pytest.fixture(scope="module")
def s01() -> workbench.Review:
    return workbench.review(SAMPLES / "s01_four_comparisons_village.txt")


def _open(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ── deadline() ───────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("text", "expect"), patterns().examples, ids=[e for _, e in patterns().examples])
def test_deadline_examples_in_the_data_file(text: str, expect: str) -> None:
    assert deadline(text) == expect


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("9月底前完成全部章节的学习笔记。", "9月底前"),
        ("12月31日前提交书面报告。", "12月31日前"),
        ("2023年12月底前拿出分层作业方案。", "2023年12月底前"),
        ("十月底前完成专项检查。", "十月底前"),
        ("今年底前把现有11件重复诉求逐件办结。", "今年底前"),
        ("本年度内形成调研报告。", "本年度内"),
        ("三季度末前完成系统上线。", "三季度末前"),
        ("立行立改，当场退回礼品。", "立行立改"),
        ("春节前走访全部困难党员。", "春节前"),
        ("每半年检查一次落实情况。", "每半年"),
        ("每个月至少开展一次谈心。", "每个月"),
    ],
)
def test_deadline_phrasings(text: str, expect: str) -> None:
    assert deadline(text) == expect


def test_deadline_prefers_a_deadline_over_a_frequency() -> None:
    assert deadline("每季度给流动党员打一次电话，年底前全部纳入微信学习群。") == "年底前"
    assert deadline("每季度给流动党员打一次电话。") == "每季度"


def test_slogan_remedies_have_no_deadline() -> None:
    r = workbench.review(SAMPLES / "s11_yishi_items_township.txt")
    assert r.remedies
    assert [deadline(x.text) for x in r.remedies] == [""] * len(r.remedies)
    assert deadline("") == ""


def test_deadlines_in_a_table_column() -> None:
    r = workbench.review(SAMPLES / "s03_theme_areas_headings_table.docx")
    assert [deadline(x.text) for x in r.remedies] == ["长期坚持、12月底前", "2024年1月底前", "即日起", "2023年12月底前"]


# ── ledger_rows() ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_one_row_per_problem(path) -> None:
    r = workbench.review(path)
    rows = ledger_rows(r)
    assert len(rows) == len(r.problems)
    for n, (row, p) in enumerate(zip(rows, r.problems, strict=True), 1):
        assert tuple(row) == COLUMNS
        assert row["序号"] == n
        assert row["编号"] == p.id
        assert row["问题"] == p.headline.strip()
        assert f"（{p.id}）" not in row["问题"]
        assert row["问题原文"] == p.text.strip()
        assert row["责任人"] == "本人"
        assert row["状态"] == "未整改"
        linked = {x.target for x in r.links if x.source == p.id}
        causes = [c for c in r.causes if c.id in linked]
        remedies = [m for m in r.remedies if m.id in linked]
        if causes:
            assert row["原因"].split("\n") == [f"原因{k}：{c.headline.strip()}" for k, c in enumerate(causes, 1)]
        else:
            assert row["原因"] == NO_CAUSE
        if remedies:
            assert row["整改措施"].split("\n") == [f"措施{k}：{m.headline.strip()}" for k, m in enumerate(remedies, 1)]
        else:
            assert row["整改措施"] == NO_REMEDY
            assert row["时限"] == ""


def test_rows_carry_dimensions_links_and_gaps(s01) -> None:
    rows = {row["编号"]: row for row in ledger_rows(s01)}
    assert rows["P1"]["对照维度"] == "对照党中央和习近平总书记的号召和要求方面"
    assert rows["P6"]["对照维度"] == "对照革命先辈和先进模范方面"
    # two causes, fixed by a reviewer's correction so the test does not hang on similarity
    two = s01.relinked(added=[("P2", "C1"), ("P2", "C3")], removed=[(x.source, x.target) for x in s01.links])
    row = next(x for x in ledger_rows(two) if x["编号"] == "P2")
    assert row["原因"] == "原因1：理论学习的自觉性不强。\n原因2：宗旨意识和担当意识有所淡化。"
    assert rows["P1"]["整改措施"] == "措施1：抓好理论学习。"
    assert rows["P1"]["时限"] == "年底前"
    assert rows["P4"]["整改措施"] == NO_REMEDY
    assert rows["P5"]["时限"] == ""  # a slogan remedy


def test_rows_without_dimensions() -> None:
    r = workbench.review(SAMPLES / "s07_retired_member_nodims.txt")
    rows = ledger_rows(r)
    assert [row["对照维度"] for row in rows] == [""] * len(rows)
    assert {row["原因"] for row in rows} == {NO_CAUSE}
    assert rows[0]["时限"] == "从下个月起、年底前"


def test_time_limits_of_several_remedies_are_numbered() -> None:
    # the two remedies are fixed by a reviewer's correction, so the test does not hang on similarity
    r = workbench.review(SAMPLES / "s03_theme_areas_headings_table.docx")
    r = r.relinked(
        added=[("P6", "R2"), ("P6", "R4")], removed=[(x.source, x.target) for x in r.links if x.source == "P6"]
    )
    row = next(x for x in ledger_rows(r) if x["编号"] == "P6")
    assert row["整改措施"].count("\n") == 1
    assert row["时限"] == "措施1：2024年1月底前\n措施2：2023年12月底前"


def test_pasted_report(pasted) -> None:
    rows = ledger_rows(pasted)
    assert [x["编号"] for x in rows] == ["P1", "P2", "P3"]
    assert rows[0]["问题"] == "理论学习不够系统。"
    assert rows[0]["原因"].startswith("原因1：理想信念不够坚定")
    assert rows[0]["时限"] == "6月底前"
    assert rows[1]["时限"] == "每月、3个工作日内"
    assert rows[2]["原因"] == NO_CAUSE
    assert rows[2]["整改措施"] == NO_REMEDY
    assert rows[2]["时限"] == ""


# ── ledger_xlsx() ────────────────────────────────────────────────────────────────────────────────


def test_workbook_layout(s01) -> None:
    wb = _open(ledger_xlsx(s01))
    assert wb.sheetnames == ["整改台账", "检查意见", "说明"]
    ws = wb["整改台账"]
    assert ws["A1"].value == "s01_four_comparisons_village 整改台账"
    assert "A1:I1" in {str(m) for m in ws.merged_cells.ranges}
    header = [c.value for c in ws[2]]
    assert header == list(COLUMNS)
    assert all(c.font.b for c in ws[2])
    assert ws["A2"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["J"].hidden  # 问题原文, folded away
    assert ws.sheet_format.outlineLevelCol == 1
    assert ws.column_dimensions["D"].width >= 30
    assert ws["D3"].alignment.wrap_text
    assert ws["D3"].border.left.style == "thin"
    rows = ledger_rows(s01)
    assert ws.max_row == 2 + len(rows)
    key = header.index("编号") + 1
    assert [ws.cell(r, key).value for r in range(3, ws.max_row + 1)] == [x["编号"] for x in rows]
    assert [ws.cell(r, header.index("整改措施") + 1).value for r in range(3, ws.max_row + 1)] == [
        x["整改措施"] for x in rows
    ]


def test_status_drop_down(s01) -> None:
    ws = _open(ledger_xlsx(s01))["整改台账"]
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list"
    assert dv.formula1 == '"未整改,持续整改,已整改"'
    assert dv.formula1.strip('"').split(",") == list(STATUSES)
    assert str(dv.sqref) == f"I3:I{2 + len(s01.problems)}"
    assert dv.showErrorMessage
    assert "下拉列表" in dv.error


def test_report_text_is_never_a_formula(pasted) -> None:
    data = ledger_xlsx(pasted)
    ws = _open(data)["整改台账"]
    cell = ws.cell(5, COLUMNS.index("问题") + 1)
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")


def test_findings_sheet_leaves_dismissed_out(s01) -> None:
    findings = s01.findings
    assert len(findings) >= 3
    dismissed, accepted = findings[0], findings[1]
    decisions = {
        finding_key(dismissed): Decision(Status.DISMISSED, reason="不适用"),
        finding_key(accepted): Decision(Status.ACCEPTED, comment="请补充具体事例", reviewer="张三"),
    }
    ws = _open(ledger_xlsx(s01, decisions, reviewer="李四"))["检查意见"]
    assert [c.value for c in ws[1]] == list(FINDING_COLUMNS)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(rows) == len(findings) - 1
    assert rows[0][0] == accepted.rule
    assert rows[0][1] == accepted.severity.label
    assert rows[0][2] == accepted.message
    assert rows[0][3] == (s01.text[accepted.start : accepted.end] or accepted.excerpt or None)
    assert rows[0][4] == (accepted.target or None)
    assert rows[0][5:] == ["采纳", "请补充具体事例", "张三"]
    assert rows[1][5:] == ["待定", None, "李四"]  # no decision yet: open, the exporting reviewer
    assert [r[0] for r in rows] == [f.rule for f in findings[1:]]


def test_help_sheet(s01) -> None:
    ws = _open(ledger_xlsx(s01, reviewer="第一支部"))["说明"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for phrase in (
        "责任人",
        "时限",
        "状态",
        "编号",
        "已整改",
        "持续整改",
        "未整改",
        "第一支部",
        "s01_four_comparisons_village",
    ):
        assert phrase in text


def test_same_review_same_bytes(pasted) -> None:
    first = ledger_xlsx(pasted)
    assert ledger_xlsx(pasted) == first
    assert ledger_xlsx(review_text(PASTED)) == first
    wb = _open(first)
    assert wb.properties.created == wb.properties.modified
    assert wb.properties.created.year == 2024


def test_same_bytes_in_another_process(pasted) -> None:
    script = (
        "import sys, workbench\n"
        "from workbench.ledger import ledger_xlsx\n"
        "sys.stdout.buffer.write(ledger_xlsx(workbench.review(sys.stdin.read())))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script], input=PASTED.encode(), capture_output=True, cwd=ROOT, env=env, check=True
    )
    assert out.stdout == ledger_xlsx(pasted)


def test_report_without_problems() -> None:
    r = review_text("三、整改措施\n1. 6月底前读完一本书。")
    assert ledger_rows(r) == []
    data = ledger_xlsx(r)
    ws = _open(data)["整改台账"]
    assert ws.max_row == 3
    assert "人工填写" in ws["D3"].value
    assert read_ledger(data) == {}


# ── read_ledger() ────────────────────────────────────────────────────────────────────────────────


def test_round_trip_after_changing_statuses(s01) -> None:
    data = ledger_xlsx(s01)
    assert read_ledger(data) == {p.id: "未整改" for p in s01.problems}
    wb = _open(data)
    ws = wb["整改台账"]
    status = COLUMNS.index("状态") + 1
    ws.cell(3, status).value = "已整改"
    ws.cell(5, status).value = "持续整改"
    ws.cell(6, COLUMNS.index("责任人") + 1).value = "王五"
    got = read_ledger(_save(wb))
    assert got["P1"] == "已整改"
    assert got["P3"] == "持续整改"
    assert got["P2"] == "未整改"
    assert list(got) == [p.id for p in s01.problems]


def test_tolerates_reordered_columns_and_extra_rows() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["第一支部 2024 年整改台账（汇总）"])
    ws.append([])
    ws.append(["备注", " 状态 ", "问题", "问题编号", "新增列"])
    ws.append(["", "已整改", "理论学习不够系统", "P1", "x"])
    ws.append([None, None, None, None])  # a blank line
    ws.append(["新增问题", "持续整改", "支部自己补充的一条", "", ""])  # no 编号: skipped
    ws.append(["", "持 续 整 改", "联系群众不够", "P2"])
    ws.append(["", "", "还没有填状态", "P3"])  # no 状态: skipped
    ws.append(["填表人：张三"])
    assert read_ledger(_save(wb)) == {"P1": "已整改", "P2": "持续整改"}


def test_tolerates_a_table_that_does_not_start_in_column_a() -> None:
    wb = Workbook()
    ws = wb.active
    ws["C4"], ws["D4"], ws["E4"] = "编号", "问题", "状态"
    ws["C5"], ws["D5"], ws["E5"] = "P1", "理论学习不够系统", "已整改"
    ws["C6"], ws["E6"] = "P2", "未整改"
    assert read_ledger(_save(wb)) == {"P1": "已整改", "P2": "未整改"}


def test_prefers_the_ledger_sheet() -> None:
    wb = Workbook()
    wb.active.append(["编号", "状态"])
    wb.active.append(["P1", "未整改"])
    ledger = wb.create_sheet("整改台账")
    ledger.append(["编号", "状态"])
    ledger.append(["P1", "已整改"])
    assert read_ledger(_save(wb)) == {"P1": "已整改"}


def _rejected(data: bytes) -> InputRejected:
    with pytest.raises(InputRejected) as info:
        read_ledger(data)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)
    return info.value


def test_a_workbook_that_is_not_a_ledger_is_rejected() -> None:
    wb = Workbook()
    wb.active.append(["姓名", "部门", "电话"])
    wb.active.append(["张三", "办公室", "123"])
    e = _rejected(_save(wb))
    assert e.code == "not_ledger"
    assert "编号" in e.message
    assert "状态" in e.message


def test_other_files_are_rejected() -> None:
    assert _rejected(b"").code == "ledger_empty"
    assert _rejected("编号,状态\nP1,已整改\n".encode()).code == "ledger_not_xlsx"
    assert _rejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512).code == "ledger_xls"
    assert _rejected((SAMPLES / "s02_six_disciplines_autonum.docx").read_bytes()).code == "ledger_not_xlsx"


def test_a_truncated_ledger_is_rejected(s01) -> None:
    data = ledger_xlsx(s01)
    assert _rejected(data[: len(data) // 2]).code == "ledger_not_xlsx"


def test_an_unknown_status_is_rejected(s01) -> None:
    wb = _open(ledger_xlsx(s01))
    wb["整改台账"].cell(4, COLUMNS.index("状态") + 1).value = "已完成"
    e = _rejected(_save(wb))
    assert e.code == "ledger_status"
    assert "已完成" in e.message
    assert "P2" in e.message


def test_a_duplicated_number_with_different_statuses_is_rejected() -> None:
    wb = Workbook()
    for row in (["编号", "状态"], ["P1", "已整改"], ["P1", "未整改"]):
        wb.active.append(row)
    assert _rejected(_save(wb)).code == "ledger_duplicate"
