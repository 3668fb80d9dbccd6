"""The 整改台账 (rectification ledger): one row per problem with its causes, remedies and time limits,
exported to .xlsx for the branch to fill in (责任人, 时限, 状态) and read back later by its 编号 column.

    review ──ledger_rows──▶ [{序号, 编号, 对照维度, 问题, 原因, 整改措施, 时限, 责任人, 状态, 问题原文}]
           ──ledger_xlsx──▶ .xlsx: 整改台账 (status drop-down) · 检查意见 (findings kept) · 说明
    edited .xlsx ──read_ledger──▶ {"P1": "已整改", …}

Time limits come from the remedies' own words (``deadline``), with the patterns in
``data/deadlines.toml``. The .xlsx is byte-for-byte deterministic: fixed document dates and fixed
zip entry times, so the same review always gives the same file.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .errors import InputRejected
from .knowledge import load
from .triage import DEFAULT_REVIEWER, Decision, finding_key, kept

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from .branch import Branch
    from .model import Item
    from .reviewing import Review

SHEET = "整改台账"
FINDINGS_SHEET = "检查意见"
HELP_SHEET = "说明"
STATUSES = ("未整改", "持续整改", "已整改")
DEFAULT_STATUS = "未整改"
DEFAULT_OWNER = "本人"
NO_CAUSE = "（未剖析原因）"
NO_REMEDY = "（无对应措施）"

KEY = "编号"
STATUS = "状态"
COLUMNS = ("序号", KEY, "对照维度", "问题", "原因", "整改措施", "时限", "责任人", STATUS, "问题原文")
FINDING_COLUMNS = ("规则", "级别", "说明", "原文", "对象", "状态", "评审批注", "评审人")

# Column widths in Excel units (about one Latin digit; a Chinese character takes about two).
_WIDTHS = {
    "序号": 6,
    KEY: 7,
    "对照维度": 18,
    "问题": 34,
    "原因": 36,
    "整改措施": 42,
    "时限": 16,
    "责任人": 9,
    STATUS: 11,
    "问题原文": 60,
}
_FINDING_WIDTHS = {"规则": 9, "级别": 7, "说明": 50, "原文": 40, "对象": 7, "状态": 7, "评审批注": 30, "评审人": 10}

_FIXED_TIME = datetime(2024, 1, 1)  # document properties: the same review gives the same bytes
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_FONT = "宋体"
_HEADER_FILL = "DDEBF7"
_STATUS_FILLS = {"未整改": "F8CBAD", "持续整改": "FFE699", "已整改": "C6EFCE"}
_MAX_CELL = 32767  # Excel's limit on the characters in one cell
_MAX_EXCERPT = 500
_LINE_HEIGHT = 15.0  # points per wrapped line at 11 pt
_MAX_ROW_HEIGHT = 409.0

# read_ledger: limits on an uploaded workbook (it is a zip of XML parts)
MAX_LEDGER_BYTES = 20 * 1024 * 1024
MAX_LEDGER_ENTRIES = 2000
MAX_LEDGER_UNPACKED = 200 * 1024 * 1024
_HEADER_ROWS = 20  # the header row is looked for among the first rows of a sheet
_KEY_HEADERS = {KEY, "问题编号"}
_STATUS_HEADERS = {STATUS, "整改状态"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DTD = tuple(s.encode(e) for s in ("<!DOCTYPE", "<!ENTITY") for e in ("utf-8", "utf-16-le", "utf-16-be"))
_EXPORT_AGAIN = "请使用工作台导出的整改台账（.xlsx），在 Excel/WPS 中修改“状态”列后直接保存上传。"

_MESSAGES = {
    "ledger_empty": "上传的台账文件是空的。" + _EXPORT_AGAIN,
    "ledger_too_large": f"台账文件超过 {MAX_LEDGER_BYTES // (1024 * 1024)} MB 上限，不像是整改台账。" + _EXPORT_AGAIN,
    "ledger_xls": "这是旧版 Excel 97-2003（.xls）、WPS 专有格式或设置了打开密码的表格。"
    "请在 Excel/WPS 中取消密码，“另存为”Excel 工作簿（*.xlsx）后重新上传。",
    "ledger_not_xlsx": "这不是 Excel 工作簿（.xlsx）文件。" + _EXPORT_AGAIN,
    "ledger_suspicious": "台账文件内部结构异常（部件过多、解压后过大或含有不允许的 XML 声明），已拒绝处理。"
    + _EXPORT_AGAIN,
    "ledger_unreadable": "台账文件已损坏，无法读取。" + _EXPORT_AGAIN,
    "not_ledger": "这个表格不是整改台账：没有找到“编号”和“状态”两列的表头。"
    "请上传工作台导出的整改台账，并保留表头行和“编号”列。",
}


def _reject(code: str, message: str | None = None) -> InputRejected:
    return InputRejected(code, message or _MESSAGES[code])


# ── time limits ──────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class DeadlinePatterns:
    deadlines: tuple[re.Pattern[str], ...]
    frequencies: tuple[re.Pattern[str], ...]
    examples: tuple[tuple[str, str], ...]  # (remedy text, expected deadline()) from the data file


@cache
def patterns() -> DeadlinePatterns:
    """The patterns of ``data/deadlines.toml``, compiled once."""
    d = load("deadlines")
    return DeadlinePatterns(
        tuple(re.compile(p) for p in d.get("deadlines", [])),
        tuple(re.compile(p) for p in d.get("frequencies", [])),
        tuple((x["text"], x["expect"]) for x in d.get("example", [])),
    )


def _matches(text: str, tier: tuple[re.Pattern[str], ...]) -> list[str]:
    """Every non-overlapping match of the tier, longest first at each place, in text order, deduplicated."""
    spans = sorted(
        ((m.start(), m.end()) for p in tier for m in p.finditer(text) if m.end() > m.start()),
        key=lambda s: (s[0], -s[1]),
    )
    found: list[str] = []
    end = -1
    for s, e in spans:
        if s >= end:
            found.append(text[s:e].strip())
            end = e
    return list(dict.fromkeys(x for x in found if x))


def deadline(text: str) -> str:
    """The time limit a remedy states, as written ("6月底前", "年内", "即日起"…); several are joined by "、".
    Without one, its frequency or response limit ("每月", "3个工作日内"); "" when it states none."""
    p = patterns()
    return "、".join(_matches(text, p.deadlines) or _matches(text, p.frequencies))


# ── rows ─────────────────────────────────────────────────────────────────────────────────────────


def _headline(item: Item) -> str:
    return item.headline.strip() or item.text.strip()[:60]


def _linked(review: Review, problem_id: str, items: tuple[Item, ...]) -> list[Item]:
    """The items of ``items`` the problem links to, in the report's order."""
    targets = {x.target for x in review.links if x.source == problem_id}
    return [i for i in items if i.id in targets]


def _numbered(label: str, texts: list[str]) -> str:
    return "\n".join(f"{label}{n}：{t}" for n, t in enumerate(texts, 1))


def _time_limits(remedies: list[Item]) -> str:
    limits = [deadline(r.text) for r in remedies]
    if len(limits) == 1:
        return limits[0]
    return "\n".join(f"措施{n}：{x}" for n, x in enumerate(limits, 1) if x)


def ledger_rows(review: Review) -> list[dict[str, Any]]:
    """One row per problem, keyed by ``COLUMNS``; ``编号`` (P1…) is the key ``read_ledger`` reads back."""
    titles = {d.id: d.title for d in review.outline.dimensions}
    rows = []
    for n, p in enumerate(review.outline.problems, 1):
        causes = _linked(review, p.id, review.outline.causes)
        remedies = _linked(review, p.id, review.outline.remedies)
        row = {
            "序号": n,
            KEY: p.id,
            "对照维度": titles.get(p.dimension or "", ""),
            "问题": _headline(p),
            "原因": _numbered("原因", [_headline(c) for c in causes]) or NO_CAUSE,
            "整改措施": _numbered("措施", [_headline(r) for r in remedies]) or NO_REMEDY,
            "时限": _time_limits(remedies),
            "责任人": DEFAULT_OWNER,
            STATUS: DEFAULT_STATUS,
            "问题原文": p.text.strip(),
        }
        rows.append({c: row[c] for c in COLUMNS})
    return rows


# ── the workbook ─────────────────────────────────────────────────────────────────────────────────


def _clean(value: Any) -> Any:
    """Text made safe for a cell: no characters XML cannot hold, within Excel's length limit."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if len(value) <= _MAX_CELL else value[: _MAX_CELL - 1] + "…"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width cell or terminal: 2 for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in str(text).split("\n"))


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=column, value=_clean(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # report text, never a formula
    return cell


def _table(ws: Worksheet, first: int, columns: tuple[str, ...], rows: list[list[Any]], widths: dict[str, int]) -> int:
    """Header at row ``first`` and the rows under it, styled; returns the last row written."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for c, name in enumerate(columns, 1):
        cell = _put(ws, first, c, name)
        cell.font = Font(name=_FONT, bold=True, size=11)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = centre
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = widths.get(name, 12)
    ws.row_dimensions[first].height = 22
    body = Font(name=_FONT, size=11)
    narrow = {name for name, w in widths.items() if w <= 11}
    for r, values in enumerate(rows, first + 1):
        lines = 1
        for c, (name, value) in enumerate(zip(columns, values, strict=True), 1):
            cell = _put(ws, r, c, value)
            cell.font = body
            cell.border = border
            cell.alignment = centre if name in narrow else wrap
            if not ws.column_dimensions[get_column_letter(c)].hidden and value not in (None, ""):
                lines = max(lines, _lines(str(value), widths.get(name, 12)))
        ws.row_dimensions[r].height = min(_MAX_ROW_HEIGHT, max(20.0, lines * _LINE_HEIGHT + 4))
    return first + len(rows)


def _title(ws: Worksheet, text: str, columns: int) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    _put(ws, 1, 1, text)
    ws.merge_cells(f"A1:{get_column_letter(columns)}1")
    ws["A1"].font = Font(name=_FONT, bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows


def _ledger_sheet(ws: Worksheet, review: Review, name: str) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.title = SHEET
    rows = [list(r.values()) for r in ledger_rows(review)]
    if not rows:  # nothing parsed: one blank row the branch can fill by hand, with no 编号
        rows = [["", "", "", "（未识别出查摆问题，请对照原文人工填写）", "", "", "", DEFAULT_OWNER, DEFAULT_STATUS, ""]]
    visible = len(COLUMNS) - 1  # 问题原文 is the last column, folded away
    hidden = get_column_letter(len(COLUMNS))
    ws.column_dimensions[hidden].hidden = True  # set before _table so it does not drive row heights
    _title(ws, f"{name} 整改台账", visible)
    last = _table(ws, 2, COLUMNS, rows, _WIDTHS)
    ws.column_dimensions.group(hidden, hidden, hidden=True, outline_level=1)
    ws.column_dimensions.max_outline = 1  # openpyxl writes it into sheetFormatPr only if set beforehand
    ws.column_dimensions[hidden].width = _WIDTHS["问题原文"]
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{last}"
    _print_setup(ws, "2:2")

    status = get_column_letter(COLUMNS.index(STATUS) + 1)
    cells = f"{status}3:{status}{max(last, 3)}"
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showDropDown=False,  # (sic) True would hide the in-cell arrow
        showErrorMessage=True,
        errorTitle="状态填写有误",
        error="请从下拉列表中选择：" + "、".join(STATUSES) + "。",
        showInputMessage=True,
        promptTitle="整改状态",
        prompt=" / ".join(STATUSES),
    )
    dv.add(cells)
    ws.add_data_validation(dv)
    for value, colour in _STATUS_FILLS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{value}"'], fill=fill))


def _findings_sheet(ws: Worksheet, review: Review, decisions: Mapping[str, Decision], reviewer: str) -> None:
    rows = []
    for f, d in kept(review.findings, decisions):
        excerpt = review.text[f.start : f.end] or f.excerpt
        if len(excerpt) > _MAX_EXCERPT:
            excerpt = excerpt[: _MAX_EXCERPT - 1] + "…"
        who = d.reviewer if finding_key(f) in decisions else reviewer
        rows.append([f.rule, f.severity.label, f.message, excerpt, f.target or "", d.status.label, d.comment, who])
    last = _table(ws, 1, FINDING_COLUMNS, rows, _FINDING_WIDTHS)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{max(last, 1)}"
    _print_setup(ws, "1:1")


def _help_sheet(ws: Worksheet, name: str, reviewer: str) -> None:
    from openpyxl.styles import Alignment, Font

    lines = [
        f"本台账由检视剖析材料评审工作台根据《{name}》生成，评审：{reviewer}。",
        "1. “整改台账”每行对应材料查摆的一个问题。“原因”“整改措施”是工作台按原文整理的对应关系，"
        "如有出入请以原文为准，直接在表中修改。",
        "2. 请逐项核对、填写“责任人”和“时限”。时限为空，说明原文没有写明完成时间，应当补充明确。",
        "3. 整改推进后，在“状态”列的下拉列表中选择：未整改 / 持续整改 / 已整改。"
        "已完成、可以销号的填“已整改”；需要长期坚持的填“持续整改”。",
        "4. “编号”列（P1、P2……）是台账导回工作台时对应问题的依据，请勿修改或删除；"
        "其他列可以增删、调整顺序，也可以在表格下方加备注行。",
        "5. “问题原文”列默认折叠，点击列标上方的“+”可展开查看问题的完整表述。",
        "6. “检查意见”工作表列出评审发现的问题（已忽略的不列出），供修改材料时逐条对照。",
    ]
    ws.column_dimensions["A"].width = 100
    _put(ws, 1, 1, "使用说明").font = Font(name=_FONT, bold=True, size=14)
    ws.row_dimensions[1].height = 28
    for r, line in enumerate(lines, 2):
        cell = _put(ws, r, 1, line)
        cell.font = Font(name=_FONT, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = _lines(line, 100) * _LINE_HEIGHT + 4


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed time, so that equal content gives equal bytes."""

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: bytes | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(  # type: ignore[override]
        self,
        filename: str,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """openpyxl writes the worksheets through temporary files: take their bytes, not their times."""
        with open(filename, "rb") as fh:  # noqa: PTH123  (the path openpyxl hands over)
            self.writestr(arcname or filename, fh.read())


def ledger_xlsx(
    review: Review, decisions: Mapping[str, Decision] | None = None, reviewer: str = DEFAULT_REVIEWER
) -> bytes:
    """The ledger as .xlsx bytes: sheets 整改台账, 检查意见 (findings not dismissed) and 说明."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    decisions = decisions or {}
    name = PurePath(review.document.name).stem.strip() or "检视剖析材料"
    wb = Workbook()
    _ledger_sheet(wb.active, review, name)
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), review, decisions, reviewer)
    _help_sheet(wb.create_sheet(HELP_SHEET), name, reviewer)
    wb.active = 0
    props = wb.properties
    props.title = _clean(f"{name} 整改台账")
    props.creator = "workbench"
    props.lastModifiedBy = _clean(reviewer)
    props.created = props.modified = _FIXED_TIME
    buffer = io.BytesIO()
    # openpyxl.save_workbook would stamp the current time on the properties and on every zip entry
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


# ── reading an edited ledger back ────────────────────────────────────────────────────────────────


def _check_package(data: bytes) -> None:
    if not data.strip():
        raise _reject("ledger_empty")
    if len(data) > MAX_LEDGER_BYTES:
        raise _reject("ledger_too_large")
    if data.startswith(_OLE_MAGIC):
        raise _reject("ledger_xls")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_LEDGER_ENTRIES or sum(i.file_size for i in infos) > MAX_LEDGER_UNPACKED:
                raise _reject("ledger_suspicious")
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise _reject("ledger_not_xlsx")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        head = part.read(2048)
                    if any(n in head for n in _DTD):
                        raise _reject("ledger_suspicious")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as e:
        raise _reject("ledger_not_xlsx") from e
    except (OSError, ValueError, NotImplementedError) as e:  # zlib errors, bad offsets, unknown compression
        raise _reject("ledger_unreadable") from e


def _header(value: Any) -> str:
    return re.sub(r"[\s*＊:：]", "", str(value)) if value is not None else ""


def _read_sheet(ws: Any) -> dict[str, str] | None:
    """编号 → 状态 from one sheet, or None when the sheet has no ledger header."""
    key_col = status_col = -1
    found: dict[str, str] = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), 1):
        if key_col < 0:
            if r > _HEADER_ROWS:
                return None
            names = [_header(v) for v in row]
            keys = [i for i, v in enumerate(names) if v in _KEY_HEADERS]
            states = [i for i, v in enumerate(names) if v in _STATUS_HEADERS]
            if keys and states:
                key_col, status_col = keys[0], states[0]
            continue
        key = str(row[key_col]).strip() if key_col < len(row) and row[key_col] is not None else ""
        value = row[status_col] if status_col < len(row) else None
        status = re.sub(r"\s", "", str(value)) if value is not None else ""
        if not key or not status:
            continue  # notes, blank lines, rows the branch added without a number
        if status not in STATUSES:
            raise _reject(
                "ledger_status",
                f"第 {r} 行（编号 {key}）的状态“{status}”无法识别。"
                f"状态只能填写：{'、'.join(STATUSES)}。请修改后重新上传。",
            )
        if found.get(key, status) != status:
            raise _reject(
                "ledger_duplicate",
                f"编号 {key} 在台账中出现了不止一次，且状态不一致（{found[key]} / {status}）。"
                "请保留一行、核对状态后重新上传。",
            )
        found[key] = status
    return found if key_col >= 0 else None


def read_ledger(data: bytes) -> dict[str, str]:
    """编号 → 状态 from a ledger a reviewer edited in Excel/WPS. Extra rows and columns and reordered
    columns are fine; rows without a 编号 or a 状态 are skipped. Raises ``InputRejected`` for a file
    that is not a ledger or holds a status other than 未整改 / 持续整改 / 已整改."""
    from openpyxl import load_workbook

    _check_package(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it drops (extensions…)
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds (KeyError, TypeError, lxml/expat errors…)
        raise _reject("ledger_unreadable") from e
    try:
        sheets = sorted(wb.worksheets, key=lambda ws: ws.title != SHEET)  # the ledger sheet first
        for ws in sheets:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ws.reset_dimensions()  # some writers store a wrong used range (A1:A1)
                    found = _read_sheet(ws)
            except InputRejected:
                raise
            except Exception as e:
                raise _reject("ledger_unreadable") from e
            if found is not None:
                return found
    finally:
        wb.close()
    raise _reject("not_ledger")


def branch_xlsx(branch: Branch) -> bytes:
    """The branch summary workbook: reports, shared problems, 雷同 pairs, findings."""
    import pandas as pd

    out = io.BytesIO()
    findings = branch.findings_frame()
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        branch.reports_frame().to_excel(xl, sheet_name="材料", index=False)
        branch.shared_frame(top=200).to_excel(xl, sheet_name="共性问题", index=False)
        branch.pairs_frame().to_excel(xl, sheet_name="雷同", index=False)
        cols = {"report": "材料", "rule": "规则", "severity": "级别", "message": "说明", "text": "原文"}
        findings[[c for c in cols if c in findings.columns]].rename(columns=cols).to_excel(
            xl, sheet_name="检查意见", index=False
        )
        for ws in xl.book.worksheets:
            ws.freeze_panes = "A2"
            for col in ws.columns:
                width = max((len(str(c.value or "")) for c in col[:200]), default=8)
                ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width * 1.6))
    return out.getvalue()
