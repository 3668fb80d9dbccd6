"""Decode an uploaded .txt into text, with the order measured in RELIABILITY.md §3.2.

BOM → NUL-heavy UTF-16 → strict UTF-8 → UTF-16 without BOM → strict GB18030 (Big5 arbitrated by
charset-normalizer) → UTF-8 with replacement → charset-normalizer → reject. Characters that cannot
be written to a .docx (NUL, VT, SUB, lone surrogates…) are removed with a notice. Line endings and
whitespace are left untouched.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from workbench.errors import InputRejected

MAX_TEXT_BYTES = 5 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BLANK = re.compile(rb"[\x00\t\n\v\f\r ]*")
# Control bytes that never occur in UTF-8 / GB18030 / Big5 text (tab, LF, FF, CR, ESC allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# Characters python-docx / XML 1.0 cannot store: C0 controls except \t \n \r, lone surrogates, U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a Chinese report plausibly contains; used to recognise UTF-16 without a BOM.
_IMPLAUSIBLE = re.compile(
    "[^\t\n\r\x20-\x7e\u00a7\u00b0\u00b7\u00d7\u00f7\u2000-\u206f\u2150-\u218f\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff"
    "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
_RESAVE_UTF8 = "请在记事本/WPS 中“另存为”UTF-8 编码后重新上传。"

MESSAGES: dict[str, str] = {
    "empty": "上传的文本文件是空的（没有任何文字）。请确认选择了正确的文件后重新上传。",
    "too_large": f"文本文件超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB 上限。请拆分后重新上传。",
    "docx_as_txt": "这是 Word 文档（.docx），不是纯文本文件（可能扩展名被改成了 .txt）。请按 .docx 上传。",
    "legacy_doc": "这是旧版 Word/WPS 文档（.doc/.wps），不是纯文本文件。请在 Word/WPS 中另存为 .docx 后上传。",
    "binary": "这不是文本文件（含有大量二进制数据或控制字符）。请上传 .docx 文档或 UTF-8 编码的 .txt 文件。",
    "unknown_encoding": "无法识别该文本文件的编码。" + _RESAVE_UTF8,
}


def _reject(code: str) -> InputRejected:
    return InputRejected(code, MESSAGES[code])


def _norm(name: str) -> str:
    return codecs.lookup(name).name


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _plausible(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return 1.0 - len(_IMPLAUSIBLE.findall(sample)) / len(sample)


def _utf16_guess(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: the byte order whose strict decode looks like Chinese text, if any."""
    if len(data) % 2:
        return None
    scored = []
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is not None and re.search("[\u3400-\u9fff]", text):
            scored.append((_plausible(text), encoding, text))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.9 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][2], scored[0][1]
    return None


def _utf16_nul_heavy(data: bytes) -> tuple[str, str] | None:
    best = from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if best is not None:
        text = str(best)
        if _plausible(text) >= 0.8:
            return text, _norm(best.encoding)
    return _utf16_guess(data)


def _bad_lines(data: bytes, limit: int = 10) -> list[int]:
    lines: list[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if _strict(line, "utf-8") is None:
            lines.append(number)
            if len(lines) >= limit:
                break
    return lines


def _utf8_replace(data: bytes) -> tuple[str, int, int]:
    """UTF-8 with U+FFFD for bad bytes: (text, bad characters, well-formed non-ASCII characters)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text, bad, non_ascii


def _replace_notice(data: bytes, bad: int) -> str:
    lines = _bad_lines(data, limit=11)
    shown = "、".join(str(n) for n in lines[:10]) + ("等" if len(lines) > 10 else "")
    return (
        f"文件不是完全有效的 UTF-8 编码：有 {bad} 个无法识别的字符已显示为“�”"
        f"（第 {shown} 行）。请核对这些位置，必要时修正原文件后重新上传。"
    )


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data if encoding == "utf-8-sig" else data[len(bom) :]
            text = _strict(body, encoding)
            if text is not None:
                return text, encoding, []
            if encoding.startswith("utf-32"):
                continue  # FF FE 00 00 may also be a UTF-16 LE BOM followed by NUL
            text = body.decode(encoding, errors="replace")
            return text, encoding, ["文件编码有损坏，部分字符已显示为“�”，请核对。"]

    if data.count(0) > len(data) // 10:
        found = _utf16_nul_heavy(data)
        if found is None:
            raise _reject("binary")
        return found[0], found[1], []

    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    too_many_controls = controls > max(2, len(data) // 20)
    text = _strict(data, "utf-8")
    if text is not None:
        if too_many_controls:
            raise _reject("binary")
        return text, "utf-8", []
    found = _utf16_guess(data)
    if found is not None:
        return found[0], found[1], []
    if too_many_controls:
        raise _reject("binary")

    replaced, bad, non_ascii = _utf8_replace(data)
    tolerable = bad <= max(20, len(replaced) // 100)
    # Damaged UTF-8 Chinese may still decode "strictly" as GB18030 mojibake; prefer UTF-8 when
    # well-formed multibyte characters clearly outnumber the bad spots.
    if tolerable and non_ascii >= 4 * bad:
        return replaced, "utf-8", [_replace_notice(data, bad)]

    text = _strict(data, "gb18030")
    if text is not None:
        if _strict(data, "big5") is None:
            return text, "gb18030", []
        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is None or _norm(best.encoding) != "big5":
            return text, "gb18030", []
        return data.decode("big5"), "big5", ["已按繁体中文 Big5 编码读取；如出现乱码，" + _RESAVE_UTF8]

    if tolerable:
        return replaced, "utf-8", [_replace_notice(data, bad)]

    # a GBK/GB18030 or Big5 file with a damaged byte or cut short: keep it, mark the damage
    for encoding in ("gb18030", "big5"):
        text = data.decode(encoding, errors="replace")
        damaged = text.count("\ufffd")
        if damaged <= max(20, len(text) // 100) and _plausible(text) >= 0.9:
            lines = [n for n, line in enumerate(text.splitlines(), 1) if "\ufffd" in line][:10]
            where = "、".join(f"第 {n} 行" for n in lines)
            notice = f"文件（{encoding.upper()} 编码）有 {damaged} 处损坏，已显示为“�”（{where}），请核对原文。"
            return text, encoding, [notice]

    best = from_bytes(data).best()
    if best is not None and _plausible(str(best)) >= 0.8:
        encoding = _norm(best.encoding)
        return (
            str(best),
            encoding,
            [f"文件编码不常见，已按 {encoding} 推测读取，请核对内容是否正确；如有乱码，" + _RESAVE_UTF8],
        )
    raise _reject("unknown_encoding")


def decode_text(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode uploaded text bytes. Returns ``(text, encoding, notices)``; raises :class:`InputRejected`."""
    if not data or _BLANK.fullmatch(data):
        raise _reject("empty")
    if len(data) > MAX_TEXT_BYTES:
        raise _reject("too_large")
    if data.startswith(b"PK\x03\x04"):
        raise _reject("docx_as_txt")
    if data.startswith(OLE_MAGIC):
        raise _reject("legacy_doc")

    text, encoding, notices = _decode(data)
    text, removed = _ILLEGAL.subn("", text)
    if removed:
        notices.append(f"已删除 {removed} 个无法写入 Word 文档的控制字符（如 NUL、垂直制表符、SUB）。")
    if not text.strip():
        raise _reject("empty")
    return text, encoding, tuple(notices)
