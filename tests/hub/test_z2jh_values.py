"""The Kubernetes values (instructor/kubernetes/values.yaml) for the Zero to JupyterHub chart.

``helm template`` cannot run here (no helm binary for this Python in the package registries the
project uses, and the chart archive is on none of them), so these tests check what can be
checked without a cluster:

- values.yaml against values.schema.json, our strict subset of the chart 4.x schema;
- the memory guarantee and limit against what benchmarks/learner_memory.py measured
  (instructor/kubernetes/measurements.yaml), and the sizing comment against the same figures;
- hub.extraConfig's role hook, run with traitlets' Config and stand-in spawners;
- singleuser.extraFiles, written to a temporary folder in place of their mount paths: the
  nbgrader config loaded by traitlets, and the learner/instructor Jupyter config served by a
  real ``jupyter lab`` (formgrader off for learners, on for instructors; Voila with the kit's
  template).
"""

from __future__ import annotations

import copy
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config, PyFileConfigLoader

from conftest import KIT

HERE = KIT / "instructor" / "kubernetes"
MIB = 1024 * 1024


class _UniqueKeys(yaml.SafeLoader):
    """YAML loader that rejects a key given twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = sorted({str(k) for k in keys if keys.count(k) > 1})
        if duplicates:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicates}",
                                                    node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return _yaml(HERE / "values.yaml")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads((HERE / "values.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    return _yaml(HERE / "measurements.yaml")


def _errors(schema: dict[str, Any], doc: Any) -> list[str]:
    """Schema violations as 'a.b.c: message', sorted."""
    validator = jsonschema.Draft7Validator(schema)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc))


def _bytes(spec: str | int) -> int:
    """A KubeSpawner memory size in bytes: K, M, G, T are powers of 1024 (JupyterHub's
    ByteSpecification, which KubeSpawner's mem_limit and mem_guarantee use)."""
    if isinstance(spec, int):
        return spec
    units = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([KMGT])", spec)
    assert match, f"{spec!r} is not a KubeSpawner memory size"
    return int(float(match.group(1)) * units[match.group(2)])


# --- The schema ----------------------------------------------------------------------------


def test_values_file_matches_our_schema_of_the_chart(values: dict[str, Any], schema: dict[str, Any]) -> None:
    """values.yaml has no duplicate key and satisfies values.schema.json (a valid draft-07 schema)."""
    jsonschema.Draft7Validator.check_schema(schema)
    assert _errors(schema, values) == []


@pytest.mark.parametrize(("path", "value", "error"), [
    (("singleuser", "memory", "limt"), "1G",
     "singleuser.memory: Additional properties are not allowed ('limt' was unexpected)"),
    (("singleuser", "memory", "limit"), "1Gi",
     "singleuser.memory.limit: '1Gi' is not valid under any of the given schemas"),
    (("hub", "db", "password"), "secret",
     "hub.db: Additional properties are not allowed ('password' was unexpected)"),
    (("hub", "db", "type"), "sqlite-pvc", "hub.db.type: 'postgres' was expected"),
    (("cull", "timeout"), "1h", "cull.timeout: '1h' is not of type 'integer'"),
    (("singleuser", "storage", "extraVolume"), [],
     "singleuser.storage: Additional properties are not allowed ('extraVolume' was unexpected)"),
    (("proxy",), {}, ": Additional properties are not allowed ('proxy' was unexpected)"),
])
def test_schema_rejects_misspelled_or_mistyped_keys(
    values: dict[str, Any], schema: dict[str, Any], path: tuple[str, ...], value: Any, error: str,
) -> None:
    """A misspelled key, a k8s-style '1Gi' KubeSpawner cannot read, a password in the file,
    or a key this kit does not use is reported with its path."""
    doc = copy.deepcopy(values)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert _errors(schema, doc) == [error]


def test_an_extra_file_needs_exactly_one_content(values: dict[str, Any], schema: dict[str, Any]) -> None:
    """An extraFiles entry with both data and stringData is refused, as the chart refuses it."""
    doc = copy.deepcopy(values)
    doc["singleuser"]["extraFiles"]["common-server-config"]["stringData"] = "{}"
    errors = _errors(schema, doc)
    assert len(errors) == 1
    assert errors[0].startswith("singleuser.extraFiles.common-server-config: ")
    assert "is valid under each of" in errors[0]


# --- Sizing from the measurements --------------------------------------------------------


def test_memory_limit_and_guarantee_cover_the_measured_figures(
    values: dict[str, Any], measured: dict[str, Any],
) -> None:
    """The limit holds the largest one-module figure and all ten modules open at once; the
    guarantee holds the largest one-module figure (server + one kernel)."""
    largest = max(m["server_and_kernel_rss_mib"] for m in measured["modules"].values())
    limit = _bytes(values["singleuser"]["memory"]["limit"]) / MIB
    guarantee = _bytes(values["singleuser"]["memory"]["guarantee"]) / MIB
    assert limit >= largest
    assert limit >= measured["all_modules_open_rss_mib"]
    assert guarantee >= largest
    assert guarantee > measured["idle_server_rss_mib"]
    assert limit > guarantee


def test_every_module_of_the_course_was_measured(measured: dict[str, Any]) -> None:
    """measurements.yaml has a figure for each notebook in course/ (after adding or renaming a
    module, run `python benchmarks/learner_memory.py --write`)."""
    assert sorted(measured["modules"]) == sorted(p.stem for p in (KIT / "course").glob("*.ipynb"))


def test_sizing_comment_quotes_the_measurements(measured: dict[str, Any]) -> None:
    """The arithmetic in values.yaml's comment uses the committed figures."""
    text = (HERE / "values.yaml").read_text(encoding="utf-8")
    modules = measured["modules"]
    heaviest = max(modules, key=lambda m: modules[m]["server_and_kernel_rss_mib"])
    assert re.search(rf"#\s+idle server \(JupyterLab open, no kernel\)\s+{measured['idle_server_rss_mib']}\n",
                     text)
    assert re.search(rf"#\s+server \+ the heaviest module's kernel \(M{int(heaviest[:2])}\)\s+"
                     rf"{modules[heaviest]['server_and_kernel_rss_mib']}\s", text)
    assert re.search(rf"#\s+server \+ all ten modules' kernels alive at once\s+"
                     rf"{measured['all_modules_open_rss_mib']}\s", text)


# --- Shared storage ----------------------------------------------------------------------


def test_shared_volume_is_the_rwx_claim_of_shared_storage_yaml(values: dict[str, Any]) -> None:
    """Every server mounts the exchange folder of the ReadWriteMany claim that
    shared-storage.yaml creates; the kit folder is left to instructors (hub.extraConfig)."""
    docs = [d for d in yaml.safe_load_all((HERE / "shared-storage.yaml").read_text(encoding="utf-8")) if d]
    claim = next(d for d in docs if d["kind"] == "PersistentVolumeClaim")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    storage = values["singleuser"]["storage"]
    pe = values["custom"]["peerEthics"]
    assert storage["extraVolumes"] == [
        {"name": pe["shareVolume"], "persistentVolumeClaim": {"claimName": claim["metadata"]["name"]}},
    ]
    assert storage["extraVolumeMounts"] == [
        {"name": pe["shareVolume"], "mountPath": values["singleuser"]["extraEnv"]["PEER_ETHICS_EXCHANGE"],
         "subPath": "exchange"},
    ]
    job = next(d for d in docs if d["kind"] == "Job")
    volumes = job["spec"]["template"]["spec"]["volumes"]
    assert volumes[0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]


# --- hub.extraConfig ---------------------------------------------------------------------


def _run_extra_config(values: dict[str, Any], authenticator: str) -> Config:
    """Run hub.extraConfig as the chart does (after hub.config), with the chart's get_config."""
    c = Config()
    c.JupyterHub.authenticator_class = authenticator

    def get_config(key: str, default: Any = None) -> Any:
        node: Any = values
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return copy.deepcopy(node)

    namespace: dict[str, Any] = {"c": c, "get_config": get_config}
    for _name, source in sorted(values["hub"]["extraConfig"].items()):
        exec(compile(source, "hub.extraConfig", "exec"), namespace)
    return c


def _spawner(values: dict[str, Any], groups: list[str], mounts: Any) -> SimpleNamespace:
    user = SimpleNamespace(name="sam", groups=[SimpleNamespace(name=g) for g in groups])
    env = dict(values["singleuser"]["extraEnv"])
    return SimpleNamespace(user=user, environment=env, volume_mounts=mounts)


def test_hub_refuses_to_start_with_the_dummy_authenticator(values: dict[str, Any]) -> None:
    """The chart's default authenticator (any password) stops the hub with a clear message."""
    for name in ("dummy", "jupyterhub.auth.DummyAuthenticator"):
        with pytest.raises(ValueError, match=r"set hub\.config\.JupyterHub\.authenticator_class"):
            _run_extra_config(values, name)


def test_instructor_gets_gradebook_kit_folder_and_formgrader(values: dict[str, Any]) -> None:
    """An instructor's server: the gradebook URL from the k8s Secret, the shared kit checkout
    as course folder, and only the common config on its path (so formgrader stays on)."""
    hook = _run_extra_config(values, "generic-oauth").KubeSpawner.pre_spawn_hook
    home = {"name": "volume-{user_server}", "mountPath": "/home/jovyan"}
    spawner = _spawner(values, ["instructors"], [home])
    hook(spawner)
    assert spawner.environment == {
        "PEER_ETHICS_COURSE_ID": "peer-ethics",
        "PEER_ETHICS_EXCHANGE": "/srv/nbgrader/exchange",
        "JUPYTER_CONFIG_PATH": "/etc/peer-ethics/common",
        "JUPYTER_PATH": "/opt/peer-ethics/jupyter",
        "PEER_ETHICS_KIT": "/srv/peer-ethics/kit",
        "PEER_ETHICS_COURSE_DIR": "/srv/peer-ethics/kit/assessments",
        "PEER_ETHICS_DB_URL": {
            "valueFrom": {"secretKeyRef": {"name": "peer-ethics-gradebook", "key": "url"}}},
    }
    kit = {"name": "peer-ethics-share", "mountPath": "/srv/peer-ethics/kit", "subPath": "kit"}
    assert spawner.volume_mounts == [home, kit]
    # KubeSpawner 7 also takes volume_mounts as a dict (chart 4.3+): the mount is added by key.
    spawner = _spawner(values, ["instructors"], {"home": home})
    hook(spawner)
    assert spawner.volume_mounts == {"home": home, "peer-ethics-kit": kit}


def test_learner_keeps_the_learner_settings(values: dict[str, Any]) -> None:
    """Anyone outside the instructors group gets neither the gradebook nor the kit folder."""
    hook = _run_extra_config(values, "generic-oauth").KubeSpawner.pre_spawn_hook
    for groups in ([], ["learners"], ["instructors-helpers"]):
        spawner = _spawner(values, groups, [])
        hook(spawner)
        assert spawner.environment == values["singleuser"]["extraEnv"]
        assert "PEER_ETHICS_DB_URL" not in spawner.environment
        assert spawner.volume_mounts == []


# --- singleuser.extraFiles, written where they would be mounted ----------------------------


def _write_extra_files(values: dict[str, Any], root: Path) -> None:
    """Write each extraFiles entry under ``root`` at its mountPath (data rendered as JSON, as the
    chart renders it for a .json file name)."""
    for entry in values["singleuser"]["extraFiles"].values():
        path = root / entry["mountPath"].lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if "data" in entry:
            assert path.suffix == ".json", path
            path.write_text(json.dumps(entry["data"], indent=1), encoding="utf-8")
        else:
            path.write_text(entry["stringData"], encoding="utf-8")


def test_learner_config_comes_first_and_instructors_keep_only_the_common_config(
    values: dict[str, Any],
) -> None:
    """Learners' JUPYTER_CONFIG_PATH is the learner folder (instructor tools off), then the
    common folder; instructors get the common folder alone; every extra file is in one of them."""
    learner_dir, common_dir = values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"].split(":")
    assert values["custom"]["peerEthics"]["instructorConfigPath"] == common_dir
    files = values["singleuser"]["extraFiles"]
    assert {k for k, v in files.items() if v["mountPath"].startswith(learner_dir + "/")} == {
        "learner-server-config", "learner-lab-config"}
    assert {k for k, v in files.items() if v["mountPath"].startswith(common_dir + "/")} == {
        "nbgrader-config", "common-server-config"}
    assert len(files) == 4


def _load_nbgrader_config(path: Path) -> Config:
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


def test_nbgrader_config_gives_learners_the_exchange_only(
    values: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A learner's nbgrader: the shared exchange and course id, no course folder, no gradebook."""
    _write_extra_files(values, tmp_path)
    for name, value in values["singleuser"]["extraEnv"].items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PEER_ETHICS_COURSE_DIR", raising=False)
    monkeypatch.delenv("PEER_ETHICS_DB_URL", raising=False)
    config = _load_nbgrader_config(tmp_path / "etc/peer-ethics/common/nbgrader_config.py")
    assert config.Exchange.root == "/srv/nbgrader/exchange"
    assert config.CourseDirectory.course_id == "peer-ethics"
    assert "root" not in config.CourseDirectory and "db_url" not in config.CourseDirectory
    assert "Autograde" not in config


def test_nbgrader_config_gives_instructors_the_kit_course_and_gradebook(
    values: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An instructor's nbgrader also loads the kit's assessments/nbgrader_config.py: its course
    folder, the gradebook from PEER_ETHICS_DB_URL and the kit's grading pipeline."""
    _write_extra_files(values, tmp_path)
    for name, value in values["singleuser"]["extraEnv"].items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PEER_ETHICS_COURSE_DIR", str(KIT / "assessments"))
    monkeypatch.setenv("PEER_ETHICS_DB_URL", "postgresql+psycopg://grader@db.invalid/gradebook")
    config = _load_nbgrader_config(tmp_path / "etc/peer-ethics/common/nbgrader_config.py")
    assert config.CourseDirectory.root == str(KIT / "assessments")
    assert config.CourseDirectory.db_url == "postgresql+psycopg://grader@db.invalid/gradebook"
    assert config.CourseDirectory.course_id == "peer-ethics"
    assert config.Exchange.root == "/srv/nbgrader/exchange"
    assert config.Autograde.sanitize_preprocessors[0] == "peer_ethics.grading.safeguards.RepairSubmission"


# --- A real jupyter lab with the learner or the instructor config ------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server:
    """``jupyter lab`` on 127.0.0.1 with a given environment; plain HTTP helpers (no redirects)."""

    def __init__(self, root: Path, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.token = uuid.uuid4().hex
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={self.port}",
                   "--ip=127.0.0.1", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self._log = log.open("wb")
        self.log = log
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if self.get("/api/status")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"jupyter lab did not start:\n{log.read_text(errors='replace')[-3000:]}")

    def get(self, path: str, timeout: float = 60) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers={"Authorization": f"token {self.token}"})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()

    def page_config(self) -> dict[str, Any]:
        status, html = self.get("/lab")
        assert status == 200
        match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                          html, re.DOTALL)
        assert match, "no page config in /lab"
        return dict(json.loads(match.group(1)))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


@pytest.fixture(scope="module")
def pod_files(values: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder standing in for a user pod's file system: the extraFiles, the image's link to
    the kit's Voila template (JUPYTER_PATH), and a learner's home with one app notebook."""
    from peer_ethics.voila.serve import jupyter_data_dir

    fs = tmp_path_factory.mktemp("pod")
    _write_extra_files(values, fs)
    data = fs / values["singleuser"]["extraEnv"]["JUPYTER_PATH"].lstrip("/")
    data.mkdir(parents=True)
    (data / "voila").symlink_to(jupyter_data_dir() / "voila", target_is_directory=True)
    apps = fs / "home/jovyan/peer-ethics/widgets"
    apps.mkdir(parents=True)
    nb = new_notebook(cells=[new_code_cell('print("voila shows " + "the app")')])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, apps / "hello.ipynb")
    return fs


def _pod_env(values: dict[str, Any], fs: Path, tmp: Path, *, instructor: bool) -> dict[str, str]:
    """The server's environment: singleuser.extraEnv (changed as hub.extraConfig changes it for
    instructors) with its paths moved under ``fs``; per-user Jupyter folders under ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PEER_ETHICS"))}
    extra = values["singleuser"]["extraEnv"]
    config_path = (values["custom"]["peerEthics"]["instructorConfigPath"] if instructor
                   else extra["JUPYTER_CONFIG_PATH"])
    user = tmp / ("instructor" if instructor else "learner")
    env.update({
        "PEER_ETHICS_COURSE_ID": extra["PEER_ETHICS_COURSE_ID"],
        "PEER_ETHICS_EXCHANGE": str(tmp / "exchange"),
        "JUPYTER_CONFIG_PATH": os.pathsep.join(str(fs / p.lstrip("/")) for p in config_path.split(":")),
        "JUPYTER_PATH": str(fs / extra["JUPYTER_PATH"].lstrip("/")),
        "JUPYTER_CONFIG_DIR": str(user / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(user / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(user / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(user / "workspaces"),
        "IPYTHONDIR": str(user / "ipython"),
    })
    return env


@pytest.fixture
def server(values: dict[str, Any], pod_files: Path, tmp_path: Path,
           request: pytest.FixtureRequest) -> Iterator[_Server]:
    instructor = bool(request.param)
    home = tmp_path / "home"
    shutil.copytree(pod_files / "home/jovyan", home)
    srv = _Server(home, _pod_env(values, pod_files, tmp_path, instructor=instructor), tmp_path / "lab.log")
    try:
        yield srv
    finally:
        srv.stop()


NBGRADER_LAB_PLUGINS = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                        "@jupyter/nbgrader:create-assignment"}


@pytest.mark.slow
@pytest.mark.voila
@pytest.mark.parametrize("server", [False], indirect=True, ids=["learner"])
def test_learner_server_has_no_formgrader_and_serves_voila_apps(server: _Server) -> None:
    """With the learner config: formgrader and the course list answer 404 and their JupyterLab
    plugins are disabled; the assignment list works; Voila shows an app's output with the kit's
    offline template and without its source."""
    assert server.get("/formgrader")[0] == 404
    assert server.get("/formgraders")[0] == 404
    assert server.get("/assignments?course_id=peer-ethics")[0] == 200
    assert set(server.page_config()["disabledExtensions"]) >= NBGRADER_LAB_PLUGINS
    status, html = server.get("/voila/render/peer-ethics/widgets/hello.ipynb", timeout=120)
    assert status == 200, html[-2000:]
    assert "voila shows the app" in html
    assert '"voila shows " + "the app"' not in html
    assert "cdn.jsdelivr.net" not in html  # the stock lab template links Font Awesome there


@pytest.mark.slow
@pytest.mark.parametrize("server", [True], indirect=True, ids=["instructor"])
def test_instructor_server_has_formgrader(server: _Server) -> None:
    """With the instructors' config path (the common config only, as hub.extraConfig sets it):
    formgrader and the course list are served and no nbgrader plugin is disabled."""
    assert server.get("/formgrader")[0] == 302  # to its first page
    assert server.get("/formgraders")[0] == 200
    assert not NBGRADER_LAB_PLUGINS & set(server.page_config()["disabledExtensions"])
