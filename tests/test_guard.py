"""Hostile .docx uploads, each built here in memory, against workbench.guard."""

from __future__ import annotations

import io
import random
import re
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable

import docx
import pytest
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from workbench import battery, guard
from workbench.errors import InputRejected
from workbench.guard import MAX_UPLOAD_BYTES, inspect_docx, open_docx, safe_name

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC = "word/document.xml"
PARA = "<w:p><w:r><w:t>一、存在的问题：理论学习不够深入系统，自查报告内容。</w:t></w:r></w:p>"
ENGLISH_LEAKS = ("Error", "error", "Exception", "Traceback", "zip file", "object at", "not a", "File ", "<")


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、存在的问题")
    document.add_paragraph("理论学习不够深入系统，对照检查不够到位。" * 20)
    with io.BytesIO() as buf:
        document.save(buf)
        return buf.getvalue()


VALID = _docx_bytes()


# the hostile-file builders are shared with the battery (workbench/battery.py)
_members = battery.members
_zip = battery.zip_bytes
_variant = battery.variant
_document_xml = battery.document_xml
_patch_sizes = battery.patch_sizes
_ole = battery.ole


def _assert_chinese(exc: InputRejected) -> None:
    assert re.search("[\u4e00-\u9fff]", exc.message), exc.message
    for leak in ENGLISH_LEAKS:
        assert leak not in exc.message, (leak, exc.message)
    assert exc.code in str(exc)


def _rejected(data: bytes, func: Callable[[bytes], object] = inspect_docx) -> str:
    with pytest.raises(InputRejected) as info:
        func(data)
    _assert_chinese(info.value)
    return info.value.code


def _bomb(megabytes: int = 25) -> bytes:
    repeats = megabytes * 1024 * 1024 // len(PARA.encode())
    return _variant({DOC: _document_xml(PARA * repeats)})


def test_valid_docx_passes_and_opens() -> None:
    inspect_docx(VALID)
    document = open_docx(VALID)
    assert document.paragraphs[0].text == "一、存在的问题"
    with io.BytesIO() as buf:  # still usable after the upload buffer is closed
        document.save(buf)
        assert buf.getvalue().startswith(b"PK\x03\x04")


@pytest.mark.parametrize("data", [b"", b" ", b" \r\n\t  \n", b"\x00" * 100], ids=["0b", "sp", "ws", "nul"])
def test_empty(data: bytes) -> None:
    assert _rejected(data) == "empty"
    assert _rejected(data, open_docx) == "empty"


def test_too_large() -> None:
    assert _rejected(VALID + b"\x00" * (MAX_UPLOAD_BYTES - len(VALID) + 1)) == "too_large"


@pytest.mark.parametrize(
    "data",
    ["一、存在的问题\n理论学习不够深入。\n".encode() * 20, b"{\\rtf1\\ansi hello}", b"%PDF-1.7\n%\xe2\xe3"],
    ids=["text", "rtf", "pdf"],
)
def test_not_zip(data: bytes) -> None:
    assert _rejected(data) == "not_zip"


def test_text_renamed_mentions_text() -> None:
    with pytest.raises(InputRejected) as info:
        inspect_docx("自查报告\n一、存在的问题\n".encode())
    assert "文本" in info.value.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "encrypted"),
        (_ole("Root Entry", "WordDocument", "1Table"), "legacy_doc"),
        (_ole("Root Entry"), "ole"),  # .wps-like: OLE magic plus junk
    ],
    ids=["encrypted", "doc", "wps"],
)
def test_ole_containers(data: bytes, code: str) -> None:
    assert _rejected(data) == code
    assert _rejected(data, open_docx) == code


def test_plain_zip_is_not_ooxml() -> None:
    assert _rejected(_zip({"readme.txt": "说明".encode(), "data.csv": b"a,b\n1,2\n"})) == "not_ooxml"


def test_empty_zip_is_not_ooxml() -> None:
    assert _rejected(_zip({})) == "not_ooxml"


def test_xlsx_like_has_no_body() -> None:
    members = {"[Content_Types].xml": _members(VALID)["[Content_Types].xml"], "xl/workbook.xml": b"<x/>"}
    members["_rels/.rels"] = _members(VALID)["_rels/.rels"].replace(b"word/document.xml", b"xl/workbook.xml")
    with pytest.raises(InputRejected) as info:
        inspect_docx(_zip(members))
    assert info.value.code == "no_body"
    assert "Excel" in info.value.message


def test_missing_document_xml() -> None:
    assert _rejected(_variant(drop=(DOC,))) == "no_body"


def test_docm_content_type() -> None:
    types = _members(VALID)["[Content_Types].xml"]
    macro = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert macro != types
    data = _variant({"[Content_Types].xml": macro})
    assert _rejected(data) == "docm"
    assert _rejected(data, open_docx) == "docm"


def test_strict_namespace_in_document() -> None:
    strict = _members(VALID)[DOC].replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    assert _rejected(_variant({DOC: strict})) == "strict"
    assert _rejected(_variant({DOC: strict}), open_docx) == "strict"


def test_strict_relationship_type() -> None:
    rels = _members(VALID)["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    )
    assert _rejected(_variant({"_rels/.rels": rels})) == "strict"


@pytest.mark.parametrize("cut", ["half", "eocd"])
def test_truncated(cut: str) -> None:
    data = VALID[: len(VALID) // 2] if cut == "half" else VALID[:-22]
    assert _rejected(data) == "truncated"
    assert _rejected(data, open_docx) == "truncated"


def test_flipped_bytes_in_deflate_stream() -> None:
    data = battery.corrupt_deflate()
    assert _rejected(data) == "corrupt"
    assert _rejected(data, open_docx) == "corrupt"


def test_zip_bomb_ratio_is_rejected_fast() -> None:
    data = _bomb(25)
    assert len(data) < 1024 * 1024  # a small upload that inflates to 25 MB
    assert _rejected(data) == "bomb_ratio"
    assert _rejected(data, open_docx) == "bomb_ratio"


def test_understated_size_is_read_in_bounded_chunks() -> None:
    data = _patch_sizes(_bomb(30), DOC, 1000)  # the directory claims 1,000 bytes; data inflates to 30 MB
    tracemalloc.start()
    try:
        assert _rejected(data) == "corrupt"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_too_many_entries_checked_before_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    members = _members(VALID)
    members.update({f"word/media/x{i}.bin": b"" for i in range(2500)})
    data = _zip(members)

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("ZipFile must not be built")

    monkeypatch.setattr(guard.zipfile, "ZipFile", boom)
    assert _rejected(data) == "too_many_entries"
    # An end-of-central-directory record that understates the count is not trusted either.
    eocd = data.rindex(b"PK\x05\x06")
    lying = bytearray(data)
    struct.pack_into("<HH", lying, eocd + 8, 3, 3)
    assert _rejected(bytes(lying)) == "too_many_entries"


def test_total_declared_size_too_big() -> None:
    members = {f"word/media/image{i}.bin": b"x" * 10 for i in range(4)}
    data = _variant(members)
    for i in range(4):
        data = _patch_sizes(data, f"word/media/image{i}.bin", 90 * 1024 * 1024)
    assert _rejected(data) == "too_big_unpacked"


def test_xml_part_declared_too_big() -> None:
    data = _patch_sizes(_variant(), DOC, 61 * 1024 * 1024)
    assert _rejected(data) == "too_big_unpacked"


def test_zip_level_password_flag() -> None:
    data = bytearray(VALID)
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    assert _rejected(bytes(data)) == "encrypted"


LAUGHS = battery.LAUGHS
XXE = battery.xxe_file()


@pytest.mark.parametrize(
    ("name", "blob"),
    [
        (DOC, _document_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", LAUGHS)),
        (DOC, _document_xml("<w:p><w:r><w:t>XXE:&xxe;</w:t></w:r></w:p>", XXE)),
        (DOC, _document_xml(PARA, '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:8765/x.dtd">')),
        (DOC, _document_xml(PARA, '<!DOCTYPE d [<!ENTITY co "某某公司">]>')),
        (DOC, _document_xml(PARA, XXE).decode().replace("UTF-8", "UTF-16").encode("utf-16")),
        ("[Content_Types].xml", None),
        ("_rels/.rels", None),
    ],
    ids=["laughs", "xxe", "external-dtd", "internal-entity", "utf16", "content-types", "rels"],
)
def test_doctype_rejected(name: str, blob: bytes | None) -> None:
    if blob is None:
        original = _members(VALID)[name]
        end = original.index(b"?>") + 2
        blob = original[:end] + XXE.encode() + original[end:]
    assert _rejected(_variant({name: blob})) == "doctype"


@pytest.mark.parametrize(
    "blob",
    [
        _document_xml("<w:p><w:r><w:t>未闭合</w:r></w:p>"),
        _document_xml(PARA).replace("自查报告".encode(), "自查报告".encode("gbk")),
    ],
    ids=["unclosed", "gbk-in-utf8"],
)
def test_invalid_xml_passes_guard_then_bad_xml(blob: bytes) -> None:
    data = _variant({DOC: blob})
    inspect_docx(data)
    assert _rejected(data, open_docx) == "bad_xml"


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (zipfile.BadZipFile("File is not a zip file"), "corrupt"),
        (PackageNotFoundError("Package not found at '/tmp/x'"), "not_zip"),
        (KeyError("There is no item named 'word/styles.xml' in the archive"), "unreadable"),
        (zlib.error("Error -3 while decompressing data: invalid bit length repeat"), "corrupt"),
        (etree.XMLSyntaxError("Opening and ending tag mismatch", 1, 1, 1), "bad_xml"),
        (ValueError("file 'UploadedFile(file_id=1, session=abc)' is not a Word file"), "unreadable"),
        (AttributeError("'lxml.etree._Element' object has no attribute 'body'"), "unreadable"),
        (MemoryError("Unable to allocate output buffer."), "too_big_unpacked"),
        (RuntimeError("anything else"), "unreadable"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else v,
)
def test_open_docx_maps_every_exception(monkeypatch: pytest.MonkeyPatch, exc: BaseException, code: str) -> None:
    def fail(stream: object) -> None:
        raise exc

    monkeypatch.setattr(docx, "Document", fail)
    assert _rejected(VALID, open_docx) == code


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("检视剖析材料.docx", "检视剖析材料.docx"),
        ("a`b`c.docx", "a'b'c.docx"),
        ("x\x00\x1b[31m\u202egpj.docx\n", "x[31mgpj.docx"),
        ("\x00\x01", "未命名文件"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_safe_name_truncates() -> None:
    result = safe_name("长" * 200 + ".docx")
    assert len(result) == 80
    assert "`" not in safe_name("`" * 10)


def test_legitimate_large_documents_pass() -> None:
    varied = "".join(
        f"<w:p><w:r><w:t>第{i}条：理论学习不够深入系统，对照检查不够到位。</w:t></w:r></w:p>" for i in range(60000)
    )
    rng = random.Random(0)
    hanzi = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(300_000))
    image = rng.randbytes(2 * 1024 * 1024)  # incompressible, over the 1 MB ratio threshold
    inspect_docx(_variant({DOC: _document_xml(varied)}))  # ~6 MB at about 38:1
    inspect_docx(_variant({DOC: _document_xml(f"<w:p><w:r><w:t>{hanzi}</w:t></w:r></w:p>")}))
    inspect_docx(_variant({"word/media/image1.png": image}))


def test_svg_image_with_doctype_is_not_parsed_and_passes() -> None:
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    inspect_docx(_variant({"word/media/image1.svg": svg}))


def test_xml_content_type_under_other_name_is_scanned() -> None:
    types = _members(VALID)["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/extra.bin" ContentType="application/vnd.example+xml"/></Types>',
    )
    data = _variant({"[Content_Types].xml": types, "word/extra.bin": _document_xml(PARA, XXE)})
    assert _rejected(data) == "doctype"


def test_odt_is_not_ooxml() -> None:
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    with pytest.raises(InputRejected) as info:
        inspect_docx(data)
    assert info.value.code == "not_ooxml"
    assert "OpenDocument" in info.value.message


def test_template_content_type_is_rejected() -> None:
    types = _members(VALID)["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
    )
    assert _rejected(_variant({"[Content_Types].xml": types})) == "no_body"
