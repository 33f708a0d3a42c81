"""Rules are general on the development corpus too: no figure of a corpus text appears in the
code (`src/**/*.py`, docstrings and comments included), so that a rule written while reading
a text cannot carry its numbers. Every text counts, seen or unseen: a number of an unseen text
in the code would mean it was read. (Lexicons are data and are not searched.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpus"


def _printed_numbers() -> dict[str, str]:
    """Printed figures of four digits or more that are not a year (1000–2100), with the text
    that prints them: "2 311", "1,250", "16763"."""
    found: dict[str, str] = {}
    for truth_path in sorted(CORPUS.glob("*/truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for figure in truth.get("figures", []):
            printed = str(figure.get("printed", ""))
            for token in re.findall(
                r"[0-9]+(?:[ ,.\u00a0\u2009'][0-9]{3})*(?:[.,][0-9]+)?", printed
            ):
                digits = re.sub(r"[^0-9]", "", token)
                if len(digits) < 4 or (len(digits) == 4 and 1000 <= int(digits) <= 2100):
                    continue
                if re.fullmatch(r"10+", digits):
                    continue  # 1000, 10000: constants of any code
                found.setdefault(token, truth_path.parent.name)
    return found


def test_nothing_in_src_names_a_figure_of_a_corpus_text() -> None:
    code = {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "src").rglob("*.py"))}
    named = []
    for token, text in sorted(_printed_numbers().items()):
        pattern = re.escape(token).replace(r"\ ", r"[\s\u00a0\u2009]")
        for path, source in code.items():
            if re.search(rf"(?<![0-9A-Za-z_.,]){pattern}(?![0-9])", source):
                named.append(f"{token} ({text}) in {path.relative_to(ROOT)}")
    assert named == []
