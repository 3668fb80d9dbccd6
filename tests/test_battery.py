"""The bad-input battery (issue 8), generated here and run in the suite: every case in its own
memory-limited process, then the same files through ``python -m workbench review FILE --json``.

The cases and the runner live in workbench/battery.py (also used by scripts/battery.py, which prints
the table); nothing here is a committed file.
"""

from __future__ import annotations

import pickle
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from workbench import battery
from workbench.battery import Case, Result

CASES = battery.cases()
BY_NAME = {c.name: c for c in CASES}
# Through the CLI: every reject (each exits within ~0.2 s) and the accepts that cover each reader path;
# the 5 MB reports are left to scripts/battery.py (12 s each through the CLI).
CLI_ACCEPTS = (
    "utf8.txt",
    "gbk.txt",
    "big5.txt",
    "utf16le.txt",
    "utf8_bad_byte.txt",
    "<img src=x onerror=alert(1)>.docx",
    "![](http://127.0.0.1:9/x.png)报告.txt",
)
CLI_CASES = [c for c in CASES if c.expect.startswith("reject")] + [BY_NAME[n] for n in CLI_ACCEPTS]


@pytest.fixture(scope="module")
def runner() -> Iterator[battery.Runner]:
    with battery.Runner(workers=2) as r:
        yield r


@pytest.fixture(scope="module")
def results(runner: battery.Runner) -> dict[str, Result]:
    return {case.name: result for case, result in runner.run_all(CASES)}


def test_battery_covers_issue_8() -> None:
    names = set(BY_NAME)
    codes = {c.code for c in CASES}
    assert len(names) == len(CASES), "case names are unique"
    assert {"bomb_ratio", "too_many_entries", "too_big_unpacked", "doctype", "legacy_doc", "ole", "encrypted"} <= codes
    assert {"docm", "strict", "truncated", "corrupt", "bad_xml", "empty", "binary"} <= codes
    assert {"old_word.doc", "kingsoft.wps", "empty.txt", "whitespace.txt", "binary_junk.txt"} <= names
    assert {"large_5MB.txt", "large_5MB.docx", "<img src=x onerror=alert(1)>.docx"} <= names
    encodings = {c.encoding for c in CASES if c.expect == "accept"}
    assert {"utf-8", "utf-8-sig", "gb18030", "big5", "utf-16-le", "utf-16-be"} <= encodings
    bombs = [c for c in CASES if c.name.startswith("bomb_")]
    assert all(len(c.data) < 5 * 1024 * 1024 for c in bombs)
    assert 5_000_000 < len(BY_NAME["large_5MB.txt"].data) <= 5 * 1024 * 1024


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_case(case: Case, results: dict[str, Result], runner: battery.Runner) -> None:
    result = results[case.name]
    assert result.handled, f"{result.outcome}: {result.detail}"
    assert f"{result.outcome}:{result.code}".startswith(case.expect), result
    if result.outcome == "reject":
        assert battery.chinese(result.message), result.message
        assert battery.leaks(result.message) == [], result.message
        # a rejected bomb costs next to nothing beyond the process's baseline
        assert result.peak_mb < runner.baseline_mb + 100
    for notice in result.notices:
        assert battery.chinese(notice), notice
        assert battery.leaks(notice) == [], notice
    assert result.seconds < case.max_seconds
    assert result.peak_mb < battery.MEMORY_BOUND
    assert battery.problems(case, result) == []


def test_every_case_handled_none_crashed(results: dict[str, Result]) -> None:
    crashed = [r for r in results.values() if not r.handled]
    assert len(results) == len(CASES)
    assert crashed == []


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, battery.CliResult]:
    directory = tmp_path_factory.mktemp("cli")
    with ThreadPoolExecutor(2) as pool:
        return {r.name: r for r in pool.map(lambda c: battery.run_cli(c, directory), CLI_CASES)}


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.title for c in CLI_CASES])
def test_cli(case: Case, cli_results: dict[str, battery.CliResult]) -> None:
    r = cli_results[case.name]
    assert r.status == (2 if case.expect.startswith("reject") else 0), r.stderr
    assert "Traceback" not in r.stderr
    assert r.problems == ()
    assert r.seconds < 30


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        s.setblocking(False)
        yield s


def _connections(s: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = s.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def test_xxe_and_markup_make_no_request(runner: battery.Runner, listener: socket.socket, tmp_path: Path) -> None:
    port = listener.getsockname()[1]
    socket.create_connection(("127.0.0.1", port), timeout=5).close()  # the control: a connection is seen
    assert _connections(listener) == 1
    network = battery.network_cases(port)
    for case in network:  # each really points at the listener
        blob = b"".join(battery.members(case.data).values()) if case.name.endswith(".docx") else case.data
        assert f"127.0.0.1:{port}/".encode() in blob + case.name.encode()
    for case in network:
        result = runner.run(case)
        assert battery.problems(case, result) == []
        assert battery.run_cli(case, tmp_path).problems == ()
    assert _connections(listener) == 0


def test_problems_catches_misbehaviour() -> None:
    case = BY_NAME["encrypted.docx"]
    good = Result(case.name, "reject", "encrypted", "该文档设置了打开密码。", 0.01, 100.0)
    assert battery.problems(case, good) == []
    bad = {
        "crash": Result(case.name, "crash", "ValueError", "", 0.01, 100.0, detail="ValueError('x')"),
        "killed": Result(case.name, "killed", "", "", 3.0, 1500.0, detail="process died (signal SIGKILL)"),
        "code": Result(case.name, "reject", "ole", "这是旧版格式。", 0.01, 100.0),
        "accepted": Result(case.name, "accept", "docx", "已读取", 0.01, 100.0),
        "english": Result(case.name, "reject", "encrypted", "File is encrypted", 0.01, 100.0),
        "repr": Result(case.name, "reject", "encrypted", "无法读取 UploadedFile(file_id=1)", 0.01, 100.0),
        "path": Result(case.name, "reject", "encrypted", "无法读取 /work/main/x.py", 0.01, 100.0),
        "slow": Result(case.name, "reject", "encrypted", "该文档已加密。", 25.0, 100.0),
        "memory": Result(case.name, "reject", "encrypted", "该文档已加密。", 0.1, 1200.0),
    }
    for what, result in bad.items():
        assert battery.problems(case, result), what


@pytest.mark.parametrize(
    "message",
    [
        "ValueError: file 'UploadedFile(file_id=1, name='报告.docx')' is not a Word file",
        'Traceback (most recent call last):\n  File "/work/main/workbench/reading.py", line 3',
        "无法读取 <zipfile.ZipFile object at 0x7f3a2c>",
        "'utf-8' codec can't decode byte 0xd5 in position 3: invalid continuation byte",
        "读取失败：BadZipFile",
    ],
)
def test_leaks_are_recognised(message: str) -> None:
    assert battery.leaks(message)


def test_run_case_uses_a_fresh_process() -> None:
    try:
        result = battery.run_case(BY_NAME["utf8.txt"])
    finally:
        battery.shutdown()
    assert (result.outcome, result.code) == ("accept", "utf-8")


HARNESS = """
import os, pickle, signal, sys, time
from workbench import battery, reviewing

def hog(*a, **k):
    return bytearray(3 * 1024**3)  # beyond RLIMIT_AS

def hang(*a, **k):
    time.sleep(60)

def die(*a, **k):
    os.kill(os.getpid(), signal.SIGSEGV)

out = {}
for name, fn in (("hog", hog), ("hang", hang), ("die", die)):
    reviewing.review = fn
    out[name] = battery._fork_case(battery.Case("x.txt", b"x", "accept"), 1.5, battery.MEMORY_LIMIT)
sys.stdout.buffer.write(pickle.dumps(out))
"""


def test_harness_survives_what_a_bomb_could_do() -> None:
    """A case that exhausts memory, hangs or crashes the interpreter ends only its own process, and is
    reported as crashed (never as handled)."""
    proc = subprocess.run([sys.executable, "-c", HARNESS], capture_output=True, timeout=60, check=True)
    out: dict[str, Result] = pickle.loads(proc.stdout)
    assert (out["hog"].outcome, out["hog"].code) == ("crash", "MemoryError")
    assert out["hang"].outcome == "timeout"
    assert out["hang"].seconds < 5
    assert out["die"].outcome == "killed"
    assert "SIGSEGV" in out["die"].detail
    case = Case("x.txt", b"x", "accept")
    assert all(battery.problems(case, r) for r in out.values())
