"""Reading: every character of the normalised text maps back to its source (docx paragraph or txt line)."""

import io

import docx
import pytest
from conftest import SAMPLES

import workbench
from workbench.docx_reading import body_paragraphs, paragraph_text


def docx_samples():
    return sorted(SAMPLES.glob("*.docx"))


@pytest.mark.parametrize("path", docx_samples(), ids=lambda p: p.name)
def test_every_docx_character_maps_back_to_its_run_text(path):
    data = path.read_bytes()
    doc = workbench.read(data, path.name)
    sources = [paragraph_text(p) for p in body_paragraphs(docx.Document(io.BytesIO(data)))]
    for para in doc.paragraphs:
        src = sources[para.source]
        inserted = []
        for i, ch in enumerate(para.text):
            j = para.to_source(i)
            if j is None:
                inserted.append(ch)
            else:
                assert src[j] == ch, (para.text, i)
        assert "".join(inserted) in ("", para.numbering, " ")


def test_word_automatic_numbers_are_in_the_text():
    path = next(p for p in docx_samples() if "autonum" in p.name)
    r = workbench.review(path)
    numbered = [p for p in r.document.paragraphs if p.numbering]
    assert numbered, "the sample has automatic numbering"
    for p in numbered:
        assert p.text.startswith(p.numbering)
    assert all(i.number for i in r.problems)


def test_txt_characters_map_back_to_the_decoded_file():
    raw = "一、存在的问题\r\n\u3000\u30001.本人 2025 年只读了 3 本书。\r\n  二、原因\r\n"
    doc = workbench.read(raw.encode("gb18030"), "a.txt")
    assert doc.encoding == "gb18030"
    assert doc.text == "一、存在的问题\n1.本人2025年只读了3本书。\n二、原因"
    for para in doc.paragraphs:
        for i, ch in enumerate(para.text):
            j = para.to_source(i)
            assert j is not None
            assert raw[j] == ch
    assert [p.source for p in doc.paragraphs] == [0, 1, 2]


def test_latin_words_keep_their_space():
    doc = workbench.read("用 Excel 表格 和 Word 文档统计。")
    assert doc.text == "用 Excel 表格和 Word 文档统计。"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.doc", b"anything", "legacy_doc"),
        ("a.wps", b"anything", "ole"),
        ("a.pdf", b"%PDF-1.4", "pdf"),
        ("a.txt", b"   \n\t\r\n", "empty"),
        ("a.docx", b"", "empty"),
    ],
)
def test_unreadable_input_is_refused_with_a_code(name, data, code):
    with pytest.raises(workbench.InputRejected) as e:
        workbench.read(data, name)
    assert e.value.code == code
