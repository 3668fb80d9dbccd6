"""The rule registry: every rule, in id order, and ``run_checks``.

Rule ids by block: WB1xx structure, WB2xx coverage and mapping, WB3xx content quality,
WB4xx language and format, WB5xx across reports. A retired id is never reused.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Document, Finding, Link, Outline, Severity
from . import content, language, mapping, quality, structure
from ._rule import Context, Hit, Rule

MODULES = (structure, mapping, content, quality, language)
RULES: tuple[Rule, ...] = tuple(sorted((r for m in MODULES for r in m.RULES), key=lambda r: r.id))

#: A reviewer's configuration: rule id or name → a severity, or None to switch the rule off.
Overrides = Mapping[str, Severity | None]


def rule_by_key(key: str) -> Rule | None:
    return next((r for r in RULES if key in (r.id, r.name)), None)


def run_checks(
    document: Document, outline: Outline, overrides: Overrides | None = None, links: tuple[Link, ...] = ()
) -> tuple[Finding, ...]:
    """All findings, sorted by position then rule id."""
    ctx = Context(document, outline, links)
    overrides = overrides or {}
    findings: list[Finding] = []
    for r in RULES:
        key = r.id if r.id in overrides else r.name
        if key in overrides and overrides[key] is None:
            continue
        findings.extend(r.run(ctx, overrides.get(key)))
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule)))


__all__ = ["RULES", "Context", "Hit", "Overrides", "Rule", "rule_by_key", "run_checks"]
