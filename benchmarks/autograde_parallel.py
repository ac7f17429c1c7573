"""Stock ``nbgrader autograde`` against ``peer-ethics autograde --jobs N`` on 60 submissions.

Both grade copies of the same cohort of fictional submissions, in the same run, with the same
course configuration; the script prints seconds per submission for each, their ratio, and
whether every learner's grades are identical.

    .venv/bin/python benchmarks/autograde_parallel.py [--learners 60] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peer_ethics.grading import demo, workflow
from peer_ethics.paths import kit_root


def _run(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stock, kit = Path(tmp) / "stock", Path(tmp) / "kit"
        demo.prepare_course(kit_root() / "assessments", stock)
        assert workflow.api(stock).generate_assignment("boundaries", force=True)["success"]
        demo.build_cohort(stock, tuple(
            demo.DemoLearner(f"learner{i:03d}", "Learner", c.answers, c.reflection, c.delete)
            for i in range(args.learners) for c in [demo.COHORT[i % len(demo.COHORT)]]))
        shutil.copytree(stock, kit)
        stock_s = _run(["nbgrader", "autograde", "boundaries"], stock)
        kit_s = _run([str(Path(sys.executable).parent / "peer-ethics"), "autograde", "boundaries",
                      "--jobs", str(args.jobs), "--course-dir", str(kit)], kit)
        grades = lambda course: {r.student: r.scores for r in workflow.grade_table(course, "boundaries")}  # noqa: E731
        same = grades(stock) == grades(kit)
    n = args.learners
    print(f"autograde of {n} submissions (2-core machine; whole command, start-up included):")
    print(f"  stock nbgrader autograde:              {stock_s / n:.3f} s per submission ({stock_s:.1f} s)")
    print(f"  peer-ethics autograde --jobs {args.jobs}:        {kit_s / n:.3f} s per submission "
          f"({kit_s:.1f} s)")
    print(f"  speed-up:                              {stock_s / kit_s:.2f}x")
    print(f"  identical grades for every learner:    {same}")


if __name__ == "__main__":
    main()
