"""The Streamlit app, driven headless with AppTest: every page and the main interactions."""

from __future__ import annotations

import pytest
from conftest import ROOT, SAMPLES, SEED
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SMALL = (
    "一、存在的问题\n1.理论学习不够深入，全年只读了2本书。\n2.服务群众不够主动。\n二、原因剖析\n1.学习的自觉性不强。\n"
)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def paste(at: AppTest, text: str) -> None:
    at.text_area(key="pasted").set_value(text)
    at.button[0].click()
    at.run()
    assert not at.exception


def upload_seed(at: AppTest) -> None:
    if not SEED.exists():
        pytest.skip("seed not beside this checkout")
    at.file_uploader(key="upload").set_value([("seed.txt", SEED.read_bytes(), "text/plain")])
    at.run()
    assert not at.exception


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_first_screen_invites_an_upload(app):
    assert "上传" in app.info[0].value
    assert app.text_input(key="reviewer").placeholder == "评审组"


def test_uploading_the_seed_shows_counts_outline_and_findings(app):
    upload_seed(app)
    m = metrics(app)
    assert (m["问题"], m["原因"], m["措施"], m["维度覆盖"]) == ("7", "3", "2", "4/4")
    findings = frame_with(app, "说明")
    assert (findings["规则"] == "WB301").sum() == 4
    assert findings["级别"].iloc[0] == "错误"  # grouped by severity, worst first
    outline = frame_with(app, "标题句")
    assert list(outline["编号"][:3]) == ["P1", "P2", "P3"]
    assert app.get("iframe"), "the document is shown beside the findings"


def test_several_files_at_once_and_switching_between_them(app):
    files = [
        (p.name, p.read_bytes(), DOCX if p.suffix == ".docx" else "text/plain")
        for p in sorted(SAMPLES.glob("s0[1-3]*"))
    ]
    app.file_uploader(key="upload").set_value(files)
    app.run()
    assert not app.exception
    chooser = next(s for s in app.selectbox if s.label == "当前材料")
    assert len(chooser.options) == 3
    chooser.select_index(0)
    app.run()
    assert app.text[0].value == f"当前材料：{files[0][0]}"


def test_picking_a_sample_reviews_it(app):
    sample = sorted(p.name for p in SAMPLES.glob("*.txt"))[0]
    app.selectbox(key="sample").set_value(sample)
    app.run()
    assert not app.exception
    assert app.text[0].value == f"当前材料：{sample}"
    assert int(metrics(app)["问题"]) > 0


def test_a_bad_file_is_refused_in_chinese_and_the_last_review_stays(app):
    paste(app, SMALL)
    bad = ("旧材料.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, DOCX)
    app.file_uploader(key="upload").set_value([bad])
    app.run()
    assert not app.exception
    assert "另存为" in app.error[0].value
    assert metrics(app)["问题"] == "2"  # the pasted review is still on screen


def test_triage_accept_dismiss_and_comment(app):
    paste(app, SMALL + "担任委员xx年。\n")
    pick = app.selectbox(key=next(s.key for s in app.selectbox if s.label == "处理检查意见"))
    pick.set_value(1)
    app.run()
    app.text_area(key=next(t.key for t in app.text_area if t.key.startswith("comment-"))).set_value("请补上年限")
    next(b for b in app.button if b.label == "采纳").click()
    app.run()
    assert any("待定" in c.value for c in app.caption)
    assert "采纳 1" in next(c.value for c in app.caption if "采纳" in c.value)
    findings = frame_with(app, "说明")
    assert "请补上年限" in set(findings["批注"])
    # dismissing needs a reason
    pick = app.selectbox(key=next(s.key for s in app.selectbox if s.label == "处理检查意见"))
    pick.set_value(2)
    app.run()
    next(b for b in app.button if b.label == "忽略").click()
    app.run()
    assert "理由" in app.warning[0].value
    app.text_input(key=next(t.key for t in app.text_input if t.key.startswith("reason-"))).set_value("已口头说明")
    next(b for b in app.button if b.label == "忽略").click()
    app.run()
    assert "忽略 1" in next(c.value for c in app.caption if "忽略" in c.value)


def test_reviewer_name_is_recorded_on_decisions(app):
    app.text_input(key="reviewer").set_value("张组长")
    paste(app, SMALL)
    app.selectbox(key=next(s.key for s in app.selectbox if s.label == "处理检查意见")).set_value(1)
    app.run()
    next(b for b in app.button if b.label == "采纳").click()
    app.run()
    assert any("张组长" in c.value for c in app.caption)


def test_mapping_page_sankey_and_correction_recomputes_gaps(app):
    upload_seed(app)
    app.switch_page("app_pages/mapping.py").run()
    assert not app.exception
    spec = app.get("plotly_chart")[0].proto.spec
    assert '"sankey"' in spec
    gaps = frame_with(app, "说明")
    assert any("问题7" in m and "整改措施" in m for m in gaps["说明"])
    # the reviewer says problem 7 is answered by remedy 2
    app.selectbox(key="relink-problem").set_value("P7")
    app.run()
    app.multiselect(key="relink-remedies-P7").set_value(["R2"])
    next(b for b in app.button if b.label == "保存这个问题的对应关系").click()
    app.run()
    assert not app.exception
    gaps = frame_with(app, "说明")
    assert not any("问题7" in m and "整改措施" in m for m in gaps["说明"])
    assert any("新增 1 条" in c.value for c in app.caption)
    # the correction holds on the review page too
    app.switch_page("app_pages/review.py").run()
    findings = frame_with(app, "说明")
    assert not any(
        m.startswith("问题7") and r == "WB201" for m, r in zip(findings["说明"], findings["规则"], strict=True)
    )


def test_presentation_mode_next_and_previous(app):
    upload_seed(app)
    app.switch_page("app_pages/present.py").run()
    assert not app.exception
    assert "问题 1/7" in app.text[0].value
    body = app.get("html")[0].proto.body
    assert "理论学习还不够主动" in body
    next(b for b in app.button if b.key == "next").click()
    app.run()
    assert "问题 2/7" in app.text[0].value
    next(b for b in app.button if b.key == "prev").click()
    app.run()
    assert "问题 1/7" in app.text[0].value


def test_rules_page_lists_every_rule(app):
    import workbench

    app.switch_page("app_pages/rules.py").run()
    assert not app.exception
    table = frame_with(app, "编号")
    assert list(table["编号"]) == [r.id for r in workbench.RULES]
    assert len(app.expander) >= len(workbench.RULES)


def test_switching_a_rule_off_re_reviews(app):
    paste(app, SMALL + "担任委员xx年。\n")
    assert (frame_with(app, "说明")["规则"] == "WB301").any()
    app.multiselect(key="rules_off").set_value(["WB301 残留占位符"])
    app.run()
    assert not app.exception
    assert not (frame_with(app, "说明")["规则"] == "WB301").any()


def test_user_text_never_reaches_markdown(app):
    paste(app, "一、存在的问题\n1.![](http://127.0.0.1:9/x.png)<img src=x onerror=alert(1)>理论学习不够。\n")
    for el in app.markdown:
        assert "127.0.0.1:9" not in el.value
    page = app.get("iframe")[0].proto
    assert "&lt;img src=x onerror=alert(1)&gt;" in str(page)
    assert "<img src=x" not in str(page)


def test_branch_page_reviews_many_files_and_shows_shared_problems(app):
    app.switch_page("app_pages/branch.py").run()
    assert not app.exception
    assert "上传全支部" in app.info[0].value
    files = [
        (p.name, p.read_bytes(), DOCX if p.suffix == ".docx" else "text/plain") for p in sorted(SAMPLES.glob("s*"))
    ]
    app.file_uploader(key="branch_upload").set_value(files)
    app.run()
    next(b for b in app.button if b.key == "branch_go").click()
    app.run()
    assert not app.exception
    assert metrics(app)["材料"] == str(len(files))
    table = frame_with(app, "框架")
    assert len(table) == len(files)
    assert app.get("plotly_chart"), "the charts are drawn"
    assert frame_with(app, "共性问题") is not None


def test_branch_page_from_the_reports_already_loaded(app):
    paste(app, SMALL)
    app.selectbox(key="sample").set_value(sorted(p.name for p in SAMPLES.glob("*.txt"))[0])
    app.run()
    app.switch_page("app_pages/branch.py").run()
    next(b for b in app.button if b.key == "branch_loaded").click()
    app.run()
    assert not app.exception
    assert metrics(app)["材料"] == "2"


def test_decisions_and_comments_survive_a_restart_and_show_who_made_them():
    first = AppTest.from_file(APP, default_timeout=60).run()
    first.text_input(key="reviewer").set_value("张组长")
    paste(first, SMALL + "担任委员xx年。\n")
    first.selectbox(key=next(s.key for s in first.selectbox if s.label == "处理检查意见")).set_value(1)
    first.run()
    next(b for b in first.button if b.label == "采纳").click()
    first.run()
    first.text_input(key=next(t.key for t in first.text_input if t.key.startswith("talk-"))).set_value("这条要改")
    next(b for b in first.button if b.label == "发表").click()
    first.run()
    assert not first.exception
    # a new session of a restarted app: the same store on disk
    second = AppTest.from_file(APP, default_timeout=60).run()
    second.text_input(key="reviewer").set_value("李委员")
    saved = second.selectbox(key="saved")
    assert any("粘贴文本" in o for o in saved.options)
    saved.set_value(next(o for o in saved.options if "粘贴文本" in o))
    second.run()
    assert not second.exception
    assert any("采纳 1" in c.value for c in second.caption)
    second.selectbox(key=next(s.key for s in second.selectbox if s.label == "处理检查意见")).set_value(1)
    second.run()
    assert any("张组长" in t.value and "这条要改" in t.value for t in second.text)
    assert any("张组长" in c.value for c in second.caption)


def test_report_status_and_delete_for_good():
    at = AppTest.from_file(APP, default_timeout=60).run()
    paste(at, SMALL)
    status = next(s for s in at.selectbox if s.label == "材料状态")
    status.set_value("退回修改")
    at.run()
    assert any("当前状态：退回修改" in c.value for c in at.caption)
    at.checkbox(key="delete_sure").check()
    at.run()
    at.button(key="delete_go").click()
    at.run()
    assert not at.exception
    assert "上传" in at.info[0].value
    from workbench.store import Store

    assert Store().reports() == []


def test_a_password_protected_server_shows_nothing_without_the_password(monkeypatch):
    monkeypatch.setenv("WORKBENCH_PASSWORD", "正确的密码")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert not at.file_uploader, "nothing but the password box before sign-in"
    assert not at.text_area
    at.text_input(key="access_input").set_value("猜的密码")
    at.button[0].click()
    at.run()
    assert "密码不正确" in at.error[0].value
    assert not at.file_uploader
    at.text_input(key="access_input").set_value("正确的密码")
    at.button[0].click()
    at.run()
    assert at.file_uploader, "the workbench opens with the right password"


def test_access_rules():
    from app_access import decide

    assert decide("127.0.0.1", "", None) == "open"
    assert decide("0.0.0.0", "", None) == "refuse"
    assert decide("192.168.1.5", "pw", None) == "ask"
    assert decide("192.168.1.5", "pw", "no") == "wrong"
    assert decide("192.168.1.5", "pw", "pw") == "open"


def test_a_second_draft_is_compared_with_the_first(app):
    s11 = (SAMPLES / "s11_yishi_items_township.txt").read_bytes()
    v2 = s11.decode().replace("变本加利", "变本加厉").encode()  # one typo corrected
    first = ("李明_第一稿.txt", s11, "text/plain")
    app.file_uploader(key="upload").set_value([first])
    app.run()
    assert not [e for e in app.expander if "上一稿" in e.label]
    app.file_uploader(key="upload").set_value([first, ("李明_第二稿.txt", v2, "text/plain")])
    app.run()
    assert not app.exception
    (label,) = [e.label for e in app.expander if "上一稿" in e.label]
    assert label.startswith("与上一稿（李明_第一稿.txt，")
    assert "已改 1 · 新增 0" in label
    app.run()  # a rerun shows the same comparison
    assert [e.label for e in app.expander if "上一稿" in e.label] == [label]
