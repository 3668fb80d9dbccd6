"""A reviewer's rule configuration (TOML): switch rules off or change their severity.

[rules]
WB403 = "off"          # by id …
placeholder = "warning" # … or by name; values: off / error / warning / info (错误 / 警告 / 提示)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .checks import Overrides, rule_by_key
from .model import Severity


class ConfigError(ValueError):
    pass


def parse_overrides(text: str) -> Overrides:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"不是有效的 TOML：{e}") from e
    table = data.get("rules", {})
    if not isinstance(table, dict):
        raise ConfigError("[rules] 应为“规则 = 级别”的表")
    out: dict[str, Severity | None] = {}
    for key, value in table.items():
        r = rule_by_key(key)
        if r is None:
            raise ConfigError(f"未知的规则：{key}")
        if str(value).strip().lower() in ("off", "关闭", "false", "none"):
            out[r.id] = None
            continue
        try:
            out[r.id] = Severity.parse(str(value))
        except ValueError as e:
            raise ConfigError(f"规则 {key} 的级别“{value}”无效，可用 off / error / warning / info") from e
    return out


def load_overrides(path: Path) -> Overrides:
    try:
        return parse_overrides(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"无法读取 {path.name}") from e
