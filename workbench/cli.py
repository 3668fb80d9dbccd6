"""python -m workbench review FILE [--json] [--config rules.toml] · python -m workbench rules [--markdown]

Exit status: 0 reviewed (whatever the findings), 2 bad input (a Chinese message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .annotating import annotate_docx
from .checks import RULES
from .config import ConfigError, load_overrides
from .errors import InputRejected
from .ledger import branch_xlsx, ledger_xlsx
from .reviewing import Review, review
from .ruledocs import rules_markdown


def outline_text(r: Review) -> str:
    """A readable Chinese outline of the review."""
    o, s = r.outline, r.summary
    lines = [
        f"文件：{r.document.name}（{r.document.format}，{len(r.text)} 字）",
        f"框架：{o.framework.name or '未识别'}",
        f"问题 {s['problems']} 条 · 原因 {s['causes']} 条 · 措施 {s['remedies']} 条 · "
        f"错误 {s['errors']} · 警告 {s['warnings']} · 提示 {s['infos']}",
    ]
    lines += [f"注意：{n}" for n in r.document.notices]
    if o.dimensions:
        lines.append("")
        lines.append("对照维度：")
        for d in o.dimensions:
            lines.append(f"  {d.id} {d.title}（问题 {'、'.join(d.problems) or '无'}）")
    for title, items in (("查摆问题", o.problems), ("原因剖析", o.causes), ("整改措施", o.remedies)):
        lines.append("")
        lines.append(f"{title}：")
        for i in items:
            extra = f" [{i.dimension}]" if i.dimension else (f" [属于 {i.problem}]" if i.problem else "")
            lines.append(f"  {i.id}{extra} {i.marker} {i.headline}")
    lines.append("")
    lines.append("检查结果：" if r.findings else "检查结果：未发现问题。")
    for f in r.findings:
        lines.append(f"  [{f.severity.label}] {f.rule} {f.message}")
    return "\n".join(lines)


def _rules(markdown: bool) -> int:
    if markdown:
        sys.stdout.write(rules_markdown())
    else:
        for r in RULES:
            sys.stdout.write(f"{r.id}  {r.severity.label}  {r.name:24}  {r.title}\n")
    return 0


def _progress(done: int, total: int, name: str) -> None:
    """A progress bar on stderr (stdout stays clean for --json)."""
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[-30:]:30}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _batch(args: argparse.Namespace) -> int:
    from .branch import Branch

    source = Path(args.source)
    if not source.exists():
        print(f"找不到：{args.source}", file=sys.stderr)
        return 2
    try:
        overrides = load_overrides(Path(args.config)) if args.config else None
        branch = Branch.from_path(source, overrides, progress=_progress)
    except (InputRejected, ConfigError) as e:
        print(str(e), file=sys.stderr)
        return 2
    if not branch.reviews:
        print("没有可以审阅的材料（.docx / .txt）。", file=sys.stderr)
        for name, message in branch.rejected:
            print(f"  {name}：{message}", file=sys.stderr)
        return 2
    for name, message in branch.rejected:
        print(f"未能读取 {name}：{message}", file=sys.stderr)
    if args.xlsx:
        Path(args.xlsx).write_bytes(branch_xlsx(branch))
        print(f"已写出汇总表：{args.xlsx}", file=sys.stderr)
    if args.json:
        sys.stdout.write(json.dumps(branch.to_dict(), ensure_ascii=False) + "\n")
    else:
        s = branch.summary()
        print(
            f"材料 {s['reports']} 份（未能读取 {s['rejected']} 份）· 问题 {s['problems']} 条 · "
            f"错误 {s['errors']} · 警告 {s['warnings']} · 雷同 {s['near_duplicate_pairs']} 对"
        )
        print(branch.reports_frame().to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench", description="检视剖析材料评审工作台（命令行）")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("review", help="审阅一份材料（.docx / .txt）")
    p.add_argument("file", help="材料文件；用 - 从标准输入读取文本")
    p.add_argument("--json", action="store_true", help="输出 workbench/review@1 JSON")
    p.add_argument("--config", help="规则配置文件（TOML）：关闭规则或调整严重程度")
    p.add_argument("--annotate", metavar="OUT.docx", help="写出带 Word 批注的材料（.txt 输入会生成新的 .docx）")
    p.add_argument("--ledger", metavar="OUT.xlsx", help="写出整改台账（Excel）")
    p.add_argument("--reviewer", default="评审组", help="批注的作者（默认：评审组）")
    bp = sub.add_parser("batch", help="批量审阅一个文件夹或 .zip 中的全部材料（共性问题、雷同）")
    bp.add_argument("source", help="文件夹或 .zip")
    bp.add_argument("--json", action="store_true", help="输出 workbench/batch@1 JSON")
    bp.add_argument("--xlsx", metavar="SUMMARY.xlsx", help="写出汇总表（材料、共性问题、雷同、检查意见）")
    bp.add_argument("--config", help="规则配置文件（TOML）")
    rp = sub.add_parser("rules", help="列出全部检查规则")
    rp.add_argument("--markdown", action="store_true", help="输出 docs/rules.md 的内容")
    args = parser.parse_args(argv)
    if args.command == "rules":
        return _rules(markdown=args.markdown)
    if args.command == "batch":
        return _batch(args)
    try:
        overrides = load_overrides(Path(args.config)) if args.config else None
    except ConfigError as e:
        print(f"配置文件有误：{e}", file=sys.stderr)
        return 2
    try:
        if args.file == "-":
            result = review(sys.stdin.buffer.read(), name="stdin.txt", overrides=overrides)
        else:
            path = Path(args.file)
            if not path.is_file():
                print(f"找不到文件：{args.file}", file=sys.stderr)
                return 2
            result = review(path, overrides=overrides)
    except InputRejected as e:
        print(str(e), file=sys.stderr)
        return 2
    try:
        _exports(result, args)
    except OSError as e:
        print(f"无法写出文件：{e.filename}（{e.strerror}）", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(outline_text(result) + "\n")
    return 0


def _exports(result: Review, args: argparse.Namespace) -> None:
    if args.annotate:
        original = Path(args.file).read_bytes() if result.document.format == "docx" else None
        Path(args.annotate).write_bytes(annotate_docx(result, original, reviewer=args.reviewer))
        print(f"已写出批注版：{args.annotate}", file=sys.stderr)
    if args.ledger:
        Path(args.ledger).write_bytes(ledger_xlsx(result, reviewer=args.reviewer))
        print(f"已写出整改台账：{args.ledger}", file=sys.stderr)
