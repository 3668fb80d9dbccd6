"""检视剖析材料评审工作台 — the library.

    >>> import workbench
    >>> r = workbench.review("sample_reports/s01_four_comparisons_village.txt")
    >>> r.summary, r.findings_frame()

The Streamlit app and the CLI are thin shells over this package; it never imports Streamlit.
"""

from .checks import RULES, Rule, run_checks
from .errors import InputRejected
from .model import (
    Dimension,
    Document,
    Finding,
    Item,
    ItemKind,
    Link,
    Outline,
    Paragraph,
    Section,
    SectionKind,
    Severity,
)
from .parsing import parse
from .reading import read
from .reviewing import SCHEMA, Review, review

__all__ = [  # noqa: RUF022  (plain sorted order, checked by a test)
    "Dimension",
    "Document",
    "Finding",
    "InputRejected",
    "Item",
    "ItemKind",
    "Link",
    "Outline",
    "Paragraph",
    "RULES",
    "Review",
    "Rule",
    "SCHEMA",
    "Section",
    "SectionKind",
    "Severity",
    "parse",
    "read",
    "review",
    "run_checks",
]
