"""The hub helpers without a hub: settings, nbgitpuller links, folders and their modes."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from peer_ethics import cli
from peer_ethics.hub import (
    check_readable_by_all,
    hub_link,
    make_private,
    prepare_course_dir,
    prepare_exchange,
    release_feedback_modes,
    server_environment,
    settings_from_env,
)

KIT = Path(__file__).resolve().parents[2]
ME = getpass.getuser()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_hub_link_opens_a_notebook_in_jupyterlab() -> None:
    """The link has nbgitpuller's shape, every value percent-encoded, the folder without .git."""
    assert hub_link("https://hub.example.org/", "https://github.com/example/peer-ethics-learner.git",
                    path="course/07-boundaries-and-dual-roles.ipynb") == (
        "https://hub.example.org/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fpeer-ethics-learner.git"
        "&branch=main"
        "&urlpath=lab%2Ftree%2Fpeer-ethics-learner%2Fcourse%2F07-boundaries-and-dual-roles.ipynb"
        "&targetpath=peer-ethics-learner")


def test_hub_link_to_the_top_folder_on_a_hub_under_a_prefix() -> None:
    """No path opens the folder itself; a hub's base URL is kept; branch and folder as given."""
    assert hub_link("https://example.org/jupyter", "/srv/peer-ethics/learner-content",
                    branch="week-2", target="ethics") == (
        "https://example.org/jupyter/hub/user-redirect/git-pull"
        "?repo=%2Fsrv%2Fpeer-ethics%2Flearner-content&branch=week-2&urlpath=lab%2Ftree%2Fethics"
        "&targetpath=ethics")


def test_hub_link_renders_an_app_with_voila() -> None:
    """With app='voila' the link opens the notebook rendered by Voila."""
    assert hub_link("http://127.0.0.1:8000", "https://git.example.org/course", app="voila",
                    path="/widgets/boundary_sorter.ipynb") == (
        "http://127.0.0.1:8000/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.example.org%2Fcourse"
        "&branch=main&urlpath=voila%2Frender%2Fcourse%2Fwidgets%2Fboundary_sorter.ipynb"
        "&targetpath=course")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"hub_url": "hub.example.org"}, "must start with http:// or https://"),
    ({"app": "voila"}, "Voila opens one notebook: give --path to a .ipynb file"),
    ({"app": "notebook"}, "app must be 'lab' or 'voila', not 'notebook'"),
    ({"target": "a/b"}, "cannot use 'a/b' as the folder in the learner's home; pass --target"),
    ({"repo": "https://example.org/.git"}, "cannot use '' as the folder"),
])
def test_hub_link_rejects_bad_input(kwargs: dict[str, str], message: str) -> None:
    """Each mistake gets an error that says what to change."""
    args = {"hub_url": "https://hub.example.org", "repo": "https://example.org/course.git", **kwargs}
    with pytest.raises(ValueError, match=re.escape(message)):
        hub_link(args.pop("hub_url"), args.pop("repo"), **args)


def test_hub_link_command_prints_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    """`peer-ethics hub-link` prints exactly the link, and exits 2 with a message on bad input."""
    assert cli.main(["hub-link", "--hub", "https://hub.example.org", "--repo",
                     "https://github.com/example/course", "--path", "course"]) == 0
    assert capsys.readouterr().out == (
        "https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample"
        "%2Fcourse&branch=main&urlpath=lab%2Ftree%2Fcourse%2Fcourse&targetpath=course\n")
    assert cli.main(["hub-link", "--hub", "hub.example.org", "--repo", "x"]) == 2
    assert capsys.readouterr().err == (
        "peer-ethics hub-link: error: the hub address must start with http:// or https://, "
        "not 'hub.example.org'\n")


def test_settings_defaults(tmp_path: Path) -> None:
    """With no variables set, every setting takes its documented default."""
    settings = settings_from_env({}, tmp_path)
    assert settings.instructors == () and settings.learners == () and settings.owner is None
    assert (settings.learner_group, settings.course_id, settings.course_dir) == (
        "peer-ethics", "peer-ethics", None)
    assert settings.exchange == Path("/srv/nbgrader/exchange")
    assert settings.python_env == Path("/opt/peer-ethics/venv")
    assert settings.proxy == "/opt/peer-ethics/node/node_modules/.bin/configurable-http-proxy"
    assert settings.bind_url == "http://:8000"
    assert settings.state_dir == Path("/srv/peer-ethics/hub")
    assert settings.jupyter_config == tmp_path / "jupyter-config"
    assert settings.resolved_course_dir() is None


def test_settings_from_variables(tmp_path: Path) -> None:
    """Names are split on commas and trimmed; the first instructor owns the course."""
    settings = settings_from_env({
        "PEER_ETHICS_INSTRUCTORS": " alex, sam ", "PEER_ETHICS_LEARNERS": "kim,lee_2,",
        "PEER_ETHICS_COURSE_ID": "ethics-2027", "PEER_ETHICS_COURSE_DIR": "/home/alex/course",
        "PEER_ETHICS_JUPYTER_CONFIG": "/opt/config"}, tmp_path)
    assert (settings.instructors, settings.learners, settings.owner) == (
        ("alex", "sam"), ("kim", "lee_2"), "alex")
    assert (settings.course_id, settings.resolved_course_dir(), settings.jupyter_config) == (
        "ethics-2027", Path("/home/alex/course"), Path("/opt/config"))


@pytest.mark.parametrize(("env", "message"), [
    ({"PEER_ETHICS_LEARNERS": "kim,Lee Smith"},
     "PEER_ETHICS_LEARNERS: 'Lee Smith' is not a Unix user name"),
    ({"PEER_ETHICS_INSTRUCTORS": "alex", "PEER_ETHICS_LEARNERS": "alex"},
     "alex listed as both instructor and learner"),
    ({"PEER_ETHICS_COURSE_ID": "peer ethics"}, "PEER_ETHICS_COURSE_ID='peer ethics': use letters"),
])
def test_settings_reject_bad_values(env: dict[str, str], message: str, tmp_path: Path) -> None:
    """Malformed names and a person in both roles are refused with the variable named."""
    with pytest.raises(ValueError, match=message):
        settings_from_env(env, tmp_path)


def test_course_dir_defaults_to_the_owners_home(tmp_path: Path) -> None:
    """Formgrader needs the course inside the owner's home: ~owner/peer-ethics-course."""
    settings = settings_from_env({"PEER_ETHICS_INSTRUCTORS": ME}, tmp_path)
    assert settings.resolved_course_dir() == Path(os.path.expanduser(f"~{ME}")) / "peer-ethics-course"
    with pytest.raises(KeyError, match="no Unix account 'no-such-user-x1': create it first"):
        settings_from_env({"PEER_ETHICS_INSTRUCTORS": "no-such-user-x1"}, tmp_path).resolved_course_dir()


def test_server_environment_per_role(tmp_path: Path) -> None:
    """Learners get learner+common config; instructors also get their course folder."""
    env_dir = tmp_path / "venv"
    (env_dir / "lib" / "python3.11" / "site-packages" / "peer_ethics").mkdir(parents=True)
    settings = settings_from_env({"PEER_ETHICS_PYTHON_ENV": str(env_dir),
                                  "PEER_ETHICS_COURSE_DIR": "/home/alex/course",
                                  "PEER_ETHICS_EXCHANGE": "/srv/x"}, tmp_path)
    learner = server_environment(settings, "learner")
    assert learner == {
        "JUPYTER_CONFIG_PATH": f"{tmp_path}/jupyter-config/learner:{tmp_path}/jupyter-config/common",
        "PATH": f"{env_dir}/bin:/usr/local/bin:/usr/bin:/bin",
        "VIRTUAL_ENV": str(env_dir),
        "PEER_ETHICS_COURSE_ID": "peer-ethics",
        "PEER_ETHICS_EXCHANGE": "/srv/x",
        "JUPYTER_PATH": f"{env_dir}/lib/python3.11/site-packages/peer_ethics",
    }
    instructor = server_environment(settings, "instructor")
    assert instructor == {
        **learner, "PEER_ETHICS_COURSE_DIR": "/home/alex/course",
        "JUPYTER_CONFIG_PATH": f"{tmp_path}/jupyter-config/instructor:{tmp_path}/jupyter-config/common"}
    with pytest.raises(ValueError, match="role must be 'learner' or 'instructor', not 'admin'"):
        server_environment(settings, "admin")


def test_prepare_exchange_makes_a_sticky_root_and_an_owned_course_folder(tmp_path: Path) -> None:
    """Root 1777, course folder 0755 owned by the owner; a stranger's folder is refused."""
    course = prepare_exchange(tmp_path / "exchange", "peer-ethics", ME)
    assert (_mode(tmp_path / "exchange"), _mode(course)) == (0o1777, 0o755)
    assert course.stat().st_uid == os.geteuid()
    assert prepare_exchange(tmp_path / "exchange", "peer-ethics", ME) == course  # idempotent
    if os.geteuid() == 0:
        os.chown(course, 65534, 65534)
        with pytest.raises(PermissionError, match="belongs to uid 65534, not to the course owner"):
            prepare_exchange(tmp_path / "exchange", "peer-ethics", ME)


def test_prepare_course_dir_copies_the_course_once(tmp_path: Path) -> None:
    """Config, masters and specs are copied owner-only; an existing folder is left alone."""
    target = tmp_path / "home" / "peer-ethics-course"
    assert prepare_course_dir(target, KIT / "assessments", ME) is True
    assert (target / "nbgrader_config.py").read_bytes() == (
        KIT / "assessments" / "nbgrader_config.py").read_bytes()
    assert (target / "source" / "boundaries" / "boundaries.ipynb").is_file()
    assert not (target / "gradebook.db").exists() and not (target / "release").exists()
    assert {_mode(p) for p in [target, *target.rglob("*")] if p.is_dir()} == {0o700}
    assert {_mode(p) for p in target.rglob("*") if p.is_file()} == {0o600}
    (target / "gradebook.db").write_text("grades")
    assert prepare_course_dir(target, KIT / "assessments", ME) is False
    assert (target / "gradebook.db").read_text() == "grades"
    with pytest.raises(FileNotFoundError, match=re.escape("is not the kit's course: no nbgrader_config.py")):
        prepare_course_dir(tmp_path / "new", tmp_path, ME)


def test_make_private_and_release_feedback_modes(tmp_path: Path) -> None:
    """A 0755 home becomes 0700; released feedback files become 0644, others stay."""
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert make_private(home) is True and _mode(home) == 0o700
    assert make_private(home) is False
    feedback = tmp_path / "feedback"
    feedback.mkdir()
    for name, mode in (("a1.html", 0o600), ("b2.html", 0o644), ("notes.txt", 0o600)):
        (feedback / name).write_text(name)
        (feedback / name).chmod(mode)
    assert release_feedback_modes(feedback) == [feedback / "a1.html"]
    assert [_mode(feedback / n) for n in ("a1.html", "b2.html", "notes.txt")] == [0o644, 0o644, 0o600]


def test_check_readable_by_all() -> None:
    """Readable folders pass; a closed folder above or inside is named with the fix."""
    top = Path(tempfile.mkdtemp(prefix="peer-ethics-readable-"))  # /tmp: every user can enter
    try:
        root = top / "config"
        (root / "learner").mkdir(parents=True)
        (root / "learner" / "page_config.json").write_text("{}")
        for path in (top, root, root / "learner"):
            path.chmod(0o755)
        (root / "learner" / "page_config.json").chmod(0o644)
        check_readable_by_all(root)
        (root / "learner").chmod(0o750)
        with pytest.raises(PermissionError, match=re.escape(
                f"{root / 'learner'} is not readable by other users: chmod -R a+rX {root}")):
            check_readable_by_all(root)
        top.chmod(0o700)
        with pytest.raises(PermissionError, match=re.escape(
                f"{top} is not searchable by other users, so learners' servers cannot read {root}")):
            check_readable_by_all(root)
    finally:
        shutil.rmtree(top)


def test_shipped_jupyter_config_switches_formgrader_off_for_learners_only() -> None:
    """learner/ turns formgrader off (server and lab); instructor/ sets the course folder."""
    import json

    config = KIT / "instructor" / "jupyterhub" / "jupyter-config"
    server = json.loads((config / "learner/jupyter_server_config.d/peer-ethics-learner.json").read_text())
    assert server == {"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False}}}
    lab = json.loads((config / "learner/labconfig/page_config.json").read_text())
    assert sorted(lab["disabledExtensions"]) == [
        "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:formgrader"]
    assert sorted(p.name for p in (config / "instructor").iterdir()) == ["nbgrader_config.py"]
    assert sorted(p.name for p in (config / "common").iterdir()) == [
        "jupyter_server_config.py", "nbgrader_config.py"]
