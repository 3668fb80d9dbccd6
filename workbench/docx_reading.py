"""Read the paragraphs of a .docx body with lxml: text as Word shows it, rebuilt numbering, style hints.

``body_paragraphs`` fixes the paragraph order (``SourceParagraph.source`` indexes it); ``text_elements``
and ``paragraph_text`` are the single definition of a paragraph's source text, shared with the annotator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.styles import BabelFish
from lxml.etree import _Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_R, W_T, W_TC, W_PPR, W_RPR = _W + "p", _W + "r", _W + "t", _W + "tc", _W + "pPr", _W + "rPr"
_VAL, _ILVL = _W + "val", _W + "ilvl"
_AC, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
# what each text-bearing element contributes (a w:t contributes its own text)
_CONTRIB = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_TEXT_TAGS = (W_T, *_CONTRIB)
# an ancestor with one of these tags (below the paragraph) hides the text from this paragraph
_STOP = frozenset({W_P, _W + "txbxContent", _W + "del", _W + "moveFrom", W_PPR, W_RPR, _W + "sdtPr"})
_FALSE = frozenset({"0", "false", "off", "none"})


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    text: str
    source: int
    numbering: str = ""
    style: str = ""
    heading_level: int = 0
    bold_prefix: int = 0
    in_table: bool = False
    row: int = -1  # tables: a document-wide number for the row (w:tr) holding this paragraph
    cell: int = -1  # tables: the index of its cell (w:tc) in that row


def _chosen_branch(ac: _Element) -> _Element | None:
    """The branch of an mc:AlternateContent that Word renders: the first mc:Choice, else mc:Fallback."""
    choice = ac.find(_CHOICE)
    return choice if choice is not None else ac.find(_FALLBACK)


def body_paragraphs(document: DocxDocument) -> list[_Element]:
    """Every w:p of the main body in document order, each text box once (one mc branch only)."""
    body = document.element.body
    skipped: set[_Element] = set()
    for ac in body.iter(_AC):
        chosen = _chosen_branch(ac)
        for branch in ac:
            if branch is not chosen:
                skipped.update(branch.iter(W_P))
    return [p for p in body.iter(W_P) if p not in skipped] if skipped else list(body.iter(W_P))


def text_elements(p: _Element) -> list[tuple[_Element, str]]:
    """The elements that contribute to ``p``'s text, in order, with the string each contributes."""
    out: list[tuple[_Element, str]] = []
    for el in p.iter(_TEXT_TAGS):
        anc = el.getparent()
        while anc is not None and anc is not p:
            tag = anc.tag
            if tag in _STOP or (tag in (_CHOICE, _FALLBACK) and _chosen_branch(anc.getparent()) is not anc):
                break
            anc = anc.getparent()
        else:
            text = (el.text or "") if el.tag == W_T else _CONTRIB[el.tag]
            if text:
                out.append((el, text))
    return out


def paragraph_text(p: _Element) -> str:
    """The text of one w:p as Word shows it with tracked changes accepted."""
    return "".join(s for _, s in text_elements(p))


def _on(el: _Element | None) -> bool | None:
    """A toggle property such as w:b (None if absent)."""
    return None if el is None else el.get(_VAL, "true").lower() not in _FALSE


def _val(parent: _Element, path: str, default: str | None = None) -> str | None:
    el = parent.find(path)
    return default if el is None else el.get(_VAL, default)


def _int(el: _Element | None, default: int | None = None, attr: str = _VAL) -> int | None:
    try:
        return default if el is None else int(el.get(attr, ""))
    except ValueError:
        return default


# ── styles ───────────────────────────────────────────────────────────────────────────────────────

_HEADING = re.compile(r"(?:heading|标题)\s*([1-9])", re.IGNORECASE)
_TITLES = frozenset({"Title", "title", "标题"})


@dataclass(slots=True)
class _StyleInfo:
    name: str = ""  # "" for the default paragraph style
    heading_level: int = 0
    num_id: int | None = None
    ilvl: int | None = None
    bold: bool = False


class _Styles:
    def __init__(self, root: _Element | None) -> None:
        self.raw: dict[str, _Element] = {}
        self.default_para: str | None = None
        self._para: dict[str | None, _StyleInfo] = {}
        self._char: dict[str, bool | None] = {}
        for s in () if root is None else root.iter(_W + "style"):
            self.raw[sid := s.get(_W + "styleId", "")] = s
            if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in ("1", "true"):
                self.default_para = sid
        rpr = None if root is None else root.find(f"{_W}docDefaults/{_W}rPrDefault/{W_RPR}")
        self.default_bold = bool(rpr is not None and _on(rpr.find(_W + "b")))

    def _first(self, sid: str | None, path: str) -> _Element | None:
        """``path`` in the style or the nearest style of its basedOn chain."""
        seen: set[str] = set()
        while sid in self.raw and sid not in seen:
            seen.add(sid)
            if (el := self.raw[sid].find(path)) is not None:
                return el
            sid = _val(self.raw[sid], _W + "basedOn")
        return None

    def paragraph(self, sid: str | None) -> _StyleInfo:
        if sid not in self._para:
            info = self._para[sid] = _StyleInfo(bold=self.default_bold)
            resolved = sid if sid in self.raw else self.default_para
            if resolved is None or resolved not in self.raw:
                return info
            name = BabelFish.internal2ui(_val(self.raw[resolved], _W + "name", resolved))
            info.name = "" if resolved == self.default_para or name == "Normal" else name
            if m := _HEADING.fullmatch(name):
                info.heading_level = int(m.group(1))
            elif name not in _TITLES:
                lvl = _int(self._first(resolved, f"{W_PPR}/{_W}outlineLvl"), 9)
                info.heading_level = lvl + 1 if lvl is not None and 0 <= lvl < 9 else 0
            if (num_pr := self._first(resolved, f"{W_PPR}/{_W}numPr")) is not None:
                info.num_id, info.ilvl = _int(num_pr.find(_W + "numId")), _int(num_pr.find(_W + "ilvl"))
            if (bold := _on(self._first(resolved, f"{W_RPR}/{_W}b"))) is not None:
                info.bold = bold
        return self._para[sid]

    def char_bold(self, sid: str) -> bool | None:
        if sid not in self._char:
            self._char[sid] = _on(self._first(sid, f"{W_RPR}/{_W}b"))
        return self._char[sid]


# ── numbering ────────────────────────────────────────────────────────────────────────────────────

_CN, _LEGAL = "〇一二三四五六七八九", "零壹贰叁肆伍陆柒捌玖"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_CIRCLED = ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))  # ①..⑳, ㉑..㉟, ㊱..㊿


def _chinese(n: int, digits: str = _CN, units: str = " 十百千", short_ten: bool = True) -> str:
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        if (d := n // 10**power % 10) == 0:
            zero = bool(parts)
            continue
        parts.append(("零" if digits is _CN else digits[0]) * zero + digits[d] + units[power].strip())
        zero = False
    text = "".join(parts)
    return text[1:] if short_ten and 10 <= n < 20 else text  # 十一, not 一十一


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def _enclosed(n: int, ranges: tuple[tuple[int, int, int], ...], fallback: str) -> str:
    return next((chr(base + n - lo) for lo, hi, base in ranges if lo <= n <= hi), fallback)


_FORMATS: dict[str, Callable[[int], str]] = {
    "chineseCounting": _chinese,
    "chineseLegalSimplified": lambda n: _chinese(n, _LEGAL, " 拾佰仟", False),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: _enclosed(n, _CIRCLED, str(n)),
    "decimalEnclosedParen": lambda n: _enclosed(n, ((1, 20, 0x2474),), f"({n})"),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, ((1, 20, 0x2488),), f"{n}."),
    "decimalFullWidth": lambda n: str(n).translate({c: c - 0x30 + 0xFF10 for c in range(0x30, 0x3A)}),
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: chr(0x61 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "upperLetter": lambda n: chr(0x41 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}
_ALIASES = {"chineseCountingThousand": "chineseCounting", "japaneseCounting": "chineseCounting",
            "taiwaneseCounting": "chineseCounting", "decimalEnclosedCircleChinese": "decimalEnclosedCircle",
            "ideographEnclosedCircle": "decimalEnclosedCircle",
            "decimalFullWidth2": "decimalFullWidth"}  # fmt: skip


def format_number(n: int, fmt: str) -> str:
    """One counter value in a w:numFmt (bullet/none → "", unknown formats and n < 1 → decimal)."""
    if fmt in ("none", "bullet"):
        return ""
    fmt = _ALIASES.get(fmt, fmt)
    return _FORMATS[fmt](n) if n > 0 and fmt in _FORMATS else str(n)


@dataclass(slots=True)
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False  # w:isLgl: every level's number shown in decimal
    style: str = ""  # w:pStyle: the paragraph style linked to this level


def _level(lvl: _Element) -> _Level:
    fmt = lvl.find(_W + "numFmt")
    if fmt is None:  # Word 2010+ writes custom formats as an mc:Choice with a plain mc:Fallback
        fmt = lvl.find(f"{_AC}/{_FALLBACK}/{_W}numFmt")
    return _Level(
        start=_int(lvl.find(_W + "start"), 0) or 0,
        fmt="decimal" if fmt is None else fmt.get(_VAL, "decimal"),
        text=_val(lvl, _W + "lvlText", "") or "",
        restart=_int(lvl.find(_W + "lvlRestart")),
        legal=bool(_on(lvl.find(_W + "isLgl"))),
        style=_val(lvl, _W + "pStyle", "") or "",
    )


@dataclass(slots=True)
class _Num:
    abstract: str  # key of the shared counter set
    levels: dict[int, _Level]
    overrides: tuple[int, ...]  # levels restarted by the first paragraph of this num
    used: bool = False


@dataclass(slots=True)
class _Numbering:
    root: _Element | None
    styles: _Styles
    nums: dict[int, _Num | None] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    def num(self, num_id: int, depth: int = 0) -> _Num | None:
        if num_id in self.nums or self.root is None:
            return self.nums.get(num_id)
        self.nums[num_id] = None
        el = self.root.find(f"{_W}num[@{_W}numId='{num_id}']")
        aid = "" if el is None else _val(el, _W + "abstractNumId", "")
        abstract = self.root.find(f"{_W}abstractNum[@{_W}abstractNumId='{aid}']")
        if el is None or abstract is None:
            return None
        levels = {_int(lv, -1, _ILVL): _level(lv) for lv in abstract.findall(_W + "lvl")}
        key = aid or ""
        if (link := abstract.find(_W + "numStyleLink")) is not None and depth < 4:
            linked = self.styles.paragraph(link.get(_VAL))  # a list style: use its numId's definition
            if linked.num_id and (base := self.num(linked.num_id, depth + 1)) is not None:
                levels, key = dict(base.levels), base.abstract
        overrides: list[int] = []
        for ov in el.findall(_W + "lvlOverride"):
            if (i := _int(ov, -1, _ILVL)) in range(9):
                overrides.append(i)
                lvl = ov.find(_W + "lvl")
                levels[i] = _level(lvl) if lvl is not None else replace(levels.get(i, _Level()))
                if (start := _int(ov.find(_W + "startOverride"))) is not None:
                    levels[i].start = start
        self.nums[num_id] = _Num(key, levels, tuple(overrides))
        return self.nums[num_id]

    def label(self, num_id: int, ilvl: int) -> str:
        """Count a paragraph at ``ilvl`` of ``num_id`` and render its number (without w:suff)."""
        num = self.num(num_id)
        if num is None or ilvl not in range(9) or ilvl not in num.levels:
            return ""
        counters = self.counters.setdefault(num.abstract, [None] * 9)
        if not num.used:
            num.used = True
            for i in num.overrides:
                counters[i] = None
        current = counters[ilvl]
        counters[ilvl] = num.levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = num.levels[deeper].restart if deeper in num.levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        lvl = num.levels[ilvl]
        if lvl.fmt == "bullet":
            return ""

        def value(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            other = num.levels.get(i, _Level())
            n = counters[i] if counters[i] is not None else other.start
            return format_number(n or 0, "decimal" if lvl.legal and other.fmt != "none" else other.fmt)

        return re.sub(r"%([1-9])", value, lvl.text)


# ── reading ──────────────────────────────────────────────────────────────────────────────────────


def _related(document: DocxDocument, reltype: str) -> _Element | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            return element if element is not None else parse_xml(rel.target_part.blob)
    return None


def _bold_prefix(elements: list[tuple[_Element, str]], styles: _Styles, para_bold: bool) -> int:
    count = last_bold = 0
    started = False  # a bold non-space character has been seen
    run: _Element | None = None
    bold: bool | None = False
    for el, text in elements:
        if (parent := el.getparent()) is not run:
            run, rpr = parent, parent.find(W_RPR)
            bold = None if rpr is None else _on(rpr.find(_W + "b"))
            if bold is None and rpr is not None and (rstyle := rpr.find(_W + "rStyle")) is not None:
                bold = styles.char_bold(rstyle.get(_VAL, ""))
            bold = para_bold if bold is None else bold
        if bold:
            count = last_bold = count + len(text)
            started = started or not text.isspace()
        elif text.isspace():
            count += len(text)
        else:
            break
    return last_bold if started else 0


def read_docx(document: DocxDocument) -> list[SourceParagraph]:
    """Every body paragraph (see ``body_paragraphs``) with its text and hints."""
    styles = _Styles(_related(document, RT.STYLES))
    numbering = _Numbering(_related(document, RT.NUMBERING), styles)
    out: list[SourceParagraph] = []
    # the dict keeps each w:tr proxy alive, so getparent() returns that same object below
    rows = {tr: i for i, tr in enumerate(document.element.body.iter(_W + "tr"))}
    for source, p in enumerate(body_paragraphs(document)):
        elements = text_elements(p)
        style_id = num_pr = outline = None
        if (ppr := p.find(W_PPR)) is not None:
            style_id, num_pr = _val(ppr, _W + "pStyle"), ppr.find(_W + "numPr")
            outline = _int(ppr.find(_W + "outlineLvl"))
        info = styles.paragraph(style_id)
        num_id, ilvl = info.num_id, info.ilvl
        if num_pr is not None:
            num_id, ilvl = _int(num_pr.find(_W + "numId"), num_id), _int(num_pr.find(_W + "ilvl"), ilvl)
        label = ""
        if num_id:
            if ilvl is None:  # a style-linked level: its w:lvl/w:pStyle names this paragraph's style
                num = numbering.num(num_id)
                ilvl = next((i for i, lv in num.levels.items() if lv.style == style_id), 0) if num else 0
            label = numbering.label(num_id, ilvl)
        tc = next(p.iterancestors(W_TC), None)
        level = info.heading_level
        if outline is not None and not _HEADING.fullmatch(info.name) and info.name not in _TITLES:
            level = outline + 1 if 0 <= outline < 9 else 0
        out.append(
            SourceParagraph(
                text="".join(s for _, s in elements),
                source=source,
                numbering=label,
                style=info.name,
                heading_level=level,
                bold_prefix=_bold_prefix(elements, styles, info.bold),
                in_table=tc is not None,
                row=rows.get(tc.getparent(), -1) if tc is not None else -1,
                cell=tc.getparent().index(tc) if tc is not None else -1,
            )
        )
    return out
