"""``peer-ethics score-reflections``: score JSON-lines reflections against a rubric."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from peer_ethics.content import ContentError, rubric
from peer_ethics.grading.reflection import score_reflection

__all__ = ["score_reflections_command"]


def score_reflections_command(rubric_ref: str, input_path: Path, out: TextIO | None = None,
                              err: TextIO | None = None, explain: bool = False) -> int:
    """Score each line ``{"id", "text"}`` of ``input_path``; print one JSON line per input.

    Output lines: ``{"id", "score", "criteria": {criterion_id: 0 or 1}, "needs_review",
    "feedback"}`` (plus ``review_reasons`` and ``evidence`` with ``explain``). A malformed
    line is reported on ``err`` by line number (never with its text) and skipped; the others
    are still scored.

    Returns
    -------
    int
        0 when every line was scored, 1 when some lines were malformed, 2 when the rubric or
        the input file cannot be read.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        rub = rubric(rubric_ref)
        lines = input_path.read_text(encoding="utf-8").splitlines()
    except (ContentError, OSError, UnicodeDecodeError) as exc:
        print(f"score-reflections: error: {exc}", file=err)
        return 2
    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "id" not in item:
                raise ValueError('expected an object with "id" and a string "text"')
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            bad += 1
            print(f"score-reflections: {input_path}:{number}: skipped: {exc.__class__.__name__}: "
                  f"{exc if not isinstance(exc, json.JSONDecodeError) else 'not valid JSON'}",
                  file=err)
            continue
        verdict = score_reflection(item["text"], rub)
        print(json.dumps(verdict.as_json(str(item["id"]), explain=explain), ensure_ascii=False),
              file=out)
    return 1 if bad else 0
