"""The rule registry: every rule, in id order, and ``run_checks``.

Rule ids by block: WB1xx structure, WB2xx coverage and mapping, WB3xx content quality,
WB4xx language and format, WB5xx across reports. A retired id is never reused.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Document, Finding, Link, Outline, Severity
from . import content, corpus, history, language, mapping, quality, structure
from ._rule import Context, CorpusView, Hit, Rule, SharedPassage

MODULES = (structure, mapping, content, quality, language, corpus, history)
RULES: tuple[Rule, ...] = tuple(sorted((r for m in MODULES for r in m.RULES), key=lambda r: r.id))

#: A reviewer's configuration: rule id or name → a severity, or None to switch the rule off.
Overrides = Mapping[str, Severity | None]


def rule_by_key(key: str) -> Rule | None:
    return next((r for r in RULES if key in (r.id, r.name)), None)


def run_checks(
    document: Document,
    outline: Outline,
    overrides: Overrides | None = None,
    links: tuple[Link, ...] = (),
    corpus: CorpusView | None = None,
    only: tuple[Rule, ...] | None = None,
) -> tuple[Finding, ...]:
    """All findings (or those of the rules in ``only``), sorted by position then rule id."""
    ctx = Context(document, outline, links, corpus)
    overrides = overrides or {}
    findings: list[Finding] = []
    for r in only if only is not None else RULES:
        key = r.id if r.id in overrides else r.name
        if key in overrides and overrides[key] is None:
            continue
        findings.extend(r.run(ctx, overrides.get(key)))
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule)))


CORPUS_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r.id.startswith("WB5"))

__all__ = [
    "CORPUS_RULES",
    "RULES",
    "Context",
    "CorpusView",
    "Hit",
    "Overrides",
    "Rule",
    "SharedPassage",
    "rule_by_key",
    "run_checks",
]
