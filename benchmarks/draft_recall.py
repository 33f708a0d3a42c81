#!/usr/bin/env python3
"""Recall and precision of `tekser draft` against the figures a person transcribed.

For each bundled package (the article at the repository root, examples/stalin-1934): a new
package made by `tekser init` around its seed (as an author would start), then `tekser draft`
on it, compared with the package's own data/figures.csv. A figure is *found* when a proposed
figure has its value in any power-of-ten unit (value × scale = figure's value × scale × 10^k)
and a quote span that holds the figure's printed token (where the transcribed quote has it in
the seed). A proposal is *right* when it finds a figure. Written to benchmarks/draft-recall.json
and printed; measured, not asserted.

Then the development corpus (benchmarks/corpus/*/truth.json, scored by corpus_score.py): per text
and overall (and overall for the texts not yet used to change the code, `"seen": false`), recall,
precision, unit, statistic and period accuracy, exclusions right/wrong, and the criticals and
unaccounted numbers of `validate` after accepting every draft. Numbers only, unless --details.

    python benchmarks/draft_recall.py [--out FILE] [--corpus-only] [--text ID] [--details]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "article (ainakulov-2013, kk ru en)": ROOT,
    "report (stalin-1934, ru)": ROOT / "examples" / "stalin-1934",
}
OUT = ROOT / "benchmarks" / "draft-recall.json"


def _same_up_to_ten(a: Decimal, b: Decimal) -> bool:
    if a == 0 or b == 0:
        return a == b
    return any(a == b * Decimal(10) ** k for k in range(-12, 13))


def _scaled(value: str, scale: str) -> Decimal:
    from tekser.seeds.numbers import scale_factor

    return Decimal(value) * Decimal(scale_factor(scale))


def _tokens(package: Path) -> list[dict[str, Any]]:
    """Each transcribed figure with its value × scale and where its printed token is."""
    from tekser.authoring.draft import read_rows
    from tekser.seeds.text import clean_form

    quotes = {r["provenance_id"]: r for r in read_rows(package / "provenance" / "provenance.csv")}
    found = []
    for row in read_rows(package / "data" / "figures.csv"):
        quote = quotes[row["provenance_id"]]
        start, text, printed = int(quote["start"]), quote["quote"], row["printed"]
        at = text.find(printed)
        if at < 0:  # printed as clean_form has it: find its first word
            at = max(0, text.find(clean_form(printed).split()[0]))
        found.append(
            {
                "figure_id": row["figure_id"],
                "printed": printed,
                "value": _scaled(row["value"], row.get("scale", "")),
                "token": (start + at, start + at + len(printed)),
                "digits": any(c.isdigit() for c in printed),
                "period": (row["period_start"], row["period_end"]),
                "unit": row["unit"],
            }
        )
    return found


def measure_one(package: Path, work: Path) -> dict[str, Any]:
    from tekser.authoring.draft import draft_package
    from tekser.authoring.init import init_package
    from tekser.package.descriptor import Package

    seed_row = Package.open(package).read_table("sources")[0]
    target = work / package.name
    init_package(target, package / seed_row["path"])
    result = draft_package(target, agent="benchmark")
    figures = _tokens(package)
    proposals = [{**p, "scaled": _scaled(p["value"], p["scale"])} for p in result.proposals]

    def matches(p: dict[str, Any], f: dict[str, Any]) -> bool:
        return (
            p["start"] <= f["token"][0]
            and f["token"][1] <= p["end"]
            and _same_up_to_ten(p["scaled"], f["value"])
        )

    def own_token(p: dict[str, Any], f: dict[str, Any]) -> bool:  # the proposal's own token
        return (
            matches(p, f)
            and p["printed_start"] < f["token"][1]
            and f["token"][0] < p["printed_end"]
        )

    strict = [f for f in figures if any(own_token(p, f) for p in proposals)]
    found = [f for f in figures if any(matches(p, f) for p in proposals)]
    right = [p for p in proposals if any(matches(p, f) for f in figures)]
    missed = [f for f in figures if f not in found]
    by_token = [(f, next(p for p in proposals if own_token(p, f))) for f in strict]
    dated = [f for f, p in by_token if (p["period_start"], p["period_end"]) == f["period"]]
    wrong = [p for p in proposals if p not in right]
    return {
        "figures": len(figures),
        "figures_with_digits": sum(1 for f in figures if f["digits"]),
        "found": len(found),
        "recall": round(len(found) / len(figures), 4) if figures else None,
        "found_by_own_token": len(strict),
        "recall_by_own_token": round(len(strict) / len(figures), 4) if figures else None,
        "found_only_by_quote": [f["figure_id"] for f in found if f not in strict],
        "period_agrees": len(dated),
        "period_agrees_of": len(by_token),
        "period_differs": [
            {
                "figure_id": f["figure_id"],
                "transcribed": list(f["period"]),
                "proposed": [p["period_start"], p["period_end"]],
                "date_printed": p["date_printed"],
            }
            for f, p in by_token
            if f not in dated
        ],
        "proposals": len(proposals),
        "right": len(right),
        "precision": round(len(right) / len(proposals), 4) if proposals else None,
        "exclusions_proposed": len(result.exclusions),
        "unaccounted_before": result.unaccounted,
        "left_unproposed": result.left,
        "missed": [{"figure_id": f["figure_id"], "printed": f["printed"]} for f in missed],
        "wrong": [
            {
                "id": p["id"],
                "line": p["line"],
                "printed": p["printed"],
                "value": p["value"],
                "unit": p["unit"],
            }
            for p in wrong
        ],
    }


def measure() -> dict[str, Any]:
    """The measurement for both bundled packages, and over all proposals."""
    with tempfile.TemporaryDirectory(prefix="tekser-draft-recall.") as folder:
        results = {name: measure_one(path, Path(folder)) for name, path in PACKAGES.items()}
    proposals = sum(r["proposals"] for r in results.values())
    right = sum(r["right"] for r in results.values())
    return {
        "definition": (
            "found: a proposed figure has the transcribed value in any power-of-ten unit and "
            "a quote span holding the transcribed printed token; right: a proposal that finds "
            "a figure; on `tekser init` output of each bundled seed"
        ),
        "sources": results,
        "all": {
            "proposals": proposals,
            "right": right,
            "precision": round(right / proposals, 4) if proposals else None,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument("--corpus-only", action="store_true", help="skip the bundled packages")
    parser.add_argument("--text", metavar="ID", help="score only this corpus text")
    parser.add_argument(
        "--details", action="store_true", help="list what was missed or wrong in the corpus texts"
    )
    parser.add_argument(
        "--seen-only",
        action="store_true",
        help="score only the corpus texts already used to change the code (seen: true)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus_score

    report: dict[str, Any] = {}
    if not (args.corpus_only or args.text):
        report = measure()
        print_bundled(report)
    report["corpus"] = corpus_score.measure(args.text, args.details, args.seen_only)
    corpus_score.print_report(report["corpus"], args.details)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


def print_bundled(report: dict[str, Any]) -> None:
    for name, r in report["sources"].items():
        print(
            f"{name}: recall {r['found']}/{r['figures']} = {r['recall']:.1%}, "
            f"precision {r['right']}/{r['proposals']} = {r['precision']:.1%}; by the "
            f"proposal's own token {r['found_by_own_token']}/{r['figures']} = "
            f"{r['recall_by_own_token']:.1%}"
        )
        print(f"  period as transcribed: {r['period_agrees']}/{r['period_agrees_of']}")
        for figure_id in r["found_only_by_quote"]:
            print(f"  found only by another number of its quote: {figure_id}")
        for f in r["missed"]:
            print(f"  missed {f['figure_id']} ({f['printed']})")
        for p in r["wrong"]:
            print(f"  wrong  {p['id']} line {p['line']}: {p['printed']} → {p['value']} {p['unit']}")
    a = report["all"]
    print(f"all proposals: {a['right']}/{a['proposals']} right = {a['precision']:.1%}")


if __name__ == "__main__":
    sys.exit(main())
