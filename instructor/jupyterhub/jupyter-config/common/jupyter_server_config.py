"""Jupyter server settings for every server of the course: Voila shows the kit's apps."""

c = get_config()  # noqa: F821 - provided by traitlets when the server loads this file

# The kit's Voila template (no CDN links, projector styles); the hub puts its folder on
# JUPYTER_PATH. Learners open an app at /user/<name>/voila/render/<folder>/<notebook>.
c.VoilaConfiguration.template = "peer-ethics"
c.VoilaConfiguration.allow_template_override = "NO"
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
# These JupyterLab extensions raise errors inside Voila's page (see peer_ethics.voila.serve).
c.VoilaConfiguration.extension_denylist = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
]
