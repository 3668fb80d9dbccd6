"""Categories for problems, causes and remedies, with the terms that decided them (data/categories.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .knowledge import load


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    kind: str  # "thought" | "work"
    keywords: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Scored:
    """An item's category scores: all of them (for similarity) and those kept, with their terms."""

    scores: tuple[tuple[str, float], ...]  # (category name, score) for every category that scored
    kept: tuple[tuple[str, tuple[str, ...]], ...]  # (category name, terms) for the categories assigned

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.kept)


@cache
def categories() -> tuple[Category, ...]:
    data = load("categories")
    return tuple(
        Category(c["id"], c["name"], c["kind"], tuple(sorted(c["keywords"].items(), key=lambda kv: -len(kv[0]))))
        for c in data["categories"]
    )


@cache
def _settings() -> tuple[float, float, int]:
    data = load("categories")
    return float(data["min_score"]), float(data["relative"]), int(data["max_per_item"])


@cache
def kind_of(name: str) -> str:
    return next((c.kind for c in categories() if c.name == name), "work")


def domain_terms() -> list[str]:
    """Every keyword, for the tokenizer's dictionary."""
    return sorted({k for c in categories() for k, _ in c.keywords if len(k) >= 2})


def score(text: str) -> Scored:
    """Score ``text`` against every category. A keyword inside a longer matched keyword of the same
    category ("理论" inside "理论学习") does not count again."""
    min_score, relative, most = _settings()
    rows: list[tuple[str, float, tuple[str, ...]]] = []
    for c in categories():
        total, terms = 0.0, []
        for kw, weight in c.keywords:  # longest first
            if kw in text and not any(kw in t for t in terms):
                total += weight
                terms.append(kw)
        if total:
            rows.append((c.name, total, tuple(terms)))
    rows.sort(key=lambda r: -r[1])
    best = rows[0][1] if rows else 0.0
    kept = tuple((n, t) for n, s, t in rows if s >= min_score and s >= relative * best)[:most]
    return Scored(tuple((n, s) for n, s, _ in rows), kept)
