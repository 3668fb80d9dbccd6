"""The bad-input battery (issue 8): every hostile upload, generated in memory, and a runner that
measures each one in a fresh, memory-limited process.

    >>> from workbench.battery import cases, run_case
    >>> for case in cases():
    ...     print(run_case(case))

Nothing here is committed as a file: the bombs are built on demand (the largest, a 1 GB zip bomb, is
about 4 MB; the whole battery builds in about a second). ``scripts/battery.py`` prints the table,
``tests/test_battery.py`` runs it in the test suite. See ../shared/RELIABILITY.md §1–3 for the
measurements behind each case.

Each case runs in a child forked from a warm helper process (``python -c … _serve()``: the library and
jieba's dictionary are already loaded), with ``RLIMIT_AS`` of 1.5 GB and a wall-clock timeout, so a
bomb that got through could at worst kill its own child. Time is the wall time of ``workbench.review``
plus JSON serialisation in the child; memory is the child's peak resident set (``wait4`` rusage),
which includes the helper's baseline (about 100 MB: the library, pandas, lxml and jieba).
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import json
import os
import pickle
import queue
import random
import re
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

MEMORY_LIMIT = 1536 * 1024 * 1024  # RLIMIT_AS of each case's process
TIMEOUT = 120.0  # seconds before a case's process is killed (a hang guard, far above any real case)
LARGE_SECONDS = 90.0  # the 5 MB reports take ~20 s (1.9 M characters); the bound is a hang guard
DEAD_PORT = 9  # the discard port on 127.0.0.1: nothing listens; XXE and markup names point here

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC = "word/document.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CJK = re.compile("[\u4e00-\u9fff]")

# ── text ────────────────────────────────────────────────────────────────────────────────────────
REPORT = """某街道党工委委员、副主任2024年度专题民主生活会个人检视剖析材料

按照街道党工委关于召开2024年度专题民主生活会的通知要求，我认真学习了党的二十届三中全会精神和党纪学习教育相关内容，广泛征求意见建议，深入查摆问题、剖析根源。现检视剖析如下。

一、存在的问题
（一）理论学习方面
1.学习不够深入系统。满足于读原文、记笔记，对党的创新理论的核心要义把握不够准确，全年参加集中学习12次，撰写体会文章2篇，运用理论指导实践的能力不强。
（二）担当作为方面
2.攻坚克难劲头不足。面对老旧小区改造等急难险重任务，有时存在畏难情绪，习惯于等待上级协调，辖区3个改造项目比计划推迟两个月开工。
（三）作风建设方面
3.调查研究不够经常。到社区调研多是听取汇报、查看资料，带着问题蹲点解剖的少，对群众在养老、就业等方面的急难愁盼掌握不够准确。
（四）廉洁自律方面
4.履行“一岗双责”偏软。对分管科室廉政风险点排查不够细，日常教育提醒多停留在开会强调。

二、产生问题的原因
1.理论武装的自觉性不够强。把学习当作规定动作，没有做到学思用贯通、知信行统一。
2.担当精神有所弱化。工作时间长了，遇到难题先想稳妥，缺少迎难而上的斗争精神。
3.宗旨意识有所淡化。联系群众的主动性不强，存在以会议落实会议的现象。
4.管党治党责任没有扛牢。对“一岗双责”理解不深，抓监督存在“老好人”思想。

三、整改措施
1.持续强化理论武装。坚持每周至少半天集中自学，每季度在中心组作一次交流发言，6月底前形成1篇调研报告。
2.提高攻坚克难能力。对3个改造项目实行“周调度、月通报”，亲自牵头协调，确保9月底前全部开工。
3.改进调查研究方式。每月至少安排2天到社区蹲点，每季度形成1份问题清单并明确办结时限。
4.从严落实“一岗双责”。每半年与分管科室干部逐一谈心谈话一次，每季度开展一次廉政风险排查。

以上检视剖析，恳请同志们批评指正。
"""
TRADITIONAL = """某街道黨工委委員個人對照檢查材料

一、存在的問題
1.理論學習不夠深入系統。滿足於讀原文、記筆記，沒有做到學思用貫通、知信行統一。
2.擔當作為不夠到位。面對急難險重任務，有時存在畏難情緒，工作標準不夠高。
3.調查研究不夠經常。到社區調研多是聽取彙報，帶著問題蹲點解剖的少。

二、產生問題的原因
1.理論武裝的自覺性不夠強。
2.擔當精神有所弱化。

三、整改措施
1.每週至少半天集中自學，每季度交流發言一次。
2.每月至少安排兩天到社區蹲點，形成問題清單。
"""
RARE = "𠮷䶮"  # U+20BB7 (only in GB18030's four-byte range) and U+4DAE
MARKUP = (
    "![](http://127.0.0.1:9/px-text.png)\n"
    "<img src=x onerror=alert(1)>\n"
    "<script>alert(1)</script>\n"
    "[点击查看](javascript:alert(1))\n"
)
_CLAUSES = (
    "对党的创新理论学习不够深入系统",
    "满足于读原文、记笔记",
    "运用理论指导实践的能力不强",
    "面对急难险重任务有时存在畏难情绪",
    "工作标准不够高、要求不够严",
    "调查研究多是听取汇报、查看资料",
    "对群众急难愁盼问题掌握不够准确",
    "履行“一岗双责”偏软",
    "廉政风险点排查不够细",
    "以案促改停留在面上",
    "联系群众的主动性不强",
    "存在以会议落实会议的现象",
    "项目谋划储备能力仍然不足",
    "跟踪问效不够及时",
    "统筹推进的系统性不强",
    "批评与自我批评辣味不足",
)
_AREAS = ("理论学习", "担当作为", "作风建设", "廉洁自律", "联系群众", "组织生活", "党纪学习", "整改落实")
_UNITS = ("社区", "科室", "村", "支部", "项目", "企业", "网格")


def report_paragraphs(n_bytes: int, seed: int = 0) -> list[str]:
    """A long but realistic collection of report paragraphs (headings, numbered problems, causes and
    remedies with varying figures), about ``n_bytes`` of UTF-8. Repeats the structure of REPORT
    without repeating its sentences verbatim, so it compresses like a real document (≈ 5:1)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    member = 0
    while size < n_bytes:
        member += 1
        block = [f"党员{member}号个人检视剖析材料", "一、存在的问题"]
        for i in range(1, rng.randint(4, 7)):
            clauses = "，".join(rng.sample(_CLAUSES, 3))
            block.append(
                f"{i}.{rng.choice(_AREAS)}方面。{clauses}，全年到{rng.choice(_UNITS)}调研{rng.randint(2, 40)}次，"
                f"形成问题清单{rng.randint(1, 9)}份，其中{rng.randint(1, 5)}项尚未办结。"
            )
        block.append("二、产生问题的原因")
        for i in range(1, rng.randint(3, 5)):
            block.append(
                f"{i}.{rng.choice(('理论武装', '宗旨意识', '担当精神', '纪律观念'))}有所弱化，{rng.choice(_CLAUSES)}。"
            )
        block.append("三、整改措施")
        for i in range(1, rng.randint(3, 6)):
            block.append(
                f"{i}.{rng.choice(_AREAS)}：{rng.randint(1, 12)}月底前完成{rng.randint(1, 20)}项整改，"
                f"每{rng.choice(('周', '月', '季度'))}到{rng.choice(_UNITS)}蹲点{rng.randint(1, 3)}天。"
            )
        block_size = sum(len(p.encode()) + 1 for p in block)
        if size + block_size > n_bytes and out:
            break
        out += block
        size += block_size
    return out


# ── .docx and zip builders ──────────────────────────────────────────────────────────────────────
def docx_bytes(paragraphs: Iterable[str] | None = None) -> bytes:
    """A valid .docx written by python-docx (REPORT's paragraphs by default)."""
    import docx

    document = docx.Document()
    for line in REPORT.splitlines() if paragraphs is None else paragraphs:
        document.add_paragraph(line)
    with io.BytesIO() as buf:
        document.save(buf)
        return buf.getvalue()


@functools.cache
def _valid() -> bytes:
    return docx_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with io.BytesIO(data) as buf, zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bytes(parts: dict[str, bytes], level: int = 6) -> bytes:
    with io.BytesIO() as buf:
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
            for name, blob in parts.items():
                zf.writestr(name, blob)
        return buf.getvalue()


def variant(replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The valid .docx with some parts replaced, added or dropped."""
    parts = {k: v for k, v in members(_valid()).items() if k not in drop}
    parts.update(replace or {})
    return zip_bytes(parts)


def document_xml(body: str, prolog: str = "") -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
    xml += f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return xml.encode("utf-8")


def paragraph_xml(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:p><w:r><w:t xml:space="preserve">{escaped}</w:t></w:r></w:p>'


def header_offset(data: bytes, name: str, central: bool = False) -> int:
    """Offset of the local (or central-directory) header of ``name``."""
    sig, skip = (b"PK\x01\x02", 46) if central else (b"PK\x03\x04", 30)
    raw = name.encode()
    pos = data.index(sig)
    while data[pos + skip : pos + skip + len(raw)] != raw:
        pos = data.index(sig, pos + 4)
    return pos


def patch_sizes(data: bytes, name: str, file_size: int) -> bytes:
    """Rewrite the declared uncompressed size of ``name`` in both its local and central headers."""
    out = bytearray(data)
    struct.pack_into("<L", out, header_offset(data, name) + 22, file_size)
    struct.pack_into("<L", out, header_offset(data, name, central=True) + 24, file_size)
    return bytes(out)


def ole(*stream_names: str, size: int = 4096) -> bytes:
    """An OLE2 compound file as far as any sniffing goes: the magic, junk, and UTF-16LE stream names."""
    body = bytearray(random.Random(7).randbytes(size))
    for i, name in enumerate(stream_names):
        raw = name.encode("utf-16-le")
        body[512 + i * 128 : 512 + i * 128 + len(raw)] = raw
    return OLE_MAGIC + bytes(body)


@dataclass(frozen=True)
class RawMember:
    """A zip member given as an already-compressed deflate stream, with the sizes to declare."""

    name: str
    compressed: bytes
    crc: int
    size: int  # declared uncompressed size (may lie)


def raw_zip(entries: list[RawMember], aliases: dict[str, str] | None = None) -> bytes:
    """A zip written by hand, so declared sizes can lie and huge members need not be inflated here.

    ``aliases`` adds central-directory entries (new name → existing member) that point at the same
    local data: the overlapping-entries bomb."""
    out = bytearray()
    central = bytearray()
    offsets: dict[str, tuple[int, RawMember]] = {}
    count = 0

    # version 2.0, no flags, deflate, a fixed DOS time (0:00) and date (1980-01-01)
    common = (20, 0, 8, 0, 0x21)

    def add_central(name: str, entry: RawMember, offset: int) -> None:
        raw = name.encode()
        sizes = (entry.crc, len(entry.compressed), entry.size, len(raw), 0, 0, 0, 0, 0, offset)
        central.extend(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *common, *sizes))
        central.extend(raw)

    for entry in entries:
        raw = entry.name.encode()
        offsets[entry.name] = (len(out), entry)
        sizes = (entry.crc, len(entry.compressed), entry.size, len(raw), 0)
        out.extend(struct.pack("<4s5H3L2H", b"PK\x03\x04", *common, *sizes))
        out.extend(raw)
        out.extend(entry.compressed)
    for entry in entries:
        add_central(entry.name, entry, offsets[entry.name][0])
        count += 1
    for alias, target in (aliases or {}).items():
        offset, entry = offsets[target]
        add_central(alias, entry, offset)
        count += 1
    cd_offset = len(out)
    out.extend(central)
    out.extend(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), cd_offset, 0))
    return bytes(out)


def raw_member(name: str, data: bytes) -> RawMember:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawMember(name, c.compress(data) + c.flush(), zlib.crc32(data), len(data))


def repeated_member(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> RawMember:
    """``head + chunk * times + tail`` deflated without ever building it: ``chunk`` is compressed once
    between two full flushes (a self-contained, byte-aligned run of blocks), and that run is repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    middle = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return RawMember(name, first + middle * times + last, crc, len(head) + len(chunk) * times + len(tail))


def paragraph_bomb(megabytes: int, declared: int | None = None) -> bytes:
    """A .docx whose document.xml inflates to ``megabytes`` MB of small paragraphs — the bomb lxml does
    not stop (RELIABILITY §1.2) — optionally declaring only ``declared`` bytes in both headers."""
    parts = members(_valid())
    para = paragraph_xml("一、存在的问题：理论学习不够深入系统，自查报告内容。").encode()
    chunk = para * (1024 * 1024 // len(para))
    head, tail = document_xml("").split(b"<w:body>")
    body = repeated_member(DOC, head + b"<w:body>", chunk, megabytes, b"<w:body>" + tail)
    if declared is not None:
        body = RawMember(body.name, body.compressed, body.crc, declared)
    return raw_zip([raw_member(k, v) for k, v in parts.items() if k != DOC] + [body])


def overlap_bomb(aliases: int = 8, megabytes: int = 50) -> bytes:
    """Central-directory entries that all point at one 50 MB member (quoted-overlap style)."""
    parts = members(_valid())
    image = repeated_member("word/media/image1.png", b"", b"\0" * (1024 * 1024), megabytes, b"")
    entries = [raw_member(k, v) for k, v in parts.items()] + [image]
    return raw_zip(entries, {f"word/media/image{i}.png": image.name for i in range(2, aliases + 2)})


def many_entries(n: int = 2500, lie: bool = False) -> bytes:
    parts = members(_valid())
    parts.update({f"word/media/x{i}.bin": b"" for i in range(n)})
    data = zip_bytes(parts)
    if lie:  # the end-of-central-directory record claims 3 entries
        eocd = data.rindex(b"PK\x05\x06")
        out = bytearray(data)
        struct.pack_into("<HH", out, eocd + 8, 3, 3)
        data = bytes(out)
    return data


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def xxe_file() -> str:
    return '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xxe_http(port: int) -> str:
    return f'<!DOCTYPE r [<!ENTITY % ext SYSTEM "http://127.0.0.1:{port}/evil.dtd"> %ext;]>'


def with_doctype(name: str, doctype: str) -> bytes:
    """The valid .docx with ``doctype`` inserted after the XML declaration of part ``name``."""
    original = members(_valid())[name]
    end = original.index(b"?>") + 2
    return variant({name: original[:end] + doctype.encode() + original[end:]})


def corrupt_deflate() -> bytes:
    data = bytearray(variant({DOC: document_xml(paragraph_xml("理论学习不够深入系统，对照检查不够到位。") * 200)}))
    local = header_offset(bytes(data), DOC)
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_len + extra_len
    compressed = struct.unpack_from("<L", data, local + 18)[0]
    for i in range(10):
        data[start + compressed // 3 + i] ^= 0x5A
    return bytes(data)


def large_docx(n_bytes: int) -> bytes:
    body = "".join(paragraph_xml(p) for p in report_paragraphs(n_bytes))
    return variant({DOC: document_xml(body)})


# ── text damage ─────────────────────────────────────────────────────────────────────────────────
def corrupt_byte(data: bytes, needle: bytes, value: int = 0xFF, skip: int = 0) -> bytes:
    """``data`` with the byte at ``needle``'s position (+``skip``) replaced by ``value``."""
    out = bytearray(data)
    out[data.index(needle) + skip] = value
    return bytes(out)


def cut(data: bytes, n: int = 1) -> bytes:
    """``data`` without its last ``n`` bytes (text: cut in the middle of the last character)."""
    body = data.rstrip(b"\r\n\0")
    return body[:-n]


# ── the battery ─────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Case:
    """One hostile (or legitimate) upload. ``name`` is the file name it is uploaded under.

    ``expect``: ``"reject:<code>"`` or ``"accept"``. For accepts, ``encoding`` (when set) is the
    encoding the library must report, and ``notice`` says whether it must warn the user (damaged
    text) or must not (clean text)."""

    name: str
    data: bytes = field(repr=False)
    expect: str
    encoding: str | None = None
    notice: bool | None = None
    label: str = ""
    max_seconds: float = 20.0  # a hang guard, not a benchmark

    @property
    def code(self) -> str:
        return self.expect.partition(":")[2]

    @property
    def title(self) -> str:
        return self.label or self.name


def _txt(label: str, data: bytes, encoding: str | None = None, notice: bool = False) -> Case:
    return Case(f"{label}.txt", data, "accept", encoding=encoding, notice=notice, label=label)


def _rejected(name: str, data: bytes, code: str, label: str = "") -> Case:
    return Case(name, data, f"reject:{code}", label=label)


def network_cases(port: int) -> list[Case]:
    """The cases that name a URL on 127.0.0.1:``port`` (a test may listen there to prove that nothing
    connects): XXE through an external parameter entity, an external DTD, and a file name carrying a
    Markdown image (its text carries more markup)."""
    para = paragraph_xml("一、存在的问题：理论学习不够深入系统。")
    dtd = f'<!DOCTYPE w:document SYSTEM "http://127.0.0.1:{port}/x.dtd">'
    xxe = variant({DOC: document_xml(para, xxe_http(port))})
    return [
        _rejected("xxe_http.docx", xxe, "doctype", "XXE http://127.0.0.1"),
        _rejected("dtd_http.docx", with_doctype(DOC, dtd), "doctype", "external DTD http://127.0.0.1"),
        Case(f"![](http://127.0.0.1:{port}/x.png)报告.txt", (MARKUP + REPORT).encode(), "accept", "utf-8", False),
    ]


@functools.cache
def _cases() -> tuple[Case, ...]:
    valid = _valid()
    parts = members(valid)
    types = parts["[Content_Types].xml"]
    para = paragraph_xml("一、存在的问题：理论学习不够深入系统。")
    macro = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    strict = parts[DOC].replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    strict_rels = parts["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    )
    laughs = variant({DOC: document_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", LAUGHS)})
    xxe = variant({DOC: document_xml("<w:p><w:r><w:t>XXE:&xxe;</w:t></w:r></w:p>", xxe_file())})
    unclosed = variant({DOC: document_xml("<w:p><w:r><w:t>未闭合</w:r></w:p>")})
    gbk_in_xml = variant({DOC: document_xml(para).replace("存在".encode(), "存在".encode("gbk"))})
    doc = ole("Root Entry", "WordDocument", "1Table")
    wps = ole("Root Entry", "WpsContent")  # simulated: no real Kingsoft file (RELIABILITY §2)

    text = REPORT
    utf8 = text.encode()
    bom8 = text.encode("utf-8-sig")
    rare = (REPORT.replace("某街道党工委委员", f"某街道党工委委员{RARE}").rstrip() + "\n签名：𠮷\n").encode("gb18030")
    gbk = text.encode("gbk")
    big5 = TRADITIONAL.encode("big5")
    le = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    be = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    large = ("\n".join(report_paragraphs(5 * 1024 * 1024 - 64)) + "\n").encode()
    net = network_cases(DEAD_PORT)
    out = [
        # zip bombs
        _rejected("bomb_ratio_25MB.docx", paragraph_bomb(25), "bomb_ratio", "zip bomb: 25 MB of paragraphs"),
        _rejected("bomb_1GB.docx", paragraph_bomb(1024), "too_big_unpacked", "zip bomb: 1 GB of paragraphs"),
        _rejected("bomb_understated.docx", paragraph_bomb(200, 1000), "corrupt", "zip bomb: says 1 KB, is 200 MB"),
        _rejected("bomb_2500_entries.docx", many_entries(2500), "too_many_entries", "zip bomb: 2,500 entries"),
        _rejected("bomb_2500_lying.docx", many_entries(2500, True), "too_many_entries", "2,500 entries, EOCD says 3"),
        _rejected("bomb_overlap.docx", overlap_bomb(), "too_big_unpacked", "9 entries share one 50 MB member"),
        # entities and XXE
        _rejected("billion_laughs.docx", laughs, "doctype", "billion laughs"),
        _rejected("xxe_file.docx", xxe, "doctype", "XXE file:///etc/passwd"),
        *net[:2],
        _rejected(
            "xxe_content_types.docx",
            with_doctype("[Content_Types].xml", xxe_file()),
            "doctype",
            "XXE in [Content_Types].xml",
        ),
        # other formats
        _rejected("old_word.doc", doc, "legacy_doc", "old .doc (OLE, WordDocument)"),
        _rejected("old_word_renamed.docx", doc, "legacy_doc", ".doc renamed .docx"),
        _rejected("kingsoft.wps", wps, "ole", ".wps (OLE)"),
        _rejected("kingsoft_renamed.docx", wps, "ole", ".wps renamed .docx"),
        _rejected("encrypted.docx", ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "encrypted"),
        _rejected("macro.docx", variant({"[Content_Types].xml": macro}), "docm", "macro content type .docx"),
        _rejected("macro.docm", variant({"[Content_Types].xml": macro}), "docm"),
        _rejected("strict.docx", variant({DOC: strict}), "strict", "Strict Open XML body"),
        _rejected("strict_rels.docx", variant({"_rels/.rels": strict_rels}), "strict", "Strict Open XML rels"),
        _rejected("text_renamed.docx", utf8, "not_zip", "text renamed .docx"),
        # broken
        _rejected("truncated_half.docx", valid[: len(valid) // 2], "truncated", "truncated: half"),
        _rejected("truncated_eocd.docx", valid[:-22], "truncated", "truncated: EOCD cut"),
        _rejected("corrupt_deflate.docx", corrupt_deflate(), "corrupt", "10 flipped deflate bytes"),
        _rejected("invalid_xml.docx", unclosed, "bad_xml", "unclosed tag in document.xml"),
        _rejected("gbk_in_xml.docx", gbk_in_xml, "bad_xml", "GBK bytes in UTF-8 XML"),
        _rejected("empty.docx", b"", "empty"),
        _rejected("empty.txt", b"", "empty"),
        _rejected("whitespace.txt", b" \r\n\t\n   \n", "empty", "whitespace only .txt"),
        _rejected("whitespace_fullwidth.txt", "\u3000\u3000\n\u3000".encode(), "empty", "full-width spaces .txt"),
        _rejected("whitespace.docx", b"\r\n \n\t", "empty", "whitespace only .docx"),
        _rejected("binary_junk.txt", random.Random(3).randbytes(3000), "binary", "binary junk named .txt"),
        _rejected("docx_named.txt", valid, "docx_as_txt", ".docx named .txt"),
        # encodings, clean: decoded exactly, no notice (Big5 always carries a "please check" notice)
        _txt("utf8", utf8, "utf-8"),
        _txt("utf8_bom", bom8, "utf-8-sig"),
        _txt("gbk", gbk, "gb18030"),
        _txt("gb18030_rare", rare, "gb18030"),
        _txt("big5", big5, "big5", notice=True),
        _txt("utf16le_bom", le, "utf-16-le"),
        _txt("utf16be_bom", be, "utf-16-be"),
        _txt("utf16le", text.encode("utf-16-le"), "utf-16-le"),
        _txt("utf16be", text.encode("utf-16-be"), "utf-16-be"),
        # encodings, damaged: read with "�" and a notice naming the lines; never silently wrong
        _txt("utf8_bad_byte", corrupt_byte(utf8, "担当".encode(), skip=1), "utf-8", notice=True),
        _txt("utf8_truncated", cut(utf8), "utf-8", notice=True),
        _txt("utf8_bom_bad_byte", corrupt_byte(bom8, "担当".encode(), skip=1), "utf-8-sig", notice=True),
        _txt("gbk_bad_byte", corrupt_byte(gbk, "担当".encode("gbk")), "gb18030", notice=True),
        _txt("gbk_truncated", cut(gbk), "gb18030", notice=True),
        _txt("gb18030_rare_truncated", cut(rare, 2), "gb18030", notice=True),
        _txt("big5_bad_byte", corrupt_byte(big5, "擔當".encode("big5")), "big5", notice=True),
        _txt("big5_truncated", cut(big5), "big5", notice=True),
        _txt("utf16le_bom_bad_pair", corrupt_byte(le, "担当".encode("utf-16-le"), 0xD8, 1), "utf-16-le", notice=True),
        _txt("utf16le_bom_truncated", cut(le), "utf-16-le", notice=True),
        _txt("utf16be_bom_truncated", cut(be), "utf-16-be", notice=True),
        # large but legitimate
        Case("large_5MB.txt", large, "accept", "utf-8", False, "5 MB report .txt", LARGE_SECONDS),
        Case("large_5MB.docx", large_docx(5 * 1024 * 1024), "accept", None, None, "5 MB report .docx", LARGE_SECONDS),
        # markup in file names (and in the text)
        net[2],
        Case("<img src=x onerror=alert(1)>.docx", valid, "accept", "docx"),
    ]
    return tuple(out)


def cases() -> list[Case]:
    """Every case of the battery, in a fixed order (built once per process, about 2 s)."""
    return list(_cases())


# ── checking a result ───────────────────────────────────────────────────────────────────────────
_LEAKS = (
    ("traceback", re.compile(r"Traceback|File \"")),
    ("exception name", re.compile(r"\b[A-Z]\w*(Error|Exception|Warning)\b")),
    ("object repr", re.compile(r"<[A-Za-z_][\w.]*[ >(]|object at 0x|\bb'|UploadedFile|ZipFile|ZipInfo")),
    ("hex address", re.compile(r"0x[0-9a-fA-F]{4,}")),
    ("server path", re.compile(r"(^|[\s'\"(])/(home|work|tmp|usr|etc|root|var|opt|proc)/|\.py\b|site-packages")),
    ("English error text", re.compile(r"(?i)\b(codec|decode|invalid|cannot|errno|not a|no such|unexpected)\b")),
)


def leaks(message: str) -> list[str]:
    """What in a user-facing message is not for users: exception names and text, reprs, paths."""
    return [what for what, pattern in _LEAKS if pattern.search(message)]


def chinese(message: str) -> bool:
    return bool(CJK.search(message))


@dataclass(frozen=True)
class Result:
    """What one case did. ``outcome``: accept, reject, crash (an exception other than InputRejected),
    timeout or killed (the process died: signal or memory). ``code`` is the error code of a reject or
    the format/encoding of an accept; ``message`` the Chinese message (the notices for an accept)."""

    name: str
    outcome: str
    code: str
    message: str
    seconds: float
    peak_mb: float
    notices: tuple[str, ...] = ()
    detail: str = ""  # for a crash: the exception (for developers only)

    @property
    def handled(self) -> bool:
        return self.outcome in ("accept", "reject")


MEMORY_BOUND = 1024.0  # MB of peak RSS, baseline included


def problems(case: Case, result: Result) -> list[str]:
    """Everything wrong with ``result`` for ``case`` (empty when it behaved)."""
    out: list[str] = []
    expect, _, code = case.expect.partition(":")
    if not result.handled:
        return [f"{result.outcome}: {result.detail or result.message}"]
    if result.outcome != expect:
        out.append(f"expected {case.expect}, got {result.outcome}:{result.code}")
    elif expect == "reject" and result.code != code:
        out.append(f"expected code {code}, got {result.code}")
    if expect == "accept" and result.outcome == "accept":
        if case.encoding is not None and result.code != case.encoding:
            out.append(f"expected encoding {case.encoding}, got {result.code}")
        if case.notice is True and not result.notices:
            out.append("damaged text accepted without a notice")
        if case.notice is False and result.notices:
            out.append(f"clean text given a notice: {result.notices[0][:40]}")
    for text in (result.message, *result.notices) if result.outcome == "reject" else result.notices:
        if not chinese(text):
            out.append(f"message not Chinese: {text[:60]!r}")
        if leaks(text):
            out.append(f"message leaks {', '.join(leaks(text))}: {text[:60]!r}")
    if result.seconds >= case.max_seconds:
        out.append(f"took {result.seconds:.1f} s")
    if result.peak_mb >= MEMORY_BOUND:
        out.append(f"peak memory {result.peak_mb:.0f} MB")
    return out


# ── running ─────────────────────────────────────────────────────────────────────────────────────
def _execute(case: Case) -> dict[str, Any]:
    """Run one case in this process (the forked child) and describe what happened."""
    from workbench.errors import InputRejected
    from workbench.reviewing import review

    start = time.perf_counter()
    try:
        r = review(case.data, name=case.name)
        json.dumps(r.to_dict(), ensure_ascii=False)  # what the CLI prints; must not fail either
    except InputRejected as e:
        seconds = time.perf_counter() - start
        return {"outcome": "reject", "code": e.code, "message": e.message, "seconds": seconds}
    except BaseException as e:  # a crash: the library let something other than InputRejected out
        seconds = time.perf_counter() - start
        return {
            "outcome": "crash",
            "code": type(e).__name__,
            "message": "",
            "seconds": seconds,
            "detail": repr(e)[:300],
        }
    seconds = time.perf_counter() - start
    d = r.document
    s = r.summary
    message = f"已读取（{d.format}，{len(d.text)} 字）：问题 {s['problems']} 条，检查意见 {len(r.findings)} 条"
    code = d.encoding or d.format
    return {"outcome": "accept", "code": code, "message": message, "seconds": seconds, "notices": tuple(d.notices)}


def _child(case: Case, fd: int, limit: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        payload = _execute(case)
    except BaseException as e:  # pragma: no cover - only if even the bookkeeping failed
        payload = {"outcome": "crash", "code": type(e).__name__, "message": "", "seconds": 0.0, "detail": repr(e)}
    blob = pickle.dumps(payload)
    with os.fdopen(fd, "wb") as w:
        w.write(blob)


def _fork_case(case: Case, timeout: float, limit: int) -> Result:
    """In the warm helper: fork a child for ``case``, wait, and measure it."""
    r, w = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(r)
            _child(case, w, limit)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(w)
    chunks: list[bytes] = []
    timed_out = False
    with os.fdopen(r, "rb", buffering=0) as reader:
        while True:
            left = timeout - (time.perf_counter() - started)
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([reader], [], [], left)
            if not ready:
                continue
            chunk = reader.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024
    if timed_out:
        return Result(case.name, "timeout", "", "", wall, peak, detail=f"killed after {timeout:.0f} s")
    try:
        payload = pickle.loads(b"".join(chunks))
    except Exception:
        signo = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        how = f"signal {signal.Signals(signo).name}" if signo else f"exit status {os.waitstatus_to_exitcode(status)}"
        return Result(case.name, "killed", "", "", wall, peak, detail=f"process died ({how})")
    return Result(
        case.name,
        payload["outcome"],
        payload["code"],
        payload["message"],
        payload["seconds"],
        peak,
        tuple(payload.get("notices", ())),
        payload.get("detail", ""),
    )


def _warm_up() -> float:
    """Load the library and jieba's dictionary once; returns the resident set afterwards (MB)."""
    from workbench.reviewing import review

    review(REPORT.encode(), name="warm.txt")
    resident = int(Path("/proc/self/statm").read_text().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def _serve() -> None:
    """The warm helper's loop: pickled (case, timeout, limit) in on stdin, pickled Result out."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything the library prints must not corrupt the channel
    stdin = sys.stdin.buffer
    pickle.dump(_warm_up(), channel)
    channel.flush()
    while True:
        try:
            case, timeout, limit = pickle.load(stdin)
        except EOFError:
            return
        pickle.dump(_fork_case(case, timeout, limit), channel)
        channel.flush()


class Runner:
    """Warm helper processes that run cases; use as a context manager (or call ``close``)."""

    def __init__(self, workers: int = 1, timeout: float = TIMEOUT, memory_limit: int = MEMORY_LIMIT) -> None:
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._helpers: queue.Queue[tuple[subprocess.Popen[bytes], BinaryIO, BinaryIO]] = queue.Queue()
        self._all: list[subprocess.Popen[bytes]] = []
        self.baseline_mb = 0.0
        try:
            for _ in range(workers):
                proc = subprocess.Popen(
                    [sys.executable, "-c", "from workbench.battery import _serve; _serve()"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env={**os.environ, "PYTHONWARNINGS": "ignore"},
                )
                self._all.append(proc)
                assert proc.stdin is not None
                assert proc.stdout is not None
                self.baseline_mb = max(self.baseline_mb, pickle.load(proc.stdout))
                self._helpers.put((proc, proc.stdin, proc.stdout))
        except BaseException:
            self.close()
            raise

    def run(self, case: Case) -> Result:
        proc, stdin, stdout = self._helpers.get()
        try:
            pickle.dump((case, self.timeout, self.memory_limit), stdin)
            stdin.flush()
            return pickle.load(stdout)
        finally:
            self._helpers.put((proc, stdin, stdout))

    def run_all(self, items: Iterable[Case]) -> Iterator[tuple[Case, Result]]:
        """Results in the order of ``items``, computed by all helpers at once."""
        from concurrent.futures import ThreadPoolExecutor

        items = list(items)
        with ThreadPoolExecutor(max(1, len(self._all))) as pool:
            yield from zip(items, pool.map(self.run, items), strict=True)

    def close(self) -> None:
        for proc in self._all:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._all.clear()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: Runner | None = None
_default_lock = threading.Lock()


def run_case(case: Case) -> Result:
    """Run ``case`` in a fresh, memory-limited process (forked from a shared warm helper, started on
    first use and stopped at exit)."""
    global _default
    with _default_lock:
        if _default is None:
            import atexit

            _default = Runner()
            atexit.register(shutdown)
    return _default.run(case)


def shutdown() -> None:
    """Stop the helper that ``run_case`` started (also done at exit)."""
    global _default
    with _default_lock:
        if _default is not None:
            _default.close()
            _default = None


# ── the same cases through the command line ─────────────────────────────────────────────────────
def disk_name(name: str) -> str:
    """``name`` as a file name on disk: "/" (in the Markdown-image case) becomes U+2215 DIVISION SLASH."""
    return name.replace("/", "\u2215")


@dataclass(frozen=True)
class CliResult:
    name: str
    status: int  # the exit status (-9 if killed after the timeout)
    stderr: str
    seconds: float
    problems: tuple[str, ...]


def run_cli(case: Case, directory: str | os.PathLike[str], timeout: float = 120.0) -> CliResult:
    """``python -m workbench review FILE --json`` on ``case`` written into ``directory``: a reject must
    exit 2 with its Chinese message and code on stderr, nothing on stdout and no traceback; an accept
    must exit 0 with a workbench/review@1 JSON on stdout. Runs under ``prlimit --as`` when available."""
    import shutil

    path = Path(directory) / disk_name(case.name)
    path.write_bytes(case.data)
    command = [sys.executable, "-m", "workbench", "review", str(path), "--json"]
    if prlimit := shutil.which("prlimit"):
        command = [prlimit, f"--as={MEMORY_LIMIT}", "--", *command]
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONIOENCODING": "utf-8"}
    start = time.perf_counter()
    try:
        proc = subprocess.run(command, capture_output=True, timeout=timeout, cwd=directory, env=env)
    except subprocess.TimeoutExpired:
        return CliResult(case.name, -9, "", time.perf_counter() - start, (f"no exit after {timeout:.0f} s",))
    finally:
        path.unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.decode("utf-8", errors="replace")
    out: list[str] = []
    if "Traceback" in stderr:
        out.append("traceback on stderr")
    if case.expect.startswith("reject"):
        if proc.returncode != 2:
            out.append(f"exit {proc.returncode}, expected 2")
        if not chinese(stderr):
            out.append("no Chinese message on stderr")
        if f"错误码 {case.code}" not in stderr:
            out.append(f"stderr does not name code {case.code}")
        if leaks(stderr) or str(directory) in stderr:
            out.append(f"stderr leaks {', '.join(leaks(stderr)) or 'the path'}")
        if proc.stdout.strip():
            out.append("output on stdout")
    else:
        if proc.returncode != 0:
            out.append(f"exit {proc.returncode}, expected 0: {stderr.strip()[:80]}")
        else:
            try:
                schema = json.loads(proc.stdout).get("schema")
            except ValueError:
                schema = None
            if schema != "workbench/review@1":
                out.append("stdout is not a workbench/review@1 JSON")
    return CliResult(case.name, proc.returncode, stderr.strip(), seconds, tuple(out))
