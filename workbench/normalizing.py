"""Source text → clean paragraphs with a map back to the source.

What real drafts bring: full-width indentation, CRLF, stray spaces inside Chinese ("2025 年"),
and text copied out of PDFs, hard-wrapped every ~28 characters with page-number lines ("- 2 -")
and a running header between pages. Every kept character is recorded in a ``Piece`` so a finding
can be traced to the .docx paragraph or .txt line it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Paragraph, Piece

_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：！？“”‘’（）《》【】…—·"
# a space is stray when a Chinese character or punctuation mark stands on one side and a
# Chinese character, punctuation mark or digit on the other ("2025 年", "党 员", "问题 ：")
_STRAY_LEFT = re.compile(f"[{_CJK}{_CJK_PUNCT}]")
_STRAY_RIGHT = re.compile(f"[{_CJK}{_CJK_PUNCT}0-9]")
_PAGE_NUMBER = re.compile(
    r"^[\s\u3000]*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/共]\s*共?\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})[\s\u3000]*$"
)
_SENTENCE_END = "。！？；：…”’）」』"
_MARKER_START = re.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳]"
    r"|第[一二三四五六七八九十]+[，、,]|[一二三四五六七八九十]是)"
)


@dataclass
class _Builder:
    """Accumulates one paragraph's text and its pieces."""

    text: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    length: int = 0

    def add(self, s: str, src: int | None) -> None:
        if not s:
            return
        if src is not None:
            last = self.pieces[-1] if self.pieces else None
            if last and last.at + last.length == self.length and last.src + last.length == src:
                self.pieces[-1] = Piece(last.at, last.src, last.length + len(s))
            else:
                self.pieces.append(Piece(self.length, src, len(s)))
        self.text.append(s)
        self.length += len(s)


def clean(chars: Iterable[tuple[str, int | None]]) -> tuple[str, tuple[Piece, ...]]:
    """Strip leading/trailing white space and drop stray spaces inside Chinese; keep the map.
    ``chars`` yields (character, source offset or None for inserted text)."""
    seq = [(c, s) for c, s in chars if c not in "\r\n"]
    lo, hi = 0, len(seq)
    while lo < hi and seq[lo][0] in _SPACE:
        lo += 1
    while hi > lo and seq[hi - 1][0] in _SPACE:
        hi -= 1
    b = _Builder()
    i = lo
    while i < hi:
        c, s = seq[i]
        if c in _SPACE:
            j = i
            while j < hi and seq[j][0] in _SPACE:
                j += 1
            left, right = seq[i - 1][0], seq[j][0]
            stray = (_STRAY_LEFT.match(left) and _STRAY_RIGHT.match(right)) or (
                left.isdigit() and _STRAY_LEFT.match(right)
            )
            if c in "\u200b\ufeff" or stray:
                i = j
                continue
            b.add(" ", s)  # several spaces between Latin words fold to one
            i = j
            continue
        b.add(c, s)
        i += 1
    return "".join(b.text), tuple(b.pieces)


# ── plain text ───────────────────────────────────────────────────────────────────────────────────


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line; CRLF, CR and LF all end a line."""
    spans, pos = [], 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _wrap_width(lines: list[str]) -> int:
    """The hard-wrap width of PDF-extracted text, or 0 when the text is not hard-wrapped."""
    lengths = [len(s.strip(_SPACE)) for s in lines if len(s.strip(_SPACE)) >= 12]
    if len(lengths) < 8:
        return 0
    width, _ = Counter(lengths).most_common(1)[0]
    full = [n for n in lengths if width - 2 <= n <= width + 1]
    if len(full) < 0.45 * len(lengths) or width > 60:
        return 0
    # wrapped lines end mid-sentence; paragraphs end with punctuation
    open_ends = sum(
        1 for s in lines if width - 2 <= len(s.strip(_SPACE)) and s.rstrip(_SPACE)[-1:] not in _SENTENCE_END
    )
    return width if open_ends >= 0.5 * len(full) else 0


def _running_headers(lines: list[str]) -> set[str]:
    """Short lines standing next to two or more page breaks (a PDF's running header or footer)."""
    breaks: dict[str, set[int]] = {}
    for i, s in enumerate(lines):
        if _PAGE_NUMBER.match(s):
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < len(lines):
                    t = lines[j].strip(_SPACE)
                    if t and len(t) <= 30 and not _PAGE_NUMBER.match(t):
                        breaks.setdefault(t, set()).add(i)
    return {t for t, pages in breaks.items() if len(pages) >= 2}


def text_paragraphs(text: str) -> tuple[tuple[Paragraph, ...], tuple[str, ...]]:
    """Decoded text → paragraphs. For text input ``Paragraph.source`` is the 0-based number of the
    first line and ``Piece.src`` an offset into ``text``."""
    spans = _line_spans(text)
    lines = [text[a:b] for a, b in spans]
    notices: list[str] = []
    headers = _running_headers(lines)
    dropped = 0
    keep: list[int] = []
    for i, s in enumerate(lines):
        if _PAGE_NUMBER.match(s) or (headers and s.strip(_SPACE) in headers):
            dropped += 1
            continue
        keep.append(i)
    width = _wrap_width([lines[i] for i in keep])
    groups: list[list[int]] = []
    prev_full = False
    for i in keep:
        s = lines[i]
        body = s.strip(_SPACE)
        if not body:
            # in wrapped text a blank line often stands for the page break; keep joining
            if not (width and prev_full):
                prev_full = False
            continue
        indented = s[:1] in _SPACE
        if width and prev_full and groups and not (indented and len(s) - len(s.lstrip(_SPACE)) >= 2):
            prev_line = lines[groups[-1][-1]].rstrip(_SPACE)
            if not (prev_line[-1:] in "。！？" and _MARKER_START.match(s)):
                groups[-1].append(i)
                prev_full = len(body) >= width - 2
                continue
        groups.append([i])
        prev_full = bool(width) and len(body) >= width - 2
    if width:
        notices.append(f"检测到从 PDF 复制的硬换行文本（约每行 {width} 字），已按段落重新拼接。")
    if dropped:
        notices.append(f"已去掉 {dropped} 行页码或页眉。")
    out: list[Paragraph] = []
    pos = 0
    for g in groups:
        chars: list[tuple[str, int | None]] = []
        offsets: list[tuple[int, int]] = []
        for i in g:
            a, b = spans[i]
            offsets.append((len(chars), i))
            chars.extend((text[k], k) for k in range(a, b))
        ptext, pieces = clean(chars)
        if not ptext:
            continue
        line_map = _line_offsets(pieces, offsets, spans)
        out.append(Paragraph(text=ptext, start=pos, source=g[0], pieces=pieces, lines=line_map))
        pos += len(ptext) + 1
    return tuple(out), tuple(notices)


def _line_offsets(
    pieces: tuple[Piece, ...], raw: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    """(offset in the cleaned paragraph, line number) for each joined source line."""
    result = []
    for _, line_no in raw:
        line_start = spans[line_no][0]
        at = next((p.at + max(0, line_start - p.src) for p in pieces if p.src + p.length > line_start), None)
        if at is not None:
            result.append((at, line_no))
    return tuple(result)
