"""The real upload → review → correct flow in headless Chromium (Debian's /usr/bin/chromium, driven
by Playwright; the test starts the app and the browser itself). No request may leave the machine.

Screenshots and the measured timings go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT, SAMPLES, SEED

from benchmarks.load import CHROMIUM_ARGS, started_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (scripts/test installs it)"
    ),
]
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


@contextlib.contextmanager
def serve(folder: Path, db: Path):
    """Start the app on a free loopback port with its own store; yield (url, seconds to healthy)."""
    started = time.monotonic()
    with started_app(folder, db) as (url, _):
        yield url, time.monotonic() - started


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("st")
    with serve(folder, folder / "workbench.sqlite3") as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            viewport={"width": 1500, "height": 1100},
            locale="zh-CN",
        )

        def guard(route):
            host = urlparse(route.request.url).hostname or ""
            if route.request.url.startswith(("http://", "https://", "ws://", "wss://")) and host not in LOCAL:
                outside.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        ctx.route("**/*", guard)
        yield ctx, outside
        ctx.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _metric(page, label: str, expected: str) -> None:
    """Wait until the metric shows ``expected`` (Streamlit keeps stale elements while it reruns)."""
    from playwright.sync_api import expect

    box = page.locator('[data-testid="stMetric"]', has_text=label).first
    expect(box.locator('[data-testid="stMetricValue"]')).to_have_text(expected, timeout=30_000)


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit select or multiselect labelled ``label``."""
    _idle(page)
    box = page.get_by_role("combobox", name=label, exact=True).first
    box.click()
    if not page.get_by_role("option").count():
        box.press("ArrowDown")  # react-aria opens the list from the keyboard as well
    try:
        page.get_by_role("option", name=option).first.click(timeout=10_000)
    except Exception:
        print(
            "options:",
            page.get_by_role("option").all_inner_texts(),
            "comboboxes:",
            [c.get_attribute("aria-label") for c in page.get_by_role("combobox").all()],
        )
        raise
    page.keyboard.press("Escape")


def _idle(page) -> None:
    """Wait until the app has finished its rerun (Streamlit shows a status widget while running)."""
    page.wait_for_timeout(200)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _upload(page, path: Path, problems: str) -> float:
    """Upload one file; seconds until its findings are on screen (its problem count shown)."""
    _idle(page)  # a file given while the app reruns can be dropped by the uploader
    t = time.monotonic()
    uploader = page.locator('[data-testid="stSidebar"] input[type="file"]').first
    uploader.set_input_files(str(path))
    shown = page.get_by_text(f"当前材料：{path.name}")
    try:
        shown.wait_for(timeout=30_000)
    except Exception:  # the upload raced a rerun on a busy machine: give the file again, once
        _idle(page)
        uploader.set_input_files(str(path))
        shown.wait_for(timeout=60_000)
    _metric(page, "问题", problems)
    # the findings table, or "未发现问题" for a clean report
    page.locator('[data-testid="stDataFrame"], [data-testid="stAlert"]').first.wait_for(timeout=30_000)
    return time.monotonic() - t


def test_upload_review_correct_a_link_and_nothing_leaves_the_machine(server, browser):
    if not SEED.exists():
        pytest.skip("seed not beside this checkout")
    url, cold_start = server
    ctx, outside = browser
    page = ctx.new_page()
    t = time.monotonic()
    page.goto(url)
    page.get_by_text("评审人").first.wait_for(timeout=60_000)
    first_render = time.monotonic() - t
    # the uploader's own English words are written over in Chinese by the app's stylesheet
    words = page.evaluate(
        """() => [
          '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p',
          '[data-testid="stFileUploaderDropzoneInstructions"] span',
        ].map(q => { const e = document.querySelector(q);
                     return [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]; })"""
    )
    assert words == [["0px", '"选择文件"'], ["0px", '"或拖入文件，单个不超过 20MB"']], words

    # the seed: counts, findings, the document with highlights
    cold = _upload(page, SEED, "7")
    _metric(page, "问题", "7")
    _metric(page, "维度覆盖", "4/4")
    page.get_by_text("WB201").first.wait_for(state="attached", timeout=30_000)  # glide grid: an a11y table
    frame = page.frame_locator("iframe").first
    frame.get_by_text("协助配合力度不够").first.wait_for(timeout=30_000)
    _shot(page, "1-review-seed")

    # a .docx sample with Word's automatic numbering
    docx = SAMPLES / "s02_six_disciplines_autonum.docx"
    warm = _upload(page, docx, "6")
    _metric(page, "问题", "6")
    _shot(page, "2-review-docx")

    # back to the seed, and correct a link on the mapping page: problem 7 is answered by remedy 2
    _choose(page, "当前材料", "seed.txt")
    page.get_by_text("当前材料：seed.txt").wait_for(timeout=30_000)
    page.get_by_role("link", name="对应关系").click()
    page.locator(".js-plotly-plot .sankey").first.wait_for(timeout=60_000)
    gaps = page.locator('[data-testid="stSubheader"], h3', has_text="缺项提示").first
    before = gaps.inner_text()
    _shot(page, "3-mapping-before")
    _choose(page, "问题", "P7 协助配合力度不够，落实“一岗双责”还有差距")
    _choose(page, "对应的措施", "R2 在党史学习中继承和发扬党的优良传统，牢记初")
    page.get_by_role("button", name="保存这个问题的对应关系").click()
    page.get_by_text("评审人已改正：新增 1 条").wait_for(timeout=30_000)
    after = page.locator('[data-testid="stSubheader"], h3', has_text="缺项提示").first.inner_text()
    assert before != after, "the gap findings follow the correction"
    _shot(page, "4-mapping-after")

    # the annotated .docx and the ledger, downloaded without rerunning the app
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="下载批注版 .docx").click()
    annotated = ARTIFACTS / info.value.suggested_filename
    info.value.save_as(annotated)
    import docx

    comments = list(docx.Document(str(annotated)).comments)
    assert annotated.name == "seed_批注版.docx"
    assert len(comments) >= 15
    assert not any("问题7" in c.text and "整改措施中找不到" in c.text for c in comments), "the correction holds"
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="下载整改台账 .xlsx").click()
    ledger = ARTIFACTS / info.value.suggested_filename
    info.value.save_as(ledger)
    assert ledger.read_bytes()[:2] == b"PK"

    # presentation mode
    page.get_by_role("link", name="讨论").click()
    page.get_by_text("问题 1/7").wait_for(timeout=30_000)
    page.get_by_role("button", name="下一个 ▶").click()
    page.get_by_text("问题 2/7").wait_for(timeout=30_000)
    _shot(page, "5-present")

    timings = {
        "server_healthy_s": round(cold_start, 2),
        "first_page_render_s": round(first_render, 2),
        "upload_to_findings_cold_s": round(cold, 2),
        "upload_to_findings_warm_docx_s": round(warm, 2),
    }
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    print("\n" + json.dumps(timings))
    assert outside == [], f"requests left the machine: {outside}"


def test_branch_view_multi_file_upload_and_chart_filter(server, browser):
    url, _ = server
    ctx, outside = browser
    page = ctx.new_page()
    page.goto(url)
    page.get_by_text("评审人").first.wait_for(timeout=60_000)
    page.get_by_role("link", name="支部总览").click()
    page.get_by_text("上传全支部成员的材料").wait_for(timeout=30_000)
    files = sorted(SAMPLES.glob("s*.*"))
    t = time.monotonic()
    page.locator('section[data-testid="stMain"] input[type="file"], main input[type="file"]').first.set_input_files(
        [str(p) for p in files]
    )
    page.get_by_role("button", name="分析上传的材料").click()
    _metric(page, "材料", str(len(files)))
    page.locator(".js-plotly-plot .barlayer path:visible").first.wait_for(timeout=60_000)  # a 0-count segment is hidden
    elapsed = time.monotonic() - t
    _shot(page, "6-branch")
    _idle(page)
    page.locator(".js-plotly-plot .barlayer path:visible").first.click(
        force=True
    )  # plotly takes clicks on its drag layer
    page.get_by_text("已按图表中的选择筛选").wait_for(timeout=30_000)
    _shot(page, "7-branch-filtered")
    timings = json.loads((ARTIFACTS / "timings.json").read_text()) if (ARTIFACTS / "timings.json").exists() else {}
    timings[f"branch_{len(files)}_files_upload_to_charts_s"] = round(elapsed, 2)
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    assert outside == [], f"requests left the machine: {outside}"


def test_sign_in_comment_restart_and_the_comment_is_still_there(browser, tmp_path):
    ctx, outside = browser
    db = tmp_path / "workbench.sqlite3"
    sample = SAMPLES / "s13_broken_numbering_grid.txt"
    with serve(tmp_path, db) as (url, _):
        page = ctx.new_page()
        page.goto(url)
        page.get_by_text("评审人").first.wait_for(timeout=60_000)
        page.get_by_role("textbox", name="评审人（登录名）").fill("张组长")
        page.keyboard.press("Enter")
        _idle(page)
        _upload(page, sample, "6")
        _choose(page, "处理检查意见", "1.")
        talk = page.get_by_placeholder("组内讨论，所有评审人可见")
        talk.fill("请补充具体事例")
        talk.press("Enter")
        _idle(page)
        page.get_by_role("button", name="发表").click()
        page.get_by_text("张组长（").first.wait_for(timeout=30_000)
        _shot(page, "8-comment")
        page.close()
    with serve(tmp_path, db) as (url, _):  # the app restarted on the same store
        page = ctx.new_page()
        page.goto(url)
        page.get_by_text("评审人").first.wait_for(timeout=60_000)
        _choose(page, "或打开已保存的材料", sample.name)
        page.get_by_text(f"当前材料：{sample.name}").wait_for(timeout=60_000)
        _choose(page, "处理检查意见", "1.")
        page.get_by_text("请补充具体事例").first.wait_for(timeout=30_000)
        assert page.get_by_text("张组长（").count() >= 1
        _shot(page, "9-after-restart")
        page.close()
    assert outside == [], f"requests left the machine: {outside}"


def test_hostile_files_in_the_browser_get_chinese_messages_and_the_last_review_stays(server, browser, tmp_path):
    from workbench.battery import cases

    url, _ = server
    ctx, outside = browser
    wanted = {"zip bomb: 25 MB of paragraphs", "billion laughs", "old .doc (OLE, WordDocument)", "encrypted.docx",
              "binary junk named .txt", "empty.txt", "truncated: half"}  # fmt: skip
    picked = [c for c in cases() if (c.label or c.name) in wanted]
    assert len(picked) == len(wanted)
    page = ctx.new_page()
    page.goto(url)
    page.get_by_text("评审人").first.wait_for(timeout=60_000)
    good = SAMPLES / "s12_clean_targets_street.txt"
    _upload(page, good, "6")
    for case in picked:
        name = case.name if case.name.endswith((".docx", ".txt", ".doc")) else case.name + ".docx"
        path = tmp_path / name.replace("/", "_")
        path.write_bytes(case.data)
        page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(str(path))
        alert = page.locator('[data-testid="stAlert"]', has_text="未能读取").last
        alert.wait_for(timeout=60_000)
        message = alert.inner_text()
        assert "错误码" in message, message
        assert "Traceback" not in message
        assert "Error" not in message
        page.get_by_text(f"当前材料：{good.name}").wait_for(timeout=30_000)  # the last good review stays
    _shot(page, "10-hostile-files")
    assert outside == [], f"requests left the machine: {outside}"
