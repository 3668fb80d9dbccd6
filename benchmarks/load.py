"""A bounded, loopback-only load test: several headless Chromium sessions uploading at once.

    .venv/bin/python benchmarks/load.py                       # starts the app itself, 4 sessions × 3 rounds
    .venv/bin/python benchmarks/load.py --sessions 8 --rounds 5
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8501 [--password …]

Without ``--url`` the app is started on a free port of 127.0.0.1 with a throw-away SQLite store
(``WORKBENCH_DB`` in a temporary folder) and stopped afterwards. With ``--url`` the running app is
used: the uploaded samples are then saved in *its* store. Any URL whose host is not 127.0.0.1 or
localhost is refused, and every browser request to another host is blocked and counted.

Each session is its own browser context (its own Streamlit session) in one Debian Chromium
(/usr/bin/chromium; never ``playwright install``). A session opens the page, then per round uploads
a different file from sample_reports/ through the sidebar uploader and waits until
``当前材料：<file name>`` is visible. All sessions run their rounds at the same time. Reported:
latency percentiles of page loads and uploads (upload → review on screen), ``/_stcore/health``
latency measured meanwhile (is the server still serving others?), errors, blocked outside
requests, and the server's peak resident memory when this script started it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost"}
MAX_SESSIONS = 16
MAX_ROUNDS = 20


def loopback_url(url: str) -> str:
    """``url`` without a trailing slash, or SystemExit unless it is http(s)://127.0.0.1|localhost[:port]."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or parsed.hostname not in LOOPBACK:
        raise SystemExit(f"拒绝：只允许本机地址（127.0.0.1 / localhost），而不是 {url!r}")
    return url.rstrip("/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> float | None:
    """Seconds ``/_stcore/health`` took, or None if it did not answer 200."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:
            return time.perf_counter() - start if r.status == 200 else None
    except OSError:
        return None


@contextlib.contextmanager
def started_app(folder: Path, db: Path | None = None) -> Iterator[tuple[str, int]]:
    """The app on a free loopback port with its own store (``db``, a throw-away one in ``folder`` by
    default); yields (url, server pid). RuntimeError if it exits or is not healthy within 90 s."""
    port = free_port()
    log = (folder / f"streamlit-{port}.log").open("w+")
    env = {**os.environ, "WORKBENCH_DB": str(db or folder / "load.sqlite3")}
    env.pop("WORKBENCH_PASSWORD", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while healthy(url, 1.0) is None:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError("streamlit exited:\n" + log.read())
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not become healthy within 90 s")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of the process (its peak resident set so far), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Stats:
    page_loads: list[float] = field(default_factory=list)
    uploads: list[float] = field(default_factory=list)
    health: list[float] = field(default_factory=list)
    health_failures: int = 0
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summary(values: list[float], ms: bool = False) -> str:
    if not values:
        return "–"
    scale, unit, digits = (1000, "ms", 1) if ms else (1, "s", 2)
    p50, p90, top = (scale * v for v in (percentile(values, 50), percentile(values, 90), max(values)))
    return f"n={len(values)}  p50 {p50:.{digits}f} {unit}  p90 {p90:.{digits}f} {unit}  max {top:.{digits}f} {unit}"


async def session(browser, url: str, index: int, files: list[Path], password: str | None, stats: Stats,
                  start: asyncio.Event, timeout_ms: int) -> None:  # fmt: skip
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})

    async def guard(route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("http://", "https://", "ws://", "wss://")) and host not in LOOPBACK:
            stats.outside.append(route.request.url)
            await route.abort()
        else:
            await route.continue_()

    await context.route("**/*", guard)
    page = await context.new_page()
    try:
        t = time.perf_counter()
        await page.goto(url, timeout=timeout_ms)
        uploader = page.locator('[data-testid="stSidebar"] input[type="file"]').first
        if password is not None:
            box = page.get_by_label("访问密码")
            with contextlib.suppress(Exception):
                await box.wait_for(timeout=10_000)
                await box.fill(password)
                await page.get_by_role("button", name="进入").click()
        await uploader.wait_for(state="attached", timeout=timeout_ms)
        stats.page_loads.append(time.perf_counter() - t)
        await start.wait()
        for path in files:
            t = time.perf_counter()
            try:
                await uploader.set_input_files(str(path))
                await page.get_by_text(f"当前材料：{path.name}").first.wait_for(state="visible", timeout=timeout_ms)
                stats.uploads.append(time.perf_counter() - t)
            except Exception as e:
                stats.errors.append(f"session {index} {path.name}: {type(e).__name__}: {str(e).splitlines()[0][:120]}")
    except Exception as e:
        stats.errors.append(f"session {index} page: {type(e).__name__}: {str(e).splitlines()[0][:120]}")
    finally:
        await context.close()


async def poll_health(url: str, stats: Stats, stop: asyncio.Event) -> None:
    while not stop.is_set():
        took = await asyncio.to_thread(healthy, url)
        if took is None:
            stats.health_failures += 1
        else:
            stats.health.append(took)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.25)


async def run(url: str, sessions: int, rounds: int, password: str | None, timeout_ms: int) -> tuple[Stats, float]:
    from playwright.async_api import async_playwright

    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx"))
    if not samples:
        raise SystemExit(f"no samples in {SAMPLES}")
    # consecutive uploads in one session are different files, so each wait sees a new name appear
    plan = [[samples[(i + r * sessions) % len(samples)] for r in range(rounds)] for i in range(sessions)]
    stats = Stats()
    start, stop = asyncio.Event(), asyncio.Event()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            health = asyncio.create_task(poll_health(url, stats, stop))
            tasks = [
                asyncio.create_task(session(browser, url, i, files, password, stats, start, timeout_ms))
                for i, files in enumerate(plan)
            ]
            while len(stats.page_loads) + len(stats.errors) < sessions and not all(t.done() for t in tasks):
                await asyncio.sleep(0.05)
            t = time.perf_counter()
            start.set()  # every session uploads at the same moment
            await asyncio.gather(*tasks)
            wall = time.perf_counter() - t
            stop.set()
            await health
        finally:
            await browser.close()
    return stats, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running app on 127.0.0.1/localhost (default: start one)")
    parser.add_argument("--sessions", type=int, default=4, help=f"concurrent browser sessions (≤ {MAX_SESSIONS})")
    parser.add_argument("--rounds", type=int, default=3, help=f"uploads per session (≤ {MAX_ROUNDS})")
    parser.add_argument("--password", help="the access password, if the app asks for one")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for a page or a review")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.rounds <= MAX_ROUNDS:
        raise SystemExit(f"sessions must be 1–{MAX_SESSIONS} and rounds 1–{MAX_ROUNDS}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)")
    timeout_ms = int(args.timeout * 1000)

    with contextlib.ExitStack() as stack:
        pid = None
        if args.url:
            url = loopback_url(args.url)
            if healthy(url, 5.0) is None:
                raise SystemExit(f"{url}/_stcore/health does not answer")
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-")))
            t = time.perf_counter()
            try:
                url, pid = stack.enter_context(started_app(folder))
            except RuntimeError as e:
                raise SystemExit(str(e)) from None
            print(f"app started at {url} in {time.perf_counter() - t:.1f} s (throw-away store)")
        idle = healthy(url)
        stats, wall = asyncio.run(run(url, args.sessions, args.rounds, args.password, timeout_ms))
        peak = peak_rss_mb(pid) if pid else None

    expected = args.sessions * args.rounds
    print(f"{args.sessions} sessions × {args.rounds} rounds = {expected} uploads, all sessions at once")
    print(f"page load (open → uploader ready):  {summary(stats.page_loads)}")
    print(f"upload → 当前材料 shown:             {summary(stats.uploads)}")
    print(f"wall time of all rounds:             {wall:.1f} s ({len(stats.uploads) / wall:.2f} uploads/s)")
    idle_text = f"{idle * 1000:.1f} ms idle" if idle is not None else "idle: no answer"
    print(f"/_stcore/health meanwhile:           {summary(stats.health, ms=True)}; {idle_text}; "
          f"{stats.health_failures} failed")  # fmt: skip
    if peak is not None:
        print(f"server peak RSS (VmHWM):             {peak:.0f} MB")
    print(f"errors: {len(stats.errors)} · uploads completed {len(stats.uploads)}/{expected} · "
          f"outside requests blocked: {len(stats.outside)}")  # fmt: skip
    for line in stats.errors[:20]:
        print(f"  {line}")
    for request in sorted(set(stats.outside))[:10]:
        print(f"  outside: {request}")
    return 1 if stats.errors or stats.outside or len(stats.uploads) != expected else 0


if __name__ == "__main__":
    sys.exit(main())
