"""Uploaded .txt bytes in every common Chinese encoding, built here, against workbench.decoding."""

from __future__ import annotations

import io
import random
import re
import zipfile

import pytest

from workbench.decoding import MAX_TEXT_BYTES, decode_text
from workbench.errors import InputRejected

TEXT = (
    "一、存在的问题\n"
    "（一）理论学习方面。对党的创新理论学习不够深入系统，满足于读原文、记笔记，"
    "没有做到学思用贯通、知信行统一。2024年以来参加集中学习12次。\n"
    "（二）担当作为方面。面对急难险重任务，有时存在畏难情绪，工作标准不够高。\n"
    "二、原因剖析\n"
    "理想信念有所弱化，宗旨意识有所淡化，作风建设有所放松。\n"
    "三、整改措施\n"
    "坚持不懈加强理论武装，持续改进工作作风，切实履职尽责。\n"
)
TRADITIONAL = (
    "一、存在的問題\n"
    "（一）理論學習方面。對黨的創新理論學習不夠深入系統，滿足於讀原文、記筆記，"
    "沒有做到學思用貫通、知信行統一。\n"
    "（二）擔當作為方面。面對急難險重任務，有時存在畏難情緒。\n"
)
RARE = "𠮷䶮"
ENGLISH_LEAKS = ("Error", "error", "codec", "decode", "byte", "position", "Traceback")


def _assert_chinese(exc: InputRejected) -> None:
    assert re.search("[\u4e00-\u9fff]", exc.message), exc.message
    for leak in ENGLISH_LEAKS:
        assert leak not in exc.message, (leak, exc.message)


def _rejected(data: bytes) -> str:
    with pytest.raises(InputRejected) as info:
        decode_text(data)
    _assert_chinese(info.value)
    return info.value.code


def _docx_bytes() -> bytes:
    with io.BytesIO() as buf:
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
        return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("gbk"), "gb18030"),
        ((TEXT + RARE + "\n").encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.replace("\n", "").encode("utf-16-le"), "utf-16-le"),  # few NUL bytes
        (TEXT.replace("\n", "").encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), "utf-32-be"),
        (("Self-check report 2024, version 1.0. " * 10 + "自查报告\n").encode("gbk"), "gb18030"),
    ],
    ids=[
        "gbk",
        "gb18030-rare",
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf16le-pure-hanzi",
        "utf16be-pure-hanzi",
        "utf32le-bom",
        "utf32be-bom",
        "gbk-mostly-ascii",
    ],
)
def test_clean_encodings_decode_exactly(data: bytes, encoding: str) -> None:
    text, found, notices = decode_text(data)
    expected = data.decode(found)
    assert found == encoding
    assert text == expected.removeprefix("\ufeff")
    assert "\ufeff" not in text
    assert notices == ()


def test_gb18030_rare_characters_survive() -> None:
    text, _, _ = decode_text((TEXT + RARE).encode("gb18030"))
    assert text.endswith(RARE)


@pytest.mark.parametrize("text", [TRADITIONAL, TRADITIONAL[:8], TRADITIONAL * 50])
def test_big5_traditional(text: str) -> None:
    decoded, encoding, notices = decode_text(text.encode("big5"))
    assert (decoded, encoding) == (text, "big5")
    assert all(re.search("[\u4e00-\u9fff]", n) for n in notices)


@pytest.mark.parametrize("text", [TEXT, TEXT[:8], TEXT * 50])
def test_gbk_is_not_mistaken_for_big5(text: str) -> None:
    assert decode_text(text.encode("gbk"))[:2] == (text, "gb18030")


def test_utf8_with_one_corrupted_byte_names_the_line() -> None:
    data = bytearray(TEXT.encode())
    data[data.index("担当".encode()) + 1] = 0xFF  # line 3
    text, encoding, notices = decode_text(bytes(data))
    assert encoding == "utf-8"
    assert 1 <= text.count("\ufffd") <= 3
    assert text.splitlines()[0] == "一、存在的问题"
    assert text.splitlines()[3:] == TEXT.splitlines()[3:]
    assert len(notices) == 1
    assert "第 3 行" in notices[0]


def test_truncated_utf8_keeps_everything_but_the_last_character() -> None:
    data = TEXT.rstrip("\n").encode()[:-1]
    text, encoding, notices = decode_text(data)
    assert encoding == "utf-8"
    assert text == TEXT.rstrip("\n")[:-1] + "\ufffd"
    assert "第 7 行" in notices[0]


def test_utf8_with_pasted_gbk_fragment() -> None:
    data = TEXT.encode() + "（此处粘贴自旧文件）".encode("gbk") + b"\n"
    text, encoding, notices = decode_text(data)
    assert encoding == "utf-8"
    assert text.startswith(TEXT)
    assert "第 8 行" in notices[0]


def test_many_bad_lines_are_capped_at_ten() -> None:
    lines = [f"第{i}行：理论学习不够深入系统，对照检查不够到位，工作标准不够高。" for i in range(1, 400)]
    data = bytearray("\n".join(lines).encode())
    starts = [m.start() for m in re.finditer(b"\n", data)][:15]
    for pos in starts:
        data[pos + 1] = 0xFF
    _, encoding, notices = decode_text(bytes(data))
    assert encoding == "utf-8"
    assert "第 2、3、4、5、6、7、8、9、10、11等 行" in notices[0]


@pytest.mark.parametrize("size", [3000, 500, 64])
def test_binary_junk_is_rejected(size: int) -> None:
    assert _rejected(random.Random(0).randbytes(size)) == "binary"


def test_nul_heavy_junk_is_rejected() -> None:
    rng = random.Random(0)
    data = bytes(b if rng.random() < 0.5 else 0 for b in rng.randbytes(2000))
    assert _rejected(data) == "binary"


def test_control_heavy_ascii_is_rejected() -> None:
    assert _rejected(b"\x01\x02\x03abc\x04\x05\x06def\x07\x08" * 50) == "binary"


@pytest.mark.parametrize(
    "data",
    [b"", b" ", b"\r\n\t \n", b"\xef\xbb\xbf", b"\xff\xfe \x00\n\x00", b"\x00" * 10, "\u3000".encode()],
    ids=["0b", "space", "ws", "bom-only", "utf16-ws", "nul", "ideographic-space"],
)
def test_empty(data: bytes) -> None:
    assert _rejected(data) == "empty"


def test_too_large() -> None:
    assert _rejected(b"a" * (MAX_TEXT_BYTES + 1)) == "too_large"


def test_docx_uploaded_as_txt() -> None:
    assert _rejected(_docx_bytes()) == "docx_as_txt"


def test_ole_uploaded_as_txt() -> None:
    assert _rejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)) == "legacy_doc"


def test_unknown_encoding() -> None:
    rng = random.Random(2)
    data = bytes(rng.randint(0x80, 0xFF) for _ in range(3000))  # high bytes only: no control characters
    assert _rejected(data) == "unknown_encoding"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_xml_illegal_controls_are_removed(encoding: str) -> None:
    dirty = TEXT[:20] + "\x00" + TEXT[20:40] + "\x0b" + TEXT[40:] + "\x1a"
    text, _, notices = decode_text(dirty.encode(encoding))
    assert text == TEXT
    assert any("3" in n and re.search("[\u4e00-\u9fff]", n) for n in notices)


def test_noncharacters_are_removed() -> None:
    data = b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\xff\xff"  # U+FFFF
    text, _, notices = decode_text(data)
    assert text == TEXT
    assert "1" in notices[-1]


def test_line_endings_and_whitespace_are_kept() -> None:
    raw = "  一、存在的问题\r\n\t（一）理论学习方面。\r\n\r\n"
    assert decode_text(raw.encode())[0] == raw
    assert decode_text(raw.encode("gbk"))[0] == raw
