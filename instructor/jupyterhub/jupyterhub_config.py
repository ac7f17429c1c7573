"""JupyterHub for one Peer Support Ethics Kit course on one machine, with real Unix users.

Run as root (the hub starts each user's server as that user):

    sudo PEER_ETHICS_INSTRUCTORS=alex PEER_ETHICS_LEARNERS=sam,kim \
        /opt/peer-ethics/venv/bin/jupyterhub -f instructor/jupyterhub/jupyterhub_config.py

Step-by-step guide: instructor/jupyterhub/README.md. Settings come from these environment
variables (default in brackets): set them where the hub starts (the shell, or Environment= lines
of a systemd service), or write them into the "Course settings" block below.

  PEER_ETHICS_INSTRUCTORS     instructors' Unix user names, comma-separated; they get formgrader.
                              The first is the course owner: the course folder and the course's
                              exchange folder belong to them. [none]
  PEER_ETHICS_LEARNERS        learners' Unix user names, comma-separated. [none]
  PEER_ETHICS_LEARNER_GROUP   a Unix group whose members may also log in as learners. [peer-ethics]
  PEER_ETHICS_COURSE_ID       nbgrader course id. [peer-ethics]
  PEER_ETHICS_COURSE_DIR      the instructors' nbgrader course folder; it must be inside the
                              course owner's home (formgrader's rule). [~owner/peer-ethics-course]
  PEER_ETHICS_EXCHANGE        nbgrader exchange root. [/srv/nbgrader/exchange]
  PEER_ETHICS_PYTHON_ENV      Python env that runs every user's server; every user must be able
                              to read it. [/opt/peer-ethics/venv, made by scripts/hub-deps]
  PEER_ETHICS_PROXY           configurable-http-proxy command.
                              [/opt/peer-ethics/node/node_modules/.bin/configurable-http-proxy]
  PEER_ETHICS_HUB_URL         where the hub listens for browsers. [http://:8000, every address]
  PEER_ETHICS_HUB_STATE       hub database, cookie secret, proxy pid (root only). [/srv/peer-ethics/hub]
  PEER_ETHICS_JUPYTER_CONFIG  the common/, learner/ and instructor/ Jupyter config folders;
                              every user must be able to read them. [jupyter-config/ beside this file]
"""

import os
from pathlib import Path

from peer_ethics.hub import (
    INSTRUCTORS_GROUP,
    check_readable_by_all,
    make_private,
    prepare_course_dir,
    prepare_exchange,
    server_environment,
    settings_from_env,
)

# --- Course settings -----------------------------------------------------------------------
# Values set where the hub starts win over these lines; uncomment and edit to keep them here.
# os.environ.setdefault("PEER_ETHICS_INSTRUCTORS", "alex")
# os.environ.setdefault("PEER_ETHICS_LEARNERS", "sam,kim,lee")
# os.environ.setdefault("PEER_ETHICS_EXCHANGE", "/srv/nbgrader/exchange")

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
HERE = Path(__file__).resolve().parent  # instructor/jupyterhub/ in the kit
KIT = HERE.parent.parent
course = settings_from_env(os.environ, HERE)

# --- Where the hub listens and keeps its state --------------------------------------------
c.JupyterHub.bind_url = course.bind_url
course.state_dir.mkdir(parents=True, exist_ok=True)
course.state_dir.chmod(0o700)
c.JupyterHub.db_url = f"sqlite:///{course.state_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(course.state_dir / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(course.state_dir / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.command = [course.proxy]

# --- Who may log in ----------------------------------------------------------------------
# Unix passwords (PAM). Learners are the names listed plus the members of the learner group;
# instructors form the hub group "instructors", which gets formgrader (see below).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(course.instructors) | set(course.learners)
c.LocalAuthenticator.allowed_groups = {course.learner_group}
c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": list(course.instructors)}}

# --- Each user's server --------------------------------------------------------------------
# A JupyterLab started as that Unix user, from the course's Python env, in their home folder.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(course.python_env / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 60
check_readable_by_all(course.jupyter_config)


def course_environment(spawner):  # type: ignore[no-untyped-def]
    """Before a server starts: keep the user's home private, give it the course settings.

    Instructors' servers get formgrader on the course folder; learners' servers get the
    assignment list and Voila, with formgrader and the instructor tools switched off
    (jupyter-config/learner). Both get the exchange and course id (jupyter-config/common).
    """
    user = spawner.user
    home = Path(os.path.expanduser(f"~{user.name}"))
    if home.is_dir() and make_private(home):
        spawner.log.info("made %s private (0700): learners must not read each other's work", home)
    is_instructor = any(group.name == INSTRUCTORS_GROUP for group in user.groups)
    role = "instructor" if is_instructor else "learner"
    spawner.environment = {**spawner.environment, **server_environment(course, role)}


c.Spawner.pre_spawn_hook = course_environment

# --- The course's folders (the hub runs as root, so it makes them once, with the right owner) --
if course.owner is not None:
    # The exchange: world-writable root, the course's folder owned by the course owner.
    prepare_exchange(course.exchange, course.course_id, course.owner)
    # The course folder: a copy of the kit's assessments/ (config and masters) when missing;
    # an existing folder is never touched.
    prepare_course_dir(course.resolved_course_dir(), KIT / "assessments", course.owner)
