"""Loads the reviewer-editable data files under ``workbench/data/`` (TOML), once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@cache
def load(name: str) -> dict:
    """``workbench/data/<name>.toml`` as a dict."""
    with (DATA / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True, slots=True)
class FrameworkDimension:
    id: str
    title: str
    patterns: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    name: str
    year: int
    signals: tuple[str, ...]
    dimensions: tuple[FrameworkDimension, ...]


@cache
def frameworks() -> tuple[Framework, ...]:
    """Every framework pack in ``data/frameworks/``, sorted by id."""
    packs = []
    for path in sorted((DATA / "frameworks").glob("*.toml")):
        with path.open("rb") as f:
            d = tomllib.load(f)
        dims = tuple(
            FrameworkDimension(x["id"], x["title"], tuple(re.compile(p) for p in x.get("patterns", [])))
            for x in d.get("dimensions", [])
        )
        packs.append(Framework(d["id"], d["name"], int(d.get("year", 0)), tuple(d.get("signals", [])), dims))
    return tuple(packs)


def framework(framework_id: str) -> Framework | None:
    return next((f for f in frameworks() if f.id == framework_id), None)
