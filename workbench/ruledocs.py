"""docs/rules.md, generated from the rule registry (``python -m workbench rules --markdown``)."""

from __future__ import annotations

from .checks import RULES, Rule

_BLOCKS = {
    "1": "结构（WB1xx）",
    "2": "对应关系（WB2xx）",
    "3": "内容质量（WB3xx）",
    "4": "语言文字（WB4xx）",
    "5": "跨材料（WB5xx）",
}


def _quote(text: str) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines())


def rule_section(r: Rule) -> str:
    return (
        f"### {r.id} `{r.name}` — {r.title}\n\n"
        f"- 级别：{r.severity.label}（`{r.severity.key}`）\n"
        f"- 为什么：{r.rationale}\n\n"
        f"会被标出的写法：\n\n{_quote(r.flagged)}\n\n"
        f"不会被标出的写法：\n\n{_quote(r.clean)}\n"
    )


def rules_markdown() -> str:
    lines = [
        "# 检查规则 · Rules",
        "",
        "本文件由规则注册表自动生成（`python -m workbench rules --markdown > docs/rules.md`），",
        "请勿手工修改；测试会在它与代码不一致时失败。规则可以在配置文件中关闭或调整级别（见 README）。",
        "",
        "| 编号 | 名称 | 级别 | 标题 |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.id} | `{r.name}` | {r.severity.label} | {r.title} |" for r in RULES]
    block = ""
    for r in RULES:
        if r.id[2] != block:
            block = r.id[2]
            lines += ["", f"## {_BLOCKS.get(block, block)}", ""]
        lines.append(rule_section(r))
    return "\n".join(lines).rstrip() + "\n"
