"""Reflection scorer: agreement with human labels and reflections scored per second.

Agreement (QWK, criterion accuracy, flag rate) on the shared sample (if ../shared is beside
the checkout) and on the kit's dev and holdout sets; speed against a baseline measured in the
same run: a plain keyword count over the same texts (what a naive scorer costs).

    .venv/bin/python benchmarks/reflection_scorer.py
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import yaml

from peer_ethics.content import rubric
from peer_ethics.grading.agreement import measure
from peer_ethics.grading.reflection import score_reflection

KIT = Path(__file__).resolve().parents[1]
SETS = {
    "shared sample": KIT.parent / "shared" / "reflections" / "sample.yaml",
    "dev (tuned on)": KIT / "tests" / "grading" / "data" / "reflections_dev.yaml",
    "holdout (unseen)": KIT / "tests" / "grading" / "data" / "reflections_holdout.yaml",
}


def main() -> None:
    every = []
    print(f"{'set':<18}{'n':>4}{'QWK':>7}{'QWK unflagged':>15}{'criterion acc':>15}{'flagged':>9}")
    for name, path in SETS.items():
        if not path.is_file():
            print(f"{name:<18} (missing: {path})")
            continue
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        every += items
        r = measure(items)
        print(f"{name:<18}{r.n:>4}{r.qwk:>7.3f}{r.qwk_unflagged:>15.3f}{r.criterion_accuracy:>15.3f}"
              f"{r.flag_rate:>9.1%}" + (f"  cap violations: {r.cap_violations}" if r.cap_violations else ""))
    rubrics = {i["rubric"]: rubric(i["rubric"]) for i in every}
    texts = [(i["text"], rubrics[i["rubric"]]) for i in every] * 20
    words = re.compile(r"supervis|polic|boundar|thank|release|goal")
    start = time.perf_counter()
    for text, _ in texts:
        len(words.findall(text))
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    for text, rub in texts:
        score_reflection(text, rub)
    scorer = time.perf_counter() - start
    print(f"\nspeed over {len(texts)} reflections: scorer {len(texts) / scorer:,.0f}/s; "
          f"naive keyword count {len(texts) / baseline:,.0f}/s; ratio {scorer / baseline:.0f}x slower")


if __name__ == "__main__":
    main()
