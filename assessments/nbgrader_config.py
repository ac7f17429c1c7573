"""nbgrader configuration for the Peer Support Ethics Kit course.

The gradebook is the embedded SQLite file ``gradebook.db`` in this folder (nbgrader's default);
set ``PEER_ETHICS_DB_URL`` (for example ``postgresql://user@host/gradebook``) to use a server.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = here
c.CourseDirectory.course_id = os.environ.get("PEER_ETHICS_COURSE_ID", "peer-ethics")
if os.environ.get("PEER_ETHICS_DB_URL"):
    c.CourseDirectory.db_url = os.environ["PEER_ETHICS_DB_URL"]
# Exchange for release/collect on one machine; JupyterHub courses set their own shared root.
c.Exchange.root = os.environ.get("PEER_ETHICS_EXCHANGE", os.path.join(here, "exchange"))

# Learners are not programmers: an answer cell keeps only its `q1 = "?"` line, no code stub.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "Write your answer here, in place of this line."

# Autograde, stage 1 (sanitize): RepairSubmission comes first so nbgrader's own steps see one
# cell per grade_id with its released type (it fixes copies, splits, deletions and type
# changes in nbgrader's in-memory copy, never in the learner's submitted file).
c.Autograde.sanitize_preprocessors = [
    "peer_ethics.grading.safeguards.RepairSubmission",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Autograde, stage 2: nbgrader's pipeline with three kit steps. ResilientExecute is nbgrader's
# Execute that survives student code killing the kernel. ScoreReflections and ScoreQuizItems
# must run after SaveAutoGrades (which records nbgrader's own scores, resetting written answers
# to "needs manual grade") and before CheckCellMetadata (which validates the result).
# ScoreQuizItems grades lettered items from the typed answer, so kernel tricks cannot change it.
c.Autograde.autograde_preprocessors = [
    "peer_ethics.grading.safeguards.ResilientExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "peer_ethics.grading.nbgrader_plugin.ScoreReflections",
    "peer_ethics.grading.nbgrader_plugin.ScoreQuizItems",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Execute.timeout = 60  # seconds per cell; a cell that never finishes scores 0

# Feedback: hide the hidden tests (they hold the answer key) from the learner's feedback HTML.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
