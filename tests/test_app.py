"""The Streamlit app, driven headless with AppTest: upload, sample, paste, bad input keeps the last review."""

from __future__ import annotations

import pytest
from conftest import ROOT, SAMPLES, SEED
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_first_screen_invites_an_upload(app):
    assert app.title[0].value == "检视剖析材料评审工作台"
    assert "上传" in app.info[0].value


def test_uploading_the_seed_shows_counts_outline_and_findings(app):
    if not SEED.exists():
        pytest.skip("seed not beside this checkout")
    app.file_uploader(key="upload").set_value(("seed.txt", SEED.read_bytes(), "text/plain"))
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["问题"] == "7"
    assert metrics["原因"] == "3"
    assert metrics["措施"] == "2"
    assert metrics["维度覆盖"] == "4/4"
    findings = app.dataframe[0].value
    assert (findings["规则"] == "WB301").sum() == 4
    outline = next(d.value for d in app.dataframe if "标题句" in d.value.columns)
    assert list(outline["编号"][:3]) == ["P1", "P2", "P3"]
    links = next(d.value for d in app.dataframe if "相似度" in d.value.columns)
    assert ("P1", "C1") in set(zip(links["从"], links["到"], strict=True))


def test_picking_a_sample_reviews_it(app):
    sample = sorted(p.name for p in SAMPLES.glob("*.txt"))[0]
    app.selectbox(key="sample").set_value(sample)
    app.run()
    assert not app.exception
    assert app.text[0].value == sample
    assert int(app.metric[0].value) > 0


def test_pasted_text_is_reviewed(app):
    app.text_area(key="pasted").set_value("一、存在的问题\n1.理论学习不够深入。担任委员xx年。\n")
    app.button[0].click()
    app.run()
    assert not app.exception
    assert app.metric[0].value == "1"


def test_a_bad_file_is_refused_in_chinese_and_the_last_review_stays(app):
    app.text_area(key="pasted").set_value("一、存在的问题\n1.理论学习不够深入。\n2.创新不足。\n")
    app.button[0].click()
    app.run()
    app.file_uploader(key="upload").set_value(
        (
            "旧材料.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    )
    app.run()
    assert not app.exception
    assert "另存为" in app.error[0].value
    assert app.metric[0].value == "2"  # the pasted review is still on screen


def test_user_text_never_reaches_markdown(app):
    payload = "一、存在的问题\n1.![](http://127.0.0.1:9/x.png)<img src=x onerror=alert(1)>理论学习不够。\n"
    app.text_area(key="pasted").set_value(payload)
    app.button[0].click()
    app.run()
    assert not app.exception
    for el in app.markdown:
        assert "127.0.0.1:9" not in el.value
    html_blocks = [h.proto.body for h in app.get("html")]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in b for b in html_blocks)
    assert not any("<img" in b for b in html_blocks)
