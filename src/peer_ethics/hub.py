"""A course on JupyterHub (one machine, real Unix users): settings, folders, nbgitpuller links.

``instructor/jupyterhub/jupyterhub_config.py`` reads its settings with
:func:`settings_from_env`, prepares the nbgrader exchange and the course folder with
:func:`prepare_exchange` and :func:`prepare_course_dir`, and gives each user's server its
environment with :func:`server_environment`. ``peer-ethics hub-link`` prints
:func:`hub_link`. The guide is ``instructor/jupyterhub/README.md``.

Permission rules encoded here come from nbgrader's exchange (``nbgrader/exchange/default``,
0.9): the exchange root is world-writable; ``<root>/<course_id>`` must be owned by the
instructor who releases (nbgrader refuses a course folder it does not own); ``inbound`` is
write-only for learners (0733), so submissions are hidden by their random names; released
feedback files are named by a hash of a secret only the submitting learner holds, in a folder
learners can enter but not list (0711).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

__all__ = [
    "ENV_DEFAULTS",
    "INSTRUCTORS_GROUP",
    "HubSettings",
    "check_readable_by_all",
    "hub_link",
    "make_private",
    "prepare_course_dir",
    "prepare_exchange",
    "release_feedback_modes",
    "server_environment",
    "settings_from_env",
]

#: Environment variables the hub config reads, with their defaults ("" = none).
ENV_DEFAULTS: dict[str, str] = {
    "PEER_ETHICS_INSTRUCTORS": "",
    "PEER_ETHICS_LEARNERS": "",
    "PEER_ETHICS_LEARNER_GROUP": "peer-ethics",
    "PEER_ETHICS_COURSE_ID": "peer-ethics",
    "PEER_ETHICS_COURSE_DIR": "",
    "PEER_ETHICS_EXCHANGE": "/srv/nbgrader/exchange",
    "PEER_ETHICS_PYTHON_ENV": "/opt/peer-ethics/venv",
    "PEER_ETHICS_PROXY": "/opt/peer-ethics/node/node_modules/.bin/configurable-http-proxy",
    "PEER_ETHICS_HUB_URL": "http://:8000",
    "PEER_ETHICS_HUB_STATE": "/srv/peer-ethics/hub",
    "PEER_ETHICS_JUPYTER_CONFIG": "",
}

#: The JupyterHub group whose members get formgrader.
INSTRUCTORS_GROUP = "instructors"

#: Folder name of the course in the course owner's home when PEER_ETHICS_COURSE_DIR is unset.
DEFAULT_COURSE_FOLDER = "peer-ethics-course"

# POSIX portable user names (what useradd accepts by default), without nbgrader's '+' and '*'.
_USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
_COURSE_ID = re.compile(r"[A-Za-z0-9_-]+")


def _names(variable: str, value: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    bad = [n for n in names if not _USER_NAME.fullmatch(n)]
    if bad:
        raise ValueError(f"{variable}: {', '.join(map(repr, bad))} is not a Unix user name "
                         "(lower-case letters, digits, '_' or '-', starting with a letter or '_')")
    return names


@dataclass(frozen=True)
class HubSettings:
    """One course's hub settings (see :data:`ENV_DEFAULTS` for the variables and defaults).

    Attributes
    ----------
    instructors : tuple of str
        Unix user names that get formgrader; the first is the course owner.
    learners : tuple of str
        Unix user names allowed to log in as learners (members of ``learner_group`` may too).
    learner_group : str
        A Unix group whose members may log in as learners.
    course_id : str
        nbgrader course id (``assessments/nbgrader_config.py`` uses the same default).
    course_dir : Path or None
        The instructors' nbgrader course folder; None means ``~<owner>/peer-ethics-course``
        (formgrader needs it inside the owner's home, the server's root folder).
    exchange : Path
        nbgrader exchange root shared by everyone.
    python_env : Path
        Python environment whose ``bin/jupyterhub-singleuser`` runs every user's server; every
        user must be able to read it (``scripts/hub-deps`` makes one in ``/opt/peer-ethics``).
    proxy : str
        configurable-http-proxy command.
    bind_url : str
        Where the hub listens for browsers.
    state_dir : Path
        Hub database, cookie secret and proxy pid file (root only).
    jupyter_config : Path
        Folder holding ``common/``, ``learner/`` and ``instructor/`` Jupyter config folders.
    """

    instructors: tuple[str, ...]
    learners: tuple[str, ...]
    learner_group: str
    course_id: str
    course_dir: Path | None
    exchange: Path
    python_env: Path
    proxy: str
    bind_url: str
    state_dir: Path
    jupyter_config: Path

    @property
    def owner(self) -> str | None:
        """The course owner (first instructor), or None when no instructor is named."""
        return self.instructors[0] if self.instructors else None

    def resolved_course_dir(self) -> Path | None:
        """The course folder: ``course_dir``, else ``peer-ethics-course`` in the owner's home.

        Returns None when neither is known (no course dir and no owner). Raises KeyError when
        the owner has no Unix account.
        """
        if self.course_dir is not None:
            return self.course_dir
        if self.owner is None:
            return None
        return Path(_account(self.owner).pw_dir) / DEFAULT_COURSE_FOLDER


def settings_from_env(environ: Mapping[str, str], config_dir: Path) -> HubSettings:
    """Read :class:`HubSettings` from ``environ`` (unset or empty variables take the defaults).

    Parameters
    ----------
    config_dir : Path
        The folder of ``jupyterhub_config.py``; ``jupyter-config/`` beside it is the default
        for ``PEER_ETHICS_JUPYTER_CONFIG``.

    Raises
    ------
    ValueError
        A user name or the course id is malformed, or one person is both instructor and learner.
    """

    def get(name: str) -> str:
        return environ.get(name) or ENV_DEFAULTS[name]

    instructors = _names("PEER_ETHICS_INSTRUCTORS", get("PEER_ETHICS_INSTRUCTORS"))
    learners = _names("PEER_ETHICS_LEARNERS", get("PEER_ETHICS_LEARNERS"))
    both = sorted(set(instructors) & set(learners))
    if both:
        raise ValueError(f"{', '.join(both)} listed as both instructor and learner; choose one "
                         "(an instructor sees every learner's grades)")
    course_id = get("PEER_ETHICS_COURSE_ID")
    if not _COURSE_ID.fullmatch(course_id):
        raise ValueError(f"PEER_ETHICS_COURSE_ID={course_id!r}: use letters, digits, '_' or '-'")
    course_dir = get("PEER_ETHICS_COURSE_DIR")
    jupyter_config = get("PEER_ETHICS_JUPYTER_CONFIG")
    return HubSettings(
        instructors=instructors,
        learners=learners,
        learner_group=get("PEER_ETHICS_LEARNER_GROUP"),
        course_id=course_id,
        course_dir=Path(course_dir) if course_dir else None,
        exchange=Path(get("PEER_ETHICS_EXCHANGE")),
        python_env=Path(get("PEER_ETHICS_PYTHON_ENV")),
        proxy=get("PEER_ETHICS_PROXY"),
        bind_url=get("PEER_ETHICS_HUB_URL"),
        state_dir=Path(get("PEER_ETHICS_HUB_STATE")),
        jupyter_config=Path(jupyter_config) if jupyter_config else config_dir / "jupyter-config",
    )


def server_environment(settings: HubSettings, role: str) -> dict[str, str]:
    """Environment variables for one user's server.

    Parameters
    ----------
    role : {"learner", "instructor"}
        Learners get ``jupyter-config/learner`` (formgrader and the instructor lab extensions
        off); instructors get ``jupyter-config/instructor`` (their nbgrader course folder).
        Both get ``jupyter-config/common`` (exchange root and course id for nbgrader, Voila).

    Returns
    -------
    dict
        ``JUPYTER_CONFIG_PATH``, ``PATH`` and ``VIRTUAL_ENV`` (the course env first), the
        course id and exchange, ``JUPYTER_PATH`` (the kit's Voila template) when the env holds
        the kit, and ``PEER_ETHICS_COURSE_DIR`` for instructors.

    Raises
    ------
    ValueError
        Unknown role.
    """
    if role not in ("learner", "instructor"):
        raise ValueError(f"role must be 'learner' or 'instructor', not {role!r}")
    env = settings.python_env
    values = {
        "JUPYTER_CONFIG_PATH": os.pathsep.join(
            [str(settings.jupyter_config / role), str(settings.jupyter_config / "common")]),
        "PATH": os.pathsep.join([str(env / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "VIRTUAL_ENV": str(env),
        "PEER_ETHICS_COURSE_ID": settings.course_id,
        "PEER_ETHICS_EXCHANGE": str(settings.exchange),
    }
    # Voila finds the kit's template under <dir>/voila/templates for each dir on JUPYTER_PATH.
    kit_package = sorted(env.glob("lib/python3*/site-packages/peer_ethics"))
    if kit_package:
        values["JUPYTER_PATH"] = str(kit_package[-1])
    if role == "instructor":
        course_dir = settings.resolved_course_dir()
        if course_dir is not None:
            values["PEER_ETHICS_COURSE_DIR"] = str(course_dir)
    return values


def _account(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        raise KeyError(f"no Unix account {name!r}: create it first (useradd -m {name})") from None


def _chown(path: Path, owner: str) -> None:
    entry = _account(owner)
    os.chown(path, entry.pw_uid, entry.pw_gid)


def prepare_exchange(root: Path, course_id: str, owner: str) -> Path:
    """Make the exchange root (mode 1777) and the course's folder in it, owned by ``owner``.

    The sticky bit stops anyone but its owner from renaming or deleting the course folder; making
    the folder up front stops a learner from creating it first (nbgrader would then refuse to
    release into a folder the instructor does not own). Never changes an existing course folder.

    Returns
    -------
    Path
        ``root / course_id``.

    Raises
    ------
    KeyError
        ``owner`` has no Unix account.
    PermissionError
        The course folder exists and belongs to someone else (remove it, then restart the hub).
    """
    uid = _account(owner).pw_uid
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o1777)
    course = root / course_id
    if not course.exists():
        course.mkdir()
        if os.geteuid() == 0:
            _chown(course, owner)
        course.chmod(0o755)
    elif course.stat().st_uid != uid:
        raise PermissionError(
            f"{course} belongs to uid {course.stat().st_uid}, not to the course owner {owner}: "
            "check what is in it, remove it, and restart the hub")
    return course


def prepare_course_dir(course_dir: Path, kit_assessments: Path, owner: str) -> bool:
    """Create the course folder from the kit's ``assessments/`` when it does not exist yet.

    Copies ``nbgrader_config.py``, ``source/`` and ``specs/`` (no learners' work, no gradebook),
    owned by ``owner`` with mode 0700. An existing folder is never touched: it holds grades.

    Returns
    -------
    bool
        True when the folder was created.

    Raises
    ------
    FileNotFoundError
        ``kit_assessments`` has no ``nbgrader_config.py``.
    """
    if course_dir.exists():
        return False
    config = kit_assessments / "nbgrader_config.py"
    if not config.is_file():
        raise FileNotFoundError(f"{kit_assessments} is not the kit's course: no nbgrader_config.py")
    course_dir.mkdir(parents=True)
    shutil.copy2(config, course_dir / config.name)
    for name in ("source", "specs"):
        if (kit_assessments / name).is_dir():
            shutil.copytree(kit_assessments / name, course_dir / name)
    for path in [course_dir, *course_dir.rglob("*")]:
        if os.geteuid() == 0:
            _chown(path, owner)
        path.chmod(0o700 if path.is_dir() else 0o600)
    return True


def make_private(path: Path) -> bool:
    """Remove group and other access from ``path`` (a home folder); True when it changed.

    Debian's ``useradd -m`` makes homes 0755, so any learner could read another's answers
    and the nbgrader cache that holds the secret naming their feedback.
    """
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077 == 0:
        return False
    path.chmod(mode & 0o700)
    return True


def check_readable_by_all(path: Path) -> None:
    """Make sure every user can reach ``path``: each folder above it is o+x, it and all it
    holds are o+r (folders o+rx). Users' servers read their Jupyter config from there.

    Raises
    ------
    PermissionError
        Naming the first path that is not, and what to do.
    """
    path = path.resolve()
    for parent in reversed(path.parents):
        if not parent.stat().st_mode & stat.S_IXOTH:
            raise PermissionError(
                f"{parent} is not searchable by other users, so learners' servers cannot read "
                f"{path}: put the kit (or PEER_ETHICS_JUPYTER_CONFIG) in a folder every user can "
                "read, such as /opt/peer-ethics")
    for item in [path, *path.rglob("*")]:
        need = stat.S_IROTH | (stat.S_IXOTH if item.is_dir() else 0)
        if item.stat().st_mode & need != need:
            raise PermissionError(f"{item} is not readable by other users: chmod -R a+rX {path}")


def release_feedback_modes(feedback_dir: Path) -> list[Path]:
    """Make released feedback files readable (0644) in the exchange's ``feedback`` folder.

    nbgrader copies the mode of the instructor's feedback file, which the kit keeps owner-only
    (0600), so the learner could not open it. The folder itself stays 0711 (enter, not list)
    and each file is named by a hash of a secret only its learner holds, so 0644 there shows
    it to that learner only (nbgrader's design). Only the caller's own files are changed.

    Returns
    -------
    list of Path
        The files whose mode changed, sorted.
    """
    changed = []
    for path in sorted(feedback_dir.glob("*.html")):
        info = path.stat()
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != 0o644:
            path.chmod(0o644)
            changed.append(path)
    return changed


def hub_link(hub_url: str, repo: str, *, branch: str = "main", path: str = "", app: str = "lab",
             target: str | None = None) -> str:
    """Return an nbgitpuller link that copies ``repo`` into the learner's home and opens it.

    The link has nbgitpuller's documented shape
    ``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...&targetpath=...``
    (values percent-encoded). Clicking it again later pulls the instructor's updates and
    keeps the learner's own changes (see ``instructor/jupyterhub/README.md``).

    Parameters
    ----------
    hub_url : str
        The hub's address, with any base URL (``https://hub.example.org``).
    repo : str
        A git repository learners can clone (an https URL, or a path on the hub machine).
    branch : str
        Branch to pull.
    path : str
        File or folder inside the repository to open (default: the repository's top folder).
    app : {"lab", "voila"}
        Open in JupyterLab, or render a notebook with Voila (``path`` must be a notebook).
    target : str, optional
        Folder name in the learner's home (default: the repository's name without ``.git``).

    Raises
    ------
    ValueError
        The hub address is not http(s), the folder name is empty or has a '/', the app is
        unknown, or Voila was asked for without a notebook path.
    """
    hub = hub_url.rstrip("/")
    if not re.match(r"https?://[^/]+", hub):
        raise ValueError(f"the hub address must start with http:// or https://, not {hub_url!r}")
    folder = target if target is not None else repo.rstrip("/").split("/")[-1].removesuffix(".git")
    if not folder or "/" in folder or folder in (".", ".."):
        raise ValueError(f"cannot use {folder!r} as the folder in the learner's home; pass --target")
    inner = "/".join(p for p in (folder, path.strip("/")) if p)
    if app == "lab":
        urlpath = f"lab/tree/{inner}"
    elif app == "voila":
        if not path.endswith(".ipynb"):
            raise ValueError("Voila opens one notebook: give --path to a .ipynb file")
        urlpath = f"voila/render/{inner}"
    else:
        raise ValueError(f"app must be 'lab' or 'voila', not {app!r}")
    query = urlencode([("repo", repo), ("branch", branch), ("urlpath", urlpath),
                       ("targetpath", folder)], quote_via=quote, safe="")
    return f"{hub}/hub/user-redirect/git-pull?{query}"
