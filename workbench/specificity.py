"""见人见事见思想: a 0–100 score of how concrete a problem is (data/specificity.toml)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .knowledge import load


@dataclass(frozen=True, slots=True)
class Specificity:
    score: int
    anchors: tuple[str, ...]  # the concrete facts found (numbers, dates, occasions…)
    hedges: tuple[str, ...]
    stock: tuple[str, ...]


@cache
def _data() -> tuple[tuple[re.Pattern[str], ...], dict]:
    d = load("specificity")
    return tuple(re.compile(p) for p in d["anchors"]), d


def specificity_settings() -> dict:
    return _data()[1]


def specificity(text: str) -> Specificity:
    patterns, d = _data()
    spans: list[tuple[int, int]] = []
    anchors: list[str] = []
    for rx in patterns:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue  # one fact counted once
            spans.append(m.span())
            anchors.append(m.group(0))
    hedges = tuple(h for h in d["hedges"] if h in text)
    stock = tuple(s for s in d["stock"] if s in text)
    raw = (
        100 * (1 - math.exp(-len(anchors) / d["scale"])) - d["hedge_cost"] * len(hedges) - d["stock_cost"] * len(stock)
    )
    return Specificity(max(0, min(100, round(raw))), tuple(anchors), hedges, stock)
