"""The tekser benchmark: one command, every size, every target of issue 6.

For each size it generates (or reuses) a synthetic archive and measures, each in a fresh
process, wall time and peak memory of

- `tekser validate --format json` (structure, provenance, coverage, consistency),
- plain `frictionless validate datapackage.json` (structure alone, the same package),
- a raw load of the same CSVs into SQLite (stdlib csv + executemany: the floor),

checks that every planted inconsistency is found and nothing else (the JSON report against the
archive's manifest), then times `tekser --help`, `tekser validate` on the bundled package and a
bare import of the libraries it needs. It prints one table with the ratios, one of where
tekser's time goes (each stage's seconds and share of the run, from `tekser validate
--timings`), and writes `results.json` and `results.md` to --out.

Usage: python benchmarks/run.py [--sizes 1000,10000,100000,1000000] [--out DIR] [--keep]
                               [--repeat N] [--rounds N] [--spark]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
TEKSER = str(BIN / "tekser")
FRICTIONLESS = str(BIN / "frictionless")
# What `tekser validate` needs that `python -c pass` does not: its libraries, bare.
LIBRARIES = "frictionless, great_expectations, pandas, sqlalchemy, jsonschema, rich, click"
SIZES = (1_000, 10_000, 100_000, 1_000_000)

# Runs one command in a child and reports its wall time, exit code and peak memory: the
# largest resident set of any one process (getrusage of the children) and the largest sum
# over the process tree, sampled every 20 ms (a command that forks helpers is not flattered).
MEASURE = r"""
import json, os, resource, subprocess, sys, time

def tree_rss(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(name))
            except OSError:
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return total

out = open(sys.argv[1], "wb")
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
peak = 0
while process.poll() is None:
    peak = max(peak, tree_rss(process.pid))
    time.sleep(0.02)
wall = time.perf_counter() - start
stderr = process.stderr.read().decode("utf-8", "replace")
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"wall": wall, "rc": process.returncode, "rss": max(peak, child),
                  "rss_one": child, "stderr": stderr[-2000:]}))
"""


def measure(command: list[str], stdout: Path) -> dict[str, Any]:
    """Wall time, exit code and peak memory of `command`, run in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(stdout), *command],
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, Any] = json.loads(result.stdout)
    return measured


def floor(package: Path) -> None:
    """The floor: every CSV table of the package into a fresh SQLite file, as text, with the
    standard library only (no types, no checks, no keys)."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "floor.sqlite")
        for resource in descriptor["resources"]:
            if resource.get("type") != "table":
                continue
            with (package / resource["path"]).open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                columns = ", ".join(f'"{name}" TEXT' for name in header)
                connection.execute(f'CREATE TABLE "{resource["name"]}" ({columns})')
                marks = ", ".join("?" for _ in header)
                connection.executemany(f'INSERT INTO "{resource["name"]}" VALUES ({marks})', reader)
        connection.commit()
        connection.close()


def generator_version() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]


def archive(size: int, out: Path) -> tuple[Path, dict[str, Any], float | None]:
    """The archive of `size` figures under `out`: reused when it was generated by this very
    generator, else generated (and timed)."""
    folder = out / f"archive-{size}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("generator") == generator_version():
            return folder, manifest, None
    start = time.perf_counter()
    manifest = generate(size, folder)
    elapsed = time.perf_counter() - start
    manifest["generator"] = generator_version()
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder, manifest, elapsed


def compare(report_path: Path, manifest: dict[str, Any]) -> tuple[bool, list[str]]:
    """Every planted inconsistency found, none extra: findings per rule == the manifest's."""
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return False, [f"no JSON report: {exc}"]
    found = Counter(finding["rule"] for finding in report["findings"])
    expected = Counter(manifest["expected"])
    problems = [
        f"{rule}: found {found[rule]}, planted {expected[rule]}"
        for rule in sorted(set(found) | set(expected))
        if found[rule] != expected[rule]
    ]
    return not problems, problems


def same_findings(first: Path, second: Path) -> bool:
    """Whether two JSON reports hold the same findings: ids, records, messages, evidence."""
    try:
        reports = [json.loads(path.read_text(encoding="utf-8")) for path in (first, second)]
    except (OSError, json.JSONDecodeError):
        return False
    findings = [
        sorted(report["findings"], key=lambda finding: finding["finding_id"]) for report in reports
    ]
    return findings[0] == findings[1]


def median_time(command: list[str], repeat: int, codes: tuple[int, ...] = (0,)) -> float:
    """The median wall time of `command` over `repeat` fresh runs; each must exit with one of
    `codes` (a command that dies early would time nothing)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode not in codes:
            raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr!r}")
    return statistics.median(times)


def startup(repeat: int) -> dict[str, float]:
    """`tekser --help`, `tekser validate` on the bundled package, and a bare import of the
    libraries validate needs, each in fresh processes (median of `repeat`)."""
    with tempfile.TemporaryDirectory() as folder:
        # a script, not `python -c`: PySpark 4 ends a `-c` process that imports it (through
        # GX) without PyArrow, taking it for a doctest run, and the import would time nothing
        script = Path(folder) / "bare_import.py"
        script.write_text(f"import {LIBRARIES}\nraise SystemExit(3)\n", encoding="utf-8")
        return {
            "help": median_time([TEKSER, "--help"], repeat),
            "validate_bundled": median_time([TEKSER, "validate", str(ROOT)], repeat, (0, 1)),
            "import_libraries": median_time([sys.executable, str(script)], repeat, (3,)),
            "python": median_time([sys.executable, "-c", "pass"], repeat),
        }


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.metadata as m; print(' '.join(f'{p} '"
            " + m.version(p) for p in ('tekser', 'frictionless', 'great-expectations', 'pandas',"
            " 'SQLAlchemy')))",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "libraries": versions,
    }


def gib(size: float) -> str:
    return f"{size / 2**30:.2f}"


def table(rows: list[dict[str, Any]]) -> str:
    header = (
        "| figures | seeds | MB | tekser s | tekser GiB | frictionless s | frictionless GiB "
        "| floor s | floor GiB | tekser/frictionless | tekser/floor | findings |"
    )
    lines = [header, "|" + " --- |" * 12]
    for row in rows:
        t, f, b = row["tekser"], row["frictionless"], row["floor"]
        lines.append(
            f"| {row['size']:,} | {row['seeds']:,} | {row['megabytes']:.0f} "
            f"| {t['wall']:.1f} | {gib(t['rss'])} | {f['wall']:.1f} | {gib(f['rss'])} "
            f"| {b['wall']:.1f} | {gib(b['rss'])} | {row['ratios']['frictionless']:.2f} "
            f"| {row['ratios']['floor']:.1f} | {'all found' if row['findings_ok'] else 'WRONG'} |"
        )
    return "\n".join(lines)


# the columns of the stage table: each stage of `validate`, then the report's rendering
STAGE_COLUMNS = ("structure", "provenance", "coverage", "consistency", "decisions", "report")


def stage_seconds(row: dict[str, Any]) -> dict[str, float]:
    """The seconds of each stage of tekser's run, the report's rendering, and `other`: the
    rest of the wall time (interpreter start-up, imports of the command line, opening the
    package and the suite, the process's exit)."""
    timings = row.get("timings") or {}
    seconds = {**timings.get("stages", {}), **timings.get("other", {})}
    spent = {name: float(seconds.get(name, 0.0)) for name in STAGE_COLUMNS}
    spent["other"] = max(row["tekser"]["wall"] - sum(spent.values()), 0.0)
    return spent


def stage_table(rows: list[dict[str, Any]]) -> str:
    """Where tekser's time goes: seconds and share of the run's wall time, per stage."""
    columns = (*STAGE_COLUMNS, "other")
    header = "| figures | tekser s | " + " | ".join(f"{name} s (share)" for name in columns) + " |"
    lines = [header, "|" + " --- |" * (len(columns) + 2)]
    for row in rows:
        wall = row["tekser"]["wall"]
        spent = stage_seconds(row)
        cells = [f"{spent[name]:.1f} ({spent[name] / wall:.0%})" for name in columns]
        lines.append(f"| {row['size']:,} | {wall:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def stage_parts(rows: list[dict[str, Any]]) -> list[str]:
    """The parts a stage reported (`stage/part`), one line per size that has any."""
    lines = []
    for row in rows:
        parts = (row.get("timings") or {}).get("parts", {})
        if parts:
            wall = row["tekser"]["wall"]
            said = ", ".join(f"{name} {s:.1f} s ({s / wall:.0%})" for name, s in parts.items())
            lines.append(f"parts at {row['size']:,} figures: {said}")
    return lines


def read_timings(path: Path) -> dict[str, Any] | None:
    """What `tekser validate --timings` wrote, if it did (a failed run writes nothing)."""
    try:
        timings: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return timings


def growth(rows: list[dict[str, Any]]) -> list[str]:
    by_size = {row["size"]: row for row in rows}
    lines = []
    for small, large in ((100_000, 1_000_000), (10_000, 100_000)):
        if small in by_size and large in by_size:
            parts = [
                f"{tool} {by_size[large][tool]['wall'] / by_size[small][tool]['wall']:.1f}×"
                for tool in ("tekser", "frictionless", "floor")
            ]
            lines.append(f"growth {large:,} vs {small:,} (linear = 10×): " + ", ".join(parts))
    return lines


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tekser benchmark (issue 6)")
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated numbers of figures [default: %(default)s]",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE / "out",
        help="folder for archives and results [default: benchmarks/out]",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated archives (and reuse them next time)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of each start-up measurement (the median is kept) [default: %(default)s]",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of tekser, frictionless and the floor at each size, run in turn; medians "
        "and the median of each round's ratios are kept [default: %(default)s]",
    )
    parser.add_argument(
        "--spark",
        action="store_true",
        help="also run `tekser validate --engine spark` and compare its findings with SQLite's",
    )
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor(args.floor)
        return 0
    sizes = [int(size) for size in args.sizes.split(",") if size]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    ok = True
    for size in sizes:
        folder, manifest, generated = archive(size, out)
        how = "reused" if generated is None else f"generated in {generated:.1f} s"
        print(f"{size:>9,} figures: archive {how} ({manifest['seeds']} seeds)", flush=True)
        report = out / f"report-{size}.json"
        timings = out / f"timings-{size}.json"
        descriptor = str(folder / "datapackage.json")
        commands = {
            "tekser": (
                [TEKSER, "validate", str(folder), "--format", "json", "--timings", str(timings)],
                report,
            ),
            "frictionless": ([FRICTIONLESS, "validate", descriptor], out / "frictionless.txt"),
            "floor": (
                [sys.executable, str(Path(__file__).resolve()), "--floor", str(folder)],
                out / "floor.txt",
            ),
        }
        # the three in turn, round after round (tekser, frictionless, floor, tekser, …), so
        # that a machine whose speed drifts slows each of them alike; each round's ratios are
        # taken within the round, and the medians are kept
        rounds: list[dict[str, Any]] = []
        for number in range(args.rounds):
            for stale in (report, timings):  # a run that fails must not be read as the last one
                stale.unlink(missing_ok=True)
            measured: dict[str, Any] = {
                tool: measure(*command) for tool, command in commands.items()
            }
            measured["timings"] = read_timings(timings)
            measured["findings_ok"], measured["problems"] = compare(report, manifest)
            rounds.append(measured)
            if args.rounds > 1:
                print(
                    f"  round {number + 1}: "
                    + ", ".join(f"{tool} {measured[tool]['wall']:.1f} s" for tool in commands),
                    flush=True,
                )
        # the round of the median tekser time gives the row its figures and stage timings
        middle = sorted(rounds, key=lambda r: r["tekser"]["wall"])[(len(rounds) - 1) // 2]
        row: dict[str, Any] = {
            "size": size,
            "seeds": manifest["seeds"],
            "megabytes": folder_size(folder) / 1e6,
            "generate": generated,
            **{
                tool: {
                    **middle[tool],
                    "wall": statistics.median(r[tool]["wall"] for r in rounds),
                    "rss": max(r[tool]["rss"] for r in rounds),
                }
                for tool in commands
            },
            "ratios": {
                other: statistics.median(r["tekser"]["wall"] / r[other]["wall"] for r in rounds)
                for other in ("frictionless", "floor")
            },
            "rounds": rounds,
        }
        for failed in (r["tekser"] for r in rounds if r["tekser"]["rc"] not in (0, 1)):
            print(f"  tekser failed: {failed['stderr']}", flush=True)
        row["timings"] = middle["timings"]
        row["findings_ok"] = all(r["findings_ok"] for r in rounds)
        row["problems"] = sorted({problem for r in rounds for problem in r["problems"]})
        ok = ok and row["findings_ok"]
        for tool in ("tekser", "frictionless", "floor"):
            print(
                f"  {tool:<12} {row[tool]['wall']:8.1f} s {gib(row[tool]['rss']):>6} GiB",
                flush=True,
            )
        spent = stage_seconds(row)
        print("  tekser stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
        if args.spark:
            spark_report = out / f"report-{size}-spark.json"
            row["spark"] = measure(
                [TEKSER, "validate", str(folder), "--format", "json", "--engine", "spark"],
                spark_report,
            )
            row["spark_same"] = same_findings(report, spark_report)
            ok = ok and row["spark_same"]
            same = "identical to SQLite" if row["spark_same"] else "DIFFER from SQLite"
            print(
                f"  {'spark':<12} {row['spark']['wall']:8.1f} s {gib(row['spark']['rss']):>6} GiB "
                f"(process tree, JVM included); findings {same}",
                flush=True,
            )
        print(
            "  findings:",
            "every planted one, none extra" if row["findings_ok"] else "; ".join(row["problems"]),
            flush=True,
        )
        rows.append(row)
        if not args.keep:
            import shutil

            shutil.rmtree(folder)
    times = startup(repeat=args.repeat)
    results = {"machine": machine(), "sizes": rows, "startup": times}
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    summary = [
        table(rows),
        "",
        "Where tekser's time goes (seconds, and share of its wall time; `other` is start-up, "
        "opening the package and exit):",
        "",
        stage_table(rows),
        "",
        *stage_parts(rows),
        *growth(rows),
        f"`tekser --help`: {times['help']:.2f} s (target < 0.3 s; bare python "
        f"{times['python']:.2f} s)",
        f"`tekser validate` on the bundled package: {times['validate_bundled']:.2f} s; bare import "
        f"of {LIBRARIES}: {times['import_libraries']:.2f} s; ratio "
        f"{times['validate_bundled'] / times['import_libraries']:.2f} (target ≤ 1.3)",
    ]
    text = "\n".join(summary)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    print()
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
