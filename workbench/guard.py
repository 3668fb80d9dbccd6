"""Check an uploaded .docx before python-docx parses it, and open it with every failure in Chinese.

python-docx reads each referenced zip member whole (``ZipFile.read``) and keeps unresolved entity
references, so zip bombs, understated sizes and DTDs must be stopped here (see RELIABILITY.md §1-2).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from workbench.errors import InputRejected

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_TOTAL_UNPACKED = 300 * 1024 * 1024
MAX_XML_PART = 60 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 1024 * 1024
MAX_PACKAGE_PART = 4 * 1024 * 1024  # [Content_Types].xml and _rels/.rels are kept in memory
CHUNK = 1 << 20
HEAD_BYTES = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EOCD_SIG = b"PK\x05\x06"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WML_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
STRICT_MARK = b"purl.oclc.org/ooxml"
_NEEDLES = tuple(s.encode(e) for s in ("<!DOCTYPE", "<!ENTITY") for e in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(n) for n in _NEEDLES) - 1
_BLANK = re.compile(rb"[\x00\t\n\v\f\r ]*")
_RESAVE = "请在 Word/WPS 中打开，“另存为”Word 文档（*.docx）后重新上传。"

MESSAGES: dict[str, str] = {
    "empty": "上传的文件是空的（0 字节或只有空白）。请确认选择了正确的文件后重新上传。",
    "too_large": f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限。请删除文档中的大图片或拆分文档后重新上传。",
    "not_zip": "这不是有效的 Word（.docx）文档（可能只是改了扩展名）。" + _RESAVE,
    "encrypted": "该文档设置了打开密码（已加密），无法读取。请在 Word/WPS 中取消密码后重新上传。",
    "legacy_doc": "这是旧版 Word 97-2003（.doc）格式，本工具只支持 .docx。" + _RESAVE,
    "ole": "这是旧版 Office 或 WPS 专有格式（如 .doc/.wps/.xls），不是 .docx 文档。" + _RESAVE,
    "not_ooxml": "这是一个普通压缩包，不是 Word（.docx）文档。请上传用 Word/WPS 保存的 .docx 文件。",
    "no_body": "这个文件不是 Word 文档（可能是 Excel/PPT 或其他 Office 文件），找不到正文。请上传 Word（.docx）文档。",
    "docm": "这是启用宏的 Word 文档（.docm），出于安全考虑不予处理。"
    "请在 Word/WPS 中另存为普通 .docx（不含宏）后重新上传。",
    "strict": "这是“严格 Open XML”格式的文档，本工具无法读取。请在 Word 中“另存为”“Word 文档 (*.docx)”后重新上传。",
    "truncated": "文件不完整（可能上传或下载时被截断）。请重新获取完整文件后再上传。",
    "corrupt": "文件内容已损坏（校验失败，无法解压）。" + _RESAVE,
    "too_many_entries": f"文档内部包含的部件过多（超过 {MAX_ENTRIES} 个），疑似异常文件，已拒绝处理。" + _RESAVE,
    "too_big_unpacked": "文档解压后体积过大，疑似异常文件（“压缩炸弹”），已拒绝处理。"
    "请删除大图片或拆分文档后重新上传。",
    "bomb_ratio": "文档内部数据压缩比异常（疑似“压缩炸弹”），已拒绝处理。" + _RESAVE,
    "doctype": "文档包含不允许的 XML 声明（DTD/实体），可能被篡改，已拒绝处理。请用 Word/WPS 重新保存后再上传。",
    "bad_xml": "文档内部 XML 结构损坏，无法读取。" + _RESAVE,
    "unreadable": "无法读取该文档。" + _RESAVE,
}


def _reject(code: str, message: str | None = None) -> InputRejected:
    return InputRejected(code, message or MESSAGES[code])


def safe_name(name: str) -> str:
    """A file name made safe to show: control/format characters removed, backticks replaced, ≤ 80 chars."""
    cleaned = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"})
    cleaned = cleaned.replace("`", "'").strip()
    if len(cleaned) > 80:
        cleaned = cleaned[:79] + "…"
    return cleaned or "未命名文件"


def _not_zip_message(data: bytes) -> str:
    head = data[:4096].lstrip()
    if head.startswith(b"{\\rtf"):
        kind = "这是 RTF 格式文件（只是扩展名改成了 .docx）。"
    elif head.startswith(b"%PDF"):
        kind = "这是 PDF 文件，不是 Word 文档。"
    elif head[:200].lower().startswith((b"<html", b"<!doctype html", b"mime-version")):
        kind = "这是网页（HTML/MHT）格式文件，不是 .docx 文档。"
    elif not re.search(rb"[\x00-\x08\x0e-\x1f]", head):
        kind = "这看起来是纯文本文件（只是扩展名改成了 .docx）。如果是文本，请直接以 .txt 上传；否则"
    else:
        return MESSAGES["not_zip"]
    return kind + _RESAVE


def _check_envelope(data: bytes) -> None:
    if not data or _BLANK.fullmatch(data):
        raise _reject("empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _reject("too_large")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise _reject("encrypted")
        if "WordDocument".encode("utf-16-le") in data:
            raise _reject("legacy_doc")
        raise _reject("ole")
    if data.startswith(EOCD_SIG):  # an empty zip archive
        raise _reject("not_ooxml")
    if not data.startswith(ZIP_MAGIC):
        raise _reject("not_zip", _not_zip_message(data))


def _check_eocd(data: bytes) -> None:
    """Count entries from the end-of-central-directory record before ``ZipFile`` builds its index."""
    pos = data.rfind(EOCD_SIG, max(0, len(data) - 22 - 0xFFFF))
    if pos < 0 or len(data) - pos < 22:
        raise _reject("truncated")
    _, disk, _, n_disk, n_total, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", data[pos : pos + 22])
    if 0xFFFF in (n_total, n_disk) or 0xFFFFFFFF in (cd_size, cd_offset):
        locator = data[pos - 20 : pos] if pos >= 20 else b""
        if not locator.startswith(b"PK\x06\x07"):
            raise _reject("corrupt")
        z64 = struct.unpack("<Q", locator[8:16])[0]
        record = data[z64 : z64 + 56]
        if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
            raise _reject("corrupt")
        n_total, cd_size, cd_offset = struct.unpack("<3Q", record[32:56])
        pos = z64
    if disk != 0 or n_disk != n_total:
        raise _reject("corrupt", "这是分卷压缩的文件，无法读取。" + _RESAVE)
    if cd_offset + cd_size > pos:
        raise _reject("truncated")
    # The count in the record can lie; central-directory signatures give an upper bound too.
    if max(n_total, data.count(b"PK\x01\x02", cd_offset, cd_offset + cd_size)) > MAX_ENTRIES:
        raise _reject("too_many_entries")


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: int, xml: bool = True) -> bytes:
    """Stream a member in fixed chunks: verifies CRC and real size, scans XML parts for DTDs.

    Returns at most ``keep`` bytes from the start of the member."""
    head = bytearray()
    tail = b""
    total = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                total += len(chunk)
                if total > info.file_size:
                    raise _reject("corrupt")
                if len(head) < keep:
                    head += chunk[: keep - len(head)]
                if xml:
                    window = tail + chunk
                    if any(n in window for n in _NEEDLES):
                        raise _reject("doctype")
                    tail = window[-_OVERLAP:]
    except InputRejected:
        raise
    except RuntimeError as exc:  # zip-level password ("File ... is encrypted")
        raise _reject("encrypted") from exc
    except NotImplementedError as exc:
        raise _reject("corrupt", "文档使用了不支持的压缩方式。" + _RESAVE) from exc
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, lzma/bz2 errors
        raise _reject("corrupt") from exc
    if total != info.file_size:
        raise _reject("truncated" if total < info.file_size else "corrupt")
    return bytes(head)


def _parse(blob: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise _reject("bad_xml") from exc


def _main_part(rels: bytes) -> str | None:
    for rel in _parse(rels).iter(f"{RELS_NS}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return None


def _content_types(types: bytes) -> Callable[[str], str]:
    """A lookup from part name to declared content type ("" if none), as OPC resolves it."""
    root = _parse(types)
    overrides = {
        el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "") for el in root.iter(f"{CT_NS}Override")
    }
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "") for el in root.iter(f"{CT_NS}Default")}

    def lookup(part: str) -> str:
        if part.lower() in overrides:
            return overrides[part.lower()]
        return defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "")

    return lookup


def _parsed_as_xml(name: str, content_type: str) -> bool:
    """Parts python-docx may hand to lxml: .xml/.rels names and any non-image XML content type."""
    return _is_xml(name) or (content_type.endswith("xml") and not content_type.startswith("image/"))


def _no_body_message(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "这是 Excel 表格（.xlsx），不是 Word 文档。请上传 Word（.docx）文档。"
    if "ppt/presentation.xml" in names:
        return "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档。请上传 Word（.docx）文档。"
    return MESSAGES["no_body"]


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _reject("too_many_entries")
    if sum(i.file_size for i in infos) > MAX_TOTAL_UNPACKED:
        raise _reject("too_big_unpacked")
    for info in infos:
        if info.flag_bits & 0x1:
            raise _reject("encrypted")
        if _is_xml(info.filename) and info.file_size > MAX_XML_PART:
            raise _reject("too_big_unpacked")
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _reject("bomb_ratio")


def _check_package(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    _check_sizes(infos)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        if "mimetype" in names:
            raise _reject("not_ooxml", "这是 OpenDocument（.odt 等）格式文件，不是 .docx 文档。" + _RESAVE)
        raise _reject("not_ooxml")
    if "_rels/.rels" not in names:
        raise _reject("no_body", _no_body_message(names))
    package = {}
    for name in ("[Content_Types].xml", "_rels/.rels"):
        info = zf.getinfo(name)
        if info.file_size > MAX_PACKAGE_PART:
            raise _reject("too_big_unpacked")
        package[name] = _read_member(zf, info, MAX_PACKAGE_PART)
    if STRICT_MARK in package["_rels/.rels"]:
        raise _reject("strict")
    main = _main_part(package["_rels/.rels"])
    if main is None or main not in names:
        raise _reject("no_body", _no_body_message(names))
    type_of = _content_types(package["[Content_Types].xml"])
    content_type = type_of(main)
    if "macroenabled" in content_type.lower():
        raise _reject("docm")
    if "wordprocessingml.template" in content_type:
        raise _reject("no_body", "这是 Word 模板（.dotx），不是普通文档。" + _RESAVE)
    if content_type != WML_MAIN:
        raise _reject("no_body", _no_body_message(names))
    for info in infos:
        if info.filename in package:
            continue
        xml = _parsed_as_xml(info.filename, type_of(info.filename))
        if xml and info.file_size > MAX_XML_PART:
            raise _reject("too_big_unpacked")
        head = _read_member(zf, info, HEAD_BYTES if info.filename == main else 0, xml)
        if STRICT_MARK in head:
            raise _reject("strict")


def inspect_docx(data: bytes) -> None:
    """Raise :class:`InputRejected` unless ``data`` is a plain .docx that is safe to hand to python-docx."""
    _check_envelope(data)
    _check_eocd(data)
    try:
        with io.BytesIO(data) as buf, zipfile.ZipFile(buf) as zf:
            _check_package(zf)
    except InputRejected:
        raise
    except Exception as exc:  # BadZipFile, OSError, struct.error… from a malformed directory
        raise _reject("corrupt") from exc


def open_docx(data: bytes) -> DocxDocument:
    """Guard, then parse with python-docx; every failure becomes :class:`InputRejected` (Chinese message)."""
    inspect_docx(data)
    try:
        with io.BytesIO(data) as buf:
            return docx.Document(buf)
    except MemoryError as exc:
        raise _reject("too_big_unpacked", "文档过大，内存不足，无法处理。请拆分文档后重新上传。") from exc
    except etree.XMLSyntaxError as exc:
        raise _reject("bad_xml") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _reject("corrupt") from exc
    except PackageNotFoundError as exc:
        raise _reject("not_zip") from exc
    except KeyError as exc:
        raise _reject("unreadable", "文档缺少必需的组成部分（可能已损坏）。" + _RESAVE) from exc
    except ValueError as exc:
        raise _reject("unreadable", "文档内容不符合 Word 格式要求，无法读取。" + _RESAVE) from exc
    except Exception as exc:  # AttributeError (e.g. Strict namespace) and anything else python-docx raises
        raise _reject("unreadable") from exc
