"""nbgrader settings for instructors' servers: the course folder formgrader works on.

The hub sets PEER_ETHICS_COURSE_DIR (default ~<course owner>/peer-ethics-course). nbgrader then
also loads that folder's own nbgrader_config.py: the kit's grading pipeline.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

if os.environ.get("PEER_ETHICS_COURSE_DIR"):
    c.CourseDirectory.root = os.environ["PEER_ETHICS_COURSE_DIR"]
