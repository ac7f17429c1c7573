"""nbgrader settings for every server of the course, learners' and instructors' alike.

The hub sets both variables for each server (instructor/jupyterhub/jupyterhub_config.py).
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

# Where released assignments, submissions and feedback pass between users.
c.Exchange.root = os.environ.get("PEER_ETHICS_EXCHANGE", "/srv/nbgrader/exchange")
# The course id (assessments/nbgrader_config.py uses the same variable and default).
c.CourseDirectory.course_id = os.environ.get("PEER_ETHICS_COURSE_ID", "peer-ethics")
