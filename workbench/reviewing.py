"""review(bytes | path | text) → Review: one immutable object, the same for the app, the CLI and Jupyter.

read → Document → parse → Outline → check → Findings  =  Review  → JSON (workbench/review@1)
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .categorizing import score
from .checks import CORPUS_RULES, CorpusView, Overrides, run_checks
from .linking import link
from .model import Document, Finding, Item, ItemKind, Link, Outline, Severity
from .parsing import parse
from .reading import read
from .specificity import specificity

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = "workbench/review@1"
FINDING_COLUMNS = ("rule", "name", "severity", "message", "target", "start", "end", "text")
_BASIS = {
    "inline": "写在问题之下",
    "reference": "原文写明",
    "similarity": "内容相近",
    "via_remedy": "经整改措施对应",
    "reviewer": "评审人确认",
}


@dataclass(frozen=True, slots=True)
class Review:
    document: Document
    outline: Outline
    findings: tuple[Finding, ...]
    links: tuple[Link, ...] = ()
    overrides: tuple[tuple[str, Severity | None], ...] = ()  # the rule configuration it was made with

    def relinked(self, added: Iterable[tuple[str, str]] = (), removed: Iterable[tuple[str, str]] = ()) -> Review:
        """The same review after a reviewer corrected links: ``removed`` pairs are dropped, ``added``
        pairs become reviewer links, and every rule runs again (so the gap findings follow)."""
        removed = set(removed)
        kept = [x for x in self.links if (x.source, x.target) not in removed]
        have = {(x.source, x.target) for x in kept}
        ids = {i.id for i in self.outline.items}
        kept += [
            Link(s, t, 1.0, ("评审人确认",), "reviewer")
            for s, t in dict.fromkeys(added)
            if (s, t) not in have and s in ids and t in ids
        ]
        links = tuple(kept)
        findings = run_checks(self.document, self.outline, dict(self.overrides), links)
        across = tuple(f for f in self.findings if f.rule.startswith("WB5"))  # branch findings stay
        return replace(self, findings=_sorted(findings + across), links=links)

    def with_corpus(self, corpus: CorpusView) -> Review:
        """The review with the findings that need the whole branch (WB5xx: 雷同, 只有共性问题)."""
        own = tuple(f for f in self.findings if not f.rule.startswith("WB5"))
        extra = run_checks(self.document, self.outline, dict(self.overrides), self.links, corpus, only=CORPUS_RULES)
        return replace(self, findings=_sorted(own + extra))

    # ── conveniences ────────────────────────────────────────────────────────────────────────────
    @property
    def text(self) -> str:
        return self.document.text

    @property
    def problems(self) -> tuple[Item, ...]:
        return self.outline.problems

    @property
    def causes(self) -> tuple[Item, ...]:
        return self.outline.causes

    @property
    def remedies(self) -> tuple[Item, ...]:
        return self.outline.remedies

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "problems": len(self.problems),
            "causes": len(self.causes),
            "remedies": len(self.remedies),
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }

    # ── the JSON contract ───────────────────────────────────────────────────────────────────────
    def to_dict(self) -> dict[str, Any]:
        d, o = self.document, self.outline
        return {
            "schema": SCHEMA,
            "source": {
                "name": d.name,
                "format": d.format,
                "sha256": d.sha256,
                "chars": len(d.text),
                "encoding": d.encoding,
            },
            "notices": list(d.notices),
            "text": d.text,
            "framework": {
                "id": o.framework.id,
                "name": o.framework.name,
                "evidence": list(o.framework.evidence),
                "dimensions": [
                    {
                        "id": x.id,
                        "title": x.title,
                        "key": x.key or None,
                        "label": x.label or None,
                        "start": x.start,
                        "end": x.end,
                        "problems": list(x.problems),
                    }
                    for x in o.dimensions
                ],
            },
            "sections": [{"kind": s.kind.value, "title": s.title, "start": s.start, "end": s.end} for s in o.sections],
            "problems": [_item(i, dimension=True) for i in o.problems],
            "causes": [_item(i) for i in o.causes],
            "remedies": [_item(i) for i in o.remedies],
            "stated_counts": [
                {"kind": c.kind.value, "count": c.count, "phrase": c.phrase, "start": c.start, "end": c.end}
                for c in o.stated_counts
            ],
            "links": [
                {
                    "source": x.source,
                    "target": x.target,
                    "score": round(x.score, 3),
                    "evidence": list(x.evidence),
                    "basis": x.basis,
                }
                for x in self.links
            ],
            "findings": [
                {
                    "rule": f.rule,
                    "name": f.name,
                    "severity": f.severity.key,
                    "message": f.message,
                    "target": f.target,
                    "start": f.start,
                    "end": f.end,
                    "excerpt": f.excerpt,
                    **({"related": list(f.related)} if f.related else {}),
                }
                for f in self.findings
            ],
            "summary": self.summary,
        }

    # ── Jupyter ─────────────────────────────────────────────────────────────────────────────────
    def items_frame(self) -> pd.DataFrame:
        """One row per problem, cause and remedy."""
        import pandas as pd

        rows = [
            {
                "id": i.id,
                "kind": i.kind.label,
                "number": i.number,
                "headline": i.headline,
                "dimension": i.dimension,
                "problem": i.problem,
                "categories": "、".join(i.categories),
                "specificity": i.specificity,
                "start": i.start,
                "end": i.end,
                "chars": len(i.text),
            }
            for i in self.outline.items
        ]
        columns = ["id", "kind", "number", "headline", "dimension", "problem", "categories", "specificity"]
        return pd.DataFrame(rows, columns=[*columns, "start", "end", "chars"])

    def links_frame(self) -> pd.DataFrame:
        """One row per link: source, target, score, basis and evidence."""
        import pandas as pd

        rows = [
            {
                "source": x.source,
                "target": x.target,
                "score": round(x.score, 2),
                "basis": _BASIS.get(x.basis, x.basis),
                "evidence": "、".join(x.evidence),
            }
            for x in self.links
        ]
        return pd.DataFrame(rows, columns=["source", "target", "score", "basis", "evidence"])

    def finding_rows(self) -> list[dict[str, Any]]:
        """One row per finding, with the columns of ``FINDING_COLUMNS``."""
        return [
            {
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity.label,
                "message": f.message,
                "target": f.target,
                "start": f.start,
                "end": f.end,
                "text": self.text[f.start : f.end],
            }
            for f in self.findings
        ]

    def findings_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.finding_rows(), columns=list(FINDING_COLUMNS))

    def _repr_html_(self) -> str:
        e = html.escape
        s = self.summary
        fw = self.outline.framework.name or "未识别"
        head = (
            f"<b>{e(self.document.name)}</b> · 框架：{e(fw)} · 问题 {s['problems']} · 原因 {s['causes']} · "
            f"措施 {s['remedies']} · 错误 {s['errors']} · 警告 {s['warnings']} · 提示 {s['infos']}"
        )
        rows = "".join(
            f"<tr><td>{e(i.id)}</td><td>{e(i.dimension or '')}</td><td>{e(i.headline)}</td></tr>"
            for i in self.outline.items
        )
        finds = "".join(f"<li>{e(f.severity.label)} {e(f.rule)} {e(f.message)}</li>" for f in self.findings)
        return f"<div>{head}<table>{rows}</table><ul>{finds}</ul></div>"

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Review {self.document.name!r}: {s['problems']} problems, {s['causes']} causes, "
            f"{s['remedies']} remedies, {len(self.findings)} findings>"
        )


def _sorted(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule)))


def _item(i: Item, dimension: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": i.id,
        "number": i.number,
        "marker": i.marker,
        "headline": i.headline,
        "text": i.text,
    }
    if dimension:
        d["dimension"] = i.dimension
        d["specificity"] = i.specificity
    elif i.problem:
        d["problem"] = i.problem
    d.update(
        {
            "categories": list(i.categories),
            "category_terms": {name: list(terms) for name, terms in i.category_terms},
            "start": i.start,
            "end": i.end,
        }
    )
    return d


def analyse(outline: Outline) -> tuple[Outline, tuple[Link, ...]]:
    """Categories and specificity on every item, then the links between them."""
    scored = {i.id: score(i.text) for i in outline.items}

    def enrich(i: Item) -> Item:
        sc = scored[i.id]
        spec = specificity(i.text).score if i.kind == ItemKind.PROBLEM else None
        return replace(i, categories=sc.names, category_terms=sc.kept, specificity=spec)

    outline = replace(
        outline,
        problems=tuple(map(enrich, outline.problems)),
        causes=tuple(map(enrich, outline.causes)),
        remedies=tuple(map(enrich, outline.remedies)),
    )
    return outline, link(outline, scored)


def review(source: bytes | str | Path, name: str | None = None, overrides: Overrides | None = None) -> Review:
    """Review a report: file bytes (with its ``name``), a ``Path``, or pasted text (``str``).

    Raises ``InputRejected`` (with a Chinese message) for input that cannot be read."""
    if isinstance(source, str) and name is None and len(source) < 4096 and "\n" not in source:
        candidate = Path(source)
        if candidate.suffix.lower() in (".docx", ".txt", ".doc", ".wps", ".pdf") and candidate.exists():
            source = candidate
    document = read(source, name)
    outline, links = analyse(parse(document))
    findings = run_checks(document, outline, overrides, links)
    return Review(document, outline, findings, links, tuple((overrides or {}).items()))
