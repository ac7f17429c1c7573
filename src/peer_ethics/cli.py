"""``peer-ethics``: the kit's command line (demo, serving, grading, content checks)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _course_dir(args: argparse.Namespace) -> Path:
    import os

    from peer_ethics.paths import kit_root

    if args.course_dir:
        return Path(args.course_dir)
    # On the course's JupyterHub, instructors' servers set this (instructor/jupyterhub/).
    if os.environ.get("PEER_ETHICS_COURSE_DIR"):
        return Path(os.environ["PEER_ETHICS_COURSE_DIR"])
    return kit_root() / "assessments"


def _sync(targets: list[tuple[Path, str]], check: bool, command: str) -> int:
    """Write each ``(path, text)`` that differs, or with ``check`` only report them; exit code."""
    stale = []
    for path, text in targets:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(f"out of date (run `peer-ethics {command}`):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


def _cmd_build_course(args: argparse.Namespace) -> int:
    import nbformat

    from peer_ethics.content import check_references, modules
    from peer_ethics.content.loader import apps
    from peer_ethics.content.quality import alignment_markdown
    from peer_ethics.notebooks import app_notebook, module_notebook
    from peer_ethics.paths import kit_root

    problems = check_references()
    if problems:
        print("fix the content first (peer-ethics check-content):", *problems, sep="\n  ",
              file=sys.stderr)
        return 1
    root = kit_root()
    notebooks = [(root / "course" / m.notebook, module_notebook(m)) for m in modules()]
    notebooks += [(root / "widgets" / f"{stem}.ipynb", app_notebook(stem)) for stem in apps()]
    targets = [(path, nbformat.writes(nb) + "\n") for path, nb in notebooks]
    targets.append((root / "instructor" / "alignment.md", alignment_markdown()))
    return _sync(targets, args.check, "build-course")


def _cmd_build_assessments(args: argparse.Namespace) -> int:
    import nbformat

    from peer_ethics.grading.assessment_builder import build_source, load_spec
    from peer_ethics.paths import kit_root

    course = Path(args.course_dir) if args.course_dir else kit_root() / "assessments"
    targets = []
    for spec_path in sorted((course / "specs").glob("*.yaml")):
        spec = load_spec(spec_path)
        target = course / "source" / spec.assignment / f"{spec.assignment}.ipynb"
        targets.append((target, nbformat.writes(build_source(spec)) + "\n"))
    return _sync(targets, args.check, "build-assessments")


def _cmd_learner_build(args: argparse.Namespace) -> int:
    import shutil

    from peer_ethics.voila.serve import stage

    staged = stage()
    if args.out:
        out = Path(args.out)
        if out.exists() and any(out.iterdir()):
            raise FileExistsError(f"{out} is not empty; choose a new folder for --out")
        shutil.copytree(staged, out, dirs_exist_ok=True)
        staged = out
    print(f"learner build (no instructor notes, no outputs) in {staged}")
    return 0


def _cmd_check_module(args: argparse.Namespace) -> int:
    from peer_ethics.content.quality import check_module
    from peer_ethics.paths import kit_root

    problems = check_module(args.module, kit_root() / "assessments")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"module {args.module}: " + ("ready" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


def _cmd_check_content(args: argparse.Namespace) -> int:
    from peer_ethics.content import ContentError, check_references

    try:
        problems = check_references()
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    print("content OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def _cmd_score_reflections(args: argparse.Namespace) -> int:
    from peer_ethics.grading.cli import score_reflections_command

    return score_reflections_command(args.rubric, Path(args.input), explain=args.explain)


def _stem_count(text: str) -> tuple[str, int]:
    """Parse ``APP=N`` (an app stem and a kernel count) for ``room --preheat-app``."""
    stem, _, count = text.partition("=")
    if not stem or not count.isdigit():
        raise argparse.ArgumentTypeError(f"expected APP=N such as live_poll=30, got {text!r}")
    return stem, int(count)


def _cmd_room(args: argparse.Namespace) -> int:
    from peer_ethics.voila.room import room

    return room(port=args.port, facilitator_port=args.facilitator_port, ip=args.ip,
                max_kernels=args.max_kernels, cull_minutes=args.cull_minutes,
                pool_size=args.pool_size, preheat=args.preheat,
                preheat_apps=dict(args.preheat_app or []))


def _cmd_serve(args: argparse.Namespace) -> int:
    from peer_ethics.voila.serve import serve

    return serve(port=args.port, open_browser=args.open_browser, preheat=args.preheat)


def _cmd_demo(args: argparse.Namespace) -> int:
    from peer_ethics.grading.demo import run_demo

    code = run_demo(Path(args.course_dir) if args.course_dir else None)
    if code or args.no_serve:
        return code
    from peer_ethics.voila.serve import serve

    return serve(port=args.port, open_browser=False, preheat=True)


def _cmd_workflow(args: argparse.Namespace) -> int:
    from peer_ethics.grading import workflow

    course = _course_dir(args)
    if args.command == "release":
        return workflow.release(course, args.assignment, force=args.force)
    if args.command == "autograde":
        return workflow.autograde(course, args.assignment, jobs=args.jobs)
    if args.command == "feedback":
        return workflow.feedback(course, args.assignment)
    if args.command == "collect":
        return workflow.collect(course, args.assignment)
    if args.command == "release-feedback":
        return workflow.release_feedback(course, args.assignment)
    if args.command == "report":
        return workflow.report(course, args.assignment, Path(args.out) if args.out else None)
    return workflow.export_grades(course, Path(args.to), args.format)


def _cmd_hub_link(args: argparse.Namespace) -> int:
    from peer_ethics.hub import hub_link

    print(hub_link(args.hub, args.repo, branch=args.branch, path=args.path, app=args.app,
                   target=args.target))
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (one sub-command per task)."""
    parser = argparse.ArgumentParser(prog="peer-ethics", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="run a fictional cohort through real nbgrader, then serve Voila")
    p.add_argument("--course-dir", help="where to build the demo course (default: build/demo-course); "
                   "must be new or a previous demo course, as it is replaced")
    p.add_argument("--no-serve", action="store_true", help="stop after printing the grade table")
    p.add_argument("--port", type=int, default=8866)
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("serve", help="serve the learner-facing Voila apps (sources stripped)")
    p.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    p.add_argument("--open-browser", action="store_true")
    p.add_argument("--no-preheat", dest="preheat", action="store_false",
                   help="start a kernel per page load instead of keeping warm kernels ready")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("room", help="workshop room mode: apps for participants' own devices on the "
                       "room's network (kernel cap, idle culling) + a facilitator-only server")
    p.add_argument("--port", type=int, default=8866, help="participants' port (default 8866)")
    p.add_argument("--facilitator-port", type=int, default=8867,
                   help="the facilitator's port, on 127.0.0.1 only (default 8867)")
    p.add_argument("--ip", default="0.0.0.0",
                   help="interface participants reach (default 0.0.0.0: every interface)")
    p.add_argument("--max-kernels", type=int, default=40,
                   help="most participant kernels at once; more pages get 'the room is full' (40)")
    p.add_argument("--cull-minutes", type=float, default=20.0,
                   help="close a participant's kernel after this many idle minutes (20)")
    p.add_argument("--pool-size", type=int, default=0,
                   help="preheated kernels for every participants' notebook (0; use --preheat-app)")
    p.add_argument("--preheat-app", action="append", type=_stem_count, metavar="APP=N",
                   help="keep N kernels ready for an app the whole room opens at once, "
                   "e.g. live_poll=30 (repeatable; they count in --max-kernels)")
    p.add_argument("--no-preheat", dest="preheat", action="store_false",
                   help="start a kernel per page load instead of keeping warm kernels ready")
    p.set_defaults(func=_cmd_room)

    p = sub.add_parser("score-reflections",
                       help="score JSON lines {id, text} against a rubric; print JSON lines")
    p.add_argument("--rubric", required=True, help="a shipped rubric id or a rubric .yaml path")
    p.add_argument("input", help="JSON-lines file, one {\"id\", \"text\"} object per line")
    p.add_argument("--explain", action="store_true",
                   help="add review_reasons and evidence (the sentence that met each criterion)")
    p.set_defaults(func=_cmd_score_reflections)

    for name, help_text in (
        ("release", "generate the student version and release it to the exchange"),
        ("collect", "collect learners' submissions from the exchange into submitted/"),
        ("autograde", "autograde every submission (quiz items and reflections)"),
        ("feedback", "generate feedback HTML for every autograded submission"),
        ("release-feedback", "release feedback to the exchange, readable by each learner only"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("assignment")
        if name == "release":
            p.add_argument("--force", action="store_true",
                           help="replace a release already in the exchange")
        if name == "autograde":
            p.add_argument("--jobs", type=_positive, default=1,
                           help="learners graded in parallel (default 1; try the number of cores)")
        p.add_argument("--course-dir", help="nbgrader course folder (default: "
                       "$PEER_ETHICS_COURSE_DIR, else assessments/)")
        p.set_defaults(func=_cmd_workflow)
    p = sub.add_parser("report", help="item analysis (difficulty, discrimination, alpha) as HTML and CSV")
    p.add_argument("assignment")
    p.add_argument("--out", help="output folder (default: <course>/reports/<assignment>/)")
    p.add_argument("--course-dir", help="nbgrader course folder (default: assessments/)")
    p.set_defaults(func=_cmd_workflow)

    p = sub.add_parser("export-grades", help="export scores (no answer text) as CSV, or for Canvas/Moodle")
    p.add_argument("--to", default="grades.csv",
                   help="output file (default grades.csv in the current folder; keep it private)")
    p.add_argument("--format", choices=("csv", "canvas", "moodle"), default="csv")
    p.add_argument("--course-dir", help="nbgrader course folder (default: assessments/)")
    p.set_defaults(func=_cmd_workflow)

    p = sub.add_parser("build-course", help="regenerate course/ and widgets/ notebooks from YAML")
    p.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    p.set_defaults(func=_cmd_build_course)

    p = sub.add_parser("build-assessments",
                       help="regenerate nbgrader source masters from assessments/specs/*.yaml")
    p.add_argument("--check", action="store_true", help="only report masters that are out of date")
    p.add_argument("--course-dir", help="nbgrader course folder (default: assessments/)")
    p.set_defaults(func=_cmd_build_assessments)

    p = sub.add_parser("learner-build",
                       help="copy course/ and widgets/ without instructor notes, for learners")
    p.add_argument("--out", help="folder to write (default: build/voila-root, also what Voila serves)")
    p.set_defaults(func=_cmd_learner_build)

    p = sub.add_parser("check-module", help="every check one module must pass (for content authors)")
    p.add_argument("module", help="module id (data/modules/<id>.yaml); need not be in the syllabus")
    p.set_defaults(func=_cmd_check_module)

    p = sub.add_parser("check-content", help="validate every content file and cross-reference")
    p.set_defaults(func=_cmd_check_content)

    p = sub.add_parser("hub-link", help="print an nbgitpuller link that copies the learner build "
                       "into each learner's JupyterHub home, and updates it later")
    p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    p.add_argument("--repo", required=True,
                   help="git repository holding the learner build (https URL or a path on the hub)")
    p.add_argument("--branch", default="main", help="branch to pull (default main)")
    p.add_argument("--path", default="",
                   help="file or folder in the repository to open (default: its top folder)")
    p.add_argument("--app", choices=("lab", "voila"), default="lab",
                   help="open in JupyterLab (default) or render one notebook with Voila")
    p.add_argument("--target", help="folder in the learner's home (default: the repository's name)")
    p.set_defaults(func=_cmd_hub_link)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
    except Exception as exc:
        from peer_ethics.content import ContentError
        from peer_ethics.paths import KitNotFound

        if isinstance(exc, ContentError | KitNotFound | FileNotFoundError | FileExistsError | ValueError):
            print(f"peer-ethics {args.command}: error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
