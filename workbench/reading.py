"""bytes / pasted text → Document (normalised text plus a map back to the source).

The only module that decides how a file is read: .docx through the guard and the body walk
(``docx_reading``), everything else as text through ``decoding``. Bad input raises
``InputRejected`` with a Chinese message.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .decoding import decode_text
from .docx_reading import SourceParagraph, read_docx
from .errors import InputRejected
from .guard import MAX_UPLOAD_BYTES, open_docx
from .model import Document, Paragraph
from .normalizing import clean, text_paragraphs

PASTED_NAME = "粘贴文本"
_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_REJECTED_SUFFIXES = {
    ".doc": (
        "legacy_doc",
        "这是旧版 Word 97-2003（.doc）文件，无法直接读取。请在 Word/WPS 中“另存为” .docx 后重新上传。",
    ),
    ".wps": (
        "ole",
        "这是 WPS 专有格式（.wps），无法直接读取。请在 WPS 中“另存为” Word 文档（.docx）后重新上传。",
    ),
    ".pdf": (
        "pdf",
        "暂不支持 PDF 文件。请上传原始的 .docx 文档，或在 PDF 阅读器中全选复制文字后粘贴到“粘贴文本”框中。",
    ),
    ".docm": (
        "docm",
        "这是启用宏的 Word 文档（.docm）。请在 Word 中“另存为”普通的 Word 文档（.docx）后重新上传。",
    ),
}


def read(source: bytes | str | Path, name: str | None = None) -> Document:
    """Read a report. ``source`` is file bytes (``name`` tells the format), a path, or pasted text."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            source = source.read_bytes()
        except OSError as e:
            raise InputRejected("unreadable", f"无法打开文件“{source.name}”，请确认路径正确且有读取权限。") from e
    if isinstance(source, str):
        return _from_text(source, name or PASTED_NAME, "text", None, ())
    name = name or "未命名文件"
    suffix = Path(name).suffix.lower()
    if suffix in _REJECTED_SUFFIXES:
        raise InputRejected(*_REJECTED_SUFFIXES[suffix])
    if len(source) > MAX_UPLOAD_BYTES:
        mb = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise InputRejected("too_large", f"文件超过 {mb} MB，无法处理。请删除图片等无关内容后重新上传。")
    if suffix == ".docx" or (suffix not in _TEXT_SUFFIXES and source[:4] == b"PK\x03\x04"):
        return _from_docx(source, name)
    text, encoding, notices = decode_text(source)
    return _from_text(text, name, "txt", encoding, notices, sha=hashlib.sha256(source).hexdigest())


def _from_text(
    text: str, name: str, fmt: str, encoding: str | None, notices: tuple[str, ...], sha: str | None = None
) -> Document:
    paragraphs, more = text_paragraphs(text)
    if not paragraphs:
        raise InputRejected("empty", "没有读到任何文字内容。请确认文件或粘贴的文本不是空的。")
    sha = sha or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=name, format=fmt, sha256=sha, paragraphs=paragraphs, encoding=encoding, notices=notices + more)


def _from_docx(data: bytes, name: str) -> Document:
    document = open_docx(data)
    try:
        raw = read_docx(document)
    except InputRejected:
        raise
    except Exception as e:  # a document python-docx opened but whose body we cannot walk
        raise InputRejected(
            "bad_xml", "文档内部结构异常，无法读取正文。请在 Word/WPS 中打开后重新保存为 .docx 再上传。"
        ) from e
    paragraphs = docx_paragraphs(raw)
    if not paragraphs:
        raise InputRejected("empty", "文档中没有文字内容（可能只有图片或扫描件）。请上传含文字的 .docx 文档。")
    return Document(
        name=name,
        format="docx",
        sha256=hashlib.sha256(data).hexdigest(),
        paragraphs=paragraphs,
        encoding=None,
    )


def docx_paragraphs(raw: list[SourceParagraph]) -> tuple[Paragraph, ...]:
    """Body-walk paragraphs → clean paragraphs. The rebuilt automatic number is inserted text
    (no source); a line break (w:br) inside a paragraph starts a new paragraph of the same source."""
    out: list[Paragraph] = []
    pos = 0
    for sp in raw:
        line_start = 0
        for k, line in enumerate(sp.text.split("\n")):
            chars: list[tuple[str, int | None]] = []
            if k == 0 and sp.numbering:
                chars.extend((c, None) for c in sp.numbering)
            chars.extend((c, line_start + i) for i, c in enumerate(line))
            line_start += len(line) + 1
            text, pieces = clean(chars)
            if not text:
                continue
            bold = max(0, sp.bold_prefix - (len(line) - len(line.lstrip()))) if k == 0 else 0
            if bold and k == 0 and sp.numbering:
                bold += len(sp.numbering)
            out.append(
                Paragraph(
                    text=text,
                    start=pos,
                    source=sp.source,
                    pieces=pieces,
                    numbering=sp.numbering if k == 0 else "",
                    style=sp.style,
                    heading_level=sp.heading_level,
                    bold_prefix=min(bold, len(text)),
                    in_table=sp.in_table,
                    row=sp.row,
                    cell=sp.cell,
                )
            )
            pos += len(text) + 1
    return tuple(out)
