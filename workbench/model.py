"""The data model: frozen, plain, picklable.

    bytes ──read──▶ Document ─┬─ text: str                 (the coordinate system: every start/end indexes it)
                              └─ paragraphs ── Paragraph ── pieces ──▶ source (.docx paragraph / .txt line)
          ──parse──▶ Outline ─┬─ sections ── Section(kind, title, start, end)
                              ├─ dimensions ── Dimension(id, title, problems)
                              └─ problems / causes / remedies ── Item(id, number, headline, text, start, end)
          ──check──▶ Finding(rule, name, severity, message, target, start, end)

Offsets are Python string indices into ``Document.text`` (paragraph texts joined by "\n").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Severity(IntEnum):
    """Ordered so that ``max()`` is the worst; ``key`` is the JSON value, ``label`` the UI word."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def key(self) -> str:
        return ("info", "warning", "error")[self - 1]

    @property
    def label(self) -> str:
        return ("提示", "警告", "错误")[self - 1]

    @classmethod
    def parse(cls, value: str) -> Severity:
        value = value.strip().lower()
        for s in cls:
            if value in (s.key, s.label, s.name.lower()):
                return s
        raise ValueError(f"未知的严重程度：{value}")


class SectionKind(StrEnum):
    PREAMBLE = "preamble"
    PREVIOUS = "previous"
    PROBLEMS = "problems"
    CAUSES = "causes"
    REMEDIES = "remedies"
    CLOSING = "closing"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    SectionKind.PREAMBLE: "开头",
    SectionKind.PREVIOUS: "上次整改落实情况",
    SectionKind.PROBLEMS: "查摆问题",
    SectionKind.CAUSES: "原因剖析",
    SectionKind.REMEDIES: "整改措施",
    SectionKind.CLOSING: "结尾",
    SectionKind.OTHER: "其他",
}


class ItemKind(StrEnum):
    PROBLEM = "problem"
    CAUSE = "cause"
    REMEDY = "remedy"

    @property
    def prefix(self) -> str:
        return {"problem": "P", "cause": "C", "remedy": "R"}[self.value]

    @property
    def label(self) -> str:
        return {"problem": "问题", "cause": "原因", "remedy": "措施"}[self.value]


# ── reading ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of paragraph text copied from the source: ``text[at:at+length]`` is
    ``source_text[src:src+length]`` of the source paragraph/line. Inserted text (rebuilt
    automatic numbering, joining spaces) belongs to no piece."""

    at: int
    src: int
    length: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of normalised text with what the parser may use as hints.

    ``source`` is the index of the .docx ``w:p`` in body order (tables, text boxes and
    content controls included) or, for text input, the 0-based line number of its first line;
    ``lines`` holds, for text input, ``(offset in this paragraph, line number)`` for each
    source line that was joined into it."""

    text: str
    start: int
    source: int
    pieces: tuple[Piece, ...] = ()
    numbering: str = ""  # automatic number rebuilt from numbering.xml, e.g. "（一）"; "" if none
    style: str = ""  # the paragraph style's name, e.g. "Heading 1"
    heading_level: int = 0  # 1.. for heading styles / outline levels, 0 for body text
    bold_prefix: int = 0  # length of the bold text at the start of the paragraph (0: none)
    in_table: bool = False
    row: int = -1  # .docx tables: the row (w:tr) number, -1 outside tables
    cell: int = -1  # .docx tables: the cell's index in its row
    lines: tuple[tuple[int, int], ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def to_source(self, offset: int) -> int | None:
        """Offset inside this paragraph → offset inside its source text (None for inserted text)."""
        for p in self.pieces:
            if p.at <= offset < p.at + p.length:
                return p.src + offset - p.at
        return None


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    format: str  # "docx" | "txt" | "text"
    sha256: str
    paragraphs: tuple[Paragraph, ...]
    encoding: str | None = None
    notices: tuple[str, ...] = ()  # Chinese notes from reading (replaced bytes, removed characters…)
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.text and self.paragraphs:
            object.__setattr__(self, "text", "\n".join(p.text for p in self.paragraphs))

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding ``offset`` (binary search)."""
        lo, hi = 0, len(self.paragraphs) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            p = self.paragraphs[mid]
            if offset < p.start:
                hi = mid - 1
            elif offset > p.end:
                lo = mid + 1
            else:
                return p
        return None


# ── parsing ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    title: str  # the heading as written ("" for a preamble or an untitled part)
    start: int
    end: int
    heading_end: int = 0  # end of the heading line (== start when there is no heading)


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str  # "D1"…
    title: str  # the heading as written, without its number; the framework's wording if none
    start: int = 0
    end: int = 0
    key: str = ""  # the framework dimension's id in the data file ("" for an unknown framework)
    label: str = ""  # the framework's own wording
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # "P1", "C2", "R3"
    kind: ItemKind
    number: str  # the author's own number ("1", "一", "①", "首先"), "" if unnumbered
    marker: str  # the marker as written ("（一）", "1.", "一是"), "" if unnumbered
    headline: str
    text: str
    start: int
    end: int
    dimension: str | None = None  # "D2" (problems only)
    problem: str | None = None  # causes/remedies written inside a problem: that problem's id
    categories: tuple[str, ...] = ()
    category_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (category, the terms that decided it)
    specificity: int | None = None  # problems: 0–100, how concrete (见人见事见思想)


@dataclass(frozen=True, slots=True)
class StatedCount:
    kind: ItemKind
    count: int
    start: int
    end: int
    phrase: str


@dataclass(frozen=True, slots=True)
class NumberingIssue:
    """A break in a numbered sequence found while parsing (fed to WB102)."""

    kind: str  # "skipped" | "repeated" | "out-of-order"
    expected: str
    found: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FrameworkMatch:
    id: str | None
    name: str | None
    score: float = 0.0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outline:
    sections: tuple[Section, ...]
    dimensions: tuple[Dimension, ...]
    problems: tuple[Item, ...]
    causes: tuple[Item, ...]
    remedies: tuple[Item, ...]
    framework: FrameworkMatch
    stated_counts: tuple[StatedCount, ...] = ()
    numbering_issues: tuple[NumberingIssue, ...] = ()
    reports: tuple[tuple[int, int], ...] = ()  # (start, end) of each report when a file holds several

    @property
    def items(self) -> tuple[Item, ...]:
        return self.problems + self.causes + self.remedies

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def section(self, kind: SectionKind) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)


# ── checking ─────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Link:
    source: str  # "P1" (or "C1" for cause → remedy)
    target: str  # "C1" / "R1"
    score: float
    evidence: tuple[str, ...] = ()
    basis: str = ""  # "inline" (written inside the problem), "reference", "similarity", "via_remedy", "reviewer"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # "WB301"
    name: str  # "placeholder"
    severity: Severity
    message: str  # Chinese: what is wrong and where, then what to do
    start: int
    end: int
    target: str | None = None  # item id ("P6") when the finding is about one item
    excerpt: str = ""
    related: tuple[str, ...] = ()
