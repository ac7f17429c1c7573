"""Learner-facing Voila serving: staging, configuration, offline kit template."""
