"""Score `tekser draft` on the development corpus (benchmarks/corpus/*/truth.json).

For each text: a package made by `init_package` around text.txt with the truth's language, then
`draft_package`, compared with the hand-made truth; then the drafts accepted on a copy and the copy
validated. Measured, not asserted; the definitions are in DEFINITION below and in
benchmarks/corpus/README.md. Used by benchmarks/draft_recall.py (`--corpus-only`, `--text ID`).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import traceback
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"

DEFINITION = (
    "found: a proposal whose value x scale equals the truth's value x scale up to a power of "
    "ten and whose own printed span overlaps the truth token; recall = found / truth figures; "
    "precision = proposals that find a truth figure / proposals; unit named = found figures "
    "whose proposed unit equals the truth unit or the slug of its unit word (compared as "
    "canonical: lowercase, last hyphenated word, a trailing s dropped); statistic right = "
    "found figures with the truth statistic; period right = found dated figures with the "
    "truth period, and found undated figures whose proposal printed no date; exclusions right "
    "= proposed exclusions holding a truth not-figure token, wrong = holding a truth figure "
    "token; after accept: critical findings by rule and unaccounted numbers of `validate` on "
    "the accepted copy; relations: the equations drafted (drafts/relations.csv), and of "
    "those accepted, the ones `validate` finds failing (relations.equation-fails)"
)

COUNTS = (
    "figures",
    "found",
    "proposals",
    "right",
    "unit_named",
    "statistic_right",
    "dated",
    "period_right_dated",
    "undated",
    "period_right_undated",
    "exclusions",
    "exclusions_right",
    "exclusions_wrong",
    "criticals",
    "unaccounted_after_accept",
    "relations",
    "relations_failing",
)


def texts() -> list[Path]:
    """The folders of the corpus that hold a truth.json, by id."""
    return sorted(p.parent for p in CORPUS.glob("*/truth.json"))


def canonical(unit: str) -> str:
    """A unit compared loosely: lowercase, the last hyphen-separated word, a trailing s dropped."""
    last = unit.lower().strip().split("-")[-1]
    return last[:-1] if last.endswith("s") else last


def slug(lemma: str) -> str:
    """The unit slug of a unit word's lemma (anyascii, lowercase, non [a-z0-9] runs to -)."""
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(lemma).lower()).strip("-")


def scaled(value: str, scale: str) -> Decimal | None:
    from tekser.core.errors import TekserError
    from tekser.seeds.numbers import scale_factor

    try:
        return Decimal(value) * scale_factor(scale or "")
    except (InvalidOperation, ValueError, ArithmeticError, TekserError):
        return None


def same_up_to_ten(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return False
    if a == 0 or b == 0:
        return a == b
    if any(a == b * Decimal(10) ** k for k in range(-12, 13)):
        return True
    # a fraction in words (two thirds) has no printed precision: the truths give it to four or
    # six places, draft to four; equal to four places is the same reading
    places = Decimal("0.0001")
    inexact = a.as_tuple().exponent < -4 or b.as_tuple().exponent < -4  # type: ignore[operator]
    return inexact and abs(a) < 1 and a.quantize(places) == b.quantize(places)


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def finds(p: dict[str, Any], f: dict[str, Any]) -> bool:
    """The proposal `p` finds the truth figure `f`: same value up to ten, own token overlapping."""
    return overlaps(int(p["printed_start"]), int(p["printed_end"]), f["start"], f["end"]) and (
        same_up_to_ten(scaled(str(p["value"]), str(p.get("scale") or "")), f["_scaled"])
    )


def unit_named(p: dict[str, Any], f: dict[str, Any]) -> bool:
    unit = canonical(str(p.get("unit") or ""))
    wanted = {canonical(f["unit"])}
    if f.get("unit_word"):
        wanted.add(canonical(slug(f["unit_word"])))
    return unit in wanted


def period_right(p: dict[str, Any], f: dict[str, Any]) -> bool:
    if f.get("dated"):
        return (p.get("period_start"), p.get("period_end")) == (
            f["period_start"],
            f["period_end"],
        )
    return not (p.get("date_printed") or "").strip()


def compare(
    truth: dict[str, Any], proposals: list[dict[str, Any]], exclusions: list[dict[str, Any]]
) -> dict[str, Any]:
    """The counts of one text, and (under `details`) what was missed or wrong, by offset."""
    figures = [{**f, "_scaled": scaled(f["value"], f.get("scale", ""))} for f in truth["figures"]]
    nots = truth.get("not_figures", [])
    counts = dict.fromkeys(COUNTS, 0)
    counts["figures"], counts["proposals"] = len(figures), len(proposals)
    details: dict[str, list[dict[str, Any]]] = {
        "missed": [],
        "wrong_proposals": [],
        "unit_wrong": [],
        "statistic_wrong": [],
        "period_wrong": [],
        "exclusions_wrong": [],
    }
    for f in figures:
        hits = [p for p in proposals if finds(p, f)]
        if not hits:
            details["missed"].append({"start": f["start"], "printed": f["printed"]})
            continue
        counts["found"] += 1
        p = hits[0]
        where = {"start": f["start"], "printed": f["printed"], "proposal": p.get("id")}
        if unit_named(p, f):
            counts["unit_named"] += 1
        else:
            details["unit_wrong"].append({**where, "truth": f["unit"], "proposed": p.get("unit")})
        if p.get("statistic") == f["statistic"]:
            counts["statistic_right"] += 1
        else:
            details["statistic_wrong"].append(
                {**where, "truth": f["statistic"], "proposed": p.get("statistic")}
            )
        key = "dated" if f.get("dated") else "undated"
        counts[key] += 1
        if period_right(p, f):
            counts[f"period_right_{key}"] += 1
        else:
            details["period_wrong"].append(
                {
                    **where,
                    "truth": [f.get("period_start"), f.get("period_end")],
                    "proposed": [p.get("period_start"), p.get("period_end")],
                    "date_printed": p.get("date_printed"),
                }
            )
    for p in proposals:
        if any(finds(p, f) for f in figures):
            counts["right"] += 1
        else:
            details["wrong_proposals"].append(
                {
                    "id": p.get("id"),
                    "printed_start": p.get("printed_start"),
                    "printed": p.get("printed"),
                    "value": p.get("value"),
                    "unit": p.get("unit"),
                }
            )
    counts["exclusions"] = len(exclusions)
    for e in exclusions:
        a, b = int(e["start"]), int(e["end"])
        holds = [f for f in figures if a <= f["start"] and f["end"] <= b]
        if holds:
            counts["exclusions_wrong"] += 1
            details["exclusions_wrong"].append(
                {"id": e.get("id"), "category": e.get("category"), "holds": holds[0]["printed"]}
            )
        elif any(a <= n["start"] and n["end"] <= b for n in nots):
            counts["exclusions_right"] += 1
    return {"counts": counts, "details": details}


def rates(c: dict[str, int]) -> dict[str, float | None]:
    def r(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "recall": r(c["found"], c["figures"]),
        "precision": r(c["right"], c["proposals"]),
        "unit_named": r(c["unit_named"], c["found"]),
        "statistic_right": r(c["statistic_right"], c["found"]),
        "period_right": r(
            c["period_right_dated"] + c["period_right_undated"], c["dated"] + c["undated"]
        ),
        "period_right_dated": r(c["period_right_dated"], c["dated"]),
        "period_right_undated": r(c["period_right_undated"], c["undated"]),
    }


def after_accept(drafted: Path, work: Path) -> dict[str, Any]:
    """Accept every draft on a copy of the drafted package, validate it, count what is left."""
    from tekser.authoring.draft import accept_drafts
    from tekser.core.findings import Severity
    from tekser.validate import validate_package

    copy = work / "accepted"
    shutil.copytree(drafted, copy)
    accept_drafts(copy, agent="benchmark")
    report = validate_package(copy)
    critical = Counter(f.rule for f in report.findings if f.severity == Severity.CRITICAL)
    left = sum(
        1
        for f in report.findings
        if f.rule in ("coverage.unaccounted", "coverage.unstated-in-quote")
    )
    failing = {f.key for f in report.findings if f.rule == "relations.equation-fails"}
    return {
        "relations_failing": len(failing),
        "criticals": sum(critical.values()),
        "criticals_by_rule": dict(sorted(critical.items())),
        "unaccounted_after_accept": left,
        "coverage": dict(report.coverage),
    }


def score_text(folder: Path, work: Path) -> dict[str, Any]:
    """Init, draft, compare, accept and validate one corpus text."""
    from tekser.authoring.draft import draft_package
    from tekser.authoring.init import init_package

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    text = (folder / "text.txt").read_text(encoding="utf-8")
    target = work / truth["id"]
    init_package(target, folder / "text.txt", languages=[truth["language"]])
    seeds = list((target / "seeds").glob("*"))
    if len(seeds) != 1 or seeds[0].read_text(encoding="utf-8") != text:
        raise RuntimeError("the package's seed is not text.txt as is: offsets would not match")
    result = draft_package(target, agent="benchmark")
    out = compare(truth, result.proposals, result.exclusions)
    out["counts"]["relations"] = len(result.equations)
    out["relations"] = [
        {k: e[k] for k in ("kind", "words", "holds", "quote")} for e in result.equations
    ]
    out["seen"] = bool(truth.get("seen", False))
    out["language"] = truth["language"]
    out["kind"] = truth.get("kind", "")
    out["unaccounted_before"], out["left_unproposed"] = result.unaccounted, result.left
    try:
        result.write(force=True)
        accepted = after_accept(target, work)
        out["counts"]["criticals"] = accepted.pop("criticals")
        out["counts"]["unaccounted_after_accept"] = accepted["unaccounted_after_accept"]
        out["counts"]["relations_failing"] = accepted.pop("relations_failing")
        out["after_accept"] = accepted
    except Exception as exc:  # reported for this text; the others run
        out["after_accept"] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def total(results: dict[str, dict[str, Any]], ids: list[str]) -> dict[str, Any]:
    summed = dict.fromkeys(COUNTS, 0)
    criticals: Counter[str] = Counter()
    for i in ids:
        for k in COUNTS:
            summed[k] += results[i]["counts"][k]
        criticals.update(results[i].get("after_accept", {}).get("criticals_by_rule", {}))
    return {
        "texts": ids,
        "counts": summed,
        **rates(summed),
        "criticals_by_rule": dict(sorted(criticals.items())),
    }


def is_seen(folder: Path) -> bool:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return bool(truth.get("seen", False))


def measure(
    only: str | None = None, details: bool = False, seen_only: bool = False
) -> dict[str, Any]:
    """Every corpus text (or the one `only`), per text and overall, and overall for the unseen.

    The lists of what was missed or wrong (`details`) are kept for the seen texts only: an unseen
    text's failures are not to be read by whoever changes the code.
    """
    folders = texts()
    if seen_only:
        folders = [f for f in folders if is_seen(f)]
    if only is not None:
        folders = [f for f in folders if f.name == only]
        if not folders:
            raise SystemExit(f"{only}: no such text in {CORPUS} (with a truth.json)")
    results: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="tekser-corpus.") as folder:
        for text in folders:
            work = Path(folder) / text.name
            work.mkdir()
            try:
                r = score_text(text, work)
            except Exception as exc:  # reported for this text; the others run
                errors[text.name] = f"{type(exc).__name__}: {exc}"
                if details:
                    errors[text.name] += "\n" + traceback.format_exc()
                continue
            r.update(rates(r["counts"]))
            if not (details and r["seen"]):
                r.pop("details")
            results[text.name] = r
    ok = sorted(results)
    return {
        "definition": DEFINITION,
        "texts": results,
        "errors": errors,
        "overall": total(results, ok),
        "unseen": total(results, [i for i in ok if not results[i]["seen"]]),
    }


def pct(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.1%}"


def print_report(report: dict[str, Any], details: bool = False) -> None:
    """A compact table, one line per text, and the overall lines; lists only with `details`."""
    head = (
        "text                    recall  prec.   unit    stat.  period  excl r/w  crit  left"
        "  rel/fail"
    )
    print(head)

    def line(name: str, r: dict[str, Any]) -> None:
        c = r["counts"]
        print(
            f"{name[:22]:22} {pct(r['recall'])} {pct(r['precision'])} {pct(r['unit_named'])} "
            f"{pct(r['statistic_right'])} {pct(r['period_right'])} "
            f"{c['exclusions_right']:4}/{c['exclusions_wrong']:<4} {c['criticals']:4} "
            f"{c['unaccounted_after_accept']:5} {c['relations']:4}/{c['relations_failing']}"
        )

    for name, r in report["texts"].items():
        line(name[:20] + ("" if r["seen"] else " *"), r)
        if "error" in r.get("after_accept", {}):
            print(f"  accept/validate failed: {r['after_accept']['error']}")
    for name, err in report["errors"].items():
        print(f"{name}: failed: {err.splitlines()[0]}")
    line("overall", report["overall"])
    line("overall unseen (*)", report["unseen"])
    c = report["overall"]["counts"]
    print(
        f"  found {c['found']}/{c['figures']}, right {c['right']}/{c['proposals']}, "
        f"criticals by rule: {report['overall']['criticals_by_rule']}"
    )
    if not details:
        return
    for name, r in report["texts"].items():
        if "details" in r:  # a seen text's relations
            for relation in r.get("relations", []):
                print(f"  {name} relation: {json.dumps(relation, ensure_ascii=False)}")
        for kind, items in r.get("details", {}).items():
            for item in items:
                print(f"  {name} {kind}: {json.dumps(item, ensure_ascii=False)}")
