"""A real course on JupyterHub: the kit's hub config, real Unix users, nbgrader end to end.

The hub (jupyterhub 6, run as root from this Python) loads
``instructor/jupyterhub/jupyterhub_config.py`` with only ports and paths overridden; npm's
configurable-http-proxy and the servers' Python env come from ``scripts/hub-deps``
(``/opt/peer-ethics``). One instructor and two learners are real Unix users made for the test
(random suffix) and removed at the end, with every process they ran. Each user is driven
through the hub's proxy with their own token; the grading commands run as the instructor with
``runuser``, with the environment the hub gives the instructor's server.

Needs root. Under CI=true a missing requirement fails the test; elsewhere it skips.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import nbformat
import pytest
import requests

from peer_ethics.grading import demo, workflow
from peer_ethics.hub import HubSettings, hub_link, server_environment, settings_from_env
from peer_ethics.notebooks import learner_build, strip_outputs

pytestmark = [pytest.mark.hub, pytest.mark.slow]

KIT = Path(__file__).resolve().parents[2]
HUB_DIR = KIT / "instructor" / "jupyterhub"
PREFIX = Path(os.environ.get("PEER_ETHICS_HUB_PREFIX", "/opt/peer-ethics"))
PYTHON_ENV = PREFIX / "venv"
PROXY = PREFIX / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
HUB_COMMAND = Path(sys.executable).parent / "jupyterhub"
COURSE_ID = "peer-ethics"
ASSIGNMENT = "boundaries"
CONTENT = "peer-ethics-course"  # the learner-content repository's folder in each home
STRONG, PARTIAL = demo.COHORT[0], demo.COHORT[1]  # every answer right; half right


def _missing() -> str | None:
    """Why this machine cannot run the hub test, or None."""
    if os.geteuid() != 0:
        return "needs root (the hub starts servers as real Unix users)"
    for tool in ("useradd", "userdel", "runuser", "git", "node"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not HUB_COMMAND.is_file():
        return f"jupyterhub is not installed in {sys.prefix} (pip install -e '.[test]')"
    if not (PYTHON_ENV / "bin" / "jupyterhub-singleuser").is_file():
        return f"no servers' Python env in {PYTHON_ENV}: run scripts/hub-deps as root"
    if not PROXY.is_file():
        return f"configurable-http-proxy is not installed in {PROXY.parent}: run scripts/hub-deps"
    stamp = PYTHON_ENV / ".peer-ethics-installed"  # what scripts/hub-deps touches after installing
    packaged = [KIT / "pyproject.toml", *(p for p in (KIT / "src" / "peer_ethics").rglob("*")
                                          if p.is_file() and "__pycache__" not in p.parts)]
    stale = [p for p in packaged if not stamp.is_file() or p.stat().st_mtime > stamp.stat().st_mtime]
    if stale:
        return (f"the servers' Python env holds an older copy of the kit ({stale[0].relative_to(KIT)} "
                "changed since): run scripts/hub-deps")
    return None


def _listening(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pids_of(uids: set[int]) -> list[int]:
    """Processes whose real user is one of ``uids`` (read from /proc)."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid_line = next(x for x in status.read_text().splitlines() if x.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if int(uid_line.split()[1]) in uids:
            pids.append(int(status.parent.name))
    return pids


def _kill(pid: int, sig: signal.Signals = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


@dataclass
class Hub:
    """The running hub, its users (Unix names) and what the test learned on the way."""

    url: str
    tmp: Path
    settings: HubSettings
    instructor: str
    learners: tuple[str, str]
    log_path: Path
    admin: requests.Session
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def log(self, lines: int = 60) -> str:
        """The last ``lines`` lines the hub and the servers logged."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def user_url(self, user: str, path: str) -> str:
        """Address of ``path`` on ``user``'s server, through the hub's proxy."""
        return f"{self.url}/user/{user}/{path.lstrip('/')}"

    def get(self, user: str, path: str, **kwargs: Any) -> requests.Response:
        """GET ``path`` on ``user``'s server as that user (their own token)."""
        return self.sessions[user].get(self.user_url(user, path), timeout=60, **kwargs)

    def post(self, user: str, path: str, **kwargs: Any) -> requests.Response:
        """POST to ``path`` on ``user``'s server as that user."""
        return self.sessions[user].post(self.user_url(user, path), timeout=120, **kwargs)

    def as_user(self, user: str, *command: str) -> subprocess.CompletedProcess[str]:
        """Run ``command`` as the Unix ``user``, in their home, with their server's environment."""
        role = "instructor" if user == self.instructor else "learner"
        env = {"HOME": f"/home/{user}", "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
               **server_environment(self.settings, role)}
        return subprocess.run(
            ["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
             *command],
            cwd=f"/home/{user}", capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def users() -> Iterator[tuple[str, str, str]]:
    """One instructor and two learners as real Unix users; removed (and their processes) after."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the hub test cannot run: {reason}")
        pytest.skip(reason)
    suffix = secrets.token_hex(3)
    names = (f"pe-inst-{suffix}", f"pe-learn1-{suffix}", f"pe-learn2-{suffix}")
    made: list[str] = []
    try:
        for name in names:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
            made.append(name)
        yield names
    finally:
        uids = set()
        for name in made:
            result = subprocess.run(["id", "-u", name], capture_output=True, text=True, check=False)
            if result.returncode == 0:
                uids.add(int(result.stdout))
        for _ in range(3):  # servers, kernels, git: anything still running as a test user
            pids = _pids_of(uids)
            if not pids:
                break
            for pid in pids:
                _kill(pid)
            time.sleep(0.5)
        for name in made:
            subprocess.run(["userdel", "--remove", "--force", name], capture_output=True, check=False)


def _wait_for(predicate: Callable[[], Any], timeout: float, what: str,
              hub_log: Callable[[], str] | None = None) -> float:
    """Poll ``predicate()`` until truthy; return seconds waited. Fails after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if predicate():
                return time.perf_counter() - start
        except OSError:  # not listening yet (requests' errors are OSErrors too)
            pass
        time.sleep(0.2)
    detail = hub_log() if hub_log else ""
    pytest.fail(f"{what} not ready after {timeout:.0f} s\n{detail}")


@pytest.fixture(scope="module")
def hub(users: tuple[str, str, str]) -> Iterator[Hub]:
    """The kit's hub on free local ports, every user's server started and a token per user."""
    start_all = time.perf_counter()
    instructor, learner1, learner2 = users
    # Users' servers read the Jupyter config folders: a readable copy (pytest's tmp is 0700).
    tmp = Path(tempfile.mkdtemp(prefix="peer-ethics-hub-"))
    tmp.chmod(0o755)
    shutil.copytree(HUB_DIR / "jupyter-config", tmp / "jupyter-config")
    subprocess.run(["chmod", "-R", "a+rX", str(tmp / "jupyter-config")], check=True)
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    admin_token = secrets.token_hex(32)
    env_settings = {
        "PEER_ETHICS_INSTRUCTORS": instructor,
        "PEER_ETHICS_LEARNERS": f"{learner1},{learner2}",
        "PEER_ETHICS_EXCHANGE": str(tmp / "exchange"),
        "PEER_ETHICS_PYTHON_ENV": str(PYTHON_ENV),
        "PEER_ETHICS_PROXY": str(PROXY),
        "PEER_ETHICS_HUB_URL": f"http://127.0.0.1:{port}",
        "PEER_ETHICS_HUB_STATE": str(tmp / "hub-state"),
        "PEER_ETHICS_JUPYTER_CONFIG": str(tmp / "jupyter-config"),
    }
    test_config = tmp / "test_config.py"
    test_config.write_text(textwrap.dedent(f"""\
        # The kit's hub config, with the hub's internal ports moved to free ones and an admin
        # service for the test (it starts servers and makes each user's token).
        c = get_config()  # noqa: F821
        load_subconfig({str(HUB_DIR / "jupyterhub_config.py")!r})  # noqa: F821
        c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
        c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
        c.JupyterHub.services = [{{"name": "course-test", "api_token": {admin_token!r}}}]
        c.JupyterHub.load_roles = [{{"name": "admin", "services": ["course-test"]}}]
        # Answer "starting" at once, so the three servers start side by side.
        c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 0}}
        """), encoding="utf-8")
    hub_env = {k: v for k, v in os.environ.items() if not k.startswith(("PEER_ETHICS_", "JUPYTER"))}
    hub_env.update(env_settings)
    log_path = tmp / "hub.log"
    url = f"http://127.0.0.1:{port}"
    admin = requests.Session()
    admin.headers["Authorization"] = f"token {admin_token}"
    settings = settings_from_env(env_settings, HUB_DIR)
    with log_path.open("wb") as log:
        process = subprocess.Popen([str(HUB_COMMAND), "-f", str(test_config)], cwd=tmp, env=hub_env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    state = Hub(url, tmp, settings, instructor, (learner1, learner2), log_path, admin)
    try:
        state.seconds["hub start"] = _wait_for(
            lambda: process.poll() is None and admin.get(f"{url}/hub/api/", timeout=5).ok,
            60, "the hub", state.log)
        start = time.perf_counter()
        for user in users:
            response = admin.post(f"{url}/hub/api/users/{user}/server", timeout=30)
            assert response.status_code in (201, 202), response.text
        for user in users:
            _wait_for(lambda u=user: admin.get(f"{url}/hub/api/users/{u}", timeout=5)
                      .json()["servers"].get("", {}).get("ready"), 120, f"{user}'s server", state.log)
        state.seconds["3 user servers start (in parallel)"] = time.perf_counter() - start
        for user in users:
            response = admin.post(f"{url}/hub/api/users/{user}/tokens", timeout=30,
                                  json={"expires_in": 1800, "note": "hub course test"})
            assert response.status_code == 201, response.text
            session = requests.Session()
            session.headers["Authorization"] = f"token {response.json()['token']}"
            state.sessions[user] = session
        yield state
    finally:
        state.seconds["total"] = time.perf_counter() - start_all
        print("\nhub test timings (s):", {k: round(v, 1) for k, v in state.seconds.items()})
        for session in [admin, *state.sessions.values()]:
            session.close()
        if process.poll() is None:  # JupyterHub stops every server and the proxy on SIGTERM
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        artifacts = KIT / "test-artifacts"  # the hub's and servers' log, for a failure in CI
        artifacts.mkdir(exist_ok=True)
        shutil.copy(log_path, artifacts / "hub-course.log")
        pid_file = tmp / "hub-state" / "jupyterhub-proxy.pid"
        if pid_file.is_file():  # the proxy runs in its own session: stop it by its id
            _kill(int(pid_file.read_text().strip()))
        shutil.rmtree(tmp, ignore_errors=True)


def _answer(hub: Hub, learner: str, answers: demo.DemoLearner) -> None:
    """Fill in the fetched notebook through the Jupyter contents API, as the learner."""
    path = f"api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    response = hub.get(learner, path)
    assert response.status_code == 200, response.text
    released = nbformat.from_dict(response.json()["content"])
    answered = demo._answer(released, answers)
    response = hub.sessions[learner].put(hub.user_url(learner, path), timeout=60,
                                         json={"type": "notebook", "format": "json",
                                               "content": answered})
    assert response.status_code == 200, response.text


def _action(hub: Hub, learner: str, action: str) -> list[dict[str, object]]:
    """An nbgrader assignment-list action (fetch, submit, fetch_feedback) as the learner."""
    response = hub.post(learner, f"assignments/{action}",
                        data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"], body
    return list(body["value"])


def _formgrader(hub: Hub, action: str) -> dict[str, object]:
    response = hub.post(hub.instructor, f"formgrader/api/assignment/{ASSIGNMENT}/{action}")
    assert response.status_code == 200, response.text
    result = dict(response.json())
    assert result["success"], result
    return result


def _kit(hub: Hub, *args: str) -> str:
    """Run ``peer-ethics ARGS`` as the instructor (course folder from their environment)."""
    result = hub.as_user(hub.instructor, str(PYTHON_ENV / "bin" / "peer-ethics"), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def graded(hub: Hub) -> Hub:
    """Release, fetch, answer, submit, collect, autograde, feedback, fetch feedback: for real."""
    start = time.perf_counter()
    _formgrader(hub, "assign")  # formgrader, in the instructor's server, through the hub
    _formgrader(hub, "release")
    for learner, answers in zip(hub.learners, (STRONG, PARTIAL), strict=True):
        fetched = _action(hub, learner, "fetch")
        assert [(a["assignment_id"], a["status"]) for a in fetched] == [(ASSIGNMENT, "fetched")]
        _answer(hub, learner, answers)
        submitted = _action(hub, learner, "submit")
        assert {a["status"] for a in submitted} == {"fetched", "submitted"}
    collected = _formgrader(hub, "collect")
    assert "Collecting submission" in str(collected["log"]), collected
    assert "autograded 2 of 2 submissions" in _kit(hub, "autograde", ASSIGNMENT)
    assert "wrote feedback for 2 learners" in _kit(hub, "feedback", ASSIGNMENT)
    assert "2 files made readable" in _kit(hub, "release-feedback", ASSIGNMENT)
    for learner in hub.learners:
        _action(hub, learner, "fetch_feedback")
    hub.seconds["course flow (release .. fetch feedback)"] = time.perf_counter() - start
    return hub


def test_instructor_gets_formgrader_and_learners_do_not(hub: Hub) -> None:
    """Through the hub: formgrader answers the instructor; learners get 404 and no menu entry."""
    assert hub.get(hub.instructor, "formgrader/api/assignments").status_code == 200
    for learner in hub.learners:
        for path in ("formgrader", "formgrader/", "formgrader/api/assignments",
                     "formgrader/manage_assignments"):
            response = hub.get(learner, path)  # "formgrader/" redirects to "formgrader" first
            assert response.status_code == 404, (learner, path, response.status_code)
            assert response.url == hub.user_url(learner, path.rstrip("/"))
        # ... and another user's server is closed to them altogether.
        response = hub.sessions[learner].get(hub.user_url(hub.instructor, "formgrader/api/assignments"),
                                             timeout=30, allow_redirects=False)
        assert response.status_code == 403


def _page_config(hub: Hub, user: str) -> dict[str, Any]:
    response = hub.get(user, "lab")
    assert response.status_code == 200, response.status_code
    text = response.text
    start = text.index('<script id="jupyter-config-data" type="application/json">')
    start = text.index(">", start) + 1
    return dict(json.loads(text[start:text.index("</script>", start)]))


def test_learners_get_jupyterlab_with_the_assignment_list_not_the_instructor_tools(hub: Hub) -> None:
    """A learner's server opens /lab with nbgrader's assignment list; the instructor's has all."""
    for learner in hub.learners:
        response = hub.get(learner, "", allow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"].split("?")[0] == f"/user/{learner}/lab"  # default URL
        config = _page_config(hub, learner)
        assert sorted(config["disabledExtensions"]) == [
            "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment",
            "@jupyter/nbgrader:formgrader"]
        assert "@jupyter/nbgrader" in [e["name"] for e in config["federated_extensions"]]
        assert hub.get(learner, "assignments", params={"course_id": COURSE_ID}).status_code == 200
    assert _page_config(hub, hub.instructor)["disabledExtensions"] == []


def test_gradebook_holds_the_exact_scores(graded: Hub) -> None:
    """Autograde on the hub gives the same per-cell scores as the kit's demo for those answers."""
    course_dir = graded.settings.resolved_course_dir()
    assert course_dir == Path(f"/home/{graded.instructor}/peer-ethics-course")
    scores = {row.student: row.scores for row in workflow.grade_table(course_dir, ASSIGNMENT)}
    learner1, learner2 = graded.learners
    assert scores == {
        learner1: {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "q6": 1, "q7": 1, "q8": 1, "q9": 1,
                   "boundaries-gift": 4},
        learner2: {"q1": 1, "q2": 0, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 1, "q9": 0.33,
                   "boundaries-gift": 2},
    }
    totals = {row.student: row.total for row in workflow.grade_table(course_dir, ASSIGNMENT)}
    assert totals == {learner1: 13.0, learner2: pytest.approx(6.33)}


def test_each_learner_fetches_their_own_feedback(graded: Hub) -> None:
    """Each learner's fetched feedback shows their own total, read through their server."""
    for learner, total in zip(graded.learners, ("13.0", "6.33"), strict=True):
        listing = graded.get(learner, f"api/contents/{ASSIGNMENT}/feedback").json()["content"]
        assert len(listing) == 1  # one submission, one timestamped feedback folder
        html = graded.get(learner, f"api/contents/{listing[0]['path']}/{ASSIGNMENT}.html",
                          params={"format": "text", "type": "file"}).json()["content"]
        assert f"{ASSIGNMENT} (Score: {total} / 13.0)" in html


PROBE = """
import glob, json, os, sys
out = {}
def attempt(name, action):
    try:
        value = action()
        out[name] = "allowed" if value is None else value
    except PermissionError:
        out[name] = "PermissionError"
    except FileNotFoundError:
        out[name] = "FileNotFoundError"
exchange, course, other_home, instructor_home = sys.argv[1:]
attempt("list inbound", lambda: os.listdir(f"{exchange}/{course}/inbound"))
attempt("list released feedback", lambda: os.listdir(f"{exchange}/{course}/feedback"))
attempt("find submissions", lambda: glob.glob(f"{exchange}/{course}/inbound/*/*.ipynb"))
attempt("list other learner's home", lambda: os.listdir(other_home))
attempt("read other learner's answers",
        lambda: open(f"{other_home}/boundaries/boundaries.ipynb").close())
attempt("list other learner's nbgrader cache",
        lambda: os.listdir(f"{other_home}/.local/share/jupyter/nbgrader_cache"))
attempt("read instructor's gradebook",
        lambda: open(f"{instructor_home}/peer-ethics-course/gradebook.db", "rb").close())
print(json.dumps(out))
"""


def test_learners_cannot_read_each_others_work(graded: Hub) -> None:
    """As each learner's Unix user: no listing of the exchange, nothing of the other learner."""
    exchange = graded.settings.exchange
    for learner, other in (graded.learners, graded.learners[::-1]):
        result = graded.as_user(learner, str(PYTHON_ENV / "bin" / "python"), "-c", PROBE,
                                str(exchange), COURSE_ID, f"/home/{other}", f"/home/{graded.instructor}")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {
            "list inbound": "PermissionError",
            "list released feedback": "PermissionError",
            "find submissions": [],
            "list other learner's home": "PermissionError",
            "read other learner's answers": "PermissionError",
            "list other learner's nbgrader cache": "PermissionError",
            "read instructor's gradebook": "PermissionError",
        }
        # Through the hub, too: another learner's server refuses this learner's token.
        response = graded.sessions[learner].get(graded.user_url(other, f"api/contents/{ASSIGNMENT}"),
                                                timeout=30, allow_redirects=False)
        assert response.status_code == 403


@pytest.fixture(scope="module")
def content_repo(hub: Hub) -> Iterator[tuple[Path, str]]:
    """The learner build of two notebooks in a git repository that git's daemon serves on 127.0.0.1.

    Like a hosted repository (git's smart protocol: nbgitpuller's shallow clones work); a plain
    path on the hub would need ``safe.directory`` set for every learner.
    """
    git_root = hub.tmp / "git"
    bare = git_root / f"{CONTENT}.git"
    work = hub.tmp / "content-work"
    git = partial(subprocess.run, check=True, capture_output=True)
    git(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(bare)])
    git(["git", "init", "--quiet", "--initial-branch=main", str(work)])
    for source in ("course/07-boundaries-and-dual-roles.ipynb", "widgets/boundary_sorter.ipynb"):
        nb = strip_outputs(learner_build(nbformat.read(KIT / source, as_version=4)))
        (work / source).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, work / source)
    _publish(work, bare, "Learner build")
    port = _free_port()
    daemon = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", f"--port={port}",
         f"--base-path={git_root}", str(git_root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for(lambda: _listening(port), 20, "git daemon")
        yield work, f"git://127.0.0.1:{port}/{CONTENT}.git"
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)  # the daemon and any connection it forked
        daemon.wait(timeout=10)


def _publish(work: Path, bare: Path, message: str) -> None:
    """Commit everything in ``work`` as the course admin and push it to ``bare``."""
    ident = ["-c", "user.name=Course Admin", "-c", "user.email=admin@example.org"]
    for command in (["add", "."], [*ident, "commit", "--quiet", "-m", message],
                    ["push", "--quiet", str(bare), "main"]):
        subprocess.run(["git", "-C", str(work), *command], check=True, capture_output=True)


def _git_pull(hub: Hub, learner: str, repo: str) -> list[str]:
    """nbgitpuller's pull API as the learner; return the phases it reported."""
    response = hub.get(learner, "git-pull/api", stream=True,
                       params={"repo": repo, "branch": "main", "targetpath": CONTENT})
    assert response.status_code == 200
    phases = []
    with response:
        for line in response.iter_lines(decode_unicode=True):
            if line and line.startswith("data: "):
                event = json.loads(line.removeprefix("data: "))
                phases.append(event["phase"])
                assert event["phase"] != "error", event
                if event["phase"] == "finished":
                    break
    return phases


def test_nbgitpuller_gives_learners_the_course_and_keeps_their_changes(
        hub: Hub, content_repo: tuple[Path, str]) -> None:
    """The hub-link opens the pull page; a later update arrives and keeps the learner's edit."""
    work, repo = content_repo
    learner = hub.learners[0]
    # The learner logs in with their Unix password (PAM) in a browser-like session and opens
    # the link: hub -> user-redirect -> their server's nbgitpuller page.
    password = secrets.token_urlsafe(16)
    subprocess.run(["chpasswd"], input=f"{learner}:{password}", text=True, check=True)
    with requests.Session() as browser:
        browser.get(f"{hub.url}/hub/login", timeout=30)
        response = browser.post(f"{hub.url}/hub/login", timeout=60, data={
            "username": learner, "password": password, "_xsrf": browser.cookies.get("_xsrf", "")})
        assert response.status_code == 200, hub.log()
        assert response.url.split("?")[0] == hub.user_url(learner, "lab")  # the default URL
        link = hub_link(hub.url, repo, path="course/07-boundaries-and-dual-roles.ipynb")
        page = browser.get(link, timeout=60)
        assert page.status_code == 200
        assert page.url.split("?")[0] == hub.user_url(learner, "git-pull")
        assert "lab/tree/peer-ethics-course/course/07-boundaries-and-dual-roles.ipynb" in page.text
    assert _git_pull(hub, learner, repo)[-1] == "finished"
    listing = hub.get(learner, f"api/contents/{CONTENT}/course").json()["content"]
    assert [item["name"] for item in listing] == ["07-boundaries-and-dual-roles.ipynb"]

    # The learner writes a note in the module; the instructor then changes the same cell and
    # adds a handout. Pulling again brings the handout and keeps the learner's note.
    path = f"api/contents/{CONTENT}/course/07-boundaries-and-dual-roles.ipynb"
    nb = nbformat.from_dict(hub.get(learner, path).json()["content"])
    nb.cells[0].source += "\n\nMy note: ask my supervisor about the gift policy."
    response = hub.sessions[learner].put(hub.user_url(learner, path), timeout=60,
                                         json={"type": "notebook", "format": "json", "content": nb})
    assert response.status_code == 200
    upstream = work / "course" / "07-boundaries-and-dual-roles.ipynb"
    mine = nbformat.read(upstream, as_version=4)
    mine.cells[0].source += "\n\nUpdated by the instructor."
    nbformat.write(mine, upstream)
    (work / "handout.md").write_text("# Handout\n\nBring one question to the next session.\n")
    _publish(work, hub.tmp / "git" / f"{CONTENT}.git", "Week 2")
    assert _git_pull(hub, learner, repo)[-1] == "finished"
    names = sorted(item["name"] for item in hub.get(learner, f"api/contents/{CONTENT}").json()["content"])
    assert names == ["course", "handout.md", "widgets"]
    first_cell = hub.get(learner, path).json()["content"]["cells"][0]["source"]
    assert first_cell.endswith("My note: ask my supervisor about the gift policy.")
    assert "Updated by the instructor." not in first_cell  # same lines changed: the learner's win


def test_learners_open_the_apps_with_voila(hub: Hub, content_repo: tuple[Path, str]) -> None:
    """Voila renders a pulled app on the learner's server with the kit template, code hidden."""
    learner = hub.learners[1]
    _, repo = content_repo
    assert _git_pull(hub, learner, repo)[-1] == "finished"
    response = hub.get(learner, f"voila/render/{CONTENT}/widgets/boundary_sorter.ipynb")
    assert response.status_code == 200, hub.log()
    assert "Boundary sorter" in response.text
    assert "boundary_sorter()" not in response.text  # strip_sources: no code reaches the page
    # The kit's template: nothing loaded from another host (Voila's own template uses CDNs).
    assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', response.text) == []
    assert "peer-ethics" in response.text
