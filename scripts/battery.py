"""The bad-input battery (issue 8) as a table: every hostile upload, generated in memory.

    .venv/bin/python scripts/battery.py [--workers 2] [--no-cli]

One row per case: the case → what the library did (outcome/code) → its Chinese message, shortened
→ time → peak memory of the process that ran it → what the command line did with the same file
(``python -m workbench review FILE --json``: exit 2 with the Chinese message and no traceback for a
reject, 0 with the JSON for an accept). Then "N cases: N handled, 0 crashed". Exits 1 if any case
crashed, timed out, was killed, or behaved other than the battery expects.

Each case runs in its own process forked from a warm helper, with RLIMIT_AS 1.5 GB and a timeout
(workbench/battery.py); the peak memory includes the helper's baseline (printed above the table).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench import battery
from workbench.ledger import display_width as width


def fit(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal columns (with "…") and padded to exactly that width."""
    text = " ".join(text.split())
    if width(text) > cells:
        out = ""
        for ch in text:
            if width(out + ch) > cells - 1:
                break
            out += ch
        text = out + "…"
    return text + " " * (cells - width(text))


COLUMNS = (("case", 34), ("expected", 24), ("outcome/code", 24), ("message", 44), ("time", 8), ("peak", 8))


def row(values: tuple[str, ...], cli: str) -> str:
    cells = [fit(v, w) if i < 4 else v.rjust(w) for i, (v, (_, w)) in enumerate(zip(values, COLUMNS, strict=True))]
    return " ".join(cells) + "  " + cli


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="cases run at once (default 2)")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line pass")
    args = parser.parse_args()

    started = time.perf_counter()
    cases = battery.cases()
    built = time.perf_counter() - started
    with battery.Runner(workers=args.workers) as runner:
        print(
            f"{len(cases)} cases built in memory in {built:.1f} s · each run in a fresh process "
            f"(RLIMIT_AS {battery.MEMORY_LIMIT // 2**20} MB, timeout {battery.TIMEOUT:.0f} s) · "
            f"peak = the process's peak RSS, baseline {runner.baseline_mb:.0f} MB"
        )
        results = list(runner.run_all(cases))

    cli: dict[str, battery.CliResult] = {}
    if not args.no_cli:
        with tempfile.TemporaryDirectory(prefix="battery-") as directory, ThreadPoolExecutor(args.workers) as pool:
            for r in pool.map(lambda c: battery.run_cli(c, directory), cases):
                cli[r.name] = r

    print()
    print(row(tuple(name for name, _ in COLUMNS), "CLI"))
    print(row(tuple("-" * w for _, w in COLUMNS), "-" * 10))
    failures: list[str] = []
    for case, result in results:
        found = battery.problems(case, result)
        c = cli.get(case.name)
        if c is None:
            cli_cell = "–"
        else:
            cli_cell = f"exit {c.status}" + (" ✓" if not c.problems else " ✗")
            found += [f"CLI: {p}" for p in c.problems]
        shown = result.outcome + (f"/{result.code}" if result.code else "")
        message = result.message if result.outcome != "accept" or not result.notices else result.notices[0]
        if not result.handled:
            message = result.detail
        print(
            row(
                (
                    case.title,
                    case.expect,
                    shown,
                    message,
                    f"{result.seconds:.3f}s" if result.seconds < 1 else f"{result.seconds:.1f}s",
                    f"{result.peak_mb:.0f}MB",
                ),
                cli_cell,
            )
        )
        failures += [f"{case.title}: {p}" for p in found]

    handled = sum(r.handled for _, r in results)
    crashed = len(results) - handled
    print()
    print(f"{len(results)} cases: {handled} handled, {crashed} crashed")
    if cli:
        good = sum(not c.problems for c in cli.values())
        slowest = max(cli.values(), key=lambda c: c.seconds)
        print(
            f"CLI: {good}/{len(cli)} as expected (exit 2 + Chinese message for rejects, 0 + JSON for accepts); "
            f"slowest {slowest.seconds:.1f} s ({slowest.name})"
        )
    print(f"total {time.perf_counter() - started:.1f} s")
    if failures:
        print()
        print(f"{len(failures)} problem(s):")
        for line in failures:
            print(f"  {line}")
    return 1 if failures or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
