"""Words for weighting and similarity: jieba with the domain terms added, loaded once per process.

jieba's dictionary takes about a second to load on this machine; the app pays it once per server
process (modules stay imported across Streamlit reruns), the CLI once per call.
"""

from __future__ import annotations

import logging
import re
import tempfile
from functools import cache, lru_cache
from pathlib import Path

from .categorizing import domain_terms
from .knowledge import load

_WORD = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{3,}")


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # a usable cache directory even where the default is read-only (RECIPES.md §4)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    for term in domain_terms():
        jieba.add_word(term, freq=2000, tag="nz")
    for term in load("stopwords").get("phrases", []):
        jieba.add_word(term, freq=2000)
    return jieba


@cache
def stopwords() -> frozenset[str]:
    data = load("stopwords")
    return frozenset(data["words"]) | frozenset(data.get("phrases", []))


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Content words of two or more characters, stop words removed."""
    stop = stopwords()
    return tuple(w for w in _jieba().lcut(text, HMM=False) if _WORD.fullmatch(w) and w not in stop)


GENERAL_IDF_DEFAULT = 12.0  # a word missing from jieba's table: rare in general Chinese (its median is 11.95)


@cache
def general_idf() -> dict[str, float]:
    """How rare a word is in general Chinese: the inverse document frequencies that ship with jieba
    (``jieba/analyse/idf.txt``, read from the installed package, never downloaded). Only words more
    common than the default are kept (half the table); a missing file leaves every word at the default."""
    import jieba

    path = Path(jieba.__file__).with_name("analyse") / "idf.txt"
    table: dict[str, float] = {}
    try:
        with path.open(encoding="utf-8") as f:
            for line in f:
                word, _, value = line.rstrip().partition(" ")
                try:
                    idf = float(value)
                except ValueError:
                    continue
                if idf < GENERAL_IDF_DEFAULT:
                    table[word] = idf
    except OSError:
        return {}
    return table


def warm_up() -> None:
    """Load the dictionary now (the app calls this once, before the first review)."""
    words("理论学习")
    general_idf()
