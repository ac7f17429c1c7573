"""Grading: reflection scoring, nbgrader preprocessors, instructor workflow, demo cohort."""
