"""A curator's decision at scale: `tekser decide` on a synthetic archive, after one
`tekser validate` remembered the validation (issue 28: under a second at 10^5 figures).

It generates (or reuses, as `run.py` does) the archive of --size figures, points tekser's
cache at a folder of its own, runs `tekser validate --format json` once, then times each
command in a fresh process: `decide … confirm`, `dismiss`, `retract` and a `correct` (which
reads the figures table), --rounds times each, and prints the wall times. With --uncached,
one `decide` with the cache off too (a whole validation: what a decision cost before). The
decisions are appended to the archive's log and the log is removed at the end.

Usage: python benchmarks/decide.py [--size 100000] [--out DIR] [--rounds 3] [--uncached]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import TEKSER, archive  # noqa: E402

Done = subprocess.CompletedProcess[str]


@dataclass(frozen=True)
class Time:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s wall {self.cpu:6.2f} s CPU"


REASON = "benchmark: checked against the generated seed"
TARGET = 1.0  # seconds a warm decision may take


def timed(command: list[str], env: dict[str, str]) -> tuple[Time, Done]:
    """Run `command` in a fresh process: its wall time and CPU time (user and system; on a
    busy machine the wall time waits for the CPU too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Time(wall, cpu), done


def checked(seconds: Time, done: Done, what: str) -> Time:
    if done.returncode not in (0, 1):
        sys.exit(f"{what} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def chosen(report: dict[str, Any]) -> tuple[str, str]:
    """An open finding to confirm, dismiss and retract, and one naming a figure to correct."""
    findings = [f for f in report["findings"] if f["status"] == "open"]
    if not findings:
        sys.exit("the archive gave no open finding to decide")
    figures = [
        f
        for f in findings
        if any(r.get("table_name") == "figures" or "figure_id" in r for r in f["records"])
    ]
    return findings[0]["finding_id"], (figures or findings)[0]["finding_id"]


def main() -> None:
    parser = argparse.ArgumentParser(description="tekser decide at scale (issue 28)")
    parser.add_argument("--size", type=int, default=100_000, help="figures in the archive")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "tekser-benchmark",
        help="where the archive is generated (reused when there)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="times each decision is timed")
    parser.add_argument("--uncached", action="store_true", help="one decide with the cache off")
    args = parser.parse_args()

    folder, _manifest, generated = archive(args.size, args.out)
    if generated is not None:
        print(f"generated the archive of {args.size:,} figures in {generated:.1f} s")
    log = folder / "provenance" / "decisions.jsonl"
    log.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="tekser-cache-") as cache:
        env = {**os.environ, "TEKSER_CACHE_DIR": cache, "NO_COLOR": "1"}
        env.pop("TEKSER_NO_CACHE", None)
        try:
            run_all(folder, env, args.rounds, args.uncached)
        finally:
            log.unlink(missing_ok=True)


def run_all(folder: Path, env: dict[str, str], rounds: int, uncached: bool) -> None:
    package = str(folder)
    seconds, done = timed([TEKSER, "validate", package, "--format", "json"], env)
    print(f"{'validate (remembers the validation)':<34}{checked(seconds, done, 'validate')}")
    decided, corrected = chosen(json.loads(done.stdout))
    rows: dict[str, list[Time]] = {}
    steps = [
        ("decide confirm", [decided, "confirm"]),
        ("decide dismiss", [decided, "dismiss"]),
        ("decide retract", [decided, "retract"]),
        ("decide correct (reads figures)", [corrected, "correct", "--value", "1"]),
    ]
    for _ in range(rounds):
        for name, words in steps:
            command = [TEKSER, "decide", *words, package, "--reason", REASON]
            seconds, done = timed(command, env)
            rows.setdefault(name, []).append(checked(seconds, done, name))
    for name, times in rows.items():
        wall = statistics.median(t.wall for t in times)
        cpu = statistics.median(t.cpu for t in times)
        print(f"{name:<34}{Time(wall, cpu)}  (median of {len(times)})")
    if uncached:
        off = {**env, "TEKSER_NO_CACHE": "1"}
        command = [TEKSER, "decide", decided, "confirm", package, "--reason", REASON]
        seconds, done = timed(command, off)
        print(f"{'decide confirm, cache off':<34}{checked(seconds, done, 'uncached')}")
    warm = statistics.median(t.wall for t in rows["decide confirm"])
    verdict = "under" if warm < TARGET else "NOT under"
    print(f"a warm decision: {warm:.2f} s wall, {verdict} {TARGET:.0f} s")


if __name__ == "__main__":
    main()
